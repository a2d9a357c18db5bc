"""The case follows reality: the case (the household's file) as a declared lifecycle, open → closed
(with its summary, dated for retention, its referrals settled) → reopened (recorded); the referral
follows the case (visited → report sent → closed) through the real actions; and the alert giver's
read-only page of a referral they made, with its dated steps and nothing else."""

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.access import scopes_for
from api.models import (
    AuditEvent,
    Household,
    Orientation,
    Referral,
    ReferralTransition,
    User,
    UserRole,
    Visit,
)
from api.services.households import CASE_WORKFLOW
from api.services.referrals import REFERRAL_WORKFLOW
from api.security import create_access_token
from tests.conftest import KEYS, open_login
from tests.helpers import Principals, household_payload

PARIS = ZoneInfo("Europe/Paris")
STATUS_REFUSED = "Le statut d'un dossier change par la clôture ou la réouverture."
FORM = {
    "household": {"first_name": "Rose", "last_name": "Lifecycle", "commune": "Dole", "phone": "06 98 76 54 32"},
    "reasons": ["bill_payment_difficulty"], "description": "Facture de gaz impayée depuis l'hiver.",
    "contact_consent": True, "channel": "form",
}
PLAN = [{"priority": 1, "work": "roof", "description": "Isoler les combles perdus", "saving_kwh": "6842",
         "saving_eur": "786.83", "cost_low": "1600", "cost_high": "4000", "possible_aids": "MaPrimeRénov'"}]


