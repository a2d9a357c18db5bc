"""Orientations and their follow-up, closing a case, the landlords' view and their works updates,
and webhook subscriptions."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from api.models import HouseholdStatus, OrientationStatus, WorksStatus
from api.schemas.common import Euros, PersonRef, ReadModel, Ref, SquareMetres, WriteModel
from api.schemas.diagnostics import PlannedWork

TypeCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{1,31}$")]
Note = Annotated[str, Field(max_length=4000)]
Amount = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2)]


# --- the catalogue ------------------------------------------------------------------------------

class OrientationTypeWrite(WriteModel):
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
    active: bool = True
    position: int = Field(default=0, ge=0, le=1000)


class OrientationTypeCreate(OrientationTypeWrite):
    code: TypeCode


class OrientationTypeRead(ReadModel):
    code: str
    label: str
    active: bool
    position: int


# --- orientations ----------------------------------------------------------------------------------

class OrientationCreate(WriteModel):
    """An orientation added during the follow-up, outside a report."""

    kind: TypeCode
    description: Annotated[str, Field(min_length=1, max_length=1000)]
    partner: Annotated[str, Field(max_length=200)] = ""
    partner_organisation_id: int | None = Field(default=None, ge=1)
    responsible_id: int | None = Field(default=None, ge=1, description="Defaults to the person creating it.")
    due_on: date | None = None


class OrientationUpdate(WriteModel):
    version: int = Field(ge=1)
    description: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    partner: Annotated[str, Field(max_length=200)] | None = None
    partner_organisation_id: int | None = Field(default=None, ge=1)
    responsible_id: int | None = Field(default=None, ge=1)
    due_on: date | None = None


class OrientationTransition(WriteModel):
    action: Literal["start", "obtain", "refuse", "abandon", "reopen"]
    version: int = Field(ge=1)
    outcome: Note = ""
    amount_obtained_eur: Amount | None = Field(default=None, description="With « obtain »: the aid granted.")
    on: date | None = Field(default=None, description="When it happened; defaults to today.")


class FollowUpNoteCreate(WriteModel):
    on: date | None = Field(default=None, description="Date of the contact; defaults to today.")
    contact: Annotated[str, Field(max_length=200)] = ""
    note: Annotated[str, Field(min_length=1, max_length=4000)]


class HandoverCreate(WriteModel):
    version: int = Field(ge=1)
    note: Note = ""


class OrientationEventRead(ReadModel):
    id: int
    kind: Literal["note", "status", "handover"]
    on: date
    contact: str
    note: str
    by: PersonRef | None
    created_at: datetime


class OrientationRead(ReadModel):
    id: int
    household_id: int
    report_id: int | None
    kind: str
    kind_label: str
    description: str
    partner: str
    partner_organisation: Ref | None
    responsible: PersonRef | None
    due_on: date | None
    status: OrientationStatus
    outcome: str
    amount_obtained_eur: Euros | None
    handed_to_referent_at: datetime | None
    settled_at: datetime | None
    overdue: bool
    version: int
    allowed_actions: list[str]
    events: list[OrientationEventRead]


class OrientationSummary(ReadModel):
    """A line of the follow-up board."""

    id: int
    household_id: int
    household_name: str
    commune: str
    unit: Ref | None
    kind: str
    kind_label: str
    description: str
    responsible: PersonRef | None
    due_on: date | None
    status: OrientationStatus
    overdue: bool
    updated_at: datetime


# --- landlords' works updates and the household's follow-up ------------------------------------------

class WorksUpdateCreate(WriteModel):
    work_priority: int = Field(ge=1, le=99, description="Priority number of the work in the shared synthesis.")
    status: WorksStatus
    on: date = Field(description="Date of the planning, start, completion or refusal.")
    actual_cost_eur: Amount | None = None
    comment: Annotated[str, Field(max_length=2000)] = ""


class WorksUpdateRead(ReadModel):
    id: int
    report_id: int
    work_priority: int
    work_description: str
    status: WorksStatus
    on: date
    actual_cost_eur: Euros | None
    comment: str
    organisation: Ref
    created_at: datetime


class HouseholdFollowUp(ReadModel):
    household_id: int
    status: HouseholdStatus
    version: int
    closing_summary: str | None
    closed_at: datetime | None
    closed_by: PersonRef | None
    open_orientations: int
    can_close: bool
    allowed_actions: list[str] = Field(description="Case lifecycle actions you may take: close, reopen.")
    orientations: list[OrientationRead]
    works_updates: list[WorksUpdateRead]
    measured_impact_href: str = Field(description="Bills after the visit against before it (GET).")


class CloseRequest(WriteModel):
    version: int = Field(ge=1)
    summary: Annotated[str, Field(min_length=10, max_length=4000)]


class ReopenRequest(WriteModel):
    version: int = Field(ge=1)
    reason: Annotated[str, Field(min_length=3, max_length=2000)]


# --- the landlord's view ---------------------------------------------------------------------------

class LandlordDwellingFacts(ReadModel):
    dwelling_type: str | None
    construction_period: str | None
    surface_m2: SquareMetres | None
    main_heating_energy: str | None


class SharedSynthesisRef(ReadModel):
    report_id: int
    shared_at: datetime


class LandlordDwelling(ReadModel):
    """A dwelling of the landlord's whose tenant consented to share: address and technical facts only."""

    household_id: int
    address_line: str | None
    postcode: str | None
    commune: str
    dwelling: LandlordDwellingFacts
    technical_synthesis: SharedSynthesisRef | None
    last_change_at: datetime


class LandlordDwellingDetail(LandlordDwelling):
    visit_date: date | None
    technical_synthesis_text: str | None
    works: list[PlannedWork]
    works_updates: list[WorksUpdateRead]


# --- webhooks --------------------------------------------------------------------------------------

class WebhookSubscriptionCreate(WriteModel):
    organisation_id: int = Field(ge=1)
    url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=r"^https?://[^\s]+$")]


class WebhookSubscriptionRead(ReadModel):
    id: int
    organisation: Ref
    url: str
    active: bool
    created_at: datetime


class WebhookSubscriptionCreated(WebhookSubscriptionRead):
    secret: str = Field(description="Shown once: the key of the HMAC-SHA256 signature.")


class WebhookTestEvent(ReadModel):
    """A `webhook.test` event queued for the caller's active endpoints (none: `subscriptions` is 0)."""

    event_id: str = Field(description="Also the `X-Binome-Delivery` header of each delivery.")
    type: Literal["webhook.test"]
    subscriptions: int = Field(description="How many of your active endpoints it was queued for.")


class WebhookDeliveryRead(ReadModel):
    id: int
    subscription_id: int
    event_id: str
    event: str
    status: Literal["pending", "delivered", "failed", "refused"] = Field(
        description="refused: the endpoint resolved to an internal or reserved address at delivery time.")
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
