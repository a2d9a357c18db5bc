"""The only routes reachable without a token: login, refresh, logout, choosing a password with an
e-mailed link, and health.

WARNING: anything added here is public. Everything else goes on an authenticated router.
"""

from functools import cache
from typing import Annotated

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.deps import SessionDep, client_address
from api.errors import Unauthorized, error_responses
from api.schemas.auth import RefreshRequest, TokenPair
from api.schemas.directory import PasswordReset
from api.services import accounts, calendar_feed, sessions
from api.settings import ROOT

router = APIRouter(tags=["auth"])


# The SPA's refresh token: HttpOnly (out of scripts' reach), SameSite=Strict (never sent by another
# site's page) and only sent to the auth routes.
REFRESH_COOKIE = "binome_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"


@router.post("/auth/token", response_model=TokenPair, responses=error_responses(401, 409, 422, 429))
def login(
    request: Request,
    response: Response,
    session: SessionDep,
    username: Annotated[str, Form(min_length=3, max_length=254, description="E-mail address")],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    programme: Annotated[str | None, Form(max_length=40, description=(
        "The programme's slug, for a person who works in several (else a 409 `programme_choice` lists them)"))] = None,
) -> TokenPair:
    """OAuth2 password flow: a short-lived access token and a rotating refresh token (in the body, and
    in an HttpOnly cookie for the SPA). Throttled per account from one address and per address: 429
    with Retry-After, and waits that double while the failures go on."""
    pair = sessions.login(session, request.app.state.settings, username, password, client_address(request),
                          programme=programme or None)
    _set_refresh_cookie(request, response, pair.refresh_token)
    return pair


@router.post("/auth/refresh", response_model=TokenPair, responses=error_responses(401, 422))
def refresh(request: Request, response: Response, session: SessionDep, body: RefreshRequest | None = None) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token stops working. Scripts send it in
    the body; the SPA sends no body and the browser sends the cookie: the new refresh token then goes
    only into the cookie, never into a body a script could read (and a body refresh sets no cookie)."""
    token = body.refresh_token if body else request.cookies.get(REFRESH_COOKIE, "")
    if not 10 <= len(token) <= 200:
        raise Unauthorized(sessions.SESSION_OVER)
    pair = sessions.refresh(session, request.app.state.settings, token)
    if body:
        return pair
    _set_refresh_cookie(request, response, pair.refresh_token)
    return pair.model_copy(update={"refresh_token": None})


@router.post("/auth/logout", status_code=204, responses=error_responses(422))
def logout(request: Request, session: SessionDep, body: RefreshRequest | None = None) -> Response:
    """End the login this refresh token (body or cookie) belongs to; its access tokens stop working at once."""
    token = body.refresh_token if body else request.cookies.get(REFRESH_COOKIE, "")
    if token:
        sessions.logout(session, request.app.state.settings, token)
    response = Response(status_code=204)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=_secure(request), httponly=True,
                           samesite="strict")
    return response


@router.post("/auth/password-reset", status_code=204, responses=error_responses(400, 422))
def reset_password(request: Request, session: SessionDep, body: PasswordReset) -> Response:
    """Choose a password with the single-use link of an invitation or a reset e-mail. A link used,
    replaced by a newer one or older than 72 hours answers 400. Every session of the person ends."""
    accounts.redeem(session, request.app.state.settings, body.token, body.password)
    return Response(status_code=204)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.app.state.settings.refresh_cookie_secure


def _set_refresh_cookie(request: Request, response: Response, token: str | None) -> None:
    # No Max-Age: a browser-session cookie; the server's session limits decide how long it works.
    response.set_cookie(REFRESH_COOKIE, token or "", path=REFRESH_COOKIE_PATH, secure=_secure(request),
                        httponly=True, samesite="strict")


@router.get("/calendar/{token}.ics", tags=["agenda"], name="calendar_feed", response_class=Response,
            responses={200: {"content": {"text/calendar": {}}}, **error_responses(404, 422)})
def calendar_feed_ics(request: Request, session: SessionDep,
                      token: Annotated[str, Path(min_length=10, max_length=100)]) -> Response:
    """A person's agenda as iCalendar; the secret address is the credential (revocable)."""
    body = calendar_feed.render(session, token, secret=request.app.state.settings.keys.calendar_feed)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"})


@router.get("/healthz", tags=["ops"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok"}


@cache
def _migration_scripts() -> ScriptDirectory:
    """Read once: the migration files do not change while the server runs."""
    return ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))


def _not_ready(database: str, migrations: str, detail: str) -> JSONResponse:
    return JSONResponse(status_code=503, headers={"Retry-After": "10"}, content={
        "status": "not_ready", "database": database, "migrations": migrations, "error": "not_ready", "detail": detail})


@router.get("/readyz", tags=["ops"], responses={503: {"description": "Not ready: database unreachable or migrations not at head"}})
def readyz(session: SessionDep) -> dict[str, str]:
    """Readiness: the database answers and its schema is at the head of migrations/ (for load
    balancers and deploys; /healthz is the liveness check)."""
    scripts = _migration_scripts()
    try:
        current = set(MigrationContext.configure(session.connection()).get_current_heads())
    except SQLAlchemyError:
        return _not_ready("unreachable", "unknown",  # type: ignore[return-value]
                          "Base de données injoignable. / Database unreachable.")
    if current != set(scripts.get_heads()):
        known = all(_is_known_revision(scripts, rev) for rev in current)
        return _not_ready("ok", "pending" if known else "unknown",  # type: ignore[return-value]
                          "Migrations à appliquer : lancer `python -m api.cli migrate`. / Database schema is not at the "
                          "migrations head: run `python -m api.cli migrate`." if known else
                          "Schéma de base inconnu de cette version de l'application. / The database schema is unknown "
                          "to this version of the application.")
    return {"status": "ready", "database": "ok", "migrations": "head"}


def _is_known_revision(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except Exception:  # noqa: BLE001  (alembic raises several kinds for an unknown id)
        return False