def uid(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


def submit(client: TestClient, principals: Principals, **overrides) -> dict:  # noqa: ANN003
    response = client.post("/api/v1/referrals", json={**FORM, **overrides}, headers=principals["referrer"])
    assert response.status_code == 201, response.text
    return response.json()


def new_household(client: TestClient, principals: Principals) -> dict:
    response = client.post("/api/v1/households", json=household_payload(last_name="Dossier"),
                           headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()


def case_action(client: TestClient, principals: Principals, household_id: int, action: str, version: int,
                who: str = "coordinator"):  # noqa: ANN201
    body = {"version": version, "summary": "Toutes les suites ont été données."} if action == "close" else \
        {"version": version, "reason": "Nouvelle dette d'énergie"}
    return client.post(f"/api/v1/households/{household_id}/{action}", json=body, headers=principals[who])


def referral_status(client: TestClient, principals: Principals, referral_id: int) -> str:
    return client.get(f"/api/v1/referrals/{referral_id}", headers=principals["coordinator"]).json()["status"]


# --- the case's lifecycle -------------------------------------------------------------------------

def test_the_case_workflow_is_declared_as_data() -> None:
    assert {(t.action, tuple(sorted(t.sources)), t.target) for t in CASE_WORKFLOW.transitions} == {
        ("close", ("open",), "closed"), ("reopen", ("closed",), "open")}
    # The referral follows the case: steps taken by the system only, never by hand.
    system = {t.action: (sorted(t.sources), t.target) for t in REFERRAL_WORKFLOW.transitions if not t.manual}
    assert system["send_report"] == (["visited"], "report_sent")
    assert system["case_closed"] == (sorted(["received", "contacted", "visit_scheduled", "visited", "report_sent"]),
                                     "closed")


@pytest.mark.parametrize("state", ["open", "closed"])
@pytest.mark.parametrize("action", ["close", "reopen"])
def test_every_case_transition_through_the_api(client: TestClient, principals: Principals, db: Session,
                                               state: str, action: str) -> None:
    household = new_household(client, principals)
    version = household["version"]
    if state == "closed":
        closed = case_action(client, principals, household["id"], "close", version)
        assert closed.status_code == 200, closed.text
        version = closed.json()["version"]
    # Neither the advisor, the manager nor the alert giver moves a case (no households:write).
    for who in ("manager", "referrer"):
        assert case_action(client, principals, household["id"], action, version, who).status_code == 403
    response = case_action(client, principals, household["id"], action, version)
    legal = (state, action) in {("open", "close"), ("closed", "reopen")}
    if legal:
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == ("closed" if action == "close" else "open")
        assert body["allowed_actions"] == (["reopen"] if action == "close" else ["close"])
    else:
        assert response.status_code == 409
        assert response.json()["allowed"] == (["close"] if state == "open" else ["reopen"])
        assert db.get(Household, household["id"]).status == state  # nothing changed
    read = client.get(f"/api/v1/households/{household['id']}", headers=principals["coordinator"]).json()
    after = ("closed" if action == "close" else "open") if legal else state
    assert read["status"] == after and read["allowed_actions"] == (["close"] if after == "open" else ["reopen"])
    # The manager reads the case but may take no action on it.
    manager_read = client.get(f"/api/v1/households/{household['id']}", headers=principals["manager"]).json()
    assert manager_read["allowed_actions"] == []


def test_closing_needs_every_orientation_settled_no_planned_visit_and_a_stale_version_is_refused(
        client: TestClient, principals: Principals, db: Session) -> None:
    household = new_household(client, principals)
    hid = household["id"]
    orientation = client.post(f"/api/v1/households/{hid}/orientations", headers=principals["coordinator"],
                              json={"kind": "cheque_energie", "description": "Vérifier le chèque énergie"}).json()
    early = case_action(client, principals, hid, "close", household["version"])
    assert early.status_code == 409 and early.json()["detail"].startswith("1 orientation est encore ouverte : réglez-la")
    assert early.json()["allowed"] == ["close"]
    settled = client.post(f"/api/v1/orientations/{orientation['id']}/transitions", headers=principals["coordinator"],
                          json={"action": "obtain", "version": orientation["version"]})
    assert settled.status_code == 200, settled.text
    starts = (datetime.now(UTC) + timedelta(days=400)).replace(hour=8, minute=0, second=0, microsecond=0)
    visit = client.post("/api/v1/visits", headers=principals["coordinator"], json={
        "household_id": hid, "coordinator_id": uid(db, "animatrice@cd39.demo"),
        "advisor_id": uid(db, "conseillere2@ajena.demo"), "starts_at": starts.isoformat()})
    assert visit.status_code == 201, visit.text
    planned = case_action(client, principals, hid, "close", household["version"])
    assert planned.status_code == 409 and "visite est encore planifiée" in planned.json()["detail"]
    cancelled = client.post(f"/api/v1/visits/{visit.json()['id']}/status", headers=principals["coordinator"],
                            json={"version": 1, "status": "cancelled"})
    assert cancelled.status_code == 200
    stale = case_action(client, principals, hid, "close", household["version"] - 1 or 99)
    assert stale.status_code == 409
    assert db.get(Household, hid).closed_at is None
    assert case_action(client, principals, hid, "close", db.get(Household, hid).version).status_code == 200


def test_patch_can_not_change_the_status(client: TestClient, principals: Principals, db: Session) -> None:
    household = new_household(client, principals)
    for status in ("closed", "open"):
        response = client.patch(f"/api/v1/households/{household['id']}", headers=principals["coordinator"],
                                json={"version": household["version"], "status": status, "phone": "0600000000"})
        assert response.status_code == 422, response.text
        assert response.json()["detail"] == STATUS_REFUSED
    db.expire_all()
    row = db.get(Household, household["id"])
    assert row.status == "open" and row.closed_at is None and row.phone != "0600000000"
    assert row.version == household["version"]
    # The field is gone from the contract, and an ordinary edit still works.
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["HouseholdUpdate"]
    assert "status" not in schema["properties"]
    ok = client.patch(f"/api/v1/households/{household['id']}", headers=principals["coordinator"],
                      json={"version": household["version"], "phone": "0600000000"})
    assert ok.status_code == 200 and ok.json()["status"] == "open"


def test_closing_dates_the_case_and_settles_its_referrals_out_of_the_calls_to_make(
        client: TestClient, principals: Principals, db: Session) -> None:
    receipt = submit(client, principals)
    hid, rid = receipt["household_id"], receipt["id"]
    worklist = client.get("/api/v1/worklist", headers=principals["coordinator"]).json()
    assert rid in [r["id"] for r in worklist["calls_to_make"]]
    before = datetime.now(UTC)
    closed = case_action(client, principals, hid, "close", db.get(Household, hid).version)
    assert closed.status_code == 200, closed.text
    db.expire_all()
    household = db.get(Household, hid)
    assert household.status == "closed" and household.closed_at is not None
    assert household.closed_at.replace(tzinfo=household.closed_at.tzinfo or UTC) >= before - timedelta(seconds=1)
    assert household.closing_summary == "Toutes les suites ont été données."
    referral = db.get(Referral, rid)
    assert referral.status == "closed"
    step = db.exec(select(ReferralTransition).where(ReferralTransition.referral_id == rid)).one()
    assert (step.action, step.from_status, step.to_status) == ("case_closed", "received", "closed")
    worklist = client.get("/api/v1/worklist", headers=principals["coordinator"]).json()
    assert rid not in [r["id"] for r in worklist["calls_to_make"]]
    inbox = client.get("/api/v1/referrals", params={"status": "received", "limit": 100},
                       headers=principals["coordinator"]).json()
    assert rid not in [r["id"] for r in inbox["items"]]
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "close", AuditEvent.entity == "household",
                                             AuditEvent.entity_id == hid)).one()
    assert json.loads(event.detail) == {"action": "close", "from": "open", "to": "closed", "referrals_closed": 1}
    # Settled referrals stay settled: the manual actions from « closed » are none.
    assert client.get(f"/api/v1/referrals/{rid}", headers=principals["coordinator"]).json()["allowed_actions"] == []


