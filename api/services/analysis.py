"""The energy analysis of a household, recomputed from what is stored.

Reads the bills, the members, the social diagnostic and the latest technical diagnostic, the
reference values in force on the analysis date, and hands them to the pure functions of api.energy.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from api import clock
from api.access import Principal, Scope
from api.energy import energy_class
from api.energy.bills import EnergyYear, Span, annualise, bills_year, seasonality_from
from api.energy.household import HouseholdFacts, consumption_units
from api.energy.indicators import Figure, compute
from api.energy.reference import ReferenceData, ReferenceRow
from api.energy.tee import tee_band, thresholds
from api.energy.units import Energy
from api.errors import NotFound
from api.models import BillEntry, Household, SocialDiagnostic, TechnicalDiagnostic
from api.models import Dwelling as DwellingRow
from api.schemas.analysis import (
    Analysis,
    EnergyYearRead,
    FigureRead,
    SourceRead,
    SpanRead,
)
from api.schemas.diagnostics import SocialDiagnosticData
from api.services import audit, diagnostics, households, reference_data, scope
from api.services.read_models import JsonRows


@dataclass(frozen=True)
class DwellingFacts:
    surface_m2: Decimal | None
    altitude_class: str | None
    heating_energy: Energy | None


def dwelling_facts(session: Session, household_id: int) -> DwellingFacts:
    """Surface, altitude and main heating energy: the latest technical diagnostic, else the dwelling
    entered with the household."""
    technical = diagnostics.latest_technical(session, household_id)
    dwelling = session.exec(select(DwellingRow).where(DwellingRow.household_id == household_id)).first()
    return dwelling_from(technical.data if technical else None, dwelling)


def dwelling_from(technical: dict[str, Any] | None, dwelling: Any) -> DwellingFacts:
    """The same facts from already loaded rows (the annual report loads them for a whole year)."""
    if technical and technical.get("surface_m2") is not None:
        main = next((s for s in technical.get("systems", [])
                     if s.get("main", True) and s.get("use") in ("heating", "both")), None)
        return DwellingFacts(Decimal(str(technical["surface_m2"])), technical.get("altitude_class"),
                             _energy_or_none(main.get("energy") if main else None))
    if dwelling is None:
        return DwellingFacts(None, None, None)
    return DwellingFacts(dwelling.surface_m2, str(dwelling.altitude_class),
                         _energy_or_none(dwelling.main_heating_energy))


def _energy_or_none(value: str | None) -> Energy | None:
    return Energy(value) if value in {e.value for e in Energy} else None


def household_years(session: Session, household_id: int, reference: ReferenceData) -> list[EnergyYear]:
    bills = session.exec(select(BillEntry).where(BillEntry.household_id == household_id)).all()
    return years_of(bills, reference, dwelling_facts(session, household_id))


def years_of(bills: Sequence[Any], reference: ReferenceData, dwelling: DwellingFacts | None = None) -> list[EnergyYear]:
    """Stored bill rows, annualised per energy: the same for one household page or a yearly report."""
    seasonality, reason = seasonality_from(reference, dwelling.altitude_class if dwelling else None,
                                           dwelling.heating_energy if dwelling else None)
    return annualise([diagnostics.energy_bill(b) for b in bills], reference, seasonality=seasonality,
                     linear_reason=reason)


def reference_year(years: list[EnergyYear], social_year: int | None, on: date) -> tuple[int, str]:
    """The year of the income and bills: the year the bills mostly cover, else the year the social
    diagnostic was written, else the analysis year. The annual report uses the same rule."""
    year = bills_year(years)
    if year is not None:
        return year, f"{year} : l'année la plus couverte par les factures."
    if social_year is not None:
        return social_year, f"{social_year} : pas de facture, année du diagnostic social."
    return on.year, f"{on.year} : ni facture ni diagnostic social, année de l'analyse."


def household_facts(social: SocialDiagnosticData | None, birth_years: Sequence[int], surface: Decimal | None,
                    year: int) -> HouseholdFacts:
    return HouseholdFacts(
        yearly_income=diagnostics.yearly_income(social) if social else None,
        cheque_energie=diagnostics.cheque_energie(social, year) if social else Decimal(0),
        housing_cost=diagnostics.housing_costs(social) if social and diagnostics.has_housing_cost(social) else None,
        consumption_units=consumption_units(birth_years, year), surface_m2=surface,
        felt_cold=social.felt_cold if social else None, reference_year=year)


def _source(row: ReferenceRow) -> SourceRead:
    return SourceRead(table=row.table, key=row.key, value=row.value, unit=row.unit, valid_from=row.valid_from,
                      source=row.source)


def _figure(figure: Figure) -> FigureRead:
    return FigureRead(value=figure.value, unit=figure.unit, display=figure.display, explanation=figure.explanation,
                      inputs=figure.inputs, calculable=figure.calculable, missing=list(figure.missing),
                      verdict=figure.verdict, uncertain=figure.uncertain, warnings=list(figure.warnings),
                      sources=[_source(r) for r in figure.sources])


def _span(span: Span) -> SpanRead:
    return SpanRead(start=span.start, end=span.end, days=span.days)


def _energy(year: EnergyYear) -> EnergyYearRead:
    return EnergyYearRead(
        energy=year.energy, kwh_per_year=year.kwh_per_year, kwh_unit=year.kwh_unit,
        kwh_pcs_per_year=year.kwh_pcs_per_year, m3_per_year=year.m3_per_year, eur_per_year=year.eur_per_year,
        days_covered=year.days_covered, extrapolated=year.extrapolated, estimated=year.estimated, method=year.method,
        bills_used=year.bills_used, unpaid_eur=year.unpaid_eur, overlaps=[_span(s) for s in year.overlaps],
        gaps=[_span(s) for s in year.gaps], notes=year.notes, sources=[_source(r) for r in year.sources])


@dataclass(frozen=True)
class _Inputs:
    dwelling: DwellingFacts
    bills: list[Any]
    social_data: dict[str, Any] | None
    social_updated_at: datetime | None
    birth_years: list[int]
    reference_fingerprint: tuple[object, ...]


# The bill columns the energy engine reads (diagnostics.energy_bill), for the analysis and the annual report.
BILL_COLUMNS: tuple[Any, ...] = (
    BillEntry.household_id, BillEntry.energy, BillEntry.quantity, BillEntry.unit, BillEntry.amount_eur,
    BillEntry.period_start, BillEntry.period_end, BillEntry.delivery_date, BillEntry.gas_coefficient,
    BillEntry.unpaid_eur, BillEntry.estimated, BillEntry.wood_species, BillEntry.wood_moisture,
    BillEntry.log_length_cm, BillEntry.kwh_per_unit)
_BILLS = JsonRows(**{c.key: c for c in BILL_COLUMNS})
_BILLS_OF_HOUSEHOLD = select(_BILLS.aggregate()).where(BillEntry.household_id == Household.id).scalar_subquery()
_LATEST_TECHNICAL = (select(TechnicalDiagnostic.data).where(TechnicalDiagnostic.household_id == Household.id)
                     .order_by(col(TechnicalDiagnostic.updated_at).desc(), col(TechnicalDiagnostic.id).desc())
                     .limit(1).scalar_subquery())


def _inputs(session: Session, principal: Principal, household_id: int) -> _Inputs:
    """Everything the analysis reads about a household, in one statement (404 when out of reach): its dwelling
    and latest technical diagnostic, bills (a JSON array, read_models.py), social diagnostic, members' birth
    years, and the reference values' fingerprint (the values themselves are kept in memory)."""
    row = session.exec(
        select(DwellingRow.id, DwellingRow.surface_m2, DwellingRow.altitude_class,  # type: ignore[call-overload]
               DwellingRow.main_heating_energy, _LATEST_TECHNICAL, _BILLS_OF_HOUSEHOLD, SocialDiagnostic.data,
               SocialDiagnostic.updated_at, households.BIRTH_YEARS, *reference_data.FINGERPRINT)
        .select_from(Household)
        .join(DwellingRow, col(DwellingRow.household_id) == Household.id, isouter=True)
        .join(SocialDiagnostic, col(SocialDiagnostic.household_id) == Household.id, isouter=True)
        .where(Household.id == household_id, scope.visible_households(principal))
    ).first()
    if row is None:
        raise NotFound("Ménage introuvable.")
    dwelling_id, surface, altitude, heating, technical, bills, social_data, social_at, years, *fingerprint = row
    dwelling = SimpleNamespace(surface_m2=surface, altitude_class=altitude, main_heating_energy=heating)
    return _Inputs(
        dwelling=dwelling_from(technical, dwelling if dwelling_id is not None else None),
        bills=_BILLS.decode(bills), social_data=social_data, social_updated_at=social_at,
        birth_years=households.birth_years(years), reference_fingerprint=tuple(fingerprint))


