"""A live demo server for the contract tests: `python -m api.cli serve` on a free port, over a temporary
SQLite database migrated and seeded with the demo data (what `make run` serves), plus the clients an
integrator would generate from its OpenAPI document. Both are built once per test session."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.demo import DEMO_PASSWORD
from tests.robustness._live import SECRET, free_port, migrated_and_seeded

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "docs" / "integrations" / "openapi-python-client.yaml"


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:<port>
    api: str  # …/api/v1
    landlord_token: str  # Jura Habitat's integration token
    reporting_token: str

    def admin_headers(self) -> dict[str, str]:
        token = httpx.post(f"{self.api}/auth/token", data={"username": "admin@binome.demo", "password": DEMO_PASSWORD},
                           timeout=10).raise_for_status().json()["access_token"]
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("live-demo")
    database_url = f"sqlite:///{workdir / 'demo.db'}"
    migrated_and_seeded(database_url)
    port = free_port()
    env = {**os.environ, "BINOME_DATABASE_URL": database_url, "BINOME_SECRET_KEY": SECRET, "BINOME_ENVIRONMENT": "test",
           "BINOME_SPA_DIR": "", "BINOME_WEBHOOK_INTERVAL_SECONDS": "0", "PYTHONPATH": str(ROOT)}
    log = workdir / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=workdir,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"server exited:\n{log.read_text(errors='replace')[-3000:]}"
            try:
                if httpx.get(f"{base}/api/v1/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"server did not start:\n{log.read_text(errors='replace')[-3000:]}"
            time.sleep(0.1)
        server = LiveServer(url=base, api=f"{base}/api/v1", landlord_token="", reporting_token="")
        admin = server.admin_headers()
        orgs = httpx.get(f"{server.api}/organisations", params={"kind": "social_landlord"}, headers=admin,
                         timeout=10).raise_for_status().json()["items"]
        jura = next(o["id"] for o in orgs if o["name"] == "Jura Habitat")
        for kind, body in (("landlord", {"organisation_id": jura}), ("reporting", {})):
            created = httpx.post(f"{server.api}/integration-tokens", headers=admin, timeout=10,
                                 json={"name": f"contrat {kind}", "kind": kind, **body}).raise_for_status().json()
            setattr(server, f"{kind}_token", created["token"])
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def openapi_document(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The document as an integrator downloads it."""
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_bytes(httpx.get(f"{live_server.api}/openapi.json", timeout=10).raise_for_status().content)
    return path


@pytest.fixture(scope="session")
def python_client(openapi_document: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """openapi-python-client's package `binome_client`, generated into a temporary directory (added to
    sys.path); the generator's whole output is returned for the no-warning check."""
    parent = tmp_path_factory.mktemp("generated")
    generator = Path(sys.executable).with_name("openapi-python-client")
    # Its post-generation hooks run ruff (one of its own dependencies) from PATH: the venv's, not the machine's.
    env = {**os.environ, "PATH": f"{generator.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(generator), "generate", "--path", str(openapi_document), "--config", str(CONFIG),
                             "--meta", "none", "--output-path", str(parent / "binome_client")],
                            capture_output=True, text=True, timeout=120, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    (parent / "generator-output.txt").write_text(output)
    sys.path.insert(0, str(parent))
    return parent
