"""Reference tables (dated values with sources) and the small-equipment catalogue."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Scope
from api.auth import allow
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas.diagnostics import EquipmentItemRead, EquipmentItemWrite, ReferenceValueCreate, ReferenceValueRead
from api.services import reference_data

router = APIRouter(tags=["reference"], responses=error_responses(401, 403, 422))

Reader = allow(Scope.directory_read, Scope.admin)
Admin = allow(Scope.admin)


@router.get("/reference-values", response_model=list[ReferenceValueRead])
def list_reference_values(_: Reader, session: SessionDep,
                          table_name: Annotated[str | None, Query(max_length=64)] = None) -> list[ReferenceValueRead]:
    """Every dated value with its source; `in_force` marks the one used today."""
    return reference_data.list_values(session, table_name, date.today())


@router.post("/reference-values", response_model=ReferenceValueRead, status_code=201)
def add_reference_value(principal: Admin, session: SessionDep, body: ReferenceValueCreate) -> ReferenceValueRead:
    """A new value for an existing key, from a date on (history is kept)."""
    return reference_data.add_value(session, principal, body)


@router.get("/equipment-catalogue", response_model=list[EquipmentItemRead])
def list_equipment(_: Reader, session: SessionDep) -> list[EquipmentItemRead]:
    """Small equipment that can be installed during a visit."""
    return reference_data.list_equipment(session)


@router.post("/equipment-catalogue", response_model=EquipmentItemRead, status_code=201)
def add_equipment(principal: Admin, session: SessionDep, body: EquipmentItemWrite) -> EquipmentItemRead:
    """Add an item to the catalogue."""
    return reference_data.save_equipment(session, principal, body)


@router.put("/equipment-catalogue/{item_id}", response_model=EquipmentItemRead, responses=error_responses(404))
def update_equipment(principal: Admin, session: SessionDep, item_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
                     body: EquipmentItemWrite) -> EquipmentItemRead:
    """Change an item's cost, saving or source."""
    return reference_data.save_equipment(session, principal, body, item_id)
