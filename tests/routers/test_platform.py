"""The platform: a person of two programmes picks one at login, the platform's administrator creates a
programme and its first administrator, a programme's administrator sets its identity, and the network
reads only suppressed aggregates across programmes."""

import json
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api import tenancy
from api.demo import DEMO_PASSWORD
from api.models import EquipmentItem, Household, OrientationType, Programme, User, UserRole

INES = "conseillere2@ajena.demo"


def _login(client: TestClient, email: str, password: str = DEMO_PASSWORD, **extra: str):  # noqa: ANN202
    return client.post("/api/v1/auth/token", data={"username": email, "password": password, **extra})


def test_a_person_of_two_programmes_chooses_one_at_login(client: TestClient) -> None:
    asked = _login(client, INES)
    assert asked.status_code == 409 and asked.json()["error"] == "programme_choice"
    assert {c["value"] for c in asked.json()["choices"]} == {"jura", "haute-vallee"}
    for slug in ("haute-vallee", "jura"):
        token = _login(client, INES, programme=slug)
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert client.get("/api/v1/programme", headers=headers).json()["slug"] == slug
    # A wrong password never tells which programmes the address belongs to.
    wrong = _login(client, INES, password="pas le bon mot de passe")
    assert wrong.status_code == 401 and wrong.json().get("choices") is None
    assert _login(client, INES, programme="inconnu").status_code == 401


def test_a_person_of_one_programme_logs_in_as_before(client: TestClient) -> None:
    assert _login(client, "animatrice@cd39.demo").status_code == 200


def test_the_platform_creates_a_programme_and_invites_its_first_administrator(
        client: TestClient, others: dict[str, dict[str, str]], db: Session) -> None:
    platform = others["platform_admin"]
    body = {"slug": "grand-ouest", "name": "SLIME du Grand-Ouest (test)", "territory": "Territoire de test",
            "issuer_name": "Ville du Grand-Ouest", "first_admin": {
                "email": "admin@grand-ouest.test", "full_name": "Ada Admin", "organisation_name": "Ville du Grand-Ouest"}}
    created = client.post("/api/v1/platform/programmes", headers=platform, json=body)
    assert created.status_code == 201, created.text
    programme_id = created.json()["id"]
    listed = client.get("/api/v1/platform/programmes", headers=platform).json()
    assert {p["slug"] for p in listed["items"]} >= {"jura", "haute-vallee", "grand-ouest"}
    with tenancy.within(db, programme_id):
        admin = db.exec(select(User).where(User.email == "admin@grand-ouest.test")).one()
        assert db.exec(select(UserRole.role).where(UserRole.user_id == admin.id)).all() == ["admin"]
        assert db.exec(select(EquipmentItem)).all() and db.exec(select(OrientationType)).all()  # its own catalogues
    assert client.post("/api/v1/platform/programmes", headers=platform, json=body).status_code == 422  # slug taken
    # A programme's administrator cannot create programmes, nor give a platform role.
    assert client.post("/api/v1/platform/programmes", headers=others["hv_admin"], json=body).status_code == 403
    refused = client.post("/api/v1/users", headers=others["hv_admin"], json={
        "email": "x@y.test", "full_name": "X", "organisation_id": 1, "roles": ["platform_admin"], "password": None})
    assert refused.status_code == 422
    closed = client.patch(f"/api/v1/platform/programmes/{programme_id}", headers=platform, json={"is_active": False})
    assert closed.json()["is_active"] is False


