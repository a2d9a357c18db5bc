"""One household, three places that show its TEE (the analysis, the works scenarios, the annual report):
one formula (api/energy/tee.py), one value; the bands move with the dated thresholds."""

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api import clock
from api.models import Campaign, Visit
from api.services.reporting import _Year
from tests.helpers import Principals
from tests.routers.test_works_estimate import HOUSE, fuel_oil_bills, save
from tests.routers.test_works_estimate import visit as visit  # noqa: F401  (the fixture)

D = Decimal
N = "\u202f"
YEAR = 2031  # the visit's year (tests.routers.test_works_estimate.visit)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def household(client: TestClient, principals: Principals, db: Session, visit: dict) -> int:  # noqa: F811
    """Fuel oil: 2 300 € burnt over the year; income 1 650 €/month = 19 800 €/yr. TEE = 2 300 ÷ 19 800 =
    0.116161…: shown 11.6 %, above the SLIME 10 %. The visit is done in 2031, in a campaign of that year."""
    fuel_oil_bills(client, principals, visit)
    assert save(client, principals, visit, HOUSE).status_code == 200
    household_id = visit["household"]["id"]
    social = client.put(f"/api/v1/households/{household_id}/social-diagnostic", json={
        "incomes": [{"source": "salary", "monthly_eur": "1650"}], "charges": [{"kind": "rent", "monthly_eur": "400"}]},
        headers=principals["coordinator"])
    assert social.status_code == 200, social.text
    row = db.get(Visit, visit["id"])
    assert row is not None
    row.status = "done"
    if db.exec(select(Campaign).where(Campaign.year == YEAR)).first() is None:
        db.add(Campaign(year=YEAR, objective_per_thousand=D("2")))
    db.add(row)
    db.flush()
    return household_id


def _income_and_tee(data: _Year, household: int) -> tuple[str, D | None]:
    return next((band, tee) for hid, band, tee in data.incomes_and_tees() if hid == household)


def test_the_analysis_the_works_and_the_annual_report_agree(
    client: TestClient, principals: Principals, db: Session, household: int
) -> None:
    exact = D("2300") / D("19800")
    analysis = client.get(f"/api/v1/households/{household}/analysis", headers=principals["coordinator"]).json()
    works = client.get(f"/api/v1/households/{household}/works-estimate", headers=principals["coordinator"]).json()
    _, report_tee = _income_and_tee(_Year(db, YEAR, None, PARIS), household)
    assert report_tee == exact
    assert D(analysis["tee"]["value"]) == exact.quantize(D("0.0001")) == D("0.1162")
    befores = {D(s["money"]["tee_before"]) for s in works["scenarios"] if s["money"]}
    assert befores == {D("0.1162")}
    # The same band rule: the advisor's view says above 10 %, the report splits above 10 % at 15 %.
    advisor = client.get(f"/api/v1/households/{household}/analysis", headers=principals["advisor"]).json()
    assert advisor["tee"]["display"] == f"au-dessus de 10{N}%"
    assert _Year(db, YEAR, None, PARIS).tee_band(report_tee) == f"entre 10{N}% et 15{N}%"


def test_a_changed_threshold_moves_the_household_and_renames_the_report_bands(
    client: TestClient, principals: Principals, db: Session, household: int
) -> None:
    """The administrator raises the SLIME threshold to 12 % from yesterday: at 11.6 % the household is no
    longer above it, and the report's bands say 12 %."""
    added = client.post("/api/v1/reference-values", json={
        "table_name": "threshold", "key": "tee_slime", "value": "0.12", "unit": "ratio",
        "valid_from": (clock.today() - timedelta(days=1)).isoformat(), "source": "Décision du comité de pilotage"},
        headers=principals["admin"])
    assert added.status_code == 201, added.text
    advisor = client.get(f"/api/v1/households/{household}/analysis", headers=principals["advisor"]).json()
    assert advisor["tee"]["display"] == f"entre 8{N}% et 12{N}%"
    data = _Year(db, YEAR, None, PARIS)
    assert data.tee_band(_income_and_tee(data, household)[1]) == f"entre 8{N}% et 12{N}%"
    report = client.get(f"/api/v1/reporting/annual/{YEAR}", headers=principals["reporting"])
    assert report.status_code == 200, report.text
    assert [row["key"] for row in report.json()["tee_band"]] == [
        f"sous 8{N}%", f"entre 8{N}% et 12{N}%", f"entre 12{N}% et 15{N}%", f"au-dessus de 15{N}%", "inconnu"]
    assert date(YEAR, 12, 31) >= clock.today()  # the report reads the thresholds in force today
