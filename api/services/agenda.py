"""The pair's shared agenda: visits, unavailability, conflicts with travel time, free slots."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from api.access import SEATS, Principal, Scope
from api.errors import Conflict, Forbidden, InvalidInput, NotFound
from api.models import (
    AdvisorAssignment,
    Household,
    HouseholdMember,
    Organisation,
    Referral,
    ReferralReasonLink,
    Report,
    TriageNote,
    Unavailability,
    User,
    UserRole,
    Visit,
    VisitStatus,
)
from api.schemas.agenda import (
    Agenda,
    AgendaEntry,
    Briefing,
    BriefingReferral,
    UnavailabilityCreate,
    UnavailabilityRead,
    VisitCreate,
    VisitHousehold,
    VisitRead,
    VisitReschedule,
    VisitStatusChange,
    VisitUpdate,
)
from api.schemas.common import PersonRef, Ref
from api.schemas.referrals import TriageNoteRead
from api.services.versioning import claim_version
from api.services import audit
from api.services import households as household_service
from api.services import referrals as referral_service
from api.services.availability import (
    BUSY_STATUSES,
    DEFAULT_ZONE,
    AgendaRules,
    check_free,
    check_visiting_time,
    local_day,
    local_range,
)
from api.services import scope
from api.services.workflow import Transition, Workflow
from api.models.base import id_of

V = VisitStatus
PAIR = frozenset({"pair"})  # the visit's coordinator or advisor
PLANNERS = frozenset({Scope.agenda_write})


@dataclass(frozen=True)
class VisitContext:
    visit: Visit
    rules: AgendaRules


def _has_started(ctx: VisitContext) -> str | None:
    if ctx.visit.starts_at <= datetime.now(UTC):
        return None
    return (f"La visite du {_when(ctx.visit.starts_at, ctx.rules)} n'a pas encore commencé : "
            "elle se marque réalisée une fois faite.")


# The visit lifecycle, in one place. « rescheduled » links the visit to its replacement (reschedule()).
VISIT_WORKFLOW = Workflow("visit", (
    Transition("mark_done", frozenset({V.planned}), V.done, PAIR | PLANNERS, guard=_has_started),
    Transition("cancel", frozenset({V.planned}), V.cancelled, PAIR | PLANNERS),
    Transition("mark_no_show", frozenset({V.planned}), V.no_show, PAIR | PLANNERS),
    Transition("reschedule", frozenset({V.planned}), V.rescheduled, PLANNERS),
))
# The status endpoint names the state to reach; the workflow names the action that reaches it.
STATUS_ACTIONS = {V.done: "mark_done", V.cancelled: "cancel", V.no_show: "mark_no_show"}


def visit_not_done(visit: Visit) -> str | None:
    """Why the work after the visit (syntheses, report) must wait, or None once the visit is done."""
    if visit.status == VisitStatus.done:
        return None
    day = local_day(visit.starts_at, DEFAULT_ZONE)
    if visit.status == VisitStatus.planned:
        return (f"La visite du {day} n'est pas encore marquée comme réalisée : "
                "marquez-la réalisée depuis la page de la visite.")
    return (f"La visite du {day} n'a pas eu lieu (état « {visit.status} ») : la synthèse et le compte-rendu "
            "se font sur une visite réalisée.")


def visit_grants(principal: Principal, visit: Visit) -> frozenset[str]:
    on_the_visit = principal.user_id is not None and principal.user_id in (visit.coordinator_id, visit.advisor_id)
    return principal.grants(*PAIR) if on_the_visit else principal.scopes


def _when(moment: datetime, rules: AgendaRules) -> str:
    local = moment.astimezone(rules.zone)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"



# --- visits --------------------------------------------------------------------------------------

def _require_seat(session: Session, user_id: int, seat: str, field: str, label: str) -> User:
    user = session.exec(select(User).join(UserRole, col(UserRole.user_id) == User.id).where(
        User.id == user_id, col(UserRole.role).in_(list(SEATS[seat])), col(User.is_active).is_(True))).first()
    if user is None:
        raise InvalidInput(field, f"Cette personne n'est pas {label} active.")
    return user


def create_visit(session: Session, principal: Principal, rules: AgendaRules, data: VisitCreate) -> VisitRead:
    """Book a planned visit, or record one that already happened (`entered_afterwards`, with its reason)."""
    household = scope.get_household(session, principal, data.household_id)
    assert household.id is not None  # a stored household
    _require_seat(session, data.coordinator_id, "visit_coordinator", "coordinator_id", "une animatrice SLIME")
    _require_seat(session, data.advisor_id, "visit_advisor", "advisor_id", "un conseiller énergie")
    referral = None
    if data.referral_id is not None:
        referral = session.get(Referral, data.referral_id)
        if referral is None or referral.household_id != household.id:
            raise InvalidInput("referral_id", "Cette demande ne concerne pas ce ménage.")
    reason = (data.afterwards_reason or "").strip()
    if data.entered_afterwards and not reason:
        raise InvalidInput("afterwards_reason", "Indiquez pourquoi la visite est saisie après coup "
                                                "(par exemple : fiche papier remise au retour).")
    if reason and not data.entered_afterwards:
        raise InvalidInput("afterwards_reason", "Le motif ne s'indique que pour une visite saisie a posteriori.")
    starts_at = data.starts_at.astimezone(UTC)
    ends_at = (data.ends_at or data.starts_at + rules.default_length).astimezone(UTC)
    _check_times(rules, referral, starts_at, ends_at, afterwards=data.entered_afterwards)
    if not data.entered_afterwards:
        _check_single_planned(session, rules, household.id)
    check_free(session, rules, [data.coordinator_id, data.advisor_id], starts_at, ends_at)
    visit = Visit(household_id=household.id, referral_id=data.referral_id, coordinator_id=data.coordinator_id,
                  advisor_id=data.advisor_id, starts_at=starts_at, ends_at=ends_at,
                  place=data.place or household_service.postal_address(household), notes=data.notes, created_by_id=principal.user_id,
                  status=V.done if data.entered_afterwards else V.planned,
                  entered_afterwards=data.entered_afterwards, afterwards_reason=reason or None)
    session.add(visit)
    session.flush()
    _give_advisor_access(session, principal, household.id, data.advisor_id)
    referral_service.advance_for_visit(session, principal, data.referral_id, "schedule")
    if data.entered_afterwards:
        referral_service.advance_for_visit(session, principal, data.referral_id, "visit_done")
        audit.record(session, principal, "create", "visit", visit.id, household_id=household.id,
                     detail={"starts_at": starts_at, "status": visit.status, "entered_afterwards": True})
    else:
        audit.record(session, principal, "create", "visit", visit.id, household_id=household.id,
                     detail={"starts_at": starts_at})
    return to_read(session, principal, visit)


def _check_times(rules: AgendaRules, referral: Referral | None, starts_at: datetime, ends_at: datetime,
                 *, afterwards: bool = False) -> None:
    """A clear 422 for a time no visit may have: a booking in the past (or a visit entered afterwards
    that has not happened yet), outside the visiting hours, too long, or before the referral came in."""
    now = datetime.now(UTC)
    if afterwards and ends_at > now:
        raise InvalidInput("starts_at", f"Une visite saisie a posteriori a déjà eu lieu : celle du "
                                        f"{_when(starts_at, rules)} n'est pas encore terminée. "
                                        "Planifiez-la sans cocher « saisie a posteriori ».")
    if not afterwards and starts_at < now:
        raise InvalidInput("starts_at", f"Une visite ne se planifie pas dans le passé (le {_when(starts_at, rules)}). "
                                        "Si elle a déjà eu lieu, cochez « saisie a posteriori » et indiquez pourquoi.")
    check_visiting_time(rules, starts_at, ends_at)
    if referral is not None and starts_at < referral.received_at:
        raise InvalidInput("starts_at", f"La visite (le {_when(starts_at, rules)}) ne peut pas précéder la réception "
                                        f"de la demande, le {_when(referral.received_at, rules)}.")


def _check_single_planned(session: Session, rules: AgendaRules, household_id: int,
                          *, replacing: int | None = None) -> None:
    """One planned visit per household at a time: another booking is a 409 pointing to the rescheduling
    of the one already planned."""
    # Serialises two bookings of one household on PostgreSQL (SQLite serialises writers anyway).
    session.exec(select(Household.id).where(Household.id == household_id).with_for_update()).first()
    existing = session.exec(select(Visit).where(
        Visit.household_id == household_id, Visit.status == V.planned, Visit.id != (replacing or 0),
    ).order_by(col(Visit.starts_at))).first()
    if existing is not None:
        raise Conflict(f"Ce ménage a déjà une visite prévue le {_when(existing.starts_at, rules)} "
                       f"(visite n° {existing.id}) : reportez-la plutôt que d'en réserver une autre.",
                       allowed=["reschedule"], record_id=existing.id)


def _give_advisor_access(session: Session, principal: Principal, household_id: int, advisor_id: int) -> None:
    exists = session.exec(select(AdvisorAssignment.id).where(
        AdvisorAssignment.household_id == household_id, AdvisorAssignment.user_id == advisor_id)).first()
    if exists is None:
        assert principal.user_id is not None  # visits are booked by people
        session.add(AdvisorAssignment(household_id=household_id, user_id=advisor_id, assigned_by_id=principal.user_id,
                                      through_visit=True))


def _release_advisor_access(session: Session, principal: Principal, household_id: int, advisor_id: int) -> None:
    """An advisor put on the household by a visit loses it once on no planned or done visit of it."""
    session.flush()
    still_on_a_visit = session.exec(select(Visit.id).where(
        Visit.household_id == household_id, Visit.advisor_id == advisor_id,
        col(Visit.status).in_([VisitStatus.planned, VisitStatus.done]))).first()
    if still_on_a_visit is not None:
        return
    assignment = session.exec(select(AdvisorAssignment).where(
        AdvisorAssignment.household_id == household_id, AdvisorAssignment.user_id == advisor_id,
        col(AdvisorAssignment.through_visit).is_(True))).first()
    if assignment is not None:
        session.delete(assignment)
        session.flush()
        audit.record(session, principal, "unassign", "household", household_id, household_id=household_id,
                     detail={"advisor_id": advisor_id, "reason": "no_visit_left"})


def _claim(session: Session, principal: Principal, visit: Visit, expected: int) -> None:
    """Compare-and-set on the visit's version; a stale one is a 409 carrying the visit as it is now."""
    claim_version(session, visit, expected, "Cette visite", lambda: to_read(session, principal, visit),
                  message="Cette visite a été modifiée entre-temps : rechargez l'agenda.")


