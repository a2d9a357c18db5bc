"""Syntheses, review comments, reports, orientations and deliveries."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from api.models import OrientationStatus, ReportStatus, SynthesisKind, SynthesisStatus
from api.schemas.common import PersonRef, ReadModel, ReferenceNumber, WriteModel
from api.schemas.diagnostics import PlannedWork

Text = Annotated[str, Field(max_length=20000)]


class SynthesisWrite(WriteModel):
    content: Text
    works: list[PlannedWork] | None = Field(default=None, max_length=30,
                                            description="Technical synthesis only; defaults to the works plan.")
    version: int | None = Field(default=None, ge=1, description="Required to change an existing synthesis.")


class ReviewCommentCreate(WriteModel):
    body: Annotated[str, Field(min_length=1, max_length=4000)]
    quote: Annotated[str, Field(min_length=1, max_length=4000)] | None = Field(
        default=None, description="A passage of the synthesis to replace (a suggested change).")
    replacement: Annotated[str, Field(max_length=4000)] | None = None

    @model_validator(mode="after")
    def _pair(self) -> "ReviewCommentCreate":
        if (self.quote is None) != (self.replacement is None):
            raise ValueError("Une suggestion de modification donne le passage cité et son remplacement.")
        return self


class ReviewCommentRead(ReadModel):
    id: int
    author: PersonRef
    body: str
    quote: str | None
    replacement: str | None
    status: Literal["open", "accepted", "rejected"]
    created_at: datetime
    resolved_at: datetime | None


class SynthesisRead(ReadModel):
    id: int
    visit_id: int
    household_id: int
    kind: SynthesisKind
    owner: PersonRef
    status: SynthesisStatus
    version: int
    content: str
    works: list[PlannedWork]
    comments: list[ReviewCommentRead]
    allowed_actions: list[str]
    updated_at: datetime


class TransitionRequest(WriteModel):
    action: Annotated[str, Field(min_length=1, max_length=32)]
    version: int = Field(ge=1)
    reason: Annotated[str, Field(max_length=2000)] | None = None
    complementary_opinion: Annotated[str, Field(max_length=4000)] | None = None


class OrientationIn(WriteModel):
    kind: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{1,31}$")] = Field(
        description="A code of the orientation types catalogue (GET /orientation-types).")
    description: Annotated[str, Field(min_length=1, max_length=1000)]
    partner: Annotated[str, Field(max_length=200)] = ""


class OrientationRead(OrientationIn, ReadModel):
    id: int
    kind_label: str
    status: OrientationStatus


class ReportCreate(WriteModel):
    introduction: Annotated[str, Field(max_length=4000)] = ""
    orientations: list[OrientationIn] = Field(default_factory=list, max_length=30)


class ReportUpdate(WriteModel):
    version: int = Field(ge=1)
    introduction: Annotated[str, Field(max_length=4000)] | None = None
    orientations: list[OrientationIn] | None = Field(default=None, max_length=30)


class DeliveryRead(ReadModel):
    id: int
    recipient: Literal["household", "prescriber", "landlord"]
    channel: Literal["email", "post", "api"]
    address: str
    status: Literal["pending", "sent", "failed", "recorded"] = Field(
        description="pending: e-mail waiting in the outbox (« en attente »); failed: given up, may be retried.")
    error: str | None = Field(description="The last failure's class (e.g. ConnectionRefusedError), never remote text.")
    attempts: int
    at: datetime
    delivered_at: datetime | None
    by: PersonRef | None


class ReportRead(ReadModel):
    id: int
    household_id: int
    household_name: str
    visit_id: int
    visit_date: datetime
    number: int
    previous_id: int | None
    status: ReportStatus
    version: int
    author: PersonRef
    introduction: str
    family_synthesis: str
    technical_synthesis: str
    works: list[PlannedWork]
    orientations: list[OrientationRead]
    submitted_at: datetime | None
    validated_by: PersonRef | None
    validated_at: datetime | None
    returned_reason: str | None
    complementary_opinion: str | None
    sent_at: datetime | None
    allowed_actions: list[str]
    deliveries: list[DeliveryRead]
    consents: dict[str, bool] = Field(description="Current consent to share with the prescriber and the landlord.")
    email_available: bool = Field(default=False, description="Whether this server sends e-mail (else: post only).")
    reference_date: date | None = Field(
        default=None, description="Date of the reference values the report's figures were computed with, set when it "
        "is validated (GET /reports/{id}/analysis gives the figures and the values); null before validation.")


class FrozenReferenceRow(ReadModel):
    """One reference value in force on the report's reference date, as it stood then."""

    table: str
    key: str
    value: ReferenceNumber | None = Field(description="Null when the value was « à renseigner »; 6 decimals.")
    unit: str
    valid_from: date
    source: str


class FrozenFiguresRead(ReadModel):
    """The figures a validated report stands on, as they were computed when it was validated. A later
    correction of reference data (a new or corrected value) never changes them; a correction of the
    report is validated again, and frozen again with the values in force that day."""

    report_id: int
    frozen: bool = Field(description="False before validation, and for reports validated before figures were "
                                     "frozen (their figures can no longer be told).")
    note: str | None = Field(description="Why figures are missing (not yet validated, no works estimate, a value "
                                         "« à renseigner »), in French; null when nothing is missing.")
    reference_date: date | None = Field(description="The date whose reference values were used (the validation day).")
    validated_at: datetime | None
    income_hidden: bool = Field(description="True when the reader may not see income amounts: the analysis then "
                                            "shows bands and booleans, as the live analysis does.")
    analysis: dict[str, Any] | None = Field(
        description="The household's energy analysis (the `Analysis` of GET /households/{id}/analysis) as it stood "
                    "when the report was validated, with its own `reference_date`. Its shape follows the analysis "
                    "of that day: read the fields you know, leniently.")
    works_estimate: dict[str, Any] | None = Field(
        description="The works estimate (GET /households/{id}/works-estimate) of that day, when there was one.")
    reference_rows: list[FrozenReferenceRow] = Field(
        description="Every reference value in force on the reference date: table, key, value, unit, date, source.")


class QueueItem(ReadModel):
    id: int
    household_name: str
    commune: str
    author: PersonRef
    submitted_at: datetime
    visit_date: datetime
    days_since_visit: int


class DeliveryCreate(WriteModel):
    recipient: Literal["household", "prescriber", "landlord"]
    channel: Literal["email", "post", "api"] = Field(
        description="« api »: made available to the landlord's system (landlord only), which a webhook tells.")
    address: Annotated[str, Field(max_length=400)] | None = Field(
        default=None, description="E-mail or postal address; defaults to the one on file.")


class OutboxMessage(ReadModel):
    """A message the development mail backend wrote to the local outbox instead of sending it."""

    recipient: str
    subject: str
    created_at: datetime
    file_name: str
