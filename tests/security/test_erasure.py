"""GDPR erasure leaves nobody behind (issue 13): every free-text field and identifier of a household's
records is scrubbed, its consents revoked, its stored idempotent answers and unsent webhooks deleted,
and the audit trail holds no free text. Subject access lists what the landlord was told; the
landlord's copy claims the tenant's consent only when there is one."""

import io
import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import JSON, String, Text, TypeDecorator, cast, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from api.models import (
    AuditEvent,
    Consent,
    ConsentPurpose,
    Household,
    IdempotencyRecord,
    Organisation,
    Report,
    SocialDiagnostic,
    TechnicalDiagnostic,
    Visit,
    WebhookDelivery,
    WebhookSubscription,
    WorksPlan,
    metadata,
)
from api.services import audit, privacy
from tests.helpers import Principals

SURNAME = "Zorglubowski"
UPDATE = {"work_priority": 1, "status": "done", "on": "2026-10-15", "actual_cost_eur": "2300.00",
          "comment": f"Vu avec M. {SURNAME} sur place"}


def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


def text_columns(table):  # noqa: ANN001, ANN201
    """String (SQLModel's AutoString decorates it), Text and JSON columns."""
    def base(kind):  # noqa: ANN001, ANN202
        return kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    return [c for c in table.columns if isinstance(base(c.type), String | Text | JSON)]


def test_every_text_column_of_a_household_record_is_scrubbed_or_a_declared_code() -> None:
    """Walks the foreign keys from `household`: a new text column on any table reachable from it must
    be declared free text (scrubbed) or a code (kept), or this fails."""
    models = {m.__table__.name: m for m in [*privacy.FREE_TEXT, *privacy.CODES, *privacy.FREE_TEXT_JSON,
                                             *privacy.PARENTS]}
    reachable, changed = {"household"}, True
    while changed:
        changed = False
        for table in metadata.tables.values():
            if table.name not in reachable and any(fk.column.table.name in reachable for fk in table.foreign_keys
                                                   if fk.column.table.name != table.name):
                reachable.add(table.name)
                changed = True
    reachable -= {"household"}
    household_columns = {"first_name", "last_name", "search_name", "closing_summary", *privacy.HOUSEHOLD_CLEARED}
    unknown = []
    for column in text_columns(metadata.tables["household"]):
        if column.name not in household_columns | set(privacy.CODES[Household]):
            unknown.append(f"household.{column.name}")
    for name in sorted(reachable):
        model = models.get(name)
        declared = set()
        if model is not None:
            declared = {*privacy.FREE_TEXT.get(model, ()), *privacy.CLEARED.get(model, ()),
                        *privacy.CODES.get(model, ())}
            if model in privacy.FREE_TEXT_JSON:
                declared.add(privacy.FREE_TEXT_JSON[model][0])
        if name == "household_member":
            declared.add("first_name")
        unknown += [f"{name}.{c.name}" for c in text_columns(metadata.tables[name]) if c.name not in declared]
    assert unknown == []
    assert "referral" in reachable and "orientation_event" in reachable and "review_comment" in reachable


