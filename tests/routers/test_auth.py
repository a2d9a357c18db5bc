"""Login, refresh rotation, logout, JWT attacks and integration tokens."""

import base64
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from jose import jwt
from sqlmodel import Session, select

from api.demo import DEMO_PASSWORD
from api.models import AuditEvent, IntegrationToken, RefreshToken, User
from api.security import Purpose, create_access_token, derive_key
from tests.conftest import KEYS, open_login
from tests.helpers import Principals

ME = "/api/v1/auth/me"


def login(client: TestClient, email: str = "animatrice@cd39.demo", password: str = DEMO_PASSWORD):  # noqa: ANN201
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def user_id(db: Session, email: str = "animatrice@cd39.demo") -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


def test_login_gives_tokens_that_work(client: TestClient, db: Session) -> None:
    response = login(client)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 15 * 60
    me = client.get(ME, headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["roles"] == ["coordinator"] and "households:write" in me.json()["scopes"]
    claims = jwt.get_unverified_claims(body["access_token"])
    assert {"sub", "exp", "iat", "jti", "scope"} <= set(claims)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "login", AuditEvent.actor_user_id == user_id(db))).first()


@pytest.mark.parametrize(("email", "password"), [
    ("animatrice@cd39.demo", "wrong-password-123"), ("nobody@cd39.demo", DEMO_PASSWORD), ("ANIMATRICE@cd39.demo", "x"),
])
def test_bad_credentials_get_one_message(client: TestClient, email: str, password: str) -> None:
    response = login(client, email, password)
    assert response.status_code == 401
    assert response.json()["detail"] == "Adresse e-mail ou mot de passe incorrect."
    assert response.headers["www-authenticate"] == "Bearer"


def test_login_is_case_insensitive_on_email(client: TestClient) -> None:
    assert login(client, "Animatrice@CD39.demo").status_code == 200


def test_unknown_user_takes_as_long_as_a_wrong_password(client: TestClient) -> None:
    """The unknown-user path verifies a dummy argon2 hash, so timing does not reveal accounts."""
    def timed(email: str) -> float:
        start = time.perf_counter()
        login(client, email, "wrong-password-123")
        return time.perf_counter() - start

    # Interleaved, and the fastest of each: a busy machine slows both alike instead of one series.
    runs = [(timed("animatrice@cd39.demo"), timed("personne@cd39.demo")) for _ in range(5)]
    known, unknown = min(k for k, _ in runs), min(u for _, u in runs)
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_deactivated_user_cannot_log_in(client: TestClient, db: Session) -> None:
    user = db.get(User, user_id(db))
    user.is_active = False
    db.add(user)
    db.commit()
    assert login(client).status_code == 401


def test_refresh_rotates_and_the_old_token_dies(client: TestClient) -> None:
    first = login(client).json()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert client.get(ME, headers=bearer(second.json()["access_token"])).status_code == 200
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401


def test_logout_revokes_the_refresh_token(client: TestClient, db: Session) -> None:
    tokens = login(client).json()
    assert client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert db.exec(select(RefreshToken).where(RefreshToken.user_id == user_id(db),
                                              RefreshToken.revoked_at.is_(None))).first() is None


def test_unknown_refresh_token_is_refused(client: TestClient) -> None:
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 43}).status_code == 401


# --- JWT attacks -------------------------------------------------------------------------------

def forged(db: Session) -> str:
    uid = user_id(db)
    token, _ = create_access_token(secret=KEYS.jwt, user_id=uid, session_id=open_login(db, uid).id,
                                   scopes=["households:read"], generation=0, minutes=5)
    return token


def test_alg_none_is_refused(client: TestClient, db: Session) -> None:
    claims = jwt.get_unverified_claims(forged(db))
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert client.get(ME, headers=bearer(unsigned)).status_code == 401


def test_token_signed_with_another_key_is_refused(client: TestClient, db: Session) -> None:
    token, _ = create_access_token(secret=derive_key("another-key-" + "y" * 40, Purpose.jwt), user_id=user_id(db),
                                   session_id=open_login(db, user_id(db)).id, scopes=["households:read"],
                                   generation=0, minutes=5)
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_hs512_with_the_right_key_is_refused(client: TestClient, db: Session) -> None:
    claims = jwt.get_unverified_claims(forged(db))
    token = jwt.encode(claims, KEYS.jwt, algorithm="HS512")
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_expired_token_is_refused(client: TestClient, db: Session) -> None:
    token, _ = create_access_token(secret=KEYS.jwt, user_id=user_id(db), session_id=open_login(db, user_id(db)).id,
                                   scopes=["households:read"], generation=0, minutes=5,
                                   now=datetime.now(UTC) - timedelta(minutes=10))
    response = client.get(ME, headers=bearer(token))
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_tampered_payload_is_refused(client: TestClient, db: Session) -> None:
    header, payload, signature = forged(db).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["scope"] = "admin households:read households:write"
    assert client.get(ME, headers=bearer(f"{header}.{b64(claims)}.{signature}")).status_code == 401


