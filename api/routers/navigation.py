"""Finding one's way: a household's timeline and the global search of the header."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.navigation import SearchResult, TimelineEntry
from api.services import search as search_service
from api.services import timeline as timeline_service

router = APIRouter(tags=["navigation"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.households_read)]
Searcher = Annotated[Principal, any_scope(Scope.households_read, Scope.referrals_read, Scope.referrals_submit)]

HouseholdId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/households/{household_id}/timeline", response_model=Page[TimelineEntry],
            responses=error_responses(404))
def read_household_timeline(
    principal: Reader, session: SessionDep, paging: PagingDep, household_id: HouseholdId,
) -> Page[TimelineEntry]:
    """The household's file as a timeline, newest first: referrals, visits, diagnostics, syntheses, reports
    and orientations, each only if you may open it, with the SPA path that opens it (the read is audited)."""
    return timeline_service.household_timeline(session, principal, household_id,
                                               limit=paging.limit, offset=paging.offset)


@router.get("/search", response_model=Page[SearchResult])
def list_search_results(
    principal: Searcher,
    session: SessionDep,
    paging: PagingDep,
    q: Annotated[str, Query(max_length=100, description="At least 2 characters: a name, a phone number, a "
                                                        "commune, a referral number (12, n° 12) or a report "
                                                        "reference (CR-12-1).")],
) -> Page[SearchResult]:
    """Households, referrals and reports matching `q` among those you may see (households first)."""
    return search_service.search(session, principal, q, limit=paging.limit, offset=paging.offset)
