"""Webhook subscriptions of landlords' systems (set up by an administrator) and their delivery log."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.followup import (
    WebhookDeliveryRead,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionRead,
    WebhookTestEvent,
)
from api.services import webhooks

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"], responses=error_responses(401, 403, 422))

Admin = Annotated[Principal, any_scope(Scope.admin)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("", response_model=Page[WebhookSubscriptionRead])
def list_subscriptions(_: Admin, session: SessionDep, paging: PagingDep) -> Page[WebhookSubscriptionRead]:
    """Landlords' endpoints, active or not, oldest first."""
    return webhooks.list_subscriptions(session, limit=paging.limit, offset=paging.offset)


@router.post("", response_model=WebhookSubscriptionCreated, status_code=201)
def subscribe(principal: Admin, session: SessionDep, request: Request,
              body: WebhookSubscriptionCreate) -> WebhookSubscriptionCreated:
    """Register a landlord's public HTTPS endpoint; the signing secret is shown once."""
    return webhooks.subscribe(session, principal, body, request.app.state.settings)


@router.delete("/{subscription_id}", status_code=204, responses=error_responses(404))
def deactivate(principal: Admin, session: SessionDep, subscription_id: Id) -> None:
    webhooks.deactivate(session, principal, subscription_id)


@router.post("/{subscription_id}/test", response_model=WebhookTestEvent, status_code=202,
             responses=error_responses(404, 409))
def send_subscription_test_event(principal: Admin, session: SessionDep, subscription_id: Id) -> WebhookTestEvent:
    """Queue a `webhook.test` event for this endpoint only; it goes out like any event (signed, retried)
    and appears in the delivery log. 409 if the subscription is deactivated."""
    return webhooks.send_subscription_test_event(session, principal, subscription_id)


@router.get("/deliveries", response_model=Page[WebhookDeliveryRead])
def list_deliveries(_: Admin, session: SessionDep, paging: PagingDep,
                    subscription_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
                    ) -> Page[WebhookDeliveryRead]:
    return webhooks.deliveries(session, organisation_id=None, subscription_id=subscription_id,
                               limit=paging.limit, offset=paging.offset)
