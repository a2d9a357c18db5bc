"""Follow-up after the report: orientations and their log, landlords' works updates, and the
signed webhooks that tell a landlord's system a technical synthesis was shared with it."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKeyConstraint, Index, Numeric, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOwned


class OrientationStatus(StrEnum):
    proposed = "proposed"
    in_progress = "in_progress"
    obtained = "obtained"
    refused = "refused"
    abandoned = "abandoned"


SETTLED_ORIENTATION_STATUSES = frozenset({OrientationStatus.obtained, OrientationStatus.refused,
                                          OrientationStatus.abandoned})


class OrientationType(ProgrammeOwned, table=True):
    """The editable catalogue of orientation types (FSL, chèque énergie, Anah, ...)."""

    __tablename__ = "orientation_type"

    # Each programme has its own catalogue: the code is unique within it.
    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="RESTRICT", primary_key=True)
    code: str = Field(primary_key=True, max_length=32)
    label: str = Field(max_length=120)
    active: bool = True
    position: int = 0


class Orientation(ProgrammeOwned, table=True):
    """A lasting solution proposed to the household, followed until it is settled."""

    __table_args__ = (Index("ix_orientation_open_due", "status", "due_on"),
                      ForeignKeyConstraint(["programme_id", "kind"], ["orientation_type.programme_id", "orientation_type.code"],
                                           name="fk_orientation_kind_orientation_type", ondelete="RESTRICT"))

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    report_id: int | None = Field(default=None, foreign_key="report.id", ondelete="SET NULL", index=True)
    # A report correction copies its orientations; the copy carries the follow-up from then on.
    superseded_by_id: int | None = Field(default=None, foreign_key="orientation.id", ondelete="SET NULL")
    kind: str = Field(max_length=32, index=True)
    description: str = Field(max_length=1000)
    partner: str = Field(default="", max_length=200)
    partner_organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    responsible_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    due_on: date | None = None
    status: OrientationStatus = Field(default=OrientationStatus.proposed, sa_type=String(16), index=True)
    outcome: str = Field(default="", max_length=2000)
    amount_obtained_eur: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    handed_to_referent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 1
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OrientationEvent(ProgrammeOwned, table=True):
    """One line of an orientation's follow-up log: a contact, a status change, a hand-over."""

    __tablename__ = "orientation_event"

    id: int | None = Field(default=None, primary_key=True)
    orientation_id: int = Field(foreign_key="orientation.id", ondelete="CASCADE", index=True)
    kind: str = Field(sa_type=String(16))  # note, status, handover
    on: date
    contact: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=4000)
    by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class WorksStatus(StrEnum):
    planned = "planned"
    started = "started"
    done = "done"
    refused = "refused"


class WorksUpdate(ProgrammeOwned, table=True):
    """A landlord's report on one recommended work: planned, started, done or refused."""

    __tablename__ = "works_update"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    report_id: int = Field(foreign_key="report.id", ondelete="CASCADE", index=True)
    work_priority: int
    status: WorksStatus = Field(sa_type=String(16))
    on: date
    actual_cost_eur: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    comment: str = Field(default="", max_length=2000)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="RESTRICT", index=True)
    token_id: int | None = Field(default=None, foreign_key="integration_token.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class WebhookSubscription(ProgrammeOwned, table=True):
    """Where a landlord's system wants to be told; the secret signs every delivery (HMAC-SHA256)."""

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    url: str = Field(max_length=500)
    # Needed in clear to sign, so encrypted rather than hashed (Fernet, key derived from the app secret:
    # api/security.py); shown once at creation.
    secret_encrypted: str = Field(max_length=255)
    active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class WebhookDelivery(ProgrammeOwned, table=True):
    """One event to one subscription, retried with backoff until delivered or given up."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
                      UniqueConstraint("subscription_id", "event_id", name="uq_webhook_delivery_event"))

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id", ondelete="CASCADE", index=True)
    event_id: str = Field(max_length=64)
    event: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", sa_type=String(16))  # pending, delivered, failed, refused
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
