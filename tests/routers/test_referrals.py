"""Submitting referrals: by alert givers and by the SLIME team, idempotency, duplicates, scope."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from api.models import Household, Referral, ReferralStatus
from tests.helpers import Principals, count

FORM = {
    "household": {"first_name": "Rose", "last_name": "Delacroix", "phone": "06 98 76 54 32", "commune": "Dole",
                  "postcode": "39100"},
    "reasons": ["unpaid_cutoff_risk", "cold_damp_mould"],
    "description": "Relance du fournisseur, coupure annoncée.",
    "cutoff_date": "2026-12-15",
    "contact_consent": True,
}


def submit(client: TestClient, principals: Principals, who: str = "referrer", body: dict | None = None,
           key: str | None = None):  # noqa: ANN201
    headers = {**principals[who], **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/referrals", json=body or FORM, headers=headers)


def test_referrer_submits_and_follows_the_status(client: TestClient, principals: Principals, db: Session) -> None:
    response = submit(client, principals)
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["status"] == "received" and receipt["household_name"] == "DELACROIX Rose"
    referral = db.get(Referral, receipt["id"])
    # No `channel` said: it came through the API (the SPA's form says `form`, see test_case_lifecycle).
    assert referral.channel == "api" and referral.referrer_name == "Nadia Petit" and referral.cutoff_risk
    mine = client.get("/api/v1/referrals/mine", headers=principals["referrer"]).json()
    assert mine["items"][0]["id"] == receipt["id"]
    assert set(mine["items"][0]) == {"id", "household_name", "commune", "status", "received_at", "status_changed_at",
                                     "visit_date"}
    # Nothing else of the household: not the referral detail, not the household record.
    assert client.get(f"/api/v1/referrals/{receipt['id']}", headers=principals["referrer"]).status_code == 403
    assert client.get(f"/api/v1/households/{receipt['household_id']}", headers=principals["referrer"]).status_code == 403
    # Another referrer does not see it.
    other = client.post("/api/v1/auth/token", data={"username": "referent@caf39.demo", "password": "Binome-demo-2026"})
    other_mine = client.get("/api/v1/referrals/mine",
                            headers={"Authorization": f"Bearer {other.json()['access_token']}"}).json()
    assert receipt["id"] not in [r["id"] for r in other_mine["items"]]


def test_idempotent_submission(client: TestClient, principals: Principals, db: Session) -> None:
    before = (count(db, Referral), count(db, Household))
    first = submit(client, principals, key="ccas-dole-2026-0042")
    again = submit(client, principals, key="ccas-dole-2026-0042")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert (count(db, Referral), count(db, Household)) == (before[0] + 1, before[1] + 1)
    different = submit(client, principals, key="ccas-dole-2026-0042", body={**FORM, "description": "autre"})
    assert different.status_code == 409
    # The key belongs to the caller: another principal may use the same string.
    coordinator_body = {**FORM, "referring_organisation_id": 5, "referrer_name": "Accueil CCAS"}
    assert submit(client, principals, "coordinator", coordinator_body, key="ccas-dole-2026-0042").status_code == 201


def test_team_enters_a_phone_referral_and_sees_duplicates(client: TestClient, principals: Principals, db: Session) -> None:
    # Girard Amélie lives in Dole with phone 06 10 20 30 40 in the demo data.
    body = {**FORM, "household": {"first_name": "A.", "last_name": "GIRARD", "commune": "dole",
                                  "phone": "+33 6 10 20 30 40"},
            "referring_organisation_id": 6, "referrer_name": "Mme Leroy (CAF)", "channel": "phone"}
    created = submit(client, principals, "coordinator", body).json()
    detail = client.get(f"/api/v1/referrals/{created['id']}", headers=principals["coordinator"]).json()
    assert detail["channel"] == "phone" and detail["referring_organisation"]["name"] == "CAF du Jura"
    matches = {m["display_name"]: m["matched_on"] for m in detail["possible_duplicates"]}
    assert matches == {"GIRARD Amélie": ["name_commune", "phone"]}
    candidates = client.get("/api/v1/referrals/duplicate-candidates",
                            params={"last_name": "girard", "commune": "DOLE"}, headers=principals["coordinator"]).json()["items"]
    assert {c["display_name"] for c in candidates} == {"GIRARD A.", "GIRARD Amélie"}
    existing = next(m for m in detail["possible_duplicates"])
    linked = client.post(f"/api/v1/referrals/{created['id']}/link-household",
                         json={"household_id": existing["id"], "version": detail["version"]},
                         headers=principals["coordinator"])
    assert linked.status_code == 200
    assert linked.json()["household_id"] == existing["id"] and linked.json()["possible_duplicates"] == []
    assert db.get(Household, created["household_id"]) is None  # the shell went away


def test_team_referral_needs_its_origin(client: TestClient, principals: Principals) -> None:
    response = submit(client, principals, "coordinator", FORM)
    assert response.status_code == 422 and response.json()["fields"][0]["field"] == "referring_organisation_id"


def test_referral_input_errors(client: TestClient, principals: Principals, db: Session) -> None:
    before = count(db, Referral)
    for body, field in (
        ({**FORM, "contact_consent": False}, "body"),
        ({**FORM, "reasons": []}, "reasons"),
        ({**FORM, "reasons": ["too_expensive"]}, "reasons.0"),
        ({**FORM, "household": None}, "body"),
        ({**FORM, "household_id": 1}, "body"),
        ({**FORM, "cutoff_date": "15/12/2026"}, "cutoff_date"),
    ):
        response = submit(client, principals, body=body)
        assert response.status_code == 422, (body, response.text)
        assert field in [f["field"] for f in response.json()["fields"]], response.json()
    assert submit(client, principals, body={"household_id": 1, **{k: v for k, v in FORM.items() if k != "household"}}
                  ).status_code == 422  # a referrer cannot attach an existing household
    assert count(db, Referral) == before


def test_call_list_puts_cutoff_risk_first_then_oldest(client: TestClient, principals: Principals, db: Session) -> None:
    now = datetime.now(UTC)
    for days, risk in ((30, False), (2, True), (40, False), (5, True)):
        db.add(Referral(household_id=1, channel="phone", referring_organisation_id=1, referrer_name="x",
                        contact_consent=True, cutoff_risk=risk, received_at=now - timedelta(days=days)))
    db.commit()
    calls = client.get("/api/v1/worklist", headers=principals["coordinator"]).json()["calls_to_make"]
    flags = [c["cutoff_risk"] for c in calls]
    assert flags == sorted(flags, reverse=True)
    risky = [c for c in calls if c["cutoff_risk"]]
    calm = [c for c in calls if not c["cutoff_risk"]]
    assert [c["received_at"] for c in calm] == sorted(c["received_at"] for c in calm)
    assert all(c["status"] == "received" for c in calls)
    assert len(risky) >= 2


def test_referrer_worklist_lists_their_referrals(client: TestClient, principals: Principals, db: Session) -> None:
    worklist = client.get("/api/v1/worklist", headers=principals["referrer"]).json()
    assert worklist["calls_to_make"] == [] and worklist["visits_this_week"] == []
    statuses = {r["status"] for r in worklist["my_referrals"]}
    assert statuses and statuses <= {s.value for s in ReferralStatus}


def test_list_filters(client: TestClient, principals: Principals, db: Session) -> None:
    received = client.get("/api/v1/referrals", params={"status": "received", "limit": 100},
                          headers=principals["manager"]).json()
    expected = db.exec(select(func.count()).select_from(Referral).where(Referral.status == "received")).one()
    assert received["total"] == expected
    by_reason = client.get("/api/v1/referrals", params={"reason": "unpaid_cutoff_risk"},
                           headers=principals["manager"]).json()
    assert by_reason["items"] and all("unpaid_cutoff_risk" in r["reasons"] for r in by_reason["items"])
    assert client.get("/api/v1/referrals", params={"order": "random"}, headers=principals["manager"]).status_code == 422
