"""The energy analysis over HTTP: indicators, bills, the indicative class, sources and the advisor's view."""


import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api import clock
from api.models import User
from tests.helpers import Principals, household_payload

NNBSP = "\u202f"


@pytest.fixture
def tenant(client: TestClient, principals: Principals) -> int:
    """The demo family: a mother (1986) and two children (2016, 2019), a 64 m² flat heated with electricity."""
    body = household_payload(
        tenure="social_tenant",
        members=[{"first_name": "Amélie", "birth_year": 1986, "relation": "applicant"},
                 {"first_name": "Léo", "birth_year": 2016, "relation": "child"},
                 {"first_name": "Jade", "birth_year": 2019, "relation": "child"}],
        dwelling={"dwelling_type": "apartment", "construction_period": "before_1975", "surface_m2": "64.0",
                  "altitude_class": "below_400", "main_heating_energy": "electricity"})
    response = client.post("/api/v1/households", json=body, headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def post_bill(client: TestClient, principals: Principals, household: int, **fields):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/households/{household}/bills", json=fields, headers=principals["coordinator"])


def a_year_of_bimonthly_bills(client: TestClient, principals: Principals, household: int) -> None:
    """Six bills from reading to reading, 01/01/2025 → 01/01/2026: 6 × 800 kWh, 6 × 200 €."""
    readings = [f"2025-{m:02d}-01" for m in (1, 3, 5, 7, 9, 11)] + ["2026-01-01"]
    for start, end in zip(readings, readings[1:], strict=False):
        response = post_bill(client, principals, household, energy="electricity", quantity="800", unit="kwh",
                             amount_eur="200", period_start=start, period_end=end)
        assert response.status_code == 201, response.text


def social(client: TestClient, principals: Principals, household: int) -> None:
    response = client.put(f"/api/v1/households/{household}/social-diagnostic", json={
        "incomes": [{"source": "rsa", "monthly_eur": "640"}, {"source": "family_benefits", "monthly_eur": "420"},
                    {"source": "housing_benefit", "monthly_eur": "310"}],
        "charges": [{"kind": "rent", "monthly_eur": "520"}],
        "aids": [{"kind": "cheque_energie", "yearly_eur": "194", "received_on": "2025-04-15"},
                 {"kind": "fsl_energy", "yearly_eur": "300"}],
        "felt_cold": True}, headers=principals["coordinator"])
    assert response.status_code == 200, response.text
    # Before aids: 1 370 €/month × 12; the chèque énergie and the FSL are not income.
    assert response.json()["yearly_income_eur"] == "16440.00" and response.json()["housing_costs_eur"] == "6240.00"


def test_the_tenant_with_apl_gets_honest_indicators(client: TestClient, principals: Principals, tenant: int) -> None:
    """Bills: 4 800 kWh, 1 200 € over exactly 365 days (shared reading dates count once). Reference year 2025:
    1 + 0,3 + 0,3 = 1,6 UC. TEE = 1 200 ÷ 16 440 = 7,30 %; after the chèque (1 200 − 194) ÷ 16 440 = 6,1 %.
    Reste à vivre (16 440 − 6 240) ÷ 1,6 = 6 375,00 €/UC < 15 456 (poverty line): yes. 10 275 €/UC < D3 and
    felt cold: FR_3D."""
    a_year_of_bimonthly_bills(client, principals, tenant)
    social(client, principals, tenant)
    response = client.get(f"/api/v1/households/{tenant}/analysis", headers=principals["coordinator"])
    assert response.status_code == 200, response.text
    body = response.json()
    [electricity] = body["energies"]
    assert (electricity["days_covered"], electricity["kwh_per_year"], electricity["kwh_unit"]) == (365, "4800", "kWh PCI")
    assert electricity["overlaps"] == [] and electricity["gaps"] == [] and electricity["extrapolated"] is False
    assert body["reference_year"] == 2025 and body["consumption_units"]["value"] == "1.6"
    assert (body["tee"]["value"], body["tee"]["display"]) == ("0.0730", f"7,3{NNBSP}%")
    assert body["tee"]["uncertain"] is False and f"7,3{NNBSP}%" in body["tee"]["explanation"]
    assert body["tee_after_cheque"]["display"] == f"6,1{NNBSP}%"
    assert body["brde_inputs"]["value"] == "6375.00" and body["brde_inputs"]["verdict"] is True
    assert body["brde_per_uc"]["calculable"] is False and "à renseigner" in body["brde_per_uc"]["display"]
    assert body["fr_3d"] is True and body["tee_3d"] is False
    assert "pas un DPE" in body["estimated_class"]["display"]
    assert body["reference_date"] == clock.today().isoformat()
    # Sources one click away: each figure names its reference rows, and the analysis lists them all.
    assert {s["key"] for s in body["tee"]["sources"]} >= {"tee_slime", "tee_onpe"}
    used = {(s["table"], s["key"]) for s in body["sources"]}
    assert {("primary_energy_factor", "electricity"), ("ghg_factor", "electricity_heating"),
            ("income_reference", "poverty_line")} <= used
    assert all(s["source"] and s["valid_from"] for s in body["sources"])


def test_the_advisor_sees_bands_and_yes_no_only(
    client: TestClient, principals: Principals, db: Session, tenant: int
) -> None:
    advisor = db.exec(select(User.id).where(User.email == "conseiller@ajena.demo")).one()
    client.put(f"/api/v1/households/{tenant}/advisors/{advisor}", headers=principals["coordinator"])
    a_year_of_bimonthly_bills(client, principals, tenant)
    social(client, principals, tenant)
    response = client.get(f"/api/v1/households/{tenant}/analysis", headers=principals["advisor"])
    assert response.status_code == 200
    body = response.json()
    assert body["income_hidden"] is True
    assert body["tee"]["value"] is None and body["tee"]["display"] == f"sous 8{NNBSP}%"
    assert body["tee_after_cheque"]["value"] is None and body["tee_after_cheque"]["display"] == f"sous 8{NNBSP}%"
    assert body["income_per_uc"]["value"] is None and body["income_per_uc"]["inputs"] == {}
    assert body["brde_inputs"]["value"] is None and body["brde_inputs"]["display"] == "oui"
    assert body["fr_3d"] is True
    for amount in ("16440", f"16{NNBSP}440", "6375", f"6{NNBSP}375", "10275", f"10{NNBSP}275", "0.0730",
                   f"7,3{NNBSP}%", f"6,1{NNBSP}%", "1370", "rsa", "housing_benefit"):
        assert amount not in response.text, amount


def test_no_bills_is_non_calculable(client: TestClient, principals: Principals, tenant: int) -> None:
    social(client, principals, tenant)
    body = client.get(f"/api/v1/households/{tenant}/analysis", headers=principals["coordinator"]).json()
    for name in ("energy_spending", "tee", "kwh_per_m2", "estimated_class"):
        assert body[name]["calculable"] is False and body[name]["display"].startswith("non calculable"), name
    assert body["estimated_class"]["unit"] != "A" and body["kwh_per_m2"]["value"] is None
    assert body["reference_year"] == clock.today().year  # the social diagnostic's year


def test_overlaps_and_gaps_are_reported(client: TestClient, principals: Principals, tenant: int) -> None:
    for fields in ({"quantity": "1800", "amount_eur": "400", "period_start": "2025-01-01", "period_end": "2025-03-31",
                    "estimated": True},
                   {"quantity": "2450", "amount_eur": "600", "period_start": "2025-03-01", "period_end": "2025-10-31"}):
        assert post_bill(client, principals, tenant, energy="electricity", unit="kwh", **fields).status_code == 201
    body = client.get(f"/api/v1/households/{tenant}/analysis", headers=principals["coordinator"]).json()
    [electricity] = body["energies"]
    assert electricity["overlaps"] == [{"start": "2025-03-01", "end": "2025-03-31", "days": 31}]
    assert electricity["extrapolated"] is True and electricity["estimated"] is True
    assert body["tee"]["uncertain"] is False  # no income yet: the TEE is non calculable
    assert body["energy_spending"]["uncertain"] is True
    assert any("moins d'un an" in w for w in body["energy_spending"]["warnings"])


def test_bill_reads_label_pci_and_show_the_bill_pcs(client: TestClient, principals: Principals, tenant: int) -> None:
    """Gas: 1 000 m³ × 10,8 = 10 800 kWh PCS → 9 730 kWh PCI. Oak logs, dry, 1 m: 8 × 1 944 = 15 552 kWh PCI."""
    gas = post_bill(client, principals, tenant, energy="natural_gas", quantity="1000", unit="m3_gas",
                    gas_coefficient="10.8", amount_eur="812", period_start="2025-03-01", period_end="2026-02-28").json()
    assert (gas["kwh"], gas["kwh_pcs"], gas["kwh_unit"]) == ("9730", "10800", "kWh PCI")
    wood = post_bill(client, principals, tenant, energy="wood_logs", quantity="8", unit="stere", amount_eur="560",
                     delivery_date="2025-09-15", wood_species="oak", wood_moisture="dry", log_length_cm=100)
    assert wood.status_code == 201, wood.text
    assert wood.json()["kwh"] == "15552" and wood.json()["kwh_pcs"] is None


def test_wood_fields_only_on_wood_logs(client: TestClient, principals: Principals, tenant: int) -> None:
    response = post_bill(client, principals, tenant, energy="electricity", quantity="100", unit="kwh", amount_eur="30",
                         period_start="2025-01-01", period_end="2025-01-31", wood_species="oak")
    assert response.status_code == 422
    assert any(f["field"] == "wood_species" for f in response.json()["fields"])
