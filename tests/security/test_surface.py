"""Issue 13, surface: /docs and /metrics off in production unless asked for, Swagger UI served from
our own files under a 'self' CSP (no CDN, no 'unsafe-inline' script), SQLite files owner-only."""

import base64
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api.db import build_engine
from api.main import create_app
from api.settings import Environment, Settings
from tests.conftest import SECRET


def _settings(environment: Environment, **overrides: object) -> Settings:
    return Settings(_env_file=None, environment=environment, secret_key=SECRET, spa_dir="", database_url="sqlite://",
                    webhook_interval_seconds=0, **overrides)


@pytest.fixture
def quiet_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    """A production app configures JSON logging on the root logger; not inside the test run."""
    monkeypatch.setattr("api.main.configure_logging", lambda level: None)


# --- /docs and /metrics: off in production by default --------------------------------------------

def test_docs_and_metrics_default_per_environment() -> None:
    for environment in (Environment.development, Environment.test):
        dev = _settings(environment)
        assert dev.docs_enabled is True and dev.metrics_enabled is True
    production = _settings(Environment.production)
    assert production.docs_enabled is False and production.metrics_enabled is False
    chosen = _settings(Environment.production, docs_enabled=True, metrics_enabled=True)
    assert chosen.docs_enabled is True and chosen.metrics_enabled is True


def test_production_serves_neither_docs_nor_metrics(quiet_logging: None, engine: Engine) -> None:
    with TestClient(create_app(_settings(Environment.production), engine=engine)) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/docs").status_code == 404
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 404
        assert client.get("/api/v1/healthz").status_code == 200


def test_production_serves_them_when_enabled(quiet_logging: None, engine: Engine) -> None:
    settings = _settings(Environment.production, docs_enabled=True, metrics_enabled=True)
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.get("/metrics").status_code == 200
        assert client.get("/docs").status_code == 200


# --- Swagger UI from our own files ---------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_script = False
        self.inline_scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        attrs = dict(attrs)
        url = attrs.get("src") or attrs.get("href")
        if url:
            self.urls.append(url)
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_scripts.append(data)


@pytest.fixture
def docs_client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(Environment.test), engine=engine)) as client:
        yield client


def test_docs_load_everything_from_our_origin(docs_client: TestClient) -> None:
    page = docs_client.get("/docs")
    assert page.status_code == 200
    parser = _Page()
    parser.feed(page.text)
    assert {urlparse(u).path.rsplit("/", 1)[1] for u in parser.urls} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for url in parser.urls:
        assert not urlparse(url).netloc, url  # no CDN: the page works offline
        asset = docs_client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 500, url
    assert "SwaggerUIBundle" in docs_client.get("/docs/assets/swagger-ui-bundle.js").text
    assert "/api/v1/openapi.json" in page.text


def test_docs_csp_is_self_plus_the_hash_of_its_one_inline_script(docs_client: TestClient) -> None:
    page = docs_client.get("/docs")
    policy = page.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert "https:" not in policy and "cdn" not in policy
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    parser = _Page()
    parser.feed(page.text)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in parser.inline_scripts}
    assert len(hashes) == 1 and set(directives["script-src"]) == {"'self'"} | hashes
    assert directives["default-src"] == ["'self'"] and directives["frame-ancestors"] == ["'none'"]
    assert not re.search(r"oauth2-redirect", page.text)  # no redirect page (an inline script) is offered


# --- SQLite files are private ------------------------------------------------------------------

def test_sqlite_database_files_are_created_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual umask, under which SQLite alone creates 0644 files
    try:
        path = tmp_path / "data" / "binome.db"
        engine = build_engine(_settings(Environment.test).model_copy(update={"database_url": f"sqlite:///{path}"}))
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (a INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
            files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
        engine.dispose()
    finally:
        os.umask(previous)
    assert {"binome.db", "binome.db-wal", "binome.db-shm"} <= set(files)
    assert set(files.values()) == {0o600}, files
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
