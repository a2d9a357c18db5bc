"""docs/energy-method.md answers every finding of the November 2026 review of the diagnostic, each with a
test that exists (a renamed or deleted test would leave the page citing nothing)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "energy-method.md"

# The first column of the review's tables (shared/reference/diagnostic-review.md), and its ranked list.
FINDINGS = [
    "Income in the TEE", "TEE display", "Extrapolation", "UC reference year", "Income deciles", "BRDE reste à vivre",
    "BRDE verdict", "FR_3D", "kWh shown", "Network propane in kWh", "Wood logs", "Electricity primary-energy factor",
    "Estimated class", "Empty analysis", "Overlapping periods", "Reading dates", "Seasonality",
    "Savings added together", "New fuel-oil boiler proposed", "Uncalibrated estimate", "What is calibrated",
    "Price of a saved kWh", "Ranking label", "Floor U-values", "Works costs", "Controls saving", "Ventilation",
    "Specific electricity", "Fallback prices", "Reference date",
    *[f"Best-in-class {n}" for n in range(1, 10)],
]


def _rows() -> dict[str, str]:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and cells[0] not in ("Constat", "---"):
            rows[cells[0]] = cells[2]
    return rows


@pytest.mark.db_independent
def test_every_finding_has_an_answer_and_a_test_that_exists() -> None:
    rows = _rows()
    answered = {finding: next((test for label, test in rows.items() if label.startswith(finding)), None)
                for finding in FINDINGS}
    assert [f for f, test in answered.items() if test is None] == []
    for finding, cited in answered.items():
        match = re.fullmatch(r"`(tests/[\w/]+\.py)::(test_\w+)`", cited or "")
        assert match, f"{finding}: cite one test as `tests/…py::test_name`, not {cited!r}"
        path, name = match.groups()
        assert re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), f"{finding}: {cited}"


@pytest.mark.db_independent
def test_the_page_explains_each_part() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for heading in ("Indicateurs de précarité énergétique", "Factures", "Classe estimée", "Travaux",
                    "Éligibilité", "Impact mesuré", "Chiffres figés"):
        assert re.search(rf"^## .*{heading}", text, re.M), heading
