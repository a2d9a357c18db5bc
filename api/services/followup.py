"""Follow-up of orientations (step 11): the catalogue of types, each orientation's lifecycle and
log, reminders, landlords' works updates as seen by the team, and closing a case."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from api import clock
from api.access import SEATS, Principal, Scope
from api.errors import Conflict, InvalidInput, NotFound
from api.models import (
    SETTLED_ORIENTATION_STATUSES,
    Household,
    HouseholdStatus,
    Organisation,
    Orientation,
    OrientationEvent,
    OrientationStatus,
    OrientationType,
    Report,
    ReportStatus,
    TerritorialUnit,
    User,
    UserRole,
    Visit,
    VisitStatus,
    WorksUpdate,
)
from api.models.base import as_utc, id_of
from api.schemas.common import Page, PersonRef, Ref
from api.schemas.followup import (
    CloseRequest,
    FollowUpNoteCreate,
    HandoverCreate,
    HouseholdFollowUp,
    OrientationCreate,
    OrientationEventRead,
    OrientationRead,
    OrientationSummary,
    OrientationTransition,
    OrientationTypeCreate,
    OrientationTypeRead,
    OrientationTypeWrite,
    OrientationUpdate,
    ReopenRequest,
    WorksUpdateRead,
)
from api.services import audit, scope
from api.services import households as household_service
from api.services import referrals as referral_service
from api.services.versioning import claim_version
from api.services.workflow import Transition, Workflow

ST = OrientationStatus
TEAM = frozenset({Scope.followup_write})
OPEN = frozenset({ST.proposed, ST.in_progress})
REMINDER_HORIZON = timedelta(days=14)

ORIENTATION_WORKFLOW = Workflow("orientation", (
    Transition("start", frozenset({ST.proposed}), ST.in_progress, TEAM),
    Transition("obtain", OPEN, ST.obtained, TEAM),
    Transition("refuse", OPEN, ST.refused, TEAM),
    Transition("abandon", OPEN, ST.abandoned, TEAM),
    Transition("reopen", SETTLED_ORIENTATION_STATUSES, ST.in_progress, TEAM),
))

DEFAULT_ORIENTATION_TYPES = [
    ("fsl_energy", "FSL énergie"), ("fsl_water", "FSL eau"), ("cheque_energie", "Chèque énergie"),
    ("supplier_payment_plan", "Échéancier avec le fournisseur"), ("social_tariff", "Tarif social"),
    ("anah_maprimerenov", "Anah / MaPrimeRénov'"), ("france_renov", "France Rénov'"),
    ("landlord_mediation", "Médiation avec le bailleur"),
    ("non_decency", "Procédure de non-décence (CAF / ADIL)"), ("budget_support", "Accompagnement budgétaire"),
    ("self_renovation", "Aide à l'auto-réhabilitation"), ("equipment_replacement", "Remplacement d'équipement"),
    ("eco_gestures", "Écogestes"), ("social_referent", "Suivi par le référent social"), ("other", "Autre"),
]


# --- the catalogue ------------------------------------------------------------------------------

def seed_orientation_types(session: Session) -> None:
    known = set(session.exec(select(OrientationType.code)).all())
    session.add_all(OrientationType(code=code, label=label, position=i * 10)
                    for i, (code, label) in enumerate(DEFAULT_ORIENTATION_TYPES) if code not in known)
    session.flush()


def list_types(session: Session, *, active: bool | None = None, limit: int, offset: int) -> Page[OrientationTypeRead]:
    stmt = select(OrientationType)
    if active is not None:
        stmt = stmt.where(col(OrientationType.active).is_(active))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(col(OrientationType.position), col(OrientationType.label),
                                      col(OrientationType.code)).limit(limit).offset(offset)).all()
    return Page.of([OrientationTypeRead.model_validate(t) for t in rows], total=total, limit=limit, offset=offset)


def labels(session: Session) -> dict[str, str]:
    return {t.code: t.label for t in session.exec(select(OrientationType)).all()}


def _orientation_type(session: Session, code: str) -> OrientationType | None:
    """The session's programme's type of that code (each programme has its own catalogue)."""
    return session.exec(select(OrientationType).where(OrientationType.code == code)).first()


def create_type(session: Session, principal: Principal, data: OrientationTypeCreate) -> OrientationTypeRead:
    if _orientation_type(session, data.code) is not None:
        raise InvalidInput("code", "Ce code existe déjà dans le catalogue.")
    row = OrientationType(**data.model_dump())
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "orientation_type", detail={"code": row.code})
    return OrientationTypeRead.model_validate(row)


def update_type(session: Session, principal: Principal, code: str, data: OrientationTypeWrite) -> OrientationTypeRead:
    row = _orientation_type(session, code)
    if row is None:
        raise NotFound("Type d'orientation introuvable.")
    for name, value in data.model_dump().items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    audit.record(session, principal, "update", "orientation_type", detail={"code": row.code})
    return OrientationTypeRead.model_validate(row)


def check_kind(session: Session, kind: str, field: str = "kind") -> None:
    row = _orientation_type(session, kind)
    if row is None or not row.active:
        raise InvalidInput(field, "Type d'orientation inconnu ou retiré du catalogue.")


# --- which orientations are followed ---------------------------------------------------------------

def followed() -> ColumnElement[bool]:
    """Orientations under follow-up: added directly, or from a validated report, and not superseded
    by the copy in a validated correction."""
    validated = select(Report.id).where(col(Report.status).in_([ReportStatus.validated, ReportStatus.sent]))
    return and_(col(Orientation.superseded_by_id).is_(None),
                or_(col(Orientation.report_id).is_(None), col(Orientation.report_id).in_(validated)))


def carry_follow_up(session: Session, previous_report_id: int, report_id: int) -> None:
    """When a correction is validated, its orientations take over the follow-up of the matching
    ones of the report it corrects (same type and wording), with their log."""
    old = {(o.kind, o.description.strip()): o for o in session.exec(
        select(Orientation).where(Orientation.report_id == previous_report_id,
                                  col(Orientation.superseded_by_id).is_(None))).all()}
    for new in session.exec(select(Orientation).where(Orientation.report_id == report_id)).all():
        match = old.get((new.kind, new.description.strip()))
        if match is None:
            continue
        for name in ("partner_organisation_id", "responsible_id", "due_on", "status", "outcome",
                     "amount_obtained_eur", "handed_to_referent_at", "settled_at"):
            setattr(new, name, getattr(match, name))
        match.superseded_by_id = new.id
        assert new.id is not None  # a stored orientation
        for event in session.exec(select(OrientationEvent).where(OrientationEvent.orientation_id == match.id)).all():
            event.orientation_id = new.id
            session.add(event)
        session.add_all((new, match))
    session.flush()


def _get(session: Session, principal: Principal, orientation_id: int) -> Orientation:
    orientation = session.exec(select(Orientation).where(Orientation.id == orientation_id, followed())).first()
    if orientation is None:
        raise NotFound("Orientation introuvable.")
    scope.get_household(session, principal, orientation.household_id)  # 404 outside one's reach
    return orientation


def _people(session: Session, ids: set[int | None]) -> dict[int | None, PersonRef]:  # None finds no one
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {u.id: PersonRef(id=id_of(u), full_name=u.full_name)
            for u in session.exec(select(User).where(col(User.id).in_(ids))).all()}


def _is_overdue(o: Orientation, today: date) -> bool:
    return o.status in OPEN and o.due_on is not None and o.due_on < today


def _to_reads(session: Session, principal: Principal, rows: list[Orientation]) -> list[OrientationRead]:
    events: dict[int, list[OrientationEvent]] = defaultdict(list)
    if rows:
        for e in session.exec(select(OrientationEvent).where(col(OrientationEvent.orientation_id).in_(
                [o.id for o in rows])).order_by(col(OrientationEvent.on), col(OrientationEvent.id))).all():
            events[e.orientation_id].append(e)
    people = _people(session, {o.responsible_id for o in rows} | {e.by_id for es in events.values() for e in es})
    partner_ids = {o.partner_organisation_id for o in rows if o.partner_organisation_id}
    partners = {p.id: Ref(id=p.id, name=p.name) for p in session.exec(
        select(Organisation).where(col(Organisation.id).in_(partner_ids))).all()} if partner_ids else {}
    kinds, today = labels(session), clock.today()
    return [OrientationRead(
        id=o.id, household_id=o.household_id, report_id=o.report_id, kind=o.kind, kind_label=kinds.get(o.kind, o.kind),
        description=o.description, partner=o.partner, partner_organisation=partners.get(o.partner_organisation_id),
        responsible=people.get(o.responsible_id), due_on=o.due_on, status=o.status, outcome=o.outcome,
        amount_obtained_eur=o.amount_obtained_eur, handed_to_referent_at=o.handed_to_referent_at,
        settled_at=o.settled_at, overdue=_is_overdue(o, today), version=o.version,
        allowed_actions=ORIENTATION_WORKFLOW.allowed_actions(o.status, principal.scopes),
        events=[OrientationEventRead(id=e.id, kind=e.kind, on=e.on, contact=e.contact, note=e.note,
                                     by=people.get(e.by_id), created_at=e.created_at) for e in events[id_of(o)]],
    ) for o in rows]


def _read(session: Session, principal: Principal, orientation: Orientation) -> OrientationRead:
    return _to_reads(session, principal, [orientation])[0]


def _check_people(session: Session, responsible_id: int | None, partner_organisation_id: int | None) -> None:
    if responsible_id is not None:
        on_team = session.exec(select(UserRole.id).join(User, col(UserRole.user_id) == User.id).where(
            UserRole.user_id == responsible_id, col(UserRole.role).in_(list(SEATS["orientation_responsible"])),
            col(User.is_active).is_(True))).first()
        if on_team is None:
            raise InvalidInput("responsible_id", "La personne responsable doit être une animatrice ou un conseiller actif.")
    if partner_organisation_id is not None and session.get(Organisation, partner_organisation_id) is None:
        raise InvalidInput("partner_organisation_id", "Organisation partenaire inconnue.")


def _open_household(household: Household) -> None:
    if household.status == HouseholdStatus.closed:
        raise Conflict("Le dossier est clos : rouvrez-le avant de reprendre le suivi.")


# --- orientations: reads and writes ---------------------------------------------------------------

def read(session: Session, principal: Principal, orientation_id: int) -> OrientationRead:
    orientation = _get(session, principal, orientation_id)
    audit.record(session, principal, "read", "orientation", orientation.id, household_id=orientation.household_id)
    return _read(session, principal, orientation)


def create(session: Session, principal: Principal, household_id: int, data: OrientationCreate) -> OrientationRead:
    household = scope.get_household(session, principal, household_id)
    _open_household(household)
    assert principal.user_id is not None  # orientations are written by people
    check_kind(session, data.kind)
    _check_people(session, data.responsible_id, data.partner_organisation_id)
    orientation = Orientation(household_id=id_of(household), created_by_id=principal.user_id,
                              **data.model_dump(exclude={"responsible_id"}),
                              responsible_id=data.responsible_id or principal.user_id)
    session.add(orientation)
    session.flush()
    audit.record(session, principal, "create", "orientation", orientation.id, household_id=household.id)
    return _read(session, principal, orientation)


def update(session: Session, principal: Principal, orientation_id: int, data: OrientationUpdate) -> OrientationRead:
    orientation = _get(session, principal, orientation_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    for required in ("description", "partner"):
        if required in changes and changes[required] is None:
            raise InvalidInput(required, "Ce champ ne peut pas être vidé.")
    _check_people(session, changes.get("responsible_id"), changes.get("partner_organisation_id"))
    claim_version(session, orientation, data.version, "L'orientation")
    for name, value in changes.items():
        setattr(orientation, name, value)
    orientation.updated_at = datetime.now(UTC)
    session.add(orientation)
    session.flush()
    audit.record(session, principal, "update", "orientation", orientation.id, household_id=orientation.household_id,
                 detail={"fields": sorted(changes)})
    return _read(session, principal, orientation)


def transition(session: Session, principal: Principal, orientation_id: int,
               request: OrientationTransition) -> OrientationRead:
    orientation = _get(session, principal, orientation_id)
    household = session.get(Household, orientation.household_id)
    assert household is not None  # a foreign key
    _open_household(household)
    target = ST(ORIENTATION_WORKFLOW.apply(orientation.status, request.action, principal.scopes))
    if request.amount_obtained_eur is not None and target != ST.obtained:
        raise InvalidInput("amount_obtained_eur", "Un montant ne s'indique que pour une aide obtenue.")
    claim_version(session, orientation, request.version, "L'orientation")
    now = datetime.now(UTC)
    orientation.status, orientation.updated_at = target, now
    if target in SETTLED_ORIENTATION_STATUSES:
        orientation.settled_at = now
        orientation.outcome = request.outcome or orientation.outcome
        orientation.amount_obtained_eur = request.amount_obtained_eur
    else:
        orientation.settled_at = None
    session.add(orientation)
    session.add(OrientationEvent(orientation_id=id_of(orientation), kind="status", on=request.on or clock.today(),
                                 note=f"{request.action} → {target}" + (f" : {request.outcome}" if request.outcome else ""),
                                 by_id=principal.user_id))
    session.flush()
    audit.record(session, principal, "transition", "orientation", orientation.id,
                 household_id=orientation.household_id, detail={"action": request.action, "to": target})
    return _read(session, principal, orientation)


def add_note(session: Session, principal: Principal, orientation_id: int, data: FollowUpNoteCreate) -> OrientationRead:
    orientation = _get(session, principal, orientation_id)
    if data.on and data.on > clock.today():
        raise InvalidInput("on", "La date d'un contact ne peut pas être dans le futur.")
    session.add(OrientationEvent(orientation_id=id_of(orientation), kind="note", on=data.on or clock.today(),
                                 contact=data.contact, note=data.note, by_id=principal.user_id))
    orientation.updated_at = datetime.now(UTC)
    session.add(orientation)
    session.flush()
    audit.record(session, principal, "create", "orientation_event", orientation.id,
                 household_id=orientation.household_id)
    return _read(session, principal, orientation)


def hand_over(session: Session, principal: Principal, orientation_id: int, data: HandoverCreate) -> OrientationRead:
    """Record that the household's social referent takes this orientation over."""
    orientation = _get(session, principal, orientation_id)
    household = session.get(Household, orientation.household_id)
    assert household is not None  # a foreign key
    if not household.social_referent_name:
        raise Conflict("Aucun référent social n'est enregistré pour ce ménage : renseignez-le d'abord.")
    if orientation.handed_to_referent_at is not None:
        raise Conflict("Cette orientation a déjà été confiée au référent social.")
    claim_version(session, orientation, data.version, "L'orientation")
    now = datetime.now(UTC)
    orientation.handed_to_referent_at = orientation.updated_at = now
    session.add(orientation)
    referent = household.social_referent_name + (f" ({household.social_referent_organisation})"
                                                 if household.social_referent_organisation else "")
    session.add(OrientationEvent(orientation_id=id_of(orientation), kind="handover", on=clock.today(), contact=referent,
                                 note=data.note or "Confiée au référent social.", by_id=principal.user_id))
    session.flush()
    audit.record(session, principal, "handover", "orientation", orientation.id, household_id=household.id)
    return _read(session, principal, orientation)