def test_reopening_is_recorded_and_clears_the_closing_date(client: TestClient, principals: Principals,
                                                           db: Session) -> None:
    household = new_household(client, principals)
    hid = household["id"]
    closed = case_action(client, principals, hid, "close", household["version"]).json()
    closed_on = datetime.fromisoformat(closed["closed_at"]).astimezone(UTC).date()
    reopened = case_action(client, principals, hid, "reopen", closed["version"])
    assert reopened.status_code == 200, reopened.text
    body = reopened.json()
    assert body["status"] == "open" and body["closed_at"] is None and body["closed_by"] is None
    assert body["allowed_actions"] == ["close"]
    db.expire_all()
    assert db.get(Household, hid).closed_at is None
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "reopen", AuditEvent.entity == "household",
                                             AuditEvent.entity_id == hid)).one()
    detail = json.loads(event.detail)
    assert detail == {"action": "reopen", "from": "closed", "to": "open", "closed_on": closed_on.isoformat(),
                      "closed_by": uid(db, "animatrice@cd39.demo")}
    assert "dette" not in event.detail  # the reason is free text: never in the trail
    assert event.actor_user_id == uid(db, "animatrice@cd39.demo") and event.household_id == hid


# --- the referral follows the case, and the alert giver follows the referral --------------------

