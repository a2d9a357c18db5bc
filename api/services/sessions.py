"""Logging in, refreshing and logging out: access JWTs plus rotating, revocable refresh tokens.

A login is a LoginSession row: access tokens carry its id and are checked against it on every
request (api/auth.py), refresh tokens share its family. It ends at logout, at a refresh token's
replay, at a password change, after `session_max_hours`, or after `session_idle_minutes` unused.
Password checks are throttled per account from one address and per address (counter rows).
"""

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import or_
from sqlmodel import Session, col, select, update

from api.access import Principal, roles_for_membership, scopes_for
from api import tenancy
from api.errors import Choice, Forbidden, InvalidInput, ProgrammeChoice, SecurityRefusal, TooManyAttempts, Unauthorized
from api.models import CalendarFeed, LoginSession, LoginThrottle, Programme, RefreshToken, User, UserRole
from api.schemas.auth import TokenPair
from api.security import create_access_token, hash_password, new_opaque_token, token_digest, verify_password
from api.services import audit
from api.settings import Settings
from api.models.base import id_of

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
SESSION_OVER = "Session expirée : reconnectez-vous."


class WrongCurrentPassword(InvalidInput):
    """A 422 whose counted failure must be committed with the refusal (throttling)."""

    keep_changes = True


def login(session: Session, settings: Settings, email: str, password: str, address: str = "",
          programme: str | None = None) -> TokenPair:
    """A person of several programmes has a membership (a User row) in each: with the right password
    for more than one and no `programme` (slug) given, the answer is a 409 listing them to choose from."""
    account, now = email.strip().lower()[:254], datetime.now(UTC)
    counters = lock_counters(session, account, address, now)  # before hashing: a refused try costs nothing
    with tenancy.unscoped(session):  # who logs in decides the programme: look in every one
        memberships = session.exec(select(User, Programme).join(Programme, isouter=True).where(
            User.email == account, or_(col(Programme.id).is_(None), col(Programme.is_active).is_(True)))).all()
    if programme:
        memberships = [(user, of) for user, of in memberships if of is not None and of.slug == programme]
    verified = [(user, of, new_hash) for user, of in memberships
                for valid, new_hash in [verify_password(password, user.password_hash)] if valid and user.is_active]
    if not memberships:
        verify_password(password, None)  # the same time whether the address is known or not
    if not verified:
        count_failure(counters, settings, now)
        known = memberships[0][0] if memberships else None
        tenancy.enter(session, known.programme_id if known else None)
        audit.record(session, _as_principal(known), "login_failed", "user", known.id if known else None)
        raise SecurityRefusal(BAD_CREDENTIALS)  # the counted failure is committed with the refusal
    if len(verified) > 1:
        raise ProgrammeChoice("Vous intervenez dans plusieurs programmes : choisissez celui où vous travaillez.",
                              choices=[Choice(value=of.slug, label=of.name) for _, of, _ in verified if of])
    user, _, new_hash = verified[0]
    tenancy.enter(session, user.programme_id)
    count_success(session, counters)
    if new_hash:
        user.password_hash = new_hash
        session.add(user)
    login_row = LoginSession(family=secrets.token_hex(16), user_id=id_of(user), expires_at=now + timedelta(
        hours=settings.session_max_hours), idle_expires_at=now)
    _extend(login_row, settings, now)
    session.add(login_row)
    session.flush()
    pair = _issue(session, settings, user, login_row)
    audit.record(session, _as_principal(user), "login", "user", user.id)
    return pair


# --- throttling -------------------------------------------------------------------------------
# One counter row per key, read under a row lock taken by the upsert itself (INSERT ... ON CONFLICT
# DO UPDATE locks the row it meets) and held until the request commits: concurrent guesses for one
# key queue behind each other and each sees the failures counted before it, so N parallel guesses
# never get more than the allowed tries. The address row is locked before the pair row, always.

