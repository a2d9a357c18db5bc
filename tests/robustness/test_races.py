"""Concurrent writers on the same document: each write lands (200) or is refused as stale (409).

A live app over a PostgreSQL database of its own (real commits, the real session dependency). For
each of 100 rounds, two threads read the same version and write at the same instant (a barrier).
Nothing is lost silently: exactly one write of each pair lands, the final version is the initial
one plus the number of 200s, and the final content is that of the last acknowledged write.

Skipped on SQLite, where BEGIN IMMEDIATE serialises every write transaction anyway.
"""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.db import build_engine
from api.demo import DEMO_PASSWORD
from api.main import create_app
from api.models import Referral, User, Visit
from api import tenancy
from tests.helpers import JURA
from tests.robustness._live import live_settings, migrated_and_seeded, postgres_base_url, throwaway_postgres

PAIRS = 100

pytestmark = pytest.mark.skipif(
    postgres_base_url() is None,
    reason="races need PostgreSQL (set TEST_DATABASE_URL); SQLite serialises writers with BEGIN IMMEDIATE",
)


@pytest.fixture(scope="module")
def live() -> Iterator[TestClient]:
    with throwaway_postgres(postgres_base_url()) as url:  # type: ignore[arg-type]
        migrated_and_seeded(url)
        settings = live_settings(url, db_pool_size=8)
        with TestClient(create_app(settings)) as client:
            yield client
            client.app.state.engine.dispose()


def login(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def coordinator(live: TestClient) -> dict[str, str]:
    return login(live, "animatrice@cd39.demo")


@pytest.fixture(scope="module")
def advisor(live: TestClient) -> dict[str, str]:
    return login(live, "conseiller@ajena.demo")


def done_visit(live: TestClient, household_id: int = 3) -> int:
    """Yesterday's visit of the demo coordinator and advisor to a household (committed)."""
    engine = build_engine(live.app.state.settings)
    try:
        with Session(engine, expire_on_commit=False) as db:
            tenancy.enter(db, JURA)  # the demo's first programme
            claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
            lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
            referral = Referral(household_id=household_id, status="visited", channel="phone", referring_organisation_id=6,
                                referrer_name="Marc Leroy", contact_consent=True)
            db.add(referral)
            db.commit()
            start = datetime.now(UTC) - timedelta(days=1)
            visit = Visit(household_id=household_id, referral_id=referral.id, coordinator_id=claire.id,
                          advisor_id=lucas.id, starts_at=start, ends_at=start + timedelta(hours=2), status="done")
            db.add(visit)
            db.commit()
            return visit.id
    finally:
        engine.dispose()


def race(live: TestClient, read: Callable[[], dict], write: Callable[[int, str], object],
         field: str) -> None:
    """PAIRS rounds of two simultaneous writes of the version just read; check nothing is lost."""
    initial = read()["version"]
    landed: list[str] = []
    statuses: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for round_ in range(PAIRS):
            version = read()["version"]
            barrier = threading.Barrier(2, timeout=30)
            contents = [f"Écrit par A au tour {round_}", f"Écrit par B au tour {round_}"]

            def send(content: str, version: int = version, barrier: threading.Barrier = barrier) -> tuple[int, dict]:
                barrier.wait()
                response = write(version, content)
                return response.status_code, response.json()

            results = list(pool.map(send, contents, timeout=60))
            pair = [status for status, _ in results]
            statuses += pair
            for (status, body), content in zip(results, contents, strict=True):
                assert status in (200, 409), (status, body)
                if status == 200:
                    assert body[field] == content and body["version"] == version + 1
                    landed.append(content)
                else:
                    assert body["error"] == "stale_version", body
            # Both writers had the same version: exactly one may land (two would be a lost update).
            assert sorted(pair) == [200, 409], f"round {round_}: {pair}"
    final = read()
    assert 500 not in statuses
    assert final["version"] == initial + statuses.count(200) == initial + PAIRS
    assert final[field] == landed[-1]


def test_concurrent_synthesis_writes(live: TestClient, coordinator: dict[str, str]) -> None:
    visit_id = done_visit(live)
    url = f"/api/v1/visits/{visit_id}/syntheses/family"
    created = live.put(url, json={"content": "Première version"}, headers=coordinator)
    assert created.status_code == 200, created.text

    def read() -> dict:
        listed = live.get(f"/api/v1/visits/{visit_id}/syntheses", headers=coordinator).json()["items"]
        return next(s for s in listed if s["kind"] == "family")

    race(live, read, lambda version, content: live.put(url, json={"content": content, "version": version},
                                                       headers=coordinator), "content")


def test_concurrent_report_updates(live: TestClient, coordinator: dict[str, str], advisor: dict[str, str]) -> None:
    visit_id = done_visit(live)
    owners = {"family": coordinator, "technical": advisor}
    reviewers = {"family": advisor, "technical": coordinator}
    for kind in ("family", "technical"):
        synthesis = live.put(f"/api/v1/visits/{visit_id}/syntheses/{kind}", json={"content": f"Synthèse {kind}"},
                             headers=owners[kind]).json()
        for who, action in ((owners, "submit_for_review"), (reviewers, "mark_reviewed"), (owners, "finalise")):
            moved = live.post(f"/api/v1/syntheses/{synthesis['id']}/transitions",
                              json={"action": action, "version": synthesis["version"]}, headers=who[kind])
            assert moved.status_code == 200, moved.text
            synthesis = moved.json()
    report = live.post(f"/api/v1/visits/{visit_id}/report", json={}, headers=coordinator)
    assert report.status_code == 201, report.text
    url = f"/api/v1/reports/{report.json()['id']}"

    race(live, lambda: live.get(url, headers=coordinator).json(),
         lambda version, content: live.patch(url, json={"version": version, "introduction": content}, headers=coordinator),
         "introduction")


def test_concurrent_household_updates(live: TestClient, coordinator: dict[str, str]) -> None:
    url = "/api/v1/households/3"

    race(live, lambda: live.get(url, headers=coordinator).json(),
         lambda version, content: live.patch(url, json={"version": version, "address_line": content}, headers=coordinator),
         "address_line")
