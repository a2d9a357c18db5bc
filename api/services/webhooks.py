"""Signed webhooks to landlords' systems: queued in the request's transaction, sent after it by a
dispatcher that retries with backoff and keeps a delivery log.

A target is an HTTPS endpoint on the public internet: an address that resolves to loopback, a private
range, link-local (cloud metadata at 169.254.169.254), multicast, reserved or unspecified is refused when
subscribing and again before each delivery (DNS may change meanwhile), and the request then goes to the
very address that was checked. The log keeps a status code or an error class, never what the remote
answered, so the delivery log cannot be used to probe a network."""

import ipaddress
import json
import logging
import secrets
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from api.access import Principal
from api.errors import Conflict, Forbidden, InvalidInput, NotFound
from api.models import LANDLORD_KINDS, Organisation, WebhookDelivery, WebhookSubscription
from api.schemas.common import Page, Ref
from api.schemas.followup import (
    WebhookDeliveryRead,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionRead,
    WebhookTestEvent,
)
from api.security import SecretUnreadable, decrypt_secret, encrypt_secret, sign_webhook
from api.services import audit, outbox
from api.services.outbox import BACKOFF, MAX_ATTEMPTS  # noqa: F401  (the schedule webhooks follow)
from api.settings import Settings
from api.models.base import id_of

logger = logging.getLogger("binome.webhooks")


IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(Exception):
    """The URL may not receive webhooks; the message says why, in French."""


def resolve(host: str, port: int) -> list[IpAddress]:
    """Every address the host name resolves to (a seam for tests, which have no DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _internal(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or not address.is_global)


def check_target(url: str, *, allow_private: bool) -> tuple[IpAddress, str]:
    """The address to connect to and the host name to present (Host and TLS SNI), or TargetRefused.
    allow_private (tests, a local receiver) also allows plain http."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise TargetRefused("L'adresse doit commencer par https:// (les données sont chiffrées en transit).")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # a port that is not a number
        raise TargetRefused("Adresse invalide : port incorrect.") from exc
    if not host or parts.username or parts.password:
        raise TargetRefused("Adresse invalide : un nom d'hôte est attendu, sans identifiant ni mot de passe.")
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError, ValueError) as exc:
        raise TargetRefused(f"Le nom d'hôte {host} est introuvable.") from exc
    if not addresses:
        raise TargetRefused(f"Le nom d'hôte {host} est introuvable.")
    internal = [a for a in addresses if _internal(a)]
    if internal and not allow_private:
        raise TargetRefused(f"L'adresse {host} désigne un réseau interne ou réservé ({internal[0]}) : seuls les "
                            "serveurs publics du bailleur peuvent recevoir les webhooks.")
    return addresses[0], host


def _pinned_url(url: str, address: IpAddress) -> str:
    """The URL with its host replaced by the checked address, so the connection cannot be re-resolved
    elsewhere between the check and the request (DNS rebinding)."""
    parts = urlsplit(url)
    netloc = f"[{address}]" if address.version == 6 else str(address)
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _read(row: WebhookSubscription, organisation: Organisation) -> WebhookSubscriptionRead:
    return WebhookSubscriptionRead(id=row.id, organisation=Ref(id=organisation.id, name=organisation.name),
                                   url=row.url, active=row.active, created_at=row.created_at)


def subscribe(session: Session, principal: Principal, data: WebhookSubscriptionCreate,
              settings: Settings) -> WebhookSubscriptionCreated:
    organisation = session.get(Organisation, data.organisation_id)
    if organisation is None or organisation.kind not in LANDLORD_KINDS:
        raise InvalidInput("organisation_id", "Les webhooks sont réservés aux bailleurs.")
    try:
        check_target(data.url, allow_private=settings.webhook_allow_private_targets)
    except TargetRefused as refusal:
        raise InvalidInput("url", str(refusal)) from refusal
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    row = WebhookSubscription(organisation_id=id_of(organisation), url=data.url,
                              secret_encrypted=encrypt_secret(secret, secret=settings.secret_key),
                              created_by_id=principal.user_id)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "webhook_subscription", row.id, detail={"organisation_id": organisation.id})
    return WebhookSubscriptionCreated(**_read(row, organisation).model_dump(), secret=secret)


def list_subscriptions(session: Session, *, limit: int, offset: int) -> Page[WebhookSubscriptionRead]:
    total = session.exec(select(func.count()).select_from(WebhookSubscription)).one()
    rows = session.exec(select(WebhookSubscription, Organisation)
                        .join(Organisation, col(WebhookSubscription.organisation_id) == Organisation.id)
                        .order_by(col(WebhookSubscription.id)).limit(limit).offset(offset)).all()
    return Page.of([_read(s, o) for s, o in rows], total=total, limit=limit, offset=offset)


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
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(col(WebhookDelivery.id).desc()).limit(limit).offset(offset)).all()
    return Page.of([WebhookDeliveryRead.model_validate(d) for d in rows], total=total, limit=limit, offset=offset)


def enqueue(session: Session, organisation_id: int, event: str, data: dict[str, Any]) -> int:
    """Queue one event for every active subscription of the organisation, in the caller's transaction
    (so nothing is announced that was rolled back)."""
    return enqueue_event(session, organisation_id, event, data)[1]