def _seed_surname(db: Session, household: Household) -> None:
    """The surname in every free-text field and identifier of the household's records."""
    household.last_name, household.closing_summary = SURNAME, f"Dossier {SURNAME} clos"
    household.social_referent_name = f"Référente de M. {SURNAME}"
    household.email = f"{SURNAME.lower()}@example.org"
    db.add(household)
    for model, names in {**privacy.FREE_TEXT, **privacy.CLEARED}.items():
        for row in db.exec(select(model).where(privacy._of_household(model, household.id))).all():
            for name in {*names, *privacy.CLEARED.get(model, ())}:
                setattr(row, name, f"{SURNAME}@example.org" if "email" in name else f"Note sur {SURNAME}")
            db.add(row)
    # The JSON documents, written by hand (not from the schemas the scrubbing walks).
    social = db.exec(select(SocialDiagnostic).where(SocialDiagnostic.household_id == household.id)).first() \
        or SocialDiagnostic(household_id=household.id, data={})
    social.data = {**social.data, "notes": f"Mme {SURNAME} inquiète",
                   "debts": [{"creditor": f"Prêt de M. {SURNAME}", "kind": "other", "amount_eur": "120.00"}]}
    db.add(social)
    technicals = db.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.household_id == household.id)).all()
    if not technicals:
        visit = db.exec(select(Visit).where(Visit.household_id == household.id)).first()
        technicals = [TechnicalDiagnostic(visit_id=visit.id, household_id=household.id, data={
            "dwelling_type": "house", "surface_m2": "80.0", "altitude_class": "below_400",
            "envelope": [{"kind": "roof", "area_m2": "50.0"}],
            "systems": [{"use": "heating", "energy": "fuel_oil", "system_type": "chaudière", "efficiency": "0.8"}]})]
    for technical in technicals:
        technical.data = {
            **technical.data, "notes": SURNAME, "humidity_notes": SURNAME, "appliances": SURNAME,
            "ventilation": SURNAME, "dpe": {"number": f"2339{SURNAME[:6]}", "energy_class": "F"},
            "measurements": [{"room": f"Chambre de {SURNAME}", "temperature_c": "16.0"}],
            "envelope": [{**e, "description": SURNAME} for e in technical.data.get("envelope", [])],
            "systems": [{**s, "system_type": SURNAME, "controls": SURNAME} for s in technical.data.get("systems", [])],
        }
        db.add(technical)
    work = {"priority": 1, "work": SURNAME.lower(), "description": f"Combles de M. {SURNAME}",
            "comfort_effect": SURNAME, "possible_aids": SURNAME, "cost_low": "100.00", "cost_high": "200.00"}
    plan = db.exec(select(WorksPlan).where(WorksPlan.household_id == household.id)).first()
    if plan is None:
        plan = WorksPlan(household_id=household.id)
    plan.items = [work]
    db.add(plan)
    for report in db.exec(select(Report).where(Report.household_id == household.id)).all():
        report.works = [*report.works, work]
        db.add(report)
    # An audit detail written before details were structured.
    db.add(AuditEvent(action="update", entity="household", entity_id=household.id, household_id=household.id,
                      detail=f"ancien détail : M. {SURNAME}"))
    db.commit()


def _occurrences(db: Session, needle: str) -> list[str]:
    """Every (table.column) of the whole database whose text holds `needle`."""
    found = []
    for table in metadata.tables.values():
        for column in text_columns(table):
            value = func.lower(cast(column, Text) if isinstance(column.type, JSON) else column)
            hits = db.execute(sa_select(func.count()).select_from(table).where(value.contains(needle.lower()))).scalar()
            if hits:
                found.append(f"{table.name}.{column.name}")
    return found


