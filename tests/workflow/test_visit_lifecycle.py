"""The visit lifecycle and what hangs on it: every legal and illegal transition through the API, the
booking refusals (past, before the referral, outside visiting hours, too long, a second planned visit),
visits entered afterwards, and the report chain that waits for the visit to be done."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.access import scopes_for
from api.models import (
    AdvisorAssignment,
    AuditEvent,
    Referral,
    ReferralStatus,
    Report,
    ReportStatus,
    Synthesis,
    SynthesisKind,
    SynthesisStatus,
    User,
    Visit,
    VisitStatus,
)
from api.services.agenda import PAIR, STATUS_ACTIONS, VISIT_WORKFLOW
from tests.helpers import Principals

PARIS = ZoneInfo("Europe/Paris")
COORDINATOR = scopes_for({"coordinator"})
FUTURE = "2031-03-04T09:00:00+01:00"  # a Tuesday


def uid(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


@pytest.fixture
def pair(db: Session) -> dict[str, int]:
    """Claire (the demo coordinator) and Lucas (the demo advisor, the `advisor` principal)."""
    return {"coordinator_id": uid(db, "animatrice@cd39.demo"), "advisor_id": uid(db, "conseiller@ajena.demo")}


def book(client: TestClient, principals: Principals, pair: dict, starts_at: str, household: int = 7, **extra):  # noqa: ANN003, ANN201
    return client.post("/api/v1/visits", json={"household_id": household, **pair, "starts_at": starts_at, **extra},
                       headers=principals["coordinator"])


def past_morning(days: int = 2) -> datetime:
    """09:00 Paris time `days` ago, moved back to a weekday (a visiting day)."""
    day = (datetime.now(PARIS) - timedelta(days=days)).date()
    while day.isoweekday() > 5:
        day -= timedelta(days=1)
    return datetime.combine(day, datetime.min.time().replace(hour=9), PARIS).astimezone(UTC)


def make_visit(db: Session, pair: dict, status: VisitStatus, *, starts_at: datetime | None = None,
               household: int = 7, referral_id: int | None = None) -> Visit:
    start = starts_at or past_morning()
    visit = Visit(household_id=household, referral_id=referral_id, starts_at=start, ends_at=start + timedelta(hours=2),
                  status=status, **pair)
    db.add(visit)
    if db.exec(select(AdvisorAssignment).where(AdvisorAssignment.household_id == household,
                                               AdvisorAssignment.user_id == pair["advisor_id"])).first() is None:
        db.add(AdvisorAssignment(household_id=household, user_id=pair["advisor_id"], through_visit=True,
                                   assigned_by_id=pair["coordinator_id"]))
    db.commit()
    return visit


def act(client: TestClient, principals: Principals, visit: Visit, action: str, who: str = "coordinator",
        version: int = 1, starts_at: str = FUTURE):  # noqa: ANN201
    """Take a workflow action through its endpoint: reschedule has its own, the others name a status."""
    if action == "reschedule":
        return client.post(f"/api/v1/visits/{visit.id}/reschedule", json={"version": version, "starts_at": starts_at},
                           headers=principals[who])
    status = next((s for s, a in STATUS_ACTIONS.items() if a == action), action)
    return client.post(f"/api/v1/visits/{visit.id}/status", json={"version": version, "status": status},
                       headers=principals[who])


# --- the lifecycle -------------------------------------------------------------------------------

LEGAL = [(t.action, s, t.target) for t in VISIT_WORKFLOW.transitions for s in sorted(t.sources)]
PAIR_ACTIONS = [t.action for t in VISIT_WORKFLOW.transitions if t.grants & PAIR]


def test_the_workflow_is_the_documented_lifecycle() -> None:
    assert {(a, s, t) for a, s, t in LEGAL} == {
        ("mark_done", "planned", "done"), ("cancel", "planned", "cancelled"),
        ("mark_no_show", "planned", "no_show"), ("reschedule", "planned", "rescheduled")}
    assert sorted(PAIR_ACTIONS) == ["cancel", "mark_done", "mark_no_show"]


@pytest.mark.parametrize(("action", "source", "target"), LEGAL, ids=[f"{a}:{s}" for a, s, _ in LEGAL])
def test_every_legal_transition_by_the_coordination(client: TestClient, principals: Principals, db: Session,
                                                    pair: dict, action: str, source: str, target: str) -> None:
    visit = make_visit(db, pair, VisitStatus(source))
    response = act(client, principals, visit, action)
    assert response.status_code in (200, 201), response.text
    db.expire_all()
    changed = db.get(Visit, visit.id)
    assert changed.status == target and changed.version == 2
    if action == "reschedule":  # the replacement is returned, linked both ways
        assert response.json()["rescheduled_from_id"] == visit.id and response.json()["status"] == "planned"
        assert changed.rescheduled_to_id == response.json()["id"]
    else:
        assert response.json()["status"] == target


@pytest.mark.parametrize("action", PAIR_ACTIONS)
def test_the_advisor_on_the_visit_closes_it_but_does_not_reschedule(client: TestClient, principals: Principals,
                                                                     db: Session, pair: dict, action: str) -> None:
    visit = make_visit(db, pair, VisitStatus.planned)
    assert act(client, principals, visit, action, who="advisor").status_code == 200
    other = make_visit(db, pair, VisitStatus.planned, household=8)
    refused = act(client, principals, other, "reschedule", who="advisor")
    assert refused.status_code == 403


def test_someone_neither_on_the_visit_nor_planning_may_not_close_it(client: TestClient, principals: Principals,
                                                                    db: Session, pair: dict) -> None:
    visit = make_visit(db, pair, VisitStatus.planned)
    assert act(client, principals, visit, "cancel", who="manager").status_code == 403
    db.expire_all()
    assert db.get(Visit, visit.id).status == VisitStatus.planned


ILLEGAL = [(action, state) for state in VisitStatus for action in sorted(VISIT_WORKFLOW.action_names())
           if action not in VISIT_WORKFLOW.allowed_actions(state, COORDINATOR)]


@pytest.mark.parametrize(("action", "state"), ILLEGAL, ids=[f"{a}:{s}" for a, s in ILLEGAL])
def test_every_illegal_transition_is_a_409_with_the_allowed_ones(client: TestClient, principals: Principals,
                                                                 db: Session, pair: dict, action: str, state: str) -> None:
    visit = make_visit(db, pair, VisitStatus(state))
    response = act(client, principals, visit, action)
    assert response.status_code == 409, response.text
    assert response.json()["allowed"] == VISIT_WORKFLOW.allowed_actions(state, COORDINATOR)
    db.expire_all()
    assert db.get(Visit, visit.id).status == state


def test_a_visit_is_not_done_before_it_starts(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    visit = make_visit(db, pair, VisitStatus.planned, starts_at=datetime(2031, 3, 4, 8, 0, tzinfo=UTC))
    response = act(client, principals, visit, "mark_done")
    assert response.status_code == 409
    assert "04/03/2031 à 09:00 n'a pas encore commencé" in response.json()["detail"]
    # What is really possible now: not « réalisée » again before its start.
    assert response.json()["allowed"] == ["cancel", "mark_no_show", "reschedule"]


def test_allowed_actions_come_from_the_workflow(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    planned = make_visit(db, pair, VisitStatus.planned)
    mine = client.get(f"/api/v1/visits/{planned.id}", headers=principals["coordinator"]).json()["allowed_actions"]
    assert mine[:5] == ["mark_done", "cancel", "mark_no_show", "reschedule", "edit"]
    assert "compile_report" not in mine  # not before the visit is done
    advisor = client.get(f"/api/v1/visits/{planned.id}", headers=principals["advisor"]).json()["allowed_actions"]
    assert advisor[:3] == ["mark_done", "cancel", "mark_no_show"] and "reschedule" not in advisor
    done = make_visit(db, pair, VisitStatus.done, household=8)
    after = client.get(f"/api/v1/visits/{done.id}", headers=principals["coordinator"]).json()["allowed_actions"]
    assert not set(after) & (VISIT_WORKFLOW.action_names() | {"edit"}) and "compile_report" in after


# --- booking refusals ----------------------------------------------------------------------------

@pytest.mark.parametrize(("starts_at", "ends_at", "field", "words"), [
    ("2031-03-09T10:00:00+01:00", None, "starts_at", "Pas de visite le dimanche 09/03/2031"),
    ("2031-03-04T21:00:00+01:00", None, "starts_at", "de 21:00 à 23:00 sort des horaires de visite"),
    ("2031-03-04T07:30:00+01:00", None, "starts_at", "du lundi au samedi, de 08:00 à 20:00"),
    ("2031-03-04T18:30:00+01:00", None, "starts_at", "doit commencer et finir le même jour"),
    ("2031-03-04T09:00:00+01:00", "2031-03-04T14:30:00+01:00", "ends_at", "au plus 4 h (ici 5 h 30)"),
])
def test_bookings_outside_visiting_hours_or_too_long_are_refused(client: TestClient, principals: Principals,
                                                                 db: Session, pair: dict, starts_at: str,
                                                                 ends_at: str | None, field: str, words: str) -> None:
    before = len(db.exec(select(Visit.id)).all())
    response = book(client, principals, pair, starts_at, **({"ends_at": ends_at} if ends_at else {}))
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"] and response.json()["fields"][0]["field"] == field
    assert len(db.exec(select(Visit.id)).all()) == before


def test_saturday_until_eight_pm_and_four_hours_are_accepted(client: TestClient, principals: Principals, pair: dict) -> None:
    response = book(client, principals, pair, "2031-03-08T16:00:00+01:00", ends_at="2031-03-08T20:00:00+01:00")
    assert response.status_code == 201, response.text


def test_a_booking_in_the_past_is_refused(client: TestClient, principals: Principals, pair: dict) -> None:
    response = book(client, principals, pair, past_morning().isoformat())
    assert response.status_code == 422
    assert "dans le passé" in response.json()["detail"] and "saisie a posteriori" in response.json()["detail"]


def test_a_visit_before_the_referral_came_in_is_refused(client: TestClient, principals: Principals, db: Session,
                                                         pair: dict) -> None:
    referral = Referral(household_id=7, status=ReferralStatus.contacted, channel="phone", referring_organisation_id=1,
                        referrer_name="X", contact_consent=True, received_at=datetime(2031, 3, 5, 9, 0, tzinfo=UTC))
    db.add(referral)
    db.commit()
    response = book(client, principals, pair, FUTURE, referral_id=referral.id)
    assert response.status_code == 422
    assert "ne peut pas précéder la réception de la demande, le 05/03/2031 à 10:00" in response.json()["detail"]
    assert book(client, principals, pair, "2031-03-05T14:00:00+01:00", referral_id=referral.id).status_code == 201


def test_a_second_planned_visit_points_to_the_first(client: TestClient, principals: Principals, pair: dict) -> None:
    first = book(client, principals, pair, FUTURE)
    assert first.status_code == 201
    second = book(client, principals, pair, "2031-03-11T14:00:00+01:00")
    assert second.status_code == 409
    body = second.json()
    assert "déjà une visite prévue le 04/03/2031 à 09:00" in body["detail"] and "reportez-la" in body["detail"]
    assert body["allowed"] == ["reschedule"] and body["record_id"] == first.json()["id"]
    # Once the first is cancelled, the household may be booked again.
    assert act(client, principals, Visit(id=first.json()["id"]), "cancel").status_code == 200
    assert book(client, principals, pair, "2031-03-11T14:00:00+01:00").status_code == 201


def test_moving_a_visit_follows_the_same_rules(client: TestClient, principals: Principals, pair: dict) -> None:
    visit = book(client, principals, pair, FUTURE).json()
    url = f"/api/v1/visits/{visit['id']}"
    sunday = client.post(f"{url}/reschedule", json={"version": 1, "starts_at": "2031-03-09T10:00:00+01:00"},
                         headers=principals["coordinator"])
    assert sunday.status_code == 422 and "dimanche" in sunday.json()["detail"]
    late = client.patch(url, json={"version": 1, "starts_at": "2031-03-04T19:00:00+01:00"},
                        headers=principals["coordinator"])
    assert late.status_code == 422 and "horaires de visite" in late.json()["detail"]
    past = client.patch(url, json={"version": 1, "starts_at": past_morning().isoformat()},
                        headers=principals["coordinator"])
    assert past.status_code == 422 and "dans le passé" in past.json()["detail"]
    long = client.post(f"{url}/reschedule", json={"version": 1, "starts_at": "2031-03-05T09:00:00+01:00",
                                                  "ends_at": "2031-03-05T13:30:00+01:00"}, headers=principals["coordinator"])
    assert long.status_code == 422 and "au plus 4 h" in long.json()["detail"]
    # Rescheduling the household's only planned visit is not "a second planned visit".
    moved = client.post(f"{url}/reschedule", json={"version": 1, "starts_at": "2031-03-05T09:00:00+01:00"},
                        headers=principals["coordinator"])
    assert moved.status_code == 201, moved.text


# --- visits entered afterwards -------------------------------------------------------------------

def test_a_visit_entered_afterwards_is_done_with_its_reason_and_audited(client: TestClient, principals: Principals,
                                                                        db: Session, pair: dict) -> None:
    referral = Referral(household_id=7, status=ReferralStatus.contacted, channel="phone", referring_organisation_id=1,
                        referrer_name="X", contact_consent=True, received_at=datetime.now(UTC) - timedelta(days=30))
    db.add(referral)
    db.commit()
    when = past_morning()
    response = book(client, principals, pair, when.isoformat(), referral_id=referral.id, entered_afterwards=True,
                    afterwards_reason="Fiche papier remise au retour de congé")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "done" and body["entered_afterwards"] is True
    assert body["afterwards_reason"] == "Fiche papier remise au retour de congé"
    assert "compile_report" in body["allowed_actions"] and "mark_done" not in body["allowed_actions"]
    db.expire_all()
    assert db.get(Referral, referral.id).status == ReferralStatus.visited
    event = db.exec(select(AuditEvent).where(AuditEvent.entity == "visit", AuditEvent.entity_id == body["id"],
                                             AuditEvent.action == "create")).one()
    detail = json.loads(event.detail)
    assert detail["entered_afterwards"] is True and detail["status"] == "done"
    assert "Fiche" not in event.detail  # the reason stays on the visit, never in the trail


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_entered_afterwards_needs_a_reason(client: TestClient, principals: Principals, pair: dict,
                                           reason: str | None) -> None:
    response = book(client, principals, pair, past_morning().isoformat(), entered_afterwards=True,
                    afterwards_reason=reason)
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "afterwards_reason"


def test_entered_afterwards_is_never_in_the_future(client: TestClient, principals: Principals, pair: dict) -> None:
    response = book(client, principals, pair, FUTURE, entered_afterwards=True, afterwards_reason="Fiche papier")
    assert response.status_code == 422 and "n'est pas encore terminée" in response.json()["detail"]


def test_a_reason_without_the_flag_is_refused(client: TestClient, principals: Principals, pair: dict) -> None:
    response = book(client, principals, pair, FUTURE, afterwards_reason="Fiche papier")
    assert response.status_code == 422 and response.json()["fields"][0]["field"] == "afterwards_reason"


def test_entered_afterwards_still_follows_visiting_hours(client: TestClient, principals: Principals, pair: dict) -> None:
    sunday = past_morning(days=2)
    while sunday.astimezone(PARIS).isoweekday() != 7:
        sunday -= timedelta(days=1)
    response = book(client, principals, pair, sunday.isoformat(), entered_afterwards=True, afterwards_reason="Fiche papier")
    assert response.status_code == 422 and "dimanche" in response.json()["detail"]


# --- the report chain waits for the visit --------------------------------------------------------

NOT_DONE = "n'est pas encore marquée comme réalisée : marquez-la réalisée depuis la page de la visite."


@pytest.fixture
def chain(db: Session, pair: dict) -> Visit:
    """A visit of Claire and Lucas to household 3, two days ago, not yet marked done."""
    return make_visit(db, pair, VisitStatus.planned, household=3)


def mark_done(client: TestClient, principals: Principals, visit: Visit) -> None:
    assert act(client, principals, visit, "mark_done").status_code == 200


def syntheses(db: Session, visit: Visit, status: SynthesisStatus) -> dict[SynthesisKind, Synthesis]:
    made = {kind: Synthesis(visit_id=visit.id, household_id=visit.household_id, kind=kind, status=status,
                            owner_id=visit.coordinator_id if kind == SynthesisKind.family else visit.advisor_id,
                            content=f"Synthèse {kind}") for kind in SynthesisKind}
    db.add_all(made.values())
    db.commit()
    return made


def report(db: Session, visit: Visit, status: ReportStatus) -> Report:
    made = Report(household_id=visit.household_id, visit_id=visit.id, author_id=visit.coordinator_id, status=status,
                  validated_by_id=uid(db, "cheffe@cd39.demo") if status == ReportStatus.validated else None,
                  validated_at=datetime.now(UTC) if status == ReportStatus.validated else None)
    db.add(made)
    db.commit()
    return made


def test_finalising_a_synthesis_waits_for_the_visit(client: TestClient, principals: Principals, db: Session,
                                                    chain: Visit) -> None:
    family = syntheses(db, chain, SynthesisStatus.reviewed)[SynthesisKind.family]
    url = f"/api/v1/syntheses/{family.id}/transitions"
    refused = client.post(url, json={"action": "finalise", "version": 1}, headers=principals["coordinator"])
    assert refused.status_code == 409
    day = chain.starts_at.astimezone(PARIS).strftime("%d/%m/%Y")
    assert refused.json()["detail"] == f"La visite du {day} {NOT_DONE}"
    mark_done(client, principals, chain)
    allowed = client.post(url, json={"action": "finalise", "version": 1}, headers=principals["coordinator"])
    assert allowed.status_code == 200 and allowed.json()["status"] == "final"


def test_compiling_waits_for_the_visit(client: TestClient, principals: Principals, db: Session, chain: Visit) -> None:
    syntheses(db, chain, SynthesisStatus.final)
    url = f"/api/v1/visits/{chain.id}/report"
    refused = client.post(url, json={"orientations": []}, headers=principals["coordinator"])
    assert refused.status_code == 409 and NOT_DONE in refused.json()["detail"]
    assert db.exec(select(Report.id).where(Report.visit_id == chain.id)).first() is None
    mark_done(client, principals, chain)
    assert client.post(url, json={"orientations": []}, headers=principals["coordinator"]).status_code == 201


@pytest.mark.parametrize(("status", "who", "action"), [
    (ReportStatus.draft, "coordinator", "submit"), (ReportStatus.returned, "coordinator", "submit"),
    (ReportStatus.submitted, "manager", "validate"),
])
def test_report_transitions_wait_for_the_visit(client: TestClient, principals: Principals, db: Session, chain: Visit,
                                               status: ReportStatus, who: str, action: str) -> None:
    made = report(db, chain, status)
    url = f"/api/v1/reports/{made.id}/transitions"
    refused = client.post(url, json={"action": action, "version": 1}, headers=principals[who])
    assert refused.status_code == 409 and NOT_DONE in refused.json()["detail"]
    db.expire_all()
    assert db.get(Report, made.id).status == status
    mark_done(client, principals, chain)
    assert client.post(url, json={"action": action, "version": 1}, headers=principals[who]).status_code == 200


def test_sending_waits_for_the_visit(client: TestClient, principals: Principals, db: Session, chain: Visit) -> None:
    made = report(db, chain, ReportStatus.validated)
    url = f"/api/v1/reports/{made.id}/deliveries"
    payload = {"recipient": "household", "channel": "post"}
    refused = client.post(url, json=payload, headers=principals["coordinator"])
    assert refused.status_code == 409 and NOT_DONE in refused.json()["detail"]
    mark_done(client, principals, chain)
    sent = client.post(url, json=payload, headers=principals["coordinator"])
    assert sent.status_code in (200, 201), sent.text
    assert sent.json()["status"] == "sent"


def test_a_cancelled_visit_never_gets_a_report(client: TestClient, principals: Principals, db: Session,
                                               chain: Visit) -> None:
    syntheses(db, chain, SynthesisStatus.final)
    assert act(client, principals, chain, "cancel").status_code == 200
    refused = client.post(f"/api/v1/visits/{chain.id}/report", json={"orientations": []}, headers=principals["coordinator"])
    assert refused.status_code == 409 and "n'a pas eu lieu" in refused.json()["detail"]


def test_the_report_document_carries_the_local_visit_date(db: Session, pair: dict) -> None:
    """A visit at 00:30 Paris time on 01/12/2026 is 23:30 UTC on 30/11: the document says 01/12."""
    from api.services.report_document import document

    visit = make_visit(db, pair, VisitStatus.done, starts_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC), household=3)
    made = report(db, visit, ReportStatus.validated)
    made.validated_at = datetime(2026, 12, 9, 23, 15, tzinfo=UTC)
    assert document(db, made).visit_date.isoformat() == "2026-12-01"
    assert document(db, made).validated_on.isoformat() == "2026-12-10"


def test_the_demo_visits_follow_the_rules(db: Session) -> None:
    """What `make run` loads: past visits are done, every visit is within visiting hours, and no household
    has two planned visits."""
    from api.services.availability import AgendaRules, check_visiting_time
    from api.settings import Settings

    rules = AgendaRules.from_settings(Settings(_env_file=None, secret_key="s" * 40))
    visits = db.exec(select(Visit).where(Visit.created_at <= datetime.now(UTC))).all()
    assert visits
    planned: list[int] = []
    for visit in visits:
        check_visiting_time(rules, visit.starts_at, visit.ends_at)
        if visit.starts_at < datetime.now(UTC):
            assert visit.status == VisitStatus.done or visit.entered_afterwards, visit
        if visit.status == VisitStatus.planned:
            planned.append(visit.household_id)
    assert len(planned) == len(set(planned)) > 0


@pytest.mark.parametrize("wrong", [{"visiting_start": "20:00", "visiting_end": "08:00"}, {"visiting_days": [0, 1]},
                                   {"visiting_days": [8]}, {"visit_max_minutes": 10}])
def test_visiting_hours_settings_are_checked(wrong: dict) -> None:
    from pydantic import ValidationError

    from api.settings import Settings

    with pytest.raises(ValidationError):
        Settings(_env_file=None, secret_key="s" * 40, **wrong)
    assert Settings(_env_file=None, secret_key="s" * 40, visiting_days=[5, 1, 1]).visiting_days == [1, 5]
