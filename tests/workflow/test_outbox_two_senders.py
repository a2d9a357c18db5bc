"""Scale-out: several workers each run the outbox's sender against one database. Two sender loops
racing over the same queue deliver every message exactly once (SKIP LOCKED on PostgreSQL, BEGIN
IMMEDIATE on SQLite), through a real SMTP server on loopback."""

import asyncio
import email
import os
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.cli import migrate
from api.db import build_engine
from api.models import AccountMail, Organisation, User
from api.services import accounts, outbox
from api.settings import Environment, Settings
from tests.conftest import SECRET, _postgres_database
from tests.workflow.test_mail_outbox import free_port

MESSAGES = 120
SENDERS = 2


class SlowInbox:
    """Takes a little time over each message, so that both senders are busy at once."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        await asyncio.sleep(0.005)
        with self.lock:
            self.subjects.append(email.message_from_bytes(envelope.content)["Subject"])
        return "250 OK"


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own: the senders commit, which the per-test transaction forbids."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        yield from _postgres_database(base)
    else:
        yield f"sqlite:///{Path(tmp_path_factory.mktemp('senders')) / 'outbox.db'}"


@pytest.fixture
def queued(own_database: str) -> Iterator[tuple[Engine, Settings, Controller, SlowInbox]]:
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = Settings(environment=Environment.test, database_url=own_database, secret_key=SECRET, spa_dir="",
                        webhook_interval_seconds=0, mail_backend="smtp", smtp_host="127.0.0.1",
                        smtp_port=controller.port, smtp_tls="none", smtp_timeout_seconds=5, db_pool_size=SENDERS + 1)
    migrate(settings)
    engine = build_engine(settings)
    now = datetime.now(UTC)
    with Session(engine) as session:
        organisation = Organisation(name="Organisation de test", kind="departement")
        session.add(organisation)
        session.flush()
        user = User(email="destinataire@test.local", full_name="Destinataire", password_hash="x",
                    organisation_id=organisation.id)
        session.add(user)
        session.flush()
        session.add_all(AccountMail(user_id=user.id, address=user.email, subject=f"Message {n}", body="Bonjour",
                                    status="pending", next_attempt_at=now) for n in range(MESSAGES))
        session.commit()
    yield engine, settings, controller, inbox
    controller.stop()
    engine.dispose()


def test_two_sender_loops_deliver_every_message_exactly_once(queued) -> None:  # noqa: ANN001
    engine, settings, _controller, inbox = queued
    start = threading.Barrier(SENDERS, timeout=30)
    tried_by: list[int] = [0] * SENDERS

    def sender_loop(index: int) -> None:
        start.wait()
        # What `binome outbox --loop` and each worker's background thread run, until the queue is empty.
        outbox.run_forever(
            [("account_mail", lambda: _count(index, accounts.send_due_mail(engine, settings=settings)))],
            interval=0, stop=lambda: _queue_empty(engine))

    def _count(index: int, tried: int) -> int:
        tried_by[index] += tried
        return tried

    threads = [threading.Thread(target=sender_loop, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    received = Counter(inbox.subjects)
    assert sorted(received) == sorted(f"Message {n}" for n in range(MESSAGES))
    assert set(received.values()) == {1}, [s for s, c in received.items() if c > 1]
    assert sum(tried_by) == MESSAGES
    if engine.dialect.name == "postgresql":
        # SKIP LOCKED: both senders work side by side. (SQLite's single writer may let one take every turn.)
        assert all(tried_by), f"one sender did all the work: {tried_by}"
    with Session(engine) as session:
        rows = session.exec(select(AccountMail)).all()
        assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}


def _queue_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(AccountMail.id).where(col(AccountMail.status) == "pending")).first() is None
