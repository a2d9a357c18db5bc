"""Signed webhooks to landlords' systems: queued in the request's transaction, sent after it by a
dispatcher that retries with backoff and keeps a delivery log."""

import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.auth import Principal
from api.errors import InvalidInput, NotFound
from api.models import LANDLORD_KINDS, Organisation, WebhookDelivery, WebhookSubscription
from api.schemas.common import Page, Ref
from api.schemas.followup import (
    WebhookDeliveryRead,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionRead,
)
from api.security import sign_webhook
from api.services import audit

# Delay before attempt n+1 after n failed attempts; after the last one the delivery is given up.
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1),
           timedelta(hours=6), timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 50
logger = logging.getLogger("binome.webhooks")


def _read(row: WebhookSubscription, organisation: Organisation) -> WebhookSubscriptionRead:
    return WebhookSubscriptionRead(id=row.id, organisation=Ref(id=organisation.id, name=organisation.name),
                                   url=row.url, active=row.active, created_at=row.created_at)


def subscribe(session: Session, principal: Principal, data: WebhookSubscriptionCreate) -> WebhookSubscriptionCreated:
    organisation = session.get(Organisation, data.organisation_id)
    if organisation is None or organisation.kind not in LANDLORD_KINDS:
        raise InvalidInput("organisation_id", "Les webhooks sont réservés aux bailleurs.")
    row = WebhookSubscription(organisation_id=organisation.id, url=data.url, secret=f"whsec_{secrets.token_urlsafe(32)}",
                              created_by_id=principal.user_id)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "webhook_subscription", row.id, detail={"organisation_id": organisation.id})
    return WebhookSubscriptionCreated(**_read(row, organisation).model_dump(), secret=row.secret)


def list_subscriptions(session: Session) -> list[WebhookSubscriptionRead]:
    rows = session.exec(select(WebhookSubscription, Organisation)
                        .join(Organisation, col(WebhookSubscription.organisation_id) == Organisation.id)
                        .order_by(col(WebhookSubscription.id))).all()
    return [_read(s, o) for s, o in rows]


def deactivate(session: Session, principal: Principal, subscription_id: int) -> None:
    row = session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound("Abonnement introuvable.")
    row.active = False
    session.add(row)
    audit.record(session, principal, "delete", "webhook_subscription", row.id)


def deliveries(session: Session, *, organisation_id: int | None, subscription_id: int | None,
               limit: int, offset: int) -> Page[WebhookDeliveryRead]:
    stmt = select(WebhookDelivery).join(WebhookSubscription,
                                        col(WebhookDelivery.subscription_id) == WebhookSubscription.id)
    if organisation_id is not None:
        stmt = stmt.where(WebhookSubscription.organisation_id == organisation_id)
    if subscription_id is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id == subscription_id)
    rows = session.exec(stmt.order_by(col(WebhookDelivery.id).desc()).limit(limit + 1).offset(offset)).all()
    items = [WebhookDeliveryRead.model_validate(d) for d in rows[:limit]]
    return Page(items=items, total=offset + len(rows), next=offset + limit if len(rows) > limit else None)


def enqueue(session: Session, organisation_id: int, event: str, data: dict[str, Any]) -> int:
    """Queue one event for every active subscription of the organisation, in the caller's transaction
    (so nothing is announced that was rolled back)."""
    subscriptions = session.exec(select(WebhookSubscription).where(
        WebhookSubscription.organisation_id == organisation_id, col(WebhookSubscription.active).is_(True))).all()
    event_id = f"evt_{uuid.uuid4().hex}"
    now = datetime.now(UTC)
    payload = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
    session.add_all(WebhookDelivery(subscription_id=s.id, event_id=event_id, event=event, payload=payload,
                                    next_attempt_at=now) for s in subscriptions)
    return len(subscriptions)


def signed_request(secret: str, delivery: WebhookDelivery, now: datetime) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(now.timestamp())
    return body, {
        "Content-Type": "application/json",
        "User-Agent": "Binome-Webhooks/1",
        "X-Binome-Event": delivery.event,
        "X-Binome-Delivery": delivery.event_id,
        "X-Binome-Timestamp": str(timestamp),
        "X-Binome-Signature": f"sha256={sign_webhook(secret, timestamp, body)}",
    }


def dispatch_due(engine: Engine | None = None, *, timeout: float = 5,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sessions: Callable[[], Session] | None = None) -> int:
    """Try every delivery whose time has come, each in its own transaction; returns how many were tried.
    Rows are locked with SKIP LOCKED on PostgreSQL, so several workers never send the same one twice."""
    tried = 0
    new_session = sessions or (lambda: Session(engine))
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        while True:
            with new_session() as session:
                delivery = session.exec(
                    select(WebhookDelivery).where(WebhookDelivery.status == "pending",
                                                  col(WebhookDelivery.next_attempt_at) <= now())
                    .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
                    .limit(1).with_for_update(skip_locked=True)).first()
                if delivery is None or tried >= BATCH:
                    return tried
                subscription = session.get(WebhookSubscription, delivery.subscription_id)
                _attempt(client, subscription, delivery, now())
                session.add(delivery)
                session.commit()
                tried += 1


def _attempt(client: httpx.Client, subscription: WebhookSubscription, delivery: WebhookDelivery,
             at: datetime) -> None:
    delivery.attempts += 1
    if not subscription.active:
        delivery.status, delivery.last_error = "failed", "Abonnement désactivé."
        return
    body, headers = signed_request(subscription.secret, delivery, at)
    try:
        response = client.post(subscription.url, content=body, headers=headers)
        delivery.last_status_code, delivery.last_error = response.status_code, None
        if response.is_success:
            delivery.status, delivery.delivered_at = "delivered", at
            return
        delivery.last_error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        delivery.last_status_code, delivery.last_error = None, f"{type(exc).__name__}: {exc}"[:1000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = "failed"
    else:
        delivery.next_attempt_at = at + BACKOFF[delivery.attempts - 1]


def run_forever(engine: Engine, interval: float, timeout: float, stop: Callable[[], bool]) -> None:
    """The dispatcher loop of `binome webhooks --loop` and of the app's background thread."""
    while not stop():
        try:
            dispatch_due(engine, timeout=timeout)
        except Exception:  # a database hiccup must not end the loop; the next round retries
            logger.exception("webhook dispatch failed")
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stop():
            time.sleep(min(0.5, interval))
