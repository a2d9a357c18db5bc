"""The app with its real session dependency on a database of its own (no test transaction).

These check what the rolled-back test transaction cannot: that a request commits, that a failed
request leaves nothing behind, that a replayed refresh token ends the whole login, and that
more concurrent requests than the pool has connections do not deadlock the server.
"""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.cli import migrate, seed
from api.demo import DEMO_PASSWORD
from api.main import create_app
from api.models import Household
from api.settings import Environment, Settings
from tests.helpers import count, household_payload


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = Path(tmp_path_factory.mktemp("live")) / "live.db"
    settings = Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=f"sqlite:///{db}", secret_key="k" * 40,
                        spa_dir="", db_pool_size=3)
    migrate(settings)
    seed(settings)
    with TestClient(create_app(settings)) as client:
        yield client


def tokens(client: TestClient) -> dict:
    response = client.post("/api/v1/auth/token", data={"username": "animatrice@cd39.demo", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    return response.json()


def test_a_request_commits_and_a_failed_one_leaves_nothing(live: TestClient) -> None:
    headers = {"Authorization": f"Bearer {tokens(live)['access_token']}"}
    engine = live.app.state.engine
    with Session(engine) as session:
        before = count(session, Household)
    created = live.post("/api/v1/households", json=household_payload(last_name="Commit"), headers=headers)
    assert created.status_code == 201
    # A landlord that is not a landlord is refused after the household row was added and flushed:
    # the whole request must roll back.
    failed = live.post("/api/v1/households", json=household_payload(last_name="Rollback", landlord_id=1), headers=headers)
    assert failed.status_code == 422
    with Session(engine) as session:
        assert count(session, Household) == before + 1
        assert session.exec(select(Household).where(Household.last_name == "Rollback")).first() is None


def test_replayed_refresh_token_ends_the_whole_login(live: TestClient) -> None:
    first = tokens(live)
    second = live.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    replay = live.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    # The thief replayed the old token: the legitimate newer one is revoked too.
    assert live.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401


def test_more_concurrent_requests_than_connections_do_not_deadlock(live: TestClient) -> None:
    """Pool of 3 connections, 40 concurrent requests: all answer (the tutorial pattern hangs)."""
    headers = {"Authorization": f"Bearer {tokens(live)['access_token']}"}
    barrier = threading.Barrier(40, timeout=30)

    def call(_: int) -> int:
        barrier.wait()
        return live.get("/api/v1/households", params={"limit": 50}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(call, range(40), timeout=60))
    assert statuses == [200] * 40
