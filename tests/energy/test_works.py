"""The heat-loss model on a documented house, calibrated on its bills."""

from decimal import Decimal

from api.energy.reference import default_reference
from api.energy.works import Dwelling, Element, estimate, heat_loss, insulated_u

REF = default_reference()
D = Decimal

# A 1960s house at 600 m in the Jura (H1c, 400–800 m: 72 334 °C·h), fuel-oil boiler at 80 %.
HOUSE = Dwelling(
    elements=(Element("roof", D(80), D("2.5")), Element("wall", D(120), D("2.5")),
              Element("floor", D(80), D("2.0"), b=D("0.8")), Element("window", D(15), D("5.8"))),
    volume_m3=D(200), air_changes_per_hour=D("0.6"), degree_hours=D(72334), efficiency=D("0.8"),
)


def run(billed: Decimal | None):  # noqa: ANN201
    return estimate(HOUSE, billed_heating_kwh=billed, price_per_kwh=D("0.115"), target_r=REF.table("target_r"),
                    target_window_u=REF.get("target_u", "window"), new_efficiency=D("0.95"),
                    controls_share=REF.get("assumption", "controls_saving_share"),
                    cost_low=REF.table("works_cost_low"), cost_high=REF.table("works_cost_high"))


def test_heat_loss_coefficient() -> None:
    """H = 80×2,5 + 120×2,5 + 80×2,0×0,8 + 15×5,8 + 0,34×0,6×200 = 200 + 300 + 128 + 87 + 40,8 = 755,8 W/K."""
    assert heat_loss(HOUSE) == D("755.8")


def test_model_is_calibrated_on_the_bills() -> None:
    """Need = 755,8 × 72 334 / 1 000 = 54 670,04 kWh; ÷ 0,8 = 68 337,55 kWh of fuel oil modelled.

    Bills say 27 335 kWh (2 733,5 L): calibration = 27 335 / 68 337,55 = 0,4000.
    """
    result = run(D("27335.02"))
    assert result.modelled_final_kwh == D(68338)
    assert result.calibration == D("0.4000") and result.calibrated


def test_attic_insulation_saving() -> None:
    """Roof U 2,5 + R 7: U' = 1/(1/2,5 + 7) = 0,1351; ΔU·A = 2,3649 × 80 = 189,19 W/K.

    × 72 334 / 1 000 ÷ 0,8 = 17 106 kWh modelled; × 0,4 = 6 842 kWh a year; × 0,115 € = 786,83 €.
    Cost 80 m² × 20–50 € = 1 600–4 000 €; (1 600 + 4 000) / 2 / 6 842 = 0,41 € per kWh saved.
    """
    roof = next(i for i in run(D("27335.02")).items if i.work == "roof")
    assert insulated_u(D("2.5"), D(7)).quantize(D("0.0001")) == D("0.1351")
    assert roof.saving_kwh == D(6842)
    assert roof.saving_eur == D("786.83")
    assert (roof.cost_low, roof.cost_high) == (D("1600.00"), D("4000.00"))
    assert roof.cost_per_kwh_saved == D("0.41")


def test_works_are_ranked_by_cost_per_kwh_saved() -> None:
    items = run(D("27335.02")).items
    costs = [i.cost_per_kwh_saved for i in items if i.cost_per_kwh_saved is not None]
    assert costs == sorted(costs)
    assert items[-1].work == "ventilation" and items[-1].cost_per_kwh_saved is None
    assert {i.work for i in items} == {"roof", "wall_inside", "wall_outside", "floor", "window", "heating_system",
                                       "controls", "ventilation"}


def test_heating_system_and_controls() -> None:
    """Calibrated heating = 27 335 kWh. Boiler 0,80 → 0,95: 27 335 × (1 − 0,80/0,95) = 4 316 kWh.
    Controls: 10 % × 27 335 = 2 734 kWh."""
    items = {i.work: i for i in run(D("27335.02")).items}
    assert items["heating_system"].saving_kwh == D(4316)
    assert items["controls"].saving_kwh == D(2734)


def test_without_bills_the_model_is_uncalibrated() -> None:
    result = run(None)
    assert result.calibration == D(1) and not result.calibrated
    roof = next(i for i in result.items if i.work == "roof")
    assert roof.saving_kwh == D(17106)
