"""Logging in, refreshing and logging out: access JWTs plus rotating, revocable refresh tokens."""

import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func, select, update

from api.auth import Principal, scopes_for
from api.errors import Forbidden, InvalidInput, SecurityRefusal, TooManyAttempts, Unauthorized
from api.models import LoginAttempt, RefreshToken, User, UserRole
from api.models.base import as_utc
from api.schemas.auth import TokenPair
from api.security import create_access_token, hash_password, new_opaque_token, token_digest, verify_password
from api.services import audit
from api.settings import Settings

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def login(session: Session, settings: Settings, email: str, password: str, address: str = "") -> TokenPair:
    account, now = email.strip().lower(), datetime.now(UTC)
    check_throttle(session, settings, account, address, now)  # before hashing: a locked account costs nothing
    user = session.exec(select(User).where(User.email == account)).first()
    valid, new_hash = verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        session.add(LoginAttempt(account=account[:254], address=address[:64], at=now))
        audit.record(session, None, "login_failed", "user", user.id if user else None)  # the address is in login_attempt
        raise SecurityRefusal(BAD_CREDENTIALS)  # the failed attempt is committed with the refusal
    session.add(LoginAttempt(account=account, address=address[:64], at=now, succeeded=True))
    if new_hash:
        user.password_hash = new_hash
        session.add(user)
    pair = _issue(session, settings, user, family=secrets.token_hex(16))
    audit.record(session, _as_principal(user), "login", "user", user.id)
    return pair


def check_throttle(session: Session, settings: Settings, account: str, address: str, now: datetime) -> None:
    """Lockout: after N failures on an account within the window (since its last success), the account
    is locked for `lockout_minutes` after the last failure. An address with too many failures over
    any accounts waits until its oldest failure leaves the window."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    last_success = session.exec(select(func.max(LoginAttempt.at)).where(
        LoginAttempt.account == account, col(LoginAttempt.succeeded).is_(True))).one()
    start = max(since, as_utc(last_success)) if last_success else since
    failures = session.exec(select(LoginAttempt.at).where(
        LoginAttempt.account == account, col(LoginAttempt.succeeded).is_(False), col(LoginAttempt.at) > start)
        .order_by(col(LoginAttempt.at).desc()).limit(settings.login_max_failures_per_account)).all()
    if len(failures) >= settings.login_max_failures_per_account:
        unlock = as_utc(failures[0]) + timedelta(minutes=settings.lockout_minutes)
        if unlock > now:
            raise TooManyAttempts(f"Trop d'essais infructueux : compte verrouillé, réessayez dans "
                                  f"{_minutes(unlock - now)} min.", int((unlock - now).total_seconds()) + 1)
    if address:
        recent = session.exec(select(LoginAttempt.at).where(
            LoginAttempt.address == address[:64], col(LoginAttempt.succeeded).is_(False), col(LoginAttempt.at) > since)
            .order_by(col(LoginAttempt.at)).limit(settings.login_max_failures_per_address)).all()
        if len(recent) >= settings.login_max_failures_per_address:
            free = as_utc(recent[0]) + timedelta(minutes=settings.login_window_minutes)
            raise TooManyAttempts(f"Trop d'essais depuis cette adresse : réessayez dans {_minutes(free - now)} min.",
                                  int((free - now).total_seconds()) + 1)



def _minutes(delta: timedelta) -> int:
    return max(1, -(-int(delta.total_seconds()) // 60))


def change_password(session: Session, principal: Principal, current: str, new: str) -> None:
    user = session.get(User, principal.user_id) if principal.kind == "user" else None
    if user is None:
        raise Forbidden("Seule une personne change son mot de passe.")
    valid, _ = verify_password(current, user.password_hash)
    if not valid:
        raise InvalidInput("current_password", "Mot de passe actuel incorrect.")
    if verify_password(new, user.password_hash)[0]:
        raise InvalidInput("new_password", "Le nouveau mot de passe doit être différent de l'actuel.")
    set_password(session, user, new)
    audit.record(session, principal, "password_change", "user", user.id)


def refresh(session: Session, settings: Settings, refresh_token: str) -> TokenPair:
    now = datetime.now(UTC)
    row = session.exec(select(RefreshToken).where(
        RefreshToken.token_hash == token_digest(refresh_token, secret=settings.secret_key)
    )).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("Session expirée : reconnectez-vous.")
    if row.used_at is not None:
        # A refresh token used twice was stolen or replayed: end the whole login.
        _revoke_family(session, row.family, now)
        raise SecurityRefusal("Session révoquée par sécurité : reconnectez-vous.")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("Session expirée : reconnectez-vous.")
    claimed = session.execute(
        update(RefreshToken).where(col(RefreshToken.id) == row.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # a concurrent refresh won the race
        raise Unauthorized("Session expirée : reconnectez-vous.")
    return _issue(session, settings, user, family=row.family)


def logout(session: Session, settings: Settings, refresh_token: str) -> None:
    row = session.exec(select(RefreshToken).where(
        RefreshToken.token_hash == token_digest(refresh_token, secret=settings.secret_key)
    )).first()
    if row is not None:
        _revoke_family(session, row.family, datetime.now(UTC))
        audit.record(session, _as_principal(session.get(User, row.user_id)), "logout", "user", row.user_id)


def revoke_all_sessions(session: Session, user: User) -> None:
    """Password change or deactivation: access tokens die with the generation, refresh tokens here."""
    user.token_generation += 1
    session.add(user)
    session.execute(
        update(RefreshToken).where(col(RefreshToken.user_id) == user.id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=datetime.now(UTC)).execution_options(synchronize_session=False)
    )


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    revoke_all_sessions(session, user)


def _issue(session: Session, settings: Settings, user: User, *, family: str) -> TokenPair:
    roles = set(session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all())
    access, _jti = create_access_token(
        secret=settings.secret_key, user_id=user.id, scopes=sorted(scopes_for(roles)),
        generation=user.token_generation, minutes=settings.access_token_minutes,
    )
    refresh_token = new_opaque_token()
    session.add(RefreshToken(
        token_hash=token_digest(refresh_token, secret=settings.secret_key), family=family, user_id=user.id,
        expires_at=datetime.now(UTC) + timedelta(days=settings.refresh_token_days),
    ))
    session.flush()
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=settings.access_token_minutes * 60)


def _revoke_family(session: Session, family: str, now: datetime) -> None:
    session.execute(
        update(RefreshToken).where(col(RefreshToken.family) == family, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False)
    )


def _as_principal(user: User | None) -> Principal | None:
    if user is None:
        return None
    return Principal(kind="user", roles=frozenset(), scopes=frozenset(), organisation_id=user.organisation_id,
                     user_id=user.id)