def _planned_visit_to_replan(session: Session, principal: Principal, visit_id: int, version: int) -> Visit:
    """A planned visit that the coordination moves or changes, claimed at the version read."""
    visit = scope.get_visit(session, principal, visit_id)
    if not principal.can(Scope.agenda_write):
        raise Forbidden("Seule la coordination planifie les visites.")
    if visit.status != VisitStatus.planned:
        raise Conflict("Seule une visite prévue peut être modifiée ou reportée.",
                       allowed=VISIT_WORKFLOW.allowed_actions(visit.status, visit_grants(principal, visit)))
    _claim(session, principal, visit, version)
    return visit


def update_visit(session: Session, principal: Principal, rules: AgendaRules, visit_id: int, data: VisitUpdate) -> VisitRead:
    visit = _planned_visit_to_replan(session, principal, visit_id, data.version)
    if data.coordinator_id:
        _require_seat(session, data.coordinator_id, "visit_coordinator", "coordinator_id", "une animatrice SLIME")
        visit.coordinator_id = data.coordinator_id
    if data.advisor_id and data.advisor_id != visit.advisor_id:
        _require_seat(session, data.advisor_id, "visit_advisor", "advisor_id", "un conseiller énergie")
        previous_advisor, visit.advisor_id = visit.advisor_id, data.advisor_id
        session.add(visit)
        _give_advisor_access(session, principal, visit.household_id, data.advisor_id)
        _release_advisor_access(session, principal, visit.household_id, previous_advisor)
    if data.starts_at or data.ends_at:
        starts_at = (data.starts_at or visit.starts_at).astimezone(UTC)
        ends_at = (data.ends_at or (starts_at + (visit.ends_at - visit.starts_at))).astimezone(UTC)
        if ends_at <= starts_at:
            raise InvalidInput("ends_at", "La fin doit être après le début.")
        referral = session.get(Referral, visit.referral_id) if visit.referral_id else None
        _check_times(rules, referral, starts_at, ends_at)
        visit.starts_at, visit.ends_at = starts_at, ends_at
    if data.place is not None:
        visit.place = data.place
    if data.notes is not None:
        visit.notes = data.notes
    check_free(session, rules, [visit.coordinator_id, visit.advisor_id], visit.starts_at, visit.ends_at,
               exclude_visit_id=visit.id)
    session.add(visit)
    session.flush()
    audit.record(session, principal, "update", "visit", visit.id, household_id=visit.household_id)
    return to_read(session, principal, visit)


