"""Referrals: submission, the lifecycle, triage calls and notes, and linking duplicates."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, or_
from sqlmodel import Session, col, select

from api.access import Principal, Scope
from api.errors import Conflict, InvalidInput, StaleVersion
from api.models import (
    CallAttempt,
    CallOutcome,
    Household,
    Organisation,
    Referral,
    ReferralChannel,
    ReferralReason,
    ReferralReasonLink,
    ReferralStatus,
    ReferralTransition,
    TerritorialUnit,
    TriageNote,
    User,
    Visit,
    VisitStatus,
)
from api.models.base import as_utc, id_of
from api.schemas.common import Page, PersonRef, Ref
from api.schemas.referrals import (
    CallAttemptCreate,
    CallAttemptRead,
    LinkHousehold,
    ReferralCreate,
    ReferralRead,
    ReferralReceipt,
    ReferralSummary,
    ReferralTransitionRequest,
    ReferralStep,
    ReferrerReferralDetail,
    ReferrerReferralView,
    TransitionRead,
    TriageNoteRead,
    TriageNoteWrite,
)
from api.services.versioning import claim_version
from api.services import audit
from api.services import households as household_service
from api.services import idempotency, notifications
from api.services.text import fold, like_pattern
from api.services.workflow import Transition, Workflow
from api.services import scope

S = ReferralStatus
TRIAGE = frozenset({Scope.referrals_triage})
SYSTEM: frozenset[str] = frozenset()  # steps that follow the agenda, never taken by hand


@dataclass(frozen=True)
class TransitionContext:
    session: Session
    referral: Referral
    request: ReferralTransitionRequest | None
    unreachable_after: int


def _needs_triage_note(ctx: TransitionContext) -> str | None:
    exists = ctx.session.exec(select(TriageNote.id).where(TriageNote.referral_id == ctx.referral.id)).first()
    return None if exists else "Rédigez d'abord la fiche de note de l'appel."


def _needs_failed_calls(ctx: TransitionContext) -> str | None:
    failed = ctx.session.exec(select(func.count()).select_from(CallAttempt).where(
        CallAttempt.referral_id == ctx.referral.id, CallAttempt.outcome != CallOutcome.reached)).one()
    if failed < ctx.unreachable_after:
        return (f"Au moins {ctx.unreachable_after} appels sans réponse sont nécessaires "
                f"({failed} enregistré(s) pour l'instant).")
    return None


def _needs_reason(ctx: TransitionContext) -> str | None:
    return None if ctx.request and ctx.request.reason and ctx.request.reason.strip() else \
        "Indiquez pourquoi la demande est hors champ."


def _needs_original(ctx: TransitionContext) -> str | None:
    if not ctx.request or not ctx.request.duplicate_of_id or ctx.request.duplicate_of_id == ctx.referral.id:
        return "Indiquez la demande dont celle-ci est le doublon."
    if ctx.session.get(Referral, ctx.request.duplicate_of_id) is None:
        return "La demande d'origine est introuvable."
    return None


OPEN = frozenset({S.received, S.contacted})
# The referral lifecycle, in one place. Non-manual steps follow the case: a visit booked, cancelled or
# done, its report sent, the case closed.
REFERRAL_WORKFLOW = Workflow("referral", (
    Transition("contact", frozenset({S.received}), S.contacted, TRIAGE, guard=_needs_triage_note),
    Transition("schedule", frozenset({S.contacted}), S.visit_scheduled, SYSTEM, manual=False),
    Transition("unschedule", frozenset({S.visit_scheduled}), S.contacted, SYSTEM, manual=False),
    Transition("visit_done", frozenset({S.visit_scheduled}), S.visited, SYSTEM, manual=False),
    Transition("send_report", frozenset({S.visited}), S.report_sent, SYSTEM, manual=False),
    Transition("close", frozenset({S.visited, S.report_sent}), S.closed, TRIAGE),
    # The case (the household's file) was closed: its referrals still in progress are settled with it.
    Transition("case_closed", frozenset({S.received, S.contacted, S.visit_scheduled, S.visited, S.report_sent}),
               S.closed, SYSTEM, manual=False),
    Transition("decline", frozenset({S.received, S.contacted, S.visit_scheduled}), S.declined, TRIAGE),
    Transition("mark_unreachable", OPEN, S.unreachable, TRIAGE, guard=_needs_failed_calls),
    Transition("mark_out_of_scope", OPEN, S.out_of_scope, TRIAGE, guard=_needs_reason, needs_input=True),
    Transition("mark_duplicate", OPEN, S.duplicate, TRIAGE, guard=_needs_original, needs_input=True),
    Transition("reopen", frozenset({S.declined, S.unreachable, S.out_of_scope}), S.received, TRIAGE),
))


# --- submission -----------------------------------------------------------------------------

def create_referral(session: Session, principal: Principal, data: ReferralCreate) -> ReferralReceipt:
    # The author and their organisation in one query (an alert giver refers on behalf of it).
    found = session.exec(select(User, Organisation).join(Organisation, col(User.organisation_id) == Organisation.id,
                                                         isouter=True).where(User.id == principal.user_id)).first()
    assert found is not None  # referrals are written by people (no integration holds these scopes)
    user, own_org = found
    triaging = principal.can(Scope.referrals_triage)
    if triaging:
        if data.referring_organisation_id is None or data.referrer_name is None:
            raise InvalidInput("referring_organisation_id",
                               "Pour une demande reçue par téléphone ou courrier, indiquez l'organisme et la personne qui oriente.")
        org = session.get(Organisation, data.referring_organisation_id)
        if org is None:
            raise InvalidInput("referring_organisation_id", "Organisme inconnu.")
        channel, referrer_user_id, name = data.channel or ReferralChannel.phone, None, data.referrer_name
    else:
        if data.household_id is not None:
            raise InvalidInput("household_id", "Décrivez le ménage : seule l'équipe SLIME peut rattacher un ménage existant.")
        org = own_org
        assert org is not None  # an alert giver belongs to their organisation
        # The channel, honestly: the server cannot tell the SPA's form from a script holding the same
        # account's token, so the SPA says `channel: "form"` and whatever does not say so came through
        # the API. An alert giver only ever submits by form or API (phone, paper, email are the team's).
        channel, referrer_user_id, name = data.channel or ReferralChannel.api, user.id, user.full_name
        if channel not in (ReferralChannel.form, ReferralChannel.api):
            raise InvalidInput("channel", "Une demande adressée en ligne arrive par le formulaire (form) ou l'API (api).")

    if data.household_id is not None:
        household = scope.get_household(session, principal, data.household_id)
    else:
        assert data.household is not None  # ReferralCreate requires one or the other
        household = household_service.create_household_shell(session, principal, data.household)

    referral = Referral(
        household_id=id_of(household), channel=channel, referring_organisation_id=id_of(org),
        referrer_user_id=referrer_user_id, referrer_name=name,
        referrer_phone=data.referrer_phone or (user.phone if not triaging else None),
        referrer_email=data.referrer_email or (user.email if not triaging else None),
        description=data.description, cutoff_date=data.cutoff_date,
        cutoff_risk=ReferralReason.unpaid_cutoff_risk in data.reasons or data.cutoff_date is not None,
        contact_consent=data.contact_consent, created_by_id=user.id,
    )
    session.add(referral)
    session.flush()
    session.add_all(ReferralReasonLink(referral_id=id_of(referral), reason=r) for r in sorted(set(data.reasons)))
    audit.record(session, principal, "create", "referral", referral.id, household_id=household.id,
                 detail={"channel": channel})
    notifications.notify_referral_received(session, principal, referral)
    return ReferralReceipt(id=referral.id, status=referral.status, received_at=referral.received_at,
                           household_id=household.id, household_name=household_service.display_name(household))


# --- lists ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferralFilters:
    status: ReferralStatus | None = None
    q: str | None = None
    unit_id: int | None = None
    reason: ReferralReason | None = None
    call_priority: bool = False  # cut-off risk first, then oldest


def list_referrals(session: Session, principal: Principal, filters: ReferralFilters,
                   *, limit: int, offset: int) -> Page[ReferralSummary]:
    conditions: list[ColumnElement[bool]] = [scope.visible_referrals(principal)]
    if filters.status:
        conditions.append(col(Referral.status) == filters.status)
    if filters.unit_id:
        conditions.append(col(Household.unit_id) == filters.unit_id)
    if filters.reason:
        conditions.append(col(Referral.id).in_(
            select(ReferralReasonLink.referral_id).where(ReferralReasonLink.reason == filters.reason)))
    for word in fold(filters.q or "").split():
        conditions.append(or_(col(Household.search_name).like(like_pattern(word), escape="\\"),
                              func.lower(Household.commune).like(like_pattern(word), escape="\\")))
    base = select(Referral).join(Household, col(Referral.household_id) == Household.id).where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    order: tuple[Any, ...]
    if filters.call_priority:
        order = (col(Referral.cutoff_risk).desc(), case((col(Referral.cutoff_date).is_(None), 1), else_=0),
                 col(Referral.cutoff_date), col(Referral.received_at), col(Referral.id))
    else:
        order = (col(Referral.received_at).desc(), col(Referral.id).desc())
    referrals = session.exec(base.order_by(*order).limit(limit).offset(offset)).all()
    items = summaries(session, list(referrals))
    audit.record(session, principal, "list", "referral", detail={"count": len(items)})
    return Page.of(items, total=total, limit=limit, offset=offset)


def summaries(session: Session, referrals: list[Referral]) -> list[ReferralSummary]:
    """Summaries for a page of referrals, in a fixed number of queries."""
    if not referrals:
        return []
    ids = [id_of(r) for r in referrals]
    households = {h.id: h for h in session.exec(
        select(Household).where(col(Household.id).in_({r.household_id for r in referrals}))).all()}
    units = {u.id: u for u in session.exec(select(TerritorialUnit)).all()}
    orgs = {o.id: o for o in session.exec(select(Organisation).where(
        col(Organisation.id).in_({r.referring_organisation_id for r in referrals}))).all()}
    reasons: dict[int, list[ReferralReason]] = defaultdict(list)
    for rid, reason in session.exec(select(ReferralReasonLink.referral_id, ReferralReasonLink.reason)
                                    .where(col(ReferralReasonLink.referral_id).in_(ids))).all():
        reasons[rid].append(ReferralReason(reason))
    calls = dict(session.exec(select(CallAttempt.referral_id, func.count()).where(
        col(CallAttempt.referral_id).in_(ids)).group_by(col(CallAttempt.referral_id))).all())
    result = []
    for r in referrals:
        h = households[r.household_id]
        unit = units.get(h.unit_id) if h.unit_id else None
        org = orgs[r.referring_organisation_id]
        result.append(ReferralSummary(
            id=r.id, status=r.status, household_id=h.id, household_name=household_service.display_name(h),
            commune=h.commune, unit=Ref(id=unit.id, name=unit.name) if unit else None,
            outside_units=unit is None, referring_organisation=Ref(id=org.id, name=org.name), reasons=sorted(reasons[id_of(r)]),
            cutoff_risk=r.cutoff_risk, cutoff_date=r.cutoff_date, received_at=r.received_at,
            status_changed_at=r.status_changed_at, call_attempts=calls.get(id_of(r), 0),
        ))
    return result


def list_my_referrals(session: Session, principal: Principal, *, limit: int, offset: int) -> Page[ReferrerReferralView]:
    mine = scope.submitted_by(principal)
    total = session.exec(select(func.count()).select_from(Referral).where(mine)).one()
    rows = session.exec(
        select(Referral, Household).join(Household, col(Referral.household_id) == Household.id)
        .where(mine).order_by(col(Referral.received_at).desc(), col(Referral.id).desc()).limit(limit).offset(offset)
    ).all()
    visits = _next_visits(session, [id_of(r) for r, _ in rows])
    items = [ReferrerReferralView(
        id=r.id, household_name=household_service.display_name(h), commune=h.commune, status=r.status,
        received_at=r.received_at, status_changed_at=r.status_changed_at,
        visit_date=visits[r.id].date() if r.id in visits else None,
    ) for r, h in rows]
    return Page.of(items, total=total, limit=limit, offset=offset)


def _next_visits(session: Session, referral_ids: list[int]) -> dict[int, datetime]:
    if not referral_ids:
        return {}
    rows = session.exec(select(Visit.referral_id, func.min(Visit.starts_at)).where(
        col(Visit.referral_id).in_(referral_ids), Visit.status == VisitStatus.planned,
    ).group_by(col(Visit.referral_id))).all()
    return {rid: at.replace(tzinfo=UTC) if at.tzinfo is None else at for rid, at in rows
            if rid is not None and at is not None}


# --- one referral ---------------------------------------------------------------------------

def read_referral(session: Session, principal: Principal, referral_id: int, *,
                  unreachable_after: int | None = None) -> ReferralRead:
    referral = scope.get_referral(session, principal, referral_id)
    audit.record(session, principal, "read", "referral", referral.id, household_id=referral.household_id)
    return to_read(session, principal, referral, unreachable_after=unreachable_after)


def to_read(session: Session, principal: Principal, referral: Referral, *,
            unreachable_after: int | None = None) -> ReferralRead:
    """With the call threshold known, the actions offered are those the record allows now (no
    « injoignable » before enough unanswered calls, no « contactée » before the triage note)."""
    summary = summaries(session, [referral])[0]
    household = session.get(Household, referral.household_id)
    assert household is not None and referral.id is not None  # a foreign key; a stored referral
    people = _people(session, referral.id)
    note = session.exec(select(TriageNote).where(TriageNote.referral_id == referral.id)).first()
    calls = session.exec(select(CallAttempt).where(CallAttempt.referral_id == referral.id)
                         .order_by(col(CallAttempt.at), col(CallAttempt.id))).all()
    history = session.exec(select(ReferralTransition).where(ReferralTransition.referral_id == referral.id)
                           .order_by(col(ReferralTransition.at), col(ReferralTransition.id))).all()
    triaging = principal.can(Scope.referrals_triage)
    duplicates = household_service.find_duplicates(
        session, principal, last_name=household.last_name, commune=household.commune, phone=household.phone,
        exclude_id=household.id) if triaging and referral.status in OPEN else []
    next_visit = _next_visits(session, [referral.id]).get(referral.id)
    return ReferralRead(
        **summary.model_dump(), version=referral.version, channel=referral.channel,
        referrer_name=referral.referrer_name, referrer_phone=referral.referrer_phone,
        referrer_email=referral.referrer_email, household_phone=household.phone, description=referral.description,
        contact_consent=referral.contact_consent, out_of_scope_reason=referral.out_of_scope_reason,
        duplicate_of_id=referral.duplicate_of_id,
        triage_note=TriageNoteRead(
            version=note.version, problem=note.problem, questions_for_advisor=note.questions_for_advisor,
            proposed_visit_date=note.proposed_visit_date, written_by=people[note.written_by_id],
            written_at=note.written_at) if note else None,
        calls=[CallAttemptRead(id=c.id, at=c.at, outcome=c.outcome, note=c.note, by=people[c.by_user_id]) for c in calls],
        history=[TransitionRead(action=t.action, from_status=t.from_status, to_status=t.to_status,
                                by=people.get(t.by_user_id), at=t.at, note=t.note) for t in history],
        allowed_actions=REFERRAL_WORKFLOW.allowed_actions(
            referral.status, principal.scopes,
            context=TransitionContext(session, referral, None, unreachable_after) if unreachable_after else None),
        possible_duplicates=duplicates, next_visit_at=next_visit,
    )


def _people(session: Session, referral_id: int) -> dict[int | None, PersonRef]:  # None (the system) finds no one
    ids = select(CallAttempt.by_user_id).where(CallAttempt.referral_id == referral_id).union(
        select(ReferralTransition.by_user_id).where(ReferralTransition.referral_id == referral_id),
        select(TriageNote.written_by_id).where(TriageNote.referral_id == referral_id))
    users = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {id_of(u): PersonRef(id=id_of(u), full_name=u.full_name) for u in users}


# --- lifecycle ------------------------------------------------------------------------------

def _claim_version(session: Session, referral: Referral, expected: int) -> None:
    claim_version(session, referral, expected, "Cette demande",
                  message="Cette demande a été modifiée entre-temps : rechargez-la.")


def _move(session: Session, principal: Principal | None, referral: Referral, action: str, target: str,
          note: str = "") -> None:
    now = datetime.now(UTC)
    session.add(ReferralTransition(referral_id=id_of(referral), action=action, from_status=referral.status,
                                   to_status=ReferralStatus(target), by_user_id=principal.user_id if principal else None, at=now,
                                   note=note))
    referral.status = ReferralStatus(target)
    referral.status_changed_at = now
    session.add(referral)
    session.flush()
    audit.record(session, principal, "transition", "referral", referral.id, household_id=referral.household_id,
                 detail={"action": action, "to": target})


def transition(session: Session, principal: Principal, referral_id: int, request: ReferralTransitionRequest,
               *, unreachable_after: int) -> ReferralRead:
    referral = scope.get_referral(session, principal, referral_id)
    if referral.version != request.version:
        raise StaleVersion("Cette demande a été modifiée entre-temps : rechargez-la.")
    target = REFERRAL_WORKFLOW.apply(referral.status, request.action, principal.scopes,
                                     TransitionContext(session, referral, request, unreachable_after))
    _claim_version(session, referral, request.version)
    if request.action == "mark_out_of_scope":
        referral.out_of_scope_reason = request.reason
    if request.action == "mark_duplicate":
        referral.duplicate_of_id = request.duplicate_of_id
    _move(session, principal, referral, request.action, target, request.note)
    return to_read(session, principal, referral, unreachable_after=unreachable_after)


def _follow(session: Session, principal: Principal | None, referral: Referral | None, action: str) -> bool:
    """Take a system step if it applies from where the referral stands (otherwise nothing happens).
    `principal` is None when the system itself moves on (the outbox delivering the last copy)."""
    grants = principal.scopes if principal else frozenset()
    if referral is None or action not in REFERRAL_WORKFLOW.allowed_actions(referral.status, grants, manual_only=False):
        return False
    target = REFERRAL_WORKFLOW.apply(referral.status, action, grants, by_hand=False)
    referral.version += 1
    _move(session, principal, referral, action, target)
    return True


def advance_for_visit(session: Session, principal: Principal, referral_id: int | None, action: str) -> None:
    """Side effect of the agenda (booked, done, cancelled): move the referral if the step applies."""
    if referral_id is not None:
        _follow(session, principal, session.get(Referral, referral_id), action)


def advance_for_report(session: Session, principal: Principal | None, referral_id: int | None) -> None:
    """Side effect of a report becoming « sent »: the referral that led to the visit says so."""
    if referral_id is not None:
        _follow(session, principal, session.get(Referral, referral_id), "send_report")


def settle_for_case(session: Session, principal: Principal, household_id: int) -> int:
    """Side effect of closing the case: every referral of the household still in progress is closed
    (so it leaves the calls to make and every worklist). Returns how many were settled."""
    referrals = session.exec(select(Referral).where(Referral.household_id == household_id)
                             .order_by(col(Referral.id))).all()
    return sum(_follow(session, principal, r, "case_closed") for r in referrals)


# --- what the alert giver sees of a referral they made ------------------------------------------

# The steps an alert giver follows, in order; a referral that ends otherwise (declined, unreachable,
# out of scope, duplicate) shows the steps it reached, then that outcome.
PATH = (S.received, S.contacted, S.visit_scheduled, S.visited, S.report_sent, S.closed)


def referrer_steps(received_at: datetime, history: list[ReferralTransition], status: ReferralStatus,
                   zone: ZoneInfo) -> list[ReferralStep]:
    """Each step with the (local) date it was last reached, on the way to where the referral stands."""
    reached: dict[ReferralStatus, datetime] = {S.received: received_at}
    for t in history:  # in order: a step taken again (after a cancelled visit, a reopening) keeps its last date
        reached[ReferralStatus(t.to_status)] = t.at
    current_at = reached.get(status, received_at)
    if status in PATH:
        names = [s for s in PATH[:PATH.index(status) + 1] if s in reached]
    else:
        names = [s for s in PATH if s in reached and reached[s] <= current_at] + [status]
    return [ReferralStep(status=s, on=as_utc(reached[s]).astimezone(zone).date()) for s in names]


def read_mine(session: Session, principal: Principal, referral_id: int, zone: ZoneInfo) -> ReferrerReferralDetail:
    referral = scope.get_submitted_referral(session, principal, referral_id)
    household = session.get(Household, referral.household_id)
    assert household is not None and referral.id is not None  # a foreign key; a stored referral
    history = list(session.exec(select(ReferralTransition).where(ReferralTransition.referral_id == referral.id)
                                .order_by(col(ReferralTransition.at), col(ReferralTransition.id))).all())
    reasons = session.exec(select(ReferralReasonLink.reason).where(ReferralReasonLink.referral_id == referral.id)).all()
    visit = _next_visits(session, [referral.id]).get(referral.id)
    audit.record(session, principal, "read", "referral", referral.id, household_id=referral.household_id,
                 detail={"view": "referrer"})
    return ReferrerReferralDetail(
        id=referral.id, household_name=household_service.display_name(household), commune=household.commune,
        reasons=sorted(ReferralReason(r) for r in reasons), description=referral.description,
        status=referral.status, received_at=referral.received_at, status_changed_at=referral.status_changed_at,
        visit_date=visit.astimezone(zone).date() if visit else None,
        steps=referrer_steps(referral.received_at, history, referral.status, zone),
    )


# --- calls, triage note, linking ------------------------------------------------------------

def add_call(session: Session, principal: Principal, referral_id: int, data: CallAttemptCreate) -> CallAttemptRead:
    referral = scope.get_referral(session, principal, referral_id)
    if referral.status not in OPEN:
        raise Conflict("Les appels se notent tant que la demande est à traiter (reçue ou contactée).")
    at = data.at or datetime.now(UTC)
    if at.tzinfo is None:
        raise InvalidInput("at", "Indiquez le fuseau horaire (par exemple 2026-11-28T10:30:00+01:00).")
    if at > datetime.now(UTC):
        raise InvalidInput("at", "Un appel ne peut pas être daté dans le futur.")
    assert principal.user_id is not None  # calls are made by people
    call = CallAttempt(referral_id=id_of(referral), at=at, outcome=data.outcome, note=data.note, by_user_id=principal.user_id)
    session.add(call)
    session.flush()
    audit.record(session, principal, "create", "call_attempt", call.id, household_id=referral.household_id,
                 detail={"outcome": data.outcome})
    user = session.get(User, principal.user_id)
    assert user is not None  # the caller
    return CallAttemptRead(id=call.id, at=call.at, outcome=call.outcome, note=call.note,
                           by=PersonRef(id=user.id, full_name=user.full_name))


def write_triage_note(session: Session, principal: Principal, referral_id: int, data: TriageNoteWrite) -> ReferralRead:
    referral = scope.get_referral(session, principal, referral_id)
    assert principal.user_id is not None  # triage notes are written by people
    note = session.exec(select(TriageNote).where(TriageNote.referral_id == referral.id)).first()
    if note is None:
        note = TriageNote(referral_id=id_of(referral), problem=data.problem, questions_for_advisor=data.questions_for_advisor,
                          proposed_visit_date=data.proposed_visit_date, written_by_id=principal.user_id)
    else:
        claim_version(session, note, data.version, "La fiche de note",
                      message="La fiche de note a été modifiée entre-temps : rechargez-la.")
        note.problem, note.questions_for_advisor = data.problem, data.questions_for_advisor
        note.proposed_visit_date, note.written_by_id = data.proposed_visit_date, principal.user_id
        note.written_at = datetime.now(UTC)
    session.add(note)
    session.flush()
    audit.record(session, principal, "update", "triage_note", note.id, household_id=referral.household_id)
    if referral.status == ReferralStatus.received:
        # Writing the note after the call is what "contacted" means.
        referral.version += 1
        _move(session, principal, referral, "contact", ReferralStatus.contacted)
    return to_read(session, principal, referral)


def link_household(session: Session, principal: Principal, referral_id: int, data: LinkHousehold) -> ReferralRead:
    """Attach the referral to an existing household; the shell created with it goes if nothing else uses it."""
    referral = scope.get_referral(session, principal, referral_id)
    if referral.version != data.version:
        raise StaleVersion("Cette demande a été modifiée entre-temps : rechargez-la.")
    if referral.status not in OPEN:
        raise Conflict("Le ménage ne se change plus une fois la visite planifiée.")
    target = scope.get_household(session, principal, data.household_id)
    assert target.id is not None  # a stored household
    if target.id == referral.household_id:
        raise InvalidInput("household_id", "La demande est déjà rattachée à ce ménage.")
    _claim_version(session, referral, data.version)
    previous = referral.household_id
    referral.household_id = target.id
    session.add(referral)
    session.flush()
    if household_service.delete_if_unused_shell(session, principal, previous):
        idempotency.move_household(session, previous, target.id)
    audit.record(session, principal, "link", "referral", referral.id, household_id=target.id,
                 detail={"household_id": target.id, "previous_household_id": previous})
    return to_read(session, principal, referral)
