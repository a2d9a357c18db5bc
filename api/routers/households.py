"""Households, their consents and advisor assignments."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import HouseholdStatus
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.households import (
    ConsentCreate,
    ConsentRead,
    HouseholdCreate,
    HouseholdRead,
    HouseholdSummary,
    HouseholdUpdate,
)
from api.services import households as service

router = APIRouter(prefix="/households", tags=["households"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.households_read)]
Writer = Annotated[Principal, any_scope(Scope.households_write)]
ConsentWriter = Annotated[Principal, any_scope(Scope.consents_write)]
Assigner = Annotated[Principal, any_scope(Scope.households_assign)]
HouseholdId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("", response_model=Page[HouseholdSummary])
def list_households(
    principal: Reader,
    session: SessionDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(max_length=100, description="Name, commune or phone")] = None,
    commune: Annotated[str | None, Query(max_length=120)] = None,
    unit_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    status: HouseholdStatus | None = None,
) -> Page[HouseholdSummary]:
    """Households within your reach, most recently changed first."""
    filters = service.HouseholdFilters(q=q, commune=commune, unit_id=unit_id, status=status)
    return service.list_households(session, principal, filters, limit=paging.limit, offset=paging.offset)


@router.post("", response_model=HouseholdRead, status_code=201)
def create_household(principal: Writer, session: SessionDep, body: HouseholdCreate) -> HouseholdRead:
    """Create a household with its members and, optionally, its dwelling."""
    return service.create_household(session, principal, body)


@router.get("/{household_id}", response_model=HouseholdRead, responses=error_responses(404))
def read_household(principal: Reader, session: SessionDep, household_id: HouseholdId) -> HouseholdRead:
    """One household (the read is recorded in the audit trail)."""
    return service.read_household(session, principal, household_id)


@router.patch("/{household_id}", response_model=HouseholdRead, responses=error_responses(404, 409))
def update_household(
    principal: Writer, session: SessionDep, household_id: HouseholdId, body: HouseholdUpdate
) -> HouseholdRead:
    """Change a household. Send the `version` you read: a stale one answers 409."""
    return service.update_household(session, principal, household_id, body)


@router.post("/{household_id}/consents", response_model=ConsentRead, status_code=201,
             responses=error_responses(404, 409))
def add_consent(
    principal: ConsentWriter, session: SessionDep, household_id: HouseholdId, body: ConsentCreate
) -> ConsentRead:
    """Record a consent the household gave now, for one purpose."""
    return service.add_consent(session, principal, household_id, body)


@router.post("/{household_id}/consents/{consent_id}/revoke", response_model=ConsentRead,
             responses=error_responses(404, 409))
def revoke_consent(
    principal: ConsentWriter, session: SessionDep, household_id: HouseholdId,
    consent_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> ConsentRead:
    """Record that the household withdrew this consent; sharing stops at once."""
    return service.revoke_consent(session, principal, household_id, consent_id)


@router.put("/{household_id}/advisors/{user_id}", response_model=HouseholdRead, responses=error_responses(404))
def assign_advisor(
    principal: Assigner, session: SessionDep, household_id: HouseholdId,
    user_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> HouseholdRead:
    """Give an energy advisor access to this household."""
    return service.assign_advisor(session, principal, household_id, user_id)


@router.delete("/{household_id}/advisors/{user_id}", response_model=HouseholdRead, responses=error_responses(404))
def unassign_advisor(
    principal: Assigner, session: SessionDep, household_id: HouseholdId,
    user_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> HouseholdRead:
    """Withdraw an energy advisor's access to this household."""
    return service.unassign_advisor(session, principal, household_id, user_id)

