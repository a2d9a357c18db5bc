"""The heat-loss model, its calibration on heating only, works alone and in sequence: cases computed by hand."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from api.energy.reference import default_reference
from api.energy.costs import cost_range, payback_years
from api.energy.other_uses import OtherUse, heating_part_of_bill, hot_water_kwh, specific_electricity_kwh
from api.energy.works import Dwelling, Element, HeatSource, assumptions_from, estimate, heat_loss, insulated_u
from api.errors import InvalidInput
from api.models import AltitudeClass, ConstructionPeriod, DwellingType
from api.schemas.diagnostics import EnvelopeElement, TechnicalDiagnosticData
from api.services.diagnostics import with_default_u_values

D = Decimal
REF = default_reference(date(2026, 11, 29))
ASSUMPTIONS = assumptions_from(REF)

# The review's house: a 1960s house in the Jura (H1c), 80 m² of lost attic, 120 m² of walls, 80 m² of floor
# over a crawl space (b 0,8), 15 m² of single glazing; 100 m² habitable: 1,2 × 100 = 120 m³/h through windows.
REVIEW_HOUSE = Dwelling(
    elements=(Element("roof", D(80), D("2.5")), Element("wall", D(120), D("2.5")),
              Element("floor", D(80), D("2.0"), b=D("0.8")), Element("window", D(15), D("5.8"))),
    air_flow_m3_per_h=D(120), degree_hours=D(72334),
)


def by_work(result):  # noqa: ANN001, ANN201
    return {i.work: i for i in result.items}


def test_heat_loss_coefficient() -> None:
    """H = 80×2,5 + 120×2,5 + 80×2,0×0,8 + 15×5,8 + 0,34×120 = 200 + 300 + 128 + 87 + 40,8 = 755,8 W/K."""
    assert heat_loss(REVIEW_HOUSE) == D("755.8")


def test_the_reviews_package_adds_to_110_percent_alone_and_88_percent_in_sequence() -> None:
    """Gas boiler 0,80, bills 27 335 kWh of heating; controls at the review's 10 %.

    Removed W/K: roof 80 × (2,5 − 1/(0,4 + 7)) = 189,19; walls 120 × (2,5 − 1/(0,4 + 3,7)) = 270,73;
    floor 64 × (2,0 − 1/(0,5 + 3)) = 109,71; windows 15 × (5,8 − 1,3) = 67,5. Alone, as shares of 755,8:
    25,03 % + 35,82 % + 14,52 % + 8,93 %, boiler 1 − 0,80/0,95 = 15,79 %, controls 10 %: 110,09 %.
    In sequence: (755,8 − 637,14) / 755,8 = 15,70 % left; × 0,80/0,95 = 13,22 %; × 0,9 = 11,90 %:
    the package saves 88,10 %, under the heating bill.
    """
    result = estimate(REVIEW_HOUSE, HeatSource("natural_gas", D("0.8"), D("0.10"), D("27335.02")), [],
                      replace(ASSUMPTIONS, controls_share=D("0.10")))
    items = by_work(result)
    package = ["roof", "wall_inside", "floor", "window", "condensing_boiler", "controls"]
    assert [items[w].saving.share for w in package] == [D("0.2503"), D("0.3582"), D("0.1452"), D("0.0893"),
                                                        D("0.1579"), D("0.1000")]
    assert sum(items[w].saving.share for w in package) == D("1.1009")
    scenario = next(s for s in result.scenarios if s.code == "envelope_controls_condensing_boiler")
    assert [s.work for s in scenario.steps] == package  # internal OR external walls, never both
    assert scenario.saving.share == D("0.8810")
    assert scenario.saving.kwh == D(24082) <= result.heating_kwh == D(27335)
    # The steps of a scenario add up to its total (to the rounding of each step).
    assert abs(sum(s.saving.kwh for s in scenario.steps) - scenario.saving.kwh) <= len(scenario.steps)
    assert "ne s'additionnent pas" in result.notes[0]
    assert items["wall_outside"].alternative_to == "wall_inside"


def test_calibration_factor_and_underheating() -> None:
    """Need = 755,8 × 72 334 / 1 000 = 54 670 kWh; heat delivered 27 335 × 0,8 = 21 868 kWh.
    Calibration = 21 868 / 54 670 = 0,4000, far below 0,6: « sous-chauffe probable »."""
    result = estimate(REVIEW_HOUSE, HeatSource("natural_gas", D("0.8"), D("0.10"), D("27335.02")), [], ASSUMPTIONS)
    assert result.modelled_need_kwh == D(54670) and result.calibration == D("0.4000")
    assert result.underheating and any("Sous-chauffe probable" in n for n in result.notes)


# A fuel-oil house above 800 m (86 616 °C·h), single glazing Uw 5,4, 2 persons, hot water from the boiler.
HIGH_HOUSE = Dwelling(
    elements=(Element("roof", D(80), D("2.5")), Element("wall", D(120), D("2.5")),
              Element("floor", D(80), D("2.0"), b=D("0.8")), Element("window", D(15), D("5.4"))),
    air_flow_m3_per_h=D(120), degree_hours=D(86616),
)


def fuel_oil_house():  # noqa: ANN201
    """2 500 L = 25 000 kWh a year; hot water 2 × 700 / 0,8 = 1 750 kWh; heating 23 250 kWh at the
    delivered price 0,115 €/kWh = 2 673,75 €."""
    hot_water = OtherUse("hot_water", "Eau chaude", hot_water_kwh(2, D(700), D("0.8")))
    share = heating_part_of_bill(D(25000), "fuel_oil", [hot_water])
    assert share.heating_kwh == D(23250)
    return estimate(HIGH_HOUSE, HeatSource("fuel_oil", D("0.8"), D("0.115"), share.heating_kwh, emitters="water"),
                    [], ASSUMPTIONS)


def test_fuel_oil_house_above_800_m_gets_no_fuel_oil_boiler() -> None:
    """Heat delivered 23 250 × 0,8 = 18 600 kWh. Air/water heat pump, SCOP 2,8: 18 600 / 2,8 = 6 642,86 kWh of
    electricity at 0,2016 € = 1 339,20 €; saving 2 673,75 − 1 339,20 = 1 334,55 € (not 16 607 × 0,115 =
    1 909,81 €) and 23 250 − 6 642,86 = 16 607 kWh. Payback 5 000 / 1 334,55 = 3,7 to 25 000 / 1 334,55 = 18,7 years.
    Pellets (0,85): 18 600 / 0,85 = 21 882,35 kWh × 0,05991 = 1 310,97 €; saving 1 362,78 €."""
    result = fuel_oil_house()
    items = by_work(result)
    assert result.heating_kwh == D(23250) and result.heating_eur == D("2673.75")
    assert "condensing_boiler" not in items
    assert all(i.energy_after != "fuel_oil" for i in result.items)
    assert any("décret 2022-8" in n for n in result.notes)
    pump = items["heat_pump_air_water"]
    assert (pump.energy_after, pump.efficiency_after) == ("electricity", D("2.8"))
    assert (pump.saving.kwh, pump.saving.eur) == (D(16607), D("1334.55"))
    assert (pump.payback_years_low, pump.payback_years_high) == (D("3.7"), D("18.7"))
    pellets = items["pellet_boiler"]
    assert pellets.saving.eur == D("1362.78") and pellets.energy_after == "wood_pellets"
    assert pellets.cost.low_ttc is None and pellets.payback_years_low is None  # cost « à renseigner »
    for scenario in result.scenarios:
        assert scenario.saving.kwh <= result.heating_kwh and scenario.saving.eur <= result.heating_eur
        assert scenario.heating_kwh_after >= 0
    assert {s.code for s in result.scenarios} == {"envelope_controls", "envelope_controls_heat_pump_air_water",
                                                  "envelope_controls_pellet_boiler"}


def test_no_line_saves_more_than_the_heating_consumption() -> None:
    result = fuel_oil_house()
    for item in result.items:
        if item.saving.kwh is not None:
            assert item.saving.kwh <= result.heating_kwh and item.saving.eur <= result.heating_eur


def test_works_are_ranked_by_payback() -> None:
    items = fuel_oil_house().items
    paybacks = [i.payback_years_low + i.payback_years_high for i in items if i.payback_years_low is not None]
    assert paybacks == sorted(paybacks) and len(paybacks) >= 5
    assert items[-1].work in ("ventilation", "pellet_boiler")  # no payback: last


def test_costs_in_ht_and_ttc_and_the_cost_of_a_saved_kwh_over_the_works_life() -> None:
    """Roof 80 m²: 20 € TTC/m² → 1 600 € TTC, 1 600 / 1,055 = 1 516,59 € HT; 47 € HT/m² → 3 760 € HT,
    × 1,055 = 3 966,80 € TTC. Saving 5 866 kWh/yr over 30 years: 1 600 / (5 866 × 30) = 0,0091 €/kWh."""
    roof = by_work(fuel_oil_house())["roof"]
    assert (roof.quantity, roof.quantity_unit) == (D(80), "m²")
    assert (roof.cost.low_ht, roof.cost.low_ttc) == (D("1516.59"), D("1600.00"))
    assert (roof.cost.high_ht, roof.cost.high_ttc) == (D("3760.00"), D("3966.80"))
    assert roof.cost.vat_rate == D("0.055") and roof.lifetime_years == D(30)
    assert roof.saving.kwh == D(5866) and roof.lifetime_cost_per_kwh_low == D("0.0091")


def test_air_air_heat_pump_pays_the_intermediate_vat() -> None:
    """5 000 € TTC at 10 %: 5 000 / 1,1 = 4 545,45 € HT."""
    rates = cost_range(ASSUMPTIONS.costs["heat_pump_air_air"], D(1))
    assert rates.vat_rate == D("0.10") and rates.low_ht == D("4545.45")


def test_payback_after_aids_hook() -> None:
    """(5 000 − 2 000) / 1 334,55 = 2,2 years."""
    assert payback_years(D(5000), D("1334.55"), aids_eur=D(2000)) == D("2.2")
    assert payback_years(D(5000), D(0)) is None and payback_years(None, D(100)) is None


def test_specific_electricity_scales_with_household_size() -> None:
    """Panel Elecdom 2 228 kWh for a 2,2-person household: 2 228 × (0,5 + 0,5 × n / 2,2).
    1 person: 1 620,36 kWh; 4 persons: 3 139,45 kWh."""
    assert specific_electricity_kwh(1, D(2228), D("0.5"), D("2.2")).quantize(D("0.01")) == D("1620.36")
    assert specific_electricity_kwh(4, D(2228), D("0.5"), D("2.2")).quantize(D("0.01")) == D("3139.45")


def test_small_all_electric_flat_under_the_specific_use_estimate_gets_shares_not_kwh() -> None:
    """One person, 1 500 kWh a year. Other uses: specific 1 620,36 + hot water 700 / 0,9 = 777,78 + cooking
    150 = 2 548 kWh > 1 500: nothing left for heating, so no calibration and no absolute saving.
    30 m² flat below 400 m: walls 40 × 1,0 + windows 5 × 2,7 + 0,34 × 36 = 65,74 W/K; internal wall
    insulation: 40 × (1 − 1/(1 + 3,7)) = 31,49 W/K = 47,90 % of the heating; air/air heat pump 1 − 1/3 = 66,67 %."""
    uses = [OtherUse("specific_electricity", "", specific_electricity_kwh(1, D(2228), D("0.5"), D("2.2"))),
            OtherUse("hot_water", "", hot_water_kwh(1, D(700), D("0.9"))), OtherUse("cooking", "", D(150))]
    share = heating_part_of_bill(D(1500), "electricity", uses)
    assert share.heating_kwh is None and "non calculable" in (share.note or "")
    flat = Dwelling((Element("wall", D(40), D("1.0")), Element("window", D(5), D("2.7"))), D("36"), D(57673))
    result = estimate(flat, HeatSource("electricity", D(1), D("0.2016"), share.heating_kwh, emitters="direct"), [],
                      ASSUMPTIONS)
    assert not result.calibrated and result.heating_kwh is None
    assert any("pas en kWh ni en euros" in n for n in result.notes)
    items = by_work(result)
    assert all(i.saving.kwh is None and i.saving.eur is None and i.payback_years_low is None for i in result.items)
    assert items["wall_inside"].saving.share == D("0.4790")
    assert items["heat_pump_air_air"].saving.share == D("0.6667")
    assert all(s.saving.kwh is None and s.saving.share < 1 for s in result.scenarios)


def test_wood_stove_beside_electric_heating_is_counted() -> None:
    """3 persons, 9 000 kWh of electricity: hot water 3 × 700 / 0,9 = 2 333,33, cooking 450, specific
    2 228 × (0,5 + 0,5 × 3/2,2) = 2 633,09: heating 3 583,58 kWh (heat 3 583,58 at η 1). Stove: 5 stères =
    8 400 kWh of logs at η 0,6 = 5 040 kWh of heat. Delivered 8 623,58; the stove gives 58,44 %.
    House: 60 × 0,3 + 100 × 0,5 + 60 × 0,5 × 0,8 + 10 × 2,7 + 0,34 × 96 = 151,64 W/K × 72,334 = 10 969 kWh;
    calibration 8 623,58 / 10 968,73 = 0,7862. Heating: 3 584 + 8 400 = 11 984 kWh, 722,45 + 268,88 = 991,33 €.
    Controls (7 %): 0,07 × 11 983,58 = 839 kWh and 0,07 × 991,33 = 69,39 €.
    Air/air heat pump on the electric share only: 3 583,58 × (1 − 1/3) = 2 389 kWh, × 0,2016 = 481,63 €."""
    uses = [OtherUse("hot_water", "", hot_water_kwh(3, D(700), D("0.9"))), OtherUse("cooking", "", D(450)),
            OtherUse("specific_electricity", "", specific_electricity_kwh(3, D(2228), D("0.5"), D("2.2")))]
    heating = heating_part_of_bill(D(9000), "electricity", uses).heating_kwh
    house = Dwelling((Element("roof", D(60), D("0.3")), Element("wall", D(100), D("0.5")),
                      Element("floor", D(60), D("0.5"), b=D("0.8")), Element("window", D(10), D("2.7"))),
                     D(96), D(72334))
    stove = HeatSource("wood_logs", D("0.6"), D("0.03201"), D(8400), main=False)
    result = estimate(house, HeatSource("electricity", D(1), D("0.2016"), heating, emitters="direct"), [stove],
                      ASSUMPTIONS)
    assert result.calibration == D("0.7862") and not result.underheating
    assert (result.heating_kwh, result.heating_eur) == (D(11984), D("991.33"))
    assert [s.heat_share for s in result.sources] == [D("0.4156"), D("0.5844")]
    items = by_work(result)
    assert (items["controls"].saving.kwh, items["controls"].saving.eur) == (D(839), D("69.39"))
    assert (items["heat_pump_air_air"].saving.kwh, items["heat_pump_air_air"].saving.eur) == (D(2389), D("481.63"))


def test_without_the_stove_the_electric_heating_would_look_twice_as_small_a_share() -> None:
    """Same house without the stove entered: calibration on 3 583,58 kWh of heat only: 0,3267 (under-heating)."""
    house = Dwelling((Element("roof", D(60), D("0.3")), Element("wall", D(100), D("0.5")),
                      Element("floor", D(60), D("0.5"), b=D("0.8")), Element("window", D(10), D("2.7"))),
                     D(96), D(72334))
    result = estimate(house, HeatSource("electricity", D(1), D("0.2016"), D("3583.58")), [], ASSUMPTIONS)
    assert result.calibration == D("0.3267") and result.underheating


def technical(*elements: dict, period: str = "before_1975") -> TechnicalDiagnosticData:
    return TechnicalDiagnosticData(dwelling_type=DwellingType.house, construction_period=ConstructionPeriod(period),
                                   surface_m2=D(100), altitude_class=AltitudeClass.a400_800,
                                   envelope=[EnvelopeElement(**e) for e in elements])


@pytest.mark.parametrize("period", ["before_1975", "1989_2000", "2013_plus", "unknown"])
def test_a_roof_marked_without_insulation_gets_u_2_5_whatever_the_period(period: str) -> None:
    payload, defaulted = with_default_u_values(technical(
        {"kind": "roof", "area_m2": D(50), "insulation": "none"},
        {"kind": "floor", "area_m2": D(50), "insulation": "none"}, period=period), REF)
    assert [e["u_value"] for e in payload["envelope"]] == ["2.5", "2.0"] and defaulted == [0, 1]


def test_insulation_state_and_period_drive_the_defaults() -> None:
    """Before 1975: roof `good` at an unknown date → the 1975–1977 column 0,5; wall `partial` → (2,5 + 1,0)/2 = 1,75;
    floor `unknown` → 2,0. 2006–2012: floor `unknown` → 0,27; roof `unknown` → 0,2."""
    old, _ = with_default_u_values(technical(
        {"kind": "roof", "area_m2": D(50), "insulation": "good"},
        {"kind": "wall", "area_m2": D(50), "insulation": "partial"},
        {"kind": "floor", "area_m2": D(50)}), REF)
    assert [D(e["u_value"]) for e in old["envelope"]] == [D("0.5"), D("1.75"), D("2.0")]
    recent, _ = with_default_u_values(technical(
        {"kind": "floor", "area_m2": D(50)}, {"kind": "roof", "area_m2": D(50)}, period="2006_2012"), REF)
    assert [D(e["u_value"]) for e in recent["envelope"]] == [D("0.27"), D("0.2")]


def test_windows_take_the_glazing_seen_and_refuse_a_guess() -> None:
    payload, _ = with_default_u_values(technical(
        {"kind": "window", "area_m2": D(5), "glazing": "double_recent"},
        {"kind": "window", "area_m2": D(5), "glazing": "single"}), REF)
    assert [e["u_value"] for e in payload["envelope"]] == ["1.4", "5.4"]
    with pytest.raises(InvalidInput) as error:
        with_default_u_values(technical({"kind": "roof", "area_m2": D(5)}, {"kind": "window", "area_m2": D(5)}), REF)
    assert [f.field for f in error.value.fields] == ["envelope.1.glazing"]


def test_insulated_u() -> None:
    """1 / (1/2,5 + 7) = 0,1351."""
    assert insulated_u(D("2.5"), D(7)).quantize(D("0.0001")) == D("0.1351")
