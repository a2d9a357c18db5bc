"""Households over HTTP: create, read, search, update, consents, assignments and their audit."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.models import AuditEvent, Consent, Household, HouseholdMember, Referral, User
from tests.helpers import Principals, count, household_payload


def create(client: TestClient, principals: Principals, **overrides) -> dict:  # noqa: ANN003
    response = client.post("/api/v1/households", json=household_payload(**overrides), headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()


def test_create_household_with_members_and_dwelling(client: TestClient, principals: Principals, db: Session) -> None:
    body = create(client, principals)
    assert body["display_name"] == "TESTARD Élodie"
    assert [m["first_name"] for m in body["members"]] == ["Élodie", "Noé"]
    # 1980 and 2018: one adult and one child under 14 -> 1 + 0.3
    assert Decimal(body["consumption_units"]) == Decimal("1.3")
    assert body["dwelling"]["surface_m2"] == "80.5"
    assert body["version"] == 1
    stored = db.get(Household, body["id"])
    assert stored is not None and stored.search_name == "testard elodie"
    assert count(db, HouseholdMember) >= 2


def test_search_ignores_case_and_accents(client: TestClient, principals: Principals) -> None:
    created = create(client, principals, last_name="Légère-Über")
    for q in ("legere", "LÉGÈRE", "uber elodie", "LEGERE-UB"):
        page = client.get("/api/v1/households", params={"q": q}, headers=principals["coordinator"]).json()
        assert [i["id"] for i in page["items"]] == [created["id"]], q
    page = client.get("/api/v1/households", params={"q": "legere zzz"}, headers=principals["coordinator"]).json()
    assert page["items"] == []


def test_search_treats_wildcards_literally(client: TestClient, principals: Principals) -> None:
    page = client.get("/api/v1/households", params={"q": "%"}, headers=principals["coordinator"]).json()
    assert page["total"] == 0


def test_filters_by_unit_status_and_commune(client: TestClient, principals: Principals) -> None:
    units = client.get("/api/v1/territorial-units", headers=principals["coordinator"]).json()["items"]
    dole = next(u for u in units if u["name"] == "Dole")
    created = create(client, principals, commune="Authume", insee_code="39030", last_name="Filtrable")
    headers = principals["coordinator"]
    by_unit = client.get("/api/v1/households", params={"unit_id": dole["id"], "limit": 100}, headers=headers).json()
    assert created["id"] in [i["id"] for i in by_unit["items"]]
    assert all(i["unit"]["id"] == dole["id"] for i in by_unit["items"])
    by_commune = client.get("/api/v1/households", params={"commune": "authume"}, headers=headers).json()
    assert [i["id"] for i in by_commune["items"]] == [created["id"]]
    closed = client.get("/api/v1/households", params={"status": "closed"}, headers=headers).json()
    assert created["id"] not in [i["id"] for i in closed["items"]]


def test_pagination_envelope(client: TestClient, principals: Principals) -> None:
    headers = principals["coordinator"]
    first = client.get("/api/v1/households", params={"limit": 5}, headers=headers).json()
    assert len(first["items"]) == 5 and first["total"] >= 12 and first["next"] == 5
    second = client.get("/api/v1/households", params={"limit": 5, "offset": 5}, headers=headers).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    last = client.get("/api/v1/households", params={"limit": 5, "offset": first["total"] - 1}, headers=headers).json()
    assert len(last["items"]) == 1 and last["next"] is None


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": 10**20},
                                    {"unit_id": "abc"}, {"status": "lost"}])
def test_list_rejects_out_of_range_parameters(client: TestClient, principals: Principals, params: dict) -> None:
    response = client.get("/api/v1/households", params=params, headers=principals["coordinator"])
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"


def test_update_with_version_and_stale_version(client: TestClient, principals: Principals, db: Session) -> None:
    created = create(client, principals)
    url = f"/api/v1/households/{created['id']}"
    headers = principals["coordinator"]
    members = [{"first_name": "Élodie", "birth_year": 1980, "relation": "applicant"},
               {"first_name": "Marc", "birth_year": 1978, "relation": "spouse"},
               {"first_name": "Noé", "birth_year": 2018, "relation": "child"}]
    ok = client.patch(url, json={"version": 1, "phone": "03 84 00 00 00", "members": members}, headers=headers)
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 2
    assert ok.json()["phone"] == "03 84 00 00 00"
    assert Decimal(ok.json()["consumption_units"]) == Decimal("1.8")  # 1 + 0.5 + 0.3
    stale = client.patch(url, json={"version": 1, "phone": "06 00 00 00 00"}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["error"] == "stale_version"
    assert "modifié entre-temps" in stale.json()["detail"]
    db.expire_all()
    assert db.get(Household, created["id"]).phone == "03 84 00 00 00"


def test_update_cannot_blank_a_required_field(client: TestClient, principals: Principals) -> None:
    created = create(client, principals)
    response = client.patch(f"/api/v1/households/{created['id']}", json={"version": 1, "commune": None},
                            headers=principals["coordinator"])
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "commune"
    again = client.get(f"/api/v1/households/{created['id']}", headers=principals["coordinator"]).json()
    assert again["version"] == 1 and again["commune"] == "Dole"


BAD_INPUTS = [
    ({"first_name": ""}, "first_name"),
    ({"last_name": "x" * 101}, "last_name"),
    ({"tenure": "squatter"}, "tenure"),
    ({"members": []}, "members"),
    ({"members": [{"first_name": "A", "birth_year": 2999, "relation": "applicant"}]}, "members.0.birth_year"),
    ({"members": [{"first_name": "A", "birth_year": 1980, "relation": "cousin"}]}, "members.0.relation"),
    ({"postcode": "391"}, "postcode"),
    ({"phone": "call me"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"unit_id": 999999}, "unit_id"),  # the unit comes from the commune, never from the form
    ({"landlord_id": 1}, "landlord_id"),  # the département is not a landlord
    ({"dwelling": {"dwelling_type": "castle", "altitude_class": "below_400", "main_heating_energy": "electricity"}},
     "dwelling.dwelling_type"),
    ({"dwelling": {"dwelling_type": "house", "surface_m2": "-3", "altitude_class": "below_400",
                   "main_heating_energy": "electricity"}}, "dwelling.surface_m2"),
    ({"unexpected": "field"}, "unexpected"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_is_written(
    client: TestClient, principals: Principals, db: Session, overrides: dict, field: str
) -> None:
    before = (count(db, Household), count(db, HouseholdMember), count(db, AuditEvent))
    response = client.post("/api/v1/households", json=household_payload(**overrides), headers=principals["coordinator"])
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_error"
    assert field in [f["field"] for f in body["fields"]]
    assert all(f["message"] for f in body["fields"])
    assert (count(db, Household), count(db, HouseholdMember), count(db, AuditEvent)) == before


def test_malformed_json_is_a_422(client: TestClient, principals: Principals) -> None:
    response = client.post("/api/v1/households", content=b"{not json", headers={
        **principals["coordinator"], "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"


def test_reads_and_writes_are_audited(client: TestClient, principals: Principals, db: Session) -> None:
    created = create(client, principals)
    hid = created["id"]
    client.get(f"/api/v1/households/{hid}", headers=principals["manager"])
    client.patch(f"/api/v1/households/{hid}", json={"version": 1, "phone": "0611111111"}, headers=principals["coordinator"])
    events = db.exec(select(AuditEvent).where(AuditEvent.household_id == hid).order_by(col(AuditEvent.id))).all()
    assert [e.action for e in events] == ["create", "read", "update"]
    manager = db.exec(select(User).where(User.email == "cheffe@cd39.demo")).one()
    assert events[1].actor_user_id == manager.id and events[1].token_jti
    assert "phone" in events[2].detail
    listed = client.get("/api/v1/audit-events", params={"household_id": hid}, headers=principals["manager"]).json()
    assert [e["action"] for e in listed["items"]] == ["update", "read", "create"]
    assert listed["items"][1]["actor"]["full_name"] == "Sophie Durand"


def test_consents_given_revoked_and_not_duplicated(client: TestClient, principals: Principals, db: Session) -> None:
    created = create(client, principals)
    base = f"/api/v1/households/{created['id']}/consents"
    headers = principals["coordinator"]
    given = client.post(base, json={"purpose": "share_with_landlord", "note": "Signé lors de la visite"}, headers=headers)
    assert given.status_code == 201 and given.json()["is_current"] is True
    assert given.json()["recorded_by"]["full_name"] == "Claire Martin"
    duplicate = client.post(base, json={"purpose": "share_with_landlord"}, headers=headers)
    assert duplicate.status_code == 409
    revoked = client.post(f"{base}/{given.json()['id']}/revoke", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["is_current"] is False and revoked.json()["revoked_at"]
    assert client.post(f"{base}/{given.json()['id']}/revoke", headers=headers).status_code == 409
    assert client.post(f"{base}/999999/revoke", headers=headers).status_code == 404
    again = client.post(base, json={"purpose": "share_with_landlord"}, headers=headers)
    assert again.status_code == 201
    rows = db.exec(select(Consent).where(Consent.household_id == created["id"])).all()
    assert sorted(r.revoked_at is None for r in rows) == [False, True]


def test_advisor_sees_a_household_only_while_assigned(client: TestClient, principals: Principals, db: Session) -> None:
    created = create(client, principals)
    url = f"/api/v1/households/{created['id']}"
    assert client.get(url, headers=principals["advisor"]).status_code == 404
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    assigned = client.put(f"{url}/advisors/{advisor.id}", headers=principals["coordinator"])
    assert assigned.status_code == 200 and [a["full_name"] for a in assigned.json()["advisors"]] == ["Lucas Bernard"]
    assert client.get(url, headers=principals["advisor"]).status_code == 200
    listed = client.get("/api/v1/households", params={"q": "testard"}, headers=principals["advisor"]).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]
    assert client.delete(f"{url}/advisors/{advisor.id}", headers=principals["coordinator"]).status_code == 200
    assert client.get(url, headers=principals["advisor"]).status_code == 404


def test_only_an_advisor_can_be_assigned(client: TestClient, principals: Principals, db: Session) -> None:
    created = create(client, principals)
    manager = db.exec(select(User).where(User.email == "cheffe@cd39.demo")).one()
    response = client.put(f"/api/v1/households/{created['id']}/advisors/{manager.id}", headers=principals["coordinator"])
    assert response.status_code == 422


def test_referrer_reaches_no_household_record(client: TestClient, principals: Principals, db: Session) -> None:
    """Alert givers follow their referrals (/referrals/mine); the household file is not theirs to read."""
    referrer = db.exec(select(User).where(User.email == "referente@ccas-dole.demo")).one()
    referred = db.exec(select(Referral.household_id).where(Referral.referrer_user_id == referrer.id)).first()
    assert referred is not None
    assert client.get("/api/v1/households", headers=principals["referrer"]).status_code == 403
    assert client.get(f"/api/v1/households/{referred}", headers=principals["referrer"]).status_code == 403


def test_every_household_of_the_departement_is_visible_to_managers(client: TestClient, principals: Principals, db: Session) -> None:
    total = count(db, Household)
    page = client.get("/api/v1/households", params={"limit": 100}, headers=principals["manager"]).json()
    assert page["total"] == total
