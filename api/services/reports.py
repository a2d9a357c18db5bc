"""The report (compte-rendu): compiled from both final syntheses, validated by a manager who did
not write it, frozen once validated (a correction is a new version). Its documents and their
sending to each recipient are `report_delivery`."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from api.access import Principal, Scope
from api.energy.reference import MissingReference, ReferenceData, ReferenceRow
from api.errors import AppError, Conflict, Forbidden
from api.models import (
    ConsentPurpose,
    Delivery,
    Household,
    Orientation,
    Report,
    ReportStatus,
    Synthesis,
    SynthesisKind,
    SynthesisStatus,
    User,
    Visit,
)
from api.schemas.analysis import Analysis
from api.schemas.common import Page, PersonRef
from api.schemas.diagnostics import PlannedWork
from api.schemas.reports import (
    DeliveryRead,
    FrozenFiguresRead,
    FrozenReferenceRow,
    OrientationIn,
    OrientationRead,
    QueueItem,
    ReportCreate,
    ReportRead,
    ReportUpdate,
    TransitionRequest,
)
from api.services import analysis as analysis_service
from api.services import audit, followup, notifications, reference_data, scope, works
from api.services import households as household_service
from api.services.agenda import visit_not_done
from api.services.availability import DEFAULT_ZONE
from api.services.versioning import claim_version
from api.services.workflow import Transition, Workflow
from api.models.base import id_of

R = ReportStatus
AUTHOR = frozenset({"author"})
MANAGERS = frozenset({Scope.reports_validate})


@dataclass(frozen=True)
class ReportContext:
    visit: Visit
    request: TransitionRequest | None = None


def _needs_reason(ctx: ReportContext) -> str | None:
    return None if ctx.request and ctx.request.reason and ctx.request.reason.strip() else \
        "Indiquez pourquoi le compte-rendu est renvoyé."


def _visit_done(ctx: ReportContext) -> str | None:
    return visit_not_done(ctx.visit)


REPORT_WORKFLOW = Workflow("report", (
    Transition("submit", frozenset({R.draft, R.returned}), R.submitted, AUTHOR, guard=_visit_done),
    Transition("validate", frozenset({R.submitted}), R.validated, MANAGERS, guard=_visit_done),
    Transition("return", frozenset({R.submitted}), R.returned, MANAGERS, guard=_needs_reason, needs_input=True),
    Transition("mark_sent", frozenset({R.validated}), R.sent, frozenset(), manual=False, guard=_visit_done),
))


def _grants(principal: Principal, report: Report) -> frozenset[str]:
    return principal.grants(*AUTHOR) if principal.user_id == report.author_id else principal.scopes


def report_actions(session: Session, principal: Principal, report: Report) -> list[str]:
    """The lifecycle's steps open to the reader, then edit (its author, before submission), send and
    correct (once validated), as the services below check them."""
    actions = REPORT_WORKFLOW.allowed_actions(report.status, _grants(principal, report))
    if principal.user_id == report.author_id and report.status in (R.draft, R.returned):
        actions.append("edit")
    if report.status in (R.validated, R.sent):
        if principal.can(Scope.reports_send):
            actions.append("send")
        corrected = session.exec(select(Report.id).where(Report.previous_id == report.id)).first() is not None
        if not corrected and (principal.user_id == report.author_id or principal.can(Scope.reports_compile)):
            actions.append("correct")
    return actions


def _current_consents(session: Session, household_id: int) -> dict[ConsentPurpose, bool]:
    return {purpose: household_service.has_current_consent(session, household_id, purpose)
            for purpose in (ConsentPurpose.share_with_prescriber, ConsentPurpose.share_with_landlord)}


def to_read(session: Session, principal: Principal, report: Report) -> ReportRead:
    household = session.get(Household, report.household_id)
    visit = session.get(Visit, report.visit_id)
    assert household is not None and household.id is not None and visit is not None  # foreign keys
    people_ids = {report.author_id, report.validated_by_id} - {None}
    deliveries = session.exec(select(Delivery).where(Delivery.report_id == report.id).order_by(col(Delivery.id))).all()
    people_ids |= {d.by_id for d in deliveries if d.by_id}
    people = {u.id: PersonRef(id=u.id, full_name=u.full_name)
              for u in session.exec(select(User).where(col(User.id).in_(people_ids))).all()}
    orientations = session.exec(select(Orientation).where(Orientation.report_id == report.id)
                                .order_by(col(Orientation.id))).all()
    kinds = followup.labels(session)
    return ReportRead(
        id=report.id, household_id=household.id, household_name=household_service.display_name(household),
        visit_id=visit.id, visit_date=visit.starts_at, number=report.number, previous_id=report.previous_id,
        status=report.status, version=report.version, author=people[report.author_id],
        introduction=report.introduction, family_synthesis=report.family_synthesis,
        technical_synthesis=report.technical_synthesis, works=[PlannedWork.model_validate(w) for w in report.works],
        orientations=[OrientationRead(id=o.id, kind=o.kind, kind_label=kinds.get(o.kind, o.kind),
                                      description=o.description, partner=o.partner, status=o.status)
                      for o in orientations],
        submitted_at=report.submitted_at, validated_by=people.get(report.validated_by_id),
        validated_at=report.validated_at, returned_reason=report.returned_reason,
        complementary_opinion=report.complementary_opinion, sent_at=report.sent_at,
        allowed_actions=report_actions(session, principal, report),
        deliveries=[DeliveryRead(id=d.id, recipient=d.recipient, channel=d.channel, address=d.address, status=d.status,
                                 error=d.error, attempts=d.attempts, at=d.at, delivered_at=d.delivered_at,
                                 by=people.get(d.by_id)) for d in deliveries],
        consents={k.value: v for k, v in _current_consents(session, household.id).items()},
        reference_date=report.reference_date,
    )


def read(session: Session, principal: Principal, report_id: int) -> ReportRead:
    report = scope.get_report(session, principal, report_id)
    audit.record(session, principal, "read", "report", report.id, household_id=report.household_id)
    return to_read(session, principal, report)


def _add_orientations(session: Session, principal: Principal, report: Report, items: list[OrientationIn]) -> None:
    for index, item in enumerate(items):
        followup.check_kind(session, item.kind, f"orientations.{index}.kind")
    for old in session.exec(select(Orientation).where(Orientation.report_id == report.id)).all():
        session.delete(old)
    session.add_all(Orientation(household_id=report.household_id, report_id=report.id, created_by_id=principal.user_id,
                                responsible_id=principal.user_id, **item.model_dump()) for item in items)


def compile_report(session: Session, principal: Principal, visit_id: int, data: ReportCreate) -> ReportRead:
    visit = scope.get_visit(session, principal, visit_id)
    if not principal.can(Scope.reports_compile):
        raise Forbidden("Le compte-rendu est compilé par l'animatrice SLIME.")
    if problem := visit_not_done(visit):
        raise Conflict(problem)
    syntheses = {s.kind: s for s in session.exec(select(Synthesis).where(Synthesis.visit_id == visit.id)).all()}
    missing = [label for kind, label in ((SynthesisKind.family, "la synthèse famille"),
                                         (SynthesisKind.technical, "la synthèse technique"))
               if kind not in syntheses or syntheses[kind].status != SynthesisStatus.final]
    if missing:
        raise Conflict(f"Il faut d'abord finaliser {' et '.join(missing)}.")
    if session.exec(select(Report.id).where(Report.visit_id == visit.id)).first() is not None:
        raise Conflict("Cette visite a déjà un compte-rendu : corrigez-le plutôt que d'en créer un autre.")
    assert principal.user_id is not None  # reports are written by people
    report = Report(household_id=visit.household_id, visit_id=id_of(visit), author_id=principal.user_id,
                    introduction=data.introduction, family_synthesis=syntheses[SynthesisKind.family].content,
                    technical_synthesis=syntheses[SynthesisKind.technical].content,
                    works=syntheses[SynthesisKind.technical].works)
    session.add(report)
    session.flush()
    _add_orientations(session, principal, report, data.orientations)
    session.flush()
    audit.record(session, principal, "create", "report", report.id, household_id=report.household_id)
    return to_read(session, principal, report)


def _editable(report: Report) -> None:
    if report.status not in (R.draft, R.returned):
        raise Conflict("Un compte-rendu soumis ou validé est figé : créez une correction.")


def update(session: Session, principal: Principal, report_id: int, data: ReportUpdate) -> ReportRead:
    report = scope.get_report(session, principal, report_id)
    if principal.user_id != report.author_id:
        raise Forbidden("Seule l'autrice du compte-rendu le modifie.")
    _editable(report)
    claim_version(session, report, data.version, "Le compte-rendu")
    if data.introduction is not None:
        report.introduction = data.introduction
    if data.orientations is not None:
        _add_orientations(session, principal, report, data.orientations)
    session.add(report)
    session.flush()
    audit.record(session, principal, "update", "report", report.id, household_id=report.household_id)
    return to_read(session, principal, report)


def transition(session: Session, principal: Principal, report_id: int, request: TransitionRequest) -> ReportRead:
    report = scope.get_report(session, principal, report_id)
    if request.action == "validate" and principal.user_id == report.author_id:
        raise Forbidden("Personne ne valide un compte-rendu qu'il ou elle a rédigé.")
    visit = session.get(Visit, report.visit_id)
    assert visit is not None  # a foreign key
    target = REPORT_WORKFLOW.apply(report.status, request.action, _grants(principal, report),
                                   ReportContext(visit, request))
    claim_version(session, report, request.version, "Le compte-rendu")
    now = datetime.now(UTC)
    if target == R.submitted:
        report.submitted_at, report.returned_reason = now, None
    elif target == R.validated:
        report.validated_by_id, report.validated_at = principal.user_id, now
        report.complementary_opinion = request.complementary_opinion or None
        freeze_figures(session, principal, report, now.astimezone(DEFAULT_ZONE).date())
        if report.previous_id is not None:
            followup.carry_follow_up(session, report.previous_id, id_of(report))
    elif target == R.returned:
        report.returned_reason = request.reason
    report.status = R(target)
    session.add(report)
    session.flush()
    audit.record(session, principal, "transition", "report", report.id, household_id=report.household_id,
                 detail={"action": request.action, "to": target})
    notifications.notify_report_step(session, principal, report)
    return to_read(session, principal, report)


def correct(session: Session, principal: Principal, report_id: int) -> ReportRead:
    """A validated report never changes: its correction is a new draft, linked to it. The draft has no
    frozen figures: they are frozen again when it is validated, with the bills and the reference values
    of that day (the corrected report states its own reference date)."""
    report = scope.get_report(session, principal, report_id)
    if report.status not in (R.validated, R.sent):
        raise Conflict("Seul un compte-rendu validé se corrige ; un brouillon se modifie directement.")
    if session.exec(select(Report.id).where(Report.previous_id == report.id)).first() is not None:
        raise Conflict("Une correction de ce compte-rendu existe déjà.")
    if principal.user_id != report.author_id and not principal.can(Scope.reports_compile):
        raise Forbidden("Seule l'équipe SLIME corrige un compte-rendu.")
    assert principal.user_id is not None  # reports are written by people
    new = Report(household_id=report.household_id, visit_id=report.visit_id, number=report.number + 1,
                 previous_id=report.id, author_id=principal.user_id, introduction=report.introduction,
                 family_synthesis=report.family_synthesis, technical_synthesis=report.technical_synthesis,
                 works=report.works)
    session.add(new)
    session.flush()
    previous = session.exec(select(Orientation).where(Orientation.report_id == report.id)).all()
    _add_orientations(session, principal, new, [OrientationIn(kind=o.kind, description=o.description,
                                                              partner=o.partner) for o in previous])
    session.flush()
    audit.record(session, principal, "create", "report", new.id, household_id=new.household_id,
                 detail={"previous_id": report.id})
    return to_read(session, principal, new)


def queue(session: Session, principal: Principal, *, limit: int, offset: int) -> Page[QueueItem]:
    waiting = (Report.status == R.submitted, scope.visible_reports(principal))
    total = session.exec(select(func.count()).select_from(Report).where(*waiting)).one()
    rows = session.exec(
        select(Report, Household, Visit, User).join(Household, col(Report.household_id) == Household.id)
        .join(Visit, col(Report.visit_id) == Visit.id).join(User, col(Report.author_id) == User.id)
        .where(*waiting).order_by(col(Report.submitted_at), col(Report.id)).limit(limit).offset(offset)
    ).all()
    audit.record(session, principal, "list", "report", detail={"purpose": "validation_queue", "ids": [r.id for r, *_ in rows]})
    today = datetime.now(UTC)
    items = [QueueItem(id=r.id, household_name=household_service.display_name(h), commune=h.commune,
                       author=PersonRef(id=u.id, full_name=u.full_name), submitted_at=r.submitted_at,
                       visit_date=v.starts_at, days_since_visit=max((today - v.starts_at).days, 0))
             for r, h, v, u in rows]
    return Page.of(items, total=total, limit=limit, offset=offset)


# --- frozen figures --------------------------------------------------------------------------------

def freeze_figures(session: Session, principal: Principal, report: Report, on: date) -> None:
    """Store with the report the figures it stands on, as they are on `on` (its validation day): the
    household's energy analysis, the works estimate when there is a technical diagnostic, and every
    reference value in force that day. Nothing recomputes them afterwards, so a later correction of
    reference data never changes a validated or sent document.

    The analysis is frozen in full, whoever validates: who may see its income amounts is decided when it
    is read (`frozen_figures`), as for the live analysis."""
    full = replace(principal, scopes=principal.scopes | {Scope.income_read.value})
    reference = reference_data.in_force(session, on)
    missing: list[str] = []
    try:
        report.frozen_analysis = analysis_service.analyse(session, full, report.household_id, on).model_dump(mode="json")
    except MissingReference as value:
        # The analysis needs a value still « à renseigner »: the report says so rather than guess.
        report.frozen_analysis = None
        missing.append(f"Analyse non calculable : {value.table}/{value.key} à renseigner.")
    except AppError as refusal:  # the analysis refuses (its rules may grow): validation still goes through
        report.frozen_analysis = None
        missing.append(f"Analyse non calculable : {refusal.detail}")
    try:
        report.frozen_works_estimate = works.works_estimate(session, full, report.household_id).model_dump(mode="json")
    except AppError as refusal:  # no technical diagnostic, no main heating system, ...
        report.frozen_works_estimate = None
        missing.append(f"Pas d'estimation des travaux : {refusal.detail}")
    except MissingReference as value:
        report.frozen_works_estimate = None
        missing.append(f"Pas d'estimation des travaux : {value.table}/{value.key} à renseigner.")
    report.frozen_note = " ".join(missing)[:500] or None
    report.reference_date = on
    report.frozen_reference_rows = [
        {"table": r.table, "key": r.key, "value": None if r.value is None else str(r.value), "unit": r.unit,
         "valid_from": r.valid_from.isoformat(), "source": r.source}
        for r in sorted(reference.rows.values(), key=lambda r: (r.table, r.key))]


def _frozen_rows(report: Report) -> list[FrozenReferenceRow]:
    return [FrozenReferenceRow.model_validate(row) for row in report.frozen_reference_rows or []]


def _without_income(frozen: dict[str, Any], rows: list[FrozenReferenceRow], on: date) -> dict[str, Any] | None:
    """The frozen analysis as a reader without income_read sees it: the live analysis's own hiding, fed with
    the reference values of that day (the one line to adjust if `without_income` changes). If the stored
    analysis no longer fits today's `Analysis` shape, nothing is shown rather than risk an income amount."""
    try:
        analysis = Analysis.model_validate(frozen)
    except ValidationError:
        return None
    reference = ReferenceData.at((ReferenceRow(r.table, r.key, r.value, r.unit, r.valid_from, r.source)
                                  for r in rows), on)
    hidden = analysis_service.without_income(analysis, reference)
    return hidden.model_dump(mode="json")


