"""The integration guides run (issue 17, point 5): every fenced block tagged `sh run` or `python run` in
docs/integrations/landlords.md and reporting.md is executed against the live demo server, the base
address `http://127.0.0.1:8000` replaced by the server's. A guide's `sh` blocks run in order in one shell
(`set -euo pipefail`: a failing command fails the test), as a reader pastes them; each `python` block runs
on its own with `BINOME_URL` and `BINOME_TOKEN` set, the generated client importable."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.conftest import ROOT, LiveServer

pytestmark = pytest.mark.contract
GUIDES = ROOT / "docs" / "integrations"
DEMO = "http://127.0.0.1:8000"
BLOCK = re.compile(r"^```(sh|python) run\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(guide: str, language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall((GUIDES / guide).read_text()) if lang == language]


def test_the_guides_mark_their_examples_for_running() -> None:
    for guide in ("landlords.md", "reporting.md"):
        assert len(blocks(guide, "sh")) >= 4 and len(blocks(guide, "python")) >= 2, guide


@pytest.mark.parametrize("guide", ["landlords.md", "reporting.md"])
def test_the_shell_examples_run(guide: str, live_server: LiveServer, tmp_path: Path) -> None:
    if not (shutil.which("curl") and shutil.which("jq")):
        pytest.skip("the shell examples need curl and jq (apt-get install curl jq)")
    script = "set -euo pipefail\n" + "\n".join(blocks(guide, "sh")).replace(DEMO, live_server.url)
    # curl -s hides HTTP errors: make every call of the guide fail loudly on a 4xx/5xx instead.
    script = "curl() { command curl --fail-with-body \"$@\"; }\n" + script
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{guide}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "bnm_" in result.stdout  # the token of step 1
    assert re.search(r"^304$", result.stdout, re.MULTILINE), "the conditional poll answered 304"
    if guide == "landlords.md":
        assert (tmp_path / "synthese.pdf").read_bytes().startswith(b"%PDF")
        assert '"event_id": "evt_' in result.stdout and '"webhook.test"' in result.stdout
    else:
        assert (tmp_path / "bilan-slime-2026.xlsx").read_bytes().startswith(b"PK")
        assert "Bilan SLIME" in (tmp_path / "bilan-slime-2026.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("guide, token", [("landlords.md", "landlord_token"), ("reporting.md", "reporting_token")])
def test_the_python_examples_run(guide: str, token: str, live_server: LiveServer, python_client: Path,
                                 tmp_path: Path) -> None:
    env = {**os.environ, "BINOME_URL": live_server.api, "BINOME_TOKEN": getattr(live_server, token),
           "PYTHONPATH": str(python_client)}
    said = ""
    for number, code in enumerate(blocks(guide, "python")):
        source = tmp_path / f"example_{number}.py"
        source.write_text(code.replace(DEMO, live_server.url))
        for run in (1, 2):  # twice: the second time, the conditional requests answer 304
            result = subprocess.run([sys.executable, str(source)], cwd=tmp_path, env=env, capture_output=True,
                                    text=True, timeout=120)
            assert result.returncode == 0, f"{guide} block {number}, run {run}:\n{result.stdout}\n{result.stderr}"
            said += result.stdout
    if guide == "reporting.md":
        assert "bilan-2026.xlsx updated" in said and "bilan-2026.xlsx unchanged" in said and "k = 5" in said
    else:
        assert "next poll: changed_since =" in said and (tmp_path / "synthese-13.pdf").read_bytes().startswith(b"%PDF")
