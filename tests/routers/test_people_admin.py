"""Account administration (issue 16): invitations and password resets by single-use links, unlock,
organisation and roles changes, and the directory lists' page envelope."""

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.models import (
    AccountMail,
    AuditEvent,
    LoginThrottle,
    Organisation,
    PasswordToken,
    User,
)
from api.services import accounts
from api.settings import Settings
from tests.helpers import Principals

NEW = {"email": "nouvelle.conseillere@ajena.demo", "full_name": "Nadia Conseil", "roles": ["advisor"]}
LINK = re.compile(r"/mot-de-passe\?jeton=([A-Za-z0-9_-]+)")


def _org(db: Session, name: str) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.name == name)).one()


def _events(db: Session, action: str, entity_id: int) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.entity_id == entity_id)).all())


def _login(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/v1/auth/token", data={"username": email, "password": password}).status_code


def _send_outbox(db: Session, settings: Settings) -> list[str]:
    """What the outbox's account-mail sender does to each pending row (in the test's transaction); the
    links of the messages it wrote."""
    for row in db.exec(select(AccountMail).where(AccountMail.status == "pending")).all():
        accounts._send(db, settings, row, datetime.now(UTC))
    db.flush()
    links = []
    for path in sorted(Path(settings.outbox_dir).glob("*account*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        links.extend(LINK.findall(message.get_content()))
        path.unlink()
    return links


def test_invited_person_chooses_a_password_once(client: TestClient, principals: Principals, db: Session,
                                                settings: Settings) -> None:
    ajena = _org(db, "Ajena")
    response = client.post("/api/v1/users", json={**NEW, "organisation_id": ajena.id}, headers=principals["admin"])
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["invitation_expires_at"] is not None
    expires = datetime.fromisoformat(created["invitation_expires_at"])
    assert timedelta(hours=71) < expires - datetime.now(UTC) <= timedelta(hours=72)
    # Stored hashed; the mail waits in the outbox with the link.
    token = db.exec(select(PasswordToken).where(PasswordToken.user_id == created["id"])).one()
    assert token.purpose == "invitation" and len(token.token_hash) == 64
    queued = db.exec(select(AccountMail).where(AccountMail.user_id == created["id"])).one()
    assert queued.status == "pending" and queued.address == NEW["email"]
    secret = LINK.search(queued.body).group(1)
    assert token.token_hash != secret and secret not in token.token_hash
    assert _events(db, "send_invitation", created["id"])

    weak = client.post("/api/v1/auth/password-reset", json={"token": secret, "password": "court"})
    assert weak.status_code == 422 and "12 caractères" in weak.json()["fields"][0]["message"]
    assert _login(client, NEW["email"], "Mon-mot-de-passe-2026") == 401
    chosen = client.post("/api/v1/auth/password-reset", json={"token": secret, "password": "Mon-mot-de-passe-2026"})
    assert chosen.status_code == 204, chosen.text
    assert _login(client, NEW["email"], "Mon-mot-de-passe-2026") == 200
    assert _events(db, "password_set_by_link", created["id"])
    again = client.post("/api/v1/auth/password-reset", json={"token": secret, "password": "Autre-mot-de-passe-2026"})
    assert again.status_code == 400 and "plus valable" in again.json()["detail"]
    wrong = client.post("/api/v1/auth/password-reset", json={"token": "x" * 43, "password": "Autre-mot-de-passe-2026"})
    assert wrong.status_code == 400
    listed = client.get("/api/v1/users", params={"q": "nouvelle.conseillere"}, headers=principals["admin"]).json()
    assert [u["id"] for u in listed["items"]] == [created["id"]] and listed["items"][0]["invitation_expires_at"] is None


def test_invitation_mail_leaves_through_the_outbox_and_forgets_the_link(
        client: TestClient, principals: Principals, db: Session, settings: Settings) -> None:
    created = client.post("/api/v1/users", json={**NEW, "organisation_id": _org(db, "Ajena").id},
                          headers=principals["admin"]).json()
    links = _send_outbox(db, settings)
    assert len(links) == 1
    row = db.exec(select(AccountMail).where(AccountMail.user_id == created["id"])).one()
    assert row.status == "sent" and row.body == ""  # the secret does not stay in the database
    assert client.post("/api/v1/auth/password-reset",
                       json={"token": links[0], "password": "Mon-mot-de-passe-2026"}).status_code == 204


def test_expired_link_is_refused(client: TestClient, principals: Principals, db: Session) -> None:
    created = client.post("/api/v1/users", json={**NEW, "organisation_id": _org(db, "Ajena").id},
                          headers=principals["admin"]).json()
    token = db.exec(select(PasswordToken).where(PasswordToken.user_id == created["id"])).one()
    secret = LINK.search(db.exec(select(AccountMail).where(AccountMail.user_id == created["id"])).one().body).group(1)
    token.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.add(token)
    db.flush()
    response = client.post("/api/v1/auth/password-reset", json={"token": secret, "password": "Mon-mot-de-passe-2026"})
    assert response.status_code == 400 and "expiré" in response.json()["detail"]


def test_first_password_account_can_log_in(client: TestClient, principals: Principals, db: Session) -> None:
    body = {**NEW, "organisation_id": _org(db, "Ajena").id, "password": "Premier-mot-2026"}
    created = client.post("/api/v1/users", json=body, headers=principals["admin"])
    assert created.status_code == 201 and created.json()["invitation_expires_at"] is None
    assert db.exec(select(AccountMail).where(AccountMail.user_id == created.json()["id"])).first() is None
    assert _login(client, NEW["email"], "Premier-mot-2026") == 200


def test_invitation_refused_when_no_mail_is_sent(client: TestClient, principals: Principals, db: Session,
                                                 settings: Settings, monkeypatch) -> None:
    monkeypatch.setattr(settings, "mail_backend", "none")
    response = client.post("/api/v1/users", json={**NEW, "organisation_id": _org(db, "Ajena").id},
                           headers=principals["admin"])
    assert response.status_code == 409 and "mot de passe" in response.json()["detail"]
    assert db.exec(select(User).where(User.email == NEW["email"])).first() is None


def test_reset_ends_sessions_and_the_old_password(client: TestClient, principals: Principals, db: Session) -> None:
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    assert client.get("/api/v1/auth/me", headers=principals["advisor"]).status_code == 200
    first = client.post(f"/api/v1/users/{advisor.id}/password-reset", headers=principals["admin"])
    assert first.status_code == 200, first.text
    assert first.json()["sent_to"] == "conseiller@ajena.demo"
    assert first.json()["user"]["invitation_expires_at"] is not None
    assert client.get("/api/v1/auth/me", headers=principals["advisor"]).status_code == 401
    assert _login(client, "conseiller@ajena.demo", "Binome-demo-2026") == 401
    client.post(f"/api/v1/users/{advisor.id}/password-reset", headers=principals["admin"])
    bodies = db.exec(select(AccountMail.body).where(AccountMail.user_id == advisor.id)
                     .order_by(col(AccountMail.id))).all()
    older, newer = (LINK.search(b).group(1) for b in bodies)
    # A newer link retires the older one.
    assert client.post("/api/v1/auth/password-reset", json={"token": older, "password": "Nouveau-mot-2027"}).status_code == 400
    assert client.post("/api/v1/auth/password-reset", json={"token": newer, "password": "Nouveau-mot-2027"}).status_code == 204
    assert _login(client, "conseiller@ajena.demo", "Nouveau-mot-2027") == 200
    assert len(_events(db, "send_reset", advisor.id)) == 2
    assert client.post("/api/v1/users/999999/password-reset", headers=principals["admin"]).status_code == 404


def test_reset_of_a_deactivated_account_is_a_conflict(client: TestClient, principals: Principals, db: Session) -> None:
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    assert client.patch(f"/api/v1/users/{advisor.id}", json={"is_active": False}, headers=principals["admin"]).json()["is_active"] is False
    response = client.post(f"/api/v1/users/{advisor.id}/password-reset", headers=principals["admin"])
    assert response.status_code == 409 and "désactivé" in response.json()["detail"]
    assert client.patch(f"/api/v1/users/{advisor.id}", json={"is_active": True}, headers=principals["admin"]).json()["is_active"] is True
    assert client.get("/api/v1/users", params={"active": False}, headers=principals["admin"]).json()["total"] == 0


def test_unlock_clears_the_throttle(client: TestClient, principals: Principals, db: Session) -> None:
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    for _ in range(12):
        if _login(client, advisor.email, "pas-le-bon-mot-1") == 429:
            break
    assert _login(client, advisor.email, "Binome-demo-2026") == 429
    listed = client.get("/api/v1/users", params={"q": "conseiller@ajena"}, headers=principals["admin"]).json()
    assert listed["items"][0]["locked_until"] is not None
    response = client.post(f"/api/v1/users/{advisor.id}/unlock", headers=principals["admin"])
    assert response.status_code == 200 and response.json()["locked_until"] is None
    assert db.exec(select(LoginThrottle).where(LoginThrottle.account == advisor.email)).first() is None
    event = _events(db, "unlock", advisor.id)
    assert event and '"counters":1' in event[0].detail
    assert _login(client, advisor.email, "Binome-demo-2026") == 200
    assert client.post("/api/v1/users/999999/unlock", headers=principals["admin"]).status_code == 404


def test_roles_and_organisation_change(client: TestClient, principals: Principals, db: Session) -> None:
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    departement = _org(db, "Conseil départemental du Jura")
    response = client.patch(f"/api/v1/users/{advisor.id}", json={"organisation_id": departement.id,
                                                                  "roles": ["coordinator", "advisor"]},
                            headers=principals["admin"])
    assert response.status_code == 200, response.text
    assert response.json()["organisation"]["id"] == departement.id
    assert response.json()["roles"] == ["advisor", "coordinator"]
    assert client.get("/api/v1/auth/me", headers=principals["advisor"]).status_code == 401  # new roles, new tokens
    unknown = client.patch(f"/api/v1/users/{advisor.id}", json={"organisation_id": 99999}, headers=principals["admin"])
    assert unknown.status_code == 422 and unknown.json()["fields"][0]["field"] == "organisation_id"
    assert client.patch("/api/v1/users/99999", json={"full_name": "X"}, headers=principals["admin"]).status_code == 404
    assert client.patch(f"/api/v1/users/{advisor.id}", json={"full_name": "X"},
                        headers=principals["coordinator"]).status_code == 403
    assert _events(db, "update", advisor.id)


def test_self_lockout_is_refused_in_french(client: TestClient, principals: Principals, db: Session) -> None:
    admin = db.exec(select(User).where(User.email == "admin@binome.demo")).one()
    response = client.patch(f"/api/v1/users/{admin.id}", json={"is_active": False}, headers=principals["admin"])
    assert response.status_code == 409 and "propre compte" in response.json()["detail"]
    response = client.patch(f"/api/v1/users/{admin.id}", json={"roles": ["manager"]}, headers=principals["admin"])
    assert response.status_code == 409 and "administrateur" in response.json()["detail"]


def test_users_page_filters(client: TestClient, principals: Principals) -> None:
    admin = principals["admin"]
    everyone = client.get("/api/v1/users", params={"limit": 2}, headers=admin).json()
    assert len(everyone["items"]) == 2 and everyone["total"] > 2 and everyone["next"] == 2
    advisors = client.get("/api/v1/users", params={"role": "advisor", "active": True}, headers=admin).json()
    assert advisors["total"] == len(advisors["items"]) and all("advisor" in u["roles"] for u in advisors["items"])
    assert client.get("/api/v1/users", params={"q": "%"}, headers=admin).json()["total"] == 0
    assert client.get("/api/v1/users", params={"limit": 101}, headers=admin).status_code == 422


def test_organisation_update(client: TestClient, principals: Principals, db: Session) -> None:
    landlord = _org(db, "Jura Habitat")
    response = client.patch(f"/api/v1/organisations/{landlord.id}",
                            json={"name": "Jura Habitat (OPH)", "email": "Contact@JuraHabitat.example", "phone": None},
                            headers=principals["admin"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Jura Habitat (OPH)" and body["email"] == "contact@jurahabitat.example" and body["phone"] is None
    taken = client.patch(f"/api/v1/organisations/{landlord.id}", json={"name": "Ajena"}, headers=principals["admin"])
    assert taken.status_code == 422 and taken.json()["fields"][0]["field"] == "name"
    assert client.patch("/api/v1/organisations/99999", json={"name": "X"}, headers=principals["admin"]).status_code == 404
    assert client.patch(f"/api/v1/organisations/{landlord.id}", json={"kind": "ccas"},
                        headers=principals["admin"]).status_code == 422
    assert _events(db, "update", landlord.id)
    found = client.get("/api/v1/organisations", params={"q": "oph"}, headers=principals["admin"]).json()
    assert {o["name"] for o in found["items"]} >= {"Jura Habitat (OPH)"}


def test_units_page_with_communes_and_year(client: TestClient, principals: Principals, db: Session) -> None:
    page = client.get("/api/v1/territorial-units", headers=principals["admin"]).json()
    assert page["total"] == 4 and page["next"] is None
    assert sum(u["communes_count"] for u in page["items"]) > 400  # the Jura's communes, nearly all in a unit
    unit = page["items"][0]
    response = client.patch(f"/api/v1/territorial-units/{unit['id']}", json={"households_year": 2021},
                            headers=principals["admin"])
    assert response.status_code == 200 and response.json()["households_year"] == 2021
    assert response.json()["communes_count"] == unit["communes_count"]
    assert client.patch(f"/api/v1/territorial-units/{unit['id']}", json={"households_year": 1800},
                        headers=principals["admin"]).status_code == 422


def test_campaigns_page(client: TestClient, principals: Principals) -> None:
    page = client.get("/api/v1/campaigns", params={"limit": 1}, headers=principals["manager"]).json()
    assert len(page["items"]) == 1 and page["total"] >= 2 and page["next"] == 1
    newest = page["items"][0]
    assert newest["visits_objective"] > 0 and newest["units"]


def test_only_admins_see_the_state_of_access(client: TestClient, principals: Principals, db: Session) -> None:
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    client.post(f"/api/v1/users/{advisor.id}/password-reset", headers=principals["admin"])
    seen = {who: next(u for u in client.get("/api/v1/users", params={"role": "advisor"},
                                           headers=principals[who]).json()["items"] if u["id"] == advisor.id)
            for who in ("admin", "coordinator")}
    assert seen["admin"]["invitation_expires_at"] is not None
    assert seen["coordinator"]["invitation_expires_at"] is None and seen["coordinator"]["roles"] == ["advisor"]


def test_units_a_person_covers_are_set_read_and_checked(client: TestClient, principals: Principals, db: Session) -> None:
    """The units decide which coordinators hear of a new referral: set at creation, changed, cleared."""
    units = [u["id"] for u in client.get("/api/v1/territorial-units", headers=principals["admin"]).json()["items"]]
    body = {**NEW, "roles": ["coordinator"], "organisation_id": _org(db, "Ajena").id, "password": "Premier-mot-2026",
            "unit_ids": [units[1], units[0], units[1]]}
    created = client.post("/api/v1/users", json=body, headers=principals["admin"])
    assert created.status_code == 201 and created.json()["unit_ids"] == sorted(units[:2])
    url = f"/api/v1/users/{created.json()['id']}"
    changed = client.patch(url, json={"unit_ids": [units[2]]}, headers=principals["admin"])
    assert changed.status_code == 200 and changed.json()["unit_ids"] == [units[2]]
    assert client.patch(url, json={"full_name": "Nadia C."}, headers=principals["admin"]).json()["unit_ids"] == [units[2]]
    unknown = client.patch(url, json={"unit_ids": [units[0], 999_999]}, headers=principals["admin"])
    assert unknown.status_code == 422 and "999999" in unknown.text and "inconnue" in unknown.text
    assert client.patch(url, json={}, headers=principals["admin"]).json()["unit_ids"] == [units[2]]  # nothing half-written
    assert client.patch(url, json={"unit_ids": []}, headers=principals["admin"]).json()["unit_ids"] == []
