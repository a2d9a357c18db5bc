"""The referral lifecycle: every legal and every illegal transition, guards, roles and versions."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.access import scopes_for
from api.models import CallAttempt, Referral, ReferralStatus, ReferralTransition, TriageNote, User
from api.services.referrals import REFERRAL_WORKFLOW
from tests.helpers import Principals

COORDINATOR = scopes_for({"coordinator"})  # what a transition is checked against


def make_referral(db: Session, status: ReferralStatus = ReferralStatus.received) -> Referral:
    referral = Referral(household_id=1, status=status, channel="phone", referring_organisation_id=1,
                        referrer_name="Test", contact_consent=True)
    db.add(referral)
    db.commit()
    return referral


def coordinator_id(db: Session) -> int:
    return db.exec(select(User.id).where(User.email == "animatrice@cd39.demo")).one()


def satisfy_guards(db: Session, referral: Referral, action: str) -> dict:
    """Arrange what each guarded action needs; returns the extra request fields."""
    if action == "contact":
        db.add(TriageNote(referral_id=referral.id, problem="Impayés", written_by_id=coordinator_id(db)))
    if action == "mark_unreachable":
        for hours in (1, 2, 3):
            db.add(CallAttempt(referral_id=referral.id, at=datetime.now(UTC) - timedelta(hours=hours),
                               outcome="no_answer", by_user_id=coordinator_id(db)))
    db.commit()
    if action == "mark_out_of_scope":
        return {"reason": "Hors département"}
    if action == "mark_duplicate":
        return {"duplicate_of_id": make_referral(db).id}
    return {}


MANUAL = [(action, source, target) for t in REFERRAL_WORKFLOW.transitions if t.manual
          for action, source, target in [(t.action, s, t.target) for s in sorted(t.sources)]]


@pytest.mark.parametrize(("action", "source", "target"), MANUAL, ids=[f"{a}:{s}" for a, s, _ in MANUAL])
def test_every_legal_manual_transition(client: TestClient, principals: Principals, db: Session,
                                       action: str, source: str, target: str) -> None:
    referral = make_referral(db, ReferralStatus(source))
    extra = satisfy_guards(db, referral, action)
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions",
                           json={"action": action, "version": 1, "note": "ok", **extra}, headers=principals["coordinator"])
    assert response.status_code == 200, response.text
    assert response.json()["status"] == target
    assert response.json()["version"] == 2
    last = response.json()["history"][-1]
    assert (last["action"], last["from_status"], last["to_status"]) == (action, source, target)
    assert last["by"]["full_name"] == "Claire Martin" and last["at"]


ILLEGAL = [(action, state) for state in ReferralStatus for action in sorted(REFERRAL_WORKFLOW.action_names())
           if action not in REFERRAL_WORKFLOW.allowed_actions(state, COORDINATOR)]


@pytest.mark.parametrize(("action", "state"), ILLEGAL, ids=[f"{a}:{s}" for a, s in ILLEGAL])
def test_every_illegal_transition_is_a_409_with_the_allowed_ones(
    client: TestClient, principals: Principals, db: Session, action: str, state: str
) -> None:
    referral = make_referral(db, ReferralStatus(state))
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions", json={"action": action, "version": 1},
                           headers=principals["coordinator"])
    assert response.status_code == 409, response.text
    assert response.json()["allowed"] == REFERRAL_WORKFLOW.allowed_actions(state, COORDINATOR)
    db.expire_all()
    assert db.get(Referral, referral.id).status == state


def test_unknown_action_is_a_409(client: TestClient, principals: Principals, db: Session) -> None:
    referral = make_referral(db)
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions", json={"action": "teleport", "version": 1},
                           headers=principals["coordinator"])
    assert response.status_code == 409 and "contact" in response.json()["allowed"]


@pytest.mark.parametrize(("action", "message"), [
    ("contact", "fiche de note"), ("mark_unreachable", "appels sans réponse"),
    ("mark_out_of_scope", "hors champ"), ("mark_duplicate", "doublon"),
])
def test_guards_explain_what_is_missing(client: TestClient, principals: Principals, db: Session,
                                        action: str, message: str) -> None:
    referral = make_referral(db)
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions", json={"action": action, "version": 1},
                           headers=principals["coordinator"])
    assert response.status_code == 409 and message in response.json()["detail"]


def test_unreachable_needs_the_configured_number_of_failed_calls(client: TestClient, principals: Principals, db: Session) -> None:
    referral = make_referral(db)
    url = f"/api/v1/referrals/{referral.id}"
    for outcome in ("no_answer", "reached", "voicemail"):
        assert client.post(f"{url}/calls", json={"outcome": outcome}, headers=principals["coordinator"]).status_code == 201
    refused = client.post(f"{url}/transitions", json={"action": "mark_unreachable", "version": 1},
                          headers=principals["coordinator"])
    assert refused.status_code == 409 and "2 enregistré" in refused.json()["detail"]
    # The refusal offers only what is really possible now: not « injoignable » again, nor « contactée »
    # (no triage note yet); declining, out of scope (with a reason) and duplicate remain.
    assert refused.json()["allowed"] == ["decline", "mark_out_of_scope", "mark_duplicate"]
    client.post(f"{url}/calls", json={"outcome": "wrong_number"}, headers=principals["coordinator"])
    done = client.post(f"{url}/transitions", json={"action": "mark_unreachable", "version": 1},
                       headers=principals["coordinator"])
    assert done.status_code == 200 and done.json()["status"] == "unreachable"
    assert [c["outcome"] for c in done.json()["calls"]] == ["no_answer", "reached", "voicemail", "wrong_number"]


def test_system_steps_cannot_be_triggered_by_hand(client: TestClient, principals: Principals, db: Session) -> None:
    referral = make_referral(db, ReferralStatus.contacted)
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions", json={"action": "schedule", "version": 1},
                           headers=principals["coordinator"])
    assert response.status_code == 409


def test_stale_version_is_refused(client: TestClient, principals: Principals, db: Session) -> None:
    referral = make_referral(db)
    response = client.post(f"/api/v1/referrals/{referral.id}/transitions", json={"action": "decline", "version": 7},
                           headers=principals["coordinator"])
    assert response.status_code == 409 and response.json()["error"] == "stale_version"


def test_triage_note_contacts_the_referral_and_records_who(client: TestClient, principals: Principals, db: Session) -> None:
    referral = make_referral(db)
    response = client.put(f"/api/v1/referrals/{referral.id}/triage-note", json={
        "problem": "Impayé EDF de 640 €, chauffage électrique d'appoint",
        "questions_for_advisor": "Vérifier les convecteurs", "proposed_visit_date": "2026-12-03"},
        headers=principals["coordinator"])
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "contacted" and body["triage_note"]["written_by"]["full_name"] == "Claire Martin"
    update = client.put(f"/api/v1/referrals/{referral.id}/triage-note", json={"problem": "Corrigé", "version": 1},
                        headers=principals["coordinator"])
    assert update.status_code == 200 and update.json()["triage_note"]["version"] == 2
    stale = client.put(f"/api/v1/referrals/{referral.id}/triage-note", json={"problem": "Ancien", "version": 1},
                       headers=principals["coordinator"])
    assert stale.status_code == 409
    moves = db.exec(select(ReferralTransition).where(ReferralTransition.referral_id == referral.id)
                    .order_by(col(ReferralTransition.id))).all()
    assert [m.action for m in moves] == ["contact"]


def test_the_referral_offers_only_the_steps_its_record_allows_now(client: TestClient, principals: Principals,
                                                                   db: Session) -> None:
    """No « contactée » before the triage note, no « injoignable » before enough unanswered calls;
    steps that need what the person types (a reason, the original) stay offered."""
    referral = make_referral(db)
    url = f"/api/v1/referrals/{referral.id}"
    offered = client.get(url, headers=principals["coordinator"]).json()["allowed_actions"]
    assert offered == ["decline", "mark_out_of_scope", "mark_duplicate"]
    for _ in range(3):
        client.post(f"{url}/calls", json={"outcome": "no_answer"}, headers=principals["coordinator"])
    offered = client.get(url, headers=principals["coordinator"]).json()["allowed_actions"]
    assert offered == ["decline", "mark_unreachable", "mark_out_of_scope", "mark_duplicate"]
