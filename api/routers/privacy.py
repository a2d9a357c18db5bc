"""GDPR requests on a household: subject access (JSON or PDF) and erasure."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import Field

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.documents.subject_access import render_subject_access
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.audit import AuditEventRead
from api.schemas.common import Page, WriteModel
from api.services import audit, privacy, programmes
from api.storage import Storage, get_storage

router = APIRouter(prefix="/households", tags=["privacy"], responses=error_responses(401, 403, 404, 422))

PrivacyManager = Annotated[Principal, any_scope(Scope.privacy_manage)]
Admin = Annotated[Principal, any_scope(Scope.admin)]
AccessLogReader = Annotated[Principal, any_scope(Scope.privacy_manage, Scope.audit_read)]

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


class ErasureRequest(WriteModel):
    reason: Annotated[str, Field(min_length=5, max_length=2000, description="The request and why no exception applies.")]


@router.get("/{household_id}/subject-access", response_model=dict[str, Any],
            responses={200: {"content": {"application/json": {}, "application/pdf": {}}}})
def subject_access(principal: PrivacyManager, session: SessionDep, household_id: Id,
                   format: Annotated[Literal["json", "pdf"], Query()] = "json") -> Any:
    """Everything held on the household, and who accessed its record (GDPR art. 15)."""
    data = privacy.subject_access(session, principal, household_id)
    if format == "pdf":
        return Response(render_subject_access(data, programmes.current(session).issuer_name), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="acces-donnees-{household_id}.pdf"'})
    return data


@router.post("/{household_id}/erase", status_code=204, responses=error_responses(409))
def erase(principal: Admin, session: SessionDep, storage: Annotated[Storage, Depends(get_storage)],
          household_id: Id, body: ErasureRequest) -> Response:
    """Erasure on request (GDPR art. 17): anonymise now, keep the statistics and the audit trail; the
    photos and documents are deleted, files included."""
    privacy.erase(session, principal, storage, household_id, body.reason)
    return Response(status_code=204)


@router.get("/{household_id}/access-log", response_model=Page[AuditEventRead])
def list_household_access_log(principal: AccessLogReader, session: SessionDep,
                              household_id: Id, paging: PagingDep) -> Page[AuditEventRead]:
    """Who read or changed this household's record, newest first (« Qui a consulté ce dossier »), with
    names and French labels. Consulting it is itself recorded."""
    return audit.access_log(session, principal, household_id, limit=paging.limit, offset=paging.offset)
