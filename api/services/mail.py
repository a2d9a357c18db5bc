"""E-mail of reports: composing the message and handing it to the configured backend.

Backends (settings.mail_transport): "smtp" sends through the configured server, "file" writes the
message as an .eml file under settings.outbox_dir (a developer's machine, the demo), "none" sends
nothing. Callers go through the outbox (api/services/reports.py): nothing here runs inside a request."""

import os
import re
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from pathlib import Path

from api.errors import NotFound
from api.schemas.reports import OutboxMessage
from api.settings import Settings

FILE_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[a-z0-9]{1,40}-[0-9a-f]{8}\.eml$")  # UTC time, label, random


class MailError(Exception):
    """Why a message could not be handed over, in French; `kind` is the error's class only (what a
    remote server answered is never kept: it may quote anything)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def available(settings: Settings) -> bool:
    """Whether e-mail is offered at all (post only otherwise)."""
    return settings.mail_transport != "none"


def compose(settings: Settings, *, to: str, subject: str, body: str, attachment: bytes, filename: str,
            sender: str | None = None) -> EmailMessage:
    """`sender`: the programme's own address, when it has one (else the platform's BINOME_SMTP_FROM)."""
    message = EmailMessage()
    message["From"] = sender or settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or "binome.local")
    message.set_content(body)
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    return message


def compose_text(settings: Settings, *, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message without attachment (the daily notification digest)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or "binome.local")
    message.set_content(body)
    return message


def dispatch(settings: Settings, message: EmailMessage, *, label: str) -> str | None:
    """Hand the message to the backend in force; returns the .eml file name for the file backend."""
    transport = settings.mail_transport
    if transport == "smtp":
        _smtp(settings, message)
        return None
    if transport == "file":
        return _write(settings, message, label)
    raise MailError("L'envoi par e-mail n'est pas configuré sur ce serveur : envoyez par courrier.", "MailNotConfigured")


def send(settings: Settings, *, to: str, subject: str, body: str, attachment: bytes, filename: str) -> None:
    """Compose and send one message through SMTP at once (used by the outbox's sender and the TLS tests)."""
    if not settings.smtp_host:
        raise MailError("L'envoi par e-mail n'est pas configuré (BINOME_SMTP_HOST) : envoyez par courrier.",
                        "MailNotConfigured")
    _smtp(settings, compose(settings, to=to, subject=subject, body=body, attachment=attachment, filename=filename))


def _smtp(settings: Settings, message: EmailMessage) -> None:
    # The system's trust store, certificate and host name checked: without a context, starttls() accepts
    # any certificate, so a machine in the middle would read the reports.
    context = ssl.create_default_context()
    try:
        if settings.smtp_tls == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
                                      context=context)
        else:
            server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
        with server as smtp:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=context)  # refuses a server that does not offer STARTTLS
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        kind = exc.__class__.__name__
        raise MailError(f"Le serveur de messagerie a refusé ou n'a pas répondu ({kind}).", kind) from exc


def _write(settings: Settings, message: EmailMessage, label: str) -> str:
    folder = Path(settings.outbox_dir)
    name = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{re.sub(r'[^a-z0-9]', '', label.lower())[:40] or 'message'}-" \
           f"{secrets.token_hex(4)}.eml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{name}.part"
        # Reports carry personal data: readable by the server's user only.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(message.as_bytes(policy=policy.SMTP))
        partial.replace(folder / name)  # whole or absent: a reader never sees half a message
    except OSError as exc:
        kind = exc.__class__.__name__
        raise MailError(f"Le message n'a pas pu être écrit dans la boîte d'envoi locale ({kind}).", kind) from exc
    return name


def outbox_messages(settings: Settings) -> list[OutboxMessage]:
    """The messages the file backend wrote, newest first (headers only)."""
    folder = Path(settings.outbox_dir)
    if not folder.is_dir():
        return []
    items = []
    parser = BytesHeaderParser(policy=policy.default)
    for path in folder.iterdir():
        if not FILE_NAME.match(path.name):
            continue
        with path.open("rb") as source:
            headers = parser.parse(source)
        try:
            created = parsedate_to_datetime(str(headers["Date"]))
        except (TypeError, ValueError):
            created = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        items.append(OutboxMessage(recipient=str(headers["To"] or ""), subject=str(headers["Subject"] or ""),
                                   created_at=created, file_name=path.name))
    return sorted(items, key=lambda m: (m.created_at, m.file_name), reverse=True)


def outbox_file(settings: Settings, file_name: str) -> bytes:
    """One message of the file backend, by its name (nothing else in or out of the folder)."""
    path = Path(settings.outbox_dir) / file_name
    if not FILE_NAME.match(file_name) or not path.is_file():
        raise NotFound("Message introuvable dans la boîte d'envoi.")
    return path.read_bytes()
