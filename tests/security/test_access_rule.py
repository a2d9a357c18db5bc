"""One rule for who may see what (issue 13): scopes decide actions, the household decides records.

- services never test a role name: they ask for a scope, a seat or a workflow transition;
- a visit, its syntheses, briefing and technical diagnostic are reached through the household's
  rule, so an advisor taken off a household (by hand, by moving the visit to a colleague, or by
  cancelling it) loses every visit route at once;
- reads of personal data through visits, the agenda, the validation queue and the duplicate search
  leave an audit event;
- lists that used to take no principal (report queue, audit log, duplicate search) are scoped.
"""

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.access import ROLE_SCOPES, Scope, scopes_for
from api.models import AdvisorAssignment, AuditEvent, Report, ReportStatus, Role, User, Visit, VisitStatus
from tests.helpers import Principals

SERVICES = Path(__file__).resolve().parents[2] / "api" / "services"
HOUSEHOLD = 7  # a demo household Lucas (the demo advisor) is not assigned to


def uid(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


# --- structure ---------------------------------------------------------------------------------

def test_no_service_tests_a_role() -> None:
    """Role names live in api/access.py; services ask for scopes (user administration handles roles
    as data, so it may name the Role type, never a role's value)."""
    offenders = []
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Giving a role as data (`roles=[Role.admin]` when creating the first admin) is not a test.
        given = {id(n) for kw in ast.walk(tree) if isinstance(kw, ast.keyword) and kw.arg == "roles"
                 for n in ast.walk(kw.value)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role" \
                    and node.attr in {r.name for r in Role} and id(node) not in given:
                offenders.append(f"{path.name}:{node.lineno} Role.{node.attr}")
            if isinstance(node, ast.Attribute) and (node.attr in {"has_any_role", "sees_all_households"} or (
                    node.attr == "roles" and isinstance(node.value, ast.Name) and node.value.id == "principal")):
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in {s.value for s in Scope} \
                    and ":" in node.value:
                offenders.append(f"{path.name}:{node.lineno} raw scope {node.value!r}")
    assert offenders == []


def test_every_scope_is_granted_and_described() -> None:
    from api.access import SCOPE_DESCRIPTIONS
    granted = set().union(*ROLE_SCOPES.values())
    assert granted == set(Scope), set(Scope) - granted
    assert set(SCOPE_DESCRIPTIONS) == set(Scope)
    # Advisors never get the income amounts nor the département-wide reach.
    assert not {Scope.income_read, Scope.households_all, Scope.social_read} & scopes_for({Role.advisor})


def test_me_lists_scopes_of_the_enum(client: TestClient, principals: Principals) -> None:
    me = client.get("/api/v1/auth/me", headers=principals["advisor"]).json()
    assert set(me["scopes"]) == set(scopes_for({Role.advisor}))
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["Me"]["properties"]["scopes"]["items"] == {"$ref": "#/components/schemas/Scope"}
    assert "households:referred" not in schema["Scope"]["enum"]


# --- hole 4: an advisor off the household loses every visit route ------------------------------

VISIT_ROUTES = ("", "/syntheses", "/briefing", "/technical-diagnostic")


def _reaches(client: TestClient, principals: Principals, visit_id: int) -> dict[str, int]:
    return {route: client.get(f"/api/v1/visits/{visit_id}{route}", headers=principals["advisor"]).status_code
            for route in VISIT_ROUTES}


def _book(client: TestClient, principals: Principals, db: Session, advisor_email: str, day: int) -> dict:
    starts = datetime(2031, 3, day, 9, 0, tzinfo=UTC).isoformat()
    response = client.post("/api/v1/visits", json={
        "household_id": HOUSEHOLD, "coordinator_id": uid(db, "animatrice@cd39.demo"),
        "advisor_id": uid(db, advisor_email), "starts_at": starts}, headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()


def test_an_advisor_unassigned_by_hand_loses_the_visit_routes(client: TestClient, principals: Principals,
                                                              db: Session) -> None:
    visit = _book(client, principals, db, "conseiller@ajena.demo", 4)
    reached = _reaches(client, principals, visit["id"])
    assert reached[""] == 200 and reached["/syntheses"] == 200 and reached["/briefing"] == 200
    lucas = uid(db, "conseiller@ajena.demo")
    assert client.delete(f"/api/v1/households/{HOUSEHOLD}/advisors/{lucas}",
                         headers=principals["coordinator"]).status_code == 200
    # Still named on the visit, but no longer assigned to the household: nothing of it is in reach.
    assert set(_reaches(client, principals, visit["id"]).values()) == {404}


def test_moving_a_visit_to_a_colleague_ends_the_former_advisors_access(client: TestClient, principals: Principals,
                                                                        db: Session) -> None:
    visit = _book(client, principals, db, "conseiller@ajena.demo", 5)
    moved = client.patch(f"/api/v1/visits/{visit['id']}", json={
        "version": visit["version"], "advisor_id": uid(db, "conseillere2@ajena.demo")}, headers=principals["coordinator"])
    assert moved.status_code == 200, moved.text
    assert set(_reaches(client, principals, visit["id"]).values()) == {404}
    assert client.get(f"/api/v1/households/{HOUSEHOLD}", headers=principals["advisor"]).status_code == 404
    unassigned = db.exec(select(AuditEvent).where(AuditEvent.action == "unassign",
                                                  AuditEvent.household_id == HOUSEHOLD)).all()
    assert unassigned, "the end of access is audited"


def test_cancelling_the_visit_ends_access_but_a_manual_assignment_stays(client: TestClient, principals: Principals,
                                                                        db: Session) -> None:
    visit = _book(client, principals, db, "conseiller@ajena.demo", 6)
    cancelled = client.post(f"/api/v1/visits/{visit['id']}/status", json={"status": "cancelled", "version": 1},
                            headers=principals["coordinator"])
    assert cancelled.status_code == 200, cancelled.text
    assert set(_reaches(client, principals, visit["id"]).values()) == {404}

    other = _book(client, principals, db, "conseiller@ajena.demo", 7)
    lucas = uid(db, "conseiller@ajena.demo")
    client.put(f"/api/v1/households/{HOUSEHOLD}/advisors/{lucas}", headers=principals["coordinator"])
    assert db.exec(select(AdvisorAssignment.through_visit).where(
        AdvisorAssignment.household_id == HOUSEHOLD, AdvisorAssignment.user_id == lucas)).one() is False
    client.post(f"/api/v1/visits/{other['id']}/status", json={"status": "cancelled", "version": 1},
                headers=principals["coordinator"])
    # Assigned by hand: the coordinator decided, so cancelling a visit does not take it away.
    assert client.get(f"/api/v1/households/{HOUSEHOLD}", headers=principals["advisor"]).status_code == 200


def test_a_visit_of_a_household_in_reach_is_readable_without_being_on_it(client: TestClient, principals: Principals,
                                                                         db: Session) -> None:
    """The household's rule, not "am I on the visit": Lucas, assigned by hand, reads Inès's visit."""
    visit = _book(client, principals, db, "conseillere2@ajena.demo", 10)
    assert _reaches(client, principals, visit["id"])[""] == 404
    client.put(f"/api/v1/households/{HOUSEHOLD}/advisors/{uid(db, 'conseiller@ajena.demo')}",
               headers=principals["coordinator"])
    reached = _reaches(client, principals, visit["id"])
    assert reached[""] == 200 and reached["/syntheses"] == 200
    # Reading is not acting: he is not on this visit, so he may not change it.
    read = client.get(f"/api/v1/visits/{visit['id']}", headers=principals["advisor"]).json()
    assert "cancel" not in read["allowed_actions"] and "mark_briefing_read" not in read["allowed_actions"]


# --- hole 10: reads of personal data are audited -----------------------------------------------

def _events(db: Session, since: int) -> list[tuple[str, str]]:
    return [(e.action, e.entity) for e in db.exec(select(AuditEvent).where(AuditEvent.id > since)).all()]


def _last_event(db: Session) -> int:
    return db.exec(select(AuditEvent.id).order_by(col(AuditEvent.id).desc())).first() or 0


@pytest.mark.parametrize(("route", "who", "expected"), [
    ("/visits/{visit}", "coordinator", ("read", "visit")),
    ("/visits/{visit}/syntheses", "coordinator", ("read", "synthesis")),
    ("/visits/{visit}/briefing", "coordinator", ("read", "briefing")),
    ("/agenda?user_id={coordinator}&start=2031-03-10", "coordinator", ("list", "visit")),
    ("/reports/queue", "manager", ("list", "report")),
    ("/referrals/duplicate-candidates?last_name=Perrin&commune=Montmorot", "coordinator", ("list", "household")),
])
def test_reads_of_personal_data_are_audited(client: TestClient, principals: Principals, db: Session,
                                            route: str, who: str, expected: tuple[str, str]) -> None:
    visit = _book(client, principals, db, "conseillere2@ajena.demo", 11)
    db.add(Report(household_id=HOUSEHOLD, visit_id=visit["id"], author_id=uid(db, "animatrice@cd39.demo"),
                  status=ReportStatus.submitted, submitted_at=datetime.now(UTC)))
    db.commit()
    since = _last_event(db)
    url = "/api/v1" + route.format(visit=visit["id"], coordinator=uid(db, "animatrice@cd39.demo"))
    response = client.get(url, headers=principals[who])
    assert response.status_code == 200, response.text
    db.expire_all()
    assert expected in _events(db, since)


def test_reading_the_technical_diagnostic_is_audited(client: TestClient, principals: Principals, db: Session) -> None:
    visit = db.exec(select(Visit).where(Visit.status == VisitStatus.done)).first()
    written = client.get(f"/api/v1/visits/{visit.id}/technical-diagnostic", headers=principals["coordinator"])
    if written.status_code == 404:  # the demo visit has none yet: enter one
        pytest.fail("the demo data should hold a technical diagnostic on a done visit")
    since = _last_event(db)
    client.get(f"/api/v1/visits/{visit.id}/technical-diagnostic", headers=principals["coordinator"])
    db.expire_all()
    assert ("read", "technical_diagnostic") in _events(db, since)


# --- scoped lists --------------------------------------------------------------------------------

def test_the_audit_log_shows_an_advisor_nothing_and_a_manager_everything(client: TestClient, principals: Principals,
                                                                         db: Session) -> None:
    assert client.get("/api/v1/audit-events", headers=principals["advisor"]).status_code == 403
    page = client.get("/api/v1/audit-events", params={"household_id": HOUSEHOLD}, headers=principals["manager"])
    assert page.status_code == 200


def test_the_validation_queue_lists_only_reports_in_reach(db: Session) -> None:
    """The queue's predicate is the household's: a principal without reach sees an empty queue."""
    from api.access import Principal
    from api.services import reports
    visit = db.exec(select(Visit)).first()
    db.add(Report(household_id=visit.household_id, visit_id=visit.id, author_id=visit.coordinator_id,
                  status=ReportStatus.submitted, submitted_at=datetime.now(UTC) - timedelta(days=1)))
    db.flush()
    manager = Principal(kind="user", roles=frozenset({"manager"}), scopes=scopes_for({"manager"}), organisation_id=1,
                        user_id=uid(db, "cheffe@cd39.demo"))
    assert reports.queue(db, manager, limit=50, offset=0).items
    # The same scopes without the programme-wide reach (and assigned to nothing) reach no report.
    narrow = Principal(kind="user", roles=frozenset(), organisation_id=1, user_id=uid(db, "cheffe@cd39.demo"),
                       scopes=scopes_for({"manager"}) - {Scope.households_all})
    assert reports.queue(db, narrow, limit=50, offset=0).items == []


def test_duplicate_candidates_stay_within_reach(db: Session) -> None:
    from api.access import Principal
    from api.services import households
    coordinator = Principal(kind="user", roles=frozenset({"coordinator"}), scopes=scopes_for({"coordinator"}),
                            organisation_id=1, user_id=uid(db, "animatrice@cd39.demo"))
    found = households.find_duplicates(db, coordinator, last_name="Perrin", commune="Montmorot", phone=None)
    assert HOUSEHOLD in [m.id for m in found]
    outsider = Principal(kind="user", roles=frozenset(), scopes=frozenset({Scope.households_read}), organisation_id=1,
                         user_id=uid(db, "conseiller@ajena.demo"))
    assert households.find_duplicates(db, outsider, last_name="Perrin", commune="Montmorot", phone=None) == []