def change_status(session: Session, principal: Principal, rules: AgendaRules, visit_id: int,
                  data: VisitStatusChange) -> VisitRead:
    """Done, cancelled or no-show, through the visit workflow (the pair or the coordination)."""
    visit = scope.get_visit(session, principal, visit_id)
    action = STATUS_ACTIONS[VisitStatus(data.status)]
    target = VISIT_WORKFLOW.apply(visit.status, action, visit_grants(principal, visit), VisitContext(visit, rules))
    _claim(session, principal, visit, data.version)
    visit.status = VisitStatus(target)
    if data.note:
        visit.notes = (visit.notes + "\n" + data.note).strip()
    session.add(visit)
    session.flush()
    if visit.status != VisitStatus.done:
        _release_advisor_access(session, principal, visit.household_id, visit.advisor_id)
    step = "visit_done" if visit.status == VisitStatus.done else "unschedule"
    if step == "visit_done" or not _other_planned(session, visit):
        referral_service.advance_for_visit(session, principal, visit.referral_id, step)
    audit.record(session, principal, "update", "visit", visit.id, household_id=visit.household_id,
                 detail={"status": data.status, "action": action})
    return to_read(session, principal, visit)


def _other_planned(session: Session, visit: Visit) -> bool:
    return visit.referral_id is not None and session.exec(select(Visit.id).where(
        Visit.referral_id == visit.referral_id, Visit.status == VisitStatus.planned, Visit.id != visit.id)).first() is not None


