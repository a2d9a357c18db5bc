"""Measured impact of a household's visit, for its follow-up and the annual report.

The visit is the household's first done visit. Bills that end before its date are the baseline, bills
that start on or after it are the measure; a bill whose period contains the visit date is in neither.
Both windows are annualised by api.services.analysis.years_of, the heating part is corrected with the
yearly degree-days in force, and the result is compared with the estimated savings of the works marked
done (their estimate in the report's works list) and of the small equipment installed at the visit.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from api import clock
from api.access import Principal
from api.energy.impact import EstimatedSaving, MeasuredImpact, Window, measure
from api.energy.reference import ReferenceData
from api.energy.units import Energy
from api.energy.works import LABELS as WORK_LABELS
from api.models import (
    BillEntry,
    Dwelling,
    EquipmentItem,
    Report,
    TechnicalDiagnostic,
    Visit,
    WorksUpdate,
)
from api.models.base import as_utc, id_of
from api.schemas.impact import (
    EnergyImpactRead,
    EstimatedSavingRead,
    MeasuredImpactRead,
    WindowRead,
)
from api.services import audit, reference_data, scope
from api.services.analysis import years_of

HEATING_USES = ("heating", "both")


def split_bills(bills: Iterable[Any], visit_date: date) -> tuple[list[Any], list[Any], int]:
    """(before, after, straddling): by period end / start, or by delivery date."""
    before: list[Any] = []
    after: list[Any] = []
    straddling = 0
    for bill in bills:
        if bill.delivery_date is not None:
            (before if bill.delivery_date < visit_date else after).append(bill)
        elif bill.period_end < visit_date:
            before.append(bill)
        elif bill.period_start >= visit_date:
            after.append(bill)
        else:
            straddling += 1
    return before, after, straddling


def window(bills: Sequence[Any]) -> Window | None:
    days = [d for b in bills for d in (b.period_start, b.period_end, b.delivery_date) if d is not None]
    return Window(min(days), max(days)) if days else None


def heating_shares(technical: dict | None, main_heating: str | None, baseline_kwh: dict[Energy, Decimal],
                   reference: ReferenceData) -> dict[Energy, Decimal]:
    """The share of each energy corrected for the climate: 1 for a fuel that heats the home (its hot
    water and cooking are corrected with it: a stated limit), for electricity that heats the home its
    bill less the specific uses (reference assumption), 0 for energies that do not heat."""
    energies = {s["energy"] for s in (technical or {}).get("systems", []) if s.get("use") in HEATING_USES}
    if main_heating:
        energies.add("electricity" if main_heating == "heat_pump" else main_heating)
    shares: dict[Energy, Decimal] = {}
    for value in energies:
        if value not in Energy.__members__:
            continue
        energy = Energy(value)
        if energy == Energy.electricity:
            specific = reference.maybe("assumption", "specific_electricity_kwh")
            total = baseline_kwh.get(energy)
            shares[energy] = (Decimal(1) if specific is None or not total
                              else max(total - specific, Decimal(0)) / total)
        else:
            shares[energy] = Decimal(1)
    return shares


def degree_days(reference: ReferenceData, windows: Iterable[Window | None]) -> dict[int, Decimal | None]:
    years = {y for w in windows if w for y in range(w.start.year, w.end.year + 1)}
    return {y: reference.maybe("degree_days_year", str(y)) for y in years}


def estimated_savings(works_done: Iterable[tuple[int, int]], report_works: dict[int, list[dict]],
                      technical: dict | None, catalogue: dict[str, Any]) -> list[EstimatedSaving]:
    """Works marked done (report, priority), with the estimate the report carried; and the small equipment
    installed at the visit, with the catalogue's yearly saving (energy not stated: kWh only)."""
    out = []
    for report_id, priority in sorted(set(works_done)):
        item = next((w for w in report_works.get(report_id, []) if w.get("priority") == priority), None)
        if item is None:
            continue
        code = item.get("work", "")
        saving_kwh, saving_eur = item.get("saving_kwh"), item.get("saving_eur")
        out.append(EstimatedSaving("work", code, WORK_LABELS.get(code, item.get("description", code)),
                                   None if saving_kwh is None else Decimal(str(saving_kwh)),
                                   None if saving_eur is None else Decimal(str(saving_eur))))
    for installed in (technical or {}).get("equipment_installed", []):
        entry = catalogue.get(installed["code"])
        if entry is None:
            continue
        quantity = int(installed.get("quantity", 1))
        out.append(EstimatedSaving("eco_gesture", entry.code, f"{entry.name} × {quantity}",
                                   entry.yearly_saving_kwh * quantity, None))
    return out


