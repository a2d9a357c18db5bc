"""PDF copies of a report, one per recipient: tagged PDF/UA-1 from an HTML template (`html.py`).

Each copy says only what its recipient may read: the household's copy in plain language, addressed
to the household (« vous »), the prescriber's copy with both syntheses and the orientations, and the
landlord's copy with the technical synthesis alone (prioritised works, effects, costs), never any social
or financial data. The managers' complementary opinion is internal: it is in no copy, since every copy
goes to someone outside the team.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from api.documents.html import FONTS, render_html, to_pdf
from api.energy.works import NON_CUMULATIVE
from api.formatting import NARROW_NBSP, amount, euros, french_date, number, percent

__all__ = ["FONTS", "ReportDocument", "Work", "render"]
Recipient = Literal["household", "prescriber", "landlord"]


# In free text written by the team ("un impayé de 1 420 €"): a space between digits and a unit or a
# thousands group becomes a narrow no-break space, so the line cannot break there either.
_UNIT_SPACE = re.compile(r"(?<=\d)[ \u00a0](?=€|kWh|\d{3}(?!\d))")


def keep_amounts_together(text: str) -> str:
    return _UNIT_SPACE.sub(NARROW_NBSP, text)


@dataclass(frozen=True)
class Work:
    priority: int
    description: str
    saving_kwh: Decimal | None
    saving_eur: Decimal | None
    cost_low: Decimal | None
    cost_high: Decimal | None
    possible_aids: str


@dataclass(frozen=True)
class ReportDocument:
    reference: str
    household_name: str
    address: str
    visit_date: date
    coordinator: str
    advisor: str
    prescriber: str
    introduction: str
    family_synthesis: str
    technical_synthesis: str
    works: list[Work]
    orientations: list[tuple[str, str, str]]  # label, description, partner
    validated_by: str | None
    validated_on: date | None
    issuer: str = "Conseil départemental du Jura – Pôle des Solidarités"  # the programme's, in practice
    issuer_address: str = ""
    logo_svg: str = ""

    @property
    def logo_uri(self) -> str:
        """The programme's SVG logo as an image the template can place (with its alternative text)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.logo_svg.encode()).decode() if self.logo_svg else ""
    programme: str = "SLIME – Service local d'intervention pour la maîtrise de l'énergie"
    notes: list[str] = field(default_factory=list)
    # A current consent to share with the landlord when the document was made (its copy says so only then).
    landlord_consent: bool = False
    # The date of the reference values (prices, factors, thresholds) the report's figures were computed with:
    # frozen at validation, so a later correction of those values never changes a sent document.
    reference_date: date | None = None
    # The figures frozen with the report (api/services/reports.py, freeze_figures), for the sections that
    # print them: the analysis and the works estimate as JSON, read leniently.
    frozen_analysis: dict | None = None
    frozen_works_estimate: dict | None = None


# --- combined scenarios, from the report's frozen works estimate ---------------------------------------------

def _d(value: object) -> Decimal | None:
    """A frozen figure (a JSON string) read leniently: missing or malformed is unknown, never zero."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _span(low: object, high: object, show) -> str | None:
    a, b = _d(low), _d(high)
    if a is None or b is None:
        return None
    return show(a) if show(a) == show(b) else f"{show(a)} à {show(b)}"


def _years(low: object, high: object) -> str | None:
    text = _span(low, high, lambda v: number(v, 1))
    return f"{text} ans" if text else None


def _saving_text(saving: dict, shares_only: bool) -> str:
    share = _d(saving.get("share"))
    kwh_, eur = _d(saving.get("kwh")), _d(saving.get("eur"))
    if shares_only or (kwh_ is None and eur is None):
        return f"{percent(share)} du chauffage" if share is not None else "non estimée"
    parts = [amount(kwh_, "kWh/an", 0) if kwh_ is not None else "", f"{euros(eur)}/an" if eur is not None else ""]
    return ", ".join(p for p in parts if p) + (f" ({percent(share)} du chauffage)" if share is not None else "")


def _cost_ttc(cost: dict) -> str:
    text = _span(cost.get("low_ttc"), cost.get("high_ttc"), euros)
    return f"{text} TTC" if text else "à renseigner"


Section = Literal["costs", "aids", "social"]
# What each copy may say of a scenario: the landlord reads costs, savings and payback before aids, never the
# aids, the Anah category, the TEE or the reste à vivre (they reveal the tenant's income); only the
# prescriber's copy carries the TEE before and after works (social data).
SCENARIO_SECTIONS: dict[Recipient, frozenset[Section]] = {
    "household": frozenset({"costs", "aids"}),
    "prescriber": frozenset({"costs", "aids", "social"}),
    "landlord": frozenset({"costs"}),
}



TITLES: dict[Recipient, str] = {
    "household": "Compte-rendu de visite",
    "prescriber": "Compte-rendu de visite – copie pour le prescripteur",
    "landlord": "Synthèse technique du logement – copie pour le bailleur",
}


def _text(text: str) -> str:
    """Free text written by the team, as the copy prints it: amounts kept whole, never empty."""
    return keep_amounts_together(text.strip()) or "—"


def _works(doc: ReportDocument, *, household: bool, aids: bool) -> dict:
    """The works table's rows, and the notes printed under it."""
    rows = []
    for work in sorted(doc.works, key=lambda w: w.priority):
        saving = amount(work.saving_kwh, "kWh/an", 0)
        if work.saving_eur is not None:
            saving += f"\n{euros(work.saving_eur)}/an"
        cost = "—" if work.cost_low is None else f"{euros(work.cost_low)} à {euros(work.cost_high)}"
        # The landlord's copy names no aid: which aid a household gets reveals its income category.
        rows.append({"priority": str(work.priority), "description": work.description,
                     "aids": work.possible_aids if aids and work.possible_aids else "",
                     "saving": saving, "cost": cost})
    dated = (f" Valeurs de référence (prix, facteurs de conversion) en vigueur le {french_date(doc.reference_date)}."
             if doc.reference_date else "")
    estimate = ("Ces économies et ces coûts sont des estimations faites à partir de vos factures et d'un modèle "
                "simplifié de votre logement : ce n'est ni un audit ni un DPE." if household else
                "Économies et coûts sont des estimations à partir des factures et d'un modèle simplifié du "
                "logement, et non un audit ni un DPE.") + dated
    # The lines do not add up: said under the works table, in the reader's words.
    non_cumulative = ("Attention : chaque économie est estimée pour ce travail seul, sur votre logement tel qu'il "
                      "est ; les économies de plusieurs travaux ne s'additionnent pas." if household else
                      (doc.frozen_works_estimate or {}).get("non_cumulative_note") or NON_CUMULATIVE)
    return {"rows": rows, "aids": aids, "estimate": estimate, "non_cumulative": keep_amounts_together(non_cumulative),
            "empty": "Nous ne vous recommandons pas de travaux pour l'instant." if household
                     else "Aucun travail n'a été retenu."}


