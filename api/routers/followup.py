"""Orientation follow-up: the catalogue of types, the board, each orientation's log, the
household's follow-up and closing the case."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import OrientationStatus
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.followup import (
    CloseRequest,
    FollowUpNoteCreate,
    HandoverCreate,
    HouseholdFollowUp,
    OrientationCreate,
    OrientationRead,
    OrientationSummary,
    OrientationTransition,
    OrientationTypeCreate,
    OrientationTypeRead,
    OrientationTypeWrite,
    OrientationUpdate,
    ReopenRequest,
)
from api.services import followup as service

router = APIRouter(tags=["followup"], responses=error_responses(401, 403, 404, 422))

Reader = Annotated[Principal, any_scope(Scope.households_read)]
Follower = Annotated[Principal, any_scope(Scope.followup_write)]
Admin = Annotated[Principal, any_scope(Scope.admin)]
HouseholdWriter = Annotated[Principal, any_scope(Scope.households_write)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Code = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,31}$")]


@router.get("/orientation-types", response_model=Page[OrientationTypeRead])
def list_orientation_types(
    _: Reader, session: SessionDep, paging: PagingDep,
    active: Annotated[bool | None, Query(description="true: only the types offered for new orientations; "
                                                     "false: only the retired ones; absent: all.")] = None,
) -> Page[OrientationTypeRead]:
    """The catalogue of orientation types by position (retired ones included, marked inactive)."""
    return service.list_types(session, active=active, limit=paging.limit, offset=paging.offset)


@router.post("/orientation-types", response_model=OrientationTypeRead, status_code=201)
def create_orientation_type(principal: Admin, session: SessionDep,
                            body: OrientationTypeCreate) -> OrientationTypeRead:
    """Add a type to the catalogue (its code is permanent; 422 if it exists)."""
    return service.create_type(session, principal, body)


@router.put("/orientation-types/{code}", response_model=OrientationTypeRead)
def update_orientation_type(principal: Admin, session: SessionDep, code: Code,
                            body: OrientationTypeWrite) -> OrientationTypeRead:
    """Rename, reorder or retire a type (a retired type stays on past orientations)."""
    return service.update_type(session, principal, code, body)


@router.get("/orientations", response_model=Page[OrientationSummary])
def follow_up_board(
    principal: Reader, session: SessionDep, paging: PagingDep,
    status: OrientationStatus | None = None,
    responsible_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    unit_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    kind: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,31}$")] = None,
    due: Annotated[Literal["overdue", "soon"] | None, Query(
        description="overdue: past due and not settled; soon: due within 14 days (overdue included).")] = None,
) -> Page[OrientationSummary]:
    """The follow-up board: orientations within your reach, by due date (undated last)."""
    return service.board(session, principal, status=status, responsible_id=responsible_id, unit_id=unit_id,
                         kind=kind, due=due, limit=paging.limit, offset=paging.offset)


@router.get("/orientations/{orientation_id}", response_model=OrientationRead)
def read_orientation(principal: Reader, session: SessionDep, orientation_id: Id) -> OrientationRead:
    return service.read(session, principal, orientation_id)


@router.patch("/orientations/{orientation_id}", response_model=OrientationRead, responses=error_responses(409))
def update_orientation(principal: Follower, session: SessionDep, orientation_id: Id,
                       body: OrientationUpdate) -> OrientationRead:
    """Change the person responsible, the due date, the partner or the wording."""
    return service.update(session, principal, orientation_id, body)


@router.post("/orientations/{orientation_id}/transitions", response_model=OrientationRead,
             responses=error_responses(409))
def transition_orientation(principal: Follower, session: SessionDep, orientation_id: Id,
                           body: OrientationTransition) -> OrientationRead:
    """proposed → in progress → obtained | refused | abandoned (and reopen)."""
    return service.transition(session, principal, orientation_id, body)


@router.post("/orientations/{orientation_id}/notes", response_model=OrientationRead, status_code=201)
def add_follow_up_note(principal: Follower, session: SessionDep, orientation_id: Id,
                       body: FollowUpNoteCreate) -> OrientationRead:
    """One line of the follow-up log: date, who was contacted, what was said."""
    return service.add_note(session, principal, orientation_id, body)


@router.post("/orientations/{orientation_id}/handover", response_model=OrientationRead,
             responses=error_responses(409))
def hand_over_orientation(principal: Follower, session: SessionDep, orientation_id: Id,
                          body: HandoverCreate) -> OrientationRead:
    """Record that the household's social referent takes this orientation over."""
    return service.hand_over(session, principal, orientation_id, body)


@router.post("/households/{household_id}/orientations", response_model=OrientationRead, status_code=201,
             responses=error_responses(409))
def create_orientation(principal: Follower, session: SessionDep, household_id: Id,
                       body: OrientationCreate) -> OrientationRead:
    """Add an orientation during the follow-up (outside a report)."""
    return service.create(session, principal, household_id, body)


@router.get("/households/{household_id}/follow-up", response_model=HouseholdFollowUp)
def household_follow_up(principal: Reader, session: SessionDep, household_id: Id) -> HouseholdFollowUp:
    """Every orientation with its log, the landlord's works updates, and whether the case can be closed."""
    return service.household_follow_up(session, principal, household_id)


@router.post("/households/{household_id}/close", response_model=HouseholdFollowUp, responses=error_responses(409))
def close_household(principal: HouseholdWriter, session: SessionDep, household_id: Id,
                    body: CloseRequest) -> HouseholdFollowUp:
    """Close the case with a closing summary, once every orientation is settled."""
    return service.close(session, principal, household_id, body)


@router.post("/households/{household_id}/reopen", response_model=HouseholdFollowUp, responses=error_responses(409))
def reopen_household(principal: HouseholdWriter, session: SessionDep, household_id: Id,
                     body: ReopenRequest) -> HouseholdFollowUp:
    return service.reopen(session, principal, household_id, body)
