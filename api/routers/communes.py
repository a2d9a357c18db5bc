"""Communes: suggestions for address fields, and the territorial unit of each (administrators edit it)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.communes import CommuneRead, CommuneUpdate
from api.services import communes as service

router = APIRouter(prefix="/communes", tags=["communes"], responses=error_responses(401, 403, 422))

# Public reference data: staff read the directory; alert givers need it to fill in a referral.
Reader = Annotated[Principal, any_scope(Scope.directory_read, Scope.referrals_submit, Scope.admin)]
Admin = Annotated[Principal, any_scope(Scope.admin)]
InseeCode = Annotated[str, Path(pattern=r"^[0-9][0-9ABab][0-9]{3}$")]


@router.get("", response_model=Page[CommuneRead])
def list_communes(
    _: Reader,
    session: SessionDep,
    paging: PagingDep,
    postcode: Annotated[str | None, Query(pattern=r"^[0-9]{2,5}$", description="A postal code or its first digits")] = None,
    q: Annotated[str | None, Query(max_length=120, description="Start of the name (accents ignored)")] = None,
    unit_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    outside_units: Annotated[bool | None, Query(description="true: only communes outside every unit")] = None,
) -> Page[CommuneRead]:
    """Communes by postal code or name, with the territorial unit serving each."""
    filters = service.CommuneFilters(q=q, postcode=postcode, unit_id=unit_id, outside_units=outside_units)
    return service.list_communes(session, filters, limit=paging.limit, offset=paging.offset)


@router.patch("/{insee_code}", response_model=CommuneRead, responses=error_responses(404))
def update_commune(principal: Admin, session: SessionDep, insee_code: InseeCode, body: CommuneUpdate) -> CommuneRead:
    """Change the territorial unit serving a commune (null: outside every unit) or its postal codes.
    Households created or moved there afterwards take the new unit; existing ones keep theirs."""
    return service.update_commune(session, principal, insee_code, body)
