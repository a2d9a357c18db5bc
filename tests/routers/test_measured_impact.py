"""Measured impact over HTTP: bills before and after the visit, works done and eco-gestures."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import Campaign, Organisation, Report, TechnicalDiagnostic, User, Visit, WorksUpdate
from tests.helpers import Principals, household_payload

GAS_BEFORE = {"energy": "natural_gas", "quantity": "16650", "unit": "kwh", "amount_eur": "1500",
              "period_start": "2023-01-01", "period_end": "2023-12-31"}
GAS_AFTER = {"energy": "natural_gas", "quantity": "11100", "unit": "kwh", "amount_eur": "1100",
             "period_start": "2024-03-01", "period_end": "2025-02-28"}
ACROSS = {"energy": "electricity", "quantity": "300", "unit": "kwh", "amount_eur": "60",
          "period_start": "2024-01-01", "period_end": "2024-01-31"}


@pytest.fixture
def household(client: TestClient, principals: Principals, db: Session) -> int:
    return visited_household(client, principals, db)


def visited_household(client: TestClient, principals: Principals, db: Session) -> int:
    """Gas-heated, visited on 15 January 2024 (4 LED bulbs installed, 25 kWh each in the catalogue); its
    external wall insulation, estimated at 3 000 kWh a year in the report, was done."""
    hid = client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()["id"]
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    start = datetime(2024, 1, 15, 9, tzinfo=UTC)
    visit = Visit(household_id=hid, coordinator_id=coordinator.id, advisor_id=advisor.id, starts_at=start,
                  ends_at=start + timedelta(hours=2), status="done")
    db.add(visit)
    db.flush()
    db.add(TechnicalDiagnostic(visit_id=visit.id, household_id=hid, data={
        "systems": [{"use": "both", "energy": "natural_gas"}], "equipment_installed": [{"code": "led_bulb", "quantity": 4}]}))
    report = Report(household_id=hid, visit_id=visit.id, author_id=coordinator.id, status="sent",
                    works=[{"priority": 1, "work": "wall_outside", "description": "ITE", "saving_kwh": "3000",
                            "saving_eur": "330"}])
    db.add(report)
    db.flush()
    landlord = db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one()
    db.add(WorksUpdate(household_id=hid, report_id=report.id, work_priority=1, status="done", on=date(2024, 2, 10),
                       actual_cost_eur=Decimal("9000"), organisation_id=landlord.id))
    db.flush()
    for bill in (GAS_BEFORE, GAS_AFTER, ACROSS):
        assert client.post(f"/api/v1/households/{hid}/bills", json=bill,
                           headers=principals["coordinator"]).status_code == 201
    return hid


def test_bills_before_and_after_the_visit(client: TestClient, principals: Principals, household: int) -> None:
    """Before (2023): 16 650 kWh PCS ÷ 1,11 = 15 000 kWh PCI, 1 500 €. After (1 March 2024 – 28 February
    2025, 365 days): 10 000 kWh, 1 100 €. Change −5 000 kWh, −400 €, uncorrected (the Jura DJU are
    « à renseigner »). Estimated: 3 000 (works done) + 4 × 25 (LED) = 3 100 kWh; measured 5 000 kWh,
    5 000 ÷ 3 100 = 1,6129. The January 2024 electricity bill contains the visit date: in neither window."""
    response = client.get(f"/api/v1/households/{household}/measured-impact", headers=principals["coordinator"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["visit_date"] == "2024-01-15" and body["bills_straddling_visit"] == 1
    assert body["baseline"] == {"start": "2023-01-01", "end": "2023-12-31", "bills": 1}
    assert (body["baseline_kwh"], body["after_kwh"], body["change_kwh"], body["change_eur"]) == \
        ("15000", "10000", "-5000", "-400.00")
    assert body["climate_corrected"] is False and "DJU 2023" in body["climate_note"]
    assert body["corrected_change_kwh"] is None
    assert [(e["kind"], e["code"], e["saving_kwh"]) for e in body["estimated"]] == \
        [("work", "wall_outside", "3000"), ("eco_gesture", "led_bulb", "100")]
    assert body["estimated_kwh"] == "3100" and body["measured_saving_kwh"] == "5000"
    assert body["share_of_estimate"] == "1.6129"
    gas = body["energies"][0]
    assert gas["energy"] == "natural_gas" and gas["heating_share"] == "1.0000" and gas["compared"] is True


def test_without_a_done_visit(client: TestClient, principals: Principals) -> None:
    hid = client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()["id"]
    body = client.get(f"/api/v1/households/{hid}/measured-impact", headers=principals["coordinator"]).json()
    assert body["visit_id"] is None and "aucune visite réalisée" in body["explanation"]


def test_follow_up_links_to_the_measured_impact(client: TestClient, principals: Principals, household: int) -> None:
    body = client.get(f"/api/v1/households/{household}/follow-up", headers=principals["coordinator"]).json()
    assert body["measured_impact_href"] == f"/api/v1/households/{household}/measured-impact"


def test_annual_report_section_measured_against_estimated(client: TestClient, principals: Principals,
                                                           db: Session) -> None:
    """Report 2025: households first visited in 2024. One household: its row is suppressed (1 < 5). Five:
    5 × 5 000 = 25 000 kWh measured against 5 × 3 100 = 15 500 estimated, 25 000 ÷ 15 500 = 1,6129."""
    if db.exec(select(Campaign).where(Campaign.year == 2025)).first() is None:
        db.add(Campaign(year=2025, objective_per_thousand=Decimal("2")))
        db.flush()
    visited_household(client, principals, db)
    section = client.get("/api/v1/reporting/annual/2025", headers=principals["manager"]).json()["measured_impact"]
    assert section["cohort_year"] == 2024
    row = next(r for r in section["rows"] if r["group"] == "wall_outside")
    assert row["households"] is None and row["measured_saving_kwh"] is None and section["households_measured"] is None
    for _ in range(4):
        visited_household(client, principals, db)
    section = client.get("/api/v1/reporting/annual/2025", headers=principals["manager"]).json()["measured_impact"]
    row = next(r for r in section["rows"] if r["group"] == "wall_outside")
    assert row["households"] == 5 and row["label"] == "Isolation des murs par l'extérieur"
    assert (row["measured_saving_kwh"], row["estimated_saving_kwh"], row["share_of_estimate"]) == \
        ("25000", "15500", "1.6129")
    assert section["households_measured"] == 5 and section["climate_corrected"] == 0