def test_a_programme_administrator_sets_its_identity_and_the_report_shows_it(
        client: TestClient, others: dict[str, dict[str, str]]) -> None:
    hv = others["hv_admin"]
    current = client.get("/api/v1/programme", headers=hv).json()
    identity = {k: current[k] for k in ("name", "territory", "issuer_name", "issuer_address", "signature",
                                        "visiting_days", "visiting_start", "visiting_end", "named_in_national")}
    changed = client.put("/api/v1/programme", headers=hv, json={**identity, "issuer_name": "CC de Haute-Vallée",
                                                               "logo_svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    assert changed.status_code == 200 and changed.json()["issuer_name"] == "CC de Haute-Vallée"
    script = client.put("/api/v1/programme", headers=hv, json={**identity, "logo_svg": "<svg><script>x</script></svg>"})
    assert script.status_code == 422
    taken = client.put("/api/v1/programme", headers=hv, json={**identity, "name": "SLIME du Jura"})
    assert taken.status_code == 409


def test_the_network_reads_suppressed_aggregates_and_never_a_household(
        client: TestClient, others: dict[str, dict[str, str]], db: Session) -> None:
    year = date.today().year
    response = client.get(f"/api/v1/national/{year}", headers=others["network"])
    assert response.status_code == 200, response.text
    figures = response.json()
    names = [row["programme"] for row in figures["programmes"]]
    assert "SLIME du Jura" in names and "Programme non nommé" in names  # Haute-Vallée chose not to be named
    assert "SLIME de Haute-Vallée (fictif)" not in json.dumps(figures)
    every_count = [row["count"] for key in ("tenure", "heating_energy", "income_band", "tee_band", "orientations",
                                            "orientation_outcomes") for row in figures[key]]
    every_count += [row["visits_done"] for row in figures["programmes"]]
    every_count += [row["households"] for row in figures["measured_impact"]["rows"]]
    assert figures["measured_impact"]["cohort_year"] == year - 1
    assert all(n is None or n == 0 or n >= 5 for n in every_count)  # 1 to 4 never shown
    text = json.dumps(figures)
    for identifying in ("household_id", "Girard", "Marchand", "first_name", "address"):
        assert identifying not in text
    # The platform's reads are audited, as the platform's (no programme).
    with tenancy.unscoped(db):
        programmes = db.exec(select(Programme)).all()
    assert len(programmes) >= 2
    assert client.get(f"/api/v1/national/{year}", headers=others["hv_manager"]).status_code == 403


def test_a_programme_books_visits_within_its_own_visiting_hours(client: TestClient, others: dict[str, dict[str, str]],
                                                               principals, db: Session) -> None:  # noqa: ANN001
    """Haute-Vallée visits on weekdays only, from 9:00 to 17:00; the Jura keeps the platform's hours (Saturdays)."""
    hv = others["hv_admin"]
    current = client.get("/api/v1/programme", headers=hv).json()
    identity = {k: current[k] for k in ("name", "territory", "issuer_name", "issuer_address", "signature",
                                        "named_in_national")}
    changed = client.put("/api/v1/programme", headers=hv, json={**identity, "visiting_days": "1 2 3 4 5",
                                                               "visiting_start": "09:00", "visiting_end": "17:00"})
    assert changed.status_code == 200, changed.text
    bad = client.put("/api/v1/programme", headers=hv, json={**identity, "visiting_days": "lundi"})
    assert bad.status_code == 422
    today = date.today()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
    second = _second_programme(db)
    with tenancy.within(db, second):
        household = db.exec(select(Household)).first()
        coordinator = db.exec(select(User).where(User.email == "coordinatrice@haute-vallee.demo")).one()
        advisor = db.exec(select(User).where(User.email == INES)).one()
    body = {"household_id": household.id, "coordinator_id": coordinator.id, "advisor_id": advisor.id,
            "starts_at": f"{saturday.isoformat()}T10:00:00+01:00"}
    refused = client.post("/api/v1/visits", headers=others["hv_coordinator"], json=body)
    assert refused.status_code == 422 and "samedi" in refused.json()["detail"], refused.text
    assert "de 09:00 à 17:00" in refused.json()["detail"]


def _second_programme(db: Session) -> int:
    with tenancy.unscoped(db):
        programme_id = db.exec(select(Programme.id).where(Programme.slug == "haute-vallee")).one()
    assert programme_id is not None
    return programme_id


def test_a_programmes_reference_value_overrides_the_national_default_for_it_alone(
        client: TestClient, others: dict[str, dict[str, str]], principals) -> None:  # noqa: ANN001
    value = {"table_name": "threshold", "key": "tee_slime", "value": "0.12", "unit": "ratio",
             "valid_from": "2026-01-02", "source": "Décision du comité de Haute-Vallée"}
    created = client.post("/api/v1/reference-values", headers=others["hv_admin"], json=value)
    assert created.status_code == 201, created.text
    query = {"table_name": "threshold", "key": "tee_slime", "in_force_only": True, "limit": 10}

    def in_force(headers: dict[str, str]) -> list[tuple[str, str]]:
        rows = client.get("/api/v1/reference-values", headers=headers, params=query).json()["items"]
        return [(r["value"], r["source"]) for r in rows]

    assert in_force(others["hv_admin"]) == [("0.120000", "Décision du comité de Haute-Vallée")]
    assert all("Haute-Vallée" not in source for _, source in in_force(principals["admin"]))