def test_erasure_leaves_no_trace_of_the_name(client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    hid = household.id
    _seed_surname(db, household)
    landlord_id = db.exec(select(Organisation.id).where(Organisation.name == "Jura Habitat")).one()
    # Through the API: a landlord's works update and a referral, both retried-safe (stored answers).
    update = client.post(f"/api/v1/landlord/dwellings/{hid}/works-updates", json=UPDATE,
                         headers={**principals["landlord_a"], "Idempotency-Key": "erasure-1"})
    assert update.status_code == 201, update.text
    referral = client.post("/api/v1/referrals", headers={**principals["coordinator"], "Idempotency-Key": "erasure-2"},
                           json={"household_id": hid, "reasons": ["other"], "contact_consent": True,
                                 "description": f"Rappel de M. {SURNAME}", "referrer_name": f"Voisin de {SURNAME}",
                                 "referring_organisation_id": landlord_id, "channel": "phone"})
    assert referral.status_code == 201, referral.text
    assert SURNAME in referral.json()["household_name"].title()
    # A webhook waiting to be sent, and one already delivered (a disclosure that stays on record).
    landlord = db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one()
    subscription = WebhookSubscription(organisation_id=landlord.id, url="https://example.org/hook", secret_encrypted="s")
    db.add(subscription)
    db.flush()
    for status in ("pending", "delivered"):
        db.add(WebhookDelivery(subscription_id=subscription.id, event_id=f"evt_{status}", event="report.shared",
                               payload={"data": {"household_id": hid}}, status=status))
    db.commit()
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()["items"]
    assert hid in {d["household_id"] for d in listed}
    # A photo of the visit, captioned with the name (photos and documents go, files included).
    visit = db.exec(select(Visit).where(Visit.household_id == hid)).first()
    image = io.BytesIO()
    Image.new("RGB", (64, 48)).save(image, "JPEG")
    photo = client.post(f"/api/v1/visits/{visit.id}/attachments", headers=principals["coordinator"],
                        files={"file": ("p.jpg", image.getvalue(), "image/jpeg")},
                        data={"kind": "photo_damp_mould", "caption": f"Chambre de M. {SURNAME}"})
    assert photo.status_code == 201, photo.text
    assert len(_occurrences(db, SURNAME)) > 20  # seeded far and wide

    erased = client.post(f"/api/v1/households/{hid}/erase", headers=principals["admin"],
                         json={"reason": f"Demande écrite de M. {SURNAME} du 20/11"})
    assert erased.status_code == 204
    db.expire_all()

    assert _occurrences(db, SURNAME) == []
    assert _occurrences(db, SURNAME[:6] + "@") == []
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "erase", AuditEvent.household_id == hid)).one()
    assert json.loads(event.detail) == {"consents_revoked": 2, "idempotency_records_deleted": 2,
                                        "webhooks_cancelled": 1, "attachments_deleted": 1}
    assert client.get(photo.json()["content_url"], headers=principals["coordinator"]).status_code == 404
    assert db.exec(select(IdempotencyRecord).where(IdempotencyRecord.household_id == hid)).all() == []
    assert [d.status for d in db.exec(select(WebhookDelivery).where(
        WebhookDelivery.subscription_id == subscription.id)).all()] == ["delivered"]
    consents = db.exec(select(Consent).where(Consent.household_id == hid)).all()
    assert consents and all(c.revoked_at is not None for c in consents)
    listed = client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"]).json()["items"]
    assert hid not in {d["household_id"] for d in listed}
    assert client.get(f"/api/v1/landlord/dwellings/{hid}", headers=principals["landlord_a"]).status_code == 404
    # The scrubbed documents still read back through their schemas.
    social = client.get(f"/api/v1/households/{hid}/social-diagnostic", headers=principals["coordinator"])
    assert social.status_code == 200 and social.json()["debts"][0]["creditor"] == privacy.REMOVED


