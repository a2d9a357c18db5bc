"""GDPR: subject access (everything held on a household, with who accessed it and what was disclosed
to its landlord), anonymisation for retention and erasure, and the scheduled retention run.

Anonymisation keeps what the yearly statistics need (commune, unit, tenure, dwelling, members'
birth years, bills' figures, diagnostics' figures, statuses, codes, dates, amounts) and removes
names, contacts, street address and every free-text field, where people write about the family:
FREE_TEXT and the diagnostics' schemas list them, and a test fails when a new text column of a
household's record is listed neither there nor in CODES. It also revokes the consents, deletes the
stored answers of idempotent requests and the webhooks not yet sent. The audit trail is kept: it
records who did what, is needed to answer for the processing (GDPR art. 5(2)), and holds no free text.
"""

import json
import types
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, case, delete, literal, or_, update
from sqlmodel import Session, SQLModel, col, select

from api.access import Principal
from api.errors import Conflict
from api.models import (
    AdvisorAssignment,
    Attachment,
    AuditEvent,
    BillEntry,
    CallAttempt,
    Consent,
    Delivery,
    Dwelling,
    Household,
    HouseholdMember,
    HouseholdStatus,
    IdempotencyRecord,
    IntegrationToken,
    LoginThrottle,
    Notification,
    Organisation,
    Orientation,
    OrientationEvent,
    Referral,
    ReferralReasonLink,
    ReferralTransition,
    Report,
    ReviewComment,
    SocialDiagnostic,
    Synthesis,
    TechnicalDiagnostic,
    TriageNote,
    User,
    Visit,
    WebhookDelivery,
    WebhookSubscription,
    WorksPlan,
    WorksUpdate,
)
from api.schemas.diagnostics import (
    InstalledEquipment,
    PlannedWork,
    SocialDiagnosticData,
    TechnicalDiagnosticData,
)
from api.services import attachments, audit
from api.services import scope
from api.settings import Settings
from api.storage import Storage, build_storage
from api.models.base import id_of

REMOVED = "[supprimé]"

# What a subject access export holds: (section title, model, how its rows find the household).
SECTIONS: list[tuple[str, type[SQLModel], str]] = [
    ("Membres du ménage", HouseholdMember, "household"), ("Logement", Dwelling, "household"),
    ("Consentements", Consent, "household"), ("Conseillers affectés", AdvisorAssignment, "household"),
    ("Demandes d'intervention", Referral, "household"), ("Motifs des demandes", ReferralReasonLink, "referral"),
    ("Appels", CallAttempt, "referral"),
    ("Fiches de note", TriageNote, "referral"), ("Étapes des demandes", ReferralTransition, "referral"),
    ("Visites", Visit, "household"), ("Factures", BillEntry, "household"),
    ("Diagnostic social", SocialDiagnostic, "household"), ("Diagnostics techniques", TechnicalDiagnostic, "household"),
    ("Programme de travaux", WorksPlan, "household"), ("Synthèses", Synthesis, "household"),
    ("Commentaires de relecture", ReviewComment, "synthesis"), ("Comptes-rendus", Report, "household"),
    ("Envois", Delivery, "report"), ("Orientations", Orientation, "household"),
    ("Suivi des orientations", OrientationEvent, "orientation"), ("Travaux déclarés par le bailleur", WorksUpdate, "household"),
    ("Requêtes enregistrées (idempotence)", IdempotencyRecord, "household"),
    ("Photos et documents", Attachment, "household"),
]
HIDDEN_COLUMNS = {"search_name", "phone_digits", "token_hash", "request_hash", "storage_key"}


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
        ids.setdefault(model.__tablename__, [r.id for r in rows])  # type: ignore[attr-defined, arg-type]
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(row: SQLModel) -> dict[str, Any]:
    return {k: _plain(v) for k, v in row.model_dump(warnings=False).items() if k not in HIDDEN_COLUMNS}


