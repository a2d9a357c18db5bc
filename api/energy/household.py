"""Household composition figures."""

from collections.abc import Iterable
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
