"""Login throttling per account and per address (429 with Retry-After), the lockout policy,
password rules, and every session ending on a password change."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.demo import DEMO_PASSWORD
from api.models import AuditEvent, LoginAttempt
from tests.helpers import Principals

EMAIL = "animatrice@cd39.demo"


def login(client: TestClient, email: str = EMAIL, password: str = DEMO_PASSWORD):  # noqa: ANN201
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_an_account_is_locked_after_five_failures_then_opens_again(client: TestClient, db: Session) -> None:
    for _ in range(5):
        assert login(client, password="wrong-password-1").status_code == 401
    locked = login(client)  # even the right password waits
    assert locked.status_code == 429
    assert 14 * 60 <= int(locked.headers["retry-after"]) <= 15 * 60 + 1
    assert "verrouillé" in locked.json()["detail"]
    failed = db.exec(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert len(failed) >= 5
    # Fifteen minutes later the lock is over (the attempts are moved back in time).
    for attempt in db.exec(select(LoginAttempt).where(LoginAttempt.account == EMAIL)).all():
        attempt.at -= timedelta(minutes=16)
        db.add(attempt)
    db.commit()
    assert login(client).status_code == 200


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


def test_one_address_trying_many_accounts_is_slowed_down(client: TestClient, db: Session) -> None:
    # 20 failures from the test client's address, spread over accounts that are never locked themselves.
    now = datetime.now(UTC)
    db.add_all(LoginAttempt(account=f"compte{i}@example.org", address="testclient", at=now - timedelta(minutes=1))
               for i in range(20))
    db.commit()
    refused = login(client, email="cheffe@cd39.demo")
    assert refused.status_code == 429 and "adresse" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 0


def test_password_rules_and_change_end_every_session(client: TestClient, principals: Principals, db: Session) -> None:
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
