"""The annual report as tables with French headers, written as CSV (French Excel conventions:
semicolons, decimal commas, UTF-8 with BOM) or XLSX (openpyxl, one sheet per table)."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from api.schemas.reporting import AnnualReport, CaseExtract

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
SUPPRESSED_NOTE = "secret statistique (moins de 5 ménages)"


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _counts(title: str, first: str, rows: list) -> Table:
    return Table(title, [first, "Ménages" if first != "Motif" and first != "Type de prescripteur" else "Demandes"],
                 [[r.label, r.count] for r in rows])


def report_tables(report: AnnualReport) -> list[Table]:
    cross = report.tenure_by_heating
    return [
        Table("Objectif par unité", ["Unité", "Ménages", "Objectif (visites)", "Visites réalisées",
                                     "Part de l'objectif (%)", *MONTHS],
              [[u.unit, u.households_count, u.objective_visits, u.visits_done, u.share_of_objective_pct,
                *u.visits_by_month] for u in [*report.units, report.total]]),
        _counts("Demandes par prescripteur", "Type de prescripteur", report.referrals_by_referrer_kind),
        _counts("Demandes par motif", "Motif", report.referrals_by_reason),
        Table("Délais", ["Délai", "Cas", "Médiane (jours)", "90e centile (jours)"],
              [[t.label, t.cases, t.median_days, t.p90_days] for t in report.lead_times]),
        _counts("Statut d'occupation", "Statut d'occupation", report.tenure),
        _counts("Énergie de chauffage", "Énergie de chauffage principale", report.heating_energy),
        _counts("Revenu par UC", "Revenu par unité de consommation", report.income_band),
        _counts("Taux d'effort énergétique", "Taux d'effort énergétique", report.tee_band),
        Table("Occupation × chauffage", ["Statut d'occupation", *cross.columns],
              [[name, *cells] for name, cells in zip(cross.rows, cross.cells, strict=True)]),
        Table("Orientations", ["Type", "Proposées", "En cours", "Obtenues", "Refusées", "Abandonnées", "Total",
                               "Montant obtenu (€)"],
              [[o.label, o.proposed, o.in_progress, o.obtained, o.refused, o.abandoned, o.total, o.amount_obtained_eur]
               for o in report.orientations]),
        Table("Petit équipement", ["Équipement", "Quantité", "Coût (€)"],
              [[e.name, e.quantity, e.cost_eur] for e in report.equipment]),
        Table("Travaux des bailleurs", ["Statut", "Nombre", "Coût réel (€)"],
              [[w.label, w.count, w.actual_cost_eur] for w in report.landlord_works]),
        Table("Coût", ["Budget (€)", "Ménages visités", "Coût par ménage (€)", "Coût du petit équipement (€)"],
              [[report.cost.budget_eur, report.cost.households_visited, report.cost.cost_per_household_eur,
                report.cost.equipment_cost_eur]]),
    ]


def case_table(extract: CaseExtract) -> Table:
    return Table("Cas pseudonymisés", ["Cas", "Commune", "Unité", "Statut d'occupation", "Énergie de chauffage",
                                       "Revenu par UC", "Taux d'effort énergétique", "Orientations",
                                       "Orientations obtenues", "Valeurs masquées"],
                 [[r.case, r.commune, r.unit, r.tenure, r.heating_energy, r.income_band, r.tee_band, r.orientations,
                   r.orientations_obtained, ", ".join(r.suppressed)] for r in extract.items])


# A text cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection"):
# a commune typed as =HYPERLINK(…) by an alert giver must stay text in the exported case extract.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a formula-looking text with a single quote, which spreadsheets show as plain text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int | float):
        return str(value)  # a negative number is a number, not a formula
    return neutralise(str(value))


def to_csv(tables: list[Table], note: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([note])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([_cell(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode()


def _as_text(cells: Any) -> None:
    """openpyxl stores any string starting with "=" as a formula: force every text cell to a string
    cell, and mark it quote-prefixed so a spreadsheet keeps it text even after an edit."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


def to_xlsx(tables: list[Table], note: str) -> bytes:
    book = Workbook()
    assert book.active is not None  # a new workbook has its one default sheet
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31].replace("×", "x"))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
            _as_text(sheet[sheet.max_row])
        sheet.append([])
        sheet.append([note])
        for column in sheet.columns:
            width = max(len(str(c.value)) for c in column if c.value is not None) if any(
                c.value is not None for c in column) else 8
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
