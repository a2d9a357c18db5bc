"""Communes: the seeded Jura list, postal-code and name suggestions, the unit a household takes from its
commune, administrators correcting a commune's unit, and households outside every unit."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import AuditEvent, Household
from tests.helpers import Principals, household_payload


def communes(client: TestClient, headers: dict[str, str], **params: object) -> dict:
    response = client.get("/api/v1/communes", params={"limit": 100, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def units(client: TestClient, principals: Principals) -> dict[str, dict]:
    return {u["name"]: u for u in client.get("/api/v1/territorial-units", headers=principals["admin"]).json()["items"]}


def test_the_seeded_table_holds_the_jura_communes(client: TestClient, principals: Principals) -> None:
    headers = principals["coordinator"]
    assert 490 <= communes(client, headers, limit=1)["total"] <= 520
    expected = {"39198": ("Dole", "39100", "Dole"), "39300": ("Lons-le-Saunier", "39000", "Lons-le-Saunier"),
                "39478": ("Saint-Claude", "39200", "Saint-Claude"), "39097": ("Champagnole", "39300", "Champagnole")}
    for insee, (name, postcode, unit) in expected.items():
        found = {c["insee_code"]: c for c in communes(client, headers, postcode=postcode)["items"]}
        assert found[insee]["name"] == name and postcode in found[insee]["postcodes"]
        assert found[insee]["unit"]["name"] == unit
    # Every seeded commune is in the Jura, and the seed gave each one of the four units.
    every = [c for offset in range(0, 600, 100) for c in communes(client, headers, offset=offset)["items"]]
    assert all(c["insee_code"].startswith("39") for c in every)
    assert {c["unit"]["name"] for c in every} == {"Dole", "Champagnole", "Lons-le-Saunier", "Saint-Claude"}


def test_a_shared_postal_code_suggests_several_communes(client: TestClient, principals: Principals) -> None:
    page = communes(client, principals["referrer"], postcode="39300")
    names = {c["name"] for c in page["items"]}
    assert page["total"] >= 10 and {"Champagnole", "Ardon", "Chapois"} <= names
    assert all("39300" in c["postcodes"] for c in page["items"])
    # The first digits are enough while typing, and a commune is found by any of its postal codes.
    assert "Saint-Claude" in {c["name"] for c in communes(client, principals["referrer"], postcode="3920")["items"]}
    arlay = communes(client, principals["referrer"], postcode="39210", q="arlay")["items"]
    assert [(c["name"], c["postcodes"]) for c in arlay] == [("Arlay", ["39140", "39210"])]


def test_name_search_ignores_accents_case_and_hyphens(client: TestClient, principals: Principals) -> None:
    headers = principals["coordinator"]
    assert [c["insee_code"] for c in communes(client, headers, q="LONS LE")["items"]] == ["39300"]
    chatel = {c["name"] for c in communes(client, headers, q="chatel")["items"]}
    assert {"Châtel-de-Joux", "Châtelneuf"} <= chatel
    # The start of any word of the name: "claude" finds Saint-Claude and Avignon-lès-Saint-Claude.
    assert {"Saint-Claude", "Avignon-lès-Saint-Claude"} <= {c["name"] for c in communes(client, headers, q="claude")["items"]}
    assert communes(client, headers, q="%")["total"] == 0
    assert client.get("/api/v1/communes", params={"postcode": "39a"}, headers=headers).status_code == 422


def test_a_household_takes_its_unit_from_its_commune(client: TestClient, principals: Principals) -> None:
    headers = principals["coordinator"]
    created = client.post("/api/v1/households", json=household_payload(
        commune="Saint-Claude", postcode="39200", insee_code="39478"), headers=headers).json()
    assert created["unit"]["name"] == "Saint-Claude" and created["outside_units"] is False
    # Moving to another commune by its name and postal code alone: INSEE code and unit follow.
    moved = client.patch(f"/api/v1/households/{created['id']}", json={
        "version": created["version"], "commune": "Champagnole", "postcode": "39300"}, headers=headers).json()
    assert (moved["insee_code"], moved["unit"]["name"]) == ("39097", "Champagnole")
    # A commune name that designates no commune of the table: no unit, flagged.
    away = client.patch(f"/api/v1/households/{created['id']}", json={
        "version": moved["version"], "commune": "Oyonnax", "postcode": "01100"}, headers=headers).json()
    assert (away["insee_code"], away["unit"], away["outside_units"]) == (None, None, True)


def test_admin_moves_a_commune_to_another_unit(client: TestClient, principals: Principals, db: Session) -> None:
    saint_claude = units(client, principals)["Saint-Claude"]
    before = db.exec(select(Household).where(Household.insee_code == "39198")).first()
    assert before is not None  # a demo household lives in Dole
    unit_before = before.unit_id
    response = client.patch("/api/v1/communes/39198", json={"unit_id": saint_claude["id"]}, headers=principals["admin"])
    assert response.status_code == 200, response.text
    assert response.json()["unit"] == {"id": saint_claude["id"], "name": "Saint-Claude"}
    created = client.post("/api/v1/households", json=household_payload(), headers=principals["coordinator"]).json()
    assert (created["insee_code"], created["unit"]["name"]) == ("39198", "Saint-Claude")
    # Households already there keep their unit; the change is audited without free text.
    db.refresh(before)
    assert before.unit_id == unit_before
    event = db.exec(select(AuditEvent).where(AuditEvent.entity == "commune").order_by(AuditEvent.id.desc())).first()
    assert event is not None and '"insee_code":"39198"' in event.detail and '"unit_code":"saint-claude"' in event.detail


def test_admin_puts_a_commune_outside_every_unit(client: TestClient, principals: Principals) -> None:
    response = client.patch("/api/v1/communes/39478", json={"unit_id": None}, headers=principals["admin"])
    assert response.status_code == 200 and response.json()["unit"] is None
    outside = communes(client, principals["admin"], outside_units="true")["items"]
    assert [c["insee_code"] for c in outside] == ["39478"]
    created = client.post("/api/v1/households", json=household_payload(
        commune="Saint-Claude", postcode="39200", insee_code="39478"), headers=principals["coordinator"]).json()
    assert created["unit"] is None and created["outside_units"] is True


def test_only_an_admin_edits_a_commune(client: TestClient, principals: Principals) -> None:
    dole = units(client, principals)["Dole"]
    for who in ("coordinator", "manager", "advisor", "referrer"):
        response = client.patch("/api/v1/communes/39478", json={"unit_id": dole["id"]}, headers=principals[who])
        assert response.status_code == 403, who
    assert communes(client, principals["coordinator"], postcode="39200", q="saint claude")["items"][0]["unit"]["name"] \
        == "Saint-Claude"
    admin = principals["admin"]
    assert client.patch("/api/v1/communes/01283", json={"unit_id": dole["id"]}, headers=admin).status_code == 404
    unknown_unit = client.patch("/api/v1/communes/39478", json={"unit_id": 999999}, headers=admin)
    assert unknown_unit.status_code == 422 and "Unité territoriale inconnue" in unknown_unit.text
    assert client.patch("/api/v1/communes/39478", json={"unit_code": "DOLE"}, headers=admin).status_code == 422


def test_a_referral_outside_every_unit_is_flagged_in_the_inbox(client: TestClient, principals: Principals) -> None:
    def refer(commune: str, postcode: str, insee_code: str | None = None) -> int:
        household = {"first_name": "Rose", "last_name": "Horsjura", "commune": commune, "postcode": postcode}
        if insee_code:
            household["insee_code"] = insee_code
        response = client.post("/api/v1/referrals", json={
            "household": household, "reasons": ["bill_payment_difficulty"], "contact_consent": True,
        }, headers=principals["referrer"])
        assert response.status_code == 201, response.text
        return response.json()["id"]

    outside = refer("Oyonnax", "01100", "01283")
    inside = refer("Dole", "39100")  # no INSEE code: the name and postal code designate one commune
    inbox = client.get("/api/v1/referrals", params={"limit": 100}, headers=principals["coordinator"]).json()
    by_id = {r["id"]: r for r in inbox["items"]}
    assert (by_id[outside]["unit"], by_id[outside]["outside_units"]) == (None, True)
    assert (by_id[inside]["unit"]["name"], by_id[inside]["outside_units"]) == ("Dole", False)
    household = client.get(f"/api/v1/households/{by_id[inside]['household_id']}", headers=principals["coordinator"]).json()
    assert household["insee_code"] == "39198"