# --- the board and reminders --------------------------------------------------------------------

def board(session: Session, principal: Principal, *, status: OrientationStatus | None, responsible_id: int | None,
          unit_id: int | None, kind: str | None, due: str | None, limit: int, offset: int) -> Page[OrientationSummary]:
    today = clock.today()
    conditions: list[ColumnElement[bool]] = [followed(), scope.visible_households(principal)]
    if status is not None:
        conditions.append(col(Orientation.status) == status)
    if responsible_id is not None:
        conditions.append(col(Orientation.responsible_id) == responsible_id)
    if unit_id is not None:
        conditions.append(col(Household.unit_id) == unit_id)
    if kind:
        conditions.append(col(Orientation.kind) == kind)
    if due in ("overdue", "soon"):
        conditions.append(col(Orientation.status).in_(list(OPEN)))
        conditions.append(col(Orientation.due_on) < today if due == "overdue"
                          else col(Orientation.due_on) <= today + REMINDER_HORIZON)
    base = select(Orientation, Household, TerritorialUnit).join(Household, col(Orientation.household_id) == Household.id) \
        .join(TerritorialUnit, col(Household.unit_id) == TerritorialUnit.id, isouter=True).where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(Orientation.due_on).is_(None), col(Orientation.due_on),
                                      col(Orientation.id)).limit(limit).offset(offset)).all()
    people, kinds = _people(session, {o.responsible_id for o, _, _ in rows}), labels(session)
    audit.record(session, principal, "list", "orientation", detail={"count": len(rows)})
    return Page.of([OrientationSummary(
        id=o.id, household_id=h.id, household_name=household_service.display_name(h), commune=h.commune,
        unit=Ref(id=u.id, name=u.name) if u else None, kind=o.kind, kind_label=kinds.get(o.kind, o.kind),
        description=o.description, responsible=people.get(o.responsible_id), due_on=o.due_on, status=o.status,
        overdue=_is_overdue(o, today), updated_at=o.updated_at) for o, h, u in rows],
        total=total, limit=limit, offset=offset)


