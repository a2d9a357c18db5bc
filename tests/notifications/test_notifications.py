"""Notifications: who is told of what (and who is not: the actor, other units, people without the
scope), the recipient's list, unread count and preferences, and that a notification never outlives
the recipient's access to its record."""

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.access import scopes_for
from api.models import (
    AdvisorAssignment,
    Household,
    Notification,
    NotificationKind,
    Orientation,
    Report,
    Role,
    TerritorialUnit,
    User,
    UserRole,
    UserUnit,
    Visit,
)
from api.security import create_access_token
from api.services import notifications
from tests.conftest import KEYS, open_login
from tests.helpers import Principals
from tests.workflow.test_reports import compiled, move, visit, write  # noqa: F401  (the visit fixture)

REFERRAL = {"household": {"first_name": "Jeanne", "last_name": "Secretnom", "commune": "Dole", "insee_code": "39198",
                          "postcode": "39100"},
            "reasons": ["unpaid_cutoff_risk"], "description": "Coupure annoncée, enfant asthmatique",
            "contact_consent": True, "channel": "form"}


def person(db: Session, email: str, role: Role, units: tuple[str, ...] = ()) -> dict[str, str]:
    """A new active person with one role (covering these units), and their Authorization header."""
    user = User(email=email, full_name=email.split("@")[0], password_hash="x", organisation_id=1)
    db.add(user)
    db.flush()
    db.add(UserRole(user_id=user.id, role=role))
    for code in units:
        unit = db.exec(select(TerritorialUnit).where(TerritorialUnit.code == code)).one()
        db.add(UserUnit(user_id=user.id, unit_id=unit.id))
    db.commit()
    token, _ = create_access_token(secret=KEYS.jwt, user_id=user.id, session_id=open_login(db, user.id).id,
                                   scopes=sorted(scopes_for({role})), generation=0, minutes=30)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def listed(client: TestClient, headers: dict[str, str], **params: object) -> dict:
    response = client.get("/api/v1/me/notifications", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def unread(client: TestClient, headers: dict[str, str]) -> int:
    response = client.get("/api/v1/me/notifications/unread-count", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["unread"]


def kinds(client: TestClient, headers: dict[str, str]) -> list[str]:
    return [n["kind"] for n in listed(client, headers)["items"]]


def user_id(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


# --- a new referral ------------------------------------------------------------------------------------

def test_a_referral_tells_the_coordinators_of_its_unit_and_no_one_else(
        client: TestClient, principals: Principals, db: Session) -> None:
    dole = person(db, "coord.dole@cd39.demo", Role.coordinator, ("DOLE",))
    lons = person(db, "coord.lons@cd39.demo", Role.coordinator, ("LONS",))
    before = {who: unread(client, principals[who]) for who in ("coordinator", "manager", "advisor", "referrer")}
    response = client.post("/api/v1/referrals", json=REFERRAL, headers=principals["referrer"])
    assert response.status_code == 201, response.text
    referral_id = response.json()["id"]

    for headers in (principals["coordinator"], dole):  # Claire covers every unit; the Dole coordinator hers
        items = listed(client, headers)["items"]
        assert items[0]["kind"] == "referral_received"
        assert items[0]["title"] == f"Nouvelle demande n° {referral_id} (Dole)"
        assert items[0]["link"] == f"/demandes/{referral_id}" and items[0]["read_at"] is None
        # No more than the number and the commune: no name, no reason, no description.
        assert not {"Secretnom", "Jeanne", "Coupure", "asthmatique"} & set(items[0]["title"].split())
    assert unread(client, principals["coordinator"]) == before["coordinator"] + 1
    assert listed(client, lons)["total"] == 0  # another unit's coordinator
    for who in ("manager", "advisor", "referrer"):  # no triage scope; the referrer is the actor
        assert unread(client, principals[who]) == before[who], who


def test_the_coordinator_who_enters_a_referral_is_not_told_of_it(
        client: TestClient, principals: Principals, db: Session) -> None:
    dole = person(db, "coord.dole@cd39.demo", Role.coordinator, ("DOLE",))
    before = unread(client, principals["coordinator"])
    body = {**REFERRAL, "channel": "phone", "referring_organisation_id": 1, "referrer_name": "Accueil CD"}
    assert client.post("/api/v1/referrals", json=body, headers=principals["coordinator"]).status_code == 201
    assert unread(client, principals["coordinator"]) == before
    assert kinds(client, dole) == ["referral_received"]


def test_a_household_outside_every_unit_tells_every_coordinator(
        client: TestClient, principals: Principals, db: Session) -> None:
    lons = person(db, "coord.lons@cd39.demo", Role.coordinator, ("LONS",))
    outside = {**REFERRAL, "household": {"first_name": "Paul", "last_name": "Ailleurs", "commune": "Besançon"}}
    assert client.post("/api/v1/referrals", json=outside, headers=principals["referrer"]).status_code == 201
    assert kinds(client, lons) == ["referral_received"]


# --- reports -------------------------------------------------------------------------------------------

def test_report_steps_tell_the_validators_then_the_author(
        client: TestClient, principals: Principals, db: Session, visit: Visit) -> None:  # noqa: F811
    report = compiled(client, principals, visit)
    start = {who: unread(client, principals[who]) for who in ("coordinator", "manager", "admin", "advisor")}
    assert move(client, principals, "reports", report["id"], "coordinator", "submit", 1).status_code == 200
    for who in ("manager", "admin"):  # both hold reports:validate
        items = listed(client, principals[who])["items"]
        assert items[0]["kind"] == "report_submitted" and items[0]["link"] == f"/comptes-rendus/{report['id']}"
        assert items[0]["title"].startswith("Compte-rendu à valider – dossier n° 3 (")
    assert unread(client, principals["coordinator"]) == start["coordinator"]  # the author submitted it
    assert unread(client, principals["advisor"]) == start["advisor"]

    assert move(client, principals, "reports", report["id"], "manager", "return", 2,
                reason="Préciser les orientations").status_code == 200
    mine = listed(client, principals["coordinator"])["items"][0]
    assert mine["kind"] == "report_returned" and "Préciser" not in mine["title"]
    assert unread(client, principals["manager"]) == start["manager"] + 1  # the manager returned it: not told

    assert move(client, principals, "reports", report["id"], "coordinator", "submit", 3).status_code == 200
    assert move(client, principals, "reports", report["id"], "manager", "validate", 4).status_code == 200
    assert kinds(client, principals["coordinator"])[:2] == ["report_validated", "report_returned"]
    assert unread(client, principals["manager"]) == start["manager"] + 2
    assert unread(client, principals["advisor"]) == start["advisor"]


# --- review remarks --------------------------------------------------------------------------------------

def test_a_review_remark_tells_the_synthesis_owner_only(
        client: TestClient, principals: Principals, visit: Visit) -> None:  # noqa: F811
    family = write(client, principals, visit, "family", "coordinator", "Le ménage chauffe une seule pièce.").json()
    assert move(client, principals, "syntheses", family["id"], "coordinator", "submit_for_review", 1).status_code == 200
    before_advisor = unread(client, principals["advisor"])
    response = client.post(f"/api/v1/syntheses/{family['id']}/comments", json={"body": "Préciser laquelle"},
                           headers=principals["advisor"])
    assert response.status_code == 201, response.text
    mine = listed(client, principals["coordinator"])["items"][0]
    assert mine["kind"] == "review_remark" and mine["link"] == f"/visites/{visit.id}/syntheses"
    assert mine["title"].startswith("Remarque de relecture sur la synthèse famille – dossier n° 3")
    assert unread(client, principals["advisor"]) == before_advisor  # the reviewer wrote it


# --- landlords' works and overdue follow-ups ----------------------------------------------------------------

def test_a_landlord_works_update_tells_the_pair_of_the_shared_report(
        client: TestClient, principals: Principals, db: Session) -> None:
    jacquet = db.exec(select(Household).where(Household.last_name == "Jacquet")).one()
    before = unread(client, principals["coordinator"])
    response = client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", headers=principals["landlord_a"],
                           json={"work_priority": 1, "status": "done", "on": "2026-10-15"})
    assert response.status_code == 201, response.text
    assert unread(client, principals["coordinator"]) == before + 1
    mine = listed(client, principals["coordinator"])["items"][0]
    assert (mine["kind"], mine["link"]) == ("landlord_works_update", f"/menages/{jacquet.id}/travaux")
    assert "Jacquet" not in mine["title"]


def _overdue(db: Session, responsible: int, due: date) -> Orientation:
    jacquet = db.exec(select(Household).where(Household.last_name == "Jacquet")).one()
    orientation = Orientation(household_id=jacquet.id, kind="cheque_energie", description="Vérifier le chèque",
                              responsible_id=responsible, due_on=due)
    db.add(orientation)
    db.commit()
    return orientation


def test_an_overdue_follow_up_tells_its_responsible_once_per_due_date(
        client: TestClient, principals: Principals, db: Session) -> None:
    claire = user_id(db, "animatrice@cd39.demo")
    orientation = _overdue(db, claire, date.today() - timedelta(days=2))
    settings = client.app.state.settings
    notifications.send_digests(db, settings)
    db.commit()
    mine = [n for n in listed(client, principals["coordinator"])["items"] if n["kind"] == "followup_overdue"
            and n["record_id"] == orientation.id]
    assert len(mine) == 1 and mine[0]["record_type"] == "orientation"
    assert (date.today() - timedelta(days=2)).strftime("%d/%m/%Y") in mine[0]["title"]
    notifications.send_digests(db, settings)  # the next day's run: already told for this due date
    db.commit()
    assert len(db.exec(select(Notification).where(Notification.kind == NotificationKind.followup_overdue,
                                                  Notification.record_id == orientation.id)).all()) == 1
    # The due date is moved on, and passes again: told again.
    told = db.exec(select(Notification).where(Notification.record_id == orientation.id,
                                              Notification.kind == NotificationKind.followup_overdue)).one()
    told.created_at = datetime.now(UTC) - timedelta(days=10)
    orientation.due_on = date.today() - timedelta(days=1)
    db.add_all([told, orientation])
    db.commit()
    notifications.send_digests(db, settings)
    db.commit()
    assert len(db.exec(select(Notification).where(Notification.kind == NotificationKind.followup_overdue,
                                                  Notification.record_id == orientation.id)).all()) == 2


def test_a_settled_or_future_follow_up_tells_no_one(client: TestClient, principals: Principals, db: Session) -> None:
    claire = user_id(db, "animatrice@cd39.demo")
    future = _overdue(db, claire, date.today() + timedelta(days=3))
    settled = _overdue(db, claire, date.today() - timedelta(days=3))
    settled.status = "obtained"
    db.add(settled)
    db.commit()
    notifications.send_digests(db, client.app.state.settings)
    db.commit()
    told = db.exec(select(Notification.record_id).where(Notification.kind == NotificationKind.followup_overdue)).all()
    assert future.id not in told and settled.id not in told


# --- the recipient's list ---------------------------------------------------------------------------------

def _note(db: Session, recipient: int, record_type: str, record_id: int, household_id: int, **extra: object) -> Notification:
    n = Notification(recipient_id=recipient, kind=NotificationKind.report_returned, record_type=record_type,
                     record_id=record_id, household_id=household_id, title=f"Note {secrets.token_hex(3)}",
                     link="/", **extra)
    db.add(n)
    db.commit()
    return n


def test_list_is_newest_first_paged_filtered_and_marked_read(
        client: TestClient, principals: Principals, db: Session) -> None:
    claire = user_id(db, "animatrice@cd39.demo")
    report = db.exec(select(Report)).first()
    now = datetime.now(UTC)
    notes = [_note(db, claire, "report", report.id, report.household_id, created_at=now - timedelta(minutes=i))
             for i in range(3)]
    headers = principals["coordinator"]
    page = listed(client, headers, limit=2)
    assert set(page) == {"items", "total", "next"} and page["total"] >= 3 and page["next"] == 2
    assert [n["id"] for n in page["items"]] == [notes[0].id, notes[1].id]  # newest first

    count = unread(client, headers)
    response = client.post(f"/api/v1/me/notifications/{notes[1].id}/read", headers=headers)
    assert response.status_code == 200 and response.json()["read_at"] is not None
    again = client.post(f"/api/v1/me/notifications/{notes[1].id}/read", headers=headers).json()
    assert again["read_at"] == response.json()["read_at"]  # reading twice keeps the first time
    assert unread(client, headers) == count - 1
    assert notes[1].id not in [n["id"] for n in listed(client, headers, unread_only=True)["items"]]
    assert notes[1].id in [n["id"] for n in listed(client, headers)["items"]]

    marked = client.post("/api/v1/me/notifications/read-all", headers=headers)
    assert marked.status_code == 200 and marked.json()["marked"] == count - 1
    assert unread(client, headers) == 0 and listed(client, headers, unread_only=True)["items"] == []


def test_someone_elses_notification_is_a_404_and_stays_unread(
        client: TestClient, principals: Principals, db: Session) -> None:
    claire = user_id(db, "animatrice@cd39.demo")
    report = db.exec(select(Report)).first()
    note = _note(db, claire, "report", report.id, report.household_id)
    for who in ("manager", "admin", "advisor", "referrer"):
        response = client.post(f"/api/v1/me/notifications/{note.id}/read", headers=principals[who])
        assert response.status_code == 404 and response.json()["detail"] == "Notification introuvable."
        assert note.id not in [n["id"] for n in listed(client, principals[who])["items"]]
    assert client.post("/api/v1/me/notifications/read-all", headers=principals["manager"]).status_code == 200
    db.refresh(note)
    assert note.read_at is None


def test_a_notification_whose_record_is_out_of_reach_is_hidden(
        client: TestClient, principals: Principals, db: Session) -> None:
    """Lucas was told of works on a household he is no longer assigned to: the notification is gone from
    his list and count, and reading it is a 404 like a missing one; assigned again, it is back."""
    lucas = user_id(db, "conseiller@ajena.demo")
    assigned = select(AdvisorAssignment.household_id).where(AdvisorAssignment.user_id == lucas)
    household = db.exec(select(Household).where(Household.id.not_in(assigned))).first()
    assert household is not None
    hidden = _note(db, lucas, "household", household.id, household.id)
    gone = _note(db, lucas, "report", 999_999, household.id)  # its record no longer exists
    headers = principals["advisor"]
    ids = [n["id"] for n in listed(client, headers)["items"]]
    assert hidden.id not in ids and gone.id not in ids
    assert client.post(f"/api/v1/me/notifications/{hidden.id}/read", headers=headers).status_code == 404
    count = unread(client, headers)
    db.add(AdvisorAssignment(household_id=household.id, user_id=lucas,
                             assigned_by_id=user_id(db, "animatrice@cd39.demo")))
    db.commit()
    assert hidden.id in [n["id"] for n in listed(client, headers)["items"]]
    assert unread(client, headers) == count + 1


def test_an_integration_token_has_no_notifications(client: TestClient, principals: Principals) -> None:
    response = client.get("/api/v1/me/notifications", headers=principals["landlord_a"])
    assert response.status_code == 403 and "jeton d'intégration" in response.json()["detail"]


# --- preferences ----------------------------------------------------------------------------------------

def test_preferences_default_to_in_app_and_change_per_kind(client: TestClient, principals: Principals) -> None:
    headers = principals["manager"]
    read = client.get("/api/v1/me/notification-preferences", headers=headers).json()
    assert [p["kind"] for p in read["preferences"]] == [k.value for k in NotificationKind]
    assert {p["channel"] for p in read["preferences"]} == {"in_app"}
    assert read["digest_available"] is True  # test settings: the file mail backend
    body = {"preferences": [{"kind": "report_submitted", "channel": "daily_digest"}]}
    updated = client.put("/api/v1/me/notification-preferences", json=body, headers=headers)
    assert updated.status_code == 200
    channels = {p["kind"]: p["channel"] for p in updated.json()["preferences"]}
    assert channels["report_submitted"] == "daily_digest" and channels["referral_received"] == "in_app"
    back = {"preferences": [{"kind": "report_submitted", "channel": "in_app"}]}
    assert client.put("/api/v1/me/notification-preferences", json=back, headers=headers).status_code == 200
    again = client.get("/api/v1/me/notification-preferences", headers=headers).json()
    assert {p["channel"] for p in again["preferences"]} == {"in_app"}
    # Someone else's preferences are theirs: the coordinator's are untouched.
    other = client.get("/api/v1/me/notification-preferences", headers=principals["coordinator"]).json()
    assert {p["channel"] for p in other["preferences"]} == {"in_app"}


@pytest.mark.parametrize("body", [
    {"preferences": [{"kind": "everything", "channel": "in_app"}]},
    {"preferences": [{"kind": "report_submitted", "channel": "sms"}]},
    {"preferences": [{"kind": "report_submitted", "channel": "in_app", "extra": 1}]},
])
def test_bad_preferences_get_a_clear_422(client: TestClient, principals: Principals, body: dict) -> None:
    response = client.put("/api/v1/me/notification-preferences", json=body, headers=principals["coordinator"])
    assert response.status_code == 422
    assert response.json()["error"] and response.json()["detail"]
