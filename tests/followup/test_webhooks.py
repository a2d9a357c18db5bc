"""Signed webhooks to a landlord's system, received by a real HTTP server on loopback: the
signature, retries with backoff, giving up, and the delivery log each side sees."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session, select

from api.models import Household, Report, WebhookDelivery
from api.services import webhooks
from api.settings import Settings
from tests.helpers import Principals


class Receiver:
    """Answers with the queued status codes (then 204) and keeps every request it got."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/binome"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()


def local_settings(settings: Settings) -> Settings:
    """The receiver listens on loopback over plain http: allowed only under this test-only setting."""
    return settings.model_copy(update={"webhook_allow_private_targets": True, "webhook_timeout_seconds": 2})


def dispatch(connection: Connection, at: datetime, settings: Settings) -> int:
    return webhooks.dispatch_due(settings=local_settings(settings), now=lambda: at, sessions=lambda: Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False))


@pytest.fixture
def shared(client: TestClient, principals: Principals, db: Session, receiver: Receiver) -> dict:
    """Jura Habitat subscribes, then the coordinator shares Mme Jacquet's technical synthesis by API."""
    client.app.state.settings = local_settings(client.app.state.settings)  # the app fixture restores it
    jacquet = db.exec(select(Household).where(Household.last_name == "Jacquet")).one()
    subscribed = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                             json={"organisation_id": jacquet.landlord_id, "url": receiver.url})
    assert subscribed.status_code == 201
    report = db.exec(select(Report).where(Report.household_id == jacquet.id)).one()
    sent = client.post(f"/api/v1/reports/{report.id}/deliveries", headers=principals["coordinator"],
                       json={"recipient": "landlord", "channel": "api"})
    assert sent.status_code == 201, sent.text
    assert sent.json()["deliveries"][-1]["address"] == "Espace bailleur (API) – Jura Habitat"
    return {"secret": subscribed.json()["secret"], "household_id": jacquet.id, "report_id": report.id}


def test_sharing_queues_a_signed_webhook_that_the_landlord_can_verify(
        connection: Connection, db: Session, receiver: Receiver, shared: dict, settings: Settings) -> None:
    queued = db.exec(select(WebhookDelivery)).all()
    assert [(d.event, d.status) for d in queued] == [("technical_synthesis.shared", "pending")]
    assert dispatch(connection, datetime.now(UTC), settings) == 1
    (headers, body), = receiver.requests
    expected = hmac.new(shared["secret"].encode(), f"{headers['x-binome-timestamp']}.".encode() + body,
                        hashlib.sha256).hexdigest()
    assert headers["x-binome-signature"] == f"sha256={expected}"
    assert headers["x-binome-event"] == "technical_synthesis.shared"
    assert abs(int(headers["x-binome-timestamp"]) - datetime.now(UTC).timestamp()) < 60
    payload = json.loads(body)
    assert payload["data"] == {"household_id": shared["household_id"], "report_id": shared["report_id"],
                               "dwelling_url": f"/api/v1/landlord/dwellings/{shared['household_id']}",
                               "pdf_url": f"/api/v1/landlord/dwellings/{shared['household_id']}/technical-synthesis.pdf"}
    assert payload["id"] == headers["x-binome-delivery"]
    assert "Jacquet" not in body.decode()  # the event names no one
    forged = hmac.new(b"not-the-secret", f"{headers['x-binome-timestamp']}.".encode() + body, hashlib.sha256)
    assert headers["x-binome-signature"] != f"sha256={forged.hexdigest()}"
    db.expire_all()
    delivered = db.exec(select(WebhookDelivery)).one()
    assert delivered.status == "delivered" and delivered.attempts == 1 and delivered.last_status_code == 204


