"""Sessions: access tokens die with their login (logout, refresh replay, password change), absolute
and idle limits, one query per request for the check, calendar feeds revoked with the sessions, and
the SPA's refresh token in an HttpOnly, SameSite=Strict cookie."""

import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from jose import jwt
from sqlalchemy import event
from sqlmodel import Session, select

from api.auth import _user_principal
from api.demo import DEMO_PASSWORD
from api.models import LoginSession, User
from tests.conftest import KEYS, SECRET
from tests.helpers import Principals

ME = "/api/v1/auth/me"
EMAIL = "animatrice@cd39.demo"


def login(client: TestClient, email: str = EMAIL, password: str = DEMO_PASSWORD) -> dict:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def login_row(db: Session, tokens: dict) -> LoginSession:
    sid = jwt.get_unverified_claims(tokens["access_token"])["sid"]
    return db.exec(select(LoginSession).where(LoginSession.id == sid).execution_options(populate_existing=True)).one()


# --- access tokens end with their login -----------------------------------------------------------

def test_logout_ends_the_access_token_at_once(client: TestClient) -> None:
    tokens = login(client)
    assert client.get(ME, headers=bearer(tokens)).status_code == 200
    assert client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code == 204
    assert client.get(ME, headers=bearer(tokens)).status_code == 401


def test_a_replayed_refresh_token_ends_every_access_token_of_the_login(client: TestClient) -> None:
    first = login(client)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert client.get(ME, headers=bearer(second)).status_code == 200
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).status_code == 401
    assert client.get(ME, headers=bearer(second)).status_code == 401  # the thief's as well as the owner's
    assert client.get(ME, headers=bearer(first)).status_code == 401


def test_other_logins_of_the_person_survive_a_logout(client: TestClient) -> None:
    phone, desk = login(client), login(client)
    client.post("/api/v1/auth/logout", json={"refresh_token": phone["refresh_token"]})
    assert client.get(ME, headers=bearer(desk)).status_code == 200


def test_a_token_that_names_no_login_is_refused(client: TestClient, db: Session) -> None:
    """Tokens minted before sessions (or without `sid`) are not checkable: refused."""
    user_id = db.exec(select(User.id).where(User.email == EMAIL)).one()
    now = int(time.time())
    token = jwt.encode({"sub": str(user_id), "iss": "binome", "iat": now, "exp": now + 300, "jti": "x",
                        "typ": "access", "gen": 0, "scope": "households:read"}, SECRET, algorithm="HS256")
    assert client.get(ME, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    other = login(client, "conseiller@ajena.demo")  # someone else's login does not vouch for this user
    sid = jwt.get_unverified_claims(other["access_token"])["sid"]
    token = jwt.encode({"sub": str(user_id), "iss": "binome", "iat": now, "exp": now + 300, "jti": "x",
                        "typ": "access", "gen": 0, "sid": sid, "scope": "households:read"}, SECRET, algorithm="HS256")
    assert client.get(ME, headers={"Authorization": f"Bearer {token}"}).status_code == 401


# --- absolute and idle limits ----------------------------------------------------------------------

def test_a_login_ends_after_its_absolute_limit_however_often_it_is_refreshed(client: TestClient, db: Session) -> None:
    tokens = login(client)
    row = login_row(db, tokens)
    assert timedelta(hours=11, minutes=59) < row.expires_at - row.created_at <= timedelta(hours=12, seconds=1)
    for _ in range(3):
        tokens = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()
    row = login_row(db, tokens)
    assert row.idle_expires_at <= row.expires_at
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)  # twelve hours later
    db.add(row)
    db.commit()
    assert client.get(ME, headers=bearer(tokens)).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401


def test_a_login_ends_when_idle_and_a_refresh_pushes_the_idle_limit_back(client: TestClient, db: Session) -> None:
    tokens = login(client)
    row = login_row(db, tokens)
    assert timedelta(minutes=119) < row.idle_expires_at - datetime.now(UTC) <= timedelta(minutes=120)
    row.idle_expires_at = datetime.now(UTC) + timedelta(minutes=5)
    db.add(row)
    db.commit()
    tokens = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()
    assert login_row(db, tokens).idle_expires_at > datetime.now(UTC) + timedelta(minutes=119)
    row = login_row(db, tokens)
    row.idle_expires_at = datetime.now(UTC) - timedelta(seconds=1)  # two hours without a refresh
    db.add(row)
    db.commit()
    assert client.get(ME, headers=bearer(tokens)).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401