def compute(bills: Sequence[Any], visit_date: date, technical: dict | None, main_heating: str | None,
            estimated: list[EstimatedSaving], reference: ReferenceData) -> tuple[MeasuredImpact, list[Any], list[Any], int]:
    """The pure part, shared by the household page and the annual report."""
    before, after, straddling = split_bills(bills, visit_date)
    baseline_years, after_years = years_of(before, reference), years_of(after, reference)
    baseline_window, after_window = window(before), window(after)
    shares = heating_shares(technical, main_heating, {y.energy: y.kwh_per_year for y in baseline_years
                                                      if y.kwh_per_year}, reference)
    result = measure(baseline_years=baseline_years, after_years=after_years, baseline=baseline_window,
                     after=after_window, heating_share=shares,
                     degree_days=degree_days(reference, (baseline_window, after_window)),
                     normal_degree_days=reference.maybe("degree_days_normal", "jura"), estimated=estimated)
    return result, before, after, straddling


def first_done_visit(session: Session, household_id: int) -> Visit | None:
    return session.exec(select(Visit).where(Visit.household_id == household_id, Visit.status == "done")
                        .order_by(col(Visit.starts_at), col(Visit.id))).first()


def measured_impact(session: Session, principal: Principal, household_id: int,
                    on: date | None = None) -> MeasuredImpactRead:
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    on = on or clock.today()
    visit = first_done_visit(session, household.id)
    audit.record(session, principal, "read", "measured_impact", household.id, household_id=household.id)
    if visit is None:
        return MeasuredImpactRead(
            household_id=household.id, visit_id=None, visit_date=None, reference_date=on, baseline=None, after=None,
            bills_straddling_visit=0, energies=[], baseline_kwh=None, after_kwh=None, change_kwh=None,
            change_eur=None, corrected_change_kwh=None, corrected_change_eur=None, climate_corrected=False,
            climate_note="", estimated=[], estimated_kwh=Decimal(0), measured_saving_kwh=None,
            share_of_estimate=None, explanation="Impact mesuré non calculable : aucune visite réalisée.")
    visit_date = as_utc(visit.starts_at).date()
    reference = reference_data.in_force(session, on)
    bills = session.exec(select(BillEntry).where(BillEntry.household_id == household.id)).all()
    technical_row = session.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.visit_id == visit.id)).first()
    technical = technical_row.data if technical_row else None
    dwelling = session.exec(select(Dwelling).where(Dwelling.household_id == household.id)).first()
    done = session.exec(select(WorksUpdate.report_id, WorksUpdate.work_priority)
                        .where(WorksUpdate.household_id == household.id, WorksUpdate.status == "done")).all()
    report_works = dict(session.exec(select(Report.id, Report.works).where(
        col(Report.id).in_({r for r, _ in done}))).all()) if done else {}
    catalogue = {e.code: e for e in session.exec(select(EquipmentItem)).all()}
    # SQLModel types the selected report id `int | None` and the JSON list `Sequence[Any]`.
    estimated = estimated_savings(done, report_works, technical, catalogue)  # type: ignore[arg-type]
    result, before, after, straddling = compute(bills, visit_date, technical,
                                                dwelling.main_heating_energy if dwelling else None, estimated, reference)
    return read_model(household.id, id_of(visit), visit_date, on, result, len(before), len(after), straddling)


def read_model(household_id: int, visit_id: int | None, visit_date: date | None, on: date, result: MeasuredImpact,
               before_count: int, after_count: int, straddling: int) -> MeasuredImpactRead:
    def window_read(w: Window | None, count: int) -> WindowRead | None:
        return WindowRead(start=w.start, end=w.end, bills=count) if w else None

    return MeasuredImpactRead(
        household_id=household_id, visit_id=visit_id, visit_date=visit_date, reference_date=on,
        baseline=window_read(result.baseline, before_count), after=window_read(result.after, after_count),
        bills_straddling_visit=straddling, energies=[EnergyImpactRead(**vars(e)) for e in result.energies],
        baseline_kwh=result.baseline_kwh, after_kwh=result.after_kwh, change_kwh=result.change_kwh,
        change_eur=result.change_eur, corrected_change_kwh=result.corrected_change_kwh,
        corrected_change_eur=result.corrected_change_eur, climate_corrected=result.climate_corrected,
        climate_note=result.climate_note, estimated=[EstimatedSavingRead(**vars(e)) for e in result.estimated],
        estimated_kwh=result.estimated_kwh, measured_saving_kwh=result.measured_saving_kwh,
        share_of_estimate=result.share_of_estimate, explanation=result.explanation)