def reschedule(session: Session, principal: Principal, rules: AgendaRules, visit_id: int, data: VisitReschedule) -> VisitRead:
    """The old visit becomes « rescheduled », linked to a new planned one at the new time."""
    visit = scope.get_visit(session, principal, visit_id)
    target = VISIT_WORKFLOW.apply(visit.status, "reschedule", visit_grants(principal, visit), VisitContext(visit, rules))
    _claim(session, principal, visit, data.version)
    starts_at = data.starts_at.astimezone(UTC)
    ends_at = (data.ends_at or data.starts_at + (visit.ends_at - visit.starts_at)).astimezone(UTC)
    referral = session.get(Referral, visit.referral_id) if visit.referral_id else None
    _check_times(rules, referral, starts_at, ends_at)
    _check_single_planned(session, rules, visit.household_id, replacing=visit.id)
    check_free(session, rules, [visit.coordinator_id, visit.advisor_id], starts_at, ends_at, exclude_visit_id=visit.id)
    visit.status = VisitStatus(target)
    if data.note:
        visit.notes = (visit.notes + "\n" + data.note).strip()
    session.add(visit)
    session.flush()
    new = Visit(household_id=visit.household_id, referral_id=visit.referral_id, coordinator_id=visit.coordinator_id,
                advisor_id=visit.advisor_id, starts_at=starts_at, ends_at=ends_at, place=visit.place, notes=visit.notes,
                created_by_id=principal.user_id)
    session.add(new)
    session.flush()
    visit.rescheduled_to_id = new.id
    session.add(visit)
    session.flush()
    audit.record(session, principal, "reschedule", "visit", visit.id, household_id=visit.household_id,
                 detail={"starts_at": starts_at, "visit_id": new.id})
    return to_read(session, principal, new)


def read_visit(session: Session, principal: Principal, visit_id: int) -> VisitRead:
    visit = scope.get_visit(session, principal, visit_id)
    audit.record(session, principal, "read", "visit", visit.id, household_id=visit.household_id)
    return to_read(session, principal, visit)


def visit_actions(principal: Principal, visit: Visit) -> list[str]:
    """What this principal may do with this visit, for the SPA's buttons (the services check again):
    the lifecycle's steps from the visit workflow, then edit, the briefing and the work after the visit."""
    actions = VISIT_WORKFLOW.allowed_actions(visit.status, visit_grants(principal, visit))
    if visit.status == VisitStatus.planned:
        if principal.can(Scope.agenda_write):
            actions.append("edit")
        if principal.user_id == visit.advisor_id and visit.briefing_read_at is None:
            actions.append("mark_briefing_read")
    if principal.can(Scope.diagnostics_write):
        actions.append("write_technical_diagnostic")
    if principal.can(Scope.reports_read):
        actions.append("read_syntheses")
    if principal.can(Scope.reports_compile) and visit.status == VisitStatus.done:
        actions.append("compile_report")
    return actions


