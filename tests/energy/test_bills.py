"""Bill annualisation against cases computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from api.energy.bills import Bill, Seasonality, Span, annualise, bills_year, convert, seasonality_from
from api.energy.reference import ReferenceData, ReferenceRow, default_reference
from api.energy.units import Energy, Unit, UnitError, check_unit, to_kwh

REF = default_reference(date(2026, 11, 1))
FACTORS = REF.kwh_per_unit()
D = Decimal


def elec(kwh: str, eur: str, start: date, end: date, **extra) -> Bill:  # noqa: ANN003
    return Bill(Energy.electricity, D(kwh), Unit.kwh, D(eur), start, end, **extra)


def test_a_year_of_electricity_on_two_bills() -> None:
    """01/01–30/06/2025 (181 days): 2 100 kWh, 520,40 €; 01/07–31/12/2025 (184 days): 2 400 kWh, 580,10 €.

    365 days in all, so no extrapolation: 4 500 kWh and 1 100,50 € a year.
    """
    [year] = annualise([elec("2100", "520.40", date(2025, 1, 1), date(2025, 6, 30)),
                        elec("2400", "580.10", date(2025, 7, 1), date(2025, 12, 31))], REF)
    assert (year.kwh_per_year, year.eur_per_year, year.days_covered, year.extrapolated) == (D(4500), D("1100.50"), 365, False)
    assert year.kwh_unit == "kWh PCI" and year.gaps == [] and year.overlaps == []


def test_six_bimonthly_bills_sharing_reading_dates_cover_365_days() -> None:
    """01/01→01/03, 01/03→01/05, …, 01/11/2025→01/01/2026: each end reading is the next start reading.

    Counted both ends included they would make 371 days (−1,6 % once scaled); as readings they run
    59 + 61 + 61 + 62 + 61 + 61 = 365 days: 6 × 500 = 3 000 kWh and 6 × 100 = 600 € a year, no extrapolation.
    """
    readings = [date(2025, m, 1) for m in (1, 3, 5, 7, 9, 11)] + [date(2026, 1, 1)]
    bills = [elec("500", "100", start, end) for start, end in zip(readings, readings[1:], strict=False)]
    [year] = annualise(bills, REF)
    assert (year.days_covered, year.kwh_per_year, year.eur_per_year, year.extrapolated) == (365, D(3000), D("600.00"), False)
    assert year.overlaps == [] and year.gaps == []


def test_overlapping_estimated_and_regularisation_bills_prefer_the_regularisation() -> None:
    """Estimated 01/01–31/03/2025 (90 days, 1 800 kWh, 400 €); regularisation 01/03–31/12/2025 (306 days,
    3 060 kWh, 765 €, not estimated). Union: 365 days.

    01/01–28/02 (59 days): the estimated bill alone, 1 800 × 59/90 = 1 180 kWh, 400 × 59/90 = 262,22 €.
    01/03–31/03 (31 days): both; the regularisation wins (no average). 01/03–31/12: 3 060 kWh, 765 €.
    Year: 1 180 + 3 060 = 4 240 kWh; 262,22 + 765 = 1 027,22 €; the overlap is reported.
    """
    [year] = annualise([elec("1800", "400", date(2025, 1, 1), date(2025, 3, 31), estimated=True),
                        elec("3060", "765", date(2025, 3, 1), date(2025, 12, 31))], REF)
    assert (year.days_covered, year.kwh_per_year, year.eur_per_year) == (365, D(4240), D("1027.22"))
    assert year.overlaps == [Span(date(2025, 3, 1), date(2025, 3, 31))]
    assert any("du 01/03/2025 au 31/03/2025" in n and "non estimée" in n for n in year.notes)
    assert year.estimated is True  # January and February still rest on the estimated reading


def test_a_gap_between_periods_is_reported_and_not_counted() -> None:
    """01/01–31/03/2025 (90 days) and 01/05–31/12/2025 (245 days): April is missing (30 days).

    335 days covered: 3 350 kWh × 365/335 = 3 650 kWh, extrapolated.
    """
    [year] = annualise([elec("900", "200", date(2025, 1, 1), date(2025, 3, 31)),
                        elec("2450", "500", date(2025, 5, 1), date(2025, 12, 31))], REF)
    assert year.gaps == [Span(date(2025, 4, 1), date(2025, 4, 30))]
    assert (year.days_covered, year.kwh_per_year, year.extrapolated) == (335, D(3650), True)
    assert any("Aucune facture du 01/04/2025 au 30/04/2025 (30 jours)" in n for n in year.notes)


def test_ninety_winter_days_extrapolated_linearly_while_the_profile_is_to_fill() -> None:
    """01/01–31/03/2026 is 90 days: 1 800 kWh × 365/90 = 7 300 kWh; 450 € × 365/90 = 1 825,00 €.

    The monthly degree-hours are « à renseigner » in the seeded data: linear, and the note says why.
    """
    seasonality, reason = seasonality_from(REF, "below_400", Energy.electricity)
    assert seasonality == {} and reason == "profil mensuel des degrés-heures à renseigner"
    [year] = annualise([elec("1800", "450", date(2026, 1, 1), date(2026, 3, 31))], REF, seasonality=seasonality,
                       linear_reason=reason)
    assert (year.kwh_per_year, year.eur_per_year, year.days_covered, year.extrapolated) == (D(7300), D("1825.00"), 90, True)
    assert "90 jours" in year.notes[0] and "à renseigner" in year.notes[0]


def test_a_short_winter_period_is_extrapolated_by_degree_hours() -> None:
    """A profile of 1 000 °C·h in each of Jan, Feb, Mar, Oct, Nov, Dec (6 000 a year), heating 75 % of the bill.

    01/01–31/03/2026 (90 days) holds 3 000 / 6 000 = 0,5 of the degree-hours and 90/365 of the days:
    weight = 0,25 × 90/365 + 0,75 × 0,5 = 0,436644; 1 800 kWh ÷ 0,436644 = 4 122 kWh (linear: 7 300);
    450 € ÷ 0,436644 = 1 030,59 €.
    """
    profile = {m: D(1000) if m in (1, 2, 3, 10, 11, 12) else D(0) for m in range(1, 13)}
    [year] = annualise([elec("1800", "450", date(2026, 1, 1), date(2026, 3, 31))], REF,
                       seasonality={Energy.electricity: Seasonality(profile, D("0.75"))})
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(4122), D("1030.59"), True)
    assert year.method == "prorata pondéré par les degrés-heures"


def test_seasonality_from_filled_rows() -> None:
    rows = [ReferenceRow("degree_hours_month", f"above_800/{m:02d}", D(100 * m), "°C·h", date(2021, 3, 31), "test")
            for m in range(1, 13)] + [ReferenceRow("heating_share", "main_heating_energy", D("0.7"), "part",
                                                   date(2021, 1, 1), "test")]
    seasonality, reason = seasonality_from(ReferenceData.at(rows, date(2026, 1, 1)), "above_800", Energy.natural_gas)
    assert reason is None and seasonality[Energy.natural_gas].heating_share == D("0.7")


def test_gas_in_cubic_metres_shows_the_bill_kwh_pcs() -> None:
    """1 000 m³ × 10,8 kWh PCS/m³ (coefficient on the bill) = 10 800 kWh PCS; ÷ 1,11 = 9 729,7 → 9 730 kWh PCI.

    The period 01/03/2025–28/02/2026 is 365 days: the amount stays 812,00 €.
    """
    [year] = annualise([Bill(Energy.natural_gas, D(1000), Unit.m3_gas, D("812.00"), date(2025, 3, 1),
                             date(2026, 2, 28), gas_coefficient=D("10.8"))], REF)
    assert (year.kwh_per_year, year.kwh_pcs_per_year, year.eur_per_year, year.extrapolated) == \
        (D(9730), D(10800), D("812.00"), False)


def test_network_propane_in_kwh_is_pcs() -> None:
    """2 220 kWh on a network-propane bill are PCS: 2 220 ÷ 1,11 = 2 000 kWh PCI."""
    converted = convert(Bill(Energy.propane, D(2220), Unit.kwh, D(300), date(2025, 1, 1), date(2025, 12, 31)), REF)
    assert (converted.kwh_pci, converted.kwh_pcs) == (D(2000), D(2220))


def test_network_propane_in_cubic_metres_with_its_printed_coefficient() -> None:
    """100 m³ × 27,75 kWh PCS/m³ = 2 775 kWh PCS; ÷ 1,11 = 2 500 kWh PCI."""
    converted = convert(Bill(Energy.propane, D(100), Unit.m3_propane, D(400), date(2025, 1, 1), date(2025, 12, 31),
                             gas_coefficient=D("27.75")), REF)
    assert (converted.kwh_pci, converted.kwh_pcs) == (D(2500), D(2775))


def test_fuel_oil_deliveries_in_litres() -> None:
    """1 000 L on 01/10/2024 (1 150 €), 900 L on 01/10/2025: the first delivery was burnt over 365 days.

    1 000 L × 10 kWh/L = 10 000 kWh × 365/365; 1 150 € a year. The last delivery is still in the tank.
    """
    [year] = annualise([
        Bill(Energy.fuel_oil, D(1000), Unit.litre, D(1150), delivery_date=date(2024, 10, 1)),
        Bill(Energy.fuel_oil, D(900), Unit.litre, D(1020), delivery_date=date(2025, 10, 1)),
    ], REF)
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(10000), D("1150.00"), False)
    assert year.method == "moyenne des livraisons"


def test_wood_in_steres_single_delivery_uses_the_dpe_default() -> None:
    """8 stères × 1 680 kWh PCI/stère (DPE value) = 13 440 kWh, 560 €; one delivery is assumed to last a year."""
    [year] = annualise([Bill(Energy.wood_logs, D(8), Unit.stere, D(560), delivery_date=date(2025, 9, 15))], REF)
    assert (year.kwh_per_year, year.eur_per_year, year.extrapolated) == (D(13440), D("560.00"), True)
    assert any("Hypothèse" in n for n in year.notes)


@pytest.mark.parametrize(("fields", "kwh", "note"), [
    ({}, "13440", None),
    ({"wood_species": "oak", "wood_moisture": "dry", "log_length_cm": 100}, "15552", None),  # 8 × 1 944
    ({"kwh_per_unit": D(1500)}, "12000", "fournisseur"),                                     # 8 × 1 500
    ({"wood_species": "mixed"}, "13440", "à renseigner"),                                     # default kept
    ({"wood_species": "softwood", "wood_moisture": "green"}, "11112", "humidité"),            # 8 × 1 389
])
def test_a_wood_delivery_carries_its_own_factor(fields: dict, kwh: str, note: str | None) -> None:
    converted = convert(Bill(Energy.wood_logs, D(8), Unit.stere, D(560), delivery_date=date(2025, 9, 15), **fields), REF)
    assert converted.kwh_pci == D(kwh)
    if note:
        assert any(note in n for n in converted.notes), converted.notes


def test_water_stays_in_cubic_metres() -> None:
    """60 m³ over 182 days (01/01–01/07/2026): 60 × 365/182 = 120,33 m³ and 240 € × 365/182 = 481,32 €."""
    [year] = annualise([Bill(Energy.water, D(60), Unit.m3_water, D(240), date(2026, 1, 1), date(2026, 7, 1))], REF)
    assert (year.kwh_per_year, year.m3_per_year, year.eur_per_year) == (None, D("120.33"), D("481.32"))


def test_unpaid_amounts_add_up() -> None:
    [year] = annualise([elec("100", "30", date(2026, 1, 1), date(2026, 1, 31), unpaid_eur=D("30")),
                        elec("100", "30", date(2026, 2, 1), date(2026, 2, 28), unpaid_eur=D("12.50"))], REF)
    assert year.unpaid_eur == D("42.50")


def test_the_year_the_bills_mostly_cover() -> None:
    """01/07/2024–30/06/2025: 184 days in 2024, 181 in 2025 → 2024. Adding 2025's second half → 2025."""
    [first] = annualise([elec("1000", "200", date(2024, 7, 1), date(2025, 6, 30))], REF)
    assert first.days_by_year == {2024: 184, 2025: 181} and bills_year([first]) == 2024
    years = annualise([elec("1000", "200", date(2024, 7, 1), date(2025, 6, 30)),
                       elec("500", "100", date(2025, 7, 1), date(2025, 12, 31))], REF)
    assert bills_year(years) == 2025 and bills_year([]) is None


