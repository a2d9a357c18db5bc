"""The subject access export as a readable PDF: every section of data held, then who accessed it."""

from datetime import UTC, datetime
from typing import Any

from fpdf import FPDF

from api.documents.pdf import FONTS
from api.labels import ENUM_LABELS
from api.models import AttachmentKind

ATTACHMENT_LABELS = ENUM_LABELS[AttachmentKind]

ISSUER = "Conseil départemental du Jura – Pôle des Solidarités"


class _Doc(FPDF):
    def __init__(self, reference: str) -> None:
        super().__init__(format="A4")
        self.reference = reference
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.alias_nb_pages()
        self.set_creation_date(datetime.now(UTC))

    def header(self) -> None:
        self.set_font("DejaVu", "B", 10)
        self.cell(0, 5, ISSUER, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"Droit d'accès – {self.reference} – page {self.page_no()} / {{nb}}", align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def fields(self, record: dict[str, Any]) -> None:
        self.set_font("DejaVu", "", 9)
        for key, value in record.items():
            if value in (None, "", [], {}):
                continue
            self.multi_cell(0, 4.5, f"{key} : {value}", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)


def render_subject_access(data: dict[str, Any]) -> bytes:
    household = data["household"]
    doc = _Doc(f"dossier {household['id']}")
    doc.add_page()
    doc.set_font("DejaVu", "B", 14)
    doc.multi_cell(0, 8, "Données détenues sur votre ménage (article 15 du RGPD)", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 9)
    doc.multi_cell(0, 5, f"Document établi le {datetime.fromisoformat(data['generated_at']):%d/%m/%Y}. Il contient "
                   "toutes les informations enregistrées dans Binôme pour le programme SLIME, puis la liste des "
                   "transmissions à votre bailleur, et les consultations et modifications de votre dossier.", new_x="LMARGIN", new_y="NEXT")
    doc.heading("Ménage")
    doc.fields(household)
    for title, rows in data["sections"].items():
        if rows:
            doc.heading(f"{title} ({len(rows)})")
            for row in rows:
                doc.fields(row)
    kinds = data.get("attachments", {})
    doc.heading(f"Photos et documents de la visite ({sum(kinds.values())})")
    doc.set_font("DejaVu", "", 9)
    doc.multi_cell(0, 4.5, "; ".join(f"{ATTACHMENT_LABELS.get(k, k)} : {n}" for k, n in kinds.items()) or "Aucun.",
                   new_x="LMARGIN", new_y="NEXT")
    shares = data.get("landlord_disclosures", [])
    doc.heading(f"Ce qui a été transmis à votre bailleur ({len(shares)})")
    doc.set_font("DejaVu", "", 8)
    if not shares:
        doc.multi_cell(0, 4, "Rien.", new_x="LMARGIN", new_y="NEXT")
    for share in shares:
        at = datetime.fromisoformat(share["at"])
        doc.multi_cell(0, 4, f"{at:%d/%m/%Y %H:%M} UTC – {share['who']} – {share['how']} – {share['what']} "
                       f"({share['status']})", new_x="LMARGIN", new_y="NEXT")
    doc.heading(f"Qui a consulté ou modifié le dossier ({len(data['accesses'])})")
    doc.set_font("DejaVu", "", 8)
    for access in data["accesses"]:
        at = datetime.fromisoformat(access["at"])
        doc.multi_cell(0, 4, f"{at:%d/%m/%Y %H:%M} UTC – {access['by']} – {access['action']} {access['what']}"
                       + (f" ({access['detail']})" if access["detail"] else ""), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())
