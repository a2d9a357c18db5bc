"""GDPR: subject access (everything held on a household, with who accessed it), anonymisation for
retention and erasure, and the scheduled retention run.

Anonymisation keeps what the yearly statistics need (commune, unit, tenure, dwelling, members'
birth years, bills, diagnostics' figures, statuses, dates, amounts) and removes names, contacts,
street address and every free-text field, where people write about the family. The audit trail is
kept: it records who did what, is needed to answer for the processing (GDPR art. 5(2)), and holds
no names.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from api.access import Principal
from api.errors import Conflict
from api.models import (
    AdvisorAssignment,
    AuditEvent,
    BillEntry,
    CallAttempt,
    Consent,
    Delivery,
    Dwelling,
    Household,
    HouseholdMember,
    HouseholdStatus,
    LoginThrottle,
    Orientation,
    OrientationEvent,
    Referral,
    ReferralTransition,
    Report,
    ReviewComment,
    SocialDiagnostic,
    Synthesis,
    TechnicalDiagnostic,
    TriageNote,
    User,
    Visit,
    WorksPlan,
    WorksUpdate,
)
from api.services import audit
from api.services import scope
from api.settings import Settings

REMOVED = "[supprimé]"

# What a subject access export holds: (section title, model, how its rows find the household).
SECTIONS: list[tuple[str, type[SQLModel], str]] = [
    ("Membres du ménage", HouseholdMember, "household"), ("Logement", Dwelling, "household"),
    ("Consentements", Consent, "household"), ("Conseillers affectés", AdvisorAssignment, "household"),
    ("Demandes d'intervention", Referral, "household"), ("Appels", CallAttempt, "referral"),
    ("Fiches de note", TriageNote, "referral"), ("Étapes des demandes", ReferralTransition, "referral"),
    ("Visites", Visit, "household"), ("Factures", BillEntry, "household"),
    ("Diagnostic social", SocialDiagnostic, "household"), ("Diagnostics techniques", TechnicalDiagnostic, "household"),
    ("Programme de travaux", WorksPlan, "household"), ("Synthèses", Synthesis, "household"),
    ("Commentaires de relecture", ReviewComment, "synthesis"), ("Comptes-rendus", Report, "household"),
    ("Envois", Delivery, "report"), ("Orientations", Orientation, "household"),
    ("Suivi des orientations", OrientationEvent, "orientation"), ("Travaux déclarés par le bailleur", WorksUpdate, "household"),
]
HIDDEN_COLUMNS = {"search_name", "phone_digits", "token_hash"}


def _rows(session: Session, household_id: int) -> dict[str, list[SQLModel]]:
    found: dict[str, list[SQLModel]] = {}
    ids: dict[str, list[int]] = {}
    for title, model, via in SECTIONS:
        if via == "household":
            stmt = select(model).where(model.household_id == household_id)  # type: ignore[attr-defined]
        else:
            parent = ids.get(via, [])
            stmt = select(model).where(col(getattr(model, f"{via}_id")).in_(parent))
        rows = list(session.exec(stmt.order_by(col(model.id))).all())  # type: ignore[attr-defined]
        found[title] = rows
        ids.setdefault(model.__tablename__, [r.id for r in rows])  # type: ignore[attr-defined]
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(row: SQLModel) -> dict[str, Any]:
    return {k: _plain(v) for k, v in row.model_dump(warnings=False).items() if k not in HIDDEN_COLUMNS}


def subject_access(session: Session, principal: Principal, household_id: int) -> dict[str, Any]:
    """Everything Binôme holds on a household (GDPR art. 15), and who accessed its record."""
    household = scope.get_household(session, principal, household_id)
    accesses = session.exec(
        select(AuditEvent, User).join(User, col(AuditEvent.actor_user_id) == User.id, isouter=True)
        .where(AuditEvent.household_id == household.id).order_by(col(AuditEvent.at), col(AuditEvent.id))).all()
    audit.record(session, principal, "export", "subject_access", household.id, household_id=household.id)
    return {
        "generated_at": datetime.now(UTC).isoformat(),
        "household": _record(household),
        "sections": {title: [_record(r) for r in rows] for title, rows in _rows(session, household.id).items()},
        "accesses": [{"at": e.at.isoformat(), "by": u.full_name if u else (f"jeton d'intégration {e.actor_token_id}"
                                                                         if e.actor_token_id else "système"),
                      "action": e.action, "what": e.entity, "detail": e.detail} for e, u in accesses],
    }


def anonymise(session: Session, household: Household, now: datetime) -> None:
    """Remove names, contacts, street address and free text; keep the figures for the statistics."""
    hid = household.id
    household.first_name, household.last_name = "Anonymisé", f"#{hid}"
    household.search_name = f"anonymise {hid}"
    for name in ("phone", "phone_digits", "email", "address_line", "social_referent_name",
                 "social_referent_organisation", "social_referent_phone", "social_referent_email"):
        setattr(household, name, None)
    household.closing_summary = REMOVED if household.closing_summary else None
    household.anonymised_at = household.updated_at = now
    session.add(household)
    referrals = select(Referral.id).where(Referral.household_id == hid)
    syntheses = select(Synthesis.id).where(Synthesis.household_id == hid)
    orientations = select(Orientation.id).where(Orientation.household_id == hid)
    reports = select(Report.id).where(Report.household_id == hid)
    for statement in (
        update(HouseholdMember).where(col(HouseholdMember.household_id) == hid).values(first_name="—"),
        update(Consent).where(col(Consent.household_id) == hid).values(note=""),
        update(Referral).where(col(Referral.household_id) == hid).values(
            description=REMOVED, referrer_phone=None, referrer_email=None),
        update(CallAttempt).where(col(CallAttempt.referral_id).in_(referrals)).values(note=""),
        update(ReferralTransition).where(col(ReferralTransition.referral_id).in_(referrals)).values(note=""),
        update(TriageNote).where(col(TriageNote.referral_id).in_(referrals)).values(
            problem=REMOVED, questions_for_advisor=""),
        update(Visit).where(col(Visit.household_id) == hid).values(place="", notes=""),
        update(Synthesis).where(col(Synthesis.household_id) == hid).values(content=REMOVED),
        update(ReviewComment).where(col(ReviewComment.synthesis_id).in_(syntheses)).values(
            body=REMOVED, quote=None, replacement=None),
        update(Report).where(col(Report.household_id) == hid).values(
            introduction="", family_synthesis=REMOVED, technical_synthesis=REMOVED, returned_reason=None,
            complementary_opinion=None),
        update(Delivery).where(col(Delivery.report_id).in_(reports)).values(address=REMOVED),
        update(Orientation).where(col(Orientation.household_id) == hid).values(description=REMOVED, outcome=""),
        update(OrientationEvent).where(col(OrientationEvent.orientation_id).in_(orientations)).values(
            contact="", note=""),
        update(WorksUpdate).where(col(WorksUpdate.household_id) == hid).values(comment=""),
    ):
        session.execute(statement.execution_options(synchronize_session=False))
    for row in session.exec(select(SocialDiagnostic).where(SocialDiagnostic.household_id == hid)).all():
        row.data = {**row.data, "notes": ""}
        session.add(row)
    for row in session.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.household_id == hid)).all():
        row.data = {**row.data, "notes": "", "humidity_notes": "", "appliances": "",
                    "measurements": [{**m, "room": ""} for m in row.data.get("measurements", [])]}
        session.add(row)
    session.flush()


def erase(session: Session, principal: Principal, household_id: int, reason: str) -> None:
    """Erasure on request (art. 17): the household is anonymised at once, the statistics stay."""
    household = scope.get_household(session, principal, household_id)
    if household.anonymised_at is not None:
        raise Conflict("Ce ménage est déjà anonymisé.")
    anonymise(session, household, datetime.now(UTC))
    audit.record(session, principal, "erase", "household", household.id, household_id=household.id, detail=reason)


def due_for_retention(session: Session, settings: Settings, now: datetime) -> list[int]:
    limit = now - timedelta(days=round(settings.retention_months_after_closure * 30.44))
    return list(session.exec(select(Household.id).where(
        Household.status == HouseholdStatus.closed, col(Household.closed_at) < limit,
        col(Household.anonymised_at).is_(None)).order_by(col(Household.id))).all())


def run_retention(session: Session, settings: Settings, now: datetime | None = None, *, dry_run: bool = False) -> list[int]:
    """The daily retention run: anonymise every case closed longer ago than the retention period."""
    now = now or datetime.now(UTC)
    due = due_for_retention(session, settings, now)
    if not dry_run:
        # Throttle counters (addresses, e-mails) only serve throttling: a day after their last wait is plenty.
        day_ago = now - timedelta(days=1)
        session.execute(delete(LoginThrottle).where(
            or_(col(LoginThrottle.last_failure_at).is_(None), col(LoginThrottle.last_failure_at) < day_ago),
            or_(col(LoginThrottle.blocked_until).is_(None), col(LoginThrottle.blocked_until) < day_ago)))
        for household_id in due:
            anonymise(session, session.get(Household, household_id), now)
            audit.record(session, None, "anonymise", "household", household_id, household_id=household_id,
                         detail=f"conservation : {settings.retention_months_after_closure} mois après clôture")
    return due
