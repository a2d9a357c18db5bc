"""The PDFs carry the non-cumulative note and the combined scenarios of the report's FROZEN works estimate
(issue 15, point 9), each copy saying only what its recipient may read: the household and the prescriber get
the aids of the Anah category, the amount left to pay and the payback after aids; only the prescriber gets
the TEE before and after works; the landlord gets costs, savings and payback before aids, and nothing that
reveals the tenant's income (aids, category, TEE, reste à vivre)."""

import copy
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from api.documents.pdf import ReportDocument, Work, render

NNBSP = "\u202f"

MONEY = {
    "category": "modest", "category_label": "Ménages aux revenus modestes",
    "category_explanation": "Catégorie Anah : modestes (RFR 21 000 € pour 2 personnes).",
    "aids": [{"work": "roof", "scheme": "MaPrimeRénov'", "amount_eur": "1125.00", "capped": False,
              "explanation": "MaPrimeRénov' par geste : 15 €/m² × 75 m².", "source": "Anah, guide des aides 2026"},
             {"work": "controls", "scheme": "MaPrimeRénov'", "amount_eur": None, "capped": False,
              "explanation": "MaPrimeRénov' : montant à renseigner.", "source": ""}],
    "aids_low_eur": "1125.00", "aids_high_eur": "1125.00", "aids_complete": False,
    "left_to_pay_low_eur": "675.00", "left_to_pay_high_eur": "3493.88",
    "payback_after_aids_years_low": "1.2", "payback_after_aids_years_high": "5.6",
    "tee_before": "0.1909", "tee_after": "0.0995", "tee_before_display": "19,1\u202f%", "tee_after_display": "9,9\u202f%",
    "reste_a_vivre_uc_before_eur": "5282.71", "reste_a_vivre_uc_after_eur": "6421.80", "income_hidden": False,
    "notes": ["Aides incomplètes (montant à renseigner ou coût inconnu) : les restes à charge sont des maximums."],
}

COST = {"vat_rate": "0.0550", "low_ht": "1706.16", "high_ht": "4378.08", "low_ttc": "1800.00", "high_ttc": "4618.88"}

ESTIMATE = {
    "household_id": 5, "shares_only": False,
    "non_cumulative_note": "Chaque ligne est estimée seule, sur le logement tel qu'il est ; les économies ne "
                           "s'additionnent pas. Les scénarios appliquent les travaux l'un après l'autre.",
    "scenarios": [{
        "code": "envelope_controls", "label": "Isolation et régulation",
        "steps": [{"work": "roof", "label": "Isolation des combles ou de la toiture", "quantity": "75.000",
                   "quantity_unit": "m²", "cost": {**COST, "low_ttc": "1500.00", "high_ttc": "3718.88"},
                   "saving": {"kwh": "3783", "eur": "541.14", "share": "0.3152"}},
                  {"work": "controls", "label": "Régulation et programmation du chauffage", "quantity": "1.000",
                   "quantity_unit": "installation", "cost": {**COST, "low_ttc": "300.00", "high_ttc": "900.00"},
                   "saving": {"kwh": "576", "eur": "82.45", "share": "0.0480"}}],
        "cost": COST, "saving": {"kwh": "4359", "eur": "623.59", "share": "0.3632"},
        "heating_kwh_after": "7642", "heating_eur_after": "1093.20",
        "payback_years_low": "2.9", "payback_years_high": "7.4", "money": MONEY, "notes": []}],
}


def document(estimate: dict | None = ESTIMATE) -> ReportDocument:
    return ReportDocument(
        reference="CR-5-1", household_name="VUILLET Marc", address="3 rue du Lac, 39300 Champagnole",
        visit_date=date(2026, 11, 20), coordinator="Claire Martin", advisor="Lucas Bernard", prescriber="CCAS",
        introduction="", family_synthesis="Famille de deux personnes.", technical_synthesis="Maison de 1960.",
        works=[Work(1, "Isoler les combles", None, None, None, None, "MaPrimeRénov' jaune")],
        orientations=[], validated_by="Marie Roy", validated_on=date(2026, 11, 22),
        reference_date=date(2026, 11, 22), frozen_works_estimate=copy.deepcopy(estimate))


