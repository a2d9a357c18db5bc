"""The audit log read by people: filters, names, French labels and summaries, the CSV export (itself
audited), and a household's access log (« Qui a consulté ce dossier »)."""

import ast
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api import audit_labels
from api.models import AuditEvent, Household, User
from api.services import audit
from tests.helpers import Principals

API = Path(__file__).resolve().parents[2] / "api"


def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


def user(db: Session, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


# --- labels ----------------------------------------------------------------------------------------

def _written_codes() -> tuple[set[str], set[str], list[str]]:
    """Every action and record type given to audit.record(...) anywhere in api/ (string constants, or
    either branch of a conditional); anything else is reported, since no label could be checked."""
    actions: set[str] = set()
    entities: set[str] = set()
    unknown: list[str] = []

    def constants(node: ast.expr, where: str) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return constants(node.body, where) + constants(node.orelse, where)
        unknown.append(f"{where}: {ast.unparse(node)}")
        return []

    for path in API.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            is_record = (isinstance(f, ast.Attribute) and f.attr == "record" and isinstance(f.value, ast.Name)
                         and f.value.id == "audit") or (path.name == "audit.py" and path.parent.name == "services"
                                                        and isinstance(f, ast.Name) and f.id == "record")
            if not is_record:
                continue
            where = f"{path.relative_to(API.parent)}:{node.lineno}"
            args = list(node.args) + [None] * 4
            action = args[2] or next((k.value for k in node.keywords if k.arg == "action"), None)
            entity = args[3] or next((k.value for k in node.keywords if k.arg == "entity"), None)
            assert action is not None and entity is not None, where
            actions.update(constants(action, where))
            entities.update(constants(entity, where))
    return actions, entities, unknown


def test_every_action_and_record_type_written_in_the_api_has_a_french_label() -> None:
    actions, entities, unknown = _written_codes()
    assert len(actions) >= 20 and len(entities) >= 40, "the scan finds the calls"
    assert not unknown, f"audit.record with a computed action or record type (write a constant): {unknown}"
    assert not actions - audit_labels.AUDIT_ACTION_LABELS.keys(), "no French label (api/audit_labels.py)"
    assert not entities - audit_labels.AUDIT_ENTITY_LABELS.keys(), "no French label (api/audit_labels.py)"
    assert {"export", "read"} <= actions and "audit_log" in entities and "access_log" in entities


@pytest.mark.parametrize(("action", "entity", "detail", "expected"), [
    ("transition", "orientation", {"action": "refuse", "to": "refused"}, "Refus"),
    ("transition", "report", {"action": "return", "to": "returned"}, "Renvoi pour correction"),
    ("list", "referral", {"count": 1}, "1 ligne"),
    ("list", "referral", {"count": 3}, "3 lignes"),
    ("list", "referral", {"count": 0}, "0 ligne"),
    ("list", "visit", {"purpose": "agenda", "ids": [4, 5]}, "Agenda, 2 lignes"),
    ("send", "report", {"recipient": "landlord", "channel": "email", "delivery_id": 3},
     "Destinataire : bailleur, canal : courriel"),
    ("update", "household", {"fields": ["phone", "address_line"]}, "Champs modifiés : téléphone, adresse"),
    ("update", "visit", {"status": "done"}, "Statut : réalisée"),
    ("create", "user", {"roles": ["manager"]}, "Rôles : Encadrement"),
    ("erase", "household", {"consents_revoked": 2, "idempotency_records_deleted": 0, "webhooks_cancelled": 1},
     "2 consentements retirés, 1 webhook annulé"),
    ("read", "household", {}, ""),
])
def test_the_detail_reads_as_french(action: str, entity: str, detail: dict, expected: str) -> None:
    assert audit_labels.summarise(action, entity, audit.encode_detail(detail)) == expected


def test_an_old_free_text_detail_is_shown_as_it_is_and_unknown_keys_stay_readable() -> None:
    assert audit_labels.summarise("update", "household", "ancien format") == "ancien format"
    assert audit_labels.summarise("create", "thing", '{"new_key":4}') == "New key : 4"
    assert audit_labels.plural(2, "consentement retiré", "consentements retirés") == "2 consentements retirés"


# --- the list ---------------------------------------------------------------------------------------

def test_events_carry_names_and_french_labels(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    client.get(f"/api/v1/households/{household.id}", headers=principals["coordinator"])
    claire = user(db, "animatrice@cd39.demo")
    page = client.get("/api/v1/audit-events", params={"actor_id": claire.id, "household_id": household.id,
                                                       "action": "read", "entity": "household"},
                      headers=principals["manager"])
    assert page.status_code == 200
    body = page.json()
    assert set(body) == {"items", "total", "next"} and body["total"] >= 1
    event = body["items"][0]
    assert event["actor_name"] == "Claire Martin" and event["actor"]["id"] == claire.id
    assert event["action_label"] == "Consultation" and event["entity_label"] == "Ménage"
    assert event["household_name"] == "JACQUET Hélène"
    assert all(e["action"] == "read" and e["actor"]["id"] == claire.id for e in body["items"])


def test_each_filter_narrows_the_list(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    client.get(f"/api/v1/households/{household.id}", headers=principals["coordinator"])
    client.get(f"/api/v1/households/{household.id}/bills", headers=principals["manager"])
    sophie = user(db, "cheffe@cd39.demo")
    by_entity = client.get("/api/v1/audit-events", params={"entity": "bill_entry", "household_id": household.id},
                           headers=principals["manager"]).json()
    assert by_entity["total"] >= 1 and {e["entity"] for e in by_entity["items"]} == {"bill_entry"}
    assert by_entity["items"][0]["entity_label"] == "Factures"
    by_actor = client.get("/api/v1/audit-events", params={"actor_id": sophie.id}, headers=principals["manager"]).json()
    assert by_actor["total"] >= 1 and {e["actor_name"] for e in by_actor["items"]} == {"Sophie Durand"}
    by_name = client.get("/api/v1/audit-events", params={"q": "jacq"}, headers=principals["manager"]).json()
    assert by_name["total"] >= 2 and {e["household_id"] for e in by_name["items"]} == {household.id}
    by_person = client.get("/api/v1/audit-events", params={"q": "claire"}, headers=principals["manager"]).json()
    assert by_person["total"] >= 1 and {e["actor_name"] for e in by_person["items"]} == {"Claire Martin"}
    nothing = client.get("/api/v1/audit-events", params={"action": "erase"}, headers=principals["manager"]).json()
    assert nothing == {"items": [], "total": 0, "next": None}


def test_the_date_range_is_in_paris_days(client: TestClient, principals: Principals, db: Session) -> None:
    """23:30 UTC on 9 March 2026 is 00:30 on the 10th in Paris (UTC+1 in winter): a 10 March event."""
    db.add(AuditEvent(at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC), action="read", entity="annual_report",
                      detail='{"year":2025}'))
    db.add(AuditEvent(at=datetime(2026, 3, 9, 22, 30, tzinfo=UTC), action="read", entity="annual_report",
                      detail='{"year":2024}'))
    db.commit()

    def years(**params: str) -> list[str]:
        body = client.get("/api/v1/audit-events", params={"entity": "annual_report", **params},
                          headers=principals["manager"]).json()
        return [e["summary"] for e in body["items"]]

    assert years(**{"from": "2026-03-10", "to": "2026-03-10"}) == ["Année 2025"]
    assert years(**{"from": "2026-03-09", "to": "2026-03-09"}) == ["Année 2024"]
    assert years(**{"from": "2026-03-09", "to": "2026-03-10"}) == ["Année 2025", "Année 2024"]
    wrong = client.get("/api/v1/audit-events", params={"from": "2026-03-11", "to": "2026-03-10"},
                       headers=principals["manager"])
    assert wrong.status_code == 422 and "date de début" in wrong.json()["detail"]
    bad = client.get("/api/v1/audit-events", params={"action": "DROP TABLE"}, headers=principals["manager"])
    assert bad.status_code == 422
    for day in ("9999-12-31", "0001-01-01"):  # the calendar's ends: a clear 422, never an overflow (500)
        assert client.get("/api/v1/audit-events", params={"to": day},
                          headers=principals["manager"]).status_code == 422


def test_the_vocabulary_lists_every_label(client: TestClient, principals: Principals) -> None:
    body = client.get("/api/v1/audit-events/vocabulary", headers=principals["manager"]).json()
    assert {a["code"]: a["label"] for a in body["actions"]} == audit_labels.AUDIT_ACTION_LABELS
    assert {"code": "social_diagnostic", "label": "Diagnostic social"} in body["entities"]
    assert client.get("/api/v1/audit-events/vocabulary", headers=principals["coordinator"]).status_code == 403


# --- the CSV export ---------------------------------------------------------------------------------

def test_the_csv_export_is_french_excel_filtered_and_audited(client: TestClient, principals: Principals,
                                                              db: Session) -> None:
    household = jacquet(db)
    db.add(AuditEvent(at=datetime(2026, 7, 14, 8, 5, tzinfo=UTC), action="transition", entity="orientation",
                      entity_id=7, household_id=household.id, detail='{"action":"refuse","to":"refused"}',
                      actor_user_id=user(db, "animatrice@cd39.demo").id))
    db.commit()
    response = client.get("/api/v1/audit-events/export.csv",
                          params={"household_id": household.id, "from": "2026-07-14", "to": "2026-07-14"},
                          headers=principals["manager"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="journal-audit.csv"' in response.headers["content-disposition"]
    assert response.headers["x-truncated"] == "false" and response.headers["x-row-count"] == "1"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Date (heure de Paris)", "Personne", "Action", "Type d'enregistrement",
                       "N° d'enregistrement", "Ménage", "Détail"]
    # 08:05 UTC in July is 10:05 in Paris (UTC+2).
    assert rows[1:] == [["14/07/2026 10:05", "Claire Martin", "Changement d'étape", "Orientation", "7",
                         "JACQUET Hélène", "Refus"]]
    exported = db.exec(select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.entity == "audit_log")
                       .order_by(col(AuditEvent.id).desc())).first()
    assert exported is not None and exported.actor_user_id == user(db, "cheffe@cd39.demo").id
    detail = json.loads(exported.detail)
    assert detail["count"] == 1 and detail["household_id"] == household.id and detail["date_from"] == "2026-07-14"
    assert not detail["truncated"]


def test_the_csv_export_is_capped_and_says_so(client: TestClient, principals: Principals, db: Session,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "CSV_MAX_ROWS", 2)
    for year in (2020, 2021, 2022):
        db.add(AuditEvent(action="read", entity="annual_report", detail=json.dumps({"year": year})))
    db.commit()
    response = client.get("/api/v1/audit-events/export.csv", params={"entity": "annual_report"},
                          headers=principals["admin"])
    assert response.headers["x-truncated"] == "true" and response.headers["x-row-count"] == "2"
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert len(lines) == 4 and lines[-1].startswith("Export limité aux 2 événements les plus récents sur 3")


def test_a_formula_in_a_cell_is_neutralised() -> None:
    assert audit._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and audit._cell("Claire") == "Claire"


# --- the household's access log ---------------------------------------------------------------------

def test_the_access_log_says_who_read_the_record(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    client.get(f"/api/v1/households/{household.id}", headers=principals["admin"])
    client.get(f"/api/v1/households/{household.id}/bills", headers=principals["manager"])
    log = client.get(f"/api/v1/households/{household.id}/access-log", params={"limit": 2},
                     headers=principals["coordinator"])
    assert log.status_code == 200
    body = log.json()
    assert set(body) == {"items", "total", "next"} and len(body["items"]) == 2 and body["next"] == 2
    assert body["total"] >= 3
    assert all(e["household_id"] == household.id for e in body["items"])
    # Reading the log is the newest event; the manager's read of the social diagnostic comes next.
    first, second = body["items"][:2]
    assert (first["actor_name"], first["action_label"], first["entity_label"]) == (
        "Claire Martin", "Consultation", "Historique des accès au dossier")
    assert (second["actor_name"], second["action_label"], second["entity_label"]) == (
        "Sophie Durand", "Consultation", "Factures")


def test_the_access_log_is_404_out_of_reach_and_403_without_the_scope(client: TestClient, principals: Principals,
                                                                       db: Session) -> None:
    household = jacquet(db)
    assert client.get("/api/v1/households/999999/access-log", headers=principals["manager"]).status_code == 404
    assert client.get(f"/api/v1/households/{household.id}/access-log",
                      headers=principals["advisor"]).status_code == 403
    assert client.get(f"/api/v1/households/{household.id}/access-log",
                      headers=principals["landlord_a"]).status_code == 403
    assert client.get(f"/api/v1/households/{household.id}/access-log").status_code == 401
