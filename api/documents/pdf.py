"""PDF copies of a report, one per recipient, with fpdf2 and a bundled Unicode font (DejaVu).

Each copy says only what its recipient may read: the household's copy in plain language, addressed
to the household (« vous »), the prescriber's copy with both syntheses and the orientations, and the
landlord's copy with the technical synthesis alone (prioritised works, effects, costs), never any social
or financial data. The managers' complementary opinion is internal: it is in no copy, since every copy
goes to someone outside the team.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from fpdf import FPDF

from api.energy.works import NON_CUMULATIVE
from api.formatting import NARROW_NBSP, amount, euros, french_date, number, percent

FONTS = Path(__file__).parent / "fonts"
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
    issuer: str = "Conseil départemental du Jura – Pôle des Solidarités"
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


class _Pdf(FPDF):
    def __init__(self, doc: ReportDocument, title: str) -> None:
        super().__init__(format="A4")
        self.doc, self.title_text = doc, title
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.alias_nb_pages()
        self.set_title(title)
        self.set_author(doc.issuer)
        self.set_creation_date(datetime(doc.visit_date.year, doc.visit_date.month, doc.visit_date.day, tzinfo=UTC))

    def header(self) -> None:
        self.set_font("DejaVu", "B", 10)
        self.cell(0, 5, self.doc.issuer, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 8)
        self.cell(0, 4, self.doc.programme, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"{self.title_text} – {self.doc.reference} – page {self.page_no()} / {{nb}}", align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)

    def paragraph(self, text: str) -> None:
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5, keep_amounts_together(text.strip()) or "—", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)


def _works_table(pdf: _Pdf, works: list[Work], *, household: bool = False, aids: bool = True) -> None:
    if not works:
        pdf.paragraph("Nous ne vous recommandons pas de travaux pour l'instant." if household
                      else "Aucun travail n'a été retenu.")
        return
    with pdf.table(col_widths=(8, 60, 22, 30), text_align=("CENTER", "LEFT", "RIGHT", "RIGHT"),
                   line_height=5) as table:
        table.row(["N°", "Travaux (aides possibles)" if aids else "Travaux", "Économie estimée", "Coût estimé"])
        for work in sorted(works, key=lambda w: w.priority):
            saving = amount(work.saving_kwh, "kWh/an", 0)
            if work.saving_eur is not None:
                saving += f"\n{euros(work.saving_eur)}/an"
            cost = "—" if work.cost_low is None else f"{euros(work.cost_low)} à {euros(work.cost_high)}"
            # The landlord's copy names no aid: which aid a household gets reveals its income category.
            text = work.description + (f"\nAides : {work.possible_aids}" if aids and work.possible_aids else "")
            table.row([str(work.priority), text, saving, cost])
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8)
    dated = (f" Valeurs de référence (prix, facteurs de conversion) en vigueur le {french_date(pdf.doc.reference_date)}."
             if pdf.doc.reference_date else "")
    pdf.multi_cell(0, 4, ("Ces économies et ces coûts sont des estimations faites à partir de vos factures et d'un "
                          "modèle simplifié de votre logement : ce n'est ni un audit ni un DPE." if household else
                          "Économies et coûts sont des estimations à partir des factures et d'un modèle simplifié "
                          "du logement, et non un audit ni un DPE.") + dated, new_x="LMARGIN", new_y="NEXT")
    _non_cumulative(pdf, household=household)


def _non_cumulative(pdf: _Pdf, *, household: bool) -> None:
    """The lines do not add up: said under the works table, in the reader's words."""
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 9)
    text = ("Attention : chaque économie est estimée pour ce travail seul, sur votre logement tel qu'il est ; les "
            "économies de plusieurs travaux ne s'additionnent pas." if household else
            (pdf.doc.frozen_works_estimate or {}).get("non_cumulative_note") or NON_CUMULATIVE)
    pdf.multi_cell(0, 4.5, keep_amounts_together(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


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


def _scenarios(pdf: _Pdf, doc: ReportDocument, recipient: Recipient) -> None:
    """The combined scenarios of the report's frozen works estimate, never recomputed."""
    estimate = doc.frozen_works_estimate or {}
    scenarios = [s for s in estimate.get("scenarios") or [] if isinstance(s, dict) and s.get("steps")]
    if not scenarios:
        return
    sections = SCENARIO_SECTIONS[recipient]
    household = recipient == "household"
    shares_only = bool(estimate.get("shares_only"))
    pdf.heading("Si vous faites plusieurs travaux : les scénarios" if household else
                "Scénarios de travaux combinés (travaux faits l'un après l'autre)")
    pdf.paragraph("Dans un scénario, chaque travail agit sur le logement laissé par le précédent : les économies "
                  "des étapes s'additionnent, et leur total ne dépasse jamais la consommation de chauffage."
                  + (" Sans facture de chauffage exploitable, les économies sont données en part du chauffage."
                     if shares_only else ""))
    for scenario in scenarios:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5.5, f"Scénario : {scenario.get('label') or scenario.get('code') or ''}",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        with pdf.table(col_widths=(8, 58, 30, 30), text_align=("CENTER", "LEFT", "RIGHT", "RIGHT"),
                       line_height=4.5) as table:
            table.row(["N°", "Étape", "Économie de l'étape", "Coût estimé"])
            for i, step in enumerate(scenario["steps"], start=1):
                table.row([str(i), str(step.get("label") or step.get("work") or ""),
                           _saving_text(step.get("saving") or {}, shares_only), _cost_ttc(step.get("cost") or {})])
        pdf.ln(1)
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
        pdf.paragraph("\n".join(lines))


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


TITLES: dict[Recipient, str] = {
    "household": "Compte-rendu de visite",
    "prescriber": "Compte-rendu de visite – copie pour le prescripteur",
    "landlord": "Synthèse technique du logement – copie pour le bailleur",
}


def _orientations(pdf: _Pdf, doc: ReportDocument, empty: str) -> None:
    if doc.orientations:
        for label, description, partner in doc.orientations:
            pdf.paragraph(f"• {label} : {description}" + (f" ({partner})" if partner else ""))
    else:
        pdf.paragraph(empty)


def _household_copy(pdf: _Pdf, doc: ReportDocument) -> None:
    """The household's copy, written to the household."""
    pdf.paragraph(f"{doc.household_name}\n{doc.address}\nRéférence : {doc.reference}")
    pdf.paragraph(f"Madame, Monsieur,\n\nLe {french_date(doc.visit_date)}, vous nous avez reçus chez vous : "
                  f"{doc.coordinator}, animatrice SLIME, et {doc.advisor}, conseiller énergie. Voici ce que nous "
                  "avons vu ensemble lors de cette visite, et les démarches que nous vous proposons.")
    if doc.introduction:
        pdf.paragraph(doc.introduction)
    pdf.heading("Votre situation")
    pdf.paragraph(doc.family_synthesis)
    pdf.heading("Votre logement")
    pdf.paragraph(doc.technical_synthesis)
    pdf.heading("Les travaux que nous vous recommandons, par ordre de priorité")
    _works_table(pdf, doc.works, household=True)
    _scenarios(pdf, doc, "household")
    pdf.heading("Ce que nous vous proposons")
    _orientations(pdf, doc, "Nous ne vous proposons pas d'autre démarche pour l'instant.")
    pdf.heading("Et maintenant ?")
    pdf.paragraph(f"Nous restons à vos côtés pour ces démarches. Pour toute question, vous pouvez contacter "
                  f"{doc.coordinator} au {doc.issuer}.")
    if doc.validated_by and doc.validated_on:
        pdf.ln(2)
        pdf.paragraph(f"Document validé le {french_date(doc.validated_on)}.")


def render(doc: ReportDocument, recipient: Recipient) -> bytes:
    pdf = _Pdf(doc, TITLES[recipient])
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, TITLES[recipient], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    if recipient == "household":
        _household_copy(pdf, doc)
        return bytes(pdf.output())
    who = doc.address if recipient == "landlord" else f"{doc.household_name}, {doc.address}"
    pdf.paragraph(f"Logement : {who}\nVisite du {french_date(doc.visit_date)} par {doc.coordinator} "
                  f"(animatrice SLIME) et {doc.advisor} (conseiller énergie).\nRéférence : {doc.reference}")
    if recipient == "landlord":
        if doc.landlord_consent:
            pdf.paragraph("Ce document vous est transmis avec l'accord du locataire. Il ne contient que la partie "
                          "technique du diagnostic.")
        else:
            pdf.paragraph("Aucun accord du locataire pour transmettre ce document au bailleur n'est enregistré à "
                          "la date d'édition. Il ne contient que la partie technique du diagnostic.")
        pdf.heading("Synthèse technique")
        pdf.paragraph(doc.technical_synthesis)
        pdf.heading("Travaux recommandés, par ordre de priorité")
        _works_table(pdf, doc.works, aids=False)
        _scenarios(pdf, doc, "landlord")
    else:
        if doc.introduction:
            pdf.paragraph(doc.introduction)
        pdf.heading("Synthèse famille")
        pdf.paragraph(doc.family_synthesis)
        pdf.heading("Synthèse technique")
        pdf.paragraph(doc.technical_synthesis)
        pdf.heading("Travaux recommandés, par ordre de priorité")
        _works_table(pdf, doc.works)
        _scenarios(pdf, doc, "prescriber")
        pdf.heading("Orientations proposées")
        _orientations(pdf, doc, "Aucune orientation pour l'instant.")
    if doc.validated_by and doc.validated_on:
        pdf.ln(2)
        pdf.paragraph(f"Validé le {french_date(doc.validated_on)} par {doc.validated_by}.")
    return bytes(pdf.output())
