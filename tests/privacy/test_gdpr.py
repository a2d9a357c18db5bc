"""GDPR: subject access with who accessed the record, retention that keeps the statistics,
erasure on request, and the consent gate on everything a third party can read."""

import io
import json
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader
from sqlmodel import Session, select

from api.models import (
    AuditEvent,
    Consent,
    ConsentPurpose,
    Household,
    HouseholdMember,
    Referral,
    Report,
    TriageNote,
    Visit,
)
from api.services.privacy import run_retention
from api.settings import Settings
from tests.helpers import Principals
from tests.routers.test_authorization_matrix import MATRIX

THIRD_PARTIES = ("landlord_a", "landlord_b", "referrer", "reporting")


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


def test_subject_access_exports_everything_and_who_accessed_it(client: TestClient, principals: Principals,
                                                               db: Session) -> None:
    household = jacquet(db)
    client.get(f"/api/v1/households/{household.id}", headers=principals["manager"])  # Sophie reads the record
    client.get(f"/api/v1/landlord/dwellings/{household.id}", headers=principals["landlord_a"])
    response = client.get(f"/api/v1/households/{household.id}/subject-access", headers=principals["coordinator"])
    assert response.status_code == 200
    body = response.json()
    assert body["household"]["last_name"] == "Jacquet" and "search_name" not in body["household"]
    sections = body["sections"]
    assert [m["first_name"] for m in sections["Membres du ménage"]] == ["Hélène", "Noah"]
    assert {o["kind"] for o in sections["Orientations"]} == {"fsl_energy", "landlord_mediation", "social_referent"}
    assert len(sections["Comptes-rendus"]) == 1 and sections["Fiches de note"][0]["problem"]
    readers = {(a["by"], a["action"]) for a in body["accesses"]}
    assert ("Sophie Durand", "read") in readers
    assert any(by.startswith("jeton d'intégration") for by, _ in readers)  # the landlord's system
    pdf = client.get(f"/api/v1/households/{household.id}/subject-access", params={"format": "pdf"},
                     headers=principals["coordinator"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jacquet" in text and "Qui a consulté" in text and "Sophie Durand" in text
    assert client.get(f"/api/v1/households/{household.id}/subject-access",
                      headers=principals["advisor"]).status_code == 403
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "export",
                                            AuditEvent.entity == "subject_access")).first() is not None


def test_who_read_this_record_for_managers(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    client.get(f"/api/v1/households/{household.id}", headers=principals["coordinator"])
    log = client.get("/api/v1/audit-events", params={"household_id": household.id, "action": "read"},
                     headers=principals["manager"]).json()
    assert "Claire Martin" in {e["actor"]["full_name"] for e in log["items"] if e["actor"]}
    assert client.get("/api/v1/audit-events", params={"household_id": household.id},
                      headers=principals["coordinator"]).status_code == 403


def annual(client: TestClient, principals: Principals) -> dict:
    body = client.get(f"/api/v1/reporting/annual/{date.today().year}", headers=principals["manager"]).json()
    body.pop("generated_at")
    return body


def test_retention_anonymises_old_closed_cases_and_keeps_the_statistics(
        client: TestClient, principals: Principals, db: Session, settings: Settings) -> None:
    household = jacquet(db)
    household.status, household.closed_at = "closed", datetime.now(UTC) - timedelta(days=40 * 31)
    household.closing_summary = "Mme Jacquet a obtenu le FSL."
    db.add(household)
    db.commit()
    before = annual(client, principals)
    assert run_retention(db, settings, dry_run=True) == [household.id]
    db.refresh(household)
    assert household.anonymised_at is None  # a dry run changes nothing
    assert run_retention(db, settings) == [household.id]
    db.commit()
    db.expire_all()
    household = db.get(Household, household.id)
    assert (household.first_name, household.last_name) == ("Anonymisé", f"#{household.id}")
    assert household.phone is None and household.address_line is None and household.social_referent_name is None
    assert household.closing_summary == "[supprimé]" and household.commune == "Lons-le-Saunier"
    members = db.exec(select(HouseholdMember).where(HouseholdMember.household_id == household.id)).all()
    assert {m.first_name for m in members} == {"—"} and sorted(m.birth_year for m in members) == [1968, 2010]
    report = db.exec(select(Report).where(Report.household_id == household.id)).one()
    assert report.family_synthesis == "[supprimé]" and report.works  # the works and their figures stay
    referral = db.exec(select(Referral).where(Referral.household_id == household.id)).one()
    note = db.exec(select(TriageNote).where(TriageNote.referral_id == referral.id)).one()
    assert note.problem == "[supprimé]"
    assert annual(client, principals) == before  # every figure of the year is unchanged
    assert run_retention(db, settings) == []  # done once
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "anonymise",
                                            AuditEvent.household_id == household.id)).first() is not None
    found = client.get("/api/v1/households", params={"q": "Jacquet"}, headers=principals["coordinator"]).json()
    assert found["total"] == 0