def test_refresh_token_is_not_an_access_token(client: TestClient) -> None:
    tokens = login(client).json()
    assert client.get(ME, headers=bearer(tokens["refresh_token"])).status_code == 401


def test_token_without_sub_is_refused(client: TestClient) -> None:
    now = int(time.time())
    token = jwt.encode({"iss": "binome", "iat": now, "exp": now + 60, "jti": "x", "typ": "access",
                        "scope": "admin"}, KEYS.jwt, algorithm="HS256")
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_garbage_tokens_are_refused(client: TestClient) -> None:
    for token in ("", "abc", "a.b.c", "bnm_nothing", "Bearer"):
        assert client.get(ME, headers=bearer(token)).status_code == 401, token


def test_scopes_in_a_token_never_exceed_the_role(client: TestClient, db: Session) -> None:
    """A genuine token claiming more than the user's roles grant is cut down to the roles."""
    advisor = user_id(db, "conseiller@ajena.demo")
    token, _ = create_access_token(secret=KEYS.jwt, user_id=advisor, session_id=open_login(db, advisor).id,
                                   scopes=["admin", "households:read"], generation=0, minutes=5)
    assert client.get("/api/v1/integration-tokens", headers=bearer(token)).status_code == 403


def test_password_change_revokes_existing_tokens(client: TestClient, principals: Principals, db: Session) -> None:
    tokens = login(client, "conseiller@ajena.demo").json()
    advisor_id = user_id(db, "conseiller@ajena.demo")
    response = client.patch(f"/api/v1/users/{advisor_id}", json={"password": "Nouveau-secret-2027"},
                            headers=principals["admin"])
    assert response.status_code == 200
    assert client.get(ME, headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert login(client, "conseiller@ajena.demo", "Nouveau-secret-2027").status_code == 200


# --- integration tokens ------------------------------------------------------------------------

def test_integration_token_is_shown_once_stored_hashed_and_revocable(
    client: TestClient, principals: Principals, db: Session
) -> None:
    created = client.post("/api/v1/integration-tokens", json={"name": "Bilan annuel", "kind": "reporting"},
                          headers=principals["admin"])
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("bnm_") and created.json()["scopes"] == ["reporting:read"]
    row = db.get(IntegrationToken, created.json()["id"])
    assert secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    listed = client.get("/api/v1/integration-tokens", headers=principals["admin"]).json()
    assert listed["total"] >= 1 and created.json()["id"] in [t["id"] for t in listed["items"]]
    assert all("token" not in t for t in listed["items"])
    me = client.get(ME, headers=bearer(secret))
    assert me.status_code == 200 and me.json()["kind"] == "integration" and me.json()["roles"] == ["reporting"]
    assert client.get("/api/v1/households", headers=bearer(secret)).status_code == 403
    revoke = client.post(f"/api/v1/integration-tokens/{created.json()['id']}/revoke", headers=principals["admin"])
    assert revoke.status_code == 200 and revoke.json()["revoked_at"]
    assert client.get(ME, headers=bearer(secret)).status_code == 401


def test_expired_integration_token_is_refused(client: TestClient, principals: Principals, db: Session) -> None:
    created = client.post("/api/v1/integration-tokens", json={"name": "Bilan", "kind": "reporting"},
                          headers=principals["admin"]).json()
    row = db.get(IntegrationToken, created["id"])
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert client.get(ME, headers=bearer(created["token"])).status_code == 401


def test_landlord_token_needs_a_landlord_organisation(client: TestClient, principals: Principals) -> None:
    response = client.post("/api/v1/integration-tokens", json={"name": "X", "kind": "landlord", "organisation_id": 1},
                           headers=principals["admin"])
    assert response.status_code == 422 and response.json()["fields"][0]["field"] == "organisation_id"
    too_wide = client.post("/api/v1/integration-tokens", json={"name": "X", "kind": "reporting", "scopes": ["admin"]},
                           headers=principals["admin"])
    assert too_wide.status_code == 422
