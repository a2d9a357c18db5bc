"""The indicative class (energy and GHG, altitude, small surfaces) and the decency flag, by hand."""

from datetime import date
from decimal import Decimal

from api.energy.bills import EnergyYear
from api.energy.energy_class import class_of, estimate
from api.energy.reference import default_reference
from api.energy.units import Energy

D = Decimal
ON = date(2026, 11, 1)
REF = default_reference(ON)


def year(energy: Energy, kwh: str) -> EnergyYear:
    return EnergyYear(energy, D(kwh), None, D(1000), 365, False, "test", 1, D(0))


def test_fuel_oil_house_above_800_m_takes_its_class_from_ghg() -> None:
    """110 m², fuel oil 25 000 kWh + electricity 3 000 kWh less 2 500 kWh of appliances = 500 kWh (hot water
    factor: electricity does not heat), in 2026.

    Primary: 25 000 × 1 + 500 × 1,9 = 25 950 kWhEP → 235,9 /m² → energy class D (< 250).
    GHG: 25 000 × 0,324 + 500 × 0,065 = 8 132,5 kgCO2e → 73,9 /m²: class F at standard altitude (70–100),
    E above 800 m (E < 80). The class is the worse of the two: E above 800 m, F below.
    """
    years = [year(Energy.fuel_oil, "25000"), year(Energy.electricity, "3000")]
    high = estimate(years, D(110), REF, on=ON, altitude_class="above_800", main_heating_energy=Energy.fuel_oil,
                    specific_electricity_kwh=D(2500))
    assert (high.primary_kwh_per_m2, high.ghg_kg_per_m2) == (D(236), D("73.9"))
    assert (high.energy_label, high.ghg_label, high.label) == ("D", "E", "E")
    low = estimate(years, D(110), REF, on=ON, altitude_class="below_400", main_heating_energy=Energy.fuel_oil,
                   specific_electricity_kwh=D(2500))
    assert (low.energy_label, low.ghg_label, low.label) == ("D", "F", "F")
    assert any("appareils" in n for n in high.notes)
    assert {("ghg_factor", "fuel_oil"), ("class_upper_bound_above_800", "E")} <= {(r.table, r.key) for r in high.sources}


def test_all_electric_small_flat_uses_the_small_surface_bounds() -> None:
    """25 m², electric heating, 4 750 kWh a year, appliances not deducted (the row is absent): 2026.

    Primary: 4 750 × 1,9 = 9 025 → 361 kWhEP/m². Standard bounds: F (330–420). At 25 m², halfway between
    the 20 m² (E < 385) and 30 m² (E < 349) bounds: E < 367, D < 283,5 → E.
    GHG: 4 750 × 0,079 = 375,25 → 15,0 kg/m² → C (small-surface GHG bounds « à renseigner »: standard ones).
    """
    result = estimate([year(Energy.electricity, "4750")], D(25), REF, on=ON, altitude_class="below_400",
                      main_heating_energy=Energy.electricity, specific_electricity_kwh=None)
    assert (result.primary_kwh_per_m2, result.energy_label, result.ghg_label, result.label) == (D(361), "E", "C", "E")
    assert any("interpolés" in n for n in result.notes)
    assert any("GES" in n and "à renseigner" in n for n in result.notes)
    assert any("inclut les appareils" in n for n in result.notes)
    standard = estimate([year(Energy.electricity, "4750")], D(45), REF, on=ON, altitude_class="below_400",
                        main_heating_energy=Energy.electricity, specific_electricity_kwh=None)
    assert standard.energy_label == class_of(D(4750) * D("1.9") / 45, REF.table("class_upper_bound"))


def test_small_surface_bounds_only_from_july_2024() -> None:
    """On 30/06/2024 the arrêté of 25 March 2024 is not in force: 25 m² uses the standard bounds (and 2,3)."""
    before = default_reference(date(2024, 6, 30))
    result = estimate([year(Energy.electricity, "3000")], D(25), before, on=date(2024, 6, 30),
                      altitude_class="below_400", main_heating_energy=Energy.electricity, specific_electricity_kwh=None)
    # 3 000 × 2,3 = 6 900 → 276 kWhEP/m²: E with standard bounds (250–330), D (< 283,5) with the small ones.
    assert (result.primary_kwh_per_m2, result.energy_label) == (D(276), "E")


def test_twenty_square_metres_uses_the_sourced_bounds() -> None:
    """At 20 m²: A < 88, B < 128, C < 230, D < 300, E < 385, F < 476. 1 000 kWh of electricity × 1,9 ÷ 20 =
    95 kWhEP/m² → B (a standard dwelling would be C)."""
    result = estimate([year(Energy.electricity, "1000")], D(20), REF, on=ON, altitude_class="below_400",
                      main_heating_energy=Energy.electricity, specific_electricity_kwh=None)
    assert (result.primary_kwh_per_m2, result.energy_label) == (D(95), "B")


def test_no_bills_or_no_surface_is_non_calculable() -> None:
    none = estimate([], D(60), REF, on=ON, altitude_class="below_400", main_heating_energy=None,
                    specific_electricity_kwh=None)
    assert none.label is None and none.missing == ["factures d'énergie"]
    no_surface = estimate([year(Energy.electricity, "3000")], None, REF, on=ON, altitude_class=None,
                          main_heating_energy=None, specific_electricity_kwh=None)
    assert no_surface.label is None and no_surface.missing == ["surface"]


def test_a_date_before_the_2021_dpe_has_no_factor_rather_than_a_key_error() -> None:
    old = default_reference(date(2021, 6, 30))
    result = estimate([year(Energy.electricity, "3000")], D(60), old, on=date(2021, 6, 30), altitude_class=None,
                      main_heating_energy=None, specific_electricity_kwh=None)
    assert result.label is None and any("facteur" in m for m in result.missing)


def test_decency_above_450_kwh_final_and_by_class_over_time() -> None:
    """100 m², fuel oil 46 000 kWh: 460 kWhEF/m² > 450 → not decent (since 2023), and class G (GHG 149 kg/m²).

    A class F dwelling (fuel oil 30 000 kWh on 100 m²: 300 kWhEP, 97,2 kg → F) is decent in 2026 and not
    from 1 January 2028 (F excluded)."""
    g = estimate([year(Energy.fuel_oil, "46000")], D(100), REF, on=ON, altitude_class="below_400",
                 main_heating_energy=Energy.fuel_oil, specific_electricity_kwh=None)
    assert g.label == "G" and g.decent is False
    assert any("450" in n for n in g.decency_notes) and any("Classe estimée G" in n for n in g.decency_notes)
    f_2026 = estimate([year(Energy.fuel_oil, "30000")], D(100), REF, on=ON, altitude_class="below_400",
                      main_heating_energy=Energy.fuel_oil, specific_electricity_kwh=None)
    assert f_2026.label == "F" and f_2026.decent is True
    on_2028 = date(2028, 1, 1)
    f_2028 = estimate([year(Energy.fuel_oil, "30000")], D(100), default_reference(on_2028), on=on_2028,
                      altitude_class="below_400", main_heating_energy=Energy.fuel_oil, specific_electricity_kwh=None)
    assert f_2028.label == "F" and f_2028.decent is False
