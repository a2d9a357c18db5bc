"""A household's composition and income figures: consumption units (INSEE scale), yearly income, income
per UC. Pure: the services load the members and the social diagnostic's amounts and call these."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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


def income_per_uc(income: Decimal | None, units: Decimal | None) -> Decimal | None:
    """The exact income per consumption unit (niveau de vie); None without income or without members."""
    if not income or not units:
        return None
    return income / units


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def monthly_resources(monthly_amounts: Iterable[Decimal]) -> Decimal:
    """The household's resources of one month: the sum of its monthly incomes (the FSL counts these)."""
    return sum(monthly_amounts, Decimal(0))


def yearly_income(monthly_incomes: Iterable[Decimal]) -> Decimal:
    """Disposable income before aids (ONPE, CGDD headline TEE): monthly resources × 12, the housing benefit
    included, to the cent. The chèque énergie is not income (its effect is shown apart, « après chèque
    énergie »), nor is the FSL, which pays a debt: neither is among the monthly incomes."""
    return cents(monthly_resources(monthly_incomes) * 12)


def yearly_housing_costs(monthly_housing_charges: Iterable[Decimal]) -> Decimal:
    """Gross yearly rent, housing loan and charges (for the BRDE reste à vivre), to the cent. The housing
    benefit is not subtracted: it is counted once, in income."""
    return cents(sum(monthly_housing_charges, Decimal(0)) * 12)


def cheque_energie_received(cheques: Iterable[tuple[Decimal, date | None]], year: int) -> Decimal:
    """Chèques énergie (yearly amount, date received) received in `year`, to the cent; one without a date
    is taken as that year's."""
    return cents(sum((amount for amount, on in cheques if on is None or on.year == year), Decimal(0)))


def tax_household_persons(declared: int | None, members: int) -> int | None:
    """The number of persons the barèmes (Anah, chèque énergie, FSL) count: the tax notice's when entered,
    else the members entered; None when neither is known."""
    return declared or members or None


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
