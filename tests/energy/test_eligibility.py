"""Eligibility and the money left to pay, computed by hand from the seeded barèmes (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from api.energy.eligibility import (
    AidLine,
    aid_for_work,
    anah_category,
    cheque_energie,
    cheque_energie_units,
    fsl_verdict,
    money_left,
    zone_of,
)
from api.energy.reference import ReferenceData, ReferenceRow, default_reference

D = Decimal
IN_2024, IN_2025, IN_2026 = default_reference(date(2024, 6, 1)), default_reference(date(2025, 6, 1)), \
    default_reference(date(2026, 6, 1))


@pytest.mark.parametrize(("rfr", "category"), [
    ("35285", "very_modest"),   # equal to the « très modestes » ceiling: still très modestes
    ("35286", "modest"),        # 1 € above
    ("45234", "modest"),
    ("45235", "intermediate"),
    ("63844", "intermediate"),
    ("63845", "higher"),
])
def test_anah_category_at_the_edges_of_the_2025_ceilings_for_four_persons(rfr: str, category: str) -> None:
    """2025, outside Île-de-France, 4 persons: très modestes ≤ 35 285 €, modestes ≤ 45 234 €,
    intermédiaires ≤ 63 844 € (the 2024 values 34 948 / 44 802 / 63 235 × 1,00963, rounded)."""
    verdict = anah_category(4, D(rfr), "outside_idf", IN_2025)
    assert verdict.value == category, verdict.explanation


def test_six_and_seven_persons_add_the_per_person_increment() -> None:
    """2025 très modestes: 5 persons 40 388 €, + 5 094 € per further person: 6 persons 45 482 €,
    7 persons 40 388 + 2 × 5 094 = 50 576 €."""
    assert anah_category(6, D("45482"), "outside_idf", IN_2025).value == "very_modest"
    assert anah_category(6, D("45483"), "outside_idf", IN_2025).value == "modest"
    assert anah_category(7, D("50576"), "outside_idf", IN_2025).value == "very_modest"
    assert anah_category(7, D("50577"), "outside_idf", IN_2025).value == "modest"


def test_ile_de_france_has_its_own_ceilings_and_2024_its_own_barème() -> None:
    """1 person, RFR 20 000 €: 2025 outside IdF très modestes ≤ 17 173, modestes ≤ 22 015 → modestes;
    in IdF très modestes ≤ 23 768 → très modestes. 2024 outside IdF: 17 009 / 21 805 → modestes."""
    assert anah_category(1, D("20000"), "outside_idf", IN_2025).value == "modest"
    assert anah_category(1, D("20000"), "idf", IN_2025).value == "very_modest"
    assert anah_category(1, D("20000"), "outside_idf", IN_2024).value == "modest"
    assert zone_of("75011") == "idf" and zone_of("39100") == "outside_idf" and zone_of(None) == "outside_idf"


def test_the_explanation_quotes_the_ceiling_in_french_and_the_summary_no_amount() -> None:
    verdict = anah_category(4, D("35285"), "outside_idf", IN_2025)
    assert "35\u202f285,00\u202f€" in verdict.explanation and "01/01/2025" in verdict.explanation
    assert "€" not in verdict.summary and "très modestes" in verdict.summary
    assert any("france-renov.gouv.fr/bareme" in s for s in verdict.sources)


@pytest.mark.parametrize(("persons", "rfr", "missing"), [
    (None, "20000", "nombre de personnes"),
    (2, None, "revenu fiscal de référence à renseigner"),
])
def test_anah_category_not_computable_without_persons_or_rfr(persons, rfr, missing) -> None:  # noqa: ANN001
    verdict = anah_category(persons, None if rfr is None else D(rfr), "outside_idf", IN_2025)
    assert verdict.value is None and missing in verdict.explanation and "non calculable" in verdict.explanation


def test_2026_ceilings_are_to_be_filled_so_the_category_is_not_guessed() -> None:
    """The 2026 barème exists but is not known here: « à renseigner », not the 2025 values."""
    verdict = anah_category(2, D("20000"), "outside_idf", IN_2026)
    assert verdict.value is None
    assert "non calculable : plafond « très modestes » hors Île-de-France pour 2 personne(s) à renseigner" \
        in verdict.explanation


def test_cheque_energie_units_for_a_family_of_four() -> None:
    """1 + 0,5 + 0,3 + 0,3 = 2,1 UC whatever the children's ages (not the INSEE scale)."""
    assert cheque_energie_units(4, IN_2025) == D("2.1")
    assert cheque_energie_units(1, IN_2025) == D("1") and cheque_energie_units(2, IN_2025) == D("1.5")