def analyse(session: Session, principal: Principal, household_id: int, on: date | None = None) -> Analysis:
    inputs = _inputs(session, principal, household_id)
    on = on or clock.today()
    reference = reference_data.in_force(session, on, inputs.reference_fingerprint)
    dwelling = inputs.dwelling
    years = years_of(inputs.bills, reference, dwelling)
    social = SocialDiagnosticData.model_validate(inputs.social_data) if inputs.social_data is not None else None
    year, rule = reference_year(years, inputs.social_updated_at.year if inputs.social_updated_at else None, on)
    facts = household_facts(social, inputs.birth_years, dwelling.surface_m2, year)
    estimated = energy_class.estimate(
        years, dwelling.surface_m2, reference, on=on, altitude_class=dwelling.altitude_class,
        main_heating_energy=dwelling.heating_energy,
        # Owned by the works estimate's assumptions; without it the class says it includes appliances.
        specific_electricity_kwh=reference.maybe("assumption", "specific_electricity_kwh"))
    result = compute(years=years, facts=facts, reference=reference, energy_class=estimated)
    audit.record(session, principal, "read", "analysis", household_id, household_id=household_id,
                 detail={"reference_date": on.isoformat(), "reference_year": year,
                         "income_hidden": not principal.can(Scope.income_read)})
    figures = {name: getattr(result, name) for name in (
        "energy_spending", "water_spending", "unpaid_total", "consumption_units", "income_per_uc", "decile", "tee",
        "tee_after_cheque", "brde_per_uc", "brde_per_m2", "kwh_per_m2", "estimated_class", "decency")}
    used: dict[tuple[str, str, date], ReferenceRow] = {}
    for row in [r for f in (*figures.values(), result.brde_reste_a_vivre) for r in f.sources] + \
            [r for y in years for r in y.sources]:
        used.setdefault((row.table, row.key, row.valid_from), row)
    analysis = Analysis(
        household_id=household_id, reference_date=on, reference_year=year, reference_year_rule=rule,
        energies=[_energy(y) for y in years], **{k: _figure(f) for k, f in figures.items()},
        tee_above_slime_threshold=result.tee_above_slime_threshold,
        tee_above_onpe_threshold=result.tee_above_onpe_threshold, tee_3d=result.tee_3d, fr_3d=result.fr_3d,
        brde_inputs=_figure(result.brde_reste_a_vivre),
        thresholds={k: v for k, v in reference.table("threshold").items() if k.startswith("tee")},
        sources=[_source(r) for r in sorted(used.values(), key=lambda r: (r.table, r.key))],
    )
    return analysis if principal.can(Scope.income_read) else without_income(analysis, reference, result.exact_tee)