@pytest.fixture
def walked(client: TestClient, principals: Principals, db: Session) -> dict:
    """A referral from the alert giver's form taken all the way: triage note, visit booked and done,
    syntheses, report validated and sent, orientation settled, case closed; the statuses on the way."""
    seen = []
    receipt = submit(client, principals)
    hid, rid = receipt["household_id"], receipt["id"]
    assert db.get(Referral, rid).channel == "form"
    seen.append(referral_status(client, principals, rid))
    coordinator = principals["coordinator"]
    note = client.put(f"/api/v1/referrals/{rid}/triage-note", json={"problem": "Impayé de gaz, logement froid"},
                      headers=coordinator)
    assert note.status_code == 200, note.text
    seen.append(referral_status(client, principals, rid))
    paris = ZoneInfo("Europe/Paris")
    day = datetime.now(paris).date() + timedelta(days=1)
    while day.isoweekday() == 7:  # visits are booked Monday to Saturday
        day += timedelta(days=1)
    starts = datetime.combine(day, time(10, 0), paris)
    visit = client.post("/api/v1/visits", headers=coordinator, json={
        "household_id": hid, "referral_id": rid, "coordinator_id": uid(db, "animatrice@cd39.demo"),
        "advisor_id": uid(db, "conseiller@ajena.demo"), "starts_at": starts.isoformat()})
    assert visit.status_code == 201, visit.text
    vid = visit.json()["id"]
    seen.append(referral_status(client, principals, rid))
    # The visit takes place: its hours are now behind us.
    row = db.get(Visit, vid)
    row.starts_at, row.ends_at = datetime.now(UTC) - timedelta(hours=3), datetime.now(UTC) - timedelta(hours=1)
    db.add(row)
    db.commit()
    done = client.post(f"/api/v1/visits/{vid}/status", json={"version": 1, "status": "done"}, headers=coordinator)
    assert done.status_code == 200, done.text
    seen.append(referral_status(client, principals, rid))

    def move(kind: str, ident: int, who: str, action: str, version: int):  # noqa: ANN202
        response = client.post(f"/api/v1/{kind}/{ident}/transitions", json={"action": action, "version": version},
                               headers=principals[who])
        assert response.status_code == 200, response.text
        return response.json()

    family = client.put(f"/api/v1/visits/{vid}/syntheses/family", headers=coordinator,
                        json={"content": "Couple avec deux enfants, impayé de gaz de 420 €."}).json()
    technical = client.put(f"/api/v1/visits/{vid}/syntheses/technical", headers=principals["advisor"],
                           json={"content": "Maison de 1965, combles non isolés.", "works": PLAN}).json()
    for synthesis, owner, reviewer in ((family, "coordinator", "advisor"), (technical, "advisor", "coordinator")):
        move("syntheses", synthesis["id"], owner, "submit_for_review", 1)
        move("syntheses", synthesis["id"], reviewer, "mark_reviewed", 2)
        move("syntheses", synthesis["id"], owner, "finalise", 3)
    report = client.post(f"/api/v1/visits/{vid}/report", headers=coordinator, json={
        "orientations": [{"kind": "fsl_energy", "description": "Dossier FSL pour l'impayé", "partner": "CCAS"}]})
    assert report.status_code == 201, report.text
    report_id = report.json()["id"]
    move("reports", report_id, "coordinator", "submit", 1)
    move("reports", report_id, "manager", "validate", 2)
    assert referral_status(client, principals, rid) == "visited"  # validated is not sent
    sent = client.post(f"/api/v1/reports/{report_id}/deliveries", headers=coordinator,
                       json={"recipient": "household", "channel": "post", "address": "3 rue du Puits, 39100 Dole"})
    assert sent.status_code in (200, 201), sent.text
    seen.append(referral_status(client, principals, rid))
    # A second copy of the same report moves nothing more.
    again = client.post(f"/api/v1/reports/{report_id}/deliveries", headers=coordinator,
                        json={"recipient": "household", "channel": "post", "address": "3 rue du Puits, 39100 Dole"})
    assert again.status_code in (200, 201)
    assert referral_status(client, principals, rid) == "report_sent"
    orientation = db.exec(select(Orientation).where(Orientation.household_id == hid)).one()
    move("orientations", orientation.id, "coordinator", "obtain", orientation.version)
    closed = case_action(client, principals, hid, "close", db.get(Household, hid).version)
    assert closed.status_code == 200, closed.text
    seen.append(referral_status(client, principals, rid))
    return {"referral_id": rid, "household_id": hid, "seen": seen}


def test_the_referral_follows_the_case_through_the_real_actions(walked: dict, db: Session) -> None:
    assert walked["seen"] == ["received", "contacted", "visit_scheduled", "visited", "report_sent", "closed"]
    history = db.exec(select(ReferralTransition).where(ReferralTransition.referral_id == walked["referral_id"])
                      .order_by(col(ReferralTransition.at), col(ReferralTransition.id))).all()
    assert [t.action for t in history] == ["contact", "schedule", "visit_done", "send_report", "case_closed"]


def test_the_alert_giver_sees_the_dated_steps_and_nothing_else(client: TestClient, principals: Principals,
                                                               walked: dict) -> None:
    response = client.get(f"/api/v1/referrals/mine/{walked['referral_id']}", headers=principals["referrer"])
    assert response.status_code == 200, response.text
    body = response.json()
    today = datetime.now(PARIS).date()
    assert body["status"] == "closed"
    assert [s["status"] for s in body["steps"]] == walked["seen"]
    for step in body["steps"]:
        assert date.fromisoformat(step["on"]) in (today, today - timedelta(days=1))
        assert set(step) == {"status", "on"}  # a date, no time
    # What they sent, and no more: no triage note, calls, phone, income, team notes, closing summary.
    assert set(body) == {"id", "household_name", "commune", "reasons", "description", "status", "received_at",
                         "status_changed_at", "visit_date", "steps"}
    assert body["description"] == FORM["description"] and body["reasons"] == FORM["reasons"]
    assert body["household_name"] == "LIFECYCLE Rose" and body["commune"] == "Dole"
    text = response.text
    for absent in ("Impayé de gaz, logement froid", "06 98 76 54 32", "Toutes les suites", "Couple avec deux enfants",
                   "triage_note", "calls", "income", "household_phone", "closing_summary", "history", "by"):
        assert absent not in text, absent


