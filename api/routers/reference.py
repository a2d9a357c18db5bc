"""Reference tables (dated values with sources) and the small-equipment catalogue."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.conditional import CONDITIONAL_RESPONSES, IfNoneMatch, conditional_json
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.diagnostics import (
    EquipmentItemRead,
    EquipmentItemWrite,
    ReferenceTableRead,
    ReferenceValueCreate,
    ReferenceValueRead,
)
from api.schemas.vocabulary import EnergyVocabulary
from api.services import reference_data, vocabulary

router = APIRouter(tags=["reference"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.directory_read, Scope.admin)]
Admin = Annotated[Principal, any_scope(Scope.admin)]


@router.get("/reference-values", response_model=Page[ReferenceValueRead])
def list_reference_values(
    _: Reader, session: SessionDep, paging: PagingDep,
    table_name: Annotated[str | None, Query(max_length=64)] = None,
    key: Annotated[str | None, Query(max_length=64, description="One key's history (with `table_name`).")] = None,
    in_force_only: Annotated[bool, Query(description="Only the value in force today for each key.")] = False,
) -> Page[ReferenceValueRead]:
    """Dated values with their source, by table, key and date; `in_force` marks the one used today."""
    return reference_data.list_values(session, table_name=table_name, key=key, in_force_only=in_force_only,
                                      on=date.today(), limit=paging.limit, offset=paging.offset)


@router.get("/reference-tables", response_model=Page[ReferenceTableRead])
def list_reference_tables(_: Reader, session: SessionDep, paging: PagingDep) -> Page[ReferenceTableRead]:
    """The reference tables, with their number of keys and of values in force « à renseigner »."""
    return reference_data.list_tables(session, on=date.today(), limit=paging.limit, offset=paging.offset)


@router.post("/reference-values", response_model=ReferenceValueRead, status_code=201, responses=error_responses(409))
def add_reference_value(principal: Admin, session: SessionDep, body: ReferenceValueCreate) -> ReferenceValueRead:
    """A new value for an existing key, from a date on (history is kept). A value already dated that day for
    the key answers 409: a recorded value is never overwritten."""
    return reference_data.add_value(session, principal, body)


@router.get("/reference/energy-vocabulary", response_model=EnergyVocabulary, responses=CONDITIONAL_RESPONSES)
def read_energy_vocabulary(_: Reader, session: SessionDep, if_none_match: IfNoneMatch = None) -> Response:
    """The energy vocabulary: each enum's values with their French labels, in the order a form lists them, and
    per energy the units a bill may use (the first is a new bill's default) with the kWh conversion factors in
    force today. Read once and kept by the SPA (also for offline use); answers `304` when the copy you hold
    (its `ETag`) is still current."""
    return conditional_json(vocabulary.energy_vocabulary(session), if_none_match)


@router.get("/equipment-catalogue", response_model=Page[EquipmentItemRead])
def list_equipment(_: Reader, session: SessionDep, paging: PagingDep) -> Page[EquipmentItemRead]:
    """Small equipment that can be installed during a visit, by name (retired items included)."""
    return reference_data.list_equipment(session, limit=paging.limit, offset=paging.offset)


@router.post("/equipment-catalogue", response_model=EquipmentItemRead, status_code=201)
def add_equipment(principal: Admin, session: SessionDep, body: EquipmentItemWrite) -> EquipmentItemRead:
    """Add an item to the catalogue."""
    return reference_data.save_equipment(session, principal, body)


@router.put("/equipment-catalogue/{item_id}", response_model=EquipmentItemRead, responses=error_responses(404))
def update_equipment(principal: Admin, session: SessionDep, item_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
                     body: EquipmentItemWrite) -> EquipmentItemRead:
    """Change an item's cost, saving or source."""
    return reference_data.save_equipment(session, principal, body, item_id)
