"""More concurrent requests than the pool has connections *and* than anyio has worker threads (40):
the server keeps answering (toolchain-notes section 5, the session-pool deadlock).

tests/test_live_app.py sends 40 requests to a pool of 3. With 40 requests, the tutorial's sync
`yield` session can still drain (40 thread tokens for 40 requests), so that test alone would not
catch the trap coming back; this one sends 100 at once, on the app's real session dependency.
"""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import migrate, seed
from api.demo import DEMO_PASSWORD
from api.main import create_app
from api.settings import Environment, Settings

CONCURRENCY = 100  # > anyio's 40 thread tokens > the pool's 3 connections


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = Path(tmp_path_factory.mktemp("deadlock")) / "live.db"
    settings = Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=f"sqlite:///{db}",
                        secret_key="k" * 40, spa_dir="", db_pool_size=3)
    migrate(settings)
    seed(settings)
    with TestClient(create_app(settings)) as client:
        yield client


def test_more_requests_than_connections_and_threads_all_answer(live: TestClient) -> None:
    token = live.post("/api/v1/auth/token", data={"username": "animatrice@cd39.demo", "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    barrier = threading.Barrier(CONCURRENCY, timeout=30)

    def call(index: int) -> int:
        barrier.wait()
        if index % 2:
            return live.get("/api/v1/households", params={"limit": 50}, headers=headers).status_code
        return live.get("/api/v1/referrals", params={"limit": 50}, headers=headers).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        statuses = list(pool.map(call, range(CONCURRENCY), timeout=90))
    assert statuses == [200] * CONCURRENCY
    # Well under the pool's 30 s checkout timeout: requests queued for a session, none timed out waiting.
    assert time.perf_counter() - started < 30
    assert live.get("/api/v1/healthz").status_code == 200
