"""Indicators against cases computed by hand."""

from datetime import date
from decimal import Decimal

from api.energy.bills import EnergyYear
from api.energy.indicators import compute, decile_position, energy_class
from api.energy.reference import default_reference
from api.energy.units import Energy

REF = default_reference(date(2026, 11, 1))
D = Decimal


def year(energy: Energy, kwh: str | None, eur: str, unpaid: str = "0") -> EnergyYear:
    return EnergyYear(energy, D(kwh) if kwh else None, None, D(eur), 365, False, "test", 1, D(unpaid))


def indicators(years: list[EnergyYear], income: str | None, uc: str, surface: str | None = "60",
               housing: str | None = None):  # noqa: ANN201
    return compute(years=years, yearly_income=D(income) if income else None, consumption_units=D(uc),
                   housing_costs_excluding_energy=D(housing) if housing else None,
                   surface_m2=D(surface) if surface else None, thresholds=REF.table("threshold"),
                   deciles=REF.table("income_decile"), primary_factors=REF.table("primary_energy_factor"),
                   class_bounds=REF.table("class_upper_bound"))


def test_tee_between_eight_and_ten_percent() -> None:
    """Income 1 250 €/month = 15 000 €/yr; electricity 900 € + wood 450 € = 1 350 €/yr (water excluded).

    TEE = 1 350 / 15 000 = 9,0 %: above the ONPE 8 %, below the SLIME 10 %.
    Couple (1,5 UC): 15 000 / 1,5 = 10 000 €/UC < D3 (18 360 €) so TEE_3D (8 %) holds.
    """
    result = indicators([year(Energy.electricity, "4000", "900"), year(Energy.wood_logs, "9000", "450"),
                         year(Energy.water, None, "380")], "15000", "1.5")
    assert result.energy_spending.value == D("1350.00")
    assert result.water_spending.value == D("380.00")
    assert result.tee.value == D("0.0900")
    assert result.tee_above_onpe_threshold is True and result.tee_above_slime_threshold is False
    assert result.income_per_uc.value == D("10000.00")
    assert result.tee_3d is True
    assert "9.0 %" in result.tee.explanation


def test_no_income_means_no_tee() -> None:
    result = indicators([year(Energy.electricity, "4000", "900")], None, "1")
    assert result.tee.value is None and result.tee_above_slime_threshold is None and result.tee_3d is None


def test_kwh_per_m2_and_rough_class() -> None:
    """13 000 kWh of electricity on 100 m²: 130 kWh/m² final; × 1,9 = 247 kWhEP/m² → class D (< 250)."""
    result = indicators([year(Energy.electricity, "13000", "2600")], "20000", "1", surface="100")
    assert result.kwh_per_m2.value == D(130)
    assert result.estimated_class.unit == "D"
    assert "pas un DPE" in result.estimated_class.explanation


def test_brde_inputs() -> None:
    """Income 18 000 €, rent net of housing benefit 4 800 €, 2 UC: (18 000 − 4 800) / 2 = 6 600 €/UC.

    60 % of the median (23 160 €) = 13 896 €/UC is the BRDE income threshold.
    """
    result = indicators([year(Energy.natural_gas, "12000", "1200")], "18000", "2", housing="4800")
    assert result.brde_inputs.value == D("6600.00")
    assert result.brde_inputs.inputs["seuil revenu"] == "13896.00"
    assert result.brde_inputs.inputs["dépenses par UC"] == "600.00"


def test_decile_position_and_class_bounds() -> None:
    deciles = REF.table("income_decile")
    assert decile_position(D(10000), deciles) == "sous D1"
    assert decile_position(D(17000), deciles) == "entre D2 et D3"
    assert decile_position(D(50000), deciles) == "au-dessus de D9"
    bounds = REF.table("class_upper_bound")
    assert energy_class(D(69), bounds) == "A" and energy_class(D(70), bounds) == "B" and energy_class(D(420), bounds) == "G"