def _shares_with_landlords(session: Session, household: Household) -> list[dict[str, Any]]:
    """What the landlords received about the household: copies of reports, webhooks announcing them,
    and every read of its dwelling through the landlord API (lists included)."""
    hid = household.id
    shares: list[dict[str, Any]] = []
    copies = session.exec(select(Delivery, Report).join(Report, col(Delivery.report_id) == Report.id).where(
        Report.household_id == hid, Delivery.recipient == "landlord")).all()
    shares += [{"at": d.at, "who": d.address, "how": f"copie du compte-rendu ({d.channel})",
                "what": f"synthèse technique, compte-rendu {r.id} n° {r.number}", "status": d.status}
               for d, r in copies]
    hooks = session.exec(select(WebhookDelivery, Organisation)
                         .join(WebhookSubscription, col(WebhookDelivery.subscription_id) == WebhookSubscription.id)
                         .join(Organisation, col(WebhookSubscription.organisation_id) == Organisation.id)).all()
    # The payload is JSON: filtering in Python works the same on SQLite and PostgreSQL.
    shares += [{"at": d.created_at, "who": o.name, "how": "notification (webhook)", "what": d.event,
                "status": d.status} for d, o in hooks if (d.payload.get("data") or {}).get("household_id") == hid]
    reads = session.exec(
        select(AuditEvent, IntegrationToken, Organisation)
        .join(IntegrationToken, col(AuditEvent.actor_token_id) == IntegrationToken.id)
        .join(Organisation, col(IntegrationToken.organisation_id) == Organisation.id)
        .where(or_(col(AuditEvent.household_id) == hid,
                   and_(col(AuditEvent.entity) == "landlord_dwelling", col(AuditEvent.action) == "list")))).all()
    for event, token, organisation in reads:
        if event.household_id is None and hid not in _detail(event).get("household_ids", []):
            continue
        shares.append({"at": event.at, "who": f"{organisation.name} (jeton {token.name})", "how": "API bailleur",
                       "what": f"{event.action} {event.entity}", "status": "lu"})
    shares.sort(key=lambda s: s["at"])
    return [{**s, "at": s["at"].isoformat()} for s in shares]


def _detail(event: AuditEvent) -> dict[str, Any]:
    try:
        value = json.loads(event.detail) if event.detail else {}
    except ValueError:  # a detail written before details were structured
        return {}
    return value if isinstance(value, dict) else {}


def subject_access(session: Session, principal: Principal, household_id: int) -> dict[str, Any]:
    """Everything Binôme holds on a household (GDPR art. 15), who accessed its record, and what its
    landlord was told."""
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    accesses = session.exec(
        select(AuditEvent, User).join(User, col(AuditEvent.actor_user_id) == User.id, isouter=True)
        .where(AuditEvent.household_id == household.id).order_by(col(AuditEvent.at), col(AuditEvent.id))).all()
    landlords = _shares_with_landlords(session, household)
    audit.record(session, principal, "export", "subject_access", household.id, household_id=household.id)
    return {
        "generated_at": datetime.now(UTC).isoformat(),
        "household": _record(household),
        "sections": {title: [_record(r) for r in rows] for title, rows in _rows(session, household.id).items()},
        # How many photos and documents, of which kinds (each is listed in its section; the files themselves
        # are given on request, downloaded by the team: GET /attachments/{id}/content).
        "attachments": attachments.household_summary(session, household.id),
        "landlord_disclosures": landlords,
        "accesses": [{"at": e.at.isoformat(), "by": u.full_name if u else (f"jeton d'intégration {e.actor_token_id}"
                                                                         if e.actor_token_id else "système"),
                      "action": e.action, "what": e.entity, "detail": e.detail} for e, u in accesses],
    }


# --- anonymisation -------------------------------------------------------------------------------

# Every free-text column of a household's records (people write names there); anonymisation replaces
# a non-empty value by REMOVED. Contacts (CLEARED) become NULL. The household and its members' first
# names are handled apart. Text columns listed in neither are codes, kept for the statistics (CODES).
FREE_TEXT: dict[type[SQLModel], tuple[str, ...]] = {
    Consent: ("note",),
    Referral: ("referrer_name", "description", "out_of_scope_reason"),
    ReferralTransition: ("note",),
    CallAttempt: ("note",),
    TriageNote: ("problem", "questions_for_advisor"),
    Visit: ("place", "notes", "afterwards_reason"),
    BillEntry: ("supplier", "contract_option"),
    Synthesis: ("content",),
    ReviewComment: ("body", "quote", "replacement"),
    Report: ("introduction", "family_synthesis", "technical_synthesis", "returned_reason", "complementary_opinion"),
    Delivery: ("address", "error"),
    Orientation: ("description", "partner", "outcome"),
    OrientationEvent: ("contact", "note"),
    WorksUpdate: ("comment",),
    Attachment: ("caption",),  # (the rows are deleted anyway, with their files)
}
CLEARED: dict[type[SQLModel], tuple[str, ...]] = {Referral: ("referrer_phone", "referrer_email")}
# JSON columns, scrubbed along the schema their content follows.
FREE_TEXT_JSON: dict[type[SQLModel], tuple[str, Any]] = {
    SocialDiagnostic: ("data", SocialDiagnosticData), TechnicalDiagnostic: ("data", TechnicalDiagnosticData),
    WorksPlan: ("items", list[PlannedWork]), Synthesis: ("works", list[PlannedWork]),
    Report: ("works", list[PlannedWork]),
}
# Strings inside those JSON documents that are codes checked against a catalogue, not free text.
JSON_CODES = {(InstalledEquipment, "code")}
# The household's own identifying columns, cleared (its names are replaced apart).
HOUSEHOLD_CLEARED = ("phone", "phone_digits", "email", "address_line", "social_referent_name",
                     "social_referent_organisation", "social_referent_phone", "social_referent_email")
