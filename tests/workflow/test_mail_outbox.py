"""E-mailed reports leave through the outbox: the request only queues them, the background sender (run
explicitly here) tries them, retries with backoff and gives up after the last attempt; a report is
« envoyé » only once every chosen recipient's copy is delivered or posted."""

import asyncio
import email
import io
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from pydantic import ValidationError
from pypdf import PdfReader
from sqlalchemy import Connection
from sqlmodel import Session, select

from api.models import AuditEvent, Consent, ConsentPurpose, Delivery, Report, User, Visit
from api.services import outbox
from api.settings import Environment, Settings
from tests.conftest import SECRET
from tests.helpers import Principals
from tests.workflow.test_reports import send_outbox, validated, visit  # noqa: F401  (the visit fixture)


class Server:
    """An SMTP server on loopback whose answer to DATA the test chooses: accept, refuse (4xx) or stall."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.reply = "250 OK"
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reply.startswith("250"):
            self.messages.append(email.message_from_bytes(envelope.content))
        return self.reply


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(client: TestClient) -> Iterator[Server]:
    port = free_port()
    handler = Server()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    client.app.state.settings = client.app.state.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none", "smtp_timeout_seconds": 1})
    yield handler
    controller.stop()


def queue_household_copy(client: TestClient, principals: Principals, report_id: int) -> tuple[dict, float]:
    started = time.monotonic()
    response = client.post(f"/api/v1/reports/{report_id}/deliveries", json={"recipient": "household", "channel": "email"},
                           headers=principals["coordinator"])
    elapsed = time.monotonic() - started
    assert response.status_code == 201, response.text
    return response.json(), elapsed


def read(client: TestClient, principals: Principals, report_id: int) -> dict:
    return client.get(f"/api/v1/reports/{report_id}", headers=principals["coordinator"]).json()


def test_a_refused_connection_is_retried_with_backoff_then_given_up(
    client: TestClient, principals: Principals, visit: Visit, db: Session, connection: Connection  # noqa: F811
) -> None:
    report = validated(client, principals, visit)
    client.app.state.settings = client.app.state.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": free_port(), "smtp_tls": "none"})
    body, _ = queue_household_copy(client, principals, report["id"])
    assert body["deliveries"][0]["status"] == "pending" and body["status"] == "validated"
    now = datetime.now(UTC)
    assert send_outbox(client, connection, now) == 1
    log = read(client, principals, report["id"])["deliveries"][0]
    assert (log["status"], log["attempts"], log["error"]) == ("pending", 1, "ConnectionRefusedError")
    assert send_outbox(client, connection, now + timedelta(seconds=29)) == 0  # not due before the backoff
    at = now + timedelta(seconds=31)
    assert send_outbox(client, connection, at) == 1
    assert read(client, principals, report["id"])["deliveries"][0]["attempts"] == 2
    for delay in outbox.BACKOFF[1:]:
        at += delay + timedelta(seconds=1)
        assert send_outbox(client, connection, at) == 1
    final = read(client, principals, report["id"])
    assert (final["deliveries"][0]["status"], final["deliveries"][0]["attempts"]) == ("failed", outbox.MAX_ATTEMPTS)
    assert final["status"] == "validated" and final["sent_at"] is None
    assert send_outbox(client, connection, at + timedelta(days=30)) == 0  # given up: no more attempts
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "send_failed",
                                             AuditEvent.entity_id == report["id"])).one()
    assert '"error":"connection_refused_error"' in event.detail


def test_a_4xx_reply_is_retried_and_the_report_is_sent_once_delivered(
    client: TestClient, principals: Principals, visit: Visit, connection: Connection, server: Server  # noqa: F811
) -> None:
    report = validated(client, principals, visit)
    server.reply = "451 4.3.0 Mailbox temporarily unavailable: secret remote text"
    queue_household_copy(client, principals, report["id"])
    now = datetime.now(UTC)
    assert send_outbox(client, connection, now) == 1
    log = read(client, principals, report["id"])
    assert (log["deliveries"][0]["status"], log["deliveries"][0]["error"]) == ("pending", "SMTPDataError")
    assert "secret" not in str(log) and server.messages == []  # the error's class, never what the server said
    server.reply = "250 OK"
    assert send_outbox(client, connection, now + outbox.BACKOFF[0] + timedelta(seconds=1)) == 1
    done = read(client, principals, report["id"])
    assert done["status"] == "sent" and done["deliveries"][0]["status"] == "sent"
    assert (done["deliveries"][0]["attempts"], done["deliveries"][0]["error"]) == (2, None)
    assert len(server.messages) == 1


def test_a_slow_server_never_holds_the_request(
    client: TestClient, principals: Principals, visit: Visit, connection: Connection, server: Server  # noqa: F811
) -> None:
    """The server stalls 3 s on DATA, longer than the 1 s the sender waits: the POST does not notice."""
    report = validated(client, principals, visit)
    server.delay = 3
    body, elapsed = queue_household_copy(client, principals, report["id"])
    assert elapsed < 1 and body["deliveries"][0]["status"] == "pending"
    started = time.monotonic()
    assert send_outbox(client, connection) == 1
    assert time.monotonic() - started < 3  # the sender gave up waiting after its timeout
    log = read(client, principals, report["id"])["deliveries"][0]
    assert (log["status"], log["attempts"]) == ("pending", 1)
    assert log["error"] == "SMTPServerDisconnected"  # smtplib's name for the read that timed out


def test_the_file_backend_writes_an_eml_with_the_pdf(
    client: TestClient, principals: Principals, visit: Visit, connection: Connection  # noqa: F811
) -> None:
    assert client.app.state.settings.mail_transport == "file"  # test settings: no SMTP host
    report = validated(client, principals, visit)
    before = {m["file_name"] for m in client.get("/api/v1/outbox", headers=principals["admin"]).json()["items"]}
    queue_household_copy(client, principals, report["id"])
    assert send_outbox(client, connection) == 1
    assert read(client, principals, report["id"])["status"] == "sent"
    listed = client.get("/api/v1/outbox", headers=principals["admin"])
    assert listed.status_code == 200
    new = [m for m in listed.json()["items"] if m["file_name"] not in before]
    assert len(new) == 1
    item = new[0]
    assert item["recipient"] == "famille.benali@example.org" and item["subject"] == "Compte-rendu de votre visite SLIME"
    assert item["created_at"] and item["file_name"].endswith(".eml")
    downloaded = client.get(f"/api/v1/outbox/{item['file_name']}", headers=principals["admin"])
    assert downloaded.status_code == 200 and downloaded.headers["content-type"].startswith("message/rfc822")
    message = email.message_from_bytes(downloaded.content, policy=policy.default)
    assert message["To"] == "famille.benali@example.org"
    attachment = next(part for part in message.walk() if part.get_content_type() == "application/pdf")
    assert attachment.get_filename() == f"compte-rendu-3-{report['number']}.pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "Compte-rendu de visite" in text and "BENALI" in text
    # Administrators only; nothing outside the outbox folder is reachable.
    assert client.get("/api/v1/outbox", headers=principals["coordinator"]).status_code == 403
    for name in ("secret_key", "..%2F..%2Fsecret_key", "20261129-000000-x-00000000.eml"):
        assert client.get(f"/api/v1/outbox/{name}", headers=principals["admin"]).status_code == 404, name


def test_sent_only_when_every_recipient_has_its_copy(
    client: TestClient, principals: Principals, visit: Visit, db: Session, connection: Connection  # noqa: F811
) -> None:
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    db.add(Consent(household_id=3, purpose=ConsentPurpose.share_with_prescriber, given_at=datetime.now(UTC),
                   recorded_by_id=claire.id))
    db.commit()
    report = validated(client, principals, visit)
    url = f"/api/v1/reports/{report['id']}/deliveries"
    queue_household_copy(client, principals, report["id"])
    posted = client.post(url, json={"recipient": "prescriber", "channel": "post"}, headers=principals["coordinator"])
    assert posted.status_code == 201
    # The prescriber's copy is posted, the household's still waits: not « envoyé » yet.
    assert posted.json()["status"] == "validated"
    assert [d["status"] for d in posted.json()["deliveries"]] == ["pending", "recorded"]
    assert send_outbox(client, connection) == 1
    done = read(client, principals, report["id"])
    assert done["status"] == "sent" and done["sent_at"]
    assert db.exec(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.entity_id == report["id"],
                                            AuditEvent.actor_user_id.is_(None),  # the system's transition
                                            AuditEvent.action == "transition")).one()


def test_post_alone_marks_the_report_sent_at_once(client: TestClient, principals: Principals,
                                                  visit: Visit) -> None:  # noqa: F811
    report = validated(client, principals, visit)
    posted = client.post(f"/api/v1/reports/{report['id']}/deliveries", json={"recipient": "household", "channel": "post"},
                         headers=principals["coordinator"])
    assert posted.json()["status"] == "sent"


def test_a_given_up_copy_can_be_retried(
    client: TestClient, principals: Principals, visit: Visit, db: Session, connection: Connection  # noqa: F811
) -> None:
    report = validated(client, principals, visit)
    body, _ = queue_household_copy(client, principals, report["id"])
    delivery_id = body["deliveries"][0]["id"]
    url = f"/api/v1/reports/{report['id']}/deliveries/{delivery_id}/retry"
    assert client.post(url, headers=principals["coordinator"]).status_code == 409  # still pending
    row = db.get(Delivery, delivery_id)
    row.status, row.attempts, row.error = "failed", outbox.MAX_ATTEMPTS, "ConnectionRefusedError"
    db.add(row)
    db.commit()
    assert send_outbox(client, connection) == 0
    assert client.post(url, headers=principals["advisor"]).status_code == 403
    assert client.post(url, headers=principals["manager"]).status_code == 403
    other = Report(household_id=visit.household_id, visit_id=visit.id, author_id=visit.coordinator_id,
                   status="validated", number=9)
    db.add(other)
    db.commit()
    assert client.post(f"/api/v1/reports/{other.id}/deliveries/{delivery_id}/retry",
                       headers=principals["coordinator"]).status_code == 404
    retried = client.post(url, headers=principals["coordinator"])
    assert retried.status_code == 200, retried.text
    assert (retried.json()["deliveries"][0]["status"], retried.json()["deliveries"][0]["attempts"]) == ("pending", 0)
    assert send_outbox(client, connection) == 1
    done = read(client, principals, report["id"])
    assert done["status"] == "sent" and done["deliveries"][0]["status"] == "sent"


def test_withdrawn_consent_stops_a_queued_copy(
    client: TestClient, principals: Principals, visit: Visit, db: Session, connection: Connection  # noqa: F811
) -> None:
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    consent = Consent(household_id=3, purpose=ConsentPurpose.share_with_prescriber, given_at=datetime.now(UTC),
                      recorded_by_id=claire.id)
    db.add(consent)
    db.commit()
    report = validated(client, principals, visit)
    queued = client.post(f"/api/v1/reports/{report['id']}/deliveries",
                         json={"recipient": "prescriber", "channel": "email"}, headers=principals["coordinator"])
    assert queued.status_code == 201
    consent.revoked_at, consent.revoked_by_id = datetime.now(UTC), claire.id
    db.add(consent)
    db.commit()
    assert send_outbox(client, connection) == 1
    log = read(client, principals, report["id"])
    assert (log["deliveries"][0]["status"], log["deliveries"][0]["error"]) == ("failed", "ConsentWithdrawn")
    assert log["status"] == "validated"


def test_no_mail_backend_means_no_email(client: TestClient, principals: Principals, visit: Visit) -> None:  # noqa: F811
    report = validated(client, principals, visit)
    client.app.state.settings = client.app.state.settings.model_copy(update={"mail_backend": "none"})
    shown = read(client, principals, report["id"])
    assert shown["email_available"] is False
    refused = client.post(f"/api/v1/reports/{report['id']}/deliveries",
                          json={"recipient": "household", "channel": "email"}, headers=principals["coordinator"])
    assert refused.status_code == 409 and "courrier" in refused.json()["detail"]
    assert read(client, principals, report["id"])["deliveries"] == []


def test_the_backend_follows_the_environment() -> None:
    def make(**extra) -> Settings:  # noqa: ANN003
        return Settings(secret_key=SECRET, **extra)

    assert make(environment=Environment.development).mail_transport == "file"
    assert make(environment=Environment.test).mail_transport == "file"
    assert make(environment=Environment.production).mail_transport == "none"
    assert make(environment=Environment.production, smtp_host="smtp.cd39.fr").mail_transport == "smtp"
    assert make(environment=Environment.development, smtp_host="smtp.cd39.fr", mail_backend="file").mail_transport == "file"
    with pytest.raises(ValidationError, match="BINOME_SMTP_HOST"):
        make(mail_backend="smtp")
