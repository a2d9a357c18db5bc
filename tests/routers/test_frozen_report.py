"""Frozen figures (issue 15, point 7): a validated report keeps the analysis, the works estimate and the
reference values it was computed with; a later correction of reference data never changes what it
shows nor what its PDFs print. GET /reports/{id}/analysis gives them, with their reference date."""

import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from api.models import AdvisorAssignment, Household, ReferenceValue, Report, User, Visit
from api.services import reports as reports_service
from api.services.availability import DEFAULT_ZONE
from tests.helpers import Principals
from tests.workflow.test_reports import compiled, move, validated

VUILLET = 5  # demo household: propane bills, social and technical diagnostics (api/demo.py, index 4)


@pytest.fixture
def visit(db: Session) -> Visit:
    """Yesterday's visit of Claire and Lucas to the Vuillet household, done."""
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    assert db.get(Household, VUILLET).last_name == "Vuillet"
    start = datetime.now(UTC) - timedelta(days=1)
    visit = Visit(household_id=VUILLET, coordinator_id=claire.id, advisor_id=lucas.id, starts_at=start,
                  ends_at=start + timedelta(hours=2), status="done")
    db.add(visit)
    db.commit()
    return visit


def figures(client: TestClient, principals: Principals, report_id: int, who: str = "coordinator") -> dict:
    response = client.get(f"/api/v1/reports/{report_id}/analysis", headers=principals[who])
    assert response.status_code == 200, response.text
    return response.json()


def pdfs(client: TestClient, principals: Principals, report_id: int) -> dict[str, bytes]:
    copies = {}
    for recipient in ("household", "prescriber", "landlord"):
        response = client.get(f"/api/v1/reports/{report_id}/pdf", params={"recipient": recipient},
                              headers=principals["coordinator"])
        assert response.status_code == 200
        copies[recipient] = response.content
    return copies


def correct_reference_data(db: Session) -> None:
    """What an administrator may do after the validation: a corrected value in place (the propane price
    and the TEE thresholds), and a new row valid from a past date (the propane kg factor), both in force
    today for any recomputation."""
    for table, key, value in (("fallback_price", "propane", "0.19"), ("threshold", "tee_slime", "0.12"),
                              ("threshold", "tee_onpe", "0.05")):
        for row in db.exec(select(ReferenceValue).where(ReferenceValue.table_name == table,
                                                        ReferenceValue.key == key)).all():
            row.value = value
            db.add(row)
    db.add(ReferenceValue(table_name="kwh_per_unit", key="propane/kg", value="14", unit="kWh PCI par kg",
                          valid_from=date(2024, 1, 1), source="Test : correction rétroactive"))
    db.commit()


def test_a_validated_report_keeps_its_figures_when_reference_data_is_corrected(
    client: TestClient, principals: Principals, visit: Visit, db: Session
) -> None:
    report = validated(client, principals, visit)
    today = datetime.now(UTC).astimezone(DEFAULT_ZONE).date()
    assert report["reference_date"] == today.isoformat()
    before = figures(client, principals, report["id"])
    assert before["frozen"] is True and before["reference_date"] == today.isoformat()
    assert before["income_hidden"] is False and before["note"] is None
    analysis = before["analysis"]
    assert analysis["household_id"] == VUILLET and analysis["reference_date"] == today.isoformat()
    assert analysis["tee"]["value"] is not None  # the coordinator's view: the TEE's value
    assert before["works_estimate"]["household_id"] == VUILLET and before["works_estimate"]["items"]
    rows = {(r["table"], r["key"]): r for r in before["reference_rows"]}
    assert rows[("threshold", "tee_slime")]["value"] == "0.100000"
    assert rows[("kwh_per_unit", "propane/kg")]["value"] == "12.780000"
    assert rows[("kwh_per_unit", "propane/kg")]["valid_from"] == "2021-01-01"
    assert "ONPE" in rows[("threshold", "tee_slime")]["source"]
    live_before = client.get(f"/api/v1/households/{VUILLET}/analysis", headers=principals["coordinator"]).json()
    read_before = client.get(f"/api/v1/reports/{report['id']}", headers=principals["coordinator"]).json()
    copies_before = pdfs(client, principals, report["id"])

    correct_reference_data(db)

    # The correction is real: recomputed today, the household's figures move.
    live_after = client.get(f"/api/v1/households/{VUILLET}/analysis", headers=principals["coordinator"]).json()
    assert live_after["energies"] != live_before["energies"] and live_after["thresholds"] != live_before["thresholds"]
    # The report does not: its figures, its reference values, its read model and every PDF byte.
    after = figures(client, principals, report["id"])
    assert after == before
    assert client.get(f"/api/v1/reports/{report['id']}", headers=principals["coordinator"]).json() == read_before
    assert pdfs(client, principals, report["id"]) == copies_before


def test_the_pdf_states_the_reference_date(client: TestClient, principals: Principals, visit: Visit) -> None:
    report = validated(client, principals, visit)
    day = datetime.now(UTC).astimezone(DEFAULT_ZONE).date().strftime("%d/%m/%Y")
    for recipient, content in pdfs(client, principals, report["id"]).items():
        text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))
        assert f"Valeurs de référence (prix, facteurs de conversion) en vigueur le {day}." in text, recipient