# Text columns of a household's records kept as they are: statuses, kinds, channels, codes, the
# commune and postcode the statistics count by, and the idempotency/audit plumbing handled apart.
CODES: dict[type[SQLModel], tuple[str, ...]] = {
    Household: ("status", "postcode", "commune", "insee_code", "tenure"),
    HouseholdMember: ("relation",), Dwelling: ("dwelling_type", "construction_period", "altitude_class",
                                                 "main_heating_energy"),
    Consent: ("purpose",), Referral: ("status", "channel"), ReferralReasonLink: ("reason",),
    ReferralTransition: ("action", "from_status", "to_status"), CallAttempt: ("outcome",), Visit: ("status",),
    BillEntry: ("energy", "unit", "wood_species", "wood_moisture"), Synthesis: ("kind", "status"),
    ReviewComment: ("status",),
    # The frozen figures are computed (figures, generated explanations, reference values, refusal messages),
    # with no text written about the family: kept, like the figures the statistics count.
    Report: ("status", "frozen_analysis", "frozen_works_estimate", "frozen_note", "frozen_reference_rows"),
    Delivery: ("recipient", "channel", "status"), Orientation: ("kind", "status"), OrientationEvent: ("kind",),
    WorksUpdate: ("status",),
    Attachment: ("kind", "content_type", "sha256", "storage_key", "client_key"),
    # Generated from a record number and the commune (itself kept), never from what the family said.
    Notification: ("kind", "record_type", "title", "link"),
}
# How each record reaches its household: directly, or through its parent.
PARENTS: dict[type[SQLModel], tuple[str, type[SQLModel]]] = {
    CallAttempt: ("referral_id", Referral), ReferralTransition: ("referral_id", Referral),
    TriageNote: ("referral_id", Referral), ReferralReasonLink: ("referral_id", Referral),
    ReviewComment: ("synthesis_id", Synthesis), Delivery: ("report_id", Report),
    OrientationEvent: ("orientation_id", Orientation),
}


def _of_household(model: type[SQLModel], hid: int) -> ColumnElement[bool]:
    if model in PARENTS:
        column, parent = PARENTS[model]
        parents = select(parent.id).where(parent.household_id == hid)  # type: ignore[attr-defined]
        return col(getattr(model, column)).in_(parents)
    return col(model.household_id) == hid  # type: ignore[attr-defined]


def scrub_json(value: Any, shape: Any) -> Any:
    """`value` with every free-text string (a `str` field of its schema) replaced by REMOVED."""
    origin = get_origin(shape)
    if origin is Annotated:
        return scrub_json(value, get_args(shape)[0])
    if origin in (Union, types.UnionType):
        return scrub_json(value, next(a for a in get_args(shape) if a is not type(None)))
    if shape is str:
        return REMOVED if isinstance(value, str) and value else value
    if origin is list and isinstance(value, list):
        return [scrub_json(v, get_args(shape)[0]) for v in value]
    if isinstance(shape, type) and issubclass(shape, BaseModel) and isinstance(value, dict):
        return {k: v if k not in shape.model_fields or (shape, k) in JSON_CODES
                else scrub_json(v, shape.model_fields[k].annotation) for k, v in value.items()}
    return value


