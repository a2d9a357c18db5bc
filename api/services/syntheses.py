"""The two syntheses of a visit and their cross-review by the pair.

Who may do what depends on who one is *for this synthesis*: its owner (the coordinator for the
family synthesis, the advisor for the technical one) or the reviewer (the other member of the
pair). The lifecycle below is declared with those two relative roles.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from api.access import Principal
from api.errors import Conflict, Forbidden, NotFound
from api.models import ReviewComment, Synthesis, SynthesisKind, SynthesisStatus, User, Visit, WorksPlan
from api.schemas.common import PersonRef
from api.schemas.reports import (
    ReviewCommentCreate,
    ReviewCommentRead,
    SynthesisRead,
    SynthesisWrite,
    TransitionRequest,
)
from api.services import audit, notifications
from api.services.agenda import visit_not_done
from api.services.versioning import claim_version
from api.services.workflow import Transition, Workflow
from api.services import scope
from api.models.base import id_of

S = SynthesisStatus
OWNER, REVIEWER = frozenset({"owner"}), frozenset({"reviewer"})


@dataclass(frozen=True)
class SynthesisContext:
    visit: Visit
    open_comments: int


def _ready_to_finalise(ctx: SynthesisContext) -> str | None:
    """The visit is done, and every review remark has its answer."""
    return visit_not_done(ctx.visit) or (None if ctx.open_comments == 0 else
                                         "Des remarques de relecture attendent encore votre réponse (acceptée ou refusée).")


SYNTHESIS_WORKFLOW = Workflow("synthesis", (
    Transition("submit_for_review", frozenset({S.draft}), S.in_review, OWNER),
    Transition("mark_reviewed", frozenset({S.in_review}), S.reviewed, REVIEWER),
    Transition("finalise", frozenset({S.reviewed}), S.final, OWNER, guard=_ready_to_finalise),
    Transition("back_to_draft", frozenset({S.in_review, S.reviewed}), S.draft, OWNER),
))


def owner_of(visit: Visit, kind: SynthesisKind) -> int:
    return visit.coordinator_id if kind == SynthesisKind.family else visit.advisor_id


def relation(principal: Principal, visit: Visit, kind: SynthesisKind) -> frozenset[str]:
    if principal.user_id == owner_of(visit, kind):
        return OWNER
    if principal.user_id in (visit.coordinator_id, visit.advisor_id):
        return REVIEWER
    return frozenset()


def synthesis_actions(principal: Principal, visit: Visit, synthesis: Synthesis) -> list[str]:
    """The lifecycle's steps open to the reader, then what else they may do: write and answer remarks
    (its owner, until final) or leave remarks (the reviewer, while in review)."""
    grant = relation(principal, visit, synthesis.kind)
    actions = SYNTHESIS_WORKFLOW.allowed_actions(synthesis.status, grant)
    if grant == OWNER and synthesis.status != S.final:
        actions += ["edit", "resolve_comment"]
    if grant == REVIEWER and synthesis.status == S.in_review:
        actions.append("comment")
    return actions


def _get(session: Session, visit: Visit, kind: SynthesisKind) -> Synthesis | None:
    return session.exec(select(Synthesis).where(Synthesis.visit_id == visit.id, Synthesis.kind == kind)).first()


def _read(session: Session, principal: Principal, visit: Visit, synthesis: Synthesis) -> SynthesisRead:
    comments = session.exec(select(ReviewComment).where(ReviewComment.synthesis_id == synthesis.id)
                            .order_by(col(ReviewComment.id))).all()
    people = {u.id: PersonRef(id=u.id, full_name=u.full_name) for u in session.exec(
        select(User).where(col(User.id).in_({synthesis.owner_id} | {c.author_id for c in comments}))).all()}
    return SynthesisRead(
        id=synthesis.id, visit_id=visit.id, household_id=synthesis.household_id, kind=synthesis.kind,
        owner=people[synthesis.owner_id], status=synthesis.status, version=synthesis.version,
        content=synthesis.content, works=synthesis.works, updated_at=synthesis.updated_at,
        comments=[ReviewCommentRead(id=c.id, author=people[c.author_id], body=c.body, quote=c.quote,
                                    replacement=c.replacement, status=c.status, created_at=c.created_at,
                                    resolved_at=c.resolved_at) for c in comments],
        allowed_actions=synthesis_actions(principal, visit, synthesis),
    )


def list_syntheses(session: Session, principal: Principal, visit_id: int) -> list[SynthesisRead]:
    visit = scope.get_visit(session, principal, visit_id)
    rows = session.exec(select(Synthesis).where(Synthesis.visit_id == visit.id).order_by(col(Synthesis.kind))).all()
    audit.record(session, principal, "read", "synthesis", household_id=visit.household_id,
                 detail={"visit_id": visit.id, "ids": [s.id for s in rows]})
    return [_read(session, principal, visit, s) for s in rows]


def write(session: Session, principal: Principal, visit_id: int, kind: SynthesisKind,
          data: SynthesisWrite) -> SynthesisRead:
    visit = scope.get_visit(session, principal, visit_id)
    if relation(principal, visit, kind) != OWNER:
        raise Forbidden("Seule la personne qui rédige cette synthèse peut la modifier ; "
                        "l'autre membre du binôme ajoute des remarques.")
    synthesis = _get(session, visit, kind)
    if synthesis is None:
        assert principal.user_id is not None  # the owner, a person
        synthesis = Synthesis(visit_id=id_of(visit), household_id=visit.household_id, kind=kind, owner_id=principal.user_id)
    else:
        if synthesis.status == S.final:
            raise Conflict("La synthèse est finalisée : elle ne se modifie plus.")
        claim_version(session, synthesis, data.version, "La synthèse")
    synthesis.content = data.content
    if kind == SynthesisKind.technical:
        if data.works is not None:
            synthesis.works = [w.model_dump(mode="json") for w in sorted(data.works, key=lambda w: w.priority)]
        elif not synthesis.works:
            plan = session.exec(select(WorksPlan).where(WorksPlan.household_id == visit.household_id)).first()
            synthesis.works = plan.items if plan else []
    synthesis.updated_at = datetime.now(UTC)
    session.add(synthesis)
    session.flush()
    audit.record(session, principal, "update", "synthesis", synthesis.id, household_id=visit.household_id,
                 detail={"kind": kind})
    return _read(session, principal, visit, synthesis)


def _visible_synthesis(session: Session, principal: Principal, synthesis_id: int) -> tuple[Synthesis, Visit]:
    synthesis = session.get(Synthesis, synthesis_id)
    if synthesis is None:
        raise NotFound("Synthèse introuvable.")
    return synthesis, scope.get_visit(session, principal, synthesis.visit_id)


def transition(session: Session, principal: Principal, synthesis_id: int, request: TransitionRequest) -> SynthesisRead:
    synthesis, visit = _visible_synthesis(session, principal, synthesis_id)
    open_comments = len(session.exec(select(ReviewComment.id).where(
        ReviewComment.synthesis_id == synthesis.id, ReviewComment.status == "open")).all())
    target = SYNTHESIS_WORKFLOW.apply(synthesis.status, request.action, relation(principal, visit, synthesis.kind),
                                      SynthesisContext(visit, open_comments))
    claim_version(session, synthesis, request.version, "La synthèse")
    synthesis.status = S(target)
    session.add(synthesis)
    session.flush()
    audit.record(session, principal, "transition", "synthesis", synthesis.id, household_id=synthesis.household_id,
                 detail={"action": request.action, "to": target})
    return _read(session, principal, visit, synthesis)


def add_comment(session: Session, principal: Principal, synthesis_id: int, data: ReviewCommentCreate) -> SynthesisRead:
    synthesis, visit = _visible_synthesis(session, principal, synthesis_id)
    if relation(principal, visit, synthesis.kind) != REVIEWER:
        raise Forbidden("Les remarques de relecture viennent de l'autre membre du binôme.")
    if synthesis.status != S.in_review:
        raise Conflict("On relit une synthèse quand elle est soumise à relecture.")
    if data.quote is not None and data.quote not in synthesis.content:
        raise Conflict("Le passage cité ne figure pas dans la synthèse.")
    assert principal.user_id is not None  # the reviewer, a person
    session.add(ReviewComment(synthesis_id=id_of(synthesis), author_id=principal.user_id, **data.model_dump()))
    session.flush()
    audit.record(session, principal, "create", "review_comment", synthesis.id, household_id=synthesis.household_id)
    notifications.notify_review_remark(session, principal, synthesis)
    return _read(session, principal, visit, synthesis)


def resolve_comment(session: Session, principal: Principal, synthesis_id: int, comment_id: int,
                    accept: bool) -> SynthesisRead:
    synthesis, visit = _visible_synthesis(session, principal, synthesis_id)
    if relation(principal, visit, synthesis.kind) != OWNER:
        raise Forbidden("Seule la personne qui rédige la synthèse accepte ou refuse les remarques.")
    comment = session.exec(select(ReviewComment).where(ReviewComment.id == comment_id,
                                                       ReviewComment.synthesis_id == synthesis.id)).first()
    if comment is None:
        raise NotFound("Remarque introuvable.")
    if comment.status != "open":
        raise Conflict("Cette remarque a déjà reçu une réponse.")
    if synthesis.status == S.final:
        raise Conflict("La synthèse est finalisée.")
    if accept and comment.quote is not None:
        if comment.quote not in synthesis.content:
            raise Conflict("Le passage cité a changé depuis la remarque : reprenez-la à la main.")
        claim_version(session, synthesis, synthesis.version, "La synthèse")
        synthesis.content = synthesis.content.replace(comment.quote, comment.replacement or "", 1)
        synthesis.updated_at = datetime.now(UTC)
        session.add(synthesis)
    comment.status = "accepted" if accept else "rejected"
    comment.resolved_at = datetime.now(UTC)
    session.add(comment)
    session.flush()
    audit.record(session, principal, "update", "review_comment", comment.id, household_id=synthesis.household_id,
                 detail={"status": comment.status})
    return _read(session, principal, visit, synthesis)
