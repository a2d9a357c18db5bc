"""Income figures of a household (api/energy/household.py): pure, from the social diagnostic's amounts."""

from datetime import date
from decimal import Decimal

from api.energy.household import (
    cheque_energie_received,
    income_per_uc,
    monthly_resources,
    tax_household_persons,
    yearly_housing_costs,
    yearly_income,
)

D = Decimal


def test_yearly_income_is_monthly_resources_times_twelve_to_the_cent() -> None:
    """Salary 1 234.567 € + APL 215.50 € = 1 450.067 €/month; × 12 = 17 400.804 → 17 400.80 €."""
    assert monthly_resources([D("1234.567"), D("215.50")]) == D("1450.067")
    assert yearly_income([D("1234.567"), D("215.50")]) == D("17400.80")
    assert yearly_income([]) == D("0.00")


def test_housing_costs_are_gross_and_yearly() -> None:
    """Rent 520 € + charges 65.555 € a month: 585.555 × 12 = 7 026.66 € (half-up), the APL not subtracted."""
    assert yearly_housing_costs([D("520"), D("65.555")]) == D("7026.66")


def test_cheques_of_the_year_only_an_undated_one_counts_in_it() -> None:
    """277 € received in 2025, 194 € without a date, 146 € received in 2024: for 2025, 277 + 194 = 471 €."""
    cheques = [(D("277"), date(2025, 4, 2)), (D("194"), None), (D("146"), date(2024, 4, 2))]
    assert cheque_energie_received(cheques, 2025) == D("471.00")
    assert cheque_energie_received(cheques, 2024) == D("340.00")


def test_income_per_uc_needs_income_and_members() -> None:
    """16 440 € for 1.6 UC = 10 275 € per UC."""
    assert income_per_uc(D("16440"), D("1.6")) == D("10275")
    assert income_per_uc(D("0"), D("1.6")) is None and income_per_uc(D("16440"), D("0")) is None
    assert income_per_uc(None, D("1")) is None


def test_persons_of_the_tax_notice_else_the_members() -> None:
    assert tax_household_persons(3, 2) == 3
    assert tax_household_persons(None, 2) == 2 and tax_household_persons(0, 2) == 2
    assert tax_household_persons(None, 0) is None
