"""Operations: JSON logs, the access log, Prometheus metrics and security headers.

One pure ASGI middleware does it all per request. Privacy rule: nothing a person typed reaches a log
line or a metric label. We log the route *template* (`/api/v1/households/{household_id}`), never the
raw path or query string (a search can hold a name), never bodies, and for errors the exception type
and traceback frames but not the exception message (it can quote a value).
"""

import json
import logging
import re
import sys
import time
import traceback
import uuid
from contextvars import ContextVar
from typing import Any

from fastapi.routing import iter_route_contexts
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("binome.access")
error_log = logging.getLogger("binome.errors")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

# ---------------------------------------------------------------- logs


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Structured fields go in `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            entry["exc_type"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["traceback"] = "".join(traceback.format_tb(tb))  # frames only, not the message
        return json.dumps(entry, ensure_ascii=False, default=str)


_HANDLER_NAME = "binome-json"


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for everything (ours and uvicorn's); uvicorn's access log off
    (it prints the raw path with the query string). Idempotent."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)  # /readyz reads the revision
    uvicorn_access = logging.getLogger("uvicorn.access")
    uvicorn_access.handlers.clear()
    uvicorn_access.propagate = False
    uvicorn_access.disabled = True


# ---------------------------------------------------------------- metrics


class Metrics:
    """A registry per app: request count and latency by method, route template and status,
    and the database pool gauges."""

    def __init__(self, engine: Engine) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ("method", "route", "status")
        self.requests = Counter("binome_http_requests", "HTTP requests handled", labels, registry=self.registry)
        self.latency = Histogram("binome_http_request_duration_seconds", "HTTP request duration", labels,
                                 registry=self.registry)
        self.registry.register(_PoolCollector(engine))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)


class _PoolCollector:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self):  # noqa: ANN201
        pool = self.engine.pool
        if hasattr(pool, "size") and hasattr(pool, "checkedout"):
            yield GaugeMetricFamily("binome_db_pool_size", "Database connections the pool may hold", value=pool.size())
            yield GaugeMetricFamily("binome_db_pool_checked_out", "Database connections in use",
                                    value=pool.checkedout())


# ---------------------------------------------------------------- headers

_CSP_APP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self' blob:; font-src 'self'; frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
            "object-src 'none'")
# Swagger UI (/docs): its files are ours (swagger-ui-bundle-v2, api/main.py); its one inline start-up
# script is allowed by hash only. Styles keep 'unsafe-inline': Swagger UI sets style attributes.
_CSP_DOCS = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


def docs_csp(script_hashes: list[str]) -> str:
    """The /docs page's policy, allowing exactly these inline scripts ("'sha256-…'")."""
    return _CSP_DOCS.format(hashes="".join(" " + h for h in script_hashes))


_PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def security_headers(path: str, hsts_seconds: int) -> dict[str, str]:
    headers = {
        # /docs sets its own (with its script's hash); its assets, like everything else, get the app's.
        "Content-Security-Policy": _CSP_APP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": _PERMISSIONS,
    }
    if hsts_seconds > 0:
        headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    if path.startswith("/api/"):
        headers["Cache-Control"] = "no-store"  # personal data must not sit in caches
    return headers


# ---------------------------------------------------------------- middleware


_templates: dict[int, tuple[object, str]] = {}


def route_template(scope: Scope) -> str:
    """`/api/v1/households/{household_id}`, never the raw path. FastAPI keeps included routers
    nested, so the matched route only knows its own part of the path: the full template comes
    from FastAPI's route contexts (rebuilt when a route is not known yet)."""
    route = scope.get("route")
    if route is None:
        return "<unmatched>"
    known = _templates.get(id(route))
    if known is None or known[0] is not route:
        if "app" in scope:
            _templates.update({id(ctx.original_route): (ctx.original_route, ctx.path_format)
                               for ctx in iter_route_contexts(scope["app"].routes) if ctx.path_format})
        known = _templates.get(id(route))
        if known is None or known[0] is not route:
            known = (route, getattr(route, "path_format", None) or "<unknown>")
            _templates[id(route)] = known
    return known[1]


def _principal_fields(scope: Scope) -> dict[str, Any]:
    principal = (scope.get("state") or {}).get("principal")
    if principal is None:
        return {}
    fields: dict[str, Any] = {"principal": principal.kind}
    if principal.user_id is not None:
        fields["user_id"] = principal.user_id
    if principal.token_id is not None:
        fields["token_id"] = principal.token_id
    return fields


_INTERNAL_ERROR = json.dumps({"error": "internal_error", "detail": "Erreur interne : l'équipe technique est prévenue. "
                              "Réessayez plus tard."}, ensure_ascii=False).encode()


class ObservabilityMiddleware:
    """Request id, access log line, metrics and security headers for every HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None, hsts_seconds: int = 0) -> None:
        self.app = app
        self.metrics = metrics
        self.hsts_seconds = hsts_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        extra_headers = security_headers(scope["path"], self.hsts_seconds)
        status = 500
        started = False
        start = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                for name, value in extra_headers.items():
                    if name not in headers:  # an endpoint's own choice wins (the calendar feed's caching)
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            status = 500
            error_log.error("unhandled error", exc_info=True,
                            extra={"fields": {"method": scope["method"], "route": route_template(scope)}})
            if not started:
                await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                    (b"content-type", b"application/json"), (b"content-length", str(len(_INTERNAL_ERROR)).encode())]})
                await send_with_headers({"type": "http.response.body", "body": _INTERNAL_ERROR})
            raise
        finally:
            duration = time.perf_counter() - start
            route = route_template(scope)
            if self.metrics is not None:
                self.metrics.observe(scope["method"], route, status, duration)
            access_log.info("request", extra={"fields": {
                "method": scope["method"], "route": route, "status": status,
                "duration_ms": round(duration * 1000, 1), **_principal_fields(scope)}})
            request_id_var.reset(token)