def lock_counters(session: Session, account: str, address: str, now: datetime) -> list[LoginThrottle]:
    """The counters of this try, locked: the address's (when known), then the account's from it.
    Refuses with 429 + Retry-After while one of them makes the caller wait."""
    address = address[:64]
    keys = ([("", address)] if address else []) + [(account, address)]
    counters = [_locked_counter(session, key_account, key_address) for key_account, key_address in keys]
    for counter in counters:
        if counter.blocked_until is not None and counter.blocked_until > now:
            wait = int((counter.blocked_until - now).total_seconds()) + 1
            what = "depuis cette adresse" if counter.account == "" else "pour ce compte"
            raise TooManyAttempts(f"Trop d'essais infructueux {what} : réessayez dans {_wait_text(wait)}.", wait)
    return counters


def count_failure(counters: list[LoginThrottle], settings: Settings, now: datetime) -> None:
    window = timedelta(minutes=settings.login_window_minutes)
    for counter in counters:
        quiet_since = max(filter(None, (counter.last_failure_at, counter.blocked_until)), default=None)
        if quiet_since is not None and now - quiet_since > window:
            counter.failures = 0  # forgotten: nothing for a whole window after the last wait
        counter.failures += 1
        counter.last_failure_at = now
        if counter.account == "":
            if counter.failures >= settings.login_max_failures_per_address:
                counter.blocked_until = now + window
        elif counter.failures >= settings.login_max_failures_per_account:
            # Doubling waits: 1 min, 2, 4... up to the lockout (defaults), for this account from this address.
            doublings = min(counter.failures - settings.login_max_failures_per_account, 20)
            delay = min(settings.login_backoff_seconds * 2**doublings, settings.lockout_minutes * 60)
            counter.blocked_until = now + timedelta(seconds=delay)


def count_success(session: Session, counters: list[LoginThrottle]) -> None:
    """The account's count from this address starts again; the address's own count does not (one
    account that logs in must not reset the budget of guesses against the others)."""
    for counter in counters:
        if counter.account != "":
            session.delete(counter)


def _locked_counter(session: Session, account: str, address: str) -> LoginThrottle:
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(LoginThrottle).values(account=account, address=address, failures=0)
    # The no-op update makes the statement lock and return an existing row (DO NOTHING returns nothing).
    statement = statement.on_conflict_do_update(index_elements=["account", "address"],
                                                set_={"account": statement.excluded.account})
    return session.scalars(statement.returning(LoginThrottle),
                           execution_options={"populate_existing": True}).one()


def _wait_text(seconds: int) -> str:
    return f"{seconds} s" if seconds < 60 else f"{-(-seconds // 60)} min"


def change_password(session: Session, settings: Settings, principal: Principal, current: str, new: str,
                    address: str = "") -> None:
    user = session.get(User, principal.user_id) if principal.kind == "user" else None
    if user is None:
        raise Forbidden("Seule une personne change son mot de passe.")
    # Throttled like the login: a stolen access token must not become a password-guessing oracle.
    now = datetime.now(UTC)
    counters = lock_counters(session, user.email.strip().lower(), address, now)
    valid, _ = verify_password(current, user.password_hash)
    if not valid:
        count_failure(counters, settings, now)
        raise WrongCurrentPassword("current_password", "Mot de passe actuel incorrect.")
    count_success(session, counters)
    if verify_password(new, user.password_hash)[0]:
        raise InvalidInput("new_password", "Le nouveau mot de passe doit être différent de l'actuel.")
    set_password(session, user, new)
    audit.record(session, principal, "password_change", "user", user.id)


