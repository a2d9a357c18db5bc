"""The landlords' integration API: landlord A against landlord B, consent withdrawal, polling,
the technical synthesis as JSON and PDF, idempotent works updates, and the audit trail."""

import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from api import clock
from api.models import AuditEvent, Consent, ConsentPurpose, Household, WorksUpdate
from tests.helpers import Principals

UPDATE = {"work_priority": 1, "status": "done", "on": "2026-10-15", "actual_cost_eur": "2300.00",
          "comment": "Combles isolés par l'entreprise Jura Isolation"}
PERSONAL = ("Jacquet", "Hélène", "Noah", "06 ", "income", "revenus", "dette", "Famille rencontrée")


def test_landlord_a_sees_its_consented_dwelling_and_landlord_b_does_not(
        client: TestClient, principals: Principals, jacquet: Household) -> None:
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"])
    assert listed.status_code == 200
    items = {i["household_id"]: i for i in listed.json()["items"]}
    assert jacquet.id in items
    assert items[jacquet.id]["technical_synthesis"]["report_id"] is not None
    assert items[jacquet.id]["commune"] == "Lons-le-Saunier" and items[jacquet.id]["dwelling"]["surface_m2"] == "66.0"
    other = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_b"]).json()
    assert jacquet.id not in {i["household_id"] for i in other["items"]}
    for path in ("", "/technical-synthesis.pdf"):
        assert client.get(f"/api/v1/landlord/dwellings/{jacquet.id}{path}",
                          headers=principals["landlord_b"]).status_code == 404
    assert client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", json=UPDATE,
                       headers=principals["landlord_b"]).status_code == 404


def test_a_dwelling_without_consent_is_out_of_reach_even_for_its_landlord(
        client: TestClient, principals: Principals, db: Session) -> None:
    roy = db.exec(select(Household).where(Household.last_name == "Roy")).one()  # Jura Habitat, no consent
    assert client.get(f"/api/v1/landlord/dwellings/{roy.id}", headers=principals["landlord_a"]).status_code == 404
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()
    assert roy.id not in {i["household_id"] for i in listed["items"]}


