"""Eligibility over HTTP: the social team sees the amounts, the energy advisor the category and yes/no only."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import AuditEvent, User
from tests.helpers import Principals, household_payload

FAMILY = [{"first_name": "Paul", "birth_year": 1980, "relation": "applicant"},
          {"first_name": "Léa", "birth_year": 1982, "relation": "spouse"},
          {"first_name": "Tom", "birth_year": 2015, "relation": "child"},
          {"first_name": "Zoé", "birth_year": 2019, "relation": "child"}]


@pytest.fixture
def household(client: TestClient, principals: Principals, db: Session) -> int:
    """A family of four in Dole (39100), RFR 16 000 € (2023 income), a chèque énergie declared received;
    the advisor is assigned to it."""
    hid = client.post("/api/v1/households", json=household_payload(members=FAMILY),
                      headers=principals["coordinator"]).json()["id"]
    social = client.put(f"/api/v1/households/{hid}/social-diagnostic", json={
        "incomes": [{"source": "salary", "monthly_eur": "1400"}],
        "aids": [{"kind": "cheque_energie", "yearly_eur": "126"}],
        "tax_reference_income_eur": "16000", "tax_income_year": 2023}, headers=principals["coordinator"])
    assert social.status_code == 200, social.text
    assert float(social.json()["tax_reference_income_eur"]) == 16000
    advisor = db.exec(select(User.id).where(User.email == "conseiller@ajena.demo")).one()
    client.put(f"/api/v1/households/{hid}/advisors/{advisor}", headers=principals["coordinator"])
    return hid


def test_coordinator_sees_category_cheque_amount_and_fsl_to_fill(
    client: TestClient, principals: Principals, household: int, db: Session
) -> None:
    """2025 barème, 4 persons, RFR 16 000 € ≤ 35 285 €: très modestes. Chèque énergie: 2,1 UC,
    16 000 ÷ 2,1 = 7 619,05 €/UC, band 6 800–7 850, column 2 UC ou plus: 126 €."""
    response = client.get(f"/api/v1/households/{household}/eligibility?on=2025-06-01",
                          headers=principals["coordinator"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["persons"] == 4 and body["zone"] == "outside_idf" and body["income_hidden"] is False
    assert body["anah_category"]["value"] == "very_modest" and body["anah_category"]["label"] == "très modestes"
    assert "35\u202f285,00\u202f€" in body["anah_category"]["explanation"]
    cheque = body["cheque_energie"]
    assert cheque["eligible"] is True and cheque["amount_eur"] == "126.00" and cheque["units"] == "2.100"
    assert cheque["declared_received"] is True and "JORFTEXT000047325055" in cheque["sources"][-1]
    assert body["fsl"]["value"] is None and "règles FSL du Jura à renseigner" in body["fsl"]["explanation"]
    assert body["notes"] == []
    event = db.exec(select(AuditEvent).where(AuditEvent.entity == "eligibility")).all()[-1]
    assert json.loads(event.detail) == {"on": "2025-06-01", "income_shown": True}


def test_advisor_gets_category_and_yes_no_only(client: TestClient, principals: Principals, household: int) -> None:
    body = client.get(f"/api/v1/households/{household}/eligibility?on=2025-06-01",
                      headers=principals["advisor"]).json()
    assert body["income_hidden"] is True
    assert body["anah_category"]["value"] == "very_modest"
    assert body["cheque_energie"]["eligible"] is True and body["cheque_energie"]["amount_eur"] is None
    for verdict in (body["anah_category"], body["cheque_energie"], body["fsl"]):
        assert "€" not in verdict["explanation"], verdict["explanation"]


def test_this_year_ceilings_to_fill_and_missing_rfr(client: TestClient, principals: Principals) -> None:
    """2026 ceilings « à renseigner »: non calculable. Without an RFR: non calculable, said so."""
    hid = client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()["id"]
    body = client.get(f"/api/v1/households/{hid}/eligibility?on=2026-06-01", headers=principals["coordinator"]).json()
    assert body["anah_category"]["value"] is None
    assert "revenu fiscal de référence à renseigner" in body["anah_category"]["explanation"]
    assert body["cheque_energie"]["eligible"] is None and body["cheque_energie"]["declared_received"] is None
    client.put(f"/api/v1/households/{hid}/social-diagnostic", json={
        "tax_reference_income_eur": "20000", "tax_income_year": 2020}, headers=principals["coordinator"])
    body = client.get(f"/api/v1/households/{hid}/eligibility?on=2026-06-01", headers=principals["coordinator"]).json()
    assert "plafond « très modestes » hors Île-de-France pour 2 personne(s) à renseigner" in \
        body["anah_category"]["explanation"]
    assert body["anah_category"]["missing"] and "avis d'imposition 2025" in body["notes"][0]


def test_tax_household_persons_override_the_members(client: TestClient, principals: Principals) -> None:
    """Members: 2; persons counted for the tests: 3 (someone not listed). 2025, RFR 30 206 € ≤ 30 206 €
    for 3 persons: très modestes (with 2 persons it would be modestes: 30 206 > 25 115)."""
    hid = client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()["id"]
    client.put(f"/api/v1/households/{hid}/social-diagnostic", json={
        "tax_reference_income_eur": "30206", "tax_income_year": 2023, "tax_household_persons": 3},
        headers=principals["coordinator"])
    body = client.get(f"/api/v1/households/{hid}/eligibility?on=2025-06-01", headers=principals["coordinator"]).json()
    assert body["persons"] == 3 and body["anah_category"]["value"] == "very_modest"


def test_bad_date_is_a_422(client: TestClient, principals: Principals, household: int) -> None:
    response = client.get(f"/api/v1/households/{household}/eligibility?on=1999-01-01",
                          headers=principals["coordinator"])
    assert response.status_code == 422
