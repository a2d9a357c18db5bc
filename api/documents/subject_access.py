"""The subject access export as a readable, tagged PDF (PDF/UA-1): every section of data held, then what was
sent to the landlord and who accessed the record (tables with column headers)."""

from datetime import UTC, datetime
from typing import Any

from api.documents.html import render_html, to_pdf
from api.labels import ENUM_LABELS
from api.models import AttachmentKind

ATTACHMENT_LABELS = ENUM_LABELS[AttachmentKind]

TITLE = "Données détenues sur votre ménage (article 15 du RGPD)"


def _when(value: str) -> str:
    return f"{datetime.fromisoformat(value):%d/%m/%Y %H:%M}"


def render_subject_access(data: dict[str, Any], issuer: str) -> bytes:
    household = data["household"]
    generated = datetime.fromisoformat(data["generated_at"])
    html = render_html(
        "subject_access.html.j2", title=TITLE, running_title="Droit d'accès", author=issuer, reference=f"dossier {household['id']}",
        description=f"Droit d'accès, dossier {household['id']}", generated_on=f"{generated:%d/%m/%Y}",
        household=household, sections=data["sections"],
        attachments=[(ATTACHMENT_LABELS.get(kind, kind), count) for kind, count in data.get("attachments", {}).items()],
        shares=[{**share, "at": _when(share["at"])} for share in data.get("landlord_disclosures", [])],
        accesses=[{**access, "at": _when(access["at"])} for access in data["accesses"]],
    )
    return to_pdf(html, created=generated if generated.tzinfo else generated.replace(tzinfo=UTC))
