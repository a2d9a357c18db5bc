"""Crash safety: SIGKILL the real server in the middle of a burst of writes, restart it, lose nothing.

The server runs as a subprocess (`python -m api.cli serve`) over a fresh migrated and seeded
database: a unique throwaway PostgreSQL database (when TEST_DATABASE_URL points at a server), then a
SQLite temp file. Eight clients create 1,000 households with their members (each with a unique last
name). After about 400 acknowledged creations the server is killed with SIGKILL and restarted; the
clients carry on against the restarted server. Then, read straight from the database:
- every creation a client saw acknowledged (201 with an id) is there, with all its members;
- no half-written case: every household of the run (acknowledged or in doubt when the server died)
  has exactly the members that were sent, its dwelling and its audit event; no orphan rows.
"""

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from api.db import build_engine
from api.demo import DEMO_PASSWORD
from tests.helpers import household_payload
from tests.robustness._live import SECRET, free_port, live_settings, migrated_and_seeded, postgres_base_url, throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]
WRITES = 1_000
KILL_AFTER = 400
CLIENTS = 8

pytestmark = pytest.mark.slow


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "postgresql":
        base = postgres_base_url()
        if base is None:
            pytest.skip("the PostgreSQL run needs TEST_DATABASE_URL pointing at a PostgreSQL server")
        with throwaway_postgres(base) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'crash.db'}"


