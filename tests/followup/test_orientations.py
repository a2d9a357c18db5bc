"""Orientation follow-up: lifecycle, log, hand-over, reminders, board, catalogue, closing the case,
and a report correction taking the follow-up over."""

import json
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import AuditEvent, Household, Orientation, OrientationEvent, Report
from api.services.followup import ORIENTATION_WORKFLOW
from tests.helpers import Principals


def act(client: TestClient, principals: Principals, orientation_id: int, action: str, version: int,
        who: str = "coordinator", **extra):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/orientations/{orientation_id}/transitions",
                       json={"action": action, "version": version, **extra}, headers=principals[who])


def test_the_followed_household_shows_its_orientations_and_can_not_close_yet(
        client: TestClient, principals: Principals, jacquet: Household) -> None:
    body = client.get(f"/api/v1/households/{jacquet.id}/follow-up", headers=principals["coordinator"]).json()
    kinds = {o["kind"]: o for o in body["orientations"]}
    assert set(kinds) == {"fsl_energy", "landlord_mediation", "social_referent"}
    assert kinds["fsl_energy"]["kind_label"] == "FSL énergie" and kinds["fsl_energy"]["status"] == "in_progress"
    assert kinds["fsl_energy"]["events"][0]["note"].startswith("Dossier présenté")
    assert body["open_orientations"] == 3 and body["can_close"] is False and body["status"] == "open"


def test_lifecycle_obtained_with_amount_then_reopened(client: TestClient, principals: Principals, db: Session,
                                                      orientations: dict[str, Orientation]) -> None:
    fsl = orientations["fsl_energy"]
    response = act(client, principals, fsl.id, "obtain", fsl.version, outcome="Aide accordée en commission",
                   amount_obtained_eur="350.00")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "obtained" and body["amount_obtained_eur"] == "350.00"
    assert body["settled_at"] is not None and body["allowed_actions"] == ["reopen"]
    assert body["events"][-1]["kind"] == "status" and "Aide accordée" in body["events"][-1]["note"]
    again = act(client, principals, fsl.id, "obtain", body["version"])
    assert again.status_code == 409 and again.json()["allowed"] == ["reopen"]
    reopened = act(client, principals, fsl.id, "reopen", body["version"]).json()
    assert reopened["status"] == "in_progress" and reopened["settled_at"] is None
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity == "orientation", AuditEvent.entity_id == fsl.id,
                                             AuditEvent.action == "transition")).all()
    assert [json.loads(a.detail) for a in audit] == [{"action": "obtain", "to": "obtained"},
                                                     {"action": "reopen", "to": "in_progress"}]


def test_every_transition_of_the_table_is_reachable_and_nothing_else(
        client: TestClient, principals: Principals, orientations: dict[str, Orientation]) -> None:
    mediation = orientations["landlord_mediation"]  # proposed
    for action in ("reopen",):
        assert act(client, principals, mediation.id, action, mediation.version).status_code == 409
    started = act(client, principals, mediation.id, "start", mediation.version).json()
    assert started["status"] == "in_progress"
    assert act(client, principals, mediation.id, "start", started["version"]).status_code == 409
    refused = act(client, principals, mediation.id, "refuse", started["version"], outcome="Le bailleur refuse").json()
    assert refused["status"] == "refused" and refused["outcome"] == "Le bailleur refuse"
    assert ORIENTATION_WORKFLOW.action_names() == {"start", "obtain", "refuse", "abandon", "reopen"}


def test_bad_transitions_are_refused_and_change_nothing(client: TestClient, principals: Principals, db: Session,
                                                        orientations: dict[str, Orientation]) -> None:
    referent = orientations["social_referent"]
    amount_on_refuse = act(client, principals, referent.id, "refuse", referent.version, amount_obtained_eur="10")
    assert amount_on_refuse.status_code == 422
    stale = act(client, principals, referent.id, "abandon", referent.version + 5)
    assert stale.status_code == 409 and stale.json()["error"] == "stale_version"
    unknown = act(client, principals, referent.id, "win", referent.version)
    assert unknown.status_code == 422
    manager = act(client, principals, referent.id, "abandon", referent.version, who="manager")
    assert manager.status_code == 403
    db.refresh(referent)
    assert referent.status == "proposed" and referent.version == 1


