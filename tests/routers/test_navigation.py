"""The household's timeline and the global search (issue 16, point 5): what each person gets, and nothing more."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.models import (
    AuditEvent,
    Orientation,
    Referral,
    Report,
    SocialDiagnostic,
    Synthesis,
    TechnicalDiagnostic,
    User,
    Visit,
)
from api.schemas.navigation import TimelineEntry, TimelineKind
from api.services.search import normalise_phone, parse
from api.services.timeline import newest_first
from tests.helpers import Principals, household_payload

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def uid(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


def _household(client: TestClient, principals: Principals, **overrides) -> dict:
    response = client.post("/api/v1/households", json=household_payload(**overrides), headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def file(client: TestClient, principals: Principals, db: Session) -> dict[str, int]:
    """A household with one record of every kind, dated so the newest-first order is known:
    referral (day 0) < visit (day 10) < social (11) < technical (12) < synthesis (13) < report (20)
    < orientation (21)."""
    h = _household(client, principals, last_name="Parcours", first_name="Zoé", phone="03 84 11 22 33",
                   commune="Poligny")
    hid = h["id"]
    coordinator, advisor = uid(db, "animatrice@cd39.demo"), uid(db, "conseillere2@ajena.demo")
    referrer = uid(db, "referente@ccas-dole.demo")
    referral = Referral(household_id=hid, channel="form", referring_organisation_id=1, referrer_name="CCAS",
                        referrer_user_id=referrer, contact_consent=True, status="contacted", received_at=T0)
    db.add(referral)
    db.flush()
    visit = Visit(household_id=hid, referral_id=referral.id, coordinator_id=coordinator, advisor_id=advisor,
                  starts_at=T0 + timedelta(days=10), ends_at=T0 + timedelta(days=10, hours=2), status="done")
    db.add(visit)
    db.flush()
    db.add_all([
        SocialDiagnostic(household_id=hid, data={}, updated_at=T0 + timedelta(days=11)),
        TechnicalDiagnostic(visit_id=visit.id, household_id=hid, data={}, updated_at=T0 + timedelta(days=12)),
        Synthesis(visit_id=visit.id, household_id=hid, kind="technical", owner_id=advisor, status="final",
                  updated_at=T0 + timedelta(days=13)),
    ])
    report = Report(household_id=hid, visit_id=visit.id, author_id=coordinator, status="sent",
                    created_at=T0 + timedelta(days=14), sent_at=T0 + timedelta(days=20))
    db.add(report)
    db.flush()
    orientation = Orientation(household_id=hid, report_id=report.id, kind="fsl_energy", description="FSL",
                              created_at=T0 + timedelta(days=21))
    db.add(orientation)
    db.commit()
    return {"household": hid, "referral": referral.id, "visit": visit.id, "report": report.id,
            "orientation": orientation.id, "advisor": advisor}


# --- timeline -----------------------------------------------------------------------------------

def test_the_timeline_lists_every_record_newest_first_with_its_path(client: TestClient, principals: Principals,
                                                                     file: dict[str, int]) -> None:
    hid = file["household"]
    page = client.get(f"/api/v1/households/{hid}/timeline", headers=principals["coordinator"]).json()
    kinds = [e["kind"] for e in page["items"]]
    assert kinds == ["orientation", "report", "synthesis", "technical_diagnostic", "social_diagnostic", "visit",
                     "referral"]
    assert page["total"] == 7 and page["next"] is None
    by_kind = {e["kind"]: e for e in page["items"]}
    assert by_kind["visit"]["path"] == f"/visites/{file['visit']}"
    assert by_kind["visit"]["label"] == "Visite à domicile réalisée"
    assert by_kind["visit"]["status_label"] == "Réalisée"
    assert by_kind["report"]["path"] == f"/comptes-rendus/{file['report']}"
    assert by_kind["report"]["label"] == f"Compte-rendu CR-{hid}-1"
    assert (by_kind["report"]["status"], by_kind["report"]["status_label"]) == ("sent", "Envoyé")
    assert by_kind["report"]["at"].startswith("2026-01-25")  # the sending date, its latest step
    assert by_kind["referral"]["path"] == f"/demandes/{file['referral']}"
    assert by_kind["referral"]["label"] == f"Demande d’intervention n° {file['referral']} reçue et traitée"
    assert by_kind["technical_diagnostic"]["path"] == f"/visites/{file['visit']}/diagnostic-technique"
    assert by_kind["social_diagnostic"]["path"] == f"/menages/{hid}/diagnostic-social"
    assert by_kind["synthesis"]["label"] == "Synthèse technique"
    assert by_kind["orientation"]["path"] == f"/menages/{hid}#suivi"
    assert by_kind["orientation"]["label"].startswith("Orientation : ")


def test_the_timeline_pages(client: TestClient, principals: Principals, file: dict[str, int]) -> None:
    url = f"/api/v1/households/{file['household']}/timeline"
    first = client.get(url, params={"limit": 3}, headers=principals["manager"]).json()
    assert [e["kind"] for e in first["items"]] == ["orientation", "report", "synthesis"]
    assert first["total"] == 7 and first["next"] == 3
    last = client.get(url, params={"limit": 3, "offset": 6}, headers=principals["manager"]).json()
    assert [e["kind"] for e in last["items"]] == ["referral"] and last["next"] is None


def test_an_assigned_advisor_gets_no_social_diagnostic(client: TestClient, principals: Principals, db: Session,
                                                       file: dict[str, int]) -> None:
    hid = file["household"]
    url = f"/api/v1/households/{hid}/timeline"
    assert client.get(url, headers=principals["advisor"]).status_code == 404  # Lucas is not assigned yet
    lucas = uid(db, "conseiller@ajena.demo")
    assert client.put(f"/api/v1/households/{hid}/advisors/{lucas}",
                      headers=principals["coordinator"]).status_code == 200
    page = client.get(url, headers=principals["advisor"]).json()
    kinds = {e["kind"] for e in page["items"]}
    assert "social_diagnostic" not in kinds
    assert {"visit", "report", "referral", "orientation", "technical_diagnostic"} <= kinds


@pytest.mark.parametrize("who", ["referrer", "landlord_a", "reporting"])
def test_third_parties_get_no_timeline(client: TestClient, principals: Principals, file: dict[str, int],
                                       who: str) -> None:
    response = client.get(f"/api/v1/households/{file['household']}/timeline", headers=principals[who])
    assert response.status_code == 403


def test_an_unknown_household_is_a_404(client: TestClient, principals: Principals) -> None:
    response = client.get("/api/v1/households/99999999/timeline", headers=principals["coordinator"])
    assert response.status_code == 404
    assert response.json()["detail"] == "Ménage introuvable."


def test_the_timeline_read_is_audited_like_the_household_read(client: TestClient, principals: Principals,
                                                               db: Session, file: dict[str, int]) -> None:
    hid = file["household"]
    client.get(f"/api/v1/households/{hid}/timeline", headers=principals["manager"])
    event = db.exec(select(AuditEvent).where(AuditEvent.household_id == hid, AuditEvent.action == "read")
                    .order_by(col(AuditEvent.id).desc())).first()
    assert event is not None and event.entity == "household" and event.entity_id == hid
    assert json.loads(event.detail)["view"] == "timeline"


def test_newest_first_is_stable_on_equal_dates() -> None:
    same = T0
    entries = [TimelineEntry(kind=k, record_id=i, at=same, label="x", path="/") for i, k in
               ((1, TimelineKind.report), (2, TimelineKind.referral), (3, TimelineKind.referral))]
    later = TimelineEntry(kind=TimelineKind.visit, record_id=9, at=same + timedelta(seconds=1), label="x", path="/")
    ordered = newest_first([*entries, later])
    assert [(e.kind, e.record_id) for e in ordered] == [
        (TimelineKind.visit, 9), (TimelineKind.referral, 3), (TimelineKind.referral, 2), (TimelineKind.report, 1)]


# --- search: the query --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "digits"), [
    ("03 84 11 22 33", "384112233"), ("03.84.11.22.33", "384112233"), ("+33 3 84 11 22 33", "384112233"),
    ("0033384112233", "384112233"), ("33384112233", "384112233"), ("0384", "384"), ("11 22", "1122"),
    ("Dupont", None), ("039", None),
])
def test_phone_numbers_are_normalised(text: str, digits: str | None) -> None:
    assert normalise_phone(text) == digits


def test_numbers_and_report_references_are_recognised() -> None:
    assert parse("12").number == 12 and parse("n° 12").number == 12 and parse("#12").number == 12
    assert parse("Dupont").number is None
    assert parse("CR-41-2").report == (41, 2) and parse("cr 41").report == (41, None)
    assert parse("  Élodie  ").words == ("elodie",)


# --- search: over HTTP --------------------------------------------------------------------------

def _search(client: TestClient, principals: Principals, who: str, q: str, **params) -> dict:
    response = client.get("/api/v1/search", params={"q": q, **params}, headers=principals[who])
    assert response.status_code == 200, response.text
    return response.json()


def _found(page: dict) -> set[tuple[str, int]]:
    return {(i["kind"], i["id"]) for i in page["items"]}


@pytest.mark.parametrize("q", ["parcours", "PARCOURS zoe", "Zoé", "03 84 11 22 33", "+33 3 84 11 22 33",
                               "03.84.11.22.33", "0384112233", "84 11 22"])
def test_a_coordinator_finds_a_household_by_name_or_phone(client: TestClient, principals: Principals,
                                                          file: dict[str, int], q: str) -> None:
    page = _search(client, principals, "coordinator", q)
    assert ("household", file["household"]) in _found(page), q
    hit = next(i for i in page["items"] if i["id"] == file["household"] and i["kind"] == "household")
    assert hit["label"] == "PARCOURS Zoé" and hit["path"] == f"/menages/{file['household']}"
    assert "Poligny" in hit["context"]


def test_search_by_commune_and_by_numbers(client: TestClient, principals: Principals, file: dict[str, int]) -> None:
    assert ("household", file["household"]) in _found(_search(client, principals, "coordinator", "poligny",
                                                              limit=100))
    by_number = _search(client, principals, "coordinator", f"n° {file['referral']}")
    assert ("referral", file["referral"]) in _found(by_number)
    referral = next(i for i in by_number["items"] if i["kind"] == "referral")
    assert referral["path"] == f"/demandes/{file['referral']}" and "Contactée" in referral["context"]
    by_reference = _search(client, principals, "manager", f"CR-{file['household']}-1")
    assert _found(by_reference) == {("report", file["report"])}
    assert by_reference["items"][0]["path"] == f"/comptes-rendus/{file['report']}"


def test_an_advisor_finds_only_assigned_households(client: TestClient, principals: Principals, db: Session,
                                                   file: dict[str, int]) -> None:
    assert _found(_search(client, principals, "advisor", "parcours")) == set()
    assert _found(_search(client, principals, "advisor", f"CR-{file['household']}")) == set()
    lucas = uid(db, "conseiller@ajena.demo")
    client.put(f"/api/v1/households/{file['household']}/advisors/{lucas}", headers=principals["coordinator"])
    assert ("household", file["household"]) in _found(_search(client, principals, "advisor", "parcours"))
    assert _found(_search(client, principals, "advisor", f"CR-{file['household']}")) == {("report", file["report"])}


def test_a_manager_sees_households_referrals_and_reports(client: TestClient, principals: Principals,
                                                        file: dict[str, int]) -> None:
    assert ("household", file["household"]) in _found(_search(client, principals, "manager", "03 84 11 22 33"))
    assert ("referral", file["referral"]) in _found(_search(client, principals, "manager", f"#{file['referral']}"))


def test_an_alert_giver_finds_only_their_own_referrals(client: TestClient, principals: Principals, db: Session,
                                                       file: dict[str, int]) -> None:
    own = _search(client, principals, "referrer", "parcours")
    # Their own referral, opened on their own page; never the household itself.
    assert _found(own) == {("referral", file["referral"])}
    assert own["items"][0]["path"] == f"/mes-demandes/{file['referral']}"
    assert _found(_search(client, principals, "referrer", str(file["referral"]))) == {("referral", file["referral"])}
    assert _found(_search(client, principals, "referrer", f"CR-{file['household']}-1")) == set()
    someone_elses = db.exec(select(Referral).where(col(Referral.referrer_user_id).is_(None))).first()
    assert someone_elses is not None
    assert _found(_search(client, principals, "referrer", f"n° {someone_elses.id}")) == set()  # "3" is too short


@pytest.mark.parametrize("who", ["landlord_a", "reporting"])
def test_integration_tokens_may_not_search(client: TestClient, principals: Principals, who: str) -> None:
    assert client.get("/api/v1/search", params={"q": "dupont"}, headers=principals[who]).status_code == 403


@pytest.mark.parametrize("q", ["a", " b ", "", "   "])
def test_a_query_under_two_characters_is_refused_in_french(client: TestClient, principals: Principals, q: str) -> None:
    response = client.get("/api/v1/search", params={"q": q}, headers=principals["coordinator"])
    assert response.status_code == 422
    assert "au moins 2 caractères" in response.json()["detail"]


def test_search_pages_across_kinds(client: TestClient, principals: Principals, file: dict[str, int]) -> None:
    _household(client, principals, last_name="Parcours", first_name="Yann", phone="03 84 99 99 99")
    first = _search(client, principals, "coordinator", "parcours", limit=1)
    assert first["total"] == 2 and first["next"] == 1 and len(first["items"]) == 1
    second = _search(client, principals, "coordinator", "parcours", limit=1, offset=1)
    assert len(second["items"]) == 1 and second["items"][0]["id"] != first["items"][0]["id"]


def test_the_search_is_audited_without_the_words(client: TestClient, principals: Principals, db: Session,
                                                 file: dict[str, int]) -> None:
    _search(client, principals, "coordinator", "Parcours")
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "search").order_by(col(AuditEvent.id).desc())).first()
    assert event is not None
    detail = json.loads(event.detail)
    assert file["household"] in detail["households"]
    assert "parcours" not in event.detail.lower()


def test_the_search_takes_a_bounded_number_of_queries(client: TestClient, principals: Principals,
                                                      file: dict[str, int], engine) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(3):
            _household(client, principals, last_name="Parcours", first_name="Autre")
        statements.clear()
        _search(client, principals, "coordinator", "parcours")
        few = len(statements)
        for _ in range(5):
            _household(client, principals, last_name="Parcours", first_name="Encore")
        statements.clear()
        _search(client, principals, "coordinator", "parcours")
        assert len(statements) == few
    finally:
        event.remove(engine, "before_cursor_execute", count)