def reminders(session: Session, principal: Principal, limit: int) -> list[OrientationSummary]:
    """Overdue and coming follow-ups: one's own, or the whole team's overdue ones for managers."""
    if principal.can(Scope.team_oversee):
        return board(session, principal, status=None, responsible_id=None, unit_id=None, kind=None, due="overdue",
                     limit=limit, offset=0).items
    return board(session, principal, status=None, responsible_id=principal.user_id, unit_id=None, kind=None,
                 due="soon", limit=limit, offset=0).items


# --- the household's follow-up and closing the case ---------------------------------------------------

def works_update_reads(session: Session, household_id: int) -> list[WorksUpdateRead]:
    rows = session.exec(select(WorksUpdate, Organisation, Report)
                        .join(Organisation, col(WorksUpdate.organisation_id) == Organisation.id)
                        .join(Report, col(WorksUpdate.report_id) == Report.id)
                        .where(WorksUpdate.household_id == household_id)
                        .order_by(col(WorksUpdate.on), col(WorksUpdate.id))).all()
    return [WorksUpdateRead(
        id=w.id, report_id=w.report_id, work_priority=w.work_priority,
        work_description=next((x.get("description", "") for x in r.works if x.get("priority") == w.work_priority), ""),
        status=w.status, on=w.on, actual_cost_eur=w.actual_cost_eur, comment=w.comment,
        organisation=Ref(id=org.id, name=org.name), created_at=w.created_at) for w, org, r in rows]