def test_stored_answers_follow_a_referral_linked_to_an_existing_household(
        client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    form = {"household": {"first_name": "Hélène", "last_name": SURNAME, "commune": "Dole", "postcode": "39100"},
            "reasons": ["other"], "contact_consent": True}
    receipt = client.post("/api/v1/referrals", json=form, headers={**principals["referrer"], "Idempotency-Key": "k1"})
    assert receipt.status_code == 201, receipt.text
    referral = client.get(f"/api/v1/referrals/{receipt.json()['id']}", headers=principals["coordinator"]).json()
    linked = client.post(f"/api/v1/referrals/{referral['id']}/link-household", headers=principals["coordinator"],
                         json={"household_id": household.id, "version": referral["version"]})
    assert linked.status_code == 200, linked.text
    assert db.get(Household, receipt.json()["household_id"]) is None  # the shell went
    assert client.post(f"/api/v1/households/{household.id}/erase", headers=principals["admin"],
                       json={"reason": "Demande écrite du ménage, reçue le 20/11"}).status_code == 204
    assert _occurrences(db, SURNAME) == []


def test_retention_uses_the_same_scrubbing(db: Session, settings) -> None:  # noqa: ANN001
    household = jacquet(db)
    _seed_surname(db, household)
    household.status, household.closed_at = "closed", datetime(2020, 1, 1, tzinfo=UTC)
    db.add(household)
    db.commit()
    assert privacy.run_retention(db, settings) == [household.id]
    db.commit()
    db.expire_all()
    assert _occurrences(db, SURNAME) == []
    assert all(c.revoked_at is not None for c in db.exec(select(Consent).where(Consent.household_id == household.id)))


@pytest.mark.parametrize("detail", [{"reason": "Demande de Mme Jacquet"}, {"name": "Jacquet"}, {"Note": 1},
                                    {"words": ["a b"]}])
def test_audit_details_refuse_free_text(detail: dict) -> None:
    with pytest.raises(ValueError):
        audit.encode_detail(detail)


def test_audit_details_keep_ids_counts_fields_and_codes() -> None:
    encoded = audit.encode_detail({"count": 3, "ids": [1, 2], "fields": ["phone", "email"],
                                   "to": ConsentPurpose.share_with_landlord, "on": datetime(2026, 1, 2, tzinfo=UTC)})
    assert json.loads(encoded) == {"count": 3, "ids": [1, 2], "fields": ["phone", "email"], "to": "share_with_landlord",
                                   "on": "2026-01-02T00:00:00+00:00"}


def test_every_audit_detail_written_by_the_api_is_structured(client: TestClient, principals: Principals,
                                                             db: Session) -> None:
    household = jacquet(db)
    client.post(f"/api/v1/households/{household.id}/erase", headers=principals["admin"],
                json={"reason": "Demande écrite de Mme Jacquet du 20/11"})
    details = db.exec(select(AuditEvent.detail).where(AuditEvent.detail != "")).all()
    assert details and all(isinstance(json.loads(d), dict) for d in details)


def test_subject_access_lists_reasons_landlord_disclosures_and_stored_answers(
        client: TestClient, principals: Principals, db: Session) -> None:
    household = jacquet(db)
    hid = household.id
    assert client.post(f"/api/v1/landlord/dwellings/{hid}/works-updates", json=UPDATE,
                       headers={**principals["landlord_a"], "Idempotency-Key": "sar-1"}).status_code == 201
    client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"])
    client.get(f"/api/v1/landlord/dwellings/{hid}", headers=principals["landlord_a"])
    landlord = db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one()
    subscription = WebhookSubscription(organisation_id=landlord.id, url="https://example.org/hook", secret_encrypted="s")
    db.add(subscription)
    db.flush()
    db.add(WebhookDelivery(subscription_id=subscription.id, event_id="evt_1", event="technical_synthesis.shared",
                           payload={"data": {"household_id": hid}}, status="delivered"))
    db.commit()

    body = client.get(f"/api/v1/households/{hid}/subject-access", headers=principals["coordinator"]).json()
    assert body["sections"]["Motifs des demandes"]
    stored = body["sections"]["Requêtes enregistrées (idempotence)"]
    assert [r["key"] for r in stored] == ["sar-1"] and "request_hash" not in stored[0]
    shares = body["landlord_disclosures"]
    hows = {(s["who"].split(" (")[0], s["how"]) for s in shares}
    assert ("Jura Habitat", "notification (webhook)") in hows
    assert ("Jura Habitat", "API bailleur") in hows
    whats = {s["what"] for s in shares if s["how"] == "API bailleur"}
    assert {"list landlord_dwelling", "read landlord_dwelling", "create works_update"} <= whats
    assert any(s["how"].startswith("copie du compte-rendu") for s in shares)  # the demo's copy sent by API
    pdf = client.get(f"/api/v1/households/{hid}/subject-access", params={"format": "pdf"},
                     headers=principals["coordinator"])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "transmis à votre bailleur" in text and "notification (webhook)" in text and "Motifs des demandes" in text
    assert "sar-1" in text


def landlord_copy(client: TestClient, principals: Principals, report_id: int) -> str:
    response = client.get(f"/api/v1/reports/{report_id}/pdf", params={"recipient": "landlord"},
                          headers=principals["coordinator"])
    assert response.status_code == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace("\n", " ")


def test_landlord_copy_claims_consent_only_when_there_is_one(client: TestClient, principals: Principals,
                                                            db: Session) -> None:
    household = jacquet(db)
    report = db.exec(select(Report).where(Report.household_id == household.id)).first()
    assert "avec l'accord du locataire" in landlord_copy(client, principals, report.id)
    for consent in db.exec(select(Consent).where(Consent.household_id == household.id,
                                                 Consent.purpose == ConsentPurpose.share_with_landlord)):
        consent.revoked_at = datetime.now(UTC)
        db.add(consent)
    db.commit()
    text = landlord_copy(client, principals, report.id)
    assert "avec l'accord du locataire" not in text
    assert "Aucun accord du locataire" in text

