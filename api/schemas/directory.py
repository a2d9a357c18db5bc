"""Organisations, territorial units, campaigns, users and integration tokens."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator

from api.models import IntegrationKind, OrganisationKind, Role
from api.schemas.common import (
    Email,
    Euros,
    Phone,
    PerThousand,
    ReadModel,
    Ref,
    Text200,
    WriteModel,
    password_rules,
)


class OrganisationCreate(WriteModel):
    name: Text200
    kind: OrganisationKind
    email: Email | None = None
    phone: Phone | None = None


class OrganisationUpdate(WriteModel):
    """Fields sent are changed; `email` or `phone` sent as null are cleared."""

    name: Text200 | None = None
    email: Email | None = None
    phone: Phone | None = None


class OrganisationRead(ReadModel):
    id: int
    name: str
    kind: OrganisationKind
    email: str | None
    phone: str | None


class TerritorialUnitRead(ReadModel):
    id: int
    code: str
    name: str
    households_count: int
    households_source: str
    households_year: int | None = Field(description="The year the households figure describes, when known.")
    communes_count: int = Field(default=0, description="Communes this unit serves.")


class TerritorialUnitUpdate(WriteModel):
    households_count: int | None = Field(default=None, ge=0, le=10_000_000)
    households_source: Annotated[str, Field(max_length=300)] | None = None
    households_year: int | None = Field(default=None, ge=1900, le=2100)


class CampaignCreate(WriteModel):
    year: int = Field(ge=2000, le=2100)
    objective_per_thousand: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)] = Decimal("2")
    budget_eur: Annotated[Decimal, Field(ge=0, le=100_000_000, decimal_places=2)] | None = None
    unit_ids: list[int] = Field(min_length=1, max_length=50)
    notes: Annotated[str, Field(max_length=2000)] = ""


class CampaignUpdate(WriteModel):
    objective_per_thousand: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)] | None = None
    budget_eur: Annotated[Decimal, Field(ge=0, le=100_000_000, decimal_places=2)] | None = None
    unit_ids: list[int] | None = Field(default=None, min_length=1, max_length=50)
    notes: Annotated[str, Field(max_length=2000)] | None = None


class CampaignRead(ReadModel):
    id: int
    year: int
    objective_per_thousand: PerThousand
    budget_eur: Euros | None
    notes: str
    units: list[Ref]
    households_in_scope: int = Field(description="Households of the active units.")
    visits_objective: int = Field(description="Visits to make this year: households × objective ÷ 1,000, rounded up.")


def programme_roles(roles: list[Role] | None) -> list[Role] | None:
    """A programme's administrator gives a programme's roles; the platform's are not theirs to give."""
    if roles and any(r in (Role.platform_admin, Role.network) for r in roles):
        raise ValueError("Rôle réservé aux comptes de la plateforme.")
    return roles


class UserCreate(WriteModel):
    email: Email
    full_name: Text200
    phone: Phone | None = None
    organisation_id: int = Field(ge=1)
    roles: list[Role] = Field(min_length=1, max_length=5)
    unit_ids: list[int] = Field(default=[], max_length=50, description=(
        "The territorial units the person covers (a coordinator hears of their referrals); none: the whole "
        "département."))
    password: str | None = Field(default=None, max_length=200, description=(
        "A first password (the password rules apply); left out, the person is invited: an e-mail with a "
        "single-use link, valid 72 hours, to choose it."))

    _check_password = field_validator("password")(classmethod(lambda cls, v: v if v is None else password_rules(v)))
    _check_roles = field_validator("roles")(classmethod(lambda cls, v: programme_roles(v)))


class UserUpdate(WriteModel):
    full_name: Text200 | None = None
    phone: Phone | None = None
    roles: list[Role] | None = Field(default=None, min_length=1, max_length=5)
    organisation_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    is_active: bool | None = None
    unit_ids: list[int] | None = Field(default=None, max_length=50,
                                       description="The units the person covers; an empty list: the whole département.")
    password: str | None = Field(default=None, max_length=200)

    _check_password = field_validator("password")(classmethod(lambda cls, v: v if v is None else password_rules(v)))
    _check_roles = field_validator("roles")(classmethod(lambda cls, v: programme_roles(v)))


class UserRead(ReadModel):
    id: int
    email: str
    full_name: str
    phone: str | None
    organisation: Ref
    roles: list[Role]
    unit_ids: list[int] = Field(default=[], description="The territorial units the person covers; empty: the whole département.")
    is_active: bool
    locked_until: datetime | None = Field(default=None, description=(
        "Until when failed logins keep the account waiting (from at least one address); null: not locked."))
    invitation_expires_at: datetime | None = Field(default=None, description=(
        "An invitation or reset link not used yet: until when it works."))


class PasswordLinkSent(ReadModel):
    user: UserRead
    sent_to: str = Field(description="The address the single-use link was e-mailed to.")
    expires_at: datetime


class PasswordReset(WriteModel):
    token: str = Field(min_length=20, max_length=200, description="The secret of the link received by e-mail.")
    password: str = Field(max_length=200)

    _check_password = field_validator("password")(classmethod(lambda cls, v: password_rules(v)))


class IntegrationTokenCreate(WriteModel):
    name: Text200
    kind: IntegrationKind
    organisation_id: int | None = Field(default=None, ge=1, description="Required for a landlord token.")
    scopes: list[str] | None = Field(default=None, description="Defaults to every scope of the kind.")
    expires_in_days: int = Field(default=365, ge=1, le=3 * 365)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000, description=(
        "Requests a minute this token may make (429 with Retry-After beyond); null: the server's default."))


class IntegrationTokenRead(ReadModel):
    id: int
    name: str
    kind: IntegrationKind
    organisation: Ref | None
    scopes: list[str]
    prefix: str
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    rate_limit_per_minute: int | None = Field(description="Its own limit; null: the server's default.")
    created_at: datetime


class ScopeOption(ReadModel):
    scope: str
    description: str = Field(description="What the scope allows, in French.")


class IntegrationKindRead(ReadModel):
    """A kind of integration token and the scopes it may carry (the administration screen offers these)."""

    kind: IntegrationKind
    label: str
    scopes: list[ScopeOption]
    organisation_kinds: list[OrganisationKind] = Field(
        description="Kinds of organisation the token may belong to; empty: none (the département's own).")
    organisation_required: bool


class IntegrationTokenCreated(IntegrationTokenRead):
    token: str = Field(description="Shown once: store it in the integration's secret store now.")