def text_of(content: bytes) -> str:
    """The PDF's text as pypdf extracts it, on one line (U+202F kept: amounts stay whole)."""
    return re.sub(r"[ \n]+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture(scope="module")
def copies() -> dict[str, str]:
    return {r: text_of(render(document(), r)) for r in ("household", "prescriber", "landlord")}


def test_every_copy_has_the_note_and_the_scenario_from_the_frozen_estimate(copies: dict[str, str]) -> None:
    for recipient, text in copies.items():
        assert "ne s'additionnent pas" in text, recipient
        assert "Scénario : Isolation et régulation" in text, recipient
        assert "Isolation des combles ou de la toiture" in text and "Régulation et programmation" in text
        assert f"Coût total : 1{NNBSP}800,00{NNBSP}€ à 4{NNBSP}618,88{NNBSP}€ TTC." in text, recipient
        assert f"4{NNBSP}359{NNBSP}kWh/an, 623,59{NNBSP}€/an (36,3{NNBSP}% du chauffage)" in text, recipient
        assert "Temps de retour avant aides : 2,9 à 7,4 ans." in text, recipient
        assert f"3{NNBSP}783{NNBSP}kWh/an" in text  # a step's own saving


def test_household_and_prescriber_read_the_aids_and_the_amount_left_to_pay(copies: dict[str, str]) -> None:
    for recipient in ("household", "prescriber"):
        text = copies[recipient]
        assert "Catégorie de revenus Anah : Ménages aux revenus modestes." in text, recipient
        assert f"Aides MaPrimeRénov' estimées : 1{NNBSP}125,00{NNBSP}€ (certaines aides restent à chiffrer" in text
        assert f"(maximum) : 675,00{NNBSP}€ à 3{NNBSP}493,88{NNBSP}€." in text, recipient
        assert "Temps de retour après aides : 1,2 à 5,6 ans." in text, recipient
    assert "Reste à votre charge (maximum)" in copies["household"]


def test_only_the_prescriber_reads_the_tee_before_and_after(copies: dict[str, str]) -> None:
    assert f"Taux d'effort énergétique : 19,1{NNBSP}% aujourd'hui, 9,9{NNBSP}% après ces travaux." in copies["prescriber"]
    for recipient in ("household", "landlord"):
        assert "effort" not in copies[recipient].lower() and "19,1" not in copies[recipient], recipient


def test_the_landlords_copy_reveals_nothing_of_the_tenants_income(copies: dict[str, str]) -> None:
    landlord = copies["landlord"]
    for private in ("Anah", "modestes", "Aides", "aides possibles", "MaPrimeRénov", "Reste à charge", "reste à vivre",
                    "Reste à vivre", "1\u202f125", "675,00", "5\u202f282", "6\u202f421", "19,1", "9,9", "effort"):
        assert private not in landlord, private
    assert "Isoler les combles" in landlord  # the works, without the aid the plan named
    assert "Temps de retour avant aides" in landlord  # « avant aides » names no aid and no amount


def test_shares_only_the_copies_give_shares_not_kwh_nor_euros() -> None:
    estimate = copy.deepcopy(ESTIMATE)
    estimate["shares_only"] = True
    scenario = estimate["scenarios"][0]
    for part in (scenario, *scenario["steps"]):
        part["saving"] = {**part["saving"], "kwh": None, "eur": None}
    scenario["payback_years_low"] = scenario["payback_years_high"] = None
    text = text_of(render(document(estimate), "landlord"))
    assert f"Économie par an : 36,3{NNBSP}% du chauffage." in text
    assert "Temps de retour avant aides : non calculable." in text
    assert "kWh/an" not in text.split("Scénario")[1]


def test_without_a_frozen_estimate_there_is_no_scenario_and_the_note_stays() -> None:
    for recipient in ("household", "prescriber", "landlord"):
        text = text_of(render(document(None), recipient))
        assert "Scénario" not in text and "ne s'additionnent pas" in text, recipient
