"""The TEE in one place (api/energy/tee.py): the formula, and the band read from the dated thresholds."""

from datetime import date
from decimal import Decimal

from api.energy.bills import EnergyYear
from api.energy.reference import DEFAULT_REFERENCE_ROWS, ReferenceData, ReferenceRow, default_reference
from api.energy.tee import (
    TeeBand,
    effort_rate,
    energy_spending,
    household_tee,
    tee_band,
    tee_bands,
    thresholds,
)
from api.energy.units import Energy

D = Decimal
N = "\u202f"  # narrow no-break space before « % »


def year(energy: Energy, eur: str) -> EnergyYear:
    return EnergyYear(energy, D(1000), None, D(eur), 365, False, "test", 1, D(0))


def test_the_tee_is_housing_energy_over_income_water_excluded() -> None:
    """Electricity 1 200 € + fuel oil 730 € = 1 930 €; water 400 € is left out. 1 930 ÷ 19 800 = 0.097474…"""
    years = [year(Energy.electricity, "1200"), year(Energy.fuel_oil, "730"), year(Energy.water, "400")]
    assert energy_spending(years) == D("1930.00")
    assert household_tee(years, D("19800")) == D("1930") / D("19800")


def test_no_energy_bill_or_no_income_is_no_tee_never_zero() -> None:
    """Water alone is no energy bill: the spending is unknown, so no TEE (not 0 %)."""
    assert household_tee([year(Energy.water, "400")], D("19800")) is None
    assert household_tee([], D("19800")) is None
    assert household_tee([year(Energy.electricity, "600")], None) is None
    assert household_tee([year(Energy.electricity, "600")], D(0)) is None
    assert effort_rate(D("600"), D("-1")) is None


def test_thresholds_come_from_the_reference_rows_in_force() -> None:
    """ONPE 8 % and SLIME 10 % (rows of 2018), ascending; a threshold « à renseigner » is left out."""
    assert thresholds(default_reference(date(2026, 1, 1))) == (D("0.08"), D("0.10"))
    pending = ReferenceData.at([*DEFAULT_REFERENCE_ROWS, ReferenceRow("threshold", "tee_onpe", None, "ratio",
                                                                      date(2026, 1, 1), "à renseigner")],
                               date(2026, 6, 1))
    assert thresholds(pending) == (D("0.10"),)


def test_above_a_threshold_is_strictly_above() -> None:
    """8 % exactly is not above the ONPE threshold (TEE > 8 %); 8.0001 % is."""
    bounds = (D("0.08"), D("0.10"))
    assert tee_band(D("0.08"), bounds) == TeeBand(None, D("0.08"))
    assert tee_band(D("0.080001"), bounds) == TeeBand(D("0.08"), D("0.10"))
    assert tee_band(D("0.10"), bounds) == TeeBand(D("0.08"), D("0.10"))
    assert tee_band(D("0.10004"), bounds) == TeeBand(D("0.10"), None)
    assert tee_band(None, bounds) is None and tee_band(D("0.2"), ()) is None


def test_bands_say_their_thresholds() -> None:
    bounds = (D("0.10"), D("0.08"), D("0.10"))  # any order, duplicates once
    assert [b.label for b in tee_bands(bounds)] == [f"sous 8{N}%", f"entre 8{N}% et 10{N}%", f"au-dessus de 10{N}%"]
    assert TeeBand(D("0.085"), None).label == f"au-dessus de 8,5{N}%"


def test_a_changed_threshold_moves_a_household_and_renames_the_bands() -> None:
    """A committee raises the SLIME threshold to 12 % from 1 January 2027. A household at 11 % (2 200 € of
    energy for 20 000 € of income) is above 10 % in 2026, between 8 and 12 % in 2027."""
    rows = [*DEFAULT_REFERENCE_ROWS, ReferenceRow("threshold", "tee_slime", D("0.12"), "ratio", date(2027, 1, 1),
                                                  "Décision du comité")]
    tee = household_tee([year(Energy.electricity, "2200")], D("20000"))
    before, after = thresholds(ReferenceData.at(rows, date(2026, 12, 31))), thresholds(ReferenceData.at(rows, date(2027, 1, 1)))
    assert tee_band(tee, before).label == f"au-dessus de 10{N}%"  # type: ignore[union-attr]
    assert tee_band(tee, after).label == f"entre 8{N}% et 12{N}%"  # type: ignore[union-attr]
    assert [b.label for b in tee_bands(after)] == [f"sous 8{N}%", f"entre 8{N}% et 12{N}%", f"au-dessus de 12{N}%"]
