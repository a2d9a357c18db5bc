"""Visits, unavailability, the shared agenda and calendar feeds."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

from api.models import ReferralReason, UnavailabilityKind, VisitStatus
from api.schemas.common import PersonRef, ReadModel, Ref, WriteModel
from api.schemas.referrals import TriageNoteRead


def _ordered(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at and ends_at:
        if ends_at <= starts_at:
            raise ValueError("La fin doit être après le début.")
        if (ends_at - starts_at).total_seconds() > 12 * 3600:
            raise ValueError("Une visite dure au plus 12 heures.")


class VisitCreate(WriteModel):
    household_id: int = Field(ge=1)
    referral_id: int | None = Field(default=None, ge=1)
    coordinator_id: int = Field(ge=1)
    advisor_id: int = Field(ge=1)
    starts_at: AwareDatetime = Field(examples=["2026-12-02T09:00:00+01:00"])
    ends_at: AwareDatetime | None = Field(default=None, description="Two hours after the start if omitted.")
    place: Annotated[str, Field(max_length=300)] = ""
    notes: Annotated[str, Field(max_length=4000)] = ""
    entered_afterwards: bool = Field(default=False, description=(
        "A visit that already happened and is recorded late (a paper backlog): created directly as done, "
        "allowed in the past, never in the future; `afterwards_reason` is then required."))
    afterwards_reason: Annotated[str, Field(max_length=500)] | None = Field(
        default=None, description="Why the visit is entered afterwards (only with `entered_afterwards`).")

    @model_validator(mode="after")
    def _check(self) -> "VisitCreate":
        _ordered(self.starts_at, self.ends_at)
        return self


class VisitUpdate(WriteModel):
    version: int = Field(ge=1)
    coordinator_id: int | None = Field(default=None, ge=1)
    advisor_id: int | None = Field(default=None, ge=1)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    place: Annotated[str, Field(max_length=300)] | None = None
    notes: Annotated[str, Field(max_length=4000)] | None = None

    @model_validator(mode="after")
    def _check(self) -> "VisitUpdate":
        _ordered(self.starts_at, self.ends_at)
        return self


class VisitStatusChange(WriteModel):
    version: int = Field(ge=1)
    status: Literal["done", "cancelled", "no_show"]
    note: Annotated[str, Field(max_length=1000)] = ""


class VisitReschedule(WriteModel):
    version: int = Field(ge=1)
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    note: Annotated[str, Field(max_length=1000)] = ""

    @model_validator(mode="after")
    def _check(self) -> "VisitReschedule":
        _ordered(self.starts_at, self.ends_at)
        return self


class VisitHousehold(ReadModel):
    id: int
    display_name: str
    commune: str


class VisitRead(ReadModel):
    id: int
    version: int
    household: VisitHousehold
    referral_id: int | None
    coordinator: PersonRef
    advisor: PersonRef
    starts_at: datetime
    ends_at: datetime
    place: str
    status: VisitStatus
    rescheduled_to_id: int | None
    rescheduled_from_id: int | None
    notes: str
    briefing_read_at: datetime | None
    entered_afterwards: bool = Field(description="Recorded after it happened (a paper backlog).")
    afterwards_reason: str | None
    report_id: int | None = Field(description="The visit's latest report (its newest correction), if any.")
    allowed_actions: list[str] = Field(description="What the reader may do with this visit: the lifecycle's "
                                       "steps (mark_done, cancel, mark_no_show, reschedule), then edit, mark_briefing_read, write_technical_diagnostic, "
                                       "read_syntheses, compile_report.")


class BriefingReferral(ReadModel):
    id: int
    referring_organisation: Ref
    referrer_name: str
    reasons: list[ReferralReason]
    description: str
    cutoff_date: date | None


class Briefing(ReadModel):
    """What the pair reads together before the visit (step 4)."""

    visit: VisitRead
    household_phone: str | None
    address: str
    members_count: int
    referral: BriefingReferral | None
    triage_note: TriageNoteRead | None


class UnavailabilityCreate(WriteModel):
    user_id: int | None = Field(default=None, ge=1, description="Yourself if omitted.")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    kind: UnavailabilityKind
    label: Annotated[str, Field(max_length=200)] = ""

    @model_validator(mode="after")
    def _check(self) -> "UnavailabilityCreate":
        if self.ends_at <= self.starts_at:
            raise ValueError("La fin doit être après le début.")
        if (self.ends_at - self.starts_at).days > 62:
            raise ValueError("Une indisponibilité dure au plus deux mois : saisissez-en plusieurs.")
        return self


class UnavailabilityRead(ReadModel):
    id: int
    user: PersonRef
    starts_at: datetime
    ends_at: datetime
    kind: UnavailabilityKind
    label: str


class AgendaEntry(ReadModel):
    kind: Literal["visit", "unavailability"]
    id: int
    user_ids: list[int]
    starts_at: datetime
    ends_at: datetime
    title: str = Field(description="For a visit you may not open, only « Occupé ».")
    status: str | None
    household_id: int | None


class Agenda(ReadModel):
    start: date
    end: date
    people: list[PersonRef]
    entries: list[AgendaEntry]


class FreeSlot(ReadModel):
    starts_at: datetime
    ends_at: datetime


class CalendarFeedCreated(ReadModel):
    url: str = Field(description="Secret address to subscribe to from a phone; shown once.")
