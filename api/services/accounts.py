"""Password links: an invitation to a new account, or a reset sent by an administrator.

A link carries a random secret; only its keyed hash is stored (PasswordToken). It works once, for
LINK_HOURS, and a newer link for the same person retires the older ones. The e-mail that carries it is
queued in the request's transaction (AccountMail) and sent by the outbox's background sender, like
reports and webhooks (api/services/outbox.py); its body, which holds the secret, is emptied once it is
sent or given up. Choosing the password through a link ends every session of the person.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import Engine
from sqlmodel import Session, col, select, update

from api.access import Principal
from api.errors import AppError, Conflict
from api.models import AccountMail, PasswordToken, User
from api.security import new_opaque_token, token_digest
from api.services import audit, mail, outbox
from api.services.sessions import set_password, user_of_login
from api.settings import Environment, Settings

LINK_HOURS = 72
SPA_PATH = "/mot-de-passe"
INVALID_LINK = ("Ce lien n'est plus valable (déjà utilisé, remplacé par un plus récent ou expiré) : demandez "
                "un nouveau lien à l'administrateur.")

SUBJECTS = {
    "invitation": "Votre compte Binôme : choisissez votre mot de passe",
    "reset": "Binôme : choisissez un nouveau mot de passe",
}
INTRODUCTIONS = {
    "invitation": "Un compte a été créé pour vous dans Binôme, le logiciel des visites SLIME.",
    "reset": "L'administrateur de Binôme a réinitialisé le mot de passe de votre compte ; vos sessions "
             "ouvertes ont été fermées.",
}


def link_base(settings: Settings, request_base: str) -> str:
    """Where links point: the configured public address; outside production, the request's own
    address will do (a developer's machine, the demo). Production without it refuses: a Host header
    must never decide where a password link leads."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    if settings.environment == Environment.production:
        raise Conflict("L'adresse publique du service (BINOME_PUBLIC_URL) n'est pas configurée : impossible "
                       "d'envoyer un lien. Donnez un mot de passe à la place.")
    return request_base.rstrip("/")


def check_mail_offered(settings: Settings) -> None:
    if not mail.available(settings):
        raise Conflict("L'envoi d'e-mails n'est pas configuré sur ce serveur : donnez un mot de passe à la place.")


def send_link(session: Session, settings: Settings, principal: Principal, user: User, purpose: str, *,
              base_url: str) -> PasswordToken:
    """A new single-use link for `user`, e-mailed through the outbox; earlier unused links stop working."""
    check_mail_offered(settings)
    base = link_base(settings, base_url)
    now = datetime.now(UTC)
    assert user.id is not None  # a stored user
    _retire_links(session, user.id, now)
    secret = new_opaque_token()
    token = PasswordToken(user_id=user.id, purpose=purpose, expires_at=now + timedelta(hours=LINK_HOURS),
                          token_hash=token_digest(secret, secret=settings.keys.token_digest),
                          created_by_id=principal.user_id)
    session.add(token)
    session.add(AccountMail(user_id=user.id, address=user.email, subject=SUBJECTS[purpose], status="pending",
                            next_attempt_at=now, body=_body(user, purpose, f"{base}{SPA_PATH}?jeton={secret}")))
    session.flush()
    # Two literal actions, so the audit vocabulary test finds both.
    if purpose == "invitation":
        audit.record(session, principal, "send_invitation", "user", user.id, detail={"link_id": token.id})
    else:
        audit.record(session, principal, "send_reset", "user", user.id, detail={"link_id": token.id})
    return token


def _body(user: User, purpose: str, link: str) -> str:
    return (
        f"Bonjour {user.full_name},\n\n{INTRODUCTIONS[purpose]}\n\n"
        f"Pour choisir votre mot de passe, ouvrez ce lien (valable {LINK_HOURS} heures, une seule fois) :\n"
        f"{link}\n\nVotre identifiant est votre adresse e-mail : {user.email}\n\n"
        "Si vous n'attendiez pas ce message, ignorez-le et prévenez l'administrateur.\n"
    )


def _retire_links(session: Session, user_id: int, now: datetime) -> None:
    session.execute(
        update(PasswordToken).where(col(PasswordToken.user_id) == user_id, col(PasswordToken.used_at).is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )


def pending_links(session: Session, user_ids: list[int]) -> dict[int, datetime]:
    """For each person with a link still usable: until when (one query)."""
    if not user_ids:
        return {}
    now = datetime.now(UTC)
    rows = session.exec(select(PasswordToken.user_id, PasswordToken.expires_at).where(
        col(PasswordToken.user_id).in_(user_ids), col(PasswordToken.used_at).is_(None),
        col(PasswordToken.expires_at) > now)).all()
    result: dict[int, datetime] = {}
    for user_id, expires_at in rows:
        result[user_id] = max(expires_at, result.get(user_id, expires_at))
    return result


def redeem(session: Session, settings: Settings, secret: str, password: str) -> None:
    """Choose a password with a link: the link is spent, every session of the person ends."""
    now = datetime.now(UTC)
    token = session.exec(select(PasswordToken).where(
        PasswordToken.token_hash == token_digest(secret, secret=settings.keys.token_digest))).first()
    if token is None or token.used_at is not None or token.expires_at <= now:
        raise AppError(INVALID_LINK)
    user = user_of_login(session, token.user_id)
    if user is None or not user.is_active:
        raise AppError(INVALID_LINK)
    # Spent atomically: two tabs submitting the same link cannot both set a password.
    claimed = session.execute(
        update(PasswordToken).where(col(PasswordToken.id) == token.id, col(PasswordToken.used_at).is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise AppError(INVALID_LINK)
    set_password(session, user, password)
    audit.record(session, None, "password_set_by_link", "user", user.id, detail={"link_id": token.id,
                                                                                  "purpose": token.purpose})


# --- the outbox's sender ------------------------------------------------------------------------

def send_due_mail(engine: Engine | None = None, *, settings: Settings,
                  now: Callable[[], datetime] = lambda: datetime.now(UTC),
                  sessions: Callable[[], Session] | None = None) -> int:
    """Account e-mails whose time has come, one transaction each; returns how many were tried."""
    new_session = sessions or (lambda: Session(engine))
    return outbox.drain(AccountMail, lambda session, row, at: _send(session, settings, row, at),
                        sessions=new_session, now=now)


def _send(session: Session, settings: Settings, row: AccountMail, at: datetime) -> None:
    row.attempts += 1
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = row.address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(at)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or "binome.local")
    message.set_content(row.body)
    try:
        mail.dispatch(settings, message, label=f"account{row.id}")
    except mail.MailError as exc:
        row.error = exc.kind
        outbox.retry_later(row, at)
        if row.status == "failed":
            row.body = ""
            audit.record(session, None, "send_failed", "account_mail", row.id, detail={"user_id": row.user_id})
        return
    row.status, row.sent_at, row.error, row.next_attempt_at, row.body = "sent", at, None, None, ""
    audit.record(session, None, "send", "account_mail", row.id, detail={"user_id": row.user_id})
