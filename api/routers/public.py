"""The only routes reachable without a token: login, refresh, logout and health.

WARNING: anything added here is public. Everything else goes on an authenticated router.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request, Response
from sqlalchemy import text

from api.deps import SessionDep
from api.errors import error_responses
from api.schemas.auth import RefreshRequest, TokenPair
from api.services import calendar_feed, sessions

router = APIRouter(tags=["auth"])


@router.post("/auth/token", response_model=TokenPair, responses=error_responses(401, 422))
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(min_length=3, max_length=254, description="E-mail address")],
    password: Annotated[str, Form(min_length=1, max_length=200)],
) -> TokenPair:
    """OAuth2 password flow: a short-lived access token and a rotating refresh token."""
    return sessions.login(session, request.app.state.settings, username, password)


@router.post("/auth/refresh", response_model=TokenPair, responses=error_responses(401, 422))
def refresh(request: Request, session: SessionDep, body: RefreshRequest) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token stops working."""
    return sessions.refresh(session, request.app.state.settings, body.refresh_token)


@router.post("/auth/logout", status_code=204, responses=error_responses(422))
def logout(request: Request, session: SessionDep, body: RefreshRequest) -> Response:
    """Revoke the login this refresh token belongs to."""
    sessions.logout(session, request.app.state.settings, body.refresh_token)
    return Response(status_code=204)


@router.get("/calendar/{token}.ics", tags=["agenda"], name="calendar_feed", response_class=Response,
            responses={200: {"content": {"text/calendar": {}}}, **error_responses(404)})
def calendar_feed_ics(request: Request, session: SessionDep,
                      token: Annotated[str, Path(min_length=10, max_length=100)]) -> Response:
    """A person's agenda as iCalendar; the secret address is the credential (revocable)."""
    body = calendar_feed.render(session, token, secret=request.app.state.settings.secret_key)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"})


@router.get("/healthz", tags=["ops"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok"}