def test_an_advisor_reads_the_frozen_analysis_without_income(
    client: TestClient, principals: Principals, visit: Visit, db: Session
) -> None:
    """Lucas, assigned to the household (through his visit), sees the frozen analysis as he sees the live
    one: the TEE as a band, no income per UC, no reste à vivre. The yearly income the coordinator's view
    shows (1 350 € × 12 = 16 200 € before aids, 16 200 / 1.3 UC = 12 461.54 € per UC) appears nowhere."""
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    assert db.exec(select(AdvisorAssignment).where(AdvisorAssignment.household_id == VUILLET,
                                                   AdvisorAssignment.user_id == lucas.id)).first() is not None
    report = validated(client, principals, visit)
    full = figures(client, principals, report["id"])
    hidden = figures(client, principals, report["id"], "advisor")
    assert hidden["income_hidden"] is True and full["income_hidden"] is False
    assert hidden["analysis"]["income_hidden"] is True
    assert hidden["analysis"]["tee"]["value"] is None and hidden["analysis"]["income_per_uc"]["value"] is None
    assert hidden["analysis"]["brde_inputs"]["value"] is None
    assert "Taux d'effort énergétique" in hidden["analysis"]["tee"]["explanation"]
    live = client.get(f"/api/v1/households/{VUILLET}/analysis", headers=principals["advisor"]).json()
    assert hidden["analysis"] == live  # the same hiding as the live analysis, on the same day
    assert full["analysis"]["income_per_uc"]["value"] == "12461.54"
    assert "16\u202f200" in full["analysis"]["income_per_uc"]["explanation"]  # the yearly income, in French
    rest = full["analysis"]["brde_inputs"]["value"]
    text = json.dumps(hidden, ensure_ascii=False)
    for amount in ("16200", "16\u202f200", "12461", "12\u202f461", rest.split(".")[0]):  # income, per UC, reste à vivre per UC
        assert amount not in text, amount


def test_before_validation_nothing_is_frozen(client: TestClient, principals: Principals, visit: Visit) -> None:
    report = compiled(client, principals, visit)
    assert report["reference_date"] is None
    draft = figures(client, principals, report["id"])
    assert (draft["frozen"], draft["analysis"], draft["reference_rows"]) == (False, None, [])
    assert "figés à la validation" in draft["note"]


def test_a_correction_is_frozen_again_with_the_values_of_its_own_validation(
    client: TestClient, principals: Principals, visit: Visit, db: Session
) -> None:
    report = validated(client, principals, visit)
    correct_reference_data(db)
    new = client.post(f"/api/v1/reports/{report['id']}/corrections", headers=principals["coordinator"]).json()
    assert new["reference_date"] is None  # a draft again: nothing frozen yet
    move(client, principals, "reports", new["id"], "coordinator", "submit", new["version"])
    done = move(client, principals, "reports", new["id"], "manager", "validate", new["version"] + 1)
    assert done.status_code == 200, done.text
    old_rows = {(r["table"], r["key"]): r["value"] for r in figures(client, principals, report["id"])["reference_rows"]}
    new_rows = {(r["table"], r["key"]): r["value"] for r in figures(client, principals, new["id"])["reference_rows"]}
    assert (old_rows[("threshold", "tee_slime")], new_rows[("threshold", "tee_slime")]) == ("0.100000", "0.120000")
    assert (old_rows[("kwh_per_unit", "propane/kg")], new_rows[("kwh_per_unit", "propane/kg")]) == \
        ("12.780000", "14.000000")


def test_without_a_technical_diagnostic_the_report_says_why_there_is_no_works_estimate(
    client: TestClient, principals: Principals, db: Session
) -> None:
    """Household 3 (Benali) has no technical diagnostic: the analysis is frozen, the estimate is not."""
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    start = datetime.now(UTC) - timedelta(days=1)
    visit = Visit(household_id=3, coordinator_id=claire.id, advisor_id=lucas.id, starts_at=start,
                  ends_at=start + timedelta(hours=2), status="done")
    db.add(visit)
    db.commit()
    report = validated(client, principals, visit)
    frozen = figures(client, principals, report["id"])
    assert frozen["frozen"] is True and frozen["analysis"]["household_id"] == 3
    assert frozen["works_estimate"] is None
    assert frozen["note"].startswith("Pas d'estimation des travaux : ") and "diagnostic technique" in frozen["note"]



def test_an_advisor_reads_the_frozen_works_estimate_without_the_social_figures(
    client: TestClient, principals: Principals, visit: Visit, db: Session
) -> None:
    """The works estimate is frozen with the social team's figures (TEE and reste à vivre per UC before and
    after each scenario); a reader without income_read gets it as the live estimate gives it to him: without
    them. (Checked on the service function: GET /reports/{id}/analysis as the advisor fails earlier, on the
    frozen analysis, see test_an_advisor_reads_the_frozen_analysis_without_income.)"""
    report = validated(client, principals, visit)
    frozen = db.get(Report, report["id"]).frozen_works_estimate
    money = frozen["scenarios"][0]["money"]
    assert money["tee_before"] is not None and money["reste_a_vivre_uc_before_eur"] is not None
    assert figures(client, principals, report["id"])["works_estimate"] == frozen  # the social team: in full
    hidden = reports_service._works_without_income(frozen)
    live = client.get(f"/api/v1/households/{VUILLET}/works-estimate", headers=principals["advisor"]).json()
    for kept, now in zip(hidden["scenarios"], live["scenarios"], strict=True):
        assert kept["money"] == now["money"]
    text = json.dumps(hidden, ensure_ascii=False)
    for value in (money["tee_before"], money["tee_after"], money["reste_a_vivre_uc_before_eur"],
                  money["reste_a_vivre_uc_after_eur"], money["tee_before_display"]):
        assert value not in text, value
