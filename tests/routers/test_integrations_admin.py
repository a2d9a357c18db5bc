"""The administration of integrations (issue 16): integration tokens, webhook subscriptions, reference
values and the two catalogues, each list in the page envelope."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select

from api.models import IntegrationToken, Organisation, ReferenceValue, WebhookDelivery, WebhookSubscription
from tests.helpers import Principals

ENVELOPE = {"items", "total", "next"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _counter(engine) -> Callable[[Callable[[], object]], int]:  # noqa: ANN001
    def count(call: Callable[[], object]) -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            call()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)
    return count


def _org(db: Session, name: str) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.name == name)).one()


# --- integration tokens ---------------------------------------------------------------------------

def test_tokens_are_listed_in_pages_newest_first(client: TestClient, principals: Principals,
                                                 engine) -> None:  # noqa: ANN001
    admin = principals["admin"]
    before = client.get("/api/v1/integration-tokens", headers=admin).json()
    assert set(before) == ENVELOPE
    ids = [client.post("/api/v1/integration-tokens", headers=admin,
                       json={"name": f"Script {i}", "kind": "reporting"}).json()["id"] for i in range(3)]
    first = client.get("/api/v1/integration-tokens", params={"limit": 2}, headers=admin).json()
    assert first["total"] == before["total"] + 3 and first["next"] == 2
    assert [t["id"] for t in first["items"]] == [ids[2], ids[1]]
    rest = client.get("/api/v1/integration-tokens", params={"limit": 2, "offset": 2}, headers=admin).json()
    assert rest["items"][0]["id"] == ids[0]
    assert client.get("/api/v1/integration-tokens", params={"limit": 101}, headers=admin).status_code == 422
    # Bounded queries: the same number of statements for more tokens.
    count = _counter(engine)
    small = count(lambda: client.get("/api/v1/integration-tokens", headers=admin))
    for i in range(4):
        client.post("/api/v1/integration-tokens", headers=admin, json={"name": f"Autre {i}", "kind": "reporting"})
    assert count(lambda: client.get("/api/v1/integration-tokens", headers=admin)) == small


def test_token_kinds_say_which_scopes_and_organisations_each_kind_may_have(client: TestClient,
                                                                          principals: Principals) -> None:
    page = client.get("/api/v1/integration-token-kinds", headers=principals["admin"]).json()
    assert page["total"] == 2 and page["next"] is None
    kinds = {k["kind"]: k for k in page["items"]}
    landlord, reporting = kinds["landlord"], kinds["reporting"]
    assert [s["scope"] for s in landlord["scopes"]] == ["landlord:read", "landlord:write"]
    assert landlord["scopes"][0]["description"].startswith("Bailleur")
    assert landlord["organisation_required"] is True
    assert set(landlord["organisation_kinds"]) == {"social_landlord", "private_landlord"}
    assert [s["scope"] for s in reporting["scopes"]] == ["reporting:read"]
    assert reporting["organisation_required"] is False


def test_a_scope_the_kind_does_not_allow_is_refused_in_french(client: TestClient, principals: Principals,
                                                            db: Session) -> None:
    jura = _org(db, "Jura Habitat")
    refused = client.post("/api/v1/integration-tokens", headers=principals["admin"], json={
        "name": "Bailleur", "kind": "landlord", "organisation_id": jura.id, "scopes": ["landlord:read", "reporting:read"]})
    assert refused.status_code == 422
    field = refused.json()["fields"][0]
    assert field["field"] == "scopes" and "non autorisée" in field["message"] and "reporting:read" in field["message"]
    empty = client.post("/api/v1/integration-tokens", headers=principals["admin"], json={
        "name": "Bailleur", "kind": "landlord", "organisation_id": jura.id, "scopes": []})
    assert empty.status_code == 422 and "au moins une portée" in empty.json()["fields"][0]["message"]
    narrow = client.post("/api/v1/integration-tokens", headers=principals["admin"], json={
        "name": "Bailleur lecture", "kind": "landlord", "organisation_id": jura.id, "scopes": ["landlord:read"]})
    assert narrow.status_code == 201 and narrow.json()["scopes"] == ["landlord:read"]


def test_a_token_s_last_use_is_recorded_and_a_revoked_token_gets_401(client: TestClient, principals: Principals,
                                                                    db: Session) -> None:
    jura = _org(db, "Jura Habitat")
    created = client.post("/api/v1/integration-tokens", headers=principals["admin"], json={
        "name": "Logiciel Jura Habitat", "kind": "landlord", "organisation_id": jura.id, "expires_in_days": 30})
    assert created.status_code == 201 and created.json()["last_used_at"] is None
    secret, token_id = created.json()["token"], created.json()["id"]
    assert client.get("/api/v1/landlord/dwellings", headers=bearer(secret)).status_code == 200
    listed = client.get("/api/v1/integration-tokens", headers=principals["admin"]).json()["items"]
    mine = next(t for t in listed if t["id"] == token_id)
    used = datetime.fromisoformat(mine["last_used_at"])
    assert abs((datetime.now(UTC) - used).total_seconds()) < 60
    assert "token" not in mine
    assert client.post(f"/api/v1/integration-tokens/{token_id}/revoke", headers=principals["admin"]).status_code == 200
    refused = client.get("/api/v1/landlord/dwellings", headers=bearer(secret))
    assert refused.status_code == 401 and "révoqué" in refused.json()["detail"]
    assert client.post("/api/v1/integration-tokens/99999/revoke", headers=principals["admin"]).status_code == 404
    assert db.get(IntegrationToken, token_id) is not None


# --- webhook subscriptions --------------------------------------------------------------------------

def _subscription(db: Session, *, active: bool = True) -> WebhookSubscription:
    row = WebhookSubscription(organisation_id=_org(db, "Jura Habitat").id, url="https://si.jura-habitat.example/hook",
                              secret_encrypted="x", created_by_id=1, active=active)
    db.add(row)
    db.commit()
    return row


def test_subscriptions_are_listed_in_pages(client: TestClient, principals: Principals, db: Session) -> None:
    rows = [_subscription(db), _subscription(db, active=False)]
    page = client.get("/api/v1/webhook-subscriptions", params={"limit": 1}, headers=principals["admin"]).json()
    assert set(page) == ENVELOPE and page["total"] == 2 and page["next"] == 1
    assert page["items"][0]["id"] == rows[0].id and page["items"][0]["organisation"]["name"] == "Jura Habitat"
    assert "secret" not in page["items"][0]


def test_a_test_event_is_queued_for_that_subscription_only_and_shows_in_its_log(
        client: TestClient, principals: Principals, db: Session) -> None:
    target, other = _subscription(db), _subscription(db)
    sent = client.post(f"/api/v1/webhook-subscriptions/{target.id}/test", headers=principals["admin"])
    assert sent.status_code == 202, sent.text
    assert sent.json()["type"] == "webhook.test" and sent.json()["subscriptions"] == 1
    queued = db.exec(select(WebhookDelivery)).all()
    assert [(d.subscription_id, d.event, d.status, d.event_id) for d in queued] == [
        (target.id, "webhook.test", "pending", sent.json()["event_id"])]
    assert queued[0].payload["type"] == "webhook.test" and "organisation_id" in queued[0].payload["data"]
    log = client.get("/api/v1/webhook-subscriptions/deliveries", params={"subscription_id": target.id},
                     headers=principals["admin"]).json()
    assert log["total"] == 1 and log["items"][0]["event"] == "webhook.test" and log["items"][0]["attempts"] == 0
    empty = client.get("/api/v1/webhook-subscriptions/deliveries", params={"subscription_id": other.id},
                       headers=principals["admin"]).json()
    assert empty == {"items": [], "total": 0, "next": None}


def test_the_delivery_log_counts_every_delivery_and_pages(client: TestClient, principals: Principals,
                                                         db: Session) -> None:
    target = _subscription(db)
    for _ in range(3):
        assert client.post(f"/api/v1/webhook-subscriptions/{target.id}/test",
                           headers=principals["admin"]).status_code == 202
    page = client.get("/api/v1/webhook-subscriptions/deliveries", params={"subscription_id": target.id, "limit": 2},
                      headers=principals["admin"]).json()
    assert (page["total"], page["next"], len(page["items"])) == (3, 2, 2)
    last = client.get("/api/v1/webhook-subscriptions/deliveries",
                      params={"subscription_id": target.id, "limit": 2, "offset": 2}, headers=principals["admin"]).json()
    assert (last["total"], last["next"], len(last["items"])) == (3, None, 1)


def test_no_test_event_for_a_deactivated_or_unknown_subscription(client: TestClient, principals: Principals,
                                                                db: Session) -> None:
    retired = _subscription(db, active=False)
    refused = client.post(f"/api/v1/webhook-subscriptions/{retired.id}/test", headers=principals["admin"])
    assert refused.status_code == 409 and "désactivé" in refused.json()["detail"]
    missing = client.post("/api/v1/webhook-subscriptions/99999/test", headers=principals["admin"])
    assert missing.status_code == 404 and missing.json()["detail"] == "Abonnement introuvable."
    assert client.post(f"/api/v1/webhook-subscriptions/{retired.id}/test",
                       headers=principals["landlord_a"]).status_code == 403
    assert db.exec(select(WebhookDelivery)).all() == []


# --- reference values ------------------------------------------------------------------------------

def test_reference_values_page_filter_by_key_and_show_what_is_in_force(client: TestClient,
                                                                      principals: Principals) -> None:
    admin = principals["admin"]
    future = (date.today() + timedelta(days=400)).isoformat()
    for valid_from, value in (("2026-01-01", "0.11"), (future, "0.12")):
        assert client.post("/api/v1/reference-values", headers=admin, json={
            "table_name": "threshold", "key": "tee_slime", "value": value, "unit": "ratio",
            "valid_from": valid_from, "source": "Comité de pilotage"}).status_code == 201
    history = client.get("/api/v1/reference-values", headers=admin,
                         params={"table_name": "threshold", "key": "tee_slime"}).json()
    assert set(history) == ENVELOPE and history["total"] == 3
    assert [(r["value"], r["in_force"]) for r in history["items"]] == [
        ("0.100000", False), ("0.110000", True), ("0.120000", False)]
    current = client.get("/api/v1/reference-values", headers=admin,
                         params={"table_name": "threshold", "in_force_only": True}).json()
    keys = [r["key"] for r in current["items"]]
    assert len(keys) == len(set(keys)) == current["total"] and "tee_slime" in keys
    assert all(r["in_force"] for r in current["items"])
    assert next(r for r in current["items"] if r["key"] == "tee_slime")["value"] == "0.110000"
    paged = client.get("/api/v1/reference-values", headers=admin, params={"limit": 5}).json()
    assert len(paged["items"]) == 5 and paged["next"] == 5 and paged["total"] > 5


def test_a_value_dated_like_an_existing_one_is_a_conflict_not_an_overwrite(client: TestClient,
                                                                          principals: Principals, db: Session) -> None:
    body = {"table_name": "threshold", "key": "tee_slime", "value": "0.5", "unit": "ratio",
            "valid_from": "2026-03-01", "source": "Essai"}
    assert client.post("/api/v1/reference-values", headers=principals["admin"], json=body).status_code == 201
    again = client.post("/api/v1/reference-values", headers=principals["admin"], json={**body, "value": "0.6"})
    assert again.status_code == 409
    assert "01/03/2026" in again.json()["detail"] and "ne se remplace pas" in again.json()["detail"]
    kept = db.exec(select(ReferenceValue).where(ReferenceValue.key == "tee_slime",
                                                ReferenceValue.valid_from == date(2026, 3, 1))).one()
    assert str(kept.value.normalize()) == "0.5"
    no_source = client.post("/api/v1/reference-values", headers=principals["admin"],
                            json={**body, "valid_from": "2026-04-01", "source": ""})
    assert no_source.status_code == 422 and no_source.json()["fields"][0]["field"] == "source"


def test_reference_tables_count_keys_and_values_to_fill(client: TestClient, principals: Principals,
                                                       db: Session) -> None:
    page = client.get("/api/v1/reference-tables", params={"limit": 100}, headers=principals["advisor"]).json()
    tables = {t["name"]: t for t in page["items"]}
    assert page["total"] == len(tables) and "threshold" in tables
    keys = set(db.exec(select(ReferenceValue.key).where(ReferenceValue.table_name == "threshold")).all())
    assert tables["threshold"]["keys"] == len(keys)
    # wood_moisture_factor ships with "semi_dry" and "green" « à renseigner ».
    assert tables["wood_moisture_factor"]["to_fill"] == 2
    filled = client.post("/api/v1/reference-values", headers=principals["admin"], json={
        "table_name": "wood_moisture_factor", "key": "green", "value": "0.6", "unit": "coefficient",
        "valid_from": date.today().isoformat(), "source": "Mesure Ajena"})
    assert filled.status_code == 201
    again = client.get("/api/v1/reference-tables", params={"limit": 100}, headers=principals["admin"]).json()
    assert {t["name"]: t["to_fill"] for t in again["items"]}["wood_moisture_factor"] == 1


# --- the catalogues ---------------------------------------------------------------------------------

def test_equipment_catalogue_is_paged(client: TestClient, principals: Principals) -> None:
    page = client.get("/api/v1/equipment-catalogue", params={"limit": 3}, headers=principals["advisor"]).json()
    assert set(page) == ENVELOPE and len(page["items"]) == 3 and page["next"] == 3 and page["total"] >= 7
    names = [e["name"] for e in page["items"]]
    assert names == sorted(names)
    missing = client.put("/api/v1/equipment-catalogue/99999", headers=principals["admin"], json={
        "code": "nothing", "name": "Rien", "unit_cost_eur": "1.00", "yearly_saving_kwh": "0"})
    assert missing.status_code == 404


def test_orientation_types_are_paged_and_filtered_by_active(client: TestClient, principals: Principals) -> None:
    admin = principals["admin"]
    everything = client.get("/api/v1/orientation-types", params={"limit": 100}, headers=principals["coordinator"]).json()
    assert set(everything) == ENVELOPE and everything["next"] is None
    positions = [t["position"] for t in everything["items"]]
    assert positions == sorted(positions)
    retired = client.put("/api/v1/orientation-types/other", headers=admin, json={"label": "Autre", "active": False})
    assert retired.status_code == 200
    active = client.get("/api/v1/orientation-types", params={"active": True, "limit": 100}, headers=admin).json()
    inactive = client.get("/api/v1/orientation-types", params={"active": False}, headers=admin).json()
    assert "other" not in [t["code"] for t in active["items"]]
    assert [t["code"] for t in inactive["items"]] == ["other"]
    assert active["total"] + inactive["total"] == everything["total"]
    missing = client.put("/api/v1/orientation-types/nothing_here", headers=admin, json={"label": "Rien"})
    assert missing.status_code == 404
