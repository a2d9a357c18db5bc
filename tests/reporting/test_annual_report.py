"""The annual report on a small hand-made year (2031), each figure worked out by hand below;
small-cell suppression; the pseudonymised extract; the exports; and a constant query count."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import event
from sqlmodel import Session, select

from api.models import (
    BillEntry,
    CallAttempt,
    Campaign,
    CampaignUnit,
    Delivery,
    Dwelling,
    Household,
    HouseholdMember,
    Orientation,
    Organisation,
    Referral,
    ReferralReasonLink,
    Report,
    SocialDiagnostic,
    TechnicalDiagnostic,
    TerritorialUnit,
    User,
    Visit,
    WorksUpdate,
)
from api.reporting.stats import k_anonymise, median, percentile, suppress
from tests.helpers import Principals

YEAR = 2031
N = "\u202f"  # the narrow no-break space before « % » (api/formatting.py)
# Six visited households: five owner-occupiers heated by electricity in unit A, one social tenant
# heated by gas in unit B. Per household: visit start (UTC), days referral → first call,
# days referral → visit, days visit → report sent (None: not sent), commune.
CASES = [
    (datetime(2031, 2, 10, 9, tzinfo=UTC), 1, 10, 7, "Morez"),
    (datetime(2031, 2, 20, 9, tzinfo=UTC), 2, 12, 14, "Morez"),
    (datetime(2031, 3, 15, 9, tzinfo=UTC), 3, 14, 21, "Morez"),
    (datetime(2031, 3, 20, 9, tzinfo=UTC), 4, 16, None, "Morez"),
    (datetime(2031, 11, 10, 9, tzinfo=UTC), 10, 18, None, "Bellefontaine"),
    # 22:30 UTC on 31 December is 23:30 in Paris: still December 2031.
    (datetime(2031, 12, 31, 22, 30, tzinfo=UTC), 20, 30, None, "Dole"),
]


def add_year(db: Session, copies: int = 1, year: int = YEAR) -> dict:
    """The hand-made year; `copies` repeats the six households, `year` shifts the dates (for the
    query-count test)."""
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    orgs = {o.name: o for o in db.exec(select(Organisation)).all()}
    unit_a = TerritorialUnit(code=f"TEST-A-{year}", name="Unité A" + (f" {year}" if year != YEAR else ""),
                             households_count=1000)
    unit_b = TerritorialUnit(code=f"TEST-B-{year}", name="Unité B" + (f" {year}" if year != YEAR else ""),
                             households_count=2500)
    campaign = Campaign(year=year, objective_per_thousand=Decimal("2"), budget_eur=Decimal("10000"))
    db.add_all([unit_a, unit_b, campaign])
    db.flush()
    db.add_all([CampaignUnit(campaign_id=campaign.id, unit_id=unit_a.id),
                CampaignUnit(campaign_id=campaign.id, unit_id=unit_b.id)])
    households = []
    for copy in range(copies):
        for index, (start, call_days, visit_days, report_days, commune) in enumerate(CASES):
            start = start.replace(year=start.year + year - YEAR)
            tenant = index == 5
            household = Household(first_name="Prénom", last_name=f"Témoin{copy}x{index}", search_name=f"temoin {index}",
                                  commune=commune, unit_id=(unit_b if tenant else unit_a).id,
                                  tenure="social_tenant" if tenant else "owner_occupier",
                                  landlord_id=orgs["Jura Habitat"].id if tenant else None)
            db.add(household)
            db.flush()
            households.append(household)
            db.add(Dwelling(household_id=household.id, dwelling_type="house", construction_period="before_1975",
                            altitude_class="below_400", main_heating_energy="natural_gas" if tenant else "electricity"))
            # One adult (1 UC), or two (1.5 UC).
            db.add_all(HouseholdMember(household_id=household.id, position=i, first_name="X", birth_year=1980,
                                       relation="applicant" if i == 0 else "spouse") for i in range(2 if tenant else 1))
            monthly = "2000" if tenant else "1000"
            db.add(SocialDiagnostic(household_id=household.id, data={
                "incomes": [{"source": "salary", "monthly_eur": monthly}], "charges": [], "aids": [], "debts": [],
                "felt_cold": True, "notes": ""}))
            db.add(BillEntry(household_id=household.id, energy="electricity", quantity=Decimal(3000), unit="kwh",
                             amount_eur=Decimal("4800" if tenant else "600"), period_start=date(2030, 1, 1),
                             period_end=date(2030, 12, 31)))
            org = orgs["CCAS de Dole"] if tenant else orgs["CAF du Jura"]
            received = start - timedelta(days=visit_days)
            referral = Referral(household_id=household.id, status="visited", channel="phone",
                                referring_organisation_id=org.id, referrer_name="Témoin", contact_consent=True,
                                received_at=received)
            db.add(referral)
            db.flush()
            db.add(ReferralReasonLink(referral_id=referral.id, reason="bill_payment_difficulty"))
            if index == 0:
                db.add(ReferralReasonLink(referral_id=referral.id, reason="cold_damp_mould"))
            db.add(CallAttempt(referral_id=referral.id, at=received + timedelta(days=call_days), outcome="reached",
                               by_user_id=coordinator.id))
            db.add(CallAttempt(referral_id=referral.id, at=received + timedelta(days=call_days + 1),
                               outcome="reached", by_user_id=coordinator.id))  # only the first call counts
            visit = Visit(household_id=household.id, referral_id=referral.id, coordinator_id=coordinator.id,
                          advisor_id=advisor.id, starts_at=start, ends_at=start + timedelta(hours=2), status="done")
            db.add(visit)
            db.flush()
            equipment = {0: [{"code": "led_bulb", "quantity": 5}],
                         1: [{"code": "led_bulb", "quantity": 2}, {"code": "shower_reducer", "quantity": 1}]}
            db.add(TechnicalDiagnostic(visit_id=visit.id, household_id=household.id,
                                       data={"equipment_installed": equipment.get(index, [])}))
            if index in (0, 1, 2, 5):
                report = Report(household_id=household.id, visit_id=visit.id, author_id=coordinator.id,
                                status="sent" if report_days else "validated",
                                works=[{"priority": 1, "work": "roof", "description": "Combles"}])
                db.add(report)
                db.flush()
                if report_days:
                    db.add(Delivery(report_id=report.id, recipient="household", channel="post", address="x",
                                    status="recorded", at=start + timedelta(days=report_days)))
                orientation = {0: ("fsl_energy", "obtained", "300"), 1: ("fsl_energy", "refused", None),
                               2: ("cheque_energie", "proposed", None), 5: ("fsl_energy", "obtained", "150.50")}[index]
                db.add(Orientation(household_id=household.id, report_id=report.id, kind=orientation[0],
                                   description="Aide", status=orientation[1],
                                   amount_obtained_eur=Decimal(orientation[2]) if orientation[2] else None))
                if index == 5:
                    db.add_all([WorksUpdate(household_id=household.id, report_id=report.id, work_priority=1,
                                            status="done", on=date(2031, 6, 1), actual_cost_eur=Decimal("2300"),
                                            organisation_id=orgs["Jura Habitat"].id),
                                WorksUpdate(household_id=household.id, report_id=report.id, work_priority=1,
                                            status="planned", on=date(2031, 5, 1),
                                            organisation_id=orgs["Jura Habitat"].id)])
    # Not counted: a visit still planned in 2031, and a visit done in 2030.
    first = households[0]
    db.add(Visit(household_id=first.id, coordinator_id=coordinator.id, advisor_id=advisor.id, status="planned",
                 starts_at=datetime(2031, 5, 5, 9, tzinfo=UTC), ends_at=datetime(2031, 5, 5, 11, tzinfo=UTC)))
    db.add(Visit(household_id=first.id, coordinator_id=coordinator.id, advisor_id=advisor.id, status="done",
                 starts_at=datetime(2030, 12, 31, 21, tzinfo=UTC), ends_at=datetime(2030, 12, 31, 22, tzinfo=UTC)))
    db.commit()
    return {"unit_a": unit_a, "unit_b": unit_b, "households": households}


@pytest.fixture
def year(db: Session) -> dict:
    return add_year(db)


def test_the_annual_report_on_a_hand_made_year(client: TestClient, principals: Principals, year: dict) -> None:
    response = client.get(f"/api/v1/reporting/annual/{YEAR}", headers=principals["reporting"])
    assert response.status_code == 200, response.text
    r = response.json()
    a, b = r["units"][0], r["units"][1]
    # Objective = households × 2 / 1,000: unit A 1,000 → 2.0 visits; unit B 2,500 → 5.0; total 3,500 → 7.0.
    # Visits done: A 5, B 1, total 6. B's 1 is hidden; with the total published it would be 6 − 5, so A's
    # 5 is hidden too (complementary suppression), and with them their share of the objective.
    assert (a["unit"], a["objective_visits"], a["visits_done"], a["share_of_objective_pct"]) == ("Unité A", "2.0", None, None)
    assert (b["unit"], b["objective_visits"], b["visits_done"], b["share_of_objective_pct"]) == ("Unité B", "5.0", None, None)
    total = r["total"]
    assert (total["households_count"], total["objective_visits"], total["visits_done"]) == (3500, "7.0", 6)
    assert total["share_of_objective_pct"] == "85.7"  # 6 / 7 = 85.71 %
    assert r["visits_outside_campaign_units"] == 0
    # Months with 1 to 4 visits are hidden (A: 2 in February, 2 in March, 1 in November; B: 1 in December).
    assert a["visits_by_month"] == [0, None, None, 0, 0, 0, 0, 0, 0, 0, None, 0]
    assert b["visits_by_month"] == [0] * 11 + [None]  # 31 December 23:30 in Paris
    assert total["visits_by_month"] == [0, None, None, 0, 0, 0, 0, 0, 0, 0, None, None]
    # Referrals: five from the CAF, one from a CCAS (fewer than 5: suppressed); 6 referrals in all would give
    # the CCAS's 1 back, so the CAF's 5 is hidden too.
    assert {x["key"]: x["count"] for x in r["referrals_by_referrer_kind"]} == {"caf": None, "ccas": None}
    # A referral may give several reasons: no published total, so only the small count goes.
    reasons = {x["key"]: x["count"] for x in r["referrals_by_reason"]}
    assert reasons == {"bill_payment_difficulty": 6, "cold_damp_mould": None}
    lead = {x["key"]: x for x in r["lead_times"]}
    # First call after 1, 2, 3, 4, 10, 20 days: median (3 + 4) / 2 = 3.5; 90th percentile = ⌈5.4⌉ = 6th value = 20.
    assert (lead["referral_to_first_call"]["cases"], lead["referral_to_first_call"]["median_days"],
            lead["referral_to_first_call"]["p90_days"]) == (6, "3.5", "20.0")
    # Visit after 10, 12, 14, 16, 18, 30 days: median (14 + 16) / 2 = 15; 90th percentile = 30.
    assert (lead["referral_to_visit"]["median_days"], lead["referral_to_visit"]["p90_days"]) == ("15.0", "30.0")
    # Report sent 7, 14, 21 days after the visit: median 14; 90th percentile = ⌈2.7⌉ = 3rd = 21.
    assert (lead["visit_to_report_sent"]["cases"], lead["visit_to_report_sent"]["median_days"],
            lead["visit_to_report_sent"]["p90_days"]) == (3, "14.0", "21.0")
    # Tenure × heating is protected with its margins: social/gas 1 is hidden, so is the gas total 1; the
    # heating margin (?, 1 hidden) + total 6 would give electricity's 5 … hidden; then owner/electricity 5
    # alone in its column, then the owners' 5 alone in its row: every non-zero count goes.
    assert {x["key"]: x["count"] for x in r["tenure"]} == {"owner_occupier": None, "social_tenant": None}
    assert {x["key"]: x["count"] for x in r["heating_energy"]} == {"electricity": None, "natural_gas": None}
    # Income per UC: 12,000 € / 1 UC is below D1 (12,290); 24,000 € / 1.5 UC = 16,000 € is between D2 and D3.
    bands = {x["key"]: x["count"] for x in r["income_band"]}
    assert bands["sous D1"] is None and bands["entre D2 et D3"] is None and bands["entre D1 et D2"] == 0
    # TEE: 600 / 12,000 = 5 %; 4,800 / 24,000 = 20 %. Bands from the dated thresholds (ONPE 8 %, SLIME 10 %),
    # split at 15 % above them.
    tee = {x["key"]: x["count"] for x in r["tee_band"]}
    assert tee == {f"sous 8{N}%": None, f"entre 8{N}% et 10{N}%": 0, f"entre 10{N}% et 15{N}%": 0,
                   f"au-dessus de 15{N}%": None, "inconnu": 0}
    cross = r["tenure_by_heating"]
    owner, social = cross["rows"].index("Propriétaire occupant"), cross["rows"].index("Locataire du parc social")
    electricity, gas = cross["columns"].index("Électricité"), cross["columns"].index("Gaz naturel")
    assert cross["cells"][owner][electricity] is None and cross["cells"][social][gas] is None
    assert cross["cells"][owner][gas] == 0
    orientations = {o["kind"]: o for o in r["orientations"]}
    # FSL: 2 obtained (450.50 €), 1 refused, 3 in all; cheque énergie: 1 proposed. All below 5: hidden, and
    # the amount with the count of aids obtained.
    assert (orientations["fsl_energy"]["obtained"], orientations["fsl_energy"]["refused"],
            orientations["fsl_energy"]["total"], orientations["fsl_energy"]["amount_obtained_eur"]) == (None, None, None, None)
    assert orientations["fsl_energy"]["proposed"] == 0
    assert (orientations["cheque_energie"]["proposed"], orientations["cheque_energie"]["total"]) == (None, None)
    # LED bulbs: 5 + 2 = 7 × 3.50 € = 24.50 €; one shower reducer 12.00 €.
    assert [(e["code"], e["quantity"], e["cost_eur"]) for e in r["equipment"]] == [
        ("led_bulb", 7, "24.50"), ("shower_reducer", 1, "12.00")]
    # One work done (2,300 €), one planned: counts below 5, hidden with their cost.
    assert [(w["status"], w["count"], w["actual_cost_eur"]) for w in r["landlord_works"]] == [
        ("done", None, None), ("planned", None, None)]
    # 10,000 € for 6 households = 1,666.67 €.
    assert r["cost"] == {"budget_eur": "10000.00", "households_visited": 6, "cost_per_household_eur": "1666.67",
                         "equipment_cost_eur": "36.50"}


def test_one_unit_only(client: TestClient, principals: Principals, year: dict) -> None:
    r = client.get(f"/api/v1/reporting/annual/{YEAR}", params={"unit_id": year["unit_b"].id},
                   headers=principals["manager"]).json()
    assert [u["unit"] for u in r["units"]] == ["Unité B"] and r["total"]["visits_done"] is None  # 1: hidden
    assert r["cost"]["households_visited"] == 1 and r["cost"]["budget_eur"] is None
    outside = client.get(f"/api/v1/reporting/annual/{YEAR}", params={"unit_id": 1}, headers=principals["manager"])
    assert outside.status_code == 404
    assert client.get("/api/v1/reporting/annual/2099", headers=principals["manager"]).status_code == 404


def test_the_pseudonymised_extract_blanks_rare_combinations(client: TestClient, principals: Principals,
                                                             year: dict) -> None:
    response = client.get(f"/api/v1/reporting/annual/{YEAR}/cases", headers=principals["reporting"])
    assert response.status_code == 200
    body = response.json()
    assert body["k"] == 5 and len(body["items"]) == 6
    assert not any(word in response.text for word in ("Témoin", "Prénom", "rue"))
    # Four in Morez and one in Bellefontaine: the commune goes, then the five owners share everything else.
    owners = [i for i in body["items"] if i["tenure"] == "Propriétaire occupant"]
    assert len(owners) == 5 and {o["commune"] for o in owners} == {"*"}
    assert all(o["suppressed"] == ["commune"] and o["income_band"] == "sous D1" for o in owners)
    # The lone social tenant keeps none of the quasi-identifiers.
    lone, = [i for i in body["items"] if i not in owners]
    assert lone["suppressed"] == ["commune", "income_band", "tee_band", "heating_energy", "tenure"]
    assert {lone[c] for c in lone["suppressed"]} == {"*"}
    again = client.get(f"/api/v1/reporting/annual/{YEAR}/cases", headers=principals["reporting"]).json()
    assert [i["case"] for i in again["items"]] == [i["case"] for i in body["items"]]  # stable pseudonyms
    assert len({i["case"] for i in body["items"]}) == 6


def test_exports_csv_and_xlsx_with_french_headers(client: TestClient, principals: Principals, year: dict) -> None:
    as_csv = client.get(f"/api/v1/reporting/annual/{YEAR}", params={"format": "csv"}, headers=principals["reporting"])
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Unité", "Ménages", "Objectif (visites)", "Visites réalisées", "Part de l'objectif (%)"] == rows[3][:5]
    assert rows[4][:5] == ["Unité A", "1000", "2,0", "", ""]  # hidden (see the first test)
    assert ["Propriétaire occupant", ""] in rows and ["Locataire du parc social", ""] in rows
    as_xlsx = client.get(f"/api/v1/reporting/annual/{YEAR}", params={"format": "xlsx"}, headers=principals["reporting"])
    book = load_workbook(io.BytesIO(as_xlsx.content))
    assert "Objectif par unité" in book.sheetnames and "Orientations" in book.sheetnames and len(book.sheetnames) == 13
    sheet = book["Coût"]
    assert [c.value for c in sheet[1]] == ["Budget (€)", "Ménages visités", "Coût par ménage (€)",
                                           "Coût du petit équipement (€)"]
    assert [c.value for c in sheet[2]] == [10000, 6, 1666.67, 36.5]
    cases = client.get(f"/api/v1/reporting/annual/{YEAR}/cases", params={"format": "xlsx"},
                       headers=principals["reporting"])
    assert load_workbook(io.BytesIO(cases.content))["Cas pseudonymisés"].max_row == 1 + 6 + 2


def test_the_report_costs_the_same_number_of_queries_for_more_households(
        client: TestClient, principals: Principals, db: Session, engine) -> None:  # noqa: ANN001
    def queries(year: int) -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/api/v1/reporting/annual/{year}", headers=principals["reporting"]).status_code == 200
            assert client.get(f"/api/v1/reporting/annual/{year}/cases",
                              headers=principals["reporting"]).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    add_year(db, copies=1, year=2032)
    add_year(db, copies=4, year=2033)
    queries(2032)  # warm-up: the integration token's last use is written at most once a minute
    small, large = queries(2032), queries(2033)
    assert small == large, (small, large)


def test_pure_statistics() -> None:
    values = [Decimal(v) for v in ("1", "2", "3", "4", "10", "20")]
    assert median(values) == Decimal("3.5") and percentile(values, 90) == Decimal("20.0")
    assert median([Decimal(7)]) == Decimal("7.0") and percentile([], 90) is None
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
    rows = [{"a": "x", "b": "y"}] * 5 + [{"a": "z", "b": "y"}]
    safe = k_anonymise(rows, ["a", "b"], k=5)
    assert [(r["a"], r["b"]) for r in safe] == [("x", "y")] * 5 + [("*", "*")]
    assert safe[5]["suppressed"] == ["a", "b"] and safe[0]["suppressed"] == []


def test_the_script_writes_the_year_in_one_run(client: TestClient, principals: Principals, year: dict,
                                              tmp_path) -> None:  # noqa: ANN001
    import json
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "scripts"))
    from annual_report import write_report

    client.headers.update(principals["reporting"])
    files = write_report(client, YEAR, tmp_path / "bilans")
    assert sorted(p.name for p in files) == ["bilan-slime-2031.csv", "bilan-slime-2031.json", "bilan-slime-2031.xlsx",
                                             "cas-slime-2031.csv"]
    assert json.loads((tmp_path / "bilans" / "bilan-slime-2031.json").read_text())["total"]["visits_done"] == 6
    assert load_workbook(tmp_path / "bilans" / "bilan-slime-2031.xlsx")["Délais"]["C2"].value == 3.5
    client.headers.update(principals["referrer"])
    with pytest.raises(SystemExit, match="403"):
        write_report(client, YEAR, tmp_path / "refused")


def test_a_visit_outside_the_campaign_units_is_counted_apart(client: TestClient, principals: Principals,
                                                             db: Session, year: dict) -> None:
    outside = db.exec(select(Household).where(Household.last_name == "Girard")).one()  # unit Dole, not in 2031
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    db.add(Visit(household_id=outside.id, coordinator_id=coordinator.id, advisor_id=coordinator.id, status="done",
                 starts_at=datetime(2031, 6, 3, 9, tzinfo=UTC), ends_at=datetime(2031, 6, 3, 11, tzinfo=UTC)))
    db.commit()
    r = client.get(f"/api/v1/reporting/annual/{YEAR}", headers=principals["manager"]).json()
    assert r["visits_outside_campaign_units"] is None  # 1: hidden
    assert r["total"]["visits_done"] == 6  # the objective counts the campaign's units only
    assert r["cost"]["households_visited"] == 7  # the household is in the year's activity all the same
