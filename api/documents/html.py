"""Tagged PDF (PDF/UA-1) from HTML templates: Jinja2 writes the HTML, WeasyPrint lays it out.

Every document is an HTML page in French (`<html lang="fr-FR">`) with a `<title>`, headings, paragraphs,
lists and tables with header cells: WeasyPrint's ``pdf/ua-1`` variant turns that structure into the PDF's
structure tree (reading order, /Lang, table headers), shows the title instead of the file name
(/DisplayDocTitle) and declares PDF/UA in the XMP metadata, so a screen reader reads the document as the
page is written (RGAA 13.3). Repeated page headers and footers live in the page margins: they are artefacts,
not content. The fonts are the bundled DejaVu ones (`fonts/`), loaded with @font-face: the same glyphs on
every machine, whatever the system has.
"""

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

# The font subsets WeasyPrint embeds carry a "modified" time (fontTools stamps them when it subsets):
# with it, one validated report rendered twice differed by a few bytes whenever the two renderings fell
# in different seconds. fontTools takes the reproducible-builds date when given: the same PDF, byte for byte.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01

FONTS = Path(__file__).parent / "fonts"
TEMPLATES = Path(__file__).parent / "templates"
PDF_VARIANT = "pdf/ua-1"


# An amount with its unit ("1 234,56 €", "3 783 kWh/an", "36,3 %"): never broken across lines, not even
# after the slash of "€/an" (the thousands and unit spaces are already no-break ones, U+202F).
_AMOUNT = re.compile(r"\d[\d\u202f,]*\u202f(?:€|kWh|%)(?:/an)?")


def lines(text: str | None) -> Markup:
    """Plain text as printed: escaped, each "\\n" a <br>, each amount kept on one line."""
    def line(part: str) -> Markup:
        escaped = str(escape(part))
        return Markup(_AMOUNT.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped))
    return Markup("<br>").join(line(part) for part in str(text or "").split("\n"))


def css_string(text: str) -> Markup:
    """A CSS string literal (for the page margins' content), safe inside <style>."""
    escaped = str(text).replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ").replace("\n", " ")
    return Markup(f'"{escaped}"')


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.filters["lines"] = lines
_env.filters["css_string"] = css_string


def render_html(template: str, **context: Any) -> str:
    return _env.get_template(template).render(fonts=FONTS.as_uri(), **context)


def to_pdf(html: str, *, created: date | datetime | None = None) -> bytes:
    """The HTML laid out as a tagged PDF/UA-1 document. `created` is the document's date (its metadata):
    given, the same content gives the same bytes."""
    # Imported here: WeasyPrint loads pango and its fonts, which only the document routes need.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if created is not None:
        stamp = created.isoformat() if isinstance(created, datetime) else f"{created.isoformat()}T00:00:00+00:00"
        html = html.replace("</head>", f'<meta name="dcterms.created" content="{stamp}"></head>', 1)
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant=PDF_VARIANT, font_config=fonts)