def test_log_notes_and_handover_to_the_social_referent(client: TestClient, principals: Principals, db: Session,
                                                       jacquet: Household, orientations: dict[str, Orientation]) -> None:
    referent = orientations["social_referent"]
    future = client.post(f"/api/v1/orientations/{referent.id}/notes", headers=principals["advisor"],
                         json={"on": (date.today() + timedelta(days=2)).isoformat(), "note": "Rappel"})
    assert future.status_code == 422
    noted = client.post(f"/api/v1/orientations/{referent.id}/notes", headers=principals["advisor"],
                        json={"contact": "Mme Jacquet", "note": "Rendez-vous pris à la MDS"})
    assert noted.status_code == 201
    last = noted.json()["events"][-1]
    assert last["contact"] == "Mme Jacquet" and last["by"]["full_name"] == "Lucas Bernard"
    handed = client.post(f"/api/v1/orientations/{referent.id}/handover", headers=principals["coordinator"],
                         json={"version": referent.version, "note": "Suivi budgétaire confié à la MDS"})
    assert handed.status_code == 200
    assert handed.json()["handed_to_referent_at"] is not None
    assert handed.json()["events"][-1]["kind"] == "handover"
    assert handed.json()["events"][-1]["contact"].startswith("Maison des solidarités")
    twice = client.post(f"/api/v1/orientations/{referent.id}/handover", headers=principals["coordinator"],
                        json={"version": handed.json()["version"]})
    assert twice.status_code == 409
    jacquet.social_referent_name = None
    db.add(jacquet)
    db.commit()
    fsl = orientations["fsl_energy"]
    nobody = client.post(f"/api/v1/orientations/{fsl.id}/handover", headers=principals["coordinator"],
                         json={"version": fsl.version})
    assert nobody.status_code == 409 and "référent" in nobody.json()["detail"]


def test_reminders_show_overdue_and_coming_follow_ups_of_the_person_responsible(
        client: TestClient, principals: Principals, db: Session, orientations: dict[str, Orientation]) -> None:
    fsl, mediation, referent = (orientations[k] for k in ("fsl_energy", "landlord_mediation", "social_referent"))
    fsl.due_on = date.today() - timedelta(days=3)  # overdue
    mediation.due_on = date.today() + timedelta(days=10)  # coming
    referent.due_on = date.today() + timedelta(days=40)  # later
    db.add_all([fsl, mediation, referent])
    db.commit()
    mine = client.get("/api/v1/worklist", headers=principals["coordinator"]).json()["follow_ups"]
    ids = {item["id"]: item for item in mine}
    assert fsl.id in ids and mediation.id in ids and referent.id not in ids
    assert ids[fsl.id]["overdue"] is True and ids[mediation.id]["overdue"] is False
    assert [i["due_on"] for i in mine] == sorted(i["due_on"] for i in mine)
    team = client.get("/api/v1/worklist", headers=principals["manager"]).json()["follow_ups"]
    assert fsl.id in {i["id"] for i in team} and mediation.id not in {i["id"] for i in team}
    # Lucas is responsible for none of them.
    assert client.get("/api/v1/worklist", headers=principals["advisor"]).json()["follow_ups"] == []
    act(client, principals, fsl.id, "obtain", fsl.version)
    assert fsl.id not in {i["id"] for i in client.get("/api/v1/worklist",
                                                      headers=principals["coordinator"]).json()["follow_ups"]}


def test_board_filters(client: TestClient, principals: Principals, db: Session, jacquet: Household,
                       orientations: dict[str, Orientation]) -> None:
    fsl = orientations["fsl_energy"]
    fsl.due_on = date.today() - timedelta(days=1)
    db.add(fsl)
    db.commit()
    get = lambda **q: client.get("/api/v1/orientations", params=q, headers=principals["coordinator"]).json()  # noqa: E731
    overdue = get(due="overdue")["items"]
    assert fsl.id in {i["id"] for i in overdue} and all(i["overdue"] for i in overdue)
    assert {i["kind"] for i in get(kind="landlord_mediation")["items"]} == {"landlord_mediation"}
    assert {i["status"] for i in get(status="obtained")["items"]} == {"obtained"}
    assert all(i["unit"]["id"] == jacquet.unit_id for i in get(unit_id=jacquet.unit_id)["items"])
    page = get(limit=2)
    assert len(page["items"]) == 2 and page["total"] >= 6 and page["next"] == 2
    assert client.get("/api/v1/orientations", params={"due": "someday"},
                      headers=principals["coordinator"]).status_code == 422


def test_the_catalogue_is_editable_and_a_retired_type_is_refused_for_new_orientations(
        client: TestClient, principals: Principals, jacquet: Household) -> None:
    admin, coordinator = principals["admin"], principals["coordinator"]
    created = client.post("/api/v1/orientation-types", headers=admin,
                          json={"code": "microcredit", "label": "Microcrédit personnel", "position": 155})
    assert created.status_code == 201
    assert client.post("/api/v1/orientation-types", headers=admin,
                       json={"code": "microcredit", "label": "Doublon"}).status_code == 422
    added = client.post(f"/api/v1/households/{jacquet.id}/orientations", headers=coordinator,
                        json={"kind": "microcredit", "description": "Demande de microcrédit pour un poêle",
                              "due_on": (date.today() + timedelta(days=30)).isoformat()})
    assert added.status_code == 201 and added.json()["kind_label"] == "Microcrédit personnel"
    assert added.json()["responsible"]["full_name"] == "Claire Martin" and added.json()["report_id"] is None
    retired = client.put("/api/v1/orientation-types/microcredit", headers=admin,
                         json={"label": "Microcrédit personnel", "active": False})
    assert retired.status_code == 200 and retired.json()["active"] is False
    refused = client.post(f"/api/v1/households/{jacquet.id}/orientations", headers=coordinator,
                          json={"kind": "microcredit", "description": "Une autre"})
    assert refused.status_code == 422 and refused.json()["fields"][0]["field"] == "kind"
    unknown = client.post(f"/api/v1/households/{jacquet.id}/orientations", headers=coordinator,
                          json={"kind": "lottery", "description": "Jouer au loto"})
    assert unknown.status_code == 422
    bad_person = client.post(f"/api/v1/households/{jacquet.id}/orientations", headers=coordinator,
                             json={"kind": "other", "description": "x", "responsible_id": 6})  # a referrer
    assert bad_person.status_code == 422 and bad_person.json()["fields"][0]["field"] == "responsible_id"


