"""Referrals (fiches de demande d'intervention), their history, call attempts and triage notes."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOwned


class ReferralStatus(StrEnum):
    received = "received"
    contacted = "contacted"
    visit_scheduled = "visit_scheduled"
    visited = "visited"
    report_sent = "report_sent"
    closed = "closed"
    declined = "declined"
    unreachable = "unreachable"
    out_of_scope = "out_of_scope"
    duplicate = "duplicate"


class ReferralReason(StrEnum):
    bill_payment_difficulty = "bill_payment_difficulty"
    unpaid_cutoff_risk = "unpaid_cutoff_risk"
    energy_hungry_dwelling = "energy_hungry_dwelling"
    fsl_energy_or_water = "fsl_energy_or_water"
    cold_damp_mould = "cold_damp_mould"
    other = "other"


class ReferralChannel(StrEnum):
    form = "form"
    api = "api"
    phone = "phone"
    paper = "paper"
    email = "email"


class CallOutcome(StrEnum):
    reached = "reached"
    no_answer = "no_answer"
    voicemail = "voicemail"
    wrong_number = "wrong_number"
    callback_requested = "callback_requested"


class Referral(ProgrammeOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    status: ReferralStatus = Field(default=ReferralStatus.received, sa_type=String(32), index=True)
    channel: ReferralChannel = Field(sa_type=String(16))
    referring_organisation_id: int = Field(foreign_key="organisation.id", ondelete="RESTRICT", index=True)
    # The referrer's account when they submitted it themselves (scopes what they see).
    referrer_user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    referrer_name: str = Field(max_length=200)
    referrer_phone: str | None = Field(default=None, max_length=32)
    referrer_email: str | None = Field(default=None, max_length=254)
    description: str = Field(default="", max_length=4000)
    cutoff_date: date | None = None
    cutoff_risk: bool = Field(default=False, index=True)  # derived from the reasons, for the call list order
    contact_consent: bool
    out_of_scope_reason: str | None = Field(default=None, max_length=500)
    duplicate_of_id: int | None = Field(default=None, foreign_key="referral.id", ondelete="SET NULL")
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    status_changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")


class ReferralReasonLink(ProgrammeOwned, table=True):
    __tablename__ = "referral_reason"
    __table_args__ = (UniqueConstraint("referral_id", "reason", name="uq_referral_reason_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", ondelete="CASCADE", index=True)
    reason: ReferralReason = Field(sa_type=String(32), index=True)


class ReferralTransition(ProgrammeOwned, table=True):
    """Every status change: who, when, from and to, and why."""

    __tablename__ = "referral_transition"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", ondelete="CASCADE", index=True)
    action: str = Field(max_length=32)
    from_status: ReferralStatus = Field(sa_type=String(32))
    to_status: ReferralStatus = Field(sa_type=String(32))
    by_user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    at: datetime = created_at_field()
    note: str = Field(default="", max_length=1000)


class CallAttempt(ProgrammeOwned, table=True):
    __tablename__ = "call_attempt"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", ondelete="CASCADE", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    outcome: CallOutcome = Field(sa_type=String(32))
    note: str = Field(default="", max_length=1000)
    by_user_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")


class TriageNote(ProgrammeOwned, table=True):
    """The fiche de note written after the triage call; the advisor's briefing before the visit."""

    __tablename__ = "triage_note"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", ondelete="CASCADE", unique=True)
    version: int = 1
    problem: str = Field(max_length=4000)
    questions_for_advisor: str = Field(default="", max_length=4000)
    proposed_visit_date: date | None = None
    written_by_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    written_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class IdempotencyRecord(SQLModel, table=True):
    """A write sent with an Idempotency-Key: a retry gets the first answer back, nothing new."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("principal_key", "key", name="uq_idempotency_record_principal_key"),)

    id: int | None = Field(default=None, primary_key=True)
    principal_key: str = Field(max_length=64)
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    response_body: str
    # Whose data the stored answer holds: erasure deletes the record, subject access lists it.
    household_id: int | None = Field(default=None, index=True)  # no FK: a household may be deleted as a duplicate
    created_at: datetime = created_at_field()
