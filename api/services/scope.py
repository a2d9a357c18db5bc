"""Which records each principal reaches: every `visible_*` predicate, in one place.

One rule decides everything personal: the household's. A referral, a visit, its briefing,
syntheses and diagnostics, a report, an orientation and an audit event about a household are
within reach exactly when the household is. Being named on a visit gives no access of its own:
an advisor reaches a household while assigned to it (by a planned or done visit, or by hand).
A record out of reach is a 404, never a 403, so its existence does not leak.

Landlords reach their own dwellings while the tenant's consent to share with them stands.
Alert givers reach only the referrals they submitted (`submitted_by`).
"""

from typing import TypeVar

from sqlalchemy import ColumnElement, and_, exists, false, or_, true
from sqlmodel import Session, SQLModel, col, select

from api.access import Principal, Scope
from api.errors import NotFound
from api.models import (
    TECHNICAL_KINDS,
    AdvisorAssignment,
    Attachment,
    AuditEvent,
    Consent,
    ConsentPurpose,
    Household,
    Notification,
    Orientation,
    Referral,
    Report,
    Synthesis,
    Visit,
)

T = TypeVar("T", bound=SQLModel)


# --- households: the rule every other record follows -------------------------------------------

def visible_households(principal: Principal) -> ColumnElement[bool]:
    if principal.kind != "user":
        return false()
    if principal.can(Scope.households_all):
        return true()
    if principal.can(Scope.households_read) and principal.user_id is not None:
        assigned = select(AdvisorAssignment.household_id).where(AdvisorAssignment.user_id == principal.user_id)
        return col(Household.id).in_(assigned)
    return false()


def _through_household(principal: Principal, household_id_column) -> ColumnElement[bool]:  # noqa: ANN001
    if principal.kind == "user" and principal.can(Scope.households_all):
        return true()
    return col(household_id_column).in_(select(Household.id).where(visible_households(principal)))


def get_household(session: Session, principal: Principal, household_id: int) -> Household:
    return _one(session, Household, household_id, visible_households(principal), "Ménage introuvable.")


def _one(session: Session, model: type[T], record_id: int, visible: ColumnElement[bool], missing: str) -> T:
    """The record if it exists and is in reach; otherwise a 404, whichever it is (existence never leaks)."""
    row = session.exec(select(model).where(model.id == record_id, visible)).first()  # type: ignore[attr-defined]  # every table has an id; SQLModel's base declares none
    if row is None:
        raise NotFound(missing)
    return row


# --- records about a household -----------------------------------------------------------------

def visible_referrals(principal: Principal) -> ColumnElement[bool]:
    return _through_household(principal, Referral.household_id)


def submitted_by(principal: Principal) -> ColumnElement[bool]:
    """An alert giver's own referrals: the ones they submitted, and no other."""
    if principal.kind != "user" or principal.user_id is None:
        return false()
    return col(Referral.referrer_user_id) == principal.user_id


def get_submitted_referral(session: Session, principal: Principal, referral_id: int) -> Referral:
    """One of the alert giver's own referrals; someone else's is a 404 like a missing one."""
    return _one(session, Referral, referral_id, submitted_by(principal), "Demande introuvable.")


def get_referral(session: Session, principal: Principal, referral_id: int) -> Referral:
    return _one(session, Referral, referral_id, visible_referrals(principal), "Demande introuvable.")


def visible_visits(principal: Principal) -> ColumnElement[bool]:
    return _through_household(principal, Visit.household_id)


def get_visit(session: Session, principal: Principal, visit_id: int) -> Visit:
    return _one(session, Visit, visit_id, visible_visits(principal), "Visite introuvable.")


def visible_reports(principal: Principal) -> ColumnElement[bool]:
    return _through_household(principal, Report.household_id)


def get_report(session: Session, principal: Principal, report_id: int) -> Report:
    return _one(session, Report, report_id, visible_reports(principal), "Compte-rendu introuvable.")


def visible_attachments(principal: Principal) -> ColumnElement[bool]:
    return _through_household(principal, Attachment.household_id)


def get_attachment(session: Session, principal: Principal, attachment_id: int) -> Attachment:
    return _one(session, Attachment, attachment_id, visible_attachments(principal), "Photo ou document introuvable.")


def visible_audit_events(principal: Principal) -> ColumnElement[bool]:
    """Audit readers see the events about households they reach, and those about no household."""
    if not principal.can(Scope.audit_read):
        return false()
    return or_(col(AuditEvent.household_id).is_(None), _through_household(principal, AuditEvent.household_id))


def visible_notifications(principal: Principal) -> ColumnElement[bool]:
    """One's own notifications whose record one still reaches: a notification never outlives the
    recipient's access to what it is about (a household out of reach, a record deleted)."""
    if principal.kind != "user" or principal.user_id is None:
        return false()
    reached = {
        "referral": select(Referral.id).where(visible_referrals(principal)),
        "report": select(Report.id).where(visible_reports(principal)),
        "synthesis": select(Synthesis.id).where(_through_household(principal, Synthesis.household_id)),
        "orientation": select(Orientation.id).where(_through_household(principal, Orientation.household_id)),
        "household": select(Household.id).where(visible_households(principal)),
    }
    return and_(col(Notification.recipient_id) == principal.user_id,
                or_(*(and_(col(Notification.record_type) == kind, col(Notification.record_id).in_(ids))
                      for kind, ids in reached.items())))


def get_notification(session: Session, principal: Principal, notification_id: int) -> Notification:
    return _one(session, Notification, notification_id, visible_notifications(principal), "Notification introuvable.")


# --- third parties ------------------------------------------------------------------------------

def _landlord_consent() -> ColumnElement[bool]:
    return exists().where(col(Consent.household_id) == Household.id, col(Consent.purpose) == ConsentPurpose.share_with_landlord,
                          col(Consent.revoked_at).is_(None))


def visible_to_landlord(principal: Principal) -> ColumnElement[bool]:
    """The landlord's own dwellings, while the tenant's consent to share with it stands."""
    if principal.kind != "integration" or principal.organisation_id is None or not principal.can(Scope.landlord_read):
        return false()
    return and_(col(Household.landlord_id) == principal.organisation_id, _landlord_consent())


def visible_attachments_to_landlord(principal: Principal) -> ColumnElement[bool]:
    """The technical photos (models/attachments.py TECHNICAL_KINDS) of the dwellings the landlord reaches."""
    return and_(col(Attachment.kind).in_(sorted(TECHNICAL_KINDS)),
                col(Attachment.household_id).in_(select(Household.id).where(visible_to_landlord(principal))))
