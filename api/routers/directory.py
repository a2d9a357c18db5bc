"""Organisations, territorial units, campaigns, users and integration tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import OrganisationKind, Role
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.directory import (
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
    IntegrationKindRead,
    IntegrationTokenCreate,
    IntegrationTokenCreated,
    IntegrationTokenRead,
    OrganisationCreate,
    OrganisationRead,
    OrganisationUpdate,
    PasswordLinkSent,
    TerritorialUnitRead,
    TerritorialUnitUpdate,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.services import directory as service

router = APIRouter(tags=["directory"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.directory_read, Scope.admin)]
Admin = Annotated[Principal, any_scope(Scope.admin)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Search = Annotated[str | None, Query(min_length=1, max_length=100, description="Part of a name (or an e-mail address).")]


def _base_url(request: Request) -> str:
    """The request's own address, for links when BINOME_PUBLIC_URL is not set (never in production)."""
    return str(request.base_url)


@router.get("/organisations", response_model=Page[OrganisationRead])
def list_organisations(_: Reader, session: SessionDep, paging: PagingDep, kind: OrganisationKind | None = None,
                       q: Search = None) -> Page[OrganisationRead]:
    """Organisations: the département, Ajena, landlords and alert-giver partners, by name."""
    return service.list_organisations(session, kind, q, limit=paging.limit, offset=paging.offset)


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
def create_organisation(principal: Admin, session: SessionDep, body: OrganisationCreate) -> OrganisationRead:
    """Add an organisation."""
    return OrganisationRead.model_validate(service.create_organisation(session, principal, body))


@router.patch("/organisations/{organisation_id}", response_model=OrganisationRead, responses=error_responses(404))
def update_organisation(principal: Admin, session: SessionDep, organisation_id: Id,
                        body: OrganisationUpdate) -> OrganisationRead:
    """Rename an organisation or change its contact (null clears the e-mail or the phone)."""
    return service.update_organisation(session, principal, organisation_id, body)


@router.get("/territorial-units", response_model=Page[TerritorialUnitRead])
def list_territorial_units(_: Reader, session: SessionDep, paging: PagingDep) -> Page[TerritorialUnitRead]:
    """The département's territorial units, their number of households and of communes."""
    return service.list_units(session, limit=paging.limit, offset=paging.offset)


@router.patch("/territorial-units/{unit_id}", response_model=TerritorialUnitRead, responses=error_responses(404))
def update_territorial_unit(
    principal: Admin, session: SessionDep, unit_id: Id, body: TerritorialUnitUpdate
) -> TerritorialUnitRead:
    """Update a unit's number of households (where the figure comes from, and its year)."""
    return service.update_unit(session, principal, unit_id, body)


@router.get("/campaigns", response_model=Page[CampaignRead])
def list_campaigns(_: Reader, session: SessionDep, paging: PagingDep) -> Page[CampaignRead]:
    """Yearly campaigns with their active units and visit objective, newest first."""
    return service.list_campaigns(session, limit=paging.limit, offset=paging.offset)


@router.post("/campaigns", response_model=CampaignRead, status_code=201)
def create_campaign(principal: Admin, session: SessionDep, body: CampaignCreate) -> CampaignRead:
    """Open a campaign year: active units, objective per 1,000 households, budget."""
    return service.create_campaign(session, principal, body)


@router.patch("/campaigns/{campaign_id}", response_model=CampaignRead, responses=error_responses(404))
def update_campaign(principal: Admin, session: SessionDep, campaign_id: Id, body: CampaignUpdate) -> CampaignRead:
    """Change a campaign's objective, budget or units."""
    return service.update_campaign(session, principal, campaign_id, body)


@router.get("/users", response_model=Page[UserRead])
def list_users(principal: Reader, session: SessionDep, paging: PagingDep, role: Role | None = None,
               active: bool | None = None, q: Search = None,
               organisation_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None) -> Page[UserRead]:
    """Staff accounts by name (to pick an energy advisor, say); `active` keeps the active or inactive ones.
    Whether an account is locked or has a pending password link is shown to administrators only."""
    return service.list_users(session, principal, role, active=active, q=q, organisation_id=organisation_id,
                              limit=paging.limit, offset=paging.offset)


@router.post("/users", response_model=UserRead, status_code=201, responses=error_responses(409))
def create_user(principal: Admin, session: SessionDep, request: Request, body: UserCreate) -> UserRead:
    """Create an account with its roles: with a first password, or without one to invite the person (an
    e-mail with a single-use link valid 72 hours; 409 when this server sends no e-mail)."""
    return service.create_user(session, principal, body, settings=request.app.state.settings,
                               base_url=_base_url(request))


@router.patch("/users/{user_id}", response_model=UserRead, responses=error_responses(404, 409))
def update_user(principal: Admin, session: SessionDep, user_id: Id, body: UserUpdate) -> UserRead:
    """Change roles or organisation, deactivate or reactivate, or set a new password (this ends the
    person's sessions). An administrator cannot deactivate themselves or drop their own admin role (409)."""
    return service.update_user(session, principal, user_id, body)


@router.post("/users/{user_id}/unlock", response_model=UserRead, responses=error_responses(404))
def unlock_user(principal: Admin, session: SessionDep, user_id: Id) -> UserRead:
    """Forget the account's failed logins: it may log in again at once."""
    return service.unlock_user(session, principal, user_id)


@router.post("/users/{user_id}/password-reset", response_model=PasswordLinkSent, responses=error_responses(404, 409))
def send_password_reset(principal: Admin, session: SessionDep, request: Request, user_id: Id) -> PasswordLinkSent:
    """End every session of the person, stop their password from working, and e-mail them a single-use
    link (72 hours) to choose a new one."""
    return service.send_password_reset(session, request.app.state.settings, principal, user_id,
                                       base_url=_base_url(request))


@router.get("/integration-tokens", response_model=Page[IntegrationTokenRead])
def list_integration_tokens(_: Admin, session: SessionDep, paging: PagingDep) -> Page[IntegrationTokenRead]:
    """Tokens for landlords' systems and reporting scripts (never the secret itself), newest first, with
    their last use (to the minute)."""
    return service.list_integration_tokens(session, limit=paging.limit, offset=paging.offset)


@router.get("/integration-token-kinds", response_model=Page[IntegrationKindRead])
def list_integration_token_kinds(_: Admin, paging: PagingDep) -> Page[IntegrationKindRead]:
    """The kinds of token, each with the scopes it may carry (French descriptions) and the kinds of
    organisation it may belong to: what `POST /integration-tokens` accepts."""
    return Page.slice(service.integration_kinds(), limit=paging.limit, offset=paging.offset)


@router.post("/integration-tokens", response_model=IntegrationTokenCreated, status_code=201)
def create_integration_token(
    principal: Admin, session: SessionDep, request: Request, body: IntegrationTokenCreate
) -> IntegrationTokenCreated:
    """Issue a token; its secret is in this response only."""
    return service.create_integration_token(session, principal, body, secret=request.app.state.settings.keys.token_digest)


@router.post("/integration-tokens/{token_id}/revoke", response_model=IntegrationTokenRead,
             responses=error_responses(404))
def revoke_integration_token(principal: Admin, session: SessionDep, token_id: Id) -> IntegrationTokenRead:
    """Revoke a token: it stops working at once."""
    return service.revoke_integration_token(session, principal, token_id)
