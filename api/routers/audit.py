"""The audit trail, for managers and administrators."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.access import Scope
from api.auth import allow
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.audit import AuditEventRead
from api.schemas.common import Page
from api.services import audit as service

router = APIRouter(prefix="/audit-events", tags=["audit"], responses=error_responses(401, 403, 422))

MaxId = Query(ge=1, le=2_147_483_647)


@router.get("", response_model=Page[AuditEventRead])
def list_audit_events(
    principal: allow(Scope.audit_read),
    session: SessionDep,
    paging: PagingDep,
    household_id: Annotated[int | None, MaxId] = None,
    actor_id: Annotated[int | None, MaxId] = None,
    action: Annotated[str | None, Query(max_length=32)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[AuditEventRead]:
    """Who read or changed what, newest first."""
    return service.list_events(session, principal, household_id=household_id, actor_id=actor_id, action=action,
                               entity=entity, limit=paging.limit, offset=paging.offset)