def enqueue_event(session: Session, organisation_id: int, event: str, data: dict[str, Any]) -> tuple[str, int]:
    """`enqueue`, also giving the event's id."""
    subscriptions = session.exec(select(WebhookSubscription).where(
        WebhookSubscription.organisation_id == organisation_id, col(WebhookSubscription.active).is_(True))).all()
    event_id = f"evt_{uuid.uuid4().hex}"
    now = datetime.now(UTC)
    payload = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
    session.add_all(WebhookDelivery(subscription_id=id_of(s), event_id=event_id, event=event, payload=payload,
                                    next_attempt_at=now) for s in subscriptions)
    return event_id, len(subscriptions)


TEST_EVENT = "webhook.test"


def send_test_event(session: Session, principal: Principal) -> WebhookTestEvent:
    """A `webhook.test` event for the landlord's own active endpoints, through the outbox like any other
    (signed, retried, in the delivery log). It carries no personal data."""
    if principal.organisation_id is None:
        raise Forbidden("Seul le jeton d'un bailleur peut envoyer un événement de test.")
    event_id, queued = enqueue_event(session, principal.organisation_id, TEST_EVENT, {
        "message": "Événement de test demandé depuis votre jeton d'intégration.",
        "organisation_id": principal.organisation_id})
    audit.record(session, principal, "create", "webhook_test_event", None, detail={"event_id": event_id})
    return WebhookTestEvent(event_id=event_id, type=TEST_EVENT, subscriptions=queued)


def send_subscription_test_event(session: Session, principal: Principal, subscription_id: int) -> WebhookTestEvent:
    """An administrator checks one endpoint: a `webhook.test` event queued for this subscription only, in
    the outbox like any other event (signed, retried, in the delivery log). No personal data."""
    row = session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound("Abonnement introuvable.")
    if not row.active:
        raise Conflict("Cet abonnement est désactivé : aucun événement ne lui est plus envoyé.")
    event_id = f"evt_{uuid.uuid4().hex}"
    now = datetime.now(UTC)
    payload = {"id": event_id, "type": TEST_EVENT, "created_at": now.isoformat(),
               "data": {"message": "Événement de test envoyé par l'administrateur de Binôme.",
                        "organisation_id": row.organisation_id}}
    session.add(WebhookDelivery(subscription_id=id_of(row), event_id=event_id, event=TEST_EVENT, payload=payload,
                                next_attempt_at=now))
    audit.record(session, principal, "create", "webhook_test_event", row.id, detail={"event_id": event_id})
    return WebhookTestEvent(event_id=event_id, type=TEST_EVENT, subscriptions=1)


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


def dispatch_due(engine: Engine | None = None, *, settings: Settings,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sessions: Callable[[], Session] | None = None) -> int:
    """Try every delivery whose time has come, through the shared outbox (api/services/outbox.py: one
    transaction each, SKIP LOCKED on PostgreSQL); returns how many were tried."""
    new_session = sessions or (lambda: Session(engine))
    with httpx.Client(timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False) as client:
        def attempt(session: Session, delivery: WebhookDelivery, at: datetime) -> None:
            subscription = session.get(WebhookSubscription, delivery.subscription_id)
            assert subscription is not None  # a foreign key
            _attempt(client, settings, subscription, delivery, at)

        return outbox.drain(WebhookDelivery, attempt, sessions=new_session, now=now)


def _attempt(client: httpx.Client, settings: Settings, subscription: WebhookSubscription,
             delivery: WebhookDelivery, at: datetime) -> None:
    delivery.attempts += 1
    if not subscription.active:
        delivery.status, delivery.last_error = "failed", "Abonnement désactivé."
        return
    try:
        address, host = check_target(subscription.url, allow_private=settings.webhook_allow_private_targets)
    except TargetRefused as refusal:
        # Terminal: an endpoint that now points inside is not retried until an administrator looks at it.
        delivery.status, delivery.last_status_code, delivery.last_error = "refused", None, str(refusal)[:1000]
        return
    try:
        secret = decrypt_secret(subscription.secret_encrypted, secret=settings.secret_key)
    except SecretUnreadable:
        delivery.status, delivery.last_error = "failed", "Secret de signature illisible (clé du serveur changée) : " \
                                                          "recréer l'abonnement."
        return
    body, headers = signed_request(secret, delivery, at)
    headers["Host"] = urlsplit(subscription.url).netloc  # the name, not the pinned address (no userinfo: refused)
    try:
        # Streamed and closed unread: the remote body is neither downloaded nor kept.
        with client.stream("POST", _pinned_url(subscription.url, address), content=body, headers=headers,
                           extensions={"sni_hostname": host}) as response:
            delivery.last_status_code, delivery.last_error = response.status_code, None
        if response.is_success:
            delivery.status, delivery.delivered_at = "delivered", at
            return
        delivery.last_error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        # The error's class only: its text may quote what the remote end sent.
        delivery.last_status_code, delivery.last_error = None, type(exc).__name__
    outbox.retry_later(delivery, at)
