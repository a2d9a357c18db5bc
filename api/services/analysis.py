"""The energy analysis of a household, recomputed from what is stored.

Reads the bills, the members, the social diagnostic and the latest technical diagnostic, the
reference values in force today, and hands them to the pure functions of api.energy.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from api.access import Principal, Scope
from api.energy.bills import Bill, EnergyYear, annualise
from api.energy.household import consumption_units
from api.energy.indicators import compute
from api.energy.reference import ReferenceData
from api.energy.units import Energy
from api.models import BillEntry, Dwelling as DwellingRow, HouseholdMember
from api.schemas.analysis import Analysis, EnergyYearRead, FigureRead
from api.schemas.diagnostics import SocialDiagnosticData
from api.services import audit, diagnostics, reference_data
from api.services import scope


def household_years(session: Session, household_id: int, reference: ReferenceData) -> list[EnergyYear]:
    return years_of(session.exec(select(BillEntry).where(BillEntry.household_id == household_id)).all(), reference)


def years_of(bills: Sequence[Any], reference: ReferenceData) -> list[EnergyYear]:
    """Stored bill rows, annualised per energy (the same for one household page or a yearly report)."""
    return annualise([
        Bill(energy=Energy(b.energy), quantity=b.quantity, unit=b.unit, amount_eur=b.amount_eur,
             period_start=b.period_start, period_end=b.period_end, delivery_date=b.delivery_date,
             gas_coefficient=b.gas_coefficient, unpaid_eur=b.unpaid_eur, estimated=b.estimated)
        for b in bills], reference.kwh_per_unit(), reference.get("pcs_pci_ratio", "natural_gas"))


def _figure(figure) -> FigureRead:  # noqa: ANN001
    return FigureRead(value=figure.value, unit=figure.unit, explanation=figure.explanation, inputs=figure.inputs)


def analyse(session: Session, principal: Principal, household_id: int, on: date | None = None) -> Analysis:
    household = scope.get_household(session, principal, household_id)
    on = on or date.today()
    reference = reference_data.in_force(session, on)
    years = household_years(session, household.id, reference)
    birth_years = session.exec(select(HouseholdMember.birth_year).where(HouseholdMember.household_id == household.id)).all()
    units = consumption_units(birth_years, on.year)
    social = diagnostics.social_row(session, household.id)
    social_data = SocialDiagnosticData.model_validate(social.data) if social else None
    surface = _surface(session, household.id)
    result = compute(
        years=years, yearly_income=diagnostics.yearly_income(social_data) if social_data else None,
        consumption_units=units,
        housing_costs_excluding_energy=diagnostics.housing_costs(social_data) if social_data else None,
        surface_m2=surface, thresholds=reference.table("threshold"), deciles=reference.table("income_decile"),
        primary_factors=reference.table("primary_energy_factor"), class_bounds=reference.table("class_upper_bound"),
    )
    audit.record(session, principal, "read", "analysis", household.id, household_id=household.id)
    analysis = Analysis(
        household_id=household.id, reference_date=on,
        energies=[EnergyYearRead(**vars(y)) for y in years],
        energy_spending=_figure(result.energy_spending), water_spending=_figure(result.water_spending),
        unpaid_total=_figure(result.unpaid_total), consumption_units=_figure(result.consumption_units),
        income_per_uc=_figure(result.income_per_uc), decile=_figure(result.decile), tee=_figure(result.tee),
        tee_above_slime_threshold=result.tee_above_slime_threshold,
        tee_above_onpe_threshold=result.tee_above_onpe_threshold, tee_3d=result.tee_3d,
        brde_inputs=_figure(result.brde_inputs), kwh_per_m2=_figure(result.kwh_per_m2),
        estimated_class=_figure(result.estimated_class),
        thresholds={k: v for k, v in reference.table("threshold").items() if k.startswith("tee")},
    )
    return analysis if principal.can(Scope.income_read) else without_income(analysis, result.tee.value,
                                                                             result.brde_inputs.value, reference)


def without_income(analysis: Analysis, tee: Decimal | None, reste_a_vivre_uc: Decimal | None,
                   reference: ReferenceData) -> Analysis:
    """The advisor's view: bands and booleans only. Any amount tied to income (the TEE's value, the
    income per UC, the BRDE's reste à vivre and its inputs) would let the income be worked back."""
    slime, onpe = reference.table("threshold")["tee_slime"], reference.table("threshold")["tee_onpe"]
    if tee is None:
        band = "non calculable (revenu non saisi)"
    elif tee > slime:
        band = f"au-dessus de {_percent(slime)}"
    elif tee > onpe:
        band = f"entre {_percent(onpe)} et {_percent(slime)}"
    else:
        band = f"sous {_percent(onpe)}"
    reserved = "Montant réservé à l'équipe sociale."
    median, share = reference.table("income_decile").get("D5"), reference.table("threshold").get("brde_income_share_of_median")
    if reste_a_vivre_uc is None or not median or not share:
        brde = "BRDE : non calculable."
    else:
        below = "oui" if reste_a_vivre_uc < median * share else "non"
        brde = f"BRDE : reste à vivre par UC sous {_percent(share)} du revenu médian : {below}."
    return analysis.model_copy(update={
        "tee": FigureRead(value=None, unit="tranche", explanation=f"Taux d'effort énergétique {band}. {reserved}",
                          inputs={}),
        "income_per_uc": FigureRead(value=None, unit="", explanation=reserved, inputs={}),
        "brde_inputs": FigureRead(value=None, unit="", explanation=f"{brde} {reserved}", inputs={}),
        "income_hidden": True,
    })


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f} %".replace(".", ",")


def _surface(session: Session, household_id: int) -> Decimal | None:
    technical = diagnostics.latest_technical(session, household_id)
    if technical is not None:
        return Decimal(str(technical.data["surface_m2"]))
    dwelling = session.exec(select(DwellingRow).where(DwellingRow.household_id == household_id)).first()
    return dwelling.surface_m2 if dwelling else None
