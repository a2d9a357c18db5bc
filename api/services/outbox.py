"""The outbox shared by every message that leaves the application after its request: webhooks to
landlords' systems and e-mailed reports.

A message is a row queued in the request's transaction (so nothing leaves that was rolled back) with
`status` "pending", `attempts` and `next_attempt_at`. A background sender claims due rows one at a time,
each in its own transaction, with SKIP LOCKED on PostgreSQL (several workers never send one twice),
tries it, and either marks it done or schedules the next attempt with backoff; after the last attempt
it is given up ("failed") until someone retries it by hand."""

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from api import tenancy

# Delay before attempt n+1 after n failed attempts; after the last one the message is given up.
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1),
           timedelta(hours=6), timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 50
logger = logging.getLogger("binome.outbox")

Attempt = Callable[[Session, Any, datetime], None]


def drain(model: Any, attempt: Attempt, *, sessions: Callable[[], Session],
          now: Callable[[], datetime]) -> int:
    """Try every row of `model` whose time has come (at most BATCH), each in its own transaction;
    `attempt` sets the row's outcome. Returns how many were tried."""
    tried = 0
    while tried < BATCH:
        with sessions() as session:
            row = session.exec(
                select(model).where(model.status == "pending", col(model.next_attempt_at) <= now())
                .order_by(col(model.next_attempt_at), col(model.id))
                .limit(1).with_for_update(skip_locked=True)).first()
            if row is None:
                return tried
            # One sender serves every programme: a programme's row is sent within its programme (what the
            # attempt writes is that programme's); account e-mails belong to a person, in any programme.
            if hasattr(row, "programme_id"):
                tenancy.enter(session, row.programme_id)
            attempt(session, row, now())
            session.add(row)
            session.commit()
            tried += 1
    return tried


def retry_later(row: Any, at: datetime) -> None:
    """After a failed attempt (row.attempts already counts it): the next try with backoff, or give up."""
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.next_attempt_at = at + BACKOFF[row.attempts - 1]


def run_forever(senders: Sequence[tuple[str, Callable[[], int]]], interval: float, stop: Callable[[], bool]) -> None:
    """The loop of the app's background thread (and `binome outbox --loop`): every sender, then a pause."""
    while not stop():
        for name, send in senders:
            try:
                send()
            except Exception:  # a database hiccup must not end the loop; the next round retries
                logger.exception("%s: sending failed", name)
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stop():
            time.sleep(min(0.5, interval))