def test_erasure_on_request(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    assert client.post(f"/api/v1/households/{household.id}/erase", json={"reason": "x"},
                       headers=principals["admin"]).status_code == 422
    erased = client.post(f"/api/v1/households/{household.id}/erase", headers=principals["admin"],
                         json={"reason": "Demande écrite de Mme J. du 20/11, aucune obligation légale de conservation"})
    assert erased.status_code == 204
    read = client.get(f"/api/v1/households/{household.id}", headers=principals["coordinator"]).json()
    assert read["last_name"] == f"#{household.id}" and read["phone"] is None
    again = client.post(f"/api/v1/households/{household.id}/erase", headers=principals["admin"],
                        json={"reason": "Deuxième demande"})
    assert again.status_code == 409
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "erase")).one()
    # The reason is free text about the person: the trail keeps what was done, not what was written.
    assert event.household_id == household.id and "Demande" not in event.detail
    assert json.loads(event.detail)["consents_revoked"] == 2


def test_every_read_open_to_a_third_party_is_known_and_gated(client: TestClient, principals: Principals,
                                                             db: Session) -> None:
    """Enumerates, from the authorization matrix, every GET a third party (landlord, alert giver,
    reporting script) may call, and proves the consent gate on those that return a household's data."""
    open_to_third_parties = {path for (method, path), expected in MATRIX.items() if method == "GET"
                             for who in THIRD_PARTIES if expected[who] == 200}
    consent_gated = {p for p in open_to_third_parties if "{household_id}" in p}
    no_household_data = {
        "/api/v1/auth/me", "/api/v1/worklist",  # one's own identity and tasks
        "/api/v1/referrals/mine",  # the referrer's own referrals: status only
        "/api/v1/me/notifications", "/api/v1/me/notifications/unread-count",  # one's own: titles, scope-checked
        "/api/v1/search",  # an alert giver finds only the referrals they made (tests/routers/test_navigation.py)
        "/api/v1/me/notification-preferences",  # one's own channel per kind
        "/api/v1/programme",  # the identity of one's own programme (issuer, address, visiting hours)
        "/api/v1/communes",  # public reference data (the official list of communes), for the referral form
        "/api/v1/landlord/dwellings",  # listed only with a current consent (checked below)
        "/api/v1/landlord/webhook-deliveries",  # ids of events, no personal data
        "/api/v1/reporting/annual/{year}", "/api/v1/reporting/annual/{year}/cases",  # aggregates, pseudonymised
        "/api/v1/reporting/annual/{year}/export.csv", "/api/v1/reporting/annual/{year}/export.xlsx",  # the same
        "/api/v1/reporting/annual/{year}/cases/export.csv", "/api/v1/reporting/annual/{year}/cases/export.xlsx",
    }
    assert open_to_third_parties == consent_gated | no_household_data
    household = jacquet(db)
    # A technical photo of her dwelling (the landlord's routes to its photos need one).
    visit = db.exec(select(Visit).where(Visit.household_id == household.id)).first()
    photo = client.post(f"/api/v1/visits/{visit.id}/attachments", headers=principals["coordinator"],
                        files={"file": ("humidite.jpg", _photo(), "image/jpeg")}, data={"kind": "photo_damp_mould"})
    assert photo.status_code == 201
    ids = {"household_id": household.id, "attachment_id": photo.json()["id"]}
    for path in sorted(consent_gated):
        assert client.get(path.format(**ids), headers=principals["landlord_a"]).status_code == 200, path
    consent = db.exec(select(Consent).where(Consent.household_id == household.id,
                                            Consent.purpose == ConsentPurpose.share_with_landlord)).one()
    consent.revoked_at = datetime.now(UTC)
    db.add(consent)
    db.commit()
    for path in sorted(consent_gated):
        assert client.get(path.format(**ids), headers=principals["landlord_a"]).status_code == 404, path
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()["items"]
    assert household.id not in {d["household_id"] for d in listed}
    cases = client.get(f"/api/v1/reporting/annual/{date.today().year}/cases", headers=principals["reporting"])
    assert "Jacquet" not in cases.text and "Hélène" not in cases.text
