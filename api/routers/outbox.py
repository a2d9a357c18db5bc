"""The local outbox of the development mail backend: what would have been e-mailed, for administrators."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.reports import OutboxMessage
from api.services import audit, mail

router = APIRouter(prefix="/outbox", tags=["outbox"], responses=error_responses(401, 403))

Admin = Annotated[Principal, any_scope(Scope.admin)]


@router.get("", response_model=Page[OutboxMessage])
def list_outbox(principal: Admin, session: SessionDep, request: Request, paging: PagingDep) -> Page[OutboxMessage]:
    """Messages the `file` mail backend wrote instead of sending them (newest first; empty otherwise)."""
    page = Page.slice(mail.outbox_messages(request.app.state.settings), limit=paging.limit, offset=paging.offset)
    audit.record(session, principal, "list", "outbox_message", detail={"count": len(page.items)})
    return page


@router.get("/{file_name}", response_class=Response, responses={
    200: {"content": {"message/rfc822": {}}}, **error_responses(404, 422)})
def download_outbox_message(principal: Admin, session: SessionDep, request: Request,
                            file_name: Annotated[str, Path(max_length=80)]) -> Response:
    """One message as an .eml file, with its PDF attachment."""
    content = mail.outbox_file(request.app.state.settings, file_name)
    audit.record(session, principal, "read", "outbox_message", detail={"file_name": file_name})
    return Response(content, media_type="message/rfc822",
                    headers={"Content-Disposition": f'attachment; filename="{file_name}"'})
