"""Visits of the pair, unavailability blocks, and calendar feed tokens."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field
from api.models.programmes import ProgrammeOwned


class VisitStatus(StrEnum):
    planned = "planned"
    done = "done"
    cancelled = "cancelled"
    no_show = "no_show"
    rescheduled = "rescheduled"


class UnavailabilityKind(StrEnum):
    leave = "leave"
    training = "training"
    meeting = "meeting"
    other = "other"


class Visit(ProgrammeOwned, table=True):
    __table_args__ = (
        Index("ix_visit_coordinator_start", "coordinator_id", "starts_at"),
        Index("ix_visit_advisor_start", "advisor_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", ondelete="SET NULL", index=True)
    coordinator_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    advisor_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    place: str = Field(default="", max_length=300)
    status: VisitStatus = Field(default=VisitStatus.planned, sa_type=String(16), index=True)
    rescheduled_to_id: int | None = Field(default=None, foreign_key="visit.id", ondelete="SET NULL")
    notes: str = Field(default="", max_length=4000)
    briefing_read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A visit that happened before it was entered (a paper backlog): created directly as done, with
    # why it was entered late (free text, scrubbed on erasure; the audit trail only keeps the flag).
    entered_afterwards: bool = Field(default=False)
    afterwards_reason: str | None = Field(default=None, max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class Unavailability(ProgrammeOwned, table=True):
    __table_args__ = (Index("ix_unavailability_user_start", "user_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    kind: UnavailabilityKind = Field(sa_type=String(16))
    label: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()


class CalendarFeed(ProgrammeOwned, table=True):
    """The secret behind a person's iCalendar URL; only its keyed hash is stored."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
