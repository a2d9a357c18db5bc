"""The landlords' integration API: their consented dwellings, the shared technical synthesis (JSON
and PDF), works status updates, and the log of webhooks sent to them. See docs/integrations/landlords.md."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from api.access import Scope
from api.auth import allow
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.followup import LandlordDwelling, LandlordDwellingDetail, WebhookDeliveryRead, WorksUpdateCreate, WorksUpdateRead
from api.services import idempotency, landlords, webhooks

router = APIRouter(prefix="/landlord", tags=["landlord"], responses=error_responses(401, 403, 404, 422))

Reader = allow(Scope.landlord_read)
Writer = allow(Scope.landlord_write)
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/dwellings", response_model=Page[LandlordDwelling])
def list_dwellings(
    principal: Reader, session: SessionDep, paging: PagingDep,
    changed_since: Annotated[datetime | None, Query(
        description="Only dwellings changed after this instant (ISO 8601 with zone). Poll with the last "
                    "`last_change_at` you saw; items come oldest change first.")] = None,
) -> Page[LandlordDwelling]:
    """Your dwellings whose tenant consents to share with you, oldest change first."""
    return landlords.list_dwellings(session, principal, changed_since, paging.limit, paging.offset)


@router.get("/dwellings/{household_id}", response_model=LandlordDwellingDetail)
def read_dwelling(principal: Reader, session: SessionDep, household_id: Id) -> LandlordDwellingDetail:
    """The technical synthesis shared with you: prioritised works, estimated effects and costs."""
    return landlords.read_dwelling(session, principal, household_id)


@router.get("/dwellings/{household_id}/technical-synthesis.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def technical_synthesis_pdf(principal: Reader, session: SessionDep, household_id: Id) -> Response:
    content, filename = landlords.technical_pdf(session, principal, household_id)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.post("/dwellings/{household_id}/works-updates", response_model=WorksUpdateRead, status_code=201,
             responses=error_responses(409))
def post_works_update(
    principal: Writer, session: SessionDep, household_id: Id, body: WorksUpdateCreate,
    idempotency_key: Annotated[str | None, Header(max_length=200, description="Retries with the same key create nothing new.")] = None,
) -> WorksUpdateRead:
    """Report a recommended work as planned, started, done or refused (with date and actual cost)."""
    return idempotency.run_once(session, principal, idempotency_key, body, 201, WorksUpdateRead,
                                lambda: landlords.post_works_update(session, principal, household_id, body),
                                target=f"dwelling:{household_id}", household_id=household_id)


@router.get("/webhook-deliveries", response_model=Page[WebhookDeliveryRead])
def list_webhook_deliveries(principal: Reader, session: SessionDep, paging: PagingDep) -> Page[WebhookDeliveryRead]:
    """The log of webhooks sent (or being retried) to your systems."""
    return webhooks.deliveries(session, organisation_id=principal.organisation_id, subscription_id=None,
                               limit=paging.limit, offset=paging.offset)
