"""Two programmes side by side: neither reaches the other's records, and the platform reaches none.

The authorization matrix's routes are called by the principals of the second demo programme
(Haute-Vallée) on the first programme's records (the matrix's `target`, the Jura's): every route
whose record they could reach in their own programme answers 404, exactly as a missing record.
Their lists hold only their programme's rows. The platform's accounts get no programme's record.
"""


import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api import tenancy
from api.models import Household, Organisation, Programme, User
from tests.conftest import EMAILS, MIRRORS, SECOND
from tests.routers.test_authorization_matrix import MATRIX, Target, public_dns, target  # noqa: F401  (fixtures)

def _is_record_route(path: str) -> bool:
    """A route about one record (an id in its path), not a list, a creation or a year's figures. (An
    orientation type's code is not one: each programme has its own catalogue, and the same code names
    its own type there.)"""
    return any(name.endswith("_id}") for name in path.split("/"))


CASES = [(method, path, other) for (method, path), expected in sorted(MATRIX.items()) if _is_record_route(path)
         for other, mirror in MIRRORS.items() if 200 <= expected[mirror] < 300]


@pytest.mark.db_independent
@pytest.mark.parametrize(("method", "path", "principal"), CASES, ids=[f"{m} {p} as {who}" for m, p, who in CASES])
def test_the_other_programmes_records_are_404(client: TestClient, others: dict[str, dict[str, str]], target: Target,  # noqa: F811
                                             method: str, path: str, principal: str) -> None:
    """What the Jura's principal of the same role may reach, the second programme's gets a 404 for."""
    url = path.format(**{k: v for k, v in target.path_params.items() if "{" + k + "}" in path})
    if (method, path) in target.forms:
        fields, files = target.forms[(method, path)]
        response = client.request(method, url, data=fields, files=files, headers=others[principal])
    else:
        response = client.request(method, url, json=target.bodies.get((method, path)),
                                  params=target.queries.get((method, path)), headers=others[principal])
    assert response.status_code == 404, f"{method} {url} as {principal}: {response.status_code} {response.text[:200]}"


def _ids(client: TestClient, url: str, headers: dict[str, str], key: str = "id") -> set:
    response = client.get(url, headers=headers, params={"limit": 100})
    assert response.status_code == 200, (url, response.text[:200])
    return {item[key] for item in response.json()["items"]}


def test_lists_hold_only_the_programmes_own_rows(client: TestClient, others: dict[str, dict[str, str]],
                                                 principals, db: Session) -> None:  # noqa: ANN001
    with tenancy.unscoped(db):
        owner = {h.id: h.programme_id for h in db.exec(select(Household)).all()}
        people = {u.id: u.programme_id for u in db.exec(select(User)).all()}
        organisations = {o.id: o.programme_id for o in db.exec(select(Organisation)).all()}
        second = db.exec(select(Programme).where(Programme.slug == SECOND)).one().id
    hv, jura = others["hv_coordinator"], principals["coordinator"]
    for headers, programme in ((hv, second), (jura, 1)):
        households = _ids(client, "/api/v1/households", headers)
        assert households and {owner[i] for i in households} == {programme}
        assert {owner[r["household_id"]] for r in client.get("/api/v1/referrals", headers=headers,
                                                              params={"limit": 100}).json()["items"]
                if r["household_id"]} == {programme}
        assert {people[i] for i in _ids(client, "/api/v1/users", headers)} == {programme}
        assert {organisations[i] for i in _ids(client, "/api/v1/organisations", headers)} == {programme}
    units_hv = {u["code"] for u in client.get("/api/v1/territorial-units", headers=hv).json()["items"]}
    assert units_hv == {"AMONT", "AVAL"}
    communes = client.get("/api/v1/communes", headers=hv, params={"q": "dole"}).json()["items"]
    assert communes == []  # Dole is the Jura's commune
    assert client.get("/api/v1/communes", headers=hv, params={"q": "val clair"}).json()["items"][0]["insee_code"] == "99102"
    # A search finds the household by name in its own programme only.
    assert client.get("/api/v1/search", headers=hv, params={"q": "Girard"}).json()["items"] == []
    assert client.get("/api/v1/search", headers=jura, params={"q": "Marchand"}).json()["items"] == []
    assert client.get("/api/v1/search", headers=hv, params={"q": "Marchand"}).json()["items"]
    # Each programme names itself.
    assert client.get("/api/v1/programme", headers=hv).json()["slug"] == SECOND
    assert client.get("/api/v1/programme", headers=jura).json()["slug"] == "jura"


def test_the_uniques_are_per_programme(client: TestClient, others: dict[str, dict[str, str]]) -> None:
    """The second programme may use an organisation name of the Jura's, but not twice in its own."""
    hv = others["hv_admin"]
    organisation = client.post("/api/v1/organisations", headers=hv, json={"name": "Jura Habitat", "kind": "social_landlord"})
    assert organisation.status_code == 201, organisation.text
    again = client.post("/api/v1/organisations", headers=hv, json={"name": "Jura Habitat", "kind": "social_landlord"})
    assert again.status_code in (409, 422), again.text


def test_the_platform_reaches_no_programmes_record(client: TestClient, others: dict[str, dict[str, str]],
                                                   target: Target) -> None:  # noqa: F811
    for who in ("platform_admin", "network"):
        headers = others[who]
        assert client.get(f"/api/v1/households/{target.path_params['household_id']}", headers=headers).status_code == 403
        assert client.get("/api/v1/households", headers=headers).status_code == 403
        assert client.get("/api/v1/programme", headers=headers).status_code == 404
        me = client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200 and me.json()["email"] == EMAILS[who]
