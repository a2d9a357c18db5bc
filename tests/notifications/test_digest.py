"""The daily digest: one e-mail per person who chose it, through the outbox and a real SMTP server on
loopback, listing titles and links only; running the job twice sends nothing twice."""

import email
from datetime import UTC, datetime
from email import policy
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session, select

from api.models import Notification, NotificationDigest, User
from api.services import notifications
from tests.helpers import Principals
from tests.notifications.test_notifications import REFERRAL
from tests.workflow.test_mail_outbox import free_port
from tests.workflow.test_reports import Inbox, smtp  # noqa: F401  (the SMTP server fixture)


def sessions(connection: Connection):  # noqa: ANN201
    return lambda: Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


def choose_digest(client: TestClient, principals: Principals, who: str, *kinds: str) -> None:
    body = {"preferences": [{"kind": k, "channel": "daily_digest"} for k in kinds]}
    assert client.put("/api/v1/me/notification-preferences", json=body, headers=principals[who]).status_code == 200


def submit(client: TestClient, principals: Principals) -> int:
    response = client.post("/api/v1/referrals", json=REFERRAL, headers=principals["referrer"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_one_digest_with_titles_and_links_then_nothing_twice(
        client: TestClient, principals: Principals, db: Session, connection: Connection, smtp: Inbox) -> None:  # noqa: F811
    client.app.state.settings = client.app.state.settings.model_copy(update={"public_url": "https://binome.example.fr/"})
    settings = client.app.state.settings
    choose_digest(client, principals, "coordinator", "referral_received")
    first, second = submit(client, principals), submit(client, principals)
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    # A kind she keeps in the application only: never in the e-mail.
    db.add(Notification(recipient_id=claire.id, kind="report_returned", record_type="household", record_id=3,
                        household_id=3, title="Compte-rendu renvoyé – dossier n° 3 (Dole)", link="/menages/3"))
    db.commit()

    run = notifications.send_digests(db, settings)
    db.commit()
    assert (run.digests_queued, run.notifications_listed) == (1, 2)  # only Claire chose the digest
    assert smtp.messages == []  # queued: it leaves with the outbox's sender
    assert notifications.send_due_digests(settings=settings, sessions=sessions(connection)) == 1
    assert len(smtp.messages) == 1
    message = email.message_from_bytes(smtp.messages[0].as_bytes(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "animatrice@cd39.demo"
    assert message["Subject"] == f"Binôme – vos notifications du {datetime.now(UTC).astimezone(ZoneInfo('Europe/Paris')):%d/%m/%Y}"
    for referral_id in (first, second):
        assert f"Nouvelle demande n° {referral_id} (Dole)" in text
        assert f"https://binome.example.fr/demandes/{referral_id}" in text
    assert "https://binome.example.fr/notifications" in text
    assert "renvoyé" not in text  # in-app only kind
    assert "Secretnom" not in text and "asthmatique" not in text  # titles only: no name, no description

    again = notifications.send_digests(db, settings)  # the job run twice (or the next day, nothing new)
    db.commit()
    assert (again.digests_queued, again.notifications_listed) == (0, 0)
    assert notifications.send_due_digests(settings=settings, sessions=sessions(connection)) == 0
    assert len(smtp.messages) == 1
    digest = db.exec(select(NotificationDigest).where(NotificationDigest.user_id == claire.id)).one()
    assert (digest.status, digest.attempts) == ("sent", 1) and digest.sent_at is not None


def test_read_notifications_and_in_app_people_get_no_digest(
        client: TestClient, principals: Principals, db: Session, connection: Connection, smtp: Inbox) -> None:  # noqa: F811
    settings = client.app.state.settings
    choose_digest(client, principals, "coordinator", "referral_received")
    submit(client, principals)
    assert client.post("/api/v1/me/notifications/read-all", headers=principals["coordinator"]).status_code == 200
    run = notifications.send_digests(db, settings)
    db.commit()
    assert run.digests_queued == 0
    assert notifications.send_due_digests(settings=settings, sessions=sessions(connection)) == 0
    assert smtp.messages == []


def test_a_refused_digest_is_retried_later(
        client: TestClient, principals: Principals, db: Session, connection: Connection) -> None:
    client.app.state.settings = client.app.state.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": free_port(), "smtp_tls": "none", "smtp_timeout_seconds": 1})
    settings = client.app.state.settings
    choose_digest(client, principals, "coordinator", "referral_received")
    submit(client, principals)
    assert notifications.send_digests(db, settings).digests_queued == 1
    db.commit()
    now = datetime.now(UTC)
    assert notifications.send_due_digests(settings=settings, sessions=sessions(connection), now=lambda: now) == 1
    digest = db.exec(select(NotificationDigest)).one()
    db.refresh(digest)
    assert (digest.status, digest.attempts, digest.error) == ("pending", 1, "ConnectionRefusedError")
    assert notifications.send_due_digests(settings=settings, sessions=sessions(connection), now=lambda: now) == 0


def test_without_e_mail_nothing_is_queued_nor_marked(client: TestClient, principals: Principals, db: Session) -> None:
    settings = client.app.state.settings.model_copy(update={"mail_backend": "none"})
    choose_digest(client, principals, "coordinator", "referral_received")
    submit(client, principals)
    run = notifications.send_digests(db, settings)
    assert run.digests_queued == 0
    assert db.exec(select(Notification).where(Notification.digest_id.is_not(None))).all() == []
