"""Syntheses, review comments, reports, orientations and deliveries."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from api.models import OrientationStatus, ReportStatus, SynthesisKind, SynthesisStatus
from api.schemas.common import PersonRef, ReadModel, WriteModel
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
