"""Referral, triage call and triage note models."""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, model_validator

from api.models import CallOutcome, ReferralChannel, ReferralReason, ReferralStatus, Tenure
from api.schemas.common import Email, PersonRef, Phone, ReadModel, Ref, Text200, WriteModel
from api.schemas.households import HouseholdIdentity

LongText = Annotated[str, Field(max_length=4000)]


class ReferredHousehold(HouseholdIdentity):
    """The household as the referrer knows it; the rest is collected at the triage call and visit."""

    tenure: Tenure = Tenure.unknown


class ReferralCreate(WriteModel):
    household_id: int | None = Field(default=None, ge=1, description="An existing household (coordinators only).")
    household: ReferredHousehold | None = None
    reasons: list[ReferralReason] = Field(min_length=1, max_length=6)
    description: LongText = ""
    cutoff_date: date | None = None
    contact_consent: bool = Field(description="The household agreed to be contacted by the SLIME team.")
    # Filled from the referrer's account when they submit it themselves.
    referring_organisation_id: int | None = Field(default=None, ge=1)
    referrer_name: Text200 | None = None
    referrer_phone: Phone | None = None
    referrer_email: Email | None = None
    channel: ReferralChannel | None = None

    @model_validator(mode="after")
    def _one_household(self) -> "ReferralCreate":
        if (self.household_id is None) == (self.household is None):
            raise ValueError("Indiquer soit un ménage existant (household_id), soit un nouveau ménage (household).")
        if not self.contact_consent:
            raise ValueError("Le ménage doit avoir accepté d'être contacté avant l'envoi de la demande.")
        return self


class ReferralReceipt(ReadModel):
    id: int
    status: ReferralStatus
    received_at: datetime
    household_id: int
    household_name: str


class HouseholdMatch(ReadModel):
    id: int
    display_name: str
    commune: str
    phone: str | None
    matched_on: list[str] = Field(description="name_commune and/or phone")


class CallAttemptCreate(WriteModel):
    at: datetime | None = Field(default=None, description="When the call was made; now if omitted.")
    outcome: CallOutcome
    note: Annotated[str, Field(max_length=1000)] = ""


class CallAttemptRead(ReadModel):
    id: int
    at: datetime
    outcome: CallOutcome
    note: str
    by: PersonRef


class TriageNoteWrite(WriteModel):
    problem: Annotated[str, Field(min_length=1, max_length=4000)]
    questions_for_advisor: LongText = ""
    proposed_visit_date: date | None = None
    version: int | None = Field(default=None, ge=1, description="Required to change an existing note.")


class TriageNoteRead(ReadModel):
    version: int
    problem: str
    questions_for_advisor: str
    proposed_visit_date: date | None
    written_by: PersonRef
    written_at: datetime


class TransitionRead(ReadModel):
    action: str
    from_status: ReferralStatus
    to_status: ReferralStatus
    by: PersonRef | None
    at: datetime
    note: str


class ReferralTransitionRequest(WriteModel):
    action: Annotated[str, Field(min_length=1, max_length=32)]
    version: int = Field(ge=1)
    note: Annotated[str, Field(max_length=1000)] = ""
    reason: Annotated[str, Field(max_length=500)] | None = Field(default=None, description="For out_of_scope.")
    duplicate_of_id: int | None = Field(default=None, ge=1, description="For mark_duplicate.")


class LinkHousehold(WriteModel):
    household_id: int = Field(ge=1)
    version: int = Field(ge=1)


class ReferralSummary(ReadModel):
    id: int
    status: ReferralStatus
    household_id: int
    household_name: str
    commune: str
    unit: Ref | None
    outside_units: bool = Field(description="No territorial unit serves the household's commune.")
    referring_organisation: Ref
    reasons: list[ReferralReason]
    cutoff_risk: bool
    cutoff_date: date | None
    received_at: datetime
    status_changed_at: datetime
    call_attempts: int


class ReferralRead(ReferralSummary):
    version: int
    channel: ReferralChannel
    referrer_name: str
    referrer_phone: str | None
    referrer_email: str | None
    household_phone: str | None
    description: str
    contact_consent: bool
    out_of_scope_reason: str | None
    duplicate_of_id: int | None
    triage_note: TriageNoteRead | None
    calls: list[CallAttemptRead]
    history: list[TransitionRead]
    allowed_actions: list[str]
    possible_duplicates: list[HouseholdMatch]
    next_visit_at: datetime | None


class ReferrerReferralView(ReadModel):
    """What an alert giver sees of a referral they made: its progress, nothing else of the household."""

    id: int
    household_name: str
    commune: str
    status: ReferralStatus
    received_at: datetime
    status_changed_at: datetime
    visit_date: date | None


class ReferralStep(ReadModel):
    status: ReferralStatus
    on: date = Field(description="The local date (Europe/Paris) the referral reached this step.")


class ReferrerReferralDetail(ReadModel):
    """One referral as its alert giver follows it: what they sent and the dated steps since, nothing
    the team added (no triage note, no calls, no income, no household record)."""

    id: int
    household_name: str
    commune: str
    reasons: list[ReferralReason]
    description: str
    status: ReferralStatus
    received_at: datetime
    status_changed_at: datetime
    visit_date: date | None = Field(description="The planned visit's date (no time), while one is planned.")
    steps: list[ReferralStep]