@pytest.mark.parametrize(("persons", "rfr", "eligible", "amount"), [
    (4, "16000", True, "126"),    # 16 000 ÷ 2,1 = 7 619,05 €/UC: 6 800 ≤ · < 7 850, column 2 UC ou plus
    (4, "11970", True, "202"),    # 11 970 ÷ 2,1 = 5 700 exactly: the band from 5 700 (inclusive)
    (4, "23099", True, "76"),     # 10 999,52 €/UC: last band, under 11 000
    (4, "23100", False, "0"),     # 11 000 €/UC: not under the ceiling
    (1, "5699", True, "194"),     # 1 UC, first band
    (2, "9000", True, "176"),     # 1,5 UC: 6 000 €/UC, band 5 700–6 800, column 1 < UC < 2
])
def test_cheque_energie_band_and_amount(persons: int, rfr: str, eligible: bool, amount: str) -> None:
    """Arrêté du 3 mars 2023: < 5 700 / 5 700–6 800 / 6 800–7 850 / 7 850–11 000 € per UC;
    1 UC 194/146/98/48, 1 < UC < 2 240/176/113/63, 2 UC or more 277/202/126/76 €."""
    result = cheque_energie(persons, D(rfr), IN_2025)
    assert result.eligible is eligible and result.amount_eur == D(amount), result.verdict.explanation


def test_cheque_energie_explanation_for_a_family_of_four() -> None:
    result = cheque_energie(4, D("16000"), IN_2025)
    assert result.verdict.explanation.startswith("Chèque énergie : éligible, 126,00\u202f€ par an.")
    assert "4 personne(s) = 2,1 UC" in result.verdict.explanation
    assert "€" not in result.verdict.summary


def test_fsl_rules_are_to_be_filled() -> None:
    verdict = fsl_verdict(3, D("1200"), IN_2025)
    assert verdict.value is None and "règles FSL du Jura à renseigner" in verdict.explanation


def test_fsl_with_a_filled_table() -> None:
    """Test rows: a 3-person ceiling of 1 500 € a month, aid up to 800 €."""
    rows = [ReferenceRow("fsl_jura", "income_ceiling/3", D("1500"), "€", date(2026, 1, 1), "test"),
            ReferenceRow("fsl_jura", "max_aid_energy", D("800"), "€", date(2026, 1, 1), "test")]
    reference = ReferenceData.at(rows, date(2026, 6, 1))
    assert fsl_verdict(3, D("1500"), reference).value == "within_ceiling"
    assert fsl_verdict(3, D("1500.01"), reference).value == "above_ceiling"


def test_aid_capped_by_the_m2_cap() -> None:
    """ITE 2024, très modestes: 75 €/m², at most 100 m²: 120 m² → 100 × 75 = 7 500 €."""
    line = aid_for_work("wall_outside", "very_modest", D("120"), D("20000"), IN_2024)
    assert line.amount_eur == D("7500.00") and line.capped
    assert "quantité plafonnée à 100" in line.explanation and "mesaides" not in line.source


def test_aid_capped_by_the_cost() -> None:
    """ITE 80 m² × 75 = 6 000 € on a 5 000 € job: the aid is limited to the cost, 5 000 €;
    a 4 000 € heat pump with a 5 000 € lump sum: 4 000 €."""
    assert aid_for_work("wall_outside", "very_modest", D("80"), D("5000"), IN_2024).amount_eur == D("5000.00")
    heat_pump = aid_for_work("heat_pump_air_water", "very_modest", D("1"), D("4000"), IN_2024)
    assert heat_pump.amount_eur == D("4000.00") and heat_pump.capped


def test_aid_per_m2_and_per_equipment() -> None:
    """Roof, modestes: 60 m² × 20 = 1 200 €; windows, très modestes: 3 × 100 = 300 €; supérieurs: 0 €."""
    assert aid_for_work("roof", "modest", D("60"), D("5000"), IN_2024).amount_eur == D("1200.00")
    window = aid_for_work("window", "very_modest", D("3"), D("3000"), IN_2024)
    assert window.amount_eur == D("300.00") and "100,00\u202f€ par équipement × 3" in window.explanation
    assert aid_for_work("roof", "higher", D("60"), D("5000"), IN_2024).amount_eur == D("0.00")


def test_aid_not_computable() -> None:
    no_category = aid_for_work("roof", None, D("60"), D("5000"), IN_2024)
    assert no_category.amount_eur is None and "catégorie Anah non calculable" in no_category.explanation
    pending = aid_for_work("roof", "modest", D("60"), D("5000"), IN_2025)
    assert pending.amount_eur is None and "à renseigner" in pending.explanation
    floor = aid_for_work("floor", "modest", D("60"), D("5000"), IN_2024)
    assert floor.amount_eur is None


def test_money_left_never_negative_and_counts_only_known_aids() -> None:
    """10 000 € − 7 500 € = 2 500 €; an aid « non calculable » counts 0 (the figure is then an upper bound)."""
    lines = [AidLine("wall_outside", "MaPrimeRénov'", D("7500"), True, "", ""),
             AidLine("roof", "MaPrimeRénov'", None, False, "", "")]
    assert money_left(D("10000"), lines) == D("2500.00")
    assert money_left(D("100"), [AidLine("x", "y", D("250"), False, "", "")]) == D("0.00")