def to_reads(session: Session, principal: Principal, visits: list[Visit]) -> list[VisitRead]:
    if not visits:
        return []
    households = {h.id: h for h in session.exec(select(Household).where(
        col(Household.id).in_({v.household_id for v in visits}))).all()}
    people_ids = {v.coordinator_id for v in visits} | {v.advisor_id for v in visits}
    people = {u.id: PersonRef(id=u.id, full_name=u.full_name)
              for u in session.exec(select(User).where(col(User.id).in_(people_ids))).all()}
    origins = dict(session.exec(select(Visit.rescheduled_to_id, Visit.id).where(
        col(Visit.rescheduled_to_id).in_([v.id for v in visits]))).all())
    reports: dict[int | None, int | None] = {}  # (as SQLModel types the columns; neither is ever NULL here)
    for visit_id, report_id in session.exec(select(Report.visit_id, Report.id).where(
            col(Report.visit_id).in_([v.id for v in visits])).order_by(col(Report.number))).all():
        reports[visit_id] = report_id  # ordered by number: the newest correction wins
    return [VisitRead(
        id=v.id, version=v.version,
        household=VisitHousehold(id=v.household_id, display_name=household_service.display_name(households[v.household_id]),
                                 commune=households[v.household_id].commune),
        referral_id=v.referral_id, coordinator=people[v.coordinator_id], advisor=people[v.advisor_id],
        starts_at=v.starts_at, ends_at=v.ends_at, place=v.place, status=v.status, rescheduled_to_id=v.rescheduled_to_id,
        rescheduled_from_id=origins.get(v.id), notes=v.notes, briefing_read_at=v.briefing_read_at,
        entered_afterwards=v.entered_afterwards, afterwards_reason=v.afterwards_reason,
        report_id=reports.get(v.id), allowed_actions=visit_actions(principal, v),
    ) for v in visits]


def to_read(session: Session, principal: Principal, visit: Visit) -> VisitRead:
    return to_reads(session, principal, [visit])[0]


def briefing(session: Session, principal: Principal, visit_id: int) -> Briefing:
    visit = scope.get_visit(session, principal, visit_id)
    household = session.get(Household, visit.household_id)
    assert household is not None  # a foreign key
    members = len(session.exec(select(HouseholdMember.id).where(HouseholdMember.household_id == household.id)).all())
    referral_read, note_read = None, None
    if visit.referral_id:
        referral = session.get(Referral, visit.referral_id)
        assert referral is not None  # a foreign key
        org = session.get(Organisation, referral.referring_organisation_id)
        assert org is not None  # a foreign key
        reasons = session.exec(select(ReferralReasonLink.reason).where(ReferralReasonLink.referral_id == referral.id)).all()
        referral_read = BriefingReferral(id=referral.id, referring_organisation=Ref(id=org.id, name=org.name),
                                         referrer_name=referral.referrer_name, reasons=sorted(reasons),
                                         description=referral.description, cutoff_date=referral.cutoff_date)
        note = session.exec(select(TriageNote).where(TriageNote.referral_id == referral.id)).first()
        if note:
            writer = session.get(User, note.written_by_id)
            assert writer is not None  # a foreign key
            note_read = TriageNoteRead(version=note.version, problem=note.problem,
                                       questions_for_advisor=note.questions_for_advisor,
                                       proposed_visit_date=note.proposed_visit_date,
                                       written_by=PersonRef(id=writer.id, full_name=writer.full_name),
                                       written_at=note.written_at)
    audit.record(session, principal, "read", "briefing", visit.id, household_id=household.id)
    return Briefing(visit=to_read(session, principal, visit), household_phone=household.phone, address=household_service.postal_address(household),
                    members_count=members, referral=referral_read, triage_note=note_read)


def mark_briefing_read(session: Session, principal: Principal, visit_id: int) -> VisitRead:
    visit = scope.get_visit(session, principal, visit_id)
    if principal.user_id != visit.advisor_id:
        raise Forbidden("Seul le conseiller de la visite marque le briefing comme lu.")
    if visit.briefing_read_at is None:
        visit.briefing_read_at = datetime.now(UTC)
        session.add(visit)
        session.flush()
    return to_read(session, principal, visit)