def test_a_planned_visit_shows_its_date_only(client: TestClient, principals: Principals, db: Session) -> None:
    rid = submit(client, principals)["id"]
    hid = db.get(Referral, rid).household_id
    client.put(f"/api/v1/referrals/{rid}/triage-note", json={"problem": "Impayé"}, headers=principals["coordinator"])
    starts = datetime(2031, 3, 5, 8, 0, tzinfo=UTC)
    booked = client.post("/api/v1/visits", headers=principals["coordinator"], json={
        "household_id": hid, "referral_id": rid, "coordinator_id": uid(db, "animatrice@cd39.demo"),
        "advisor_id": uid(db, "conseillere2@ajena.demo"), "starts_at": starts.isoformat()})
    assert booked.status_code == 201, booked.text
    body = client.get(f"/api/v1/referrals/mine/{rid}", headers=principals["referrer"]).json()
    assert body["visit_date"] == "2031-03-05" and body["status"] == "visit_scheduled"
    assert [s["status"] for s in body["steps"]] == ["received", "contacted", "visit_scheduled"]


def test_a_declined_referral_shows_the_steps_reached_then_the_outcome(client: TestClient, principals: Principals) -> None:
    rid = submit(client, principals)["id"]
    client.put(f"/api/v1/referrals/{rid}/triage-note", json={"problem": "Ne souhaite pas"},
               headers=principals["coordinator"])
    declined = client.post(f"/api/v1/referrals/{rid}/transitions", json={"action": "decline", "version": 2},
                           headers=principals["coordinator"])
    assert declined.status_code == 200, declined.text
    body = client.get(f"/api/v1/referrals/mine/{rid}", headers=principals["referrer"]).json()
    assert [s["status"] for s in body["steps"]] == ["received", "contacted", "declined"]


@pytest.fixture
def other_referrer(db: Session) -> dict[str, str]:
    """A second alert giver, of another organisation: someone else's referral is out of their reach."""
    user = User(email="autre@mairie.demo", full_name="Paul Autre", password_hash="x", organisation_id=2)
    db.add(user)
    db.flush()
    db.add(UserRole(user_id=user.id, role="referrer"))
    login = open_login(db, user.id)
    db.commit()
    token, _ = create_access_token(secret=KEYS.jwt, user_id=user.id, session_id=login.id,
                                   scopes=sorted(scopes_for({"referrer"})), generation=0, minutes=10)
    return {"Authorization": f"Bearer {token}"}


def test_someone_elses_referral_is_a_404_and_the_team_uses_its_own_page(
        client: TestClient, principals: Principals, other_referrer: dict[str, str]) -> None:
    rid = submit(client, principals)["id"]
    assert client.get(f"/api/v1/referrals/mine/{rid}", headers=principals["referrer"]).status_code == 200
    other = client.get(f"/api/v1/referrals/mine/{rid}", headers=other_referrer)
    assert other.status_code == 404 and "Demande introuvable" in other.json()["detail"]
    assert client.get("/api/v1/referrals/mine/999999", headers=principals["referrer"]).status_code == 404
    assert client.get(f"/api/v1/referrals/mine/{rid}", headers=principals["coordinator"]).status_code == 403
    assert client.get(f"/api/v1/referrals/mine/{rid}").status_code == 401


def test_the_channel_is_the_form_only_when_the_form_says_so(client: TestClient, principals: Principals,
                                                            db: Session) -> None:
    by_form = submit(client, principals)
    by_script = submit(client, principals, channel=None)
    assert db.get(Referral, by_form["id"]).channel == "form"
    assert db.get(Referral, by_script["id"]).channel == "api"
    phone = client.post("/api/v1/referrals", json={**FORM, "channel": "phone"}, headers=principals["referrer"])
    assert phone.status_code == 422 and phone.json()["fields"][0]["field"] == "channel"
