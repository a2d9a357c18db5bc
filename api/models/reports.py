"""Syntheses, their cross-review, the report (compte-rendu), orientations and deliveries."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOwned


class SynthesisKind(StrEnum):
    family = "family"
    technical = "technical"


class SynthesisStatus(StrEnum):
    draft = "draft"
    in_review = "in_review"
    reviewed = "reviewed"
    final = "final"


class ReportStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    validated = "validated"
    sent = "sent"


class Synthesis(ProgrammeOwned, table=True):
    __table_args__ = (UniqueConstraint("visit_id", "kind", name="uq_synthesis_visit_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", ondelete="CASCADE", index=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    kind: SynthesisKind = Field(sa_type=String(16))
    owner_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    status: SynthesisStatus = Field(default=SynthesisStatus.draft, sa_type=String(16))
    version: int = 1
    content: str = Field(default="", max_length=20000)
    works: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReviewComment(ProgrammeOwned, table=True):
    """A precision or a suggested change from the other member of the pair."""

    __tablename__ = "review_comment"

    id: int | None = Field(default=None, primary_key=True)
    synthesis_id: int = Field(foreign_key="synthesis.id", ondelete="CASCADE", index=True)
    author_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    body: str = Field(max_length=4000)
    quote: str | None = Field(default=None, max_length=4000)
    replacement: str | None = Field(default=None, max_length=4000)
    status: str = Field(default="open", sa_type=String(16))  # open, accepted, rejected
    created_at: datetime = created_at_field()
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Report(ProgrammeOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    visit_id: int = Field(foreign_key="visit.id", ondelete="CASCADE", index=True)
    number: int = 1  # 1 for the first report of a visit, 2 for its first correction, ...
    previous_id: int | None = Field(default=None, foreign_key="report.id", ondelete="SET NULL")
    status: ReportStatus = Field(default=ReportStatus.draft, sa_type=String(16), index=True)
    version: int = 1
    author_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    introduction: str = Field(default="", max_length=4000)
    family_synthesis: str = Field(default="", max_length=20000)
    technical_synthesis: str = Field(default="", max_length=20000)
    works: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    validated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    validated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_reason: str | None = Field(default=None, max_length=2000)
    complementary_opinion: str | None = Field(default=None, max_length=4000)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
    # Frozen at validation (api/services/reports.py, `freeze_figures`): the figures the report stands on
    # and the reference values they were computed with, so a later correction of reference data never
    # changes a validated or sent document. Opaque JSON (model_dump(mode="json")), read back leniently.
    reference_date: date | None = None
    frozen_analysis: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    frozen_works_estimate: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    frozen_note: str | None = Field(default=None, max_length=500)  # what could not be frozen, and why
    frozen_reference_rows: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON)


class Delivery(ProgrammeOwned, table=True):
    """One copy of a report to one recipient: by e-mail (with the PDF), queued in the outbox and sent
    after the request (api/services/outbox.py), or recorded as posted / made available by API."""

    __table_args__ = (Index("ix_delivery_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", ondelete="CASCADE", index=True)
    recipient: str = Field(sa_type=String(16))  # household, prescriber, landlord
    channel: str = Field(sa_type=String(8))  # email, post, api (landlord's integration)
    address: str = Field(max_length=400)
    status: str = Field(sa_type=String(16))  # pending (e-mail queued), sent, failed (given up), recorded
    error: str | None = Field(default=None, max_length=1000)  # the last failure's class, never remote text
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    at: datetime = created_at_field()
    by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
