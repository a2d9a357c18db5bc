"""Application factory: routers, error handlers, CORS, the webhook dispatcher, and the built SPA."""

import base64
import hashlib
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.auth import authenticate
from api.db import build_engine, session_limiter
from api import openapi
from api.deprecation import DeprecationHeaders
from api.errors import NotFound, install_error_handlers
from api.observability import Metrics, ObservabilityMiddleware, configure_logging, docs_csp
from api.request_guard import RequestGuard
from api.routers import (
    agenda,
    attachments,
    audit,
    communes,
    diagnostics,
    directory,
    eligibility,
    followup,
    households,
    landlord,
    me,
    navigation,
    notifications,
    outbox,
    privacy,
    programmes,
    public,
    reference,
    referrals,
    reporting,
    reports,
    webhooks,
)
from api.services import accounts as accounts_service
from api.services import outbox as outbox_service
from api.services import notifications as notifications_service
from api.services import report_delivery
from api.services import webhooks as webhooks_service
from api.settings import Environment, Settings, get_settings
from api.services.uploads import too_large
from api.storage import build_storage

API_PREFIX = "/api/v1"
# The one route whose body may exceed max_body_bytes: a photo or document (the file, plus its few form
# fields and multipart boundaries); the route then checks the file's own size.
UPLOAD_PATH = re.compile(rf"^{API_PREFIX}/visits/[0-9]+/attachments$")
UPLOAD_OVERHEAD = 64 * 1024


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Send what the outbox holds (webhooks and e-mailed reports) from a background thread while the
    server runs (each worker polls; rows are claimed with SKIP LOCKED, so nothing goes out twice)."""
    settings: Settings = app.state.settings
    stop = threading.Event()
    if settings.webhook_interval_seconds > 0:
        threading.Thread(target=outbox_service.run_forever, name="outbox", daemon=True,
                         args=(outbox_senders(app.state.engine, settings), settings.webhook_interval_seconds,
                               stop.is_set)).start()
    yield
    stop.set()


def outbox_senders(engine: Engine, settings: Settings) -> list[tuple[str, Callable[[], int]]]:
    """The kinds of message the outbox sends: webhooks, e-mailed reports, account e-mails (invitations,
    password links), daily notification digests."""
    return [("webhooks", lambda: webhooks_service.dispatch_due(engine, settings=settings)),
            ("mail", lambda: report_delivery.send_due_mail(engine, settings=settings)),
            ("account mail", lambda: accounts_service.send_due_mail(engine, settings=settings)),
            ("digests", lambda: notifications_service.send_due_digests(engine, settings=settings))]


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="Binôme API",
        version="1.0.0",
        summary="Gestion des visites SLIME à domicile contre la précarité énergétique",
        description="REST API of Binôme. Authenticate with `POST /api/v1/auth/token` (OAuth2 password "
                    "flow) or an integration token (`Authorization: Bearer bnm_…`).",
        generate_unique_id_function=openapi.operation_id,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by _install_docs from local files, when enabled
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or build_engine(settings)
    app.state.session_limiter = session_limiter(settings)
    app.state.storage = build_storage(settings)  # the visit's photos and documents (tests may swap it)
    install_error_handlers(app)

    # One level of routers under the app: FastAPI matches a request through each level of included routers,
    # so nesting them (an /api/v1 router holding an authenticated one holding the modules) cost every request.
    app.include_router(public.router, prefix=API_PREFIX)
    # Everything below requires a valid token; routes then declare the scopes they need.
    for module in (me, households, referrals, agenda, diagnostics, eligibility, reports, followup, landlord, webhooks,
                   outbox, reporting, privacy, reference, directory, communes, audit, navigation,
                   notifications, attachments, programmes):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=[Depends(authenticate)])
    openapi.install(app)

    # Body size and NUL characters, before any route parses the body; inside CORS so its refusals carry the
    # CORS headers, inside observability so they are logged and counted.
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes,
                       uploads=[(UPLOAD_PATH, settings.attachment_max_bytes + UPLOAD_OVERHEAD,
                                 too_large(settings.attachment_max_bytes).detail)])
    app.add_middleware(DeprecationHeaders)  # Deprecation/Sunset on routes marked deprecated (api/deprecation.py)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"], allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
        )
    _install_observability(app, settings)
    if settings.docs_enabled:
        _install_docs(app)
    if settings.trusted_proxies:
        # The one place forwarded headers are believed: X-Forwarded-For/-Proto only when the peer is a
        # trusted proxy, the client being the rightmost hop that is not one (uvicorn's implementation,
        # given our list; servers run with their own proxy handling off). Outermost, so logs see it too.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    _mount_spa(app, Path(settings.spa_dir) if settings.spa_dir else None)
    return app


def _install_observability(app: FastAPI, settings: Settings) -> None:
    """JSON logs, access log, metrics and security headers (api/observability.py). Registered last,
    so it is the outermost middleware and also sees CORS answers."""
    if settings.environment != Environment.test:
        configure_logging(settings.log_level)  # also for `uvicorn --factory` and gunicorn, not only `serve`
    metrics = Metrics(app.state.engine) if settings.metrics_enabled else None
    app.add_middleware(ObservabilityMiddleware, metrics=metrics, hsts_seconds=settings.hsts_seconds)
    if metrics is not None:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        @app.get("/metrics", include_in_schema=False)
        def prometheus_metrics() -> Response:
            """Expose to the monitoring network only (proxy rule, see README)."""
            return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


DOCS_ASSETS = "/docs/assets"


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the pinned swagger-ui-bundle-v2 package (FastAPI's "self-hosting
    JavaScript and CSS for docs" recipe): it works offline, and its CSP stays 'self' plus the hash
    of the one inline script FastAPI writes (no CDN, no 'unsafe-inline' script)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    assert app.openapi_url is not None  # create_app sets it
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url, title=f"{app.title} — documentation",
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js", swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        oauth2_redirect_url=None,  # the password flow needs no redirect page (that page is an inline script)
    ).body
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
              for script in re.findall(rb"<script>(.*?)</script>", page, re.DOTALL)]
    headers = {"Content-Security-Policy": docs_csp(hashes)}

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(page, headers=headers)


# The installable app's service worker and manifest (vite-plugin-pwa): always revalidated, so that a new
# version of the SPA reaches the tablets; the manifest with its registered media type.
_REVALIDATED = {"sw.js": "text/javascript", "manifest.webmanifest": "application/manifest+json"}


def _mount_spa(app: FastAPI, spa_dir: Path | None) -> None:
    """Serve the built SPA at "/"; unknown paths get index.html so client-side routes work."""
    if spa_dir is None or not (spa_dir / "index.html").is_file():
        return
    index = spa_dir / "index.html"
    if (spa_dir / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=spa_dir / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str) -> FileResponse:
        if path.startswith("api/"):
            raise NotFound("Adresse d'API inconnue.")
        candidate = (spa_dir / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(spa_dir.resolve()):
            if path in _REVALIDATED:  # the service worker and the manifest must be checked for updates
                return FileResponse(candidate, media_type=_REVALIDATED[path], headers={"Cache-Control": "no-cache"})
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
