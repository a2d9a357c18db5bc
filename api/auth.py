"""The dependencies routers declare: authentication and the scopes a route requires.

Scopes are any-of: a route lists the scopes that each suffice. What each role may do is
`api/access.py`; which *records* a principal reaches is `api/services/scope.py` (a foreign
record is a 404).
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from starlette.concurrency import run_in_threadpool
from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from api import tenancy
from api.deps import SessionDep
from api.errors import Forbidden, Unauthorized
from api.access import SCOPE_DESCRIPTIONS, Principal, Scope, roles_for_membership, scopes_for
from api.models import IntegrationToken, LoginSession, User, UserRole
from api.models.base import UTCDateTime
from api.services import rate_limits
from api.security import TokenError, decode_access_token, is_integration_token, token_digest


oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token", scopes=SCOPE_DESCRIPTIONS, auto_error=False
)


_NOW = bindparam("now", type_=UTCDateTime())
_PRINCIPAL_ROWS = (
    select(User.is_active, User.token_generation, User.organisation_id, User.programme_id,  # type: ignore[call-overload]
           UserRole.role)
    .join(LoginSession, col(LoginSession.user_id) == User.id)
    .join(UserRole, col(UserRole.user_id) == User.id, isouter=True)
    .where(User.id == bindparam("user_id"), LoginSession.id == bindparam("session_id"),
           col(LoginSession.revoked_at).is_(None), LoginSession.expires_at > _NOW, LoginSession.idle_expires_at > _NOW)
)


def _user_principal(session: Session, token: str, secret: bytes) -> Principal:
    try:
        claims = decode_access_token(token, secret=secret)
    except TokenError as exc:
        raise Unauthorized("Session expirée ou jeton invalide : reconnectez-vous.") from exc
    # The user, their roles and the check that their login is still open, in one round trip (by primary keys):
    # a closed login ends its access tokens at once. This runs on every request: the statement is built once
    # with bound parameters (building it cost more than the database) and runs on the session's connection,
    # not through the ORM (no programme filter applies before the principal is known).
    rows = session.connection().execute(_PRINCIPAL_ROWS, {
        "user_id": claims.user_id, "session_id": claims.session_id, "now": datetime.now(UTC)}).all()
    if not rows:
        raise Unauthorized("Session expirée ou jeton invalide : reconnectez-vous.")
    is_active, generation, organisation_id, programme_id, _ = rows[0]  # the user's columns, on every row
    if not is_active or generation != claims.generation:
        raise Unauthorized("Session expirée ou jeton invalide : reconnectez-vous.")
    roles = roles_for_membership(frozenset(row[-1] for row in rows if row[-1]), programme_id)
    return Principal(
        kind="user", roles=roles, scopes=claims.scopes & scopes_for(roles),
        organisation_id=organisation_id, programme_id=programme_id, user_id=claims.user_id, jti=claims.jti,
    )


def _integration_principal(session: Session, token: str, secret: bytes, rate_limit: int) -> Principal:
    row = session.exec(
        select(IntegrationToken).where(IntegrationToken.token_hash == token_digest(token, secret=secret))
    ).first()
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("Jeton d'intégration invalide, expiré ou révoqué.")
    rate_limits.count_request(session, row, rate_limit, now)  # 429 beyond the token's requests a minute
    # Written at most once a minute: a busy integration should not turn reads into writes.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        session.add(row)
    roles = frozenset({row.kind})
    return Principal(
        kind="integration", roles=roles, scopes=frozenset(row.scopes.split()) & scopes_for(roles),
        organisation_id=row.organisation_id, programme_id=row.programme_id, token_id=row.id,
    )


async def authenticate(
    request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    if not token:
        raise Unauthorized("Authentification requise.")
    # FastAPI runs this dependency once per distinct set of security scopes of a request (the router's
    # and the route's): authenticate once, and count an integration's request once (rate limits). Async,
    # so that the second call costs no thread hop; the lookup itself runs on a worker thread.
    done = getattr(request.state, "authenticated", None)
    if done is not None and done[0] == token:
        return done[1]
    principal = await run_in_threadpool(_look_up, request, session, token)
    tenancy.enter(session, principal.programme_id)  # the one rule: from here on, only its programme's rows
    request.state.principal = principal
    request.state.authenticated = (token, principal)
    return principal


def _look_up(request: Request, session: Session, token: str) -> Principal:
    settings = request.app.state.settings
    with tenancy.unscoped(session):  # whose token this is decides the programme, so look it up everywhere
        if is_integration_token(token):
            return _integration_principal(session, token, settings.keys.token_digest,
                                          settings.integration_rate_limit_per_minute)
        return _user_principal(session, token, settings.keys.jwt)


async def require(security_scopes: SecurityScopes, principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
    # async: a pure check, so it runs on the event loop instead of costing a thread hop.
    if security_scopes.scopes and not principal.scopes.intersection(security_scopes.scopes):
        raise Forbidden("Votre rôle ne permet pas cette action.")
    return principal


def any_scope(*scopes: Scope) -> Any:
    """`Reader = Annotated[Principal, any_scope(Scope.x, Scope.y)]`: authenticated, holding any one of these scopes.

    The dependency marker, not the whole alias: an alias built by a call is not a type to a type checker, while
    `Annotated[Principal, ...]` written out lets mypy check every router's use of the principal."""
    return Security(require, scopes=[s.value for s in scopes])


AnyPrincipal = Annotated[Principal, Depends(authenticate)]
