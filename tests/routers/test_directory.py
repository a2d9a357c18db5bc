"""Organisations, units, campaigns and user accounts."""

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import User
from api.services.directory import visits_objective
from tests.helpers import Principals


def test_visits_objective_is_rounded_up() -> None:
    """Jura, whole département: 116,653 × 2 / 1,000 = 233.306, so 234 visits."""
    assert visits_objective(116_653, Decimal("2")) == 234
    assert visits_objective(50_000, Decimal("2")) == 100


def test_campaign_with_its_active_units(client: TestClient, principals: Principals) -> None:
    units = {u["name"]: u for u in client.get("/api/v1/territorial-units", headers=principals["admin"]).json()["items"]}
    assert set(units) == {"Dole", "Champagnole", "Lons-le-Saunier", "Saint-Claude"}
    chosen = [units["Dole"], units["Champagnole"]]
    response = client.post("/api/v1/campaigns", json={
        "year": 2030, "objective_per_thousand": "2", "budget_eur": "123192.50", "unit_ids": [u["id"] for u in chosen],
    }, headers=principals["admin"])
    assert response.status_code == 201, response.text
    body = response.json()
    households = sum(u["households_count"] for u in chosen)
    assert body["households_in_scope"] == households
    assert body["visits_objective"] == visits_objective(households, Decimal("2"))
    assert body["budget_eur"] == "123192.50"
    assert [u["name"] for u in body["units"]] == ["Champagnole", "Dole"]
    duplicate = client.post("/api/v1/campaigns", json={"year": 2030, "unit_ids": [1]}, headers=principals["admin"])
    assert duplicate.status_code == 422 and duplicate.json()["fields"][0]["field"] == "year"
    unknown_unit = client.post("/api/v1/campaigns", json={"year": 2032, "unit_ids": [999]}, headers=principals["admin"])
    assert unknown_unit.status_code == 422
    changed = client.patch(f"/api/v1/campaigns/{body['id']}", json={"unit_ids": [units["Saint-Claude"]["id"]]},
                           headers=principals["admin"])
    assert [u["name"] for u in changed.json()["units"]] == ["Saint-Claude"]


def test_unit_households_update(client: TestClient, principals: Principals) -> None:
    response = client.patch("/api/v1/territorial-units/1", json={"households_count": 35000,
                                                                  "households_source": "INSEE RP 2022"},
                            headers=principals["admin"])
    assert response.status_code == 200 and response.json()["households_count"] == 35000
    assert client.patch("/api/v1/territorial-units/1", json={"households_count": -1},
                        headers=principals["admin"]).status_code == 422
    assert client.patch("/api/v1/territorial-units/999", json={"households_count": 1},
                        headers=principals["admin"]).status_code == 404


def test_create_user_and_password_rules(client: TestClient, principals: Principals) -> None:
    payload = {"email": "Agent@CD39.demo", "full_name": "Agent Neuf", "organisation_id": 1, "roles": ["coordinator"],
               "password": "court"}
    weak = client.post("/api/v1/users", json=payload, headers=principals["admin"])
    assert weak.status_code == 422 and weak.json()["fields"][0]["field"] == "password"
    assert "12 caractères" in weak.json()["fields"][0]["message"]
    created = client.post("/api/v1/users", json={**payload, "password": "Assez-long-2026"}, headers=principals["admin"])
    assert created.status_code == 201 and created.json()["email"] == "agent@cd39.demo"
    again = client.post("/api/v1/users", json={**payload, "password": "Assez-long-2026"}, headers=principals["admin"])
    assert again.status_code == 422 and again.json()["fields"][0]["field"] == "email"
    advisors = client.get("/api/v1/users", params={"role": "advisor"}, headers=principals["coordinator"]).json()["items"]
    assert {u["full_name"] for u in advisors} == {"Lucas Bernard", "Inès Roux"}


def test_admin_cannot_lock_themselves_out(client: TestClient, principals: Principals, db: Session) -> None:
    admin = db.exec(select(User).where(User.email == "admin@binome.demo")).one()
    assert client.patch(f"/api/v1/users/{admin.id}", json={"is_active": False},
                        headers=principals["admin"]).status_code == 409
    assert client.patch(f"/api/v1/users/{admin.id}", json={"roles": ["manager"]},
                        headers=principals["admin"]).status_code == 409


def test_organisation_names_are_unique(client: TestClient, principals: Principals) -> None:
    response = client.post("/api/v1/organisations", json={"name": "Ajena", "kind": "energy_association"},
                           headers=principals["admin"])
    assert response.status_code == 422
    landlords = client.get("/api/v1/organisations", params={"kind": "social_landlord"}, headers=principals["admin"]).json()["items"]
    assert {o["name"] for o in landlords} == {"Jura Habitat", "OPH du Jura Sud"}
