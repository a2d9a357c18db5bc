"""The dependency licence list stays in step with the pins."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_licence_list_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("licences", ROOT / "scripts" / "licences.py")
    licences = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(licences)
    text = licences.render()
    assert (ROOT / "docs" / "licences.md").read_text() == text, "run: .venv/bin/python scripts/licences.py"
    unknown = [line for line in text.splitlines() if line.endswith("| ? |")]
    assert not unknown, f"packages without a known licence: {unknown}"
