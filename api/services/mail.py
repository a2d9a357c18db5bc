"""Sending a document by e-mail through the configured SMTP server."""

import smtplib
import ssl
from email.message import EmailMessage

from api.settings import Settings


class MailError(Exception):
    """Why a message could not be handed to the SMTP server, in French."""


def send(settings: Settings, *, to: str, subject: str, body: str, attachment: bytes, filename: str) -> None:
    if not settings.smtp_host:
        raise MailError("L'envoi par e-mail n'est pas configuré (BINOME_SMTP_HOST) : envoyez par courrier.")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    # The system's trust store, certificate and host name checked: without a context, starttls() accepts
    # any certificate, so a machine in the middle would read the reports.
    context = ssl.create_default_context()
    try:
        if settings.smtp_tls == "tls":
            server = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
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
        raise MailError(f"Le serveur de messagerie a refusé ou n'a pas répondu ({exc.__class__.__name__}).") from exc
