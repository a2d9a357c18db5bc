"""The visit's photos and documents: upload (idempotent, for the SPA's offline queue), list, download,
delete. The landlord's view of the technical photos is on the landlord router."""

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, Path, Query, Request, Response, UploadFile
from pydantic import AwareDatetime

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import AttachmentKind
from api.routers.params import PagingDep
from api.schemas.attachments import AttachmentRead, UploadFingerprint
from api.schemas.common import Page
from api.services import attachments as service
from api.services import idempotency
from api.services.uploads import too_large
from api.storage import Storage, get_storage

router = APIRouter(tags=["attachments"], responses=error_responses(401, 403, 404, 422))

Uploader = Annotated[Principal, any_scope(Scope.diagnostics_write)]
Reader = Annotated[Principal, any_scope(Scope.households_read)]
Remover = Annotated[Principal, any_scope(Scope.diagnostics_write, Scope.households_write, Scope.team_oversee)]

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
StorageDep = Annotated[Storage, Depends(get_storage)]
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"description": "The file: a JPEG photo (re-encoded, without metadata) or a PDF.",
                       "content": {"image/jpeg": {}, "application/pdf": {}}}}
NO_STORE = "private, no-store"


def file_response(data: bytes, content_type: str, name: str) -> Response:
    return Response(data, media_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": NO_STORE,
        "X-Content-Type-Options": "nosniff"})


@router.post("/visits/{visit_id}/attachments", response_model=AttachmentRead, status_code=201,
             responses=error_responses(409, 413, 415))
def add_attachment(
    principal: Uploader, session: SessionDep, storage: StorageDep, request: Request,
    visit_id: Id,
    file: Annotated[UploadFile, File(description="The photo (JPEG, PNG, WebP) or the PDF. Its type is read from "
                                                 "its content, not its name.")],
    kind: Annotated[AttachmentKind, Form()],
    caption: Annotated[str, Form(max_length=300)] = "",
    taken_at: Annotated[AwareDatetime | None, Form(description="When the device took the photo (ISO 8601 with a "
                                                               "zone).")] = None,
    idempotency_key: Annotated[str | None, Header(
        max_length=200, description="The device's id for this upload: a retry with the same key and file answers "
                                    "as the first time and stores nothing new; the same key with another file or "
                                    "other fields is refused (409).")] = None,
) -> AttachmentRead:
    """Attach a photo or a document to the visit (the visit's pair, the coordination). Images are turned
    upright, reduced to 2048 px on their long side and re-encoded as JPEG without any metadata (the GPS
    position of a phone's photo included); a PDF is kept as sent. Too large: 413; not an accepted type:
    415."""
    max_bytes = request.app.state.settings.attachment_max_bytes
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    caption = caption.strip()
    fingerprint = UploadFingerprint(kind=kind, caption=caption, taken_at=taken_at, size_bytes=len(data),
                                    sha256=hashlib.sha256(data).hexdigest())
    return idempotency.run_once(
        session, principal, idempotency_key, fingerprint, 201, AttachmentRead,
        lambda: service.upload(session, principal, storage, visit_id, kind=kind, caption=caption, taken_at=taken_at,
                               data=data, max_bytes=max_bytes, client_key=idempotency_key),
        target=f"visit:{visit_id}")


@router.get("/households/{household_id}/attachments", response_model=Page[AttachmentRead])
def list_attachments(
    principal: Reader, session: SessionDep, household_id: Id, paging: PagingDep,
    visit_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    kind: Annotated[list[AttachmentKind], Query(max_length=len(AttachmentKind))] = [],  # noqa: B006 (FastAPI copies it)
) -> Page[AttachmentRead]:
    """The household's photos and documents, newest first (metadata; the bytes at each `content_url`)."""
    return service.list_for_household(session, principal, household_id, visit_id=visit_id, kinds=kind,
                                      limit=paging.limit, offset=paging.offset)


@router.get("/attachments/{attachment_id}/content", response_class=Response, responses=FILE_RESPONSE)
def download_attachment(principal: Reader, session: SessionDep, storage: StorageDep,
                        attachment_id: Id) -> Response:
    """The photo or document itself (recorded in the audit trail: it is personal data)."""
    return file_response(*service.read_content(session, principal, storage, attachment_id))


@router.delete("/attachments/{attachment_id}", status_code=204)
def delete_attachment(principal: Remover,
                      session: SessionDep, storage: StorageDep, attachment_id: Id) -> Response:
    """Remove a photo or document (its author, the coordination, the managers); the file goes with it."""
    service.delete(session, principal, storage, attachment_id)
    return Response(status_code=204)
