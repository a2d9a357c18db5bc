"""Programmes: one's own programme (its identity, edited by its administrator), the platform's
administration of programmes, and the national figures for the network (aggregates only)."""

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request

from api.access import Scope
from api.access import Principal
from api.auth import AnyPrincipal, any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.programmes import NationalFigures, ProgrammeCreate, ProgrammeIdentity, ProgrammeRead, ProgrammeStatus
from api.services import programmes as service

router = APIRouter(tags=["programmes"], responses=error_responses(401, 403, 422))

Admin = Annotated[Principal, any_scope(Scope.admin)]
Platform = Annotated[Principal, any_scope(Scope.platform_admin)]
Network = Annotated[Principal, any_scope(Scope.network_read)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Year = Annotated[int, Path(ge=2000, le=2100, examples=[2026])]


@router.get("/programme", response_model=ProgrammeRead, responses=error_responses(404))
def read_programme(principal: AnyPrincipal, session: SessionDep) -> ProgrammeRead:
    """The programme one works for: its name and territory, its identity on documents, its visiting hours
    (404 for the platform's accounts, which work for none)."""
    return ProgrammeRead.model_validate(service.current(session))


@router.put("/programme", response_model=ProgrammeRead, responses=error_responses(404, 409))
def update_my_programme(principal: Admin, session: SessionDep, body: ProgrammeIdentity) -> ProgrammeRead:
    """Its administrator sets the programme's identity (issuer, address, signature, sender, logo), its
    visiting hours and whether the national figures name it."""
    return service.update_identity(session, principal, body)


@router.get("/platform/programmes", response_model=Page[ProgrammeRead])
def list_programmes(principal: Platform, session: SessionDep, paging: PagingDep) -> Page[ProgrammeRead]:
    """Every programme of the platform, by name."""
    return service.list_programmes(session, limit=paging.limit, offset=paging.offset)


@router.post("/platform/programmes", response_model=ProgrammeRead, status_code=201, responses=error_responses(409))
def create_programme(principal: Platform, session: SessionDep, request: Request, body: ProgrammeCreate) -> ProgrammeRead:
    """A new programme with its starter catalogues, the organisation that runs it and its first
    administrator, invited by e-mail to choose a password (409 when this server sends no e-mail)."""
    return service.create_programme(session, principal, body, settings=request.app.state.settings,
                                    base_url=str(request.base_url))


@router.patch("/platform/programmes/{programme_id}", response_model=ProgrammeRead, responses=error_responses(404))
def change_programme_status(principal: Platform, session: SessionDep, programme_id: Id, body: ProgrammeStatus) -> ProgrammeRead:
    """Open or close a programme: the people of a closed one can no longer log in; nothing is deleted."""
    return service.set_status(session, principal, programme_id, body)


@router.get("/national/{year}", response_model=NationalFigures, responses=error_responses(404))
def read_national_figures(principal: Network, session: SessionDep, request: Request, year: Year) -> NationalFigures:
    """The year across programmes: visits against each programme's objective, profiles, orientations and
    where they stand. Counts of 1 to 4 are suppressed (null); never a household."""
    return service.national_figures(session, principal, year, ZoneInfo(request.app.state.settings.timezone))