@pytest.mark.parametrize(("energy", "unit"), [(Energy.electricity, Unit.litre), (Energy.fuel_oil, Unit.stere),
                                              (Energy.water, Unit.kwh), (Energy.wood_pellets, Unit.m3_gas)])
def test_unit_must_fit_the_energy(energy: Energy, unit: Unit) -> None:
    with pytest.raises(UnitError, match="impossible"):
        check_unit(energy, unit)


def test_gas_in_cubic_metres_needs_its_coefficient() -> None:
    with pytest.raises(UnitError, match="coefficient"):
        to_kwh(Energy.natural_gas, D(100), Unit.m3_gas, FACTORS)
    with pytest.raises(UnitError, match="coefficient"):
        convert(Bill(Energy.natural_gas, D(100), Unit.m3_gas, D(80), date(2025, 1, 1), date(2025, 2, 1)), REF)


def test_reference_data_takes_the_latest_row_in_force() -> None:
    rows = [ReferenceRow("fallback_price", "electricity", D("0.25"), "€", date(2024, 2, 1), "old"),
            ReferenceRow("fallback_price", "electricity", D("0.2016"), "€", date(2025, 2, 1), "new"),
            ReferenceRow("fallback_price", "electricity", D("0.19"), "€", date(2027, 2, 1), "future")]
    assert ReferenceData.at(rows, date(2026, 1, 1)).get("fallback_price", "electricity") == D("0.2016")
    assert ReferenceData.at(rows, date(2024, 6, 1)).get("fallback_price", "electricity") == D("0.25")


def test_electricity_primary_factor_is_2_3_before_2026_and_1_9_after() -> None:
    """Arrêté of 13 August 2025: 2,3 from 01/07/2021 to 31/12/2025, 1,9 from 01/01/2026; « other » = 1."""
    assert default_reference(date(2025, 6, 1)).get("primary_energy_factor", "electricity") == D("2.3")
    assert default_reference(date(2025, 12, 31)).get("primary_energy_factor", "electricity") == D("2.3")
    assert default_reference(date(2026, 1, 1)).get("primary_energy_factor", "electricity") == D("1.9")
    assert default_reference(date(2021, 7, 1)).get("primary_energy_factor", "other") == D("1")
