"""Indicators against cases computed by hand."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from api.energy import energy_class
from api.energy.bills import EnergyYear
from api.energy.household import HouseholdFacts, consumption_units
from api.energy.indicators import compute, decile_position
from api.energy.reference import DEFAULT_REFERENCE_ROWS, ReferenceData, ReferenceRow, default_reference
from api.energy.units import Energy

ON = date(2026, 11, 1)
REF = default_reference(ON)
D = Decimal
NNBSP = "\u202f"


def year(energy: Energy, kwh: str | None, eur: str, unpaid: str = "0", **extra) -> EnergyYear:  # noqa: ANN003
    return EnergyYear(energy, D(kwh) if kwh else None, None, D(eur), 365, False, "test", 1, D(unpaid), **extra)


def facts(income: str | None, uc: str, *, surface: str | None = "60", housing: str | None = None,
          cheque: str = "0", felt_cold: bool | None = None) -> HouseholdFacts:
    return HouseholdFacts(yearly_income=D(income) if income else None, cheque_energie=D(cheque),
                          housing_cost=D(housing) if housing else None, consumption_units=D(uc),
                          surface_m2=D(surface) if surface else None, felt_cold=felt_cold, reference_year=2025)


def indicators(years: list[EnergyYear], household: HouseholdFacts, reference: ReferenceData = REF,
               heating: Energy | None = Energy.electricity):  # noqa: ANN201
    estimated = energy_class.estimate(years, household.surface_m2, reference, on=ON, altitude_class="below_400",
                                      main_heating_energy=heating, specific_electricity_kwh=None)
    return compute(years=years, facts=household, reference=reference, energy_class=estimated)


def test_tee_between_eight_and_ten_percent() -> None:
    """Income 1 250 €/month = 15 000 €/yr; electricity 900 € + wood 450 € = 1 350 €/yr (water excluded).

    TEE = 1 350 / 15 000 = 9,0 %: above the ONPE 8 %, below the SLIME 10 %.
    Couple (1,5 UC): 15 000 / 1,5 = 10 000 €/UC < D3 (18 360 €) so TEE_3D (8 %) holds.
    """
    result = indicators([year(Energy.electricity, "4000", "900"), year(Energy.wood_logs, "9000", "450"),
                         year(Energy.water, None, "380")], facts("15000", "1.5"))
    assert result.energy_spending.value == D("1350.00")
    assert result.water_spending.value == D("380.00")
    assert result.tee.value == D("0.0900") and result.tee.display == f"9,0{NNBSP}%"
    assert result.tee_above_onpe_threshold is True and result.tee_above_slime_threshold is False
    assert result.income_per_uc.value == D("10000.00")
    assert result.tee_3d is True
    assert f"= 9,0{NNBSP}%" in result.tee.explanation


def test_one_rounding_from_the_exact_ratio() -> None:
    """1 930 € ÷ 19 800 € = 0,097474…: « 9,7 % » in the display and in the explanation (never 9,8 %, the
    result of rounding the stored 0,0975 again). The stored value keeps 4 decimals: 0,0975."""
    result = indicators([year(Energy.electricity, "8000", "1930")], facts("19800", "1"))
    assert result.tee.display == f"9,7{NNBSP}%"
    assert f"= 9,7{NNBSP}%" in result.tee.explanation and "9,8" not in result.tee.explanation
    assert result.tee.value == D("0.0975")
    assert f"1{NNBSP}930,00{NNBSP}€" in result.tee.explanation and f"19{NNBSP}800,00{NNBSP}€" in result.tee.explanation


def test_tee_after_cheque_energie_is_shown_apart() -> None:
    """Spend 1 930 €, chèque 194 €, income 19 800 €: headline 9,7 % (before aids);
    after the chèque (1 930 − 194) ÷ 19 800 = 0,08768 → 8,8 %."""
    result = indicators([year(Energy.electricity, "8000", "1930")], facts("19800", "1", cheque="194"))
    assert result.tee.display == f"9,7{NNBSP}%"
    assert result.tee_after_cheque.display == f"8,8{NNBSP}%" and result.tee_after_cheque.value == D("0.0877")


def test_extrapolated_or_estimated_bills_are_said_on_the_tee() -> None:
    years = [replace(year(Energy.electricity, "4000", "900"), extrapolated=True, days_covered=90),
             year(Energy.natural_gas, "9000", "700", estimated=True)]
    result = indicators(years, facts("15000", "1"))
    assert result.tee.uncertain and len(result.tee.warnings) == 2
    assert "moins d'un an" in result.tee.explanation and "estimés" in result.tee.explanation


def test_no_income_means_no_tee() -> None:
    result = indicators([year(Energy.electricity, "4000", "900")], facts(None, "1"))
    assert result.tee.value is None and result.tee_above_slime_threshold is None and result.tee_3d is None
    assert result.tee.display == "non calculable : revenus à renseigner"


def test_no_bills_is_non_calculable_never_zero_nor_a() -> None:
    """A home with no bills: no TEE, no kWh/m², no class (it used to show « 0 kWh/m²/an » and « A »)."""
    result = indicators([], facts("15000", "1"))
    for figure in (result.energy_spending, result.tee, result.kwh_per_m2, result.estimated_class):
        assert figure.value is None and not figure.calculable and figure.display.startswith("non calculable"), figure
    assert result.estimated_class.unit != "A" and "factures d'énergie à renseigner" in result.estimated_class.display
    assert result.tee_above_onpe_threshold is None


def test_no_surface_leaves_the_class_non_calculable() -> None:
    result = indicators([year(Energy.electricity, "4000", "900")], facts("15000", "1", surface=None))
    assert result.kwh_per_m2.display == "non calculable : surface à renseigner"
    assert "surface à renseigner" in result.estimated_class.display


def test_brde_demo_family_counts_the_apl_once() -> None:
    """The demo family: RSA 640 + family benefits 420 + APL 310 = 1 370 €/month → 16 440 €/yr (APL included);
    rent 520 €/month → 6 240 €/yr gross. Mother (1986) and two children (2016, 2019) in 2025: 1,6 UC.

    Reste à vivre = (16 440 − 6 240) ÷ 1,6 = 6 375,00 €/UC. Counting the APL twice (income with APL, rent
    less APL: 16 440 − 2 520) gave 8 700 €/UC, +36 %. Threshold: the INSEE 2023 poverty line,
    1 288 × 12 = 15 456 €/UC (60 % of the median): below, so the income condition holds.
    """
    units = consumption_units([1986, 2016, 2019], 2025)
    assert units == D("1.6")
    result = indicators([year(Energy.electricity, "5000", "1400")],
                        facts("16440", str(units), surface="64", housing="6240"))
    rav = result.brde_reste_a_vivre
    assert rav.value == D("6375.00") and rav.verdict is True
    assert rav.inputs["seuil"] == f"15{NNBSP}456,00{NNBSP}€"
    assert "APL" in rav.explanation and "une fois" in rav.explanation
    # The national energy medians are « à renseigner »: both variants say so rather than guess.
    for variant in (result.brde_per_uc, result.brde_per_m2):
        assert variant.verdict is None and "médiane nationale" in variant.display and "à renseigner" in variant.display


def test_brde_both_variants_against_dated_medians() -> None:
    """Same family, with test medians 1 000 €/UC and 15 €/m² (not official figures: the rows are « à renseigner »).

    Per UC: 1 400 ÷ 1,6 = 875 € < 1 000 → no. Per m²: 1 400 ÷ 64 = 21,88 € > 15 and reste à vivre below
    the threshold → yes.
    """
    rows = [*DEFAULT_REFERENCE_ROWS,
            ReferenceRow("brde_median", "energy_spending_per_uc", D(1000), "€/UC", date(2026, 1, 1), "test"),
            ReferenceRow("brde_median", "energy_spending_per_m2", D(15), "€/m²", date(2026, 1, 1), "test")]
    reference = ReferenceData.at(rows, ON)
    result = indicators([year(Energy.electricity, "5000", "1400")], facts("16440", "1.6", surface="64", housing="6240"),
                        reference)
    assert (result.brde_per_uc.value, result.brde_per_uc.verdict, result.brde_per_uc.display) == \
        (D("875.00"), False, "non")
    assert (result.brde_per_m2.value, result.brde_per_m2.verdict, result.brde_per_m2.display) == \
        (D("21.88"), True, "oui")


def test_brde_threshold_from_the_median_before_the_poverty_line_is_known() -> None:
    """In 2022 the poverty-line row (2023) is not in force: 60 % × D5 2022 (24 330) = 14 598 €/UC."""
    reference = default_reference(date(2022, 6, 1))
    result = indicators([year(Energy.electricity, "5000", "1400")], facts("16440", "1.6", housing="6240"), reference)
    assert result.brde_reste_a_vivre.inputs["seuil"] == f"14{NNBSP}598,00{NNBSP}€"


def test_fr_3d_from_the_felt_cold_answer() -> None:
    """Felt cold and 10 000 €/UC < D3 (18 360 €): FR_3D. Not felt cold: no. Not answered: unknown."""
    years = [year(Energy.electricity, "4000", "900")]
    assert indicators(years, facts("15000", "1.5", felt_cold=True)).fr_3d is True
    assert indicators(years, facts("15000", "1.5", felt_cold=False)).fr_3d is False
    assert indicators(years, facts("15000", "1.5")).fr_3d is None
    assert indicators(years, facts("60000", "1.5", felt_cold=True)).fr_3d is False  # 40 000 €/UC, above D3


def test_deciles_are_dated_rows_and_say_their_year() -> None:
    """In force in 2026: D1 12 970 (2022), D2 15 550 and D3 18 360 (2021: no newer value), D5 25 800 (2023),
    D9 43 840 (2022). 17 000 €/UC sits between D2 and D3."""
    deciles = REF.table("income_decile")
    assert deciles == {"D1": D(12970), "D2": D(15550), "D3": D(18360), "D5": D(25800), "D9": D(43840)}
    assert decile_position(D(10000), deciles) == "sous D1"
    assert decile_position(D(17000), deciles) == "entre D2 et D3"
    assert decile_position(D(50000), deciles) == "au-dessus de D9"
    result = indicators([year(Energy.electricity, "4000", "900")], facts("17000", "1"))
    assert result.decile.display == "entre D2 et D3"
    assert result.decile.inputs["D3"].endswith("(revenus 2021)") and result.decile.inputs["D5"].endswith("(revenus 2023)")
    assert "plusieurs millésimes" in result.decile.explanation
    assert {(r.key, r.valid_from.year) for r in result.decile.sources} >= {("D3", 2021), ("D1", 2022)}