def anonymise(session: Session, household: Household, now: datetime, storage: Storage,
              principal: Principal | None = None) -> dict[str, int]:
    """Remove names, contacts, street address and free text, revoke the consents, drop the stored
    answers, the unsent webhooks and the photos and documents (rows now, files once committed); keep
    the figures for the statistics. Returns what it did."""
    hid = id_of(household)
    household.first_name, household.last_name = "Anonymisé", f"#{hid}"
    household.search_name = f"anonymise {hid}"
    for name in HOUSEHOLD_CLEARED:
        setattr(household, name, None)
    household.closing_summary = REMOVED if household.closing_summary else None
    household.anonymised_at = household.updated_at = now
    session.add(household)
    session.execute(update(HouseholdMember).where(col(HouseholdMember.household_id) == hid).values(first_name="—")
                    .execution_options(synchronize_session=False))
    for model in FREE_TEXT.keys() | CLEARED.keys():
        values: dict[str, Any] = {name: None for name in CLEARED.get(model, ())}
        for name in FREE_TEXT.get(model, ()):
            column = col(getattr(model, name))
            values[name] = case((or_(column.is_(None), column == ""), column), else_=literal(REMOVED))
        session.execute(update(model).where(_of_household(model, hid)).values(values)
                        .execution_options(synchronize_session=False))
    for model, (name, shape) in FREE_TEXT_JSON.items():
        for row in session.exec(select(model).where(_of_household(model, hid))).all():
            setattr(row, name, scrub_json(getattr(row, name), shape))
            session.add(row)
    revoked = session.execute(
        update(Consent).where(col(Consent.household_id) == hid, col(Consent.revoked_at).is_(None))
        .values(revoked_at=now, revoked_by_id=principal.user_id if principal else None)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]  # a CursorResult
    replays = session.execute(delete(IdempotencyRecord).where(col(IdempotencyRecord.household_id) == hid)
                              .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    pending = [d.id for d in session.exec(select(WebhookDelivery).where(WebhookDelivery.status == "pending")).all()
               if (d.payload.get("data") or {}).get("household_id") == hid]
    if pending:
        session.execute(delete(WebhookDelivery).where(col(WebhookDelivery.id).in_(pending))
                        .execution_options(synchronize_session=False))
    # Details written before they were structured may hold free text: the trail keeps who, what, when.
    session.execute(update(AuditEvent).where(col(AuditEvent.household_id) == hid,
                                             ~col(AuditEvent.detail).startswith("{"), col(AuditEvent.detail) != "")
                    .values(detail="").execution_options(synchronize_session=False))
    files = attachments.delete_household_blobs(session, storage, hid)
    session.flush()
    session.expire_all()  # the bulk updates bypassed the identity map
    return {"consents_revoked": revoked, "idempotency_records_deleted": replays, "webhooks_cancelled": len(pending),
            "attachments_deleted": files}


def erase(session: Session, principal: Principal, storage: Storage, household_id: int, reason: str) -> None:
    """Erasure on request (art. 17): the household is anonymised at once, the statistics stay. The
    reason is checked by the request schema but not kept: it is free text about the person."""
    household = scope.get_household(session, principal, household_id)
    if household.anonymised_at is not None:
        raise Conflict("Ce ménage est déjà anonymisé.")
    done = anonymise(session, household, datetime.now(UTC), storage, principal)
    audit.record(session, principal, "erase", "household", household_id, household_id=household_id, detail=done)


def due_for_retention(session: Session, settings: Settings, now: datetime) -> list[int]:
    limit = now - timedelta(days=round(settings.retention_months_after_closure * 30.44))
    # A selected primary key is never NULL; SQLModel types the column `int | None`.
    return list(session.exec(select(Household.id).where(  # type: ignore[arg-type]
        Household.status == HouseholdStatus.closed, col(Household.closed_at) < limit,
        col(Household.anonymised_at).is_(None)).order_by(col(Household.id))).all())


def run_retention(session: Session, settings: Settings, now: datetime | None = None, *, dry_run: bool = False,
                  storage: Storage | None = None) -> list[int]:
    """The daily retention run: anonymise every case closed longer ago than the retention period."""
    now = now or datetime.now(UTC)
    storage = storage or build_storage(settings)
    due = due_for_retention(session, settings, now)
    if not dry_run:
        # Throttle counters (addresses, e-mails) only serve throttling: a day after their last wait is plenty.
        day_ago = now - timedelta(days=1)
        session.execute(delete(LoginThrottle).where(
            or_(col(LoginThrottle.last_failure_at).is_(None), col(LoginThrottle.last_failure_at) < day_ago),
            or_(col(LoginThrottle.blocked_until).is_(None), col(LoginThrottle.blocked_until) < day_ago)))
        for household_id in due:
            household = session.get(Household, household_id)
            assert household is not None  # just listed
            done = anonymise(session, household, now, storage)
            audit.record(session, None, "anonymise", "household", household_id, household_id=household_id,
                         detail={**done, "retention_months": settings.retention_months_after_closure})
    return due
