"""A report's documents and their sending: the PDF for each recipient, posted copies recorded,
e-mailed ones queued in the outbox and sent by the background sender; the landlord and the
prescriber only with the household's current consent. The report becomes « envoyé » once every
chosen recipient's copy is delivered or posted."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Engine
from sqlmodel import Session, select

from api.access import Principal, Scope
from api.documents.pdf import Recipient, render
from api.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from api.models import (
    Programme,
    ConsentPurpose,
    Delivery,
    Household,
    Organisation,
    Referral,
    Report,
    Visit,
)
from api.schemas.reports import (
    DeliveryCreate,
    ReportRead,
)
from api.services import audit, landlords, mail, outbox
from api.services.report_document import document
from api.services.agenda import visit_not_done
from api.services import households as household_service
from api.services import referrals as referral_service
from api.services import scope
from api.settings import Settings

from api.services.reports import R, REPORT_WORKFLOW, ReportContext, to_read
from api.models.base import id_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

def pdf(session: Session, principal: Principal, report_id: int, recipient: Recipient) -> tuple[bytes, str]:
    report = scope.get_report(session, principal, report_id)
    audit.record(session, principal, "read", "report_pdf", report.id, household_id=report.household_id,
                 detail={"recipient": recipient})
    return render(document(session, report), recipient), f"compte-rendu-{report.household_id}-{report.number}-{recipient}.pdf"


def _recipient_address(session: Session, report: Report, data: DeliveryCreate) -> str:
    household = session.get(Household, report.household_id)
    assert household is not None  # a foreign key
    if data.address:
        return data.address.strip()
    if data.recipient == "household":
        postal = household_service.postal_address(household)
        return (household.email if data.channel == "email" else postal) or ""
    if data.recipient == "landlord":
        landlord = session.get(Organisation, household.landlord_id) if household.landlord_id else None
        return (landlord.email or "") if landlord and data.channel == "email" else (landlord.name if landlord else "")
    visit = session.get(Visit, report.visit_id)
    assert visit is not None  # a foreign key
    referral = session.get(Referral, visit.referral_id) if visit.referral_id else None
    return (referral.referrer_email or "") if referral and data.channel == "email" else \
        (referral.referrer_name if referral else "")


SUBJECTS = {"household": "Compte-rendu de votre visite SLIME"}
def _body(programme: Programme) -> str:
    """The e-mail that carries a report, signed by its programme."""
    return ("Bonjour,\n\nVous trouverez ci-joint le compte-rendu de la visite SLIME.\n\n"
            + (programme.signature or programme.issuer_name))
DONE = ("sent", "recorded")


def _check_consent(session: Session, household: Household | None, recipient: str) -> None:
    assert household is not None and household.id is not None  # the report's household (a foreign key)
    if recipient == "landlord":
        if household.landlord_id is None:
            raise InvalidInput("recipient", "Ce ménage n'a pas de bailleur enregistré.")
        if not household_service.has_current_consent(session, household.id, ConsentPurpose.share_with_landlord):
            raise Conflict("Le locataire n'a pas donné (ou a retiré) son accord pour transmettre la synthèse "
                           "technique au bailleur : enregistrez son consentement avant l'envoi.")
    if recipient == "prescriber" and not household_service.has_current_consent(
            session, household.id, ConsentPurpose.share_with_prescriber):
        raise Conflict("Le ménage n'a pas donné son accord pour transmettre le compte-rendu au prescripteur.")


def _email_offered(settings: Settings) -> None:
    if not mail.available(settings):
        raise Conflict("L'envoi par e-mail n'est pas proposé sur ce serveur (aucun serveur de messagerie "
                       "configuré) : envoyez la copie par courrier.")


def deliver(session: Session, settings: Settings, principal: Principal, report_id: int,
            data: DeliveryCreate) -> ReportRead:
    """Record a posted copy, or queue an e-mailed one in the outbox: the request never waits for a mail
    server. The report becomes « envoyé » once every chosen recipient's copy is delivered or posted."""
    report = scope.get_report(session, principal, report_id)
    if not principal.can(Scope.reports_send):
        raise Forbidden("L'envoi est fait par l'équipe SLIME.")
    if report.status not in (R.validated, R.sent):
        raise Conflict("Seul un compte-rendu validé s'envoie.")
    visit = session.get(Visit, report.visit_id)
    assert visit is not None  # a foreign key
    if problem := visit_not_done(visit):
        raise Conflict(problem)
    if data.channel == "email":
        _email_offered(settings)
    household = session.get(Household, report.household_id)
    assert household is not None  # a foreign key
    _check_consent(session, household, data.recipient)
    if data.channel == "api":
        if data.recipient != "landlord":
            raise InvalidInput("channel", "Seul le bailleur reçoit une copie par son système (API).")
        landlord = session.get(Organisation, household.landlord_id)
        assert landlord is not None  # _check_consent refused a household without one
        data = data.model_copy(update={"address": f"Espace bailleur (API) – {landlord.name}"})
    address = _recipient_address(session, report, data)
    if not address:
        raise InvalidInput("address", "Aucune adresse connue pour ce destinataire : indiquez-la.")
    if data.channel == "email" and not EMAIL.match(address):
        raise InvalidInput("address", "Adresse e-mail invalide.")
    now = datetime.now(UTC)
    delivery = Delivery(report_id=id_of(report), recipient=data.recipient, channel=data.channel, address=address,
                        status="recorded", by_id=principal.user_id)
    if data.channel == "email":
        delivery.status, delivery.next_attempt_at = "pending", now
    else:
        delivery.delivered_at = now
    session.add(delivery)
    session.flush()
    if data.recipient == "landlord" and data.channel != "email":
        landlords.announce_shared(session, report, household)
    audit.record(session, principal, "send" if data.channel != "email" else "queue_send", "report", report.id,
                 household_id=report.household_id,
                 detail={"recipient": data.recipient, "channel": data.channel, "delivery_id": delivery.id})
    _settle(session, report)
    return to_read(session, principal, report)


