"""JSON access logs without personal data, request ids, Prometheus metrics, security headers, CORS."""

import json
import time
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from api.observability import JsonFormatter
from api.settings import Settings
from tests.helpers import Principals, household_payload

BILL = {"energy": "electricity", "quantity": "1200", "unit": "kwh", "amount_eur": "290.40",
        "period_start": "2026-01-01", "period_end": "2026-04-30"}


class _Lines(logging.Handler):
    """Formats at emit time (the request id lives in a context variable), keeps the lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(("httpx", "httpcore")):  # the test client's own log, not the server's
            self.lines.append(self.format(record))

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]  # every line is one JSON object

    def access(self) -> list[dict]:
        return [e for e in self.entries() if e["logger"] == "binome.access"]


@pytest.fixture
def logs() -> Iterator[_Lines]:
    """Everything logged anywhere in the process (root logger) at DEBUG and above."""
    root = logging.getLogger()
    handler, level = _Lines(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def test_access_log_is_json_with_the_request_id_and_the_route_template(client: TestClient, logs: _Lines,
                                                                       principals: Principals) -> None:
    response = client.get("/api/v1/households/999999", headers={**principals["coordinator"], "X-Request-ID": "req-42.a"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "req-42.a"
    [line] = logs.access()
    assert line["request_id"] == "req-42.a"
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/households/{household_id}"
    assert line["status"] == 404
    assert isinstance(line["duration_ms"], float)
    assert line["principal"] == "user" and isinstance(line["user_id"], int)
    assert "999999" not in logs.lines[0]


@pytest.mark.parametrize("incoming", ["", "has spaces", "x" * 65, "<script>", "../../etc"])
def test_an_odd_request_id_is_replaced_by_a_generated_one(client: TestClient, logs: _Lines, incoming: str) -> None:
    response = client.get("/api/v1/healthz", headers={"X-Request-ID": incoming})
    generated = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert logs.access()[0]["request_id"] == generated


def test_integration_tokens_are_logged_by_id(client: TestClient, logs: _Lines, principals: Principals) -> None:
    client.get("/api/v1/landlord/dwellings", headers=principals["landlord_a"])
    [line] = logs.access()
    assert line["principal"] == "integration" and isinstance(line["token_id"], int) and "user_id" not in line


def test_no_personal_data_in_the_logs(client: TestClient, logs: _Lines, principals: Principals) -> None:
    """Create, search, read and write bills for a household: its name and the search term appear nowhere."""
    coordinator = principals["coordinator"]
    members = [{"first_name": "Zéphirine", "birth_year": 1951, "relation": "applicant"}]
    created = client.post("/api/v1/households", headers=coordinator, json=household_payload(
        first_name="Zéphirine", last_name="Quatremains", phone="06 98 76 54 32", members=members))
    assert created.status_code == 201, created.text
    household_id = created.json()["id"]
    found = client.get("/api/v1/households", params={"q": "Quatremains"}, headers=coordinator)
    assert found.status_code == 200 and found.json()["total"] >= 1
    assert client.get(f"/api/v1/households/{household_id}", headers=coordinator).status_code == 200
    assert client.post(f"/api/v1/households/{household_id}/bills", json=BILL, headers=coordinator).status_code == 201
    # A refused write (validation error quoting the value) and a raw path holding the name.
    assert client.post(f"/api/v1/households/{household_id}/bills", json={**BILL, "unit": "Quatremains"},
                       headers=coordinator).status_code == 422
    assert client.get("/api/v1/Quatremains", params={"q": "Zéphirine"}).status_code == 404

    routes = [(e["method"], e["route"], e["status"]) for e in logs.access()]
    assert routes == [
        ("POST", "/api/v1/households", 201),
        ("GET", "/api/v1/households", 200),
        ("GET", "/api/v1/households/{household_id}", 200),
        ("POST", "/api/v1/households/{household_id}/bills", 201),
        ("POST", "/api/v1/households/{household_id}/bills", 422),
        ("GET", "<unmatched>", 404),
    ]
    output = "\n".join(logs.lines).casefold()
    for secret in ("Zéphirine", "Zephirine", "Quatremains", "06 98 76 54 32", "98 76", "q="):
        assert secret.casefold() not in output, secret


def test_an_unhandled_error_is_logged_with_type_and_traceback_but_not_its_message(
        settings: Settings, engine, logs: _Lines) -> None:  # noqa: ANN001
    app = create_app(settings, engine=engine)

    def explode(q: str) -> None:
        raise RuntimeError(f"no household named {q}")  # the message quotes what was typed

    app.add_api_route("/api/v1/explode", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/explode", params={"q": "Quatremains"}, headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert response.headers["X-Request-ID"] == "boom-1"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    [error] = [e for e in logs.entries() if e["logger"] == "binome.errors"]
    assert error["request_id"] == "boom-1" and error["level"] == "error"
    assert error["exc_type"] == "builtins.RuntimeError"
    assert "explode" in error["traceback"]
    assert logs.access()[0]["status"] == 500
    assert "quatremains" not in "\n".join(logs.lines).casefold()


def test_metrics_count_requests_by_route_template(client: TestClient, principals: Principals) -> None:
    counter = 'binome_http_requests_total{method="GET",route="/api/v1/households/{household_id}",status="404"}'
    histogram = ('binome_http_request_duration_seconds_count{method="GET",'
                 'route="/api/v1/households/{household_id}",status="404"}')

    def value(text: str, name: str) -> float:
        line = next((line for line in text.splitlines() if line.startswith(name + " ")), None)
        return float(line.split()[-1]) if line else 0.0

    before = client.get("/metrics").text  # the app is shared by the session's tests: count the difference
    assert client.get("/api/v1/households/999999", headers=principals["coordinator"]).status_code == 404
    # The middleware records a request once its response is sent: give it a moment to finish.
    for _ in range(50):
        text = client.get("/metrics").text
        if value(text, counter) > value(before, counter):
            break
        time.sleep(0.01)
    assert value(text, counter) == value(before, counter) + 1
    assert value(text, histogram) == value(before, histogram) + 1
    assert "binome_db_pool_size" in text and "binome_db_pool_checked_out" in text
    assert "/households/999999" not in text  # labels carry the route template, never the raw path
    assert "/metrics" not in client.get("/api/v1/openapi.json").json()["paths"]


def test_metrics_can_be_switched_off(settings: Settings, engine) -> None:  # noqa: ANN001
    with TestClient(create_app(settings.model_copy(update={"metrics_enabled": False}), engine=engine)) as client:
        assert client.get("/metrics").status_code == 404


APP_CSP = {"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
           "connect-src 'self' blob:", "frame-src 'self' blob:", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"}


def _csp(response) -> dict[str, str]:  # noqa: ANN001
    return {d.split()[0]: d.strip() for d in response.headers["Content-Security-Policy"].split(";")}


def _assert_common_headers(response) -> None:  # noqa: ANN001
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "X-Request-ID" in response.headers


def test_security_headers_on_api_responses(client: TestClient, principals: Principals) -> None:
    for response in (client.get("/api/v1/healthz"), client.get("/api/v1/households", headers=principals["coordinator"]),
                     client.get("/api/v1/households")):
        _assert_common_headers(response)
        assert APP_CSP <= set(_csp(response).values())
        assert response.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_when_configured(settings: Settings, engine) -> None:  # noqa: ANN001
    with TestClient(create_app(settings.model_copy(update={"hsts_seconds": 31536000}), engine=engine)) as client:
        assert client.get("/api/v1/healthz").headers["Strict-Transport-Security"] == "max-age=31536000"


def _spa_app(settings: Settings, engine, spa: Path) -> FastAPI:  # noqa: ANN001
    (spa / "assets").mkdir(parents=True)
    (spa / "index.html").write_text('<!doctype html><script type="module" src="/assets/app.js"></script>')
    (spa / "assets" / "app.js").write_text("console.log(1)")
    return create_app(settings.model_copy(update={"spa_dir": str(spa)}), engine=engine)


def test_security_headers_on_the_spa(settings: Settings, engine, tmp_path: Path) -> None:  # noqa: ANN001
    with TestClient(_spa_app(settings, engine, tmp_path / "dist")) as client:
        for path in ("/", "/menages/12", "/assets/app.js"):
            response = client.get(path)
            assert response.status_code == 200
            _assert_common_headers(response)
            assert APP_CSP <= set(_csp(response).values())
            assert response.headers.get("Cache-Control") != "no-store"  # static files may be cached
        assert client.get("/").headers["Cache-Control"] == "no-cache"  # the SPA's own choice is kept


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        attrs = dict(attrs)
        if tag in ("script", "link", "img") and (attrs.get("src") or attrs.get("href")):
            self.urls.append(attrs.get("src") or attrs.get("href"))
        elif tag in ("script", "style"):
            self.inline.append(tag)
        if "style" in attrs:
            self.inline.append("style attribute")


def test_the_built_spa_fits_the_strict_csp(repo_root: Path) -> None:
    """No inline script or style in the SPA's HTML, every resource from our own origin."""
    pages = [repo_root / "frontend" / "index.html", repo_root / "frontend" / "dist" / "index.html"]
    for page in [p for p in pages if p.is_file()]:
        parser = _Resources()
        parser.feed(page.read_text())
        assert parser.inline == [], page
        assert all(not urlparse(url).netloc for url in parser.urls), page


def test_docs_csp_allows_only_its_own_files_and_its_inline_script(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    _assert_common_headers(response)
    csp = _csp(response)
    parser = _Resources()
    parser.feed(response.text)
    assert parser.urls and all(not urlparse(url).netloc for url in parser.urls)  # served by us, works offline
    assert "'unsafe-inline'" not in csp["script-src"] and "'sha256-" in csp["script-src"]
    assert "https:" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert "sha256" not in client.get("/api/v1/healthz").headers["Content-Security-Policy"]


def test_cors_refuses_a_foreign_origin(client: TestClient) -> None:
    foreign = client.get("/api/v1/healthz", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 200
    assert "access-control-allow-origin" not in foreign.headers
    preflight = client.options("/api/v1/households", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    allowed = client.get("/api/v1/healthz", headers={"Origin": "http://localhost:5173"})
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