_SOCIAL_MONEY = {"tee_before": None, "tee_after": None, "tee_before_display": "", "tee_after_display": "",
                 "reste_a_vivre_uc_before_eur": None, "reste_a_vivre_uc_after_eur": None, "income_hidden": True}
_SOCIAL_NOTE = "Effet sur le taux d'effort et le reste à vivre : réservé à l'équipe sociale."


def _works_without_income(frozen: dict[str, Any] | None) -> dict[str, Any] | None:
    """The frozen works estimate as a reader without income_read sees it: it was frozen with the social
    team's figures (TEE and reste à vivre before and after each scenario), left out here as the live estimate
    leaves them out (api/services/works.py, _money)."""
    if frozen is None:
        return None
    scenarios = []
    for scenario in frozen.get("scenarios") or []:
        money = scenario.get("money")
        if isinstance(money, dict):
            notes = [n for n in money.get("notes") or [] if n != _SOCIAL_NOTE] + [_SOCIAL_NOTE]
            scenario = {**scenario, "money": {**money, **_SOCIAL_MONEY, "notes": notes}}
        scenarios.append(scenario)
    return {**frozen, "scenarios": scenarios}


def frozen_figures(session: Session, principal: Principal, report_id: int) -> FrozenFiguresRead:
    report = scope.get_report(session, principal, report_id)
    audit.record(session, principal, "read", "report_figures", report.id, household_id=report.household_id)
    income_hidden = not principal.can(Scope.income_read)
    note: str | None
    if report.reference_date is None:
        note = ("Les chiffres sont figés à la validation du compte-rendu." if report.status not in (R.validated, R.sent)
                else "Compte-rendu validé avant que ses chiffres ne soient conservés : ils ne peuvent plus être "
                     "restitués tels qu'ils étaient.")
        return FrozenFiguresRead(report_id=report.id, frozen=False, note=note, reference_date=None,
                                 validated_at=report.validated_at, income_hidden=income_hidden, analysis=None,
                                 works_estimate=None, reference_rows=[])
    rows = _frozen_rows(report)
    analysis = report.frozen_analysis
    if analysis is not None and income_hidden:
        analysis = _without_income(analysis, rows, report.reference_date)
    if report.frozen_analysis is not None and analysis is None:
        note = "Analyse figée non affichable sans les montants de revenus (format ancien)."
    else:
        note = report.frozen_note
    return FrozenFiguresRead(
        report_id=report.id, frozen=True, note=note, reference_date=report.reference_date,
        validated_at=report.validated_at, income_hidden=income_hidden, analysis=analysis,
        works_estimate=_works_without_income(report.frozen_works_estimate) if income_hidden
        else report.frozen_works_estimate, reference_rows=rows)