def test_a_case_closes_only_once_every_orientation_is_settled(
        client: TestClient, principals: Principals, db: Session, jacquet: Household,
        orientations: dict[str, Orientation]) -> None:
    url = f"/api/v1/households/{jacquet.id}"
    early = client.post(f"{url}/close", headers=principals["coordinator"],
                        json={"version": jacquet.version, "summary": "Toutes les suites ont été données."})
    assert early.status_code == 409 and early.json()["detail"].startswith("3 orientations sont encore ouvertes : réglez-les")
    db.refresh(jacquet)
    assert jacquet.status == "open" and jacquet.closed_at is None
    for kind, action in (("fsl_energy", "obtain"), ("landlord_mediation", "abandon"), ("social_referent", "refuse")):
        o = orientations[kind]
        assert act(client, principals, o.id, action, o.version).status_code == 200
    follow_up = client.get(f"{url}/follow-up", headers=principals["coordinator"]).json()
    assert follow_up["can_close"] is True and follow_up["open_orientations"] == 0
    short = client.post(f"{url}/close", headers=principals["coordinator"], json={"version": follow_up["version"],
                                                                                 "summary": "Fini"})
    assert short.status_code == 422
    closed = client.post(f"{url}/close", headers=principals["coordinator"],
                         json={"version": follow_up["version"], "summary": "FSL obtenu, bailleur relancé sans suite."})
    assert closed.status_code == 200
    body = closed.json()
    assert body["status"] == "closed" and body["closed_by"]["full_name"] == "Claire Martin"
    assert body["closing_summary"].startswith("FSL obtenu") and body["can_close"] is False
    fsl = orientations["fsl_energy"]
    db.refresh(fsl)
    assert act(client, principals, fsl.id, "reopen", fsl.version).status_code == 409  # the case is closed
    reopened = client.post(f"{url}/reopen", headers=principals["coordinator"],
                           json={"version": body["version"], "reason": "Nouvelle dette d'électricité"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"


def test_a_validated_correction_takes_the_follow_up_over(client: TestClient, principals: Principals, db: Session,
                                                         jacquet: Household, orientations: dict[str, Orientation]) -> None:
    fsl = orientations["fsl_energy"]
    client.post(f"/api/v1/orientations/{fsl.id}/notes", headers=principals["coordinator"],
                json={"note": "Commission le 12"})
    report = db.exec(select(Report).where(Report.household_id == jacquet.id)).one()
    correction = client.post(f"/api/v1/reports/{report.id}/corrections", headers=principals["coordinator"]).json()
    board_ids = {i["id"] for i in client.get("/api/v1/orientations", params={"limit": 100},
                                             headers=principals["coordinator"]).json()["items"]}
    assert fsl.id in board_ids  # the draft correction's copies are not followed yet
    submitted = client.post(f"/api/v1/reports/{correction['id']}/transitions", headers=principals["coordinator"],
                            json={"action": "submit", "version": correction["version"]}).json()
    validated = client.post(f"/api/v1/reports/{correction['id']}/transitions", headers=principals["manager"],
                            json={"action": "validate", "version": submitted["version"]})
    assert validated.status_code == 200, validated.text
    db.expire_all()
    copy = db.exec(select(Orientation).where(Orientation.report_id == correction["id"],
                                             Orientation.kind == "fsl_energy")).one()
    assert db.get(Orientation, fsl.id).superseded_by_id == copy.id
    assert copy.status == "in_progress" and copy.responsible_id == fsl.responsible_id
    notes = db.exec(select(OrientationEvent.note).where(OrientationEvent.orientation_id == copy.id)).all()
    assert "Commission le 12" in notes
    follow_up = client.get(f"/api/v1/households/{jacquet.id}/follow-up", headers=principals["coordinator"]).json()
    assert sorted(o["id"] for o in follow_up["orientations"] if o["kind"] == "fsl_energy") == [copy.id]
    assert client.get(f"/api/v1/orientations/{fsl.id}", headers=principals["coordinator"]).status_code == 404