def test_the_session_check_is_one_query(client: TestClient, db: Session) -> None:
    """It runs on every request: user, roles and login in one round trip."""
    tokens = login(client)
    statements: list[str] = []
    connection = db.connection()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listener)
    try:
        principal = _user_principal(db, tokens["access_token"], KEYS.jwt)
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    assert principal.roles == {"coordinator"}
    assert len(statements) == 1 and "login_session" in statements[0]


# --- calendar feeds ------------------------------------------------------------------------------

def test_a_password_change_revokes_the_calendar_feed(client: TestClient) -> None:
    tokens = login(client)
    url = client.post("/api/v1/calendar-feed", headers=bearer(tokens)).json()["url"]
    assert client.get(url).status_code == 200
    changed = client.post("/api/v1/auth/password", headers=bearer(tokens),
                          json={"current_password": DEMO_PASSWORD, "new_password": "Nouveau-mot-de-passe-7"})
    assert changed.status_code == 204
    assert client.get(url).status_code == 404  # a new address must be made


def test_a_password_reset_by_an_administrator_revokes_the_calendar_feed(
    client: TestClient, principals: Principals, db: Session
) -> None:
    tokens = login(client, "conseiller@ajena.demo")
    url = client.post("/api/v1/calendar-feed", headers=bearer(tokens)).json()["url"]
    advisor = db.exec(select(User.id).where(User.email == "conseiller@ajena.demo")).one()
    reset = client.patch(f"/api/v1/users/{advisor}", json={"password": "Nouveau-secret-2027"},
                         headers=principals["admin"])
    assert reset.status_code == 200
    assert client.get(url).status_code == 404
    assert client.get(ME, headers=bearer(tokens)).status_code == 401


# --- the refresh cookie --------------------------------------------------------------------------

def test_login_sets_an_httponly_strict_cookie_scoped_to_the_auth_routes(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", data={"username": EMAIL, "password": DEMO_PASSWORD})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"binome_refresh={response.json()['refresh_token']};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/api/v1/auth" in cookie
    assert "Secure" not in cookie  # plain http here: a Secure cookie would never come back
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()  # gone with the browser


def test_the_cookie_is_secure_over_https_or_when_the_setting_says_so(app, settings) -> None:  # noqa: ANN001
    with TestClient(app, base_url="https://testserver") as https:
        assert "Secure" in https.post("/api/v1/auth/token", data={"username": EMAIL, "password": DEMO_PASSWORD}
                                      ).headers["set-cookie"]
    app.state.settings = settings.model_copy(update={"refresh_cookie_secure": True})
    with TestClient(app) as http:
        assert "Secure" in http.post("/api/v1/auth/token", data={"username": EMAIL, "password": DEMO_PASSWORD}
                                     ).headers["set-cookie"]


def test_the_spa_refreshes_and_logs_out_with_the_cookie_alone(client: TestClient) -> None:
    first = login(client)
    refreshed = client.post("/api/v1/auth/refresh")  # no body: the browser sends the cookie
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] is None  # the new one only in the cookie, out of scripts' reach
    assert "HttpOnly" in refreshed.headers["set-cookie"]
    new_cookie = client.cookies.get("binome_refresh")
    assert new_cookie and new_cookie != first["refresh_token"]
    access = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert client.get(ME, headers=access).status_code == 200
    logout = client.post("/api/v1/auth/logout")
    assert logout.status_code == 204 and 'binome_refresh=""' in logout.headers["set-cookie"]
    assert client.get(ME, headers=access).status_code == 401
    client.cookies.set("binome_refresh", new_cookie, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401


def test_scripts_still_refresh_with_the_body(client: TestClient) -> None:
    tokens = login(client)
    client.cookies.clear()
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200 and refreshed.json()["refresh_token"]
    assert client.post("/api/v1/auth/refresh").status_code == 401  # no body, no cookie: nothing to trade
