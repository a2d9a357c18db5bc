"""Login throttling: per account *from one address* with doubling waits (429 + Retry-After), a looser
per-address limit, the client address taken from X-Forwarded-For only through trusted proxies,
counting that holds under concurrent guesses, the throttled current-password check, password
rules, and every session ending on a password change."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Connection, Engine, delete
from sqlmodel import Session, select

from api.db import get_session
from api.demo import DEMO_PASSWORD
from api.errors import SecurityRefusal, TooManyAttempts
from api.main import create_app
from api.models import AuditEvent, LoginThrottle
from api.services import sessions
from api.settings import Settings
from tests.conftest import SECRET, session_override
from tests.helpers import Principals

EMAIL = "animatrice@cd39.demo"
ATTACKER = ("198.51.100.66", 40000)
PROXY = ("10.0.0.1", 40000)


def login(client: TestClient, email: str = EMAIL, password: str = DEMO_PASSWORD, **kwargs):  # noqa: ANN003, ANN201
    return client.post("/api/v1/auth/token", data={"username": email, "password": password}, **kwargs)


def end_waits(db: Session) -> None:
    """Time passes: every current wait is over (the failures stay counted)."""
    for row in db.exec(select(LoginThrottle).execution_options(populate_existing=True)).all():
        if row.blocked_until is not None:
            row.blocked_until = datetime.now(UTC) - timedelta(seconds=1)
            db.add(row)
    db.commit()


@pytest.fixture
def proxied_app(settings: Settings, engine: Engine, connection: Connection):  # noqa: ANN201
    """The app behind a reverse proxy at 10.0.0.1 (and a second hop in 10.1.0.0/16) that it trusts."""
    app = create_app(settings.model_copy(update={"trusted_proxies": ["10.0.0.1", "10.1.0.0/16"]}), engine=engine)
    app.dependency_overrides[get_session] = session_override(connection)
    return app


# --- per account from one address, doubling waits -------------------------------------------------

def test_five_failures_make_that_address_wait_and_the_wait_doubles(client: TestClient, db: Session) -> None:
    for _ in range(5):
        assert login(client, password="wrong-password-1").status_code == 401
    refused = login(client)  # even the right password waits
    assert refused.status_code == 429
    assert 55 <= int(refused.headers["retry-after"]) <= 61
    assert "pour ce compte" in refused.json()["detail"]
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()) >= 5
    waits = []
    for _ in range(3):  # each failure after a wait doubles the next one
        end_waits(db)
        assert login(client, password="wrong-password-1").status_code == 401
        waits.append(int(login(client).headers["retry-after"]))
    assert [round(w / 60) for w in waits] == [2, 4, 8]
    end_waits(db)
    assert login(client).status_code == 200  # once the wait is over, the right password works


def test_the_wait_stops_at_the_lockout_and_counts_are_forgotten_after_a_quiet_window(
    client: TestClient, db: Session
) -> None:
    row_of = lambda: db.exec(select(LoginThrottle).where(LoginThrottle.account == EMAIL)  # noqa: E731
                             .execution_options(populate_existing=True)).one()
    for _ in range(5):
        login(client, password="wrong-password-1")
    row = row_of()
    row.failures, row.blocked_until = 30, datetime.now(UTC) - timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert login(client, password="wrong-password-1").status_code == 401
    assert 59 * 60 <= int(login(client).headers["retry-after"]) <= 60 * 60 + 1  # capped at lockout_minutes
    row = row_of()
    row.last_failure_at = datetime.now(UTC) - timedelta(minutes=80)
    row.blocked_until = datetime.now(UTC) - timedelta(minutes=16)
    db.add(row)
    db.commit()
    assert login(client, password="wrong-password-1").status_code == 401
    assert row_of().failures == 1  # forgotten, then this failure


def test_an_attacker_cannot_lock_someone_elses_account(app, db: Session) -> None:  # noqa: ANN001
    """Failures count against the (account, address) pair: the owner, elsewhere, still logs in."""
    with TestClient(app, client=ATTACKER) as attacker:
        for _ in range(8):
            login(attacker, password="wrong-password-1")
        assert login(attacker).status_code == 429
    with TestClient(app) as owner:
        assert login(owner).status_code == 200


def test_a_success_resets_the_count(client: TestClient) -> None:
    for _ in range(4):
        assert login(client, password="wrong-password-1").status_code == 401
    assert login(client).status_code == 200
    for _ in range(4):
        assert login(client, password="wrong-password-1").status_code == 401
    assert login(client).status_code == 200


def test_unknown_accounts_are_throttled_the_same_way(client: TestClient) -> None:
    for _ in range(5):
        assert login(client, email="personne@example.org", password="x").status_code == 401
    assert login(client, email="personne@example.org", password="x").status_code == 429


# --- per address --------------------------------------------------------------------------------

def test_one_address_trying_many_accounts_is_slowed_down(app, settings: Settings, db: Session) -> None:  # noqa: ANN001
    app.state.settings = settings.model_copy(update={"login_max_failures_per_address": 6})
    with TestClient(app, client=ATTACKER) as attacker:
        for i in range(6):  # one failure per account: no pair reaches its own limit
            assert login(attacker, email=f"compte{i}@example.org", password="x").status_code == 401
        refused = login(attacker, email="cheffe@cd39.demo")
        assert refused.status_code == 429 and "adresse" in refused.json()["detail"]
        assert 14 * 60 <= int(refused.headers["retry-after"]) <= 15 * 60 + 1
    with TestClient(app) as elsewhere:
        assert login(elsewhere, email="cheffe@cd39.demo").status_code == 200


def test_a_success_does_not_reset_the_address_count(app, settings: Settings) -> None:  # noqa: ANN001
    app.state.settings = settings.model_copy(update={"login_max_failures_per_address": 4})
    with TestClient(app, client=ATTACKER) as attacker:
        for i in range(3):
            login(attacker, email=f"compte{i}@example.org", password="x")
        assert login(attacker).status_code == 200  # an account of one's own...
        login(attacker, email="compte9@example.org", password="x")
        assert login(attacker, email="compte10@example.org", password="x").status_code == 429  # ...resets nothing


# --- the client's address behind proxies -------------------------------------------------------

def test_behind_a_trusted_proxy_each_client_has_its_own_address(proxied_app, settings: Settings) -> None:  # noqa: ANN001
    """One careless colleague behind the shared proxy does not lock the whole team out."""
    proxied_app.state.settings = settings.model_copy(update={"trusted_proxies": ["10.0.0.1", "10.1.0.0/16"],
                                                            "login_max_failures_per_address": 5})
    with TestClient(proxied_app, client=PROXY) as through_proxy:
        for i in range(6):
            login(through_proxy, email=f"compte{i}@example.org", password="x",
                  headers={"X-Forwarded-For": "203.0.113.5"})
        assert login(through_proxy, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
        ok = login(through_proxy, headers={"X-Forwarded-For": "203.0.113.6", "X-Forwarded-Proto": "https"})
        assert ok.status_code == 200
        assert "Secure" in ok.headers["set-cookie"]  # TLS ended at the trusted proxy
    with TestClient(proxied_app, client=ATTACKER) as direct:  # an untrusted peer cannot claim https
        assert "Secure" not in login(direct, headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]


def test_rotating_forwarded_headers_does_not_escape_the_count(proxied_app, db: Session) -> None:  # noqa: ANN001
    # Through the trusted proxies, only the rightmost untrusted hop counts: the rest is the client's say.
    with TestClient(proxied_app, client=PROXY) as through_proxy:
        for i in range(5):
            login(through_proxy, password="wrong-password-1",
                  headers={"X-Forwarded-For": f"192.0.2.{i}, 203.0.113.5, 10.1.2.3"})
        assert login(through_proxy, headers={"X-Forwarded-For": "192.0.2.99, 203.0.113.5"}).status_code == 429
    # From a peer that is not a trusted proxy, forwarded headers are ignored altogether.
    with TestClient(proxied_app, client=ATTACKER) as direct:
        for i in range(5):
            login(direct, password="wrong-password-1", headers={"X-Forwarded-For": f"192.0.2.{i}"})
        assert login(direct, headers={"X-Forwarded-For": "192.0.2.100"}).status_code == 429
    addresses = {row.address for row in db.exec(select(LoginThrottle).where(LoginThrottle.account == EMAIL)).all()}
    assert addresses == {"203.0.113.5", ATTACKER[0]}


def test_serve_leaves_forwarded_headers_to_the_app(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """uvicorn's own proxy handling would believe 127.0.0.1's X-Forwarded-For whatever the settings say."""
    import uvicorn

    from api import cli

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setattr("api.observability.configure_logging", lambda level: None)
    cli.serve(settings, "127.0.0.1", 8000)
    assert seen["proxy_headers"] is False


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    assert Settings(secret_key=SECRET, trusted_proxies=[" 10.0.0.0/8", "::1"]).trusted_proxies == ["10.0.0.0/8", "::1"]
    for bad in (["*"], ["proxy.example.org"], ["10.0.0.0/33"]):
        with pytest.raises(ValidationError):
            Settings(secret_key=SECRET, trusted_proxies=bad)


# --- concurrent guesses --------------------------------------------------------------------------

def test_concurrent_guesses_never_get_more_than_the_allowed_tries(engine: Engine, settings: Settings) -> None:
    """30 simultaneous wrong guesses, each in its own session and transaction (real commits, as the
    request boundary does): exactly 5 reach the password check, the others get 429. On PostgreSQL
    the old read-then-insert check let about 24 through."""
    account, address, results = "course@example.org", "192.0.2.200", []
    barrier = threading.Barrier(30)

    def guess() -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                sessions.login(session, settings, account, "wrong-guess", address)
            except SecurityRefusal:
                session.commit()  # what the session dependency does with this refusal
                results.append("tried")
            except TooManyAttempts:
                session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=guess) for _ in range(30)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert results.count("tried") == settings.login_max_failures_per_account, results
        assert results.count("refused") == 30 - settings.login_max_failures_per_account
    finally:
        with Session(engine) as session:  # committed for real: leave nothing for the other tests
            session.exec(delete(LoginThrottle).where(LoginThrottle.address == address))
            session.exec(delete(AuditEvent).where(AuditEvent.detail == f"adresse {address}"))
            session.commit()


# --- the current password of a password change ---------------------------------------------------

def test_the_current_password_check_is_throttled(client: TestClient, principals: Principals) -> None:
    headers = principals["advisor"]
    body = {"current_password": "pas-le-bon-2026", "new_password": "Nouveau-mot-de-passe-7"}
    for _ in range(5):
        wrong = client.post("/api/v1/auth/password", headers=headers, json=body)
        assert wrong.status_code == 422 and wrong.json()["fields"][0]["field"] == "current_password"
    refused = client.post("/api/v1/auth/password", headers=headers,
                          json={**body, "current_password": DEMO_PASSWORD})  # even the right one waits
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    # The same counter as the login's: that account from this address waits there too.
    assert login(client, email="conseiller@ajena.demo").status_code == 429


def test_password_rules_and_change_end_every_session(client: TestClient, principals: Principals) -> None:
    first = login(client).json()
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    for new, message in (("court-1", "12 caractères"), ("seulementdeslettres", "mêler")):
        weak = client.post("/api/v1/auth/password", headers=headers,
                           json={"current_password": DEMO_PASSWORD, "new_password": new})
        assert weak.status_code == 422 and message in weak.text
    wrong = client.post("/api/v1/auth/password", headers=headers,
                        json={"current_password": "pas-le-bon-2026", "new_password": "Nouveau-mot-de-passe-7"})
    assert wrong.status_code == 422 and wrong.json()["fields"][0]["field"] == "current_password"
    changed = client.post("/api/v1/auth/password", headers=headers,
                          json={"current_password": DEMO_PASSWORD, "new_password": "Nouveau-mot-de-passe-7"})
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401  # the access token died
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).status_code == 401
    assert login(client).status_code == 401
    assert login(client, password="Nouveau-mot-de-passe-7").status_code == 200
    assert client.post("/api/v1/auth/password", headers=principals["landlord_a"],
                       json={"current_password": "x", "new_password": "Nouveau-mot-de-passe-7"}).status_code == 403