def test_a_failed_delivery_is_retried_with_backoff_then_delivered(
        connection: Connection, db: Session, receiver: Receiver, shared: dict, settings: Settings) -> None:
    receiver.statuses = [500, 503]
    now = datetime.now(UTC)
    assert dispatch(connection, now, settings) == 1
    db.expire_all()
    row = db.exec(select(WebhookDelivery)).one()
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 500")
    assert row.next_attempt_at == now + webhooks.BACKOFF[0]
    assert dispatch(connection, now + timedelta(seconds=10), settings) == 0  # not due yet
    assert dispatch(connection, now + timedelta(seconds=31), settings) == 1
    db.expire_all()
    row = db.exec(select(WebhookDelivery)).one()
    assert (row.status, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == now + timedelta(seconds=31) + webhooks.BACKOFF[1]
    assert dispatch(connection, now + timedelta(minutes=5), settings) == 1
    db.expire_all()
    row = db.exec(select(WebhookDelivery)).one()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 3, 204)
    bodies = {body for _, body in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1  # the same event, re-signed each time


def test_an_unreachable_endpoint_is_given_up_after_the_last_attempt(
        connection: Connection, db: Session, receiver: Receiver, shared: dict, settings: Settings) -> None:
    receiver.server.shutdown()
    receiver.server.server_close()  # nothing listens any more: connection refused
    at = datetime.now(UTC)
    for _ in range(webhooks.MAX_ATTEMPTS):
        at += timedelta(days=2)
        assert dispatch(connection, at, settings) == 1
    db.expire_all()
    row = db.exec(select(WebhookDelivery)).one()
    assert row.status == "failed" and row.attempts == webhooks.MAX_ATTEMPTS and "ConnectError" in row.last_error
    assert dispatch(connection, at + timedelta(days=30), settings) == 0


def test_each_landlord_sees_only_its_own_delivery_log(client: TestClient, principals: Principals,
                                                      shared: dict) -> None:
    mine = client.get("/api/v1/landlord/webhook-deliveries", headers=principals["landlord_a"]).json()
    assert [d["event"] for d in mine["items"]] == ["technical_synthesis.shared"]
    assert client.get("/api/v1/landlord/webhook-deliveries", headers=principals["landlord_b"]).json()["items"] == []
    admin = client.get("/api/v1/webhook-subscriptions/deliveries", headers=principals["admin"]).json()
    assert len(admin["items"]) == 1


def test_a_deactivated_subscription_gets_nothing_more(client: TestClient, principals: Principals, db: Session,
                                                      connection: Connection, receiver: Receiver, shared: dict,
                                                      settings: Settings) -> None:
    subscription = client.get("/api/v1/webhook-subscriptions", headers=principals["admin"]).json()["items"][0]
    assert client.delete(f"/api/v1/webhook-subscriptions/{subscription['id']}",
                         headers=principals["admin"]).status_code == 204
    assert dispatch(connection, datetime.now(UTC), settings) == 1
    assert receiver.requests == []
    db.expire_all()
    assert db.exec(select(WebhookDelivery)).one().status == "failed"


def test_only_landlords_may_subscribe_and_only_to_http_urls(client: TestClient, principals: Principals) -> None:
    caf = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                      json={"organisation_id": 6, "url": "https://caf.example/hook"})
    assert caf.status_code == 422
    ftp = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                      json={"organisation_id": 4, "url": "ftp://bailleur.example/hook"})
    assert ftp.status_code == 422


def test_an_administrator_s_test_event_goes_out_through_the_outbox_like_any_event(
        client: TestClient, principals: Principals, connection: Connection, db: Session, receiver: Receiver,
        shared: dict, settings: Settings) -> None:
    """Issue 16: « envoyer un événement de test » queues a signed `webhook.test` for that endpoint, which
    the dispatcher sends like the others (here after the pending share event), and the log shows it."""
    subscription = client.get("/api/v1/webhook-subscriptions", headers=principals["admin"]).json()["items"][0]
    sent = client.post(f"/api/v1/webhook-subscriptions/{subscription['id']}/test", headers=principals["admin"])
    assert sent.status_code == 202
    assert dispatch(connection, datetime.now(UTC), settings) == 2
    test_request = next((h, b) for h, b in receiver.requests if h["x-binome-event"] == "webhook.test")
    headers, body = test_request
    expected = hmac.new(shared["secret"].encode(), f"{headers['x-binome-timestamp']}.".encode() + body,
                        hashlib.sha256).hexdigest()
    assert headers["x-binome-signature"] == f"sha256={expected}"
    assert headers["x-binome-delivery"] == sent.json()["event_id"] == json.loads(body)["id"]
    log = client.get("/api/v1/webhook-subscriptions/deliveries", params={"subscription_id": subscription["id"]},
                     headers=principals["admin"]).json()
    test_row = next(d for d in log["items"] if d["event"] == "webhook.test")
    assert (test_row["status"], test_row["attempts"], test_row["last_status_code"]) == ("delivered", 1, 204)
