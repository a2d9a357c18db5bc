"""Polling that scales and stability (issue 17, points 3 and 4): ETag / If-None-Match → 304 on the landlord
dwellings and the annual report, a change always giving a new tag; per-token rate limits (429 +
Retry-After), configurable per token, for integration tokens only; the landlord's webhook test event
through the outbox; the Deprecation/Sunset mechanism."""

import secrets
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.conditional import matches
from api.deprecation import DeprecationHeaders, deprecated
from api.models import IntegrationKind, IntegrationToken, Organisation, User, WebhookDelivery, WebhookSubscription
from api.models import Consent, ConsentPurpose, Household
from api.security import INTEGRATION_TOKEN_PREFIX, token_digest
from tests.conftest import KEYS
from tests.helpers import Principals

YEAR = 2026
UPDATE = {"work_priority": 1, "status": "planned", "on": "2027-03-01", "comment": "Plan de travaux 2027"}


@pytest.fixture
def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


def poll(client: TestClient, url: str, headers: dict, tag: str | None = None, **params) -> tuple[int, str, bytes]:
    response = client.get(url, params=params, headers={**headers, **({"If-None-Match": tag} if tag else {})})
    return response.status_code, response.headers.get("ETag", ""), response.content


def test_if_none_match_rules() -> None:
    assert matches('"a"', '"a"') and matches('W/"a"', '"a"') and matches('"b", "a"', '"a"') and matches("*", '"a"')
    assert matches('"a"', 'W/"a"') and not matches('"b"', '"a"') and not matches(None, '"a"') and not matches("", '"a"')