def _scenarios(doc: ReportDocument, recipient: Recipient) -> dict | None:
    """The combined scenarios of the report's frozen works estimate, never recomputed."""
    estimate = doc.frozen_works_estimate or {}
    scenarios = [s for s in estimate.get("scenarios") or [] if isinstance(s, dict) and s.get("steps")]
    if not scenarios:
        return None
    sections = SCENARIO_SECTIONS[recipient]
    household = recipient == "household"
    shares_only = bool(estimate.get("shares_only"))
    items = []
    for scenario in scenarios:
        steps = [{"number": str(i), "label": str(step.get("label") or step.get("work") or ""),
                  "saving": _saving_text(step.get("saving") or {}, shares_only),
                  "cost": _cost_ttc(step.get("cost") or {})}
                 for i, step in enumerate(scenario["steps"], start=1)]
        lines = [f"Coût total : {_cost_ttc(scenario.get('cost') or {})}.",
                 f"Économie par an : {_saving_text(scenario.get('saving') or {}, shares_only)}."]
        payback = _years(scenario.get("payback_years_low"), scenario.get("payback_years_high"))
        lines.append(f"Temps de retour avant aides : {payback or 'non calculable'}.")
        money = scenario.get("money") if isinstance(scenario.get("money"), dict) else None
        if money and "aids" in sections:
            lines += _money_lines(money, household=household)
        if money and "social" in sections:
            before, after = money.get("tee_before_display"), money.get("tee_after_display")
            if before and after and not money.get("income_hidden"):
                lines.append(f"Taux d'effort énergétique : {before} aujourd'hui, {after} après ces travaux.")
        items.append({"label": f"Scénario : {scenario.get('label') or scenario.get('code') or ''}",
                      "steps": steps, "lines": [keep_amounts_together(line) for line in lines]})
    return {
        "heading": ("Si vous faites plusieurs travaux : les scénarios" if household else
                    "Scénarios de travaux combinés (travaux faits l'un après l'autre)"),
        "intro": ("Dans un scénario, chaque travail agit sur le logement laissé par le précédent : les économies "
                  "des étapes s'additionnent, et leur total ne dépasse jamais la consommation de chauffage."
                  + (" Sans facture de chauffage exploitable, les économies sont données en part du chauffage."
                     if shares_only else "")),
        "items": items,
    }


def _money_lines(money: dict, *, household: bool) -> list[str]:
    category = money.get("category_label")
    complete = bool(money.get("aids_complete"))
    aids = _span(money.get("aids_low_eur"), money.get("aids_high_eur"), euros) or euros(Decimal(0))
    left = _span(money.get("left_to_pay_low_eur"), money.get("left_to_pay_high_eur"), euros)
    payback = _years(money.get("payback_after_aids_years_low"), money.get("payback_after_aids_years_high"))
    who = "vos revenus" if household else "les revenus du ménage"
    lines = [f"Catégorie de revenus Anah : {category}." if category else
             f"Catégorie de revenus Anah : non calculable ({who} sont à compléter) : aides non chiffrées."]
    lines.append(f"Aides MaPrimeRénov' estimées : {aids}" + ("." if complete else
                 " (certaines aides restent à chiffrer : le reste à charge est un maximum)."))
    if left:
        lines.append(f"{'Reste à votre charge' if household else 'Reste à charge'}"
                     f"{'' if complete else ' (maximum)'} : {left}.")
    lines.append(f"Temps de retour après aides : {payback or 'non calculable'}.")
    return lines


def _orientations(doc: ReportDocument) -> list[str]:
    return [_text(f"{label} : {description}" + (f" ({partner})" if partner else ""))
            for label, description, partner in doc.orientations]


def render(doc: ReportDocument, recipient: Recipient) -> bytes:
    """The recipient's copy as a tagged PDF (PDF/UA-1), dated from the visit: the same report gives the
    same bytes."""
    household = recipient == "household"
    html = render_html(
        "report.html.j2", recipient=recipient, title=TITLES[recipient], author=doc.issuer,
        description=f"{TITLES[recipient]}, {doc.programme}, référence {doc.reference}",
        doc=doc, reference=doc.reference, text=_text, visit_date=french_date(doc.visit_date),
        validated_on=french_date(doc.validated_on) if doc.validated_by and doc.validated_on else None,
        works=_works(doc, household=household, aids=recipient != "landlord"),
        scenarios=_scenarios(doc, recipient), orientations=_orientations(doc),
    )
    return to_pdf(html, created=doc.visit_date)
