"""The landlords' integration API: their consented dwellings, the shared technical synthesis (JSON
and PDF), works status updates, the log of webhooks sent to them and a test event. See
docs/integrations/landlords.md."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from pydantic import AwareDatetime

from api.access import Principal, Scope
from api.auth import any_scope
from api.conditional import CONDITIONAL_RESPONSES, IfNoneMatch, conditional_json
from api.deps import SessionDep
from api.errors import error_responses
from api.routers import examples
from api.routers.params import PagingDep
from api.schemas.attachments import LandlordAttachment
from api.schemas.common import Page
from api.schemas.followup import (
    LandlordDwelling,
    LandlordDwellingDetail,
    WebhookDeliveryRead,
    WebhookTestEvent,
    WorksUpdateCreate,
    WorksUpdateRead,
)
from api.services import attachments, idempotency, landlords, webhooks
from api.storage import Storage, get_storage

router = APIRouter(prefix="/landlord", tags=["landlord"], responses=error_responses(401, 403, 404, 422, 429))

Reader = Annotated[Principal, any_scope(Scope.landlord_read)]
Writer = Annotated[Principal, any_scope(Scope.landlord_write)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647, description="The dwelling's id (its household's).",
                         examples=[13])]


@router.get("/dwellings", response_model=Page[LandlordDwelling],
            responses=examples.json_response(examples.DWELLING_PAGE, CONDITIONAL_RESPONSES))
def list_dwellings(
    principal: Reader, session: SessionDep, paging: PagingDep,
    changed_since: Annotated[AwareDatetime | None, Query(
        description="Only dwellings whose `last_change_at` is strictly after this instant: ISO 8601 with a "
                    "zone (`Z` or `+01:00`; a time without a zone is refused). Pass back the largest "
                    "`last_change_at` you processed; items come oldest change first. Times are the server's "
                    "UTC clock, to the microsecond, never yours: see « Polling » in the landlords' guide.",
        examples=["2026-11-01T00:00:00Z"])] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Your dwellings whose tenant consents to share with you, oldest change first. Answers `304` when
    the page you hold (its `ETag`) is still current."""
    return conditional_json(landlords.list_dwellings(session, principal, changed_since, paging.limit, paging.offset),
                            if_none_match)


@router.get("/dwellings/{household_id}", response_model=LandlordDwellingDetail,
            responses=examples.json_response(examples.DWELLING_DETAIL, CONDITIONAL_RESPONSES))
def read_dwelling(principal: Reader, session: SessionDep, household_id: Id,
                  if_none_match: IfNoneMatch = None) -> Response:
    """The technical synthesis shared with you: prioritised works, estimated effects and costs. Answers
    `304` when the representation you hold (its `ETag`) is still current."""
    return conditional_json(landlords.read_dwelling(session, principal, household_id), if_none_match)


@router.get("/dwellings/{household_id}/technical-synthesis.pdf", response_class=Response,
            responses={200: {"description": "The PDF the SLIME team would post to you.",
                             "content": {"application/pdf": {}}}})
def technical_synthesis_pdf(principal: Reader, session: SessionDep, household_id: Id) -> Response:
    content, filename = landlords.technical_pdf(session, principal, household_id)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.get("/dwellings/{household_id}/attachments", response_model=Page[LandlordAttachment],
            responses=examples.json_response(examples.ATTACHMENT_PAGE))
def list_dwelling_attachments(principal: Reader, session: SessionDep, household_id: Id,
                              paging: PagingDep) -> Page[LandlordAttachment]:
    """The technical photos of your dwelling taken at the visit (damp and mould, meters, heating, other
    technical findings), newest first; never the household's documents or other photos."""
    return attachments.list_for_landlord(session, principal, household_id, paging.limit, paging.offset)


@router.get("/dwellings/{household_id}/attachments/{attachment_id}/content", response_class=Response,
            responses={200: {"description": "The photo, a JPEG without metadata.", "content": {"image/jpeg": {}}}})
def download_dwelling_attachment(
    principal: Reader, session: SessionDep, storage: Annotated[Storage, Depends(get_storage)], household_id: Id,
    attachment_id: Annotated[int, Path(ge=1, le=2_147_483_647, description="The photo's id (from the list).",
                                       examples=[41])],
) -> Response:
    data, content_type, name = attachments.landlord_content(session, principal, storage, household_id, attachment_id)
    return Response(data, media_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


@router.post("/dwellings/{household_id}/works-updates", response_model=WorksUpdateRead, status_code=201,
             responses=examples.json_response(examples.WORKS_UPDATE_READ, error_responses(409), status=201),
             openapi_extra=examples.request_body(examples.WORKS_UPDATE_CREATE))
def post_works_update(
    principal: Writer, session: SessionDep, household_id: Id, body: WorksUpdateCreate,
    idempotency_key: Annotated[str | None, Header(
        max_length=200, description="Your unique id for this update (a work order's, say): a retry with the "
                                    "same key and body answers as the first time and creates nothing; the same "
                                    "key with another body is refused (409).",
        examples=["jh-13-p1-2026-11-20"])] = None,
) -> WorksUpdateRead:
    """Report a recommended work as planned, started, done or refused (with date and actual cost)."""
    return idempotency.run_once(session, principal, idempotency_key, body, 201, WorksUpdateRead,
                                lambda: landlords.post_works_update(session, principal, household_id, body),
                                target=f"dwelling:{household_id}", household_id=household_id)


@router.get("/webhook-deliveries", response_model=Page[WebhookDeliveryRead],
            responses=examples.json_response(examples.DELIVERY_PAGE))
def list_webhook_deliveries(principal: Reader, session: SessionDep, paging: PagingDep) -> Page[WebhookDeliveryRead]:
    """The log of webhooks sent (or being retried) to your systems."""
    return webhooks.deliveries(session, organisation_id=principal.organisation_id, subscription_id=None,
                               limit=paging.limit, offset=paging.offset)


@router.post("/webhook-test-events", response_model=WebhookTestEvent, status_code=202,
             responses=examples.json_response(examples.TEST_EVENT, status=202))
def send_webhook_test_event(principal: Writer, session: SessionDep) -> WebhookTestEvent:
    """Queue a `webhook.test` event to each of your active webhook endpoints, signed and retried like any
    other: check your receiver, then read its delivery in `GET /landlord/webhook-deliveries`."""
    return webhooks.send_test_event(session, principal)