@pytest.mark.parametrize("path", ["/api/v1/landlord/dwellings", "/api/v1/landlord/dwellings/{id}"])
def test_landlord_polls_get_304_until_something_changes(client: TestClient, principals: Principals,
                                                        jacquet: Household, path: str) -> None:
    url = path.format(id=jacquet.id)
    landlord = principals["landlord_a"]
    status, tag, body = poll(client, url, landlord)
    assert status == 200 and tag.startswith('"') and len(tag) > 10
    again = client.get(url, headers={**landlord, "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == "private, no-cache"
    assert poll(client, url, landlord, 'W/"other", ' + tag)[0] == 304
    assert poll(client, url, landlord, '"stale"')[0] == 200

    # A works update changes the dwelling (and the list's last_change_at): a new tag, never a 304.
    posted = client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates", json=UPDATE,
                         headers={**landlord, "Idempotency-Key": secrets.token_hex(8)})
    assert posted.status_code == 201
    status, new_tag, new_body = poll(client, url, landlord, tag)
    assert status == 200 and new_tag != tag and new_body != body


def test_a_withdrawn_consent_changes_the_list_tag(client: TestClient, principals: Principals, db: Session,
                                                  jacquet: Household) -> None:
    url, landlord = "/api/v1/landlord/dwellings", principals["landlord_a"]
    _, tag, _ = poll(client, url, landlord)
    consent = db.exec(select(Consent).where(Consent.household_id == jacquet.id,
                                            Consent.purpose == ConsentPurpose.share_with_landlord)).first()
    consent.revoked_at = datetime.now(UTC)
    db.add(consent)
    db.flush()
    status, new_tag, body = poll(client, url, landlord, tag)
    assert status == 200 and new_tag != tag and f'"household_id":{jacquet.id},' not in body.decode()


def test_changed_since_needs_a_zone_and_is_exclusive(client: TestClient, principals: Principals,
                                                     jacquet: Household) -> None:
    landlord, url = principals["landlord_a"], "/api/v1/landlord/dwellings"
    naive = client.get(url, params={"changed_since": "2026-11-01T00:00:00"}, headers=landlord)
    assert naive.status_code == 422
    item = next(i for i in client.get(url, headers=landlord).json()["items"] if i["household_id"] == jacquet.id)
    at = item["last_change_at"]
    after = client.get(url, params={"changed_since": at}, headers=landlord).json()["items"]
    assert jacquet.id not in {i["household_id"] for i in after}  # strictly after: the one seen is not repeated
    before = (datetime.fromisoformat(at) - timedelta(microseconds=1)).isoformat()
    assert jacquet.id in {i["household_id"] for i in client.get(url, params={"changed_since": before},
                                                                   headers=landlord).json()["items"]}


def test_the_annual_report_answers_304_while_its_figures_hold(client: TestClient, principals: Principals,
                                                              jacquet: Household) -> None:
    reporting = principals["reporting"]
    url = f"/api/v1/reporting/annual/{YEAR}"
    status, tag, body = poll(client, url, reporting)
    assert status == 200 and tag.startswith('W/"')  # weak: generated_at differs from one answer to the next
    assert poll(client, url, reporting, tag)[0] == 304
    for export in ("export.csv", "export.xlsx"):
        status, file_tag, _ = poll(client, f"{url}/{export}", reporting)
        assert status == 200 and file_tag != tag
        assert poll(client, f"{url}/{export}", reporting, file_tag)[0] == 304
    # A landlord's works update is in the report (landlords' works): the figures change, so does the tag.
    client.post(f"/api/v1/landlord/dwellings/{jacquet.id}/works-updates",
                json={**UPDATE, "status": "done", "on": "2026-11-20"},
                headers={**principals["landlord_a"], "Idempotency-Key": secrets.token_hex(8)})
    status, new_tag, _ = poll(client, url, reporting, tag)
    assert status == 200 and new_tag != tag


def _token(db: Session, kind: IntegrationKind, organisation: str | None, scopes: str,
           rate_limit: int | None) -> dict[str, str]:
    admin = db.exec(select(User).where(User.email == "admin@binome.demo")).one()
    org = db.exec(select(Organisation).where(Organisation.name == organisation)).one() if organisation else None
    secret = INTEGRATION_TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.add(IntegrationToken(name="limité", kind=kind, organisation_id=org.id if org else None, scopes=scopes,
                            prefix=secret[:12], token_hash=token_digest(secret, secret=KEYS.token_digest),
                            expires_at=datetime.now(UTC) + timedelta(days=1), created_by_id=admin.id,
                            rate_limit_per_minute=rate_limit))
    db.flush()
    return {"Authorization": f"Bearer {secret}"}


def within_one_minute_window() -> None:
    """The limits count fixed UTC minutes: start a burst early enough in one not to straddle two."""
    second = datetime.now(UTC).second
    if second >= 50:
        time.sleep(61 - second)


def test_a_token_beyond_its_requests_a_minute_gets_429_with_retry_after(client: TestClient, db: Session) -> None:
    within_one_minute_window()
    headers = _token(db, IntegrationKind.landlord, "Jura Habitat", "landlord:read landlord:write", rate_limit=3)
    statuses = [client.get("/api/v1/landlord/dwellings", headers=headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/api/v1/landlord/dwellings", headers=headers)
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    assert "3 par minute" in refused.json()["detail"]


def test_the_default_limit_comes_from_the_settings_and_people_are_not_limited(
        app, client: TestClient, db: Session, principals: Principals) -> None:  # noqa: ANN001
    headers = _token(db, IntegrationKind.reporting, None, "reporting:read", rate_limit=None)
    within_one_minute_window()
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"integration_rate_limit_per_minute": 2})
    try:
        statuses = [client.get(f"/api/v1/reporting/annual/{YEAR}", headers=headers).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        # A person of the SPA (a manager reads the same report) is never counted.
        assert {client.get(f"/api/v1/reporting/annual/{YEAR}", headers=principals["manager"]).status_code
                for _ in range(4)} == {200}
    finally:
        app.state.settings = settings


def test_an_administrator_sets_a_token_s_own_limit(client: TestClient, principals: Principals) -> None:
    created = client.post("/api/v1/integration-tokens", headers=principals["admin"],
                          json={"name": "Script bilan", "kind": "reporting", "rate_limit_per_minute": 30})
    assert created.status_code == 201 and created.json()["rate_limit_per_minute"] == 30
    refused = client.post("/api/v1/integration-tokens", headers=principals["admin"],
                          json={"name": "Script bilan", "kind": "reporting", "rate_limit_per_minute": 0})
    assert refused.status_code == 422


def test_a_landlord_triggers_a_signed_test_event_through_the_outbox(client: TestClient, principals: Principals,
                                                                    db: Session) -> None:
    landlord_a = db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one()
    subscription = WebhookSubscription(organisation_id=landlord_a.id, url="https://si.jura-habitat.example/hook",
                                       secret_encrypted="x", created_by_id=1)
    db.add(subscription)
    db.flush()
    sent = client.post("/api/v1/landlord/webhook-test-events", headers=principals["landlord_a"])
    assert sent.status_code == 202
    body = sent.json()
    assert body["type"] == "webhook.test" and body["subscriptions"] >= 1 and body["event_id"].startswith("evt_")
    queued = db.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == body["event_id"])).all()
    assert {d.subscription_id for d in queued} >= {subscription.id}
    assert all(d.event == "webhook.test" and d.status == "pending" for d in queued)
    log = client.get("/api/v1/landlord/webhook-deliveries", headers=principals["landlord_a"]).json()["items"]
    assert body["event_id"] in {d["event_id"] for d in log}
    # Another landlord's token queues nothing for Jura Habitat's endpoint.
    other = client.post("/api/v1/landlord/webhook-test-events", headers=principals["landlord_b"]).json()
    assert not db.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == other["event_id"],
                                                     WebhookDelivery.subscription_id == subscription.id)).all()


def test_a_deprecated_route_says_so_in_its_headers_and_the_document() -> None:
    router = APIRouter()

    @router.get("/old", **deprecated(since=date(2027, 1, 4), sunset=date(2027, 7, 5), successor="/api/v1/new"))
    def old() -> dict:
        return {"ok": True}

    @router.get("/current")
    def current() -> dict:
        return {"ok": True}

    app = FastAPI()
    app.include_router(router, prefix="/api/v1")
    app.add_middleware(DeprecationHeaders)
    with TestClient(app) as client:
        answer = client.get("/api/v1/old")
        assert answer.status_code == 200
        assert answer.headers["Deprecation"] == "@1799020800"  # 2027-01-04T00:00:00Z (RFC 9745)
        assert answer.headers["Sunset"] == "Mon, 05 Jul 2027 00:00:00 GMT"  # RFC 8594
        assert answer.headers["Link"] == '</api/v1/new>; rel="successor-version"'
        assert "Deprecation" not in client.get("/api/v1/current").headers
    operation = app.openapi()["paths"]["/api/v1/old"]["get"]
    assert operation["deprecated"] is True and operation["x-sunset"] == "2027-07-05"
    with pytest.raises(ValueError):
        deprecated(since=date(2027, 7, 5), sunset=date(2027, 1, 4))
