"""Bill annualisation against cases computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from api.energy.bills import Bill, annualise
from api.energy.reference import default_reference
from api.energy.units import Energy, Unit, UnitError, check_unit, to_kwh

FACTORS = default_reference(date(2026, 11, 1)).kwh_per_unit()
D = Decimal


def test_a_year_of_electricity_on_two_bills() -> None:
    """01/01–30/06/2025 (181 days): 2 100 kWh, 520,40 €; 01/07–31/12/2025 (184 days): 2 400 kWh, 580,10 €.

    365 days in all, so no extrapolation: 4 500 kWh and 1 100,50 € a year.
    """
    [year] = annualise([
        Bill(Energy.electricity, D(2100), Unit.kwh, D("520.40"), date(2025, 1, 1), date(2025, 6, 30)),
        Bill(Energy.electricity, D(2400), Unit.kwh, D("580.10"), date(2025, 7, 1), date(2025, 12, 31)),
    ], FACTORS)
    assert (year.kwh_per_year, year.eur_per_year, year.days_covered, year.extrapolated) == (D(4500), D("1100.50"), 365, False)


def test_gas_in_cubic_metres_with_the_bill_coefficient() -> None:
    """1 000 m³ × 10,8 kWh PCS/m³ (coefficient on the bill) = 10 800 kWh PCS; ÷ 1,11 = 9 729,7 → 9 730 kWh PCI.

    The period 01/03/2025–28/02/2026 is 365 days: the amount stays 812,00 €.
    """
    [year] = annualise([Bill(Energy.natural_gas, D(1000), Unit.m3_gas, D("812.00"), date(2025, 3, 1),
                             date(2026, 2, 28), gas_coefficient=D("10.8"))], FACTORS)
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(9730), D("812.00"), False)


def test_ninety_days_are_extrapolated_to_a_year() -> None:
    """01/01–31/03/2026 is 90 days: 1 800 kWh × 365/90 = 7 300 kWh; 450 € × 365/90 = 1 825,00 €."""
    [year] = annualise([Bill(Energy.electricity, D(1800), Unit.kwh, D(450), date(2026, 1, 1), date(2026, 3, 31))],
                       FACTORS)
    assert (year.kwh_per_year, year.eur_per_year, year.days_covered, year.extrapolated) == (D(7300), D("1825.00"), 90, True)
    assert "90 jours" in year.notes[0]


def test_fuel_oil_deliveries_in_litres() -> None:
    """1 000 L on 01/10/2024 (1 150 €), 900 L on 01/10/2025: the first delivery was burnt over 365 days.

    1 000 L × 10 kWh/L = 10 000 kWh × 365/365; 1 150 € a year. The last delivery is still in the tank.
    """
    [year] = annualise([
        Bill(Energy.fuel_oil, D(1000), Unit.litre, D(1150), delivery_date=date(2024, 10, 1)),
        Bill(Energy.fuel_oil, D(900), Unit.litre, D(1020), delivery_date=date(2025, 10, 1)),
    ], FACTORS)
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(10000), D("1150.00"), False)
    assert year.method == "moyenne des livraisons"


def test_wood_in_steres_single_delivery() -> None:
    """8 stères × 1 700 kWh/stère = 13 600 kWh, 560 €; one delivery is assumed to last a year (flagged)."""
    [year] = annualise([Bill(Energy.wood_logs, D(8), Unit.stere, D(560), delivery_date=date(2025, 9, 15))], FACTORS)
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(13600), D("560.00"), True)
    assert "Hypothèse" in year.notes[0]


def test_water_stays_in_cubic_metres() -> None:
    """60 m³ over 182 days (01/01–01/07/2026): 60 × 365/182 = 120,33 m³ and 240 € × 365/182 = 481,32 €."""
    [year] = annualise([Bill(Energy.water, D(60), Unit.m3_water, D(240), date(2026, 1, 1), date(2026, 7, 1))], FACTORS)
    assert (year.kwh_per_year, year.m3_per_year, year.eur_per_year) == (None, D("120.33"), D("481.32"))


def test_unpaid_amounts_add_up() -> None:
    [year] = annualise([
        Bill(Energy.electricity, D(100), Unit.kwh, D(30), date(2026, 1, 1), date(2026, 1, 31), unpaid_eur=D("30")),
        Bill(Energy.electricity, D(100), Unit.kwh, D(30), date(2026, 2, 1), date(2026, 2, 28), unpaid_eur=D("12.50")),
    ], FACTORS)
    assert year.unpaid_eur == D("42.50")


@pytest.mark.parametrize(("energy", "unit"), [(Energy.electricity, Unit.litre), (Energy.fuel_oil, Unit.stere),
                                              (Energy.water, Unit.kwh), (Energy.wood_pellets, Unit.m3_gas)])
def test_unit_must_fit_the_energy(energy: Energy, unit: Unit) -> None:
    with pytest.raises(UnitError, match="impossible"):
        check_unit(energy, unit)


def test_gas_in_cubic_metres_needs_its_coefficient() -> None:
    with pytest.raises(UnitError, match="coefficient"):
        to_kwh(Energy.natural_gas, D(100), Unit.m3_gas, FACTORS)


def test_reference_data_takes_the_latest_row_in_force() -> None:
    from api.energy.reference import ReferenceData, ReferenceRow
    rows = [ReferenceRow("fallback_price", "electricity", D("0.25"), "€", date(2024, 2, 1), "old"),
            ReferenceRow("fallback_price", "electricity", D("0.2016"), "€", date(2025, 2, 1), "new"),
            ReferenceRow("fallback_price", "electricity", D("0.19"), "€", date(2027, 2, 1), "future")]
    assert ReferenceData.at(rows, date(2026, 1, 1)).get("fallback_price", "electricity") == D("0.2016")
    assert ReferenceData.at(rows, date(2024, 6, 1)).get("fallback_price", "electricity") == D("0.25")
