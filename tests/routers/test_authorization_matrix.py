"""Every API route × every principal, with the status each must get.

Built from the app's route list: a route that is neither public nor in MATRIX fails the suite,
so a new endpoint cannot ship without deciding who may call it. The household used is one the
advisor is not assigned to and the referrer did not refer: for them it must be out of reach.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.main import create_app
from api.models import AdvisorAssignment, Campaign, Consent, ConsentPurpose, Household, User
from api.settings import Environment, Settings
from tests.helpers import PRINCIPALS, Principals, household_payload

PUBLIC = {("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/refresh"), ("POST", "/api/v1/auth/logout"),
          ("GET", "/api/v1/healthz")}

EVERYONE = {p: 200 for p in PRINCIPALS if p != "anonymous"}
STAFF = ("coordinator", "advisor", "manager", "admin")


def only(allowed: dict[str, int]) -> dict[str, int]:
    """Anonymous gets 401, the listed principals their status, every other principal 403."""
    return {p: 401 if p == "anonymous" else allowed.get(p, 403) for p in PRINCIPALS}


MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/api/v1/auth/me"): {"anonymous": 401, **EVERYONE},
    ("GET", "/api/v1/households"): only({p: 200 for p in (*STAFF, "referrer")}),
    ("POST", "/api/v1/households"): only({"coordinator": 201, "admin": 201}),
    ("GET", "/api/v1/households/{household_id}"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                        "advisor": 404}),
    ("PATCH", "/api/v1/households/{household_id}"): only({"coordinator": 200, "admin": 200}),
    ("POST", "/api/v1/households/{household_id}/consents"): only({"coordinator": 201, "admin": 201}),
    ("POST", "/api/v1/households/{household_id}/consents/{consent_id}/revoke"): only({"coordinator": 200, "admin": 200}),
    ("PUT", "/api/v1/households/{household_id}/advisors/{user_id}"): only({"coordinator": 200, "admin": 200}),
    ("DELETE", "/api/v1/households/{household_id}/advisors/{user_id}"): only({"coordinator": 200, "admin": 200}),
    ("GET", "/api/v1/organisations"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/organisations"): only({"admin": 201}),
    ("GET", "/api/v1/territorial-units"): only({p: 200 for p in STAFF}),
    ("PATCH", "/api/v1/territorial-units/{unit_id}"): only({"admin": 200}),
    ("GET", "/api/v1/campaigns"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/campaigns"): only({"admin": 201}),
    ("PATCH", "/api/v1/campaigns/{campaign_id}"): only({"admin": 200}),
    ("GET", "/api/v1/users"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/users"): only({"admin": 201}),
    ("PATCH", "/api/v1/users/{user_id}"): only({"admin": 200}),
    ("GET", "/api/v1/integration-tokens"): only({"admin": 200}),
    ("POST", "/api/v1/integration-tokens"): only({"admin": 201}),
    ("POST", "/api/v1/integration-tokens/{token_id}/revoke"): only({"admin": 200}),
    ("GET", "/api/v1/audit-events"): only({"manager": 200, "admin": 200}),
}


def api_routes() -> set[tuple[str, str]]:
    """Every operation the app exposes, read from its OpenAPI document (the public contract)."""
    app = create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://"))
    return {(method.upper(), path) for path, operations in app.openapi()["paths"].items() for method in operations}


def test_every_route_is_public_or_in_the_matrix() -> None:
    routes = api_routes()
    missing = routes - PUBLIC - set(MATRIX)
    assert not missing, f"routes without an authorization decision: {sorted(missing)}"
    stale = set(MATRIX) - routes
    assert not stale, f"matrix entries for routes that no longer exist: {sorted(stale)}"


def test_matrix_covers_every_principal() -> None:
    for key, expected in MATRIX.items():
        assert set(expected) == set(PRINCIPALS), key


@dataclass
class Target:
    path_params: dict[str, int]
    bodies: dict[tuple[str, str], Any]


@pytest.fixture
def target(db: Session) -> Target:
    """A household out of the advisor's and the referrer's reach, with what the routes need."""
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    other_advisor = db.exec(select(User).where(User.email == "conseillere2@ajena.demo")).one()
    referrer = db.exec(select(User).where(User.email == "referente@ccas-dole.demo")).one()
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    assigned = select(AdvisorAssignment.household_id).where(AdvisorAssignment.user_id == advisor.id)
    household = db.exec(select(Household).where(
        Household.id.not_in(assigned), (Household.referred_by_id != referrer.id) | Household.referred_by_id.is_(None)
    )).first()
    assert household is not None
    db.add(AdvisorAssignment(household_id=household.id, user_id=other_advisor.id, assigned_by_id=coordinator.id))
    consent = Consent(household_id=household.id, purpose=ConsentPurpose.share_with_prescriber,
                      given_at=household.created_at, recorded_by_id=coordinator.id)
    db.add(consent)
    db.commit()
    campaign = db.exec(select(Campaign)).first()
    return Target(
        path_params={
            "household_id": household.id, "consent_id": consent.id, "unit_id": 1, "campaign_id": campaign.id,
            "token_id": 1, "user_id": other_advisor.id,
        },
        bodies={
            ("POST", "/api/v1/households"): household_payload(),
            ("PATCH", "/api/v1/households/{household_id}"): {"version": household.version, "phone": "0600000000"},
            ("POST", "/api/v1/households/{household_id}/consents"): {"purpose": "share_with_landlord"},
            ("POST", "/api/v1/organisations"): {"name": "CCAS de Champagnole", "kind": "ccas"},
            ("PATCH", "/api/v1/territorial-units/{unit_id}"): {"households_count": 34000},
            ("POST", "/api/v1/campaigns"): {"year": 2031, "unit_ids": [1, 2]},
            ("PATCH", "/api/v1/campaigns/{campaign_id}"): {"budget_eur": "120000.00"},
            ("POST", "/api/v1/users"): {"email": "nouveau@cd39.demo", "full_name": "Nouvel Agent",
                                        "organisation_id": 1, "roles": ["coordinator"], "password": "Un-mot-de-passe-42"},
            ("PATCH", "/api/v1/users/{user_id}"): {"full_name": "Inès Roux-Martin"},
            ("POST", "/api/v1/integration-tokens"): {"name": "Script bilan", "kind": "reporting"},
        },
    )


CASES = [(method, path, principal, status)
         for (method, path), expected in sorted(MATRIX.items()) for principal, status in expected.items()]


@pytest.mark.parametrize(("method", "path", "principal", "status"), CASES,
                         ids=[f"{m} {p} as {who}" for m, p, who, _ in CASES])
def test_authorization(client: TestClient, principals: Principals, target: Target,
                       method: str, path: str, principal: str, status: int) -> None:
    url = path.format(**{k: v for k, v in target.path_params.items() if "{" + k + "}" in path})
    body = target.bodies.get((method, path))
    response = client.request(method, url, json=body, headers=principals[principal])
    assert response.status_code == status, f"{method} {url} as {principal}: {response.status_code} {response.text[:300]}"
    if status == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    if status >= 400:
        assert set(response.json()) >= {"error", "detail"}
