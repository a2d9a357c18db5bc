"""Settings, error bodies, migrations drift and the OpenAPI contract the SPA is generated from."""

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine

from api.main import create_app
from migrations.env_filters import include_object
from api.models import metadata
from api.settings import PLACEHOLDER_SECRET, Environment, Settings
from tests.conftest import SECRET
from tests.helpers import Principals


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="BINOME_SECRET_KEY"):
        Settings(environment=Environment.production, secret_key=PLACEHOLDER_SECRET)
    with pytest.raises(ValidationError):
        Settings(environment=Environment.production, secret_key="short")
    assert Settings(environment=Environment.production, secret_key="s" * 40).secret_key == "s" * 40
    with pytest.raises(ValidationError, match="BINOME_SECRET_KEY"):  # development too (tests/security/test_keys_and_bootstrap.py)
        Settings(_env_file=None, environment=Environment.development, secret_key=PLACEHOLDER_SECRET)


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_object}), metadata)
    assert diff == [], f"models differ from the migrations; write a migration: {diff}"


def test_unknown_api_route_is_a_json_404(client: TestClient, principals: Principals) -> None:
    response = client.get("/api/v1/nothing-here", headers=principals["coordinator"])
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_wrong_method_is_a_json_405(client: TestClient, principals: Principals) -> None:
    response = client.put("/api/v1/households", headers=principals["coordinator"])
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/healthz").json() == {"status": "ok"}


def test_cors_allows_only_configured_origins(client: TestClient) -> None:
    allowed = client.options("/api/v1/households", headers={"Origin": "http://localhost:5173",
                                                            "Access-Control-Request-Method": "GET"})
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:5173"
    other = client.options("/api/v1/households", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in other.headers


def test_committed_openapi_matches_the_api(repo_root: Path) -> None:
    """The SPA's client is generated from frontend/openapi.json: it must be the API's document."""
    committed = json.loads((repo_root / "frontend" / "openapi.json").read_text())
    current = create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://", secret_key=SECRET)).openapi()
    assert committed == json.loads(json.dumps(current)), "run `make client` and commit the result"


def test_openapi_declares_scopes_and_stable_operation_ids() -> None:
    spec = create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://", secret_key=SECRET)).openapi()
    create = spec["paths"]["/api/v1/households"]["post"]
    assert create["operationId"] == "create_household"
    assert {"OAuth2PasswordBearer": ["households:write"]} in create["security"]
    assert "422" in create["responses"] and "403" in create["responses"]


def test_spa_is_served_with_client_side_routes(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Binôme</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log('ok')")
    app = create_app(Settings(environment=Environment.test, spa_dir=str(tmp_path), database_url="sqlite://", secret_key=SECRET))
    with TestClient(app) as client:
        assert "Binôme" in client.get("/").text
        assert "Binôme" in client.get("/menages/12").text  # a client-side route
        assert client.get("/assets/app.js").text == "console.log('ok')"
        api_miss = client.get("/api/v1/nothing")
        assert api_miss.status_code == 404 and api_miss.json()["error"] == "not_found"
        assert client.get("/../../etc/passwd").status_code in (200, 404)
        assert "root:" not in client.get("/..%2F..%2Fetc%2Fpasswd").text


def test_service_worker_and_manifest_are_revalidated(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Binôme</title>")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Binôme"}')
    (tmp_path / "icon-192.png").write_bytes(b"\x89PNG")
    app = create_app(Settings(environment=Environment.test, spa_dir=str(tmp_path), database_url="sqlite://", secret_key=SECRET))
    with TestClient(app) as client:
        sw = client.get("/sw.js")
        assert sw.status_code == 200 and sw.headers["content-type"].startswith("text/javascript")
        assert sw.headers["cache-control"] == "no-cache"
        manifest = client.get("/manifest.webmanifest")
        assert manifest.headers["content-type"].startswith("application/manifest+json")
        assert manifest.headers["cache-control"] == "no-cache"
        assert "no-cache" not in client.get("/icon-192.png").headers.get("cache-control", "")
