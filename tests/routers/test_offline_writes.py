"""What the SPA's offline queue relies on (issue 21, point 4): a retried bill creates nothing new, a stale
version is a 409 that carries the server's current record (to compare field by field), and /auth/me says
after how many days the device wipes its copies."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import BillEntry, User, Visit
from tests.helpers import Principals, count, household_payload

BILL = {"energy": "electricity", "quantity": "1200", "unit": "kwh", "amount_eur": "290.40",
        "period_start": "2026-01-01", "period_end": "2026-04-30"}
TECHNICAL = {"dwelling_type": "house", "construction_period": "before_1975", "surface_m2": "90.0",
             "altitude_class": "400_800", "envelope": [{"kind": "roof", "area_m2": "60.0"}],
             "systems": [{"use": "heating", "energy": "fuel_oil", "system_type": "chaudière", "efficiency": "0.75"}]}


def new_household(client: TestClient, principals: Principals) -> int:
    return client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()["id"]


def test_a_retried_bill_is_created_once(client: TestClient, principals: Principals, db: Session) -> None:
    household = new_household(client, principals)
    headers = {**principals["coordinator"], "Idempotency-Key": "tablette-3:facture-12"}
    url = f"/api/v1/households/{household}/bills"
    before = count(db, BillEntry)
    first = client.post(url, json=BILL, headers=headers)
    again = client.post(url, json=BILL, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert count(db, BillEntry) == before + 1
    other = client.post(url, json={**BILL, "amount_eur": "300.00"}, headers=headers)
    assert other.status_code == 409 and "idempotence" in other.json()["detail"]
    # The same key on another household's grid is another request, not a replay.
    elsewhere = client.post(f"/api/v1/households/{new_household(client, principals)}/bills", json=BILL,
                            headers=headers)
    assert elsewhere.status_code == 409
    # Without a key, each POST is a new bill (as before).
    assert client.post(url, json=BILL, headers=principals["coordinator"]).status_code == 201
    assert count(db, BillEntry) == before + 2
    assert client.post(url, json=BILL, headers={**principals["coordinator"], "Idempotency-Key": " "}).status_code == 422


def test_a_stale_technical_diagnostic_answers_the_current_one(client: TestClient, principals: Principals,
                                                              db: Session) -> None:
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    visit = db.exec(select(Visit).where(Visit.advisor_id == lucas.id)).first()
    url = f"/api/v1/visits/{visit.id}/technical-diagnostic"
    created = client.put(url, json={**TECHNICAL, "notes": "Vu au salon"}, headers=principals["advisor"])
    assert created.status_code == 200, created.text
    version = created.json()["version"]
    # Someone else saves meanwhile...
    assert client.put(url, json={**TECHNICAL, "notes": "Fenêtres à changer", "version": version},
                      headers=principals["coordinator"]).status_code == 200
    # ...and the device syncs what it typed offline, based on the version it had.
    stale = client.put(url, json={**TECHNICAL, "notes": "Hors ligne", "version": version}, headers=principals["advisor"])
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"] == "stale_version"
    assert body["current"]["version"] == version + 1 and body["current"]["notes"] == "Fenêtres à changer"
    assert body["current"]["visit_id"] == visit.id and body["current"]["updated_by"]["full_name"]
    # Absent values stay in the comparison (null, not dropped).
    assert body["current"]["dpe"] is None and body["current"]["defaulted_u_values"] == [0]
    # The person keeps their field and sends again with the server's version: saved.
    kept = client.put(url, json={**TECHNICAL, "notes": "Hors ligne", "version": body["current"]["version"]},
                      headers=principals["advisor"])
    assert kept.status_code == 200 and kept.json()["notes"] == "Hors ligne"


def test_stale_bill_social_diagnostic_works_plan_and_visit_carry_the_current_record(
        client: TestClient, principals: Principals, db: Session) -> None:
    coordinator = principals["coordinator"]
    household = new_household(client, principals)
    bill = client.post(f"/api/v1/households/{household}/bills", json=BILL, headers=coordinator).json()
    url = f"/api/v1/households/{household}/bills/{bill['id']}"
    assert client.put(url, json={**BILL, "amount_eur": "301.00", "version": 1}, headers=coordinator).status_code == 200
    stale = client.put(url, json={**BILL, "amount_eur": "299.00", "version": 1}, headers=coordinator).json()
    assert stale["current"]["amount_eur"] == "301.00" and stale["current"]["version"] == 2

    social_url = f"/api/v1/households/{household}/social-diagnostic"
    client.put(social_url, json={"incomes": [{"source": "pension", "monthly_eur": "1100.00"}]}, headers=coordinator)
    client.put(social_url, json={"version": 1, "incomes": [{"source": "pension", "monthly_eur": "1150.00"}]},
               headers=coordinator)
    stale = client.put(social_url, json={"version": 1, "incomes": []}, headers=coordinator)
    assert stale.status_code == 409
    assert stale.json()["current"]["incomes"][0]["monthly_eur"] == "1150.00"

    plan_url = f"/api/v1/households/{household}/works-plan"
    item = {"priority": 1, "work": "roof", "description": "Isoler les combles"}
    client.put(plan_url, json={"items": [item]}, headers=coordinator)
    stale = client.put(plan_url, json={"version": 7, "items": []}, headers=coordinator)
    assert stale.status_code == 409 and stale.json()["current"]["items"][0]["description"] == "Isoler les combles"

    visit = db.exec(select(Visit).where(Visit.status == "planned")).first()
    patched = client.patch(f"/api/v1/visits/{visit.id}", json={"version": visit.version, "notes": "Prévoir le thermomètre"},
                           headers=coordinator)
    assert patched.status_code == 200
    stale = client.patch(f"/api/v1/visits/{visit.id}", json={"version": visit.version, "notes": "Hors ligne"},
                         headers=coordinator)
    assert stale.status_code == 409 and stale.json()["current"]["notes"] == "Prévoir le thermomètre"
    assert stale.json()["current"]["version"] == visit.version + 1


def test_the_409_is_documented_with_the_current_record(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    error = document["components"]["schemas"]["ErrorBody"]
    assert "current" in error["properties"] and "field by field" in error["properties"]["current"]["description"]
    put = document["paths"]["/api/v1/visits/{visit_id}/technical-diagnostic"]["put"]
    assert put["responses"]["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    bills = document["paths"]["/api/v1/households/{household_id}/bills"]["post"]
    assert "idempotency-key" in {p["name"].lower() for p in bills["parameters"] if p["in"] == "header"}


def test_me_says_how_long_the_device_keeps_its_copies(app, client: TestClient, principals: Principals) -> None:  # noqa: ANN001
    assert client.get("/api/v1/auth/me", headers=principals["advisor"]).json()["device_storage_days"] == 14
    app.state.settings = app.state.settings.model_copy(update={"device_storage_days": 3})
    assert client.get("/api/v1/auth/me", headers=principals["advisor"]).json()["device_storage_days"] == 3