def test_the_landlord_view_holds_the_technical_part_only(client: TestClient, principals: Principals,
                                                         jacquet: Household) -> None:
    response = client.get(f"/api/v1/landlord/dwellings/{jacquet.id}", headers=principals["landlord_a"])
    assert response.status_code == 200
    body = response.json()
    assert "isolation des combles" in body["technical_synthesis_text"]
    assert [w["priority"] for w in body["works"]] == [1, 2] and body["works"][0]["cost_low"] == "1800.00"
    assert {w["possible_aids"] for w in body["works"]} == {""}  # the plan says « MaPrimeRénov', CEE »
    assert "MaPrimeRénov" not in response.text
    assert set(body) == {"household_id", "address_line", "postcode", "commune", "dwelling", "technical_synthesis",
                         "last_change_at", "visit_date", "technical_synthesis_text", "works", "works_updates"}
    assert not any(word in response.text for word in PERSONAL)
    pdf = client.get(f"/api/v1/landlord/dwellings/{jacquet.id}/technical-synthesis.pdf",
                     headers=principals["landlord_a"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Isoler les combles" in text and "Famille rencontrée" not in text


def test_works_updates_are_idempotent_and_appear_in_the_team_follow_up(
        client: TestClient, principals: Principals, db: Session, jacquet: Household) -> None:
    url = f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates"
    headers = {**principals["landlord_a"], "Idempotency-Key": "jh-2026-10-15-combles"}
    first = client.post(url, json=UPDATE, headers=headers)
    assert first.status_code == 201, first.text
    retry = client.post(url, json=UPDATE, headers=headers)
    assert retry.status_code == 201 and retry.json() == first.json()
    assert len(db.exec(select(WorksUpdate).where(WorksUpdate.household_id == jacquet.id)).all()) == 1
    reused = client.post(url, json={**UPDATE, "status": "refused"}, headers=headers)
    assert reused.status_code == 409
    body = first.json()
    assert body["work_description"].startswith("Isoler les combles") and body["organisation"]["name"] == "Jura Habitat"
    team = client.get(f"/api/v1/households/{jacquet.id}/follow-up", headers=principals["coordinator"]).json()
    assert [(w["status"], w["actual_cost_eur"]) for w in team["works_updates"]] == [("done", "2300.00")]
    seen = client.get(f"/api/v1/landlord/dwellings/{jacquet.id}", headers=principals["landlord_a"]).json()
    assert [w["id"] for w in seen["works_updates"]] == [body["id"]]


def test_bad_works_updates_get_a_clear_422_and_write_nothing(client: TestClient, principals: Principals,
                                                             db: Session, jacquet: Household) -> None:
    url = f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates"
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    for payload, field in (({**UPDATE, "work_priority": 9}, "work_priority"),
                           ({**UPDATE, "on": tomorrow}, "on"),
                           ({**UPDATE, "status": "maybe"}, "status"),
                           ({**UPDATE, "actual_cost_eur": "-5"}, "actual_cost_eur")):
        response = client.post(url, json=payload, headers=principals["landlord_a"])
        assert response.status_code == 422, payload
        assert field in {f["field"].split(".")[-1] for f in response.json()["fields"]}
    planned = client.post(url, json={**UPDATE, "status": "planned", "on": tomorrow, "actual_cost_eur": None},
                          headers=principals["landlord_a"])
    assert planned.status_code == 201
    assert len(db.exec(select(WorksUpdate).where(WorksUpdate.household_id == jacquet.id)).all()) == 1


def test_withdrawing_consent_cuts_access_at_once(client: TestClient, principals: Principals, db: Session,
                                                 jacquet: Household) -> None:
    consent = db.exec(select(Consent).where(Consent.household_id == jacquet.id,
                                            Consent.purpose == ConsentPurpose.share_with_landlord)).one()
    assert client.get(f"/api/v1/landlord/dwellings/{jacquet.id}", headers=principals["landlord_a"]).status_code == 200
    revoked = client.post(f"/api/v1/households/{jacquet.id}/consents/{consent.id}/revoke",
                          headers=principals["coordinator"])
    assert revoked.status_code == 200
    for path in ("", "/technical-synthesis.pdf"):
        assert client.get(f"/api/v1/landlord/dwellings/{jacquet.id}{path}",
                          headers=principals["landlord_a"]).status_code == 404
    assert client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", json=UPDATE,
                       headers=principals["landlord_a"]).status_code == 404
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()
    assert jacquet.id not in {i["household_id"] for i in listed["items"]}


def test_polling_returns_what_changed_since_the_last_poll(client: TestClient, principals: Principals,
                                                          jacquet: Household) -> None:
    first = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()["items"]
    stamps = [i["last_change_at"] for i in first]
    assert stamps == sorted(stamps)
    since = max(stamps)
    quiet = client.get("/api/v1/landlord/dwellings", params={"changed_since": since},
                       headers=principals["landlord_a"]).json()
    assert quiet["items"] == []
    client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", json=UPDATE, headers=principals["landlord_a"])
    changed = client.get("/api/v1/landlord/dwellings", params={"changed_since": since},
                         headers=principals["landlord_a"]).json()
    assert [i["household_id"] for i in changed["items"]] == [jacquet.id]
    assert datetime.fromisoformat(changed["items"][0]["last_change_at"]) > datetime.fromisoformat(since)
    assert client.get("/api/v1/landlord/dwellings", params={"changed_since": "hier"},
                      headers=principals["landlord_a"]).status_code == 422


def test_every_landlord_read_and_write_is_audited_with_its_token(client: TestClient, principals: Principals,
                                                                 db: Session, jacquet: Household) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"])
    client.get(f"/api/v1/landlord/dwellings/{jacquet.id}", headers=principals["landlord_a"])
    client.get(f"/api/v1/landlord/dwellings/{jacquet.id}/technical-synthesis.pdf", headers=principals["landlord_a"])
    client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", json=UPDATE, headers=principals["landlord_a"])
    events = db.exec(select(AuditEvent).where(AuditEvent.at >= started, AuditEvent.actor_token_id.is_not(None))
                     .order_by(AuditEvent.id)).all()
    assert [(e.action, e.entity) for e in events] == [
        ("list", "landlord_dwelling"), ("read", "landlord_dwelling"), ("read", "landlord_pdf"),
        ("create", "works_update")]
    assert all(e.actor_user_id is None for e in events)
    assert {e.household_id for e in events[1:]} == {jacquet.id}