# --- agenda view and unavailability ----------------------------------------------------------------

def agenda(session: Session, principal: Principal, rules: AgendaRules, user_ids: list[int],
           first_day: date, last_day: date) -> Agenda:
    start, end = local_range(rules, first_day, last_day)
    users = session.exec(select(User).where(col(User.id).in_(user_ids)).order_by(col(User.full_name))).all()
    if len(users) != len(set(user_ids)):
        raise NotFound("Personne introuvable.")
    visits = session.exec(select(Visit).where(
        or_(col(Visit.coordinator_id).in_(user_ids), col(Visit.advisor_id).in_(user_ids)),
        col(Visit.status).in_(BUSY_STATUSES), Visit.starts_at < end, Visit.ends_at > start,
    ).order_by(col(Visit.starts_at))).all()
    readable = set(session.exec(select(Visit.id).where(
        col(Visit.id).in_([v.id for v in visits]), scope.visible_visits(principal))).all())
    reads = {r.id: r for r in to_reads(session, principal, [v for v in visits if v.id in readable])}
    entries = [AgendaEntry(
        kind="visit", id=v.id, user_ids=sorted({v.coordinator_id, v.advisor_id} & set(user_ids)),
        starts_at=v.starts_at, ends_at=v.ends_at, status=v.status,
        title=(f"Visite {reads[v.id].household.display_name} ({reads[v.id].household.commune})"
               if v.id in reads else "Occupé"),
        household_id=v.household_id if v.id in reads else None,
    ) for v in visits]
    blocks = session.exec(select(Unavailability).where(
        col(Unavailability.user_id).in_(user_ids), Unavailability.starts_at < end, Unavailability.ends_at > start)).all()
    entries += [AgendaEntry(kind="unavailability", id=b.id, user_ids=[b.user_id], starts_at=b.starts_at,
                            ends_at=b.ends_at, title=b.label or "Indisponible", status=b.kind, household_id=None)
                for b in blocks]
    entries.sort(key=lambda e: (e.starts_at, e.kind, e.id))
    if readable:
        # A selected primary key is never NULL; SQLModel types the column `int | None`.
        audit.record(session, principal, "list", "visit", detail={"purpose": "agenda", "ids": sorted(readable)})  # type: ignore[type-var]
    return Agenda(start=first_day, end=last_day, people=[PersonRef(id=u.id, full_name=u.full_name) for u in users],
                  entries=entries)


def add_unavailability(session: Session, principal: Principal, data: UnavailabilityCreate) -> UnavailabilityRead:
    user_id = data.user_id or principal.user_id
    if user_id != principal.user_id and not principal.can(Scope.agenda_write):
        raise Forbidden("Vous ne pouvez saisir que vos propres indisponibilités.")
    user = session.get(User, user_id)
    if user is None:
        raise InvalidInput("user_id", "Personne inconnue.")
    block = Unavailability(user_id=id_of(user), starts_at=data.starts_at.astimezone(UTC), ends_at=data.ends_at.astimezone(UTC),
                           kind=data.kind, label=data.label)
    session.add(block)
    session.flush()
    audit.record(session, principal, "create", "unavailability", block.id)
    return UnavailabilityRead(id=block.id, user=PersonRef(id=user.id, full_name=user.full_name), starts_at=block.starts_at,
                              ends_at=block.ends_at, kind=block.kind, label=block.label)


def delete_unavailability(session: Session, principal: Principal, block_id: int) -> None:
    block = session.get(Unavailability, block_id)
    if block is None or (block.user_id != principal.user_id and not principal.can(Scope.agenda_write)):
        raise NotFound("Indisponibilité introuvable.")
    session.delete(block)
    session.flush()
    audit.record(session, principal, "delete", "unavailability", block_id)


def upcoming_visits(session: Session, principal: Principal, start: datetime, end: datetime,
                    *, own_only: bool = True) -> list[Visit]:
    conditions = [col(Visit.starts_at) >= start, col(Visit.starts_at) < end, col(Visit.status) == VisitStatus.planned,
                  scope.visible_visits(principal)]
    if own_only:
        conditions.append(or_(col(Visit.coordinator_id) == principal.user_id, col(Visit.advisor_id) == principal.user_id))
    return list(session.exec(select(Visit).where(*conditions).order_by(col(Visit.starts_at))).all())
