"""Measured impact: a household before and after works, corrected with yearly degree-days (test rows,
since the seeded Jura values are « à renseigner »)."""

from datetime import date
from decimal import Decimal

from api.energy.bills import Bill, annualise
from api.energy.impact import EstimatedSaving, Window, climate_index, days_per_year, measure
from api.energy.reference import default_reference
from api.energy.units import Energy, Unit

D = Decimal
FACTORS = default_reference(date(2025, 6, 1))
DJU = {2023: D("2400"), 2024: D("2400"), 2025: D("2000")}
NORMAL = D("2500")
BEFORE, AFTER = Window(date(2023, 1, 1), date(2023, 12, 31)), Window(date(2025, 1, 1), date(2025, 12, 31))
ESTIMATED = [EstimatedSaving("work", "wall_outside", "Isolation des murs par l'extérieur", D("3000"), D("330")),
             EstimatedSaving("eco_gesture", "led_bulb", "Ampoule LED", D("300"), None)]


def gas(start: date, end: date, kwh_pcs: str, eur: str) -> Bill:
    return Bill(Energy.natural_gas, D(kwh_pcs), Unit.kwh, D(eur), period_start=start, period_end=end)


def test_days_per_year_and_a_window_across_two_winters() -> None:
    """1 July 2024 – 30 June 2025: 184 days in 2024, 181 in 2025; index = (184 × 2 400 + 181 × 2 000) ÷ 365
    = 803 600 ÷ 365 = 2 201,64 DJU."""
    window = Window(date(2024, 7, 1), date(2025, 6, 30))
    assert days_per_year(window) == {2024: 184, 2025: 181}
    index, missing = climate_index(window, DJU)
    assert missing == [] and index.quantize(D("0.01")) == D("2201.64")
    assert climate_index(Window(date(2026, 1, 1), date(2026, 3, 1)), DJU) == (None, [2026])


def test_before_and_after_works_with_degree_day_correction() -> None:
    """Gas, 80 % of it heating. Before (2023, 2 400 DJU): 16 650 kWh PCS ÷ 1,11 = 15 000 kWh PCI, 1 500 €.
    After (2025, a mild 2 000 DJU): 11 100 ÷ 1,11 = 10 000 kWh, 1 100 €. Raw change −5 000 kWh, −400 €.
    To a normal year (2 500 DJU): before 15 000 − 12 000 + 12 000 × 2 500/2 400 = 15 500;
    after 10 000 − 8 000 + 8 000 × 2 500/2 000 = 12 000; corrected change −3 500 kWh, valued at the price
    paid after (1 100 ÷ 10 000 = 0,11 €/kWh): −385 €. Estimated 3 000 + 300 = 3 300 kWh: measured 3 500,
    106 % of the estimate."""
    before = annualise([gas(date(2023, 1, 1), date(2023, 12, 31), "16650", "1500")], FACTORS)
    after = annualise([gas(date(2025, 1, 1), date(2025, 12, 31), "11100", "1100")], FACTORS)
    result = measure(baseline_years=before, after_years=after, baseline=BEFORE, after=AFTER,
                     heating_share={Energy.natural_gas: D("0.8")}, degree_days=DJU, normal_degree_days=NORMAL,
                     estimated=ESTIMATED)
    assert (result.baseline_kwh, result.after_kwh) == (D("15000"), D("10000"))
    assert (result.change_kwh, result.change_eur) == (D("-5000"), D("-400.00"))
    assert result.climate_corrected and result.corrected_change_kwh == D("-3500")
    assert result.corrected_change_eur == D("-385.00")
    assert result.estimated_kwh == D("3300") and result.measured_saving_kwh == D("3500")
    assert result.share_of_estimate.quantize(D("0.0001")) == D("1.0606")
    assert "106\u202f%" in result.explanation and "corrigée du climat : -3\u202f500\u202fkWh" in result.explanation


def test_without_degree_days_the_comparison_is_uncorrected_and_says_so() -> None:
    """The seeded Jura DJU are « à renseigner »: the raw change (−5 000 kWh) is the measured one."""
    reference = default_reference(date(2026, 6, 1))
    before = annualise([gas(date(2023, 1, 1), date(2023, 12, 31), "16650", "1500")], FACTORS)
    after = annualise([gas(date(2025, 1, 1), date(2025, 12, 31), "11100", "1100")], FACTORS)
    degree_days = {y: reference.maybe("degree_days_year", str(y)) for y in (2023, 2025)}
    result = measure(baseline_years=before, after_years=after, baseline=BEFORE, after=AFTER,
                     heating_share={Energy.natural_gas: D("1")}, degree_days=degree_days,
                     normal_degree_days=reference.maybe("degree_days_normal", "jura"), estimated=ESTIMATED)
    assert not result.climate_corrected and result.corrected_change_kwh is None
    assert result.measured_saving_kwh == D("5000")
    assert "non corrigée du climat : DJU 2023, DJU 2025, DJU de l'année normale à renseigner" in result.climate_note


def test_an_energy_on_one_side_only_stays_out_of_the_total() -> None:
    """Fuel oil before only (a heat pump replaced the boiler, or its bills were not entered): listed, not totalled."""
    before = annualise([gas(date(2023, 1, 1), date(2023, 12, 31), "11100", "1000"),
                        Bill(Energy.fuel_oil, D("500"), Unit.litre, D("600"), delivery_date=date(2023, 10, 1))], FACTORS)
    after = annualise([gas(date(2025, 1, 1), date(2025, 12, 31), "11100", "1100")], FACTORS)
    result = measure(baseline_years=before, after_years=after, baseline=BEFORE, after=AFTER, heating_share={},
                     degree_days=DJU, normal_degree_days=NORMAL, estimated=[])
    fuel = next(line for line in result.energies if line.energy == Energy.fuel_oil)
    assert not fuel.compared and "hors du total" in fuel.notes[0]
    assert result.baseline_kwh == D("10000") and result.change_kwh == D("0") and result.share_of_estimate is None


def test_no_bills_after_the_visit() -> None:
    result = measure(baseline_years=[], after_years=[], baseline=BEFORE, after=None, heating_share={},
                     degree_days=DJU, normal_degree_days=NORMAL, estimated=ESTIMATED)
    assert result.measured_saving_kwh is None
    assert result.explanation == "Impact mesuré non calculable : factures après la visite à saisir."
