"""Organisations, territorial units, campaigns, users and integration tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Request

from api.access import Scope
from api.auth import allow
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
    TerritorialUnitRead,
    TerritorialUnitUpdate,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.services import directory as service

router = APIRouter(tags=["directory"], responses=error_responses(401, 403, 422))

Reader = allow(Scope.directory_read, Scope.admin)
Admin = allow(Scope.admin)
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/organisations", response_model=list[OrganisationRead])
def list_organisations(_: Reader, session: SessionDep, kind: OrganisationKind | None = None) -> list[OrganisationRead]:
    """Organisations: the département, Ajena, landlords and alert-giver partners."""
    return [OrganisationRead.model_validate(o) for o in service.list_organisations(session, kind)]


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
def create_organisation(principal: Admin, session: SessionDep, body: OrganisationCreate) -> OrganisationRead:
    """Add an organisation."""
    return OrganisationRead.model_validate(service.create_organisation(session, principal, body))


@router.get("/territorial-units", response_model=list[TerritorialUnitRead])
def list_territorial_units(_: Reader, session: SessionDep) -> list[TerritorialUnitRead]:
    """The département's territorial units and their number of households."""
    return [TerritorialUnitRead.model_validate(u) for u in service.list_units(session)]


@router.patch("/territorial-units/{unit_id}", response_model=TerritorialUnitRead, responses=error_responses(404))
def update_territorial_unit(
    principal: Admin, session: SessionDep, unit_id: Id, body: TerritorialUnitUpdate
) -> TerritorialUnitRead:
    """Update a unit's number of households (and where the figure comes from)."""
    return TerritorialUnitRead.model_validate(service.update_unit(session, principal, unit_id, body))


@router.get("/campaigns", response_model=list[CampaignRead])
def list_campaigns(_: Reader, session: SessionDep) -> list[CampaignRead]:
    """Yearly campaigns with their active units and visit objective, newest first."""
    return service.list_campaigns(session)


@router.post("/campaigns", response_model=CampaignRead, status_code=201)
def create_campaign(principal: Admin, session: SessionDep, body: CampaignCreate) -> CampaignRead:
    """Open a campaign year: active units, objective per 1,000 households, budget."""
    return service.create_campaign(session, principal, body)


@router.patch("/campaigns/{campaign_id}", response_model=CampaignRead, responses=error_responses(404))
def update_campaign(principal: Admin, session: SessionDep, campaign_id: Id, body: CampaignUpdate) -> CampaignRead:
    """Change a campaign's objective, budget or units."""
    return service.update_campaign(session, principal, campaign_id, body)


@router.get("/users", response_model=list[UserRead])
def list_users(_: Reader, session: SessionDep, role: Role | None = None) -> list[UserRead]:
    """Staff accounts (to pick an energy advisor, say)."""
    return service.list_users(session, role)


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(principal: Admin, session: SessionDep, body: UserCreate) -> UserRead:
    """Create an account with its roles."""
    return service.create_user(session, principal, body)


@router.patch("/users/{user_id}", response_model=UserRead, responses=error_responses(404, 409))
def update_user(principal: Admin, session: SessionDep, user_id: Id, body: UserUpdate) -> UserRead:
    """Change roles, deactivate, or set a new password (this ends the person's sessions)."""
    return service.update_user(session, principal, user_id, body)


@router.get("/integration-tokens", response_model=Page[IntegrationTokenRead])
def list_integration_tokens(_: Admin, session: SessionDep, paging: PagingDep) -> Page[IntegrationTokenRead]:
    """Tokens for landlords' systems and reporting scripts (never the secret itself), newest first, with
    their last use (to the minute)."""
    return service.list_integration_tokens(session, limit=paging.limit, offset=paging.offset)


@router.get("/integration-token-kinds", response_model=Page[IntegrationKindRead])
def list_integration_token_kinds(_: Admin, paging: PagingDep) -> Page[IntegrationKindRead]:
    """The kinds of token, each with the scopes it may carry (French descriptions) and the kinds of
    organisation it may belong to: what `POST /integration-tokens` accepts."""
    kinds = service.integration_kinds()
    return Page.of(kinds[paging.offset:paging.offset + paging.limit], total=len(kinds), limit=paging.limit,
                   offset=paging.offset)


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
