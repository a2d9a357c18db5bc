"""Bills, diagnostics, the analysis and the works estimate over HTTP."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import BillEntry, User, Visit
from tests.helpers import Principals, count, household_payload

D = Decimal


@pytest.fixture
def household(client: TestClient, principals: Principals) -> int:
    """A couple (1980, 1982) with two children (2015, 2019): 2,1 UC in 2026."""
    body = household_payload(members=[
        {"first_name": "Paul", "birth_year": 1980, "relation": "applicant"},
        {"first_name": "Léa", "birth_year": 1982, "relation": "spouse"},
        {"first_name": "Tom", "birth_year": 2015, "relation": "child"},
        {"first_name": "Zoé", "birth_year": 2019, "relation": "child"}])
    return client.post("/api/v1/households", json=body, headers=principals["coordinator"]).json()["id"]


def bill(client: TestClient, principals: Principals, household: int, **fields):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/households/{household}/bills", json=fields, headers=principals["coordinator"])


ELECTRICITY_YEAR = [
    {"energy": "electricity", "quantity": "2100", "unit": "kwh", "amount_eur": "520.40",
     "period_start": "2025-01-01", "period_end": "2025-06-30"},
    {"energy": "electricity", "quantity": "2400", "unit": "kwh", "amount_eur": "580.10",
     "period_start": "2025-07-01", "period_end": "2025-12-31"},
]


def test_bills_feed_the_analysis(client: TestClient, principals: Principals, household: int) -> None:
    """Electricity 1 100,50 € + fuel oil 1 150 € = 2 250,50 €/yr. Income before aids 1 800 €/month × 12
    = 21 600 €/yr (the chèque énergie is not income). TEE = 2 250,50 / 21 600 = 10,42 %: above both
    thresholds; after the chèque (2 250,50 − 194) / 21 600 = 9,52 %. The bills mostly cover 2025: ages
    in 2025 give 2,1 UC; 21 600 / 2,1 = 10 285,71 €/UC, below D3, so TEE_3D."""
    for entry in ELECTRICITY_YEAR:
        assert bill(client, principals, household, **entry).status_code == 201
    assert bill(client, principals, household, energy="fuel_oil", quantity="1000", unit="litre", amount_eur="1150",
                delivery_date="2024-10-01").status_code == 201
    assert bill(client, principals, household, energy="fuel_oil", quantity="900", unit="litre", amount_eur="1020",
                delivery_date="2025-10-01").status_code == 201
    social = client.put(f"/api/v1/households/{household}/social-diagnostic", json={
        "incomes": [{"source": "salary", "monthly_eur": "1500.00"}, {"source": "family_benefits", "monthly_eur": "300"}],
        "charges": [{"kind": "rent", "monthly_eur": "650"}], "aids": [{"kind": "cheque_energie", "yearly_eur": "194"}],
        "debts": [{"creditor": "EDF", "kind": "energy", "amount_eur": "420.00"}], "felt_cold": True},
        headers=principals["coordinator"])
    assert social.status_code == 200, social.text
    assert social.json()["yearly_income_eur"] == "21600.00"
    analysis = client.get(f"/api/v1/households/{household}/analysis", headers=principals["coordinator"]).json()
    energies = {e["energy"]: e for e in analysis["energies"]}
    assert energies["electricity"]["kwh_per_year"] == "4500" and energies["fuel_oil"]["kwh_per_year"] == "10000"
    assert analysis["energy_spending"]["value"] == "2250.50"
    assert analysis["consumption_units"]["value"] == "2.1"
    assert analysis["tee"]["value"] == "0.1042" and analysis["tee"]["display"] == "10,4\u202f%"
    assert analysis["tee_after_cheque"]["display"] == "9,5\u202f%"
    assert analysis["reference_year"] == 2025
    assert analysis["tee_above_slime_threshold"] is True and analysis["tee_3d"] is True
    assert analysis["income_per_uc"]["value"] == "10285.71"
    assert "pas un DPE" in analysis["estimated_class"]["explanation"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"energy": "electricity", "unit": "litre"}, "unit", "impossible"),
    ({"period_start": "2025-06-30", "period_end": "2025-01-01"}, "period_end", "précède"),
    ({"quantity": "-5"}, "quantity", "supérieur ou égal"),
    ({"amount_eur": "12.345"}, "amount_eur", "décimale"),
    ({"energy": "natural_gas", "unit": "m3_gas"}, "gas_coefficient", "coefficient"),
    ({"energy": "electricity", "delivery_date": "2025-01-01", "period_start": None, "period_end": None},
     "delivery_date", "période"),
    ({"period_end": None}, "period_end", "fin de la période"),
    ({"unpaid_eur": "999"}, "unpaid_eur", "dépasser"),
    ({"energy": "coal"}, "energy", "Valeur non reconnue"),
])
def test_bad_bills_get_a_clear_422_and_nothing_is_written(
    client: TestClient, principals: Principals, db: Session, household: int, fields: dict, field: str, message: str
) -> None:
    before = count(db, BillEntry)
    response = bill(client, principals, household, **{**ELECTRICITY_YEAR[0], **fields})
    assert response.status_code == 422, response.text
    errors = {f["field"]: f["message"] for f in response.json()["fields"]}
    assert field in errors and message in errors[field], errors
    assert count(db, BillEntry) == before


def test_bill_update_and_delete(client: TestClient, principals: Principals, household: int) -> None:
    created = bill(client, principals, household, **ELECTRICITY_YEAR[0]).json()
    url = f"/api/v1/households/{household}/bills/{created['id']}"
    changed = client.put(url, json={**ELECTRICITY_YEAR[0], "amount_eur": "530.00", "version": 1},
                         headers=principals["coordinator"])
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(url, json={**ELECTRICITY_YEAR[0], "version": 1}, headers=principals["coordinator"])
    assert stale.status_code == 409
    assert client.delete(url, headers=principals["coordinator"]).status_code == 204
    assert client.get(f"/api/v1/households/{household}/bills", headers=principals["coordinator"]).json()["items"] == []


def test_advisor_sees_bills_and_indicators_not_income_lines(
    client: TestClient, principals: Principals, db: Session, household: int
) -> None:
    advisor = db.exec(select(User.id).where(User.email == "conseiller@ajena.demo")).one()
    client.put(f"/api/v1/households/{household}/advisors/{advisor}", headers=principals["coordinator"])
    bill(client, principals, household, **ELECTRICITY_YEAR[0])
    client.put(f"/api/v1/households/{household}/social-diagnostic", json={
        "incomes": [{"source": "salary", "monthly_eur": "1234.56"}], "charges": [{"kind": "rent", "monthly_eur": "655.43"}]},
        headers=principals["coordinator"])
    assert client.get(f"/api/v1/households/{household}/social-diagnostic", headers=principals["advisor"]).status_code == 403
    bills = client.get(f"/api/v1/households/{household}/bills", headers=principals["advisor"])
    assert bills.status_code == 200 and bills.json()["items"][0]["amount_eur"] == "520.40"
    analysis = client.get(f"/api/v1/households/{household}/analysis", headers=principals["advisor"])
    assert analysis.status_code == 200
    body = analysis.json()
    # 520.40 € over part of a year (extrapolated) against 14,814.72 € of income: a TEE under 8 %,
    # given as a band and booleans only.
    assert body["income_hidden"] is True and body["tee"]["value"] is None
    assert "sous 8\u202f%" in body["tee"]["explanation"] and body["tee_above_onpe_threshold"] is False
    assert body["income_per_uc"]["value"] is None and body["brde_inputs"]["value"] is None
    text = analysis.text
    # Neither the line items nor any amount the income could be worked back from (yearly income,
    # income per UC, reste à vivre, the exact TEE).
    coordinator = client.get(f"/api/v1/households/{household}/analysis", headers=principals["coordinator"]).json()
    assert coordinator["income_hidden"] is False and coordinator["tee"]["inputs"]["revenu"] == "14\u202f814,72\u202f€"
    exact = [coordinator["tee"]["value"], coordinator["income_per_uc"]["value"], coordinator["brde_inputs"]["value"],
             coordinator["tee"]["display"], coordinator["income_per_uc"]["display"], coordinator["brde_inputs"]["display"]]
    for line_item in ("1234.56", "655.43", "salary", "rent", "incomes", "charges", "14814", "14\u202f814", *exact):
        assert line_item not in text, line_item


def test_technical_diagnostic_defaults_u_values_and_feeds_the_works(
    client: TestClient, principals: Principals, db: Session, household: int
) -> None:
    coordinator = db.exec(select(User.id).where(User.email == "animatrice@cd39.demo")).one()
    advisor = db.exec(select(User.id).where(User.email == "conseiller@ajena.demo")).one()
    visit = client.post("/api/v1/visits", json={"household_id": household, "coordinator_id": coordinator,
                                                "advisor_id": advisor, "starts_at": "2031-03-04T09:00:00+01:00"},
                        headers=principals["coordinator"]).json()
    for entry in ELECTRICITY_YEAR:
        bill(client, principals, household, **entry)
    bill(client, principals, household, energy="fuel_oil", quantity="2000", unit="litre", amount_eur="2300",
         delivery_date="2024-10-01")
    bill(client, principals, household, energy="fuel_oil", quantity="1500", unit="litre", amount_eur="1700",
         delivery_date="2025-10-01")
    body = {"dwelling_type": "house", "construction_period": "before_1975", "surface_m2": "100.0",
            "altitude_class": "400_800",
            "envelope": [{"kind": "roof", "area_m2": "80.0"}, {"kind": "wall", "area_m2": "120.0", "u_value": "2.0"},
                         {"kind": "window", "area_m2": "15.0", "glazing": "single"}],
            "systems": [{"use": "heating", "energy": "fuel_oil", "system_type": "chaudière fioul", "efficiency": "0.8"}],
            "measurements": [{"room": "Séjour", "temperature_c": "17.5", "relative_humidity_pct": "68"}],
            "decency": {"airtight": "not_ok", "ventilation_ok": "not_ok"},
            "equipment_installed": [{"code": "led_bulb", "quantity": 6}, {"code": "shower_reducer", "quantity": 1}]}
    saved = client.put(f"/api/v1/visits/{visit['id']}/technical-diagnostic", json=body, headers=principals["advisor"])
    assert saved.status_code == 200, saved.text
    diag = saved.json()
    assert diag["defaulted_u_values"] == [0, 2]
    assert diag["envelope"][0]["u_value"] == "2.500" and diag["envelope"][2]["u_value"] == "5.400"
    assert diag["equipment_cost_eur"] == "33.00"  # 6 × 3,50 + 12,00
    estimate = client.get(f"/api/v1/households/{household}/works-estimate", headers=principals["advisor"])
    assert estimate.status_code == 200, estimate.text
    works = estimate.json()
    assert works["calibrated"] is True and works["heating_energy"] == "fuel_oil"
    assert works["billed_heating_kwh"] == "20000"  # 2 000 L × 10 kWh over 365 days
    assert works["price_per_kwh"] == "0.1150"  # what the deliveries cost per kWh: no subscription on fuel oil
    paybacks = [D(i["payback_years_low"]) + D(i["payback_years_high"]) for i in works["items"]
                if i["payback_years_low"] and i["payback_years_high"]]
    assert paybacks and paybacks == sorted(paybacks)
    plan = client.put(f"/api/v1/households/{household}/works-plan", json={"items": [
        {"priority": 1, "work": "roof", "description": "Isoler les combles (R = 7)", "saving_kwh": "5000",
         "cost_low": "1600", "cost_high": "4000", "possible_aids": "MaPrimeRénov'"},
        {"priority": 2, "work": "controls", "description": "Programmateur"}]}, headers=principals["advisor"])
    assert plan.status_code == 200 and [i["work"] for i in plan.json()["items"]] == ["roof", "controls"]
    clash = client.put(f"/api/v1/households/{household}/works-plan", json={"version": 1, "items": [
        {"priority": 1, "work": "roof", "description": "a"}, {"priority": 1, "work": "floor", "description": "b"}]},
        headers=principals["advisor"])
    assert clash.status_code == 422


def test_unknown_equipment_is_refused(client: TestClient, principals: Principals, db: Session) -> None:
    visit = db.exec(select(Visit)).first()
    body = {"dwelling_type": "apartment", "surface_m2": "50.0", "altitude_class": "below_400",
            "equipment_installed": [{"code": "magic_box", "quantity": 1}]}
    response = client.put(f"/api/v1/visits/{visit.id}/technical-diagnostic", json=body, headers=principals["coordinator"])
    assert response.status_code == 422 and response.json()["fields"][0]["field"] == "equipment_installed.0.code"


def test_a_new_dated_reference_value_takes_over(client: TestClient, principals: Principals) -> None:
    response = client.post("/api/v1/reference-values", json={
        "table_name": "threshold", "key": "tee_slime", "value": "0.12", "unit": "ratio", "valid_from": "2026-01-01",
        "source": "Décision du comité de pilotage"}, headers=principals["admin"])
    assert response.status_code == 201
    rows = client.get("/api/v1/reference-values", params={"table_name": "threshold"}, headers=principals["admin"]).json()
    slime = [r for r in rows["items"] if r["key"] == "tee_slime"]
    assert [(r["value"], r["in_force"]) for r in slime] == [("0.100000", False), ("0.120000", True)]
    unknown = client.post("/api/v1/reference-values", json={
        "table_name": "threshold", "key": "made_up", "value": "1", "unit": "x", "valid_from": "2026-01-01",
        "source": "test"}, headers=principals["admin"])
    assert unknown.status_code == 422