def without_income(analysis: Analysis, reference: ReferenceData, exact_tee: Decimal | None = None) -> Analysis:
    """The advisor's view: bands and yes/no only. Any amount tied to income (the TEE's value and its
    « après chèque » variant, the income per UC, the reste à vivre and their inputs) would let the
    income be worked back. Works on the read model alone, so a frozen analysis is hidden the same way;
    the live analysis passes the exact TEE (the band of 0.10004 is « au-dessus de 10 % »)."""
    reserved = "Montant réservé à l'équipe sociale."
    bounds = thresholds(reference)

    def band(tee: Decimal | None) -> str:
        found = tee_band(tee, bounds)
        return "non calculable" if found is None else found.label

    def hide(figure: FigureRead, display: str, explanation: str, unit: str) -> FigureRead:
        return figure.model_copy(update={"value": None, "display": display, "explanation": explanation,
                                         "inputs": {}, "unit": unit})

    shown_band = band(exact_tee if exact_tee is not None else analysis.tee.value)
    warnings = " ".join(analysis.tee.warnings)
    rav = analysis.brde_inputs
    if rav.verdict is None:
        brde = "BRDE : reste à vivre par UC non calculable."
    else:
        brde = f"BRDE : reste à vivre par UC sous le seuil de 60 % du niveau de vie médian : " \
               f"{'oui' if rav.verdict else 'non'}."
    update: dict[str, Any] = {
        "tee": hide(analysis.tee, shown_band, f"Taux d'effort énergétique {shown_band}. {warnings} {reserved}"
                    .replace("  ", " "), "tranche"),
        "income_per_uc": hide(analysis.income_per_uc, "réservé", reserved, ""),
        "brde_inputs": hide(rav, "oui" if rav.verdict else "non" if rav.verdict is False else "non calculable",
                            f"{brde} {reserved}", ""),
        "income_hidden": True,
    }
    after = analysis.tee_after_cheque
    if after is not None:
        after_band = band(after.value) if after.calculable else "non calculable"
        update["tee_after_cheque"] = hide(after, after_band, f"Après chèque énergie : {after_band}. {reserved}",
                                          "tranche")
    return analysis.model_copy(update=update)