def _orientations_of(session: Session, household_id: int) -> list[Orientation]:
    return list(session.exec(select(Orientation).where(Orientation.household_id == household_id, followed())
                             .order_by(col(Orientation.created_at), col(Orientation.id))).all())


def household_follow_up(session: Session, principal: Principal, household_id: int) -> HouseholdFollowUp:
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    orientations = _orientations_of(session, household.id)
    open_count = sum(1 for o in orientations if o.status in OPEN)
    audit.record(session, principal, "read", "follow_up", household.id, household_id=household.id)
    return HouseholdFollowUp(
        household_id=household.id, status=household.status, version=household.version,
        closing_summary=household.closing_summary, closed_at=household.closed_at,
        closed_by=_people(session, {household.closed_by_id}).get(household.closed_by_id),
        open_orientations=open_count, can_close=household.status == HouseholdStatus.open and open_count == 0,
        allowed_actions=household_service.case_actions(principal, household),
        orientations=_to_reads(session, principal, orientations),
        works_updates=works_update_reads(session, household.id),
        measured_impact_href=f"/api/v1/households/{household.id}/measured-impact",
    )


def close(session: Session, principal: Principal, household_id: int, data: CloseRequest) -> HouseholdFollowUp:
    """Close the case with its summary: dated for retention, its referrals settled with it."""
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    open_count = sum(1 for o in _orientations_of(session, household.id) if o.status in OPEN)
    planned = session.exec(select(func.count()).select_from(Visit).where(
        Visit.household_id == household.id, Visit.status == VisitStatus.planned)).one()
    target = household_service.CASE_WORKFLOW.apply(
        household.status, "close", principal.scopes,
        household_service.CaseContext(open_orientations=open_count, planned_visits=planned, summary=data.summary))
    claim_version(session, household, data.version, "Le ménage")
    now = datetime.now(UTC)
    household.status, household.closing_summary = HouseholdStatus(target), data.summary
    household.closed_at, household.closed_by_id, household.updated_at = now, principal.user_id, now
    session.add(household)
    session.flush()
    settled = referral_service.settle_for_case(session, principal, household.id)
    audit.record(session, principal, "close", "household", household.id, household_id=household.id,
                 detail={"action": "close", "from": HouseholdStatus.open, "to": target, "referrals_closed": settled})
    return household_follow_up(session, principal, household.id)


def reopen(session: Session, principal: Principal, household_id: int, data: ReopenRequest) -> HouseholdFollowUp:
    """Reopen a closed case: open again, no longer dated for retention, and recorded (when it had
    been closed, and by whom). The reason is free text: it stays out of the audit trail."""
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    target = household_service.CASE_WORKFLOW.apply(household.status, "reopen", principal.scopes)
    claim_version(session, household, data.version, "Le ménage")
    closed_at, closed_by = household.closed_at, household.closed_by_id
    household.status, household.closed_at, household.closed_by_id = HouseholdStatus(target), None, None
    household.updated_at = datetime.now(UTC)
    session.add(household)
    session.flush()
    audit.record(session, principal, "reopen", "household", household.id, household_id=household.id,
                 detail={"action": "reopen", "from": HouseholdStatus.closed, "to": target,
                         "closed_on": as_utc(closed_at).date().isoformat() if closed_at else None,
                         "closed_by": closed_by})
    return household_follow_up(session, principal, household.id)