class Server:
    """`python -m api.cli serve` in a subprocess; its output goes to a log file."""

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "server.log"
        self.env = {**os.environ, "BINOME_DATABASE_URL": database_url, "BINOME_SECRET_KEY": SECRET,
                    "BINOME_ENVIRONMENT": "test", "BINOME_SPA_DIR": "", "BINOME_WEBHOOK_INTERVAL_SECONDS": "0",
                    "PYTHONPATH": str(ROOT)}
        self.workdir = workdir  # not the repository: no stray .env is read
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
                                            cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited:\n{self.tail()}"
            try:
                if httpx.get(f"{self.base_url}/api/v1/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server did not start:\n{self.tail()}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def payload(index: int, run: str) -> dict:
    """A household with one to four members and a dwelling; the last name is unique to the write."""
    members = [{"first_name": "Demandeur", "birth_year": 1970 + index % 40, "relation": "applicant"}]
    members += [{"first_name": f"Enfant {n}", "birth_year": 2010 + n, "relation": "child"} for n in range(index % 4)]
    return household_payload(first_name="Crash", last_name=f"{run}-{index:04d}", members=members)


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_sigkill_midway_loses_no_acknowledged_write(kind: str, tmp_path: Path) -> None:
    run = f"Crash{kind[:2].upper()}"
    started = time.monotonic()
    with database(kind, tmp_path) as url:
        migrated_and_seeded(url)
        server = Server(url, tmp_path)
        try:
            server.start()
            token = httpx.post(f"{server.base_url}/api/v1/auth/token",
                               data={"username": "animatrice@cd39.demo", "password": DEMO_PASSWORD}, timeout=10)
            assert token.status_code == 200, token.text
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

            acknowledged: dict[int, int] = {}  # index -> household id
            in_doubt: list[int] = []  # no answer: the server died while the request was in flight
            refused: list[tuple[int, int, str]] = []
            lock = threading.Lock()
            indexes = itertools.count()
            killed, restarted = threading.Event(), threading.Event()
            enough = threading.Event()

            def client(_: int) -> None:
                with httpx.Client(base_url=server.base_url, headers=headers, timeout=20) as http:
                    while (index := next(indexes)) < WRITES:
                        try:
                            response = http.post("/api/v1/households", json=payload(index, run))
                        except httpx.TransportError:
                            with lock:
                                in_doubt.append(index)
                            assert restarted.wait(60), "the server was not restarted"
                            continue
                        with lock:
                            if response.status_code == 201:
                                acknowledged[index] = response.json()["id"]
                                if len(acknowledged) >= KILL_AFTER:
                                    enough.set()
                            else:
                                refused.append((index, response.status_code, response.text[:300]))
                                enough.set()  # fail fast
                        if killed.is_set() and not restarted.is_set():
                            restarted.wait(60)

            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                futures = [pool.submit(client, n) for n in range(CLIENTS)]
                assert enough.wait(60), f"too slow: {len(acknowledged)} acknowledged\n{server.tail()}"
                assert not refused, refused[:3]
                server.kill()
                killed.set()
                with lock:
                    at_kill = len(acknowledged)
                server.start()  # same database, same port
                restarted.set()
                for future in futures:
                    future.result(timeout=120)

            assert not refused, refused[:5]
            assert len(acknowledged) + len(in_doubt) == WRITES
            assert len(acknowledged) >= WRITES - CLIENTS
            # The restarted server still works, end to end.
            after = httpx.post(f"{server.base_url}/api/v1/households", json=payload(WRITES, run), headers=headers, timeout=10)
            assert after.status_code == 201, after.text
            acknowledged[WRITES] = after.json()["id"]
            assert httpx.get(f"{server.base_url}/api/v1/households/{acknowledged[WRITES]}", headers=headers,
                             timeout=10).json()["last_name"] == f"{run}-{WRITES:04d}"
        finally:
            server.stop()

        committed_in_doubt = check_database(url, run, acknowledged, in_doubt)
        print(f"\n{kind}: {len(acknowledged)} acknowledged ({at_kill} before SIGKILL), {len(in_doubt)} in doubt "
              f"({committed_in_doubt} of them committed, whole), "
              f"{time.monotonic() - started:.1f} s")


def check_database(url: str, run: str, acknowledged: dict[int, int], in_doubt: list[int]) -> int:
    engine = build_engine(live_settings(url))
    try:
        with Session(engine) as db:
            rows = db.execute(text(
                "SELECT h.id, h.last_name, "
                " (SELECT count(*) FROM household_member m WHERE m.household_id = h.id),"
                " (SELECT count(*) FROM dwelling d WHERE d.household_id = h.id),"
                " (SELECT count(*) FROM audit_event a WHERE a.household_id = h.id AND a.action = 'create'"
                "   AND a.entity = 'household')"
                " FROM household h WHERE h.last_name LIKE :prefix"), {"prefix": f"{run}-%"}).all()
            stored = {int(last_name.rsplit("-", 1)[1]): (hid, members, dwellings, audits)
                      for hid, last_name, members, dwellings, audits in rows}
            assert len(stored) == len(rows), "a write was stored twice"
            for index, household_id in acknowledged.items():
                assert index in stored, f"acknowledged write {index} (household {household_id}) was lost"
                assert stored[index][0] == household_id
            for index, (household_id, members, dwellings, audits) in stored.items():
                # Acknowledged or in doubt, a stored case is whole: all its members, its dwelling, its audit event.
                assert index in acknowledged or index in in_doubt, index
                assert members == len(payload(index, run)["members"]), (index, household_id, members)
                assert dwellings == 1 and audits == 1, (index, household_id, dwellings, audits)
            orphans = db.execute(text(
                "SELECT (SELECT count(*) FROM household_member m WHERE NOT EXISTS "
                "        (SELECT 1 FROM household h WHERE h.id = m.household_id)),"
                "       (SELECT count(*) FROM dwelling d WHERE NOT EXISTS "
                "        (SELECT 1 FROM household h WHERE h.id = d.household_id)),"
                "       (SELECT count(*) FROM audit_event a WHERE a.household_id IS NOT NULL AND NOT EXISTS "
                "        (SELECT 1 FROM household h WHERE h.id = a.household_id))")).one()
            assert tuple(orphans) == (0, 0, 0), f"orphan rows (members, dwellings, audit events): {tuple(orphans)}"
            return len(set(stored) & set(in_doubt))
    finally:
        engine.dispose()