def retry_delivery(session: Session, settings: Settings, principal: Principal, report_id: int,
                   delivery_id: int) -> ReportRead:
    """Put an e-mailed copy that was given up back in the outbox, its attempts counted afresh."""
    report = scope.get_report(session, principal, report_id)
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.report_id != report.id:
        raise NotFound("Envoi introuvable.")
    if delivery.channel != "email" or delivery.status != "failed":
        raise Conflict("Seul un envoi par e-mail en échec peut être relancé.")
    _email_offered(settings)
    _check_consent(session, session.get(Household, report.household_id), delivery.recipient)
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, datetime.now(UTC)
    delivery.by_id = principal.user_id
    session.add(delivery)
    session.flush()
    audit.record(session, principal, "retry_send", "report", report.id, household_id=report.household_id,
                 detail={"recipient": delivery.recipient, "delivery_id": delivery.id})
    return to_read(session, principal, report)


def _settle(session: Session, report: Report) -> None:
    """The system's mark_sent: once every recipient chosen has a delivered (or posted) copy and no copy
    is still waiting in the outbox."""
    if report.status != R.validated:
        return
    rows = session.exec(select(Delivery.recipient, Delivery.status).where(Delivery.report_id == report.id)).all()
    recipients = {recipient for recipient, _ in rows}
    delivered = {recipient for recipient, status in rows if status in DONE}
    if not rows or recipients != delivered or any(status == "pending" for _, status in rows):
        return
    visit = session.get(Visit, report.visit_id)
    assert visit is not None  # a foreign key
    target = REPORT_WORKFLOW.apply(report.status, "mark_sent", frozenset(), ReportContext(visit), by_hand=False)
    report.status, report.sent_at, report.version = R(target), datetime.now(UTC), report.version + 1
    session.add(report)
    session.flush()
    referral_service.advance_for_report(session, None, visit.referral_id)
    audit.record(session, None, "transition", "report", report.id, household_id=report.household_id,
                 detail={"action": "mark_sent", "to": target})


def send_due_mail(engine: Engine | None = None, *, settings: Settings,
                  now: Callable[[], datetime] = lambda: datetime.now(UTC),
                  sessions: Callable[[], Session] | None = None) -> int:
    """The outbox's e-mail sender: every copy whose time has come, one transaction each (the same
    mechanism as webhooks, api/services/outbox.py); returns how many were tried."""
    new_session = sessions or (lambda: Session(engine))
    return outbox.drain(Delivery, lambda session, delivery, at: _send_copy(session, settings, delivery, at),
                        sessions=new_session, now=now)


def _send_copy(session: Session, settings: Settings, delivery: Delivery, at: datetime) -> None:
    delivery.attempts += 1
    report = session.get(Report, delivery.report_id)
    assert report is not None  # a foreign key
    household = session.get(Household, report.household_id)
    assert household is not None  # a foreign key
    try:
        _check_consent(session, household, delivery.recipient)
    except AppError:
        # The consent was withdrawn while the copy waited: it does not leave, and is not retried.
        delivery.status, delivery.error = "failed", "ConsentWithdrawn"
        audit.record(session, None, "send_failed", "report", report.id, household_id=report.household_id,
                     detail={"recipient": delivery.recipient, "delivery_id": delivery.id, "error": "consent_withdrawn"})
        return
    programme = session.get(Programme, delivery.programme_id)
    assert programme is not None  # a stored row's programme
    message = mail.compose(
        settings, to=delivery.address, sender=programme.sender_email,
        subject=SUBJECTS.get(delivery.recipient, f"Compte-rendu SLIME – dossier {report.household_id}"),
        body=_body(programme),
        attachment=render(document(session, report), cast(Recipient, delivery.recipient)),  # DeliveryCreate's Literal
        filename=f"compte-rendu-{report.household_id}-{report.number}.pdf")
    try:
        mail.dispatch(settings, message, label=f"delivery{delivery.id}")
    except mail.MailError as exc:
        delivery.error = exc.kind
        outbox.retry_later(delivery, at)
        if delivery.status == "failed":
            audit.record(session, None, "send_failed", "report", report.id, household_id=report.household_id,
                         detail={"recipient": delivery.recipient, "delivery_id": delivery.id,
                                 "error": re.sub(r"(?<!^)(?=[A-Z])", "_", exc.kind).lower()})
        return
    delivery.status, delivery.delivered_at, delivery.error, delivery.next_attempt_at = "sent", at, None, None
    session.add(delivery)
    session.flush()
    if delivery.recipient == "landlord":
        landlords.announce_shared(session, report, household)
    audit.record(session, None, "send", "report", report.id, household_id=report.household_id,
                 detail={"recipient": delivery.recipient, "channel": "email", "delivery_id": delivery.id})
    _settle(session, report)
