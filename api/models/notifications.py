"""In-app notifications, each person's choice of channel per kind, the daily e-mail digests that
leave through the outbox, and the territorial units a staff member covers."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOwned


class NotificationKind(StrEnum):
    referral_received = "referral_received"
    report_submitted = "report_submitted"
    report_returned = "report_returned"
    report_validated = "report_validated"
    review_remark = "review_remark"
    landlord_works_update = "landlord_works_update"
    followup_overdue = "followup_overdue"


class NotificationChannel(StrEnum):
    in_app = "in_app"  # in the application only
    daily_digest = "daily_digest"  # in the application, and in the daily e-mail digest


class NotificationDigest(ProgrammeOwned, table=True):
    """One daily e-mail to one person listing their new notifications' titles and links; queued in the
    outbox (api/services/outbox.py) and sent after the request, retried with backoff."""

    __tablename__ = "notification_digest"
    __table_args__ = (Index("ix_notification_digest_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=20000)
    status: str = Field(default="pending", sa_type=String(16))  # pending, sent, failed (given up)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=200)  # the last failure's class, never remote text
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()


class Notification(ProgrammeOwned, table=True):
    """Something happened that one person should know. The title says no more than the recipient may
    read (a number and a commune, never a reason, an income or a name); the record it is about decides,
    at each read, whether the recipient still sees it (api/services/scope.py)."""

    __table_args__ = (Index("ix_notification_recipient_read", "recipient_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    kind: NotificationKind = Field(sa_type=String(32))
    record_type: str = Field(max_length=32)  # referral, report, synthesis, household, orientation
    record_id: int
    # The household the record is about: erasing it takes its notifications along.
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    link: str = Field(max_length=300)  # a path of the SPA
    created_at: datetime = created_at_field()
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set once the notification was listed in a daily digest (never twice).
    digest_id: int | None = Field(default=None, foreign_key="notification_digest.id", ondelete="SET NULL", index=True)


class NotificationPreference(ProgrammeOwned, table=True):
    """A person's channel for one kind; no row means « in the application only »."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_preference_user_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    kind: NotificationKind = Field(sa_type=String(32))
    channel: NotificationChannel = Field(sa_type=String(16))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserUnit(ProgrammeOwned, table=True):
    """The territorial units a staff member covers (a coordinator hears of the referrals of these units).
    None listed: the whole département."""

    __tablename__ = "user_unit"
    __table_args__ = (UniqueConstraint("user_id", "unit_id", name="uq_user_unit_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    unit_id: int = Field(foreign_key="territorial_unit.id", ondelete="CASCADE", index=True)
