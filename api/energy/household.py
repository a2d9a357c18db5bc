"""Household composition figures."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from api.energy.reference import INSEE_OECD_SCALE, ConsumptionUnitScale


def age_in_year(birth_year: int, year: int) -> int:
    """Age reached during `year`: only the birth year is collected (data minimisation)."""
    return max(year - birth_year, 0)


def consumption_units(
    birth_years: Iterable[int], year: int, scale: ConsumptionUnitScale = INSEE_OECD_SCALE
) -> Decimal:
    """1 for the first adult, 0.5 per other person aged 14+, 0.3 per child under 14.

    A household with no member of 14 or over still has a reference person: the eldest
    counts as the first adult.
    """
    ages = sorted((age_in_year(y, year) for y in birth_years), reverse=True)
    if not ages:
        return Decimal("0")
    total = scale.first_adult
    for age in ages[1:]:
        total += scale.other_adult if age >= scale.adult_from_age else scale.child
    return total


@dataclass(frozen=True)
class HouseholdFacts:
    """What the indicators need to know of a household, for its reference year (the year of its bills).

    `yearly_income` is disposable income before aids: monthly resources × 12, the housing benefit (APL)
    included, the chèque énergie and FSL not (the FSL pays a debt). `housing_cost` is the gross yearly
    rent, loan and charges: the APL is counted once, in income."""

    yearly_income: Decimal | None
    cheque_energie: Decimal
    housing_cost: Decimal | None
    consumption_units: Decimal
    surface_m2: Decimal | None
    felt_cold: bool | None
    reference_year: int
