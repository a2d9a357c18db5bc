"""The PDFs are tagged PDF/UA-1 documents (RGAA 13.3, issue 20): a structure tree in reading order with
headings, paragraphs and tables whose header cells are marked, the document's language (fr-FR), a title
shown in place of the file name, and the PDF/UA identification in the XMP metadata. Read back with pypdf,
as an assistive technology would find them."""

import io
import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from api.documents.pdf import TITLES, render
from api.documents.subject_access import TITLE, render_subject_access
from tests.documents.test_pdf_scenarios import document

SUBJECT_ACCESS = {
    "generated_at": datetime(2026, 11, 30, 9, 15, tzinfo=UTC).isoformat(),
    "household": {"id": 7, "last_name": "Jacquet", "first_name": "Hélène", "commune": "Dole", "email": None},
    "sections": {"Membres du ménage": [{"first_name": "Hélène", "role": "adulte"}, {"first_name": "Noah"}],
                 "Orientations": []},
    "landlord_disclosures": [{"at": "2026-11-02T10:00:00+00:00", "who": "Jura Habitat (bailleur)",
                              "how": "notification (webhook)", "what": "synthèse technique", "status": "envoyée"}],
    "accesses": [{"at": "2026-11-03T08:30:00+00:00", "by": "Sophie Durand", "action": "read", "what": "household",
                  "detail": ""}],
}


def _documents() -> dict[str, tuple[bytes, str]]:
    copies = {r: (render(document(), r), TITLES[r]) for r in ("household", "prescriber", "landlord")}
    return {**copies, "subject_access": (render_subject_access(SUBJECT_ACCESS, "Conseil départemental du Jura – Pôle des Solidarités"), TITLE)}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, tuple[PdfReader, str]]:
    return {name: (PdfReader(io.BytesIO(content)), title) for name, (content, title) in _documents().items()}


def _structure(node: DictionaryObject, types: Counter, order: list[str], headers: list[DictionaryObject]) -> None:
    """Walk the structure tree from `node`, counting element types and listing headings in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()
        if not isinstance(kid, DictionaryObject) or "/S" not in kid:
            continue  # marked content or an object reference: the leaves
        kind = str(kid["/S"])
        types[kind] += 1
        if kind in ("/H1", "/H2", "/H3"):
            order.append(kind)
        if kind == "/TH":
            headers.append(kid)
        _structure(kid, types, order, headers)


@pytest.mark.parametrize("name", ["household", "prescriber", "landlord", "subject_access"])
def test_each_pdf_is_tagged_in_french_with_its_title_shown(pdfs: dict, name: str) -> None:
    reader, title = pdfs[name]
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a pypdf BooleanObject: equal to True, not merely truthy)
    assert catalog["/Lang"] == "fr-FR"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == title and title
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), xmp
    assert title in xmp  # dc:title, which PDF/UA requires


@pytest.mark.parametrize("name", ["household", "prescriber", "landlord", "subject_access"])
def test_the_structure_tree_has_headings_paragraphs_and_table_headers(pdfs: dict, name: str) -> None:
    reader, _ = pdfs[name]
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    types: Counter = Counter()
    headings: list[str] = []
    headers: list[DictionaryObject] = []
    _structure(root, types, headings, headers)
    assert headings[0] == "/H1" and headings.count("/H1") == 1, headings  # one title, first
    assert types["/H2"] >= 3 and types["/P"] >= 2, types
    assert types["/Table"] >= 1 and types["/TH"] >= 4 and types["/TD"] >= 1, types
    # Every header cell belongs to its table (the attribute owner /Table), so cells are read with their headers.
    assert all(h.get("/A", {}).get("/O") == "/Table" for h in headers)


def test_the_headings_follow_the_reading_order_of_the_copy(pdfs: dict) -> None:
    """The household's copy: its title, then its sections in the order it is written (no heading skipped)."""
    reader, _ = pdfs["household"]
    headings: list[str] = []
    _structure(reader.trailer["/Root"]["/StructTreeRoot"], Counter(), headings, [])
    assert headings[:5] == ["/H1", "/H2", "/H2", "/H2", "/H2"], headings
    assert "/H3" in headings  # a scenario's own title, under its section


def test_page_headers_and_footers_are_not_content(pdfs: dict) -> None:
    """The running header and the « page n / N » footer are artefacts: each document's text still has them,
    but only once per page, and the structure tree (what is read aloud) does not hold them."""
    reader, _ = pdfs["household"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert text.count("page 1 / ") == 1 and f"page {len(reader.pages)} / {len(reader.pages)}" in text
    tree_pages = sum(1 for _ in re.finditer(r"/Artifact", "".join(
        page.get_contents().get_data().decode("latin-1") for page in reader.pages)))
    assert tree_pages >= 2 * len(reader.pages) - 1  # a footer on every page, a header from page 2