def refresh(session: Session, settings: Settings, refresh_token: str) -> TokenPair:
    now = datetime.now(UTC)
    row = session.exec(select(RefreshToken).where(
        RefreshToken.token_hash == token_digest(refresh_token, secret=settings.keys.token_digest)
    )).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized(SESSION_OVER)
    if row.used_at is not None:
        # A refresh token used twice was stolen or replayed: end the whole login, access tokens included.
        _revoke_family(session, row.family, now)
        raise SecurityRefusal("Session révoquée par sécurité : reconnectez-vous.")
    login_row = session.exec(select(LoginSession).where(LoginSession.family == row.family)).first()
    if login_row is None or not _is_open(login_row, now):
        raise Unauthorized(SESSION_OVER)  # past its absolute or idle limit, or ended
    user = user_of_login(session, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized(SESSION_OVER)
    claimed = session.execute(
        update(RefreshToken).where(col(RefreshToken.id) == row.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # (an UPDATE's CursorResult) a concurrent refresh won the race
        raise Unauthorized(SESSION_OVER)
    _extend(login_row, settings, now)
    session.add(login_row)
    return _issue(session, settings, user, login_row)


def logout(session: Session, settings: Settings, refresh_token: str) -> None:
    row = session.exec(select(RefreshToken).where(
        RefreshToken.token_hash == token_digest(refresh_token, secret=settings.keys.token_digest)
    )).first()
    if row is not None:
        _revoke_family(session, row.family, datetime.now(UTC))
        audit.record(session, _as_principal(user_of_login(session, row.user_id)), "logout", "user", row.user_id)


def revoke_all_sessions(session: Session, user: User) -> None:
    """Password change or reset, new roles, deactivation: every login of the person ends (its access
    tokens at once), and so do their calendar feeds (whoever held the old password may have made one)."""
    now = datetime.now(UTC)
    user.token_generation += 1
    session.add(user)
    for model in (RefreshToken, LoginSession, CalendarFeed):
        session.execute(
            update(model).where(col(model.user_id) == user.id, col(model.revoked_at).is_(None))
            .values(revoked_at=now).execution_options(synchronize_session=False)
        )


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    revoke_all_sessions(session, user)


def _is_open(login_row: LoginSession, now: datetime) -> bool:
    return login_row.revoked_at is None and login_row.expires_at > now and login_row.idle_expires_at > now


def _extend(login_row: LoginSession, settings: Settings, now: datetime) -> None:
    """Push the idle limit back (at a login or a refresh), never past the absolute limit."""
    login_row.idle_expires_at = min(now + timedelta(minutes=settings.session_idle_minutes), login_row.expires_at)


def _issue(session: Session, settings: Settings, user: User, login_row: LoginSession) -> TokenPair:
    assert user.id is not None and login_row.id is not None  # stored rows
    roles = roles_for_membership(frozenset(session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all()),
                                 user.programme_id)
    access, _jti = create_access_token(
        secret=settings.keys.jwt, user_id=user.id, session_id=login_row.id, scopes=sorted(scopes_for(roles)),
        generation=user.token_generation, minutes=settings.access_token_minutes,
    )
    refresh_token = new_opaque_token()
    session.add(RefreshToken(  # usable until the login's idle limit (a refresh pushes it back)
        token_hash=token_digest(refresh_token, secret=settings.keys.token_digest), family=login_row.family,
        user_id=user.id, expires_at=login_row.idle_expires_at,
    ))
    session.flush()
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=settings.access_token_minutes * 60)


def _revoke_family(session: Session, family: str, now: datetime) -> None:
    for model in (RefreshToken, LoginSession):
        session.execute(
            update(model).where(col(model.family) == family, col(model.revoked_at).is_(None))
            .values(revoked_at=now).execution_options(synchronize_session=False)
        )


def user_of_login(session: Session, user_id: int) -> User | None:
    """The person a refresh token or a link belongs to; the request then works for their programme."""
    with tenancy.unscoped(session):
        user = session.get(User, user_id)
    if user is not None:
        tenancy.enter(session, user.programme_id)
    return user


def _as_principal(user: User | None) -> Principal | None:
    if user is None:
        return None
    return Principal(kind="user", roles=frozenset(), scopes=frozenset(), organisation_id=user.organisation_id,
                     programme_id=user.programme_id, user_id=user.id)
