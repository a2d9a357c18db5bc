"""Syntheses and their cross-review, reports, their validation, PDF copies and sending."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import SynthesisKind
from api.schemas.reports import (
    DeliveryCreate,
    FrozenFiguresRead,
    QueueItem,
    ReportCreate,
    ReportRead,
    ReportUpdate,
    ReviewCommentCreate,
    SynthesisRead,
    SynthesisWrite,
    TransitionRequest,
)
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.services import mail, report_delivery, reports, syntheses

router = APIRouter(tags=["reports"], responses=error_responses(401, 403, 404, 422))

Reader = Annotated[Principal, any_scope(Scope.reports_read)]
Writer = Annotated[Principal, any_scope(Scope.reports_write)]
Validator = Annotated[Principal, any_scope(Scope.reports_validate)]
Transitioner = Annotated[Principal, any_scope(Scope.reports_write, Scope.reports_validate)]
Sender = Annotated[Principal, any_scope(Scope.reports_send)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _with_mail(request: Request, report: ReportRead) -> ReportRead:
    """Whether this server sends e-mail: the SPA offers the e-mail channel only then."""
    report.email_available = mail.available(request.app.state.settings)
    return report


@router.get("/visits/{visit_id}/syntheses", response_model=Page[SynthesisRead])
def list_syntheses(principal: Reader, session: SessionDep, visit_id: Id, paging: PagingDep) -> Page[SynthesisRead]:
    """The family and technical syntheses of a visit, with their review comments."""
    return Page.slice(syntheses.list_syntheses(session, principal, visit_id), limit=paging.limit, offset=paging.offset)


@router.put("/visits/{visit_id}/syntheses/{kind}", response_model=SynthesisRead, responses=error_responses(409))
def write_synthesis(principal: Writer, session: SessionDep, visit_id: Id, kind: SynthesisKind,
                    body: SynthesisWrite) -> SynthesisRead:
    """Write your synthesis (family: the coordinator; technical: the advisor). Send `version` to change it."""
    return syntheses.write(session, principal, visit_id, kind, body)


@router.post("/syntheses/{synthesis_id}/transitions", response_model=SynthesisRead, responses=error_responses(409))
def transition_synthesis(principal: Writer, session: SessionDep, synthesis_id: Id,
                         body: TransitionRequest) -> SynthesisRead:
    """submit_for_review, mark_reviewed (the other member), finalise, back_to_draft."""
    return syntheses.transition(session, principal, synthesis_id, body)


@router.post("/syntheses/{synthesis_id}/comments", response_model=SynthesisRead, status_code=201,
             responses=error_responses(409))
def add_review_comment(principal: Writer, session: SessionDep, synthesis_id: Id,
                       body: ReviewCommentCreate) -> SynthesisRead:
    """A precision or a suggested change (a quoted passage and its replacement) from the reviewer."""
    return syntheses.add_comment(session, principal, synthesis_id, body)


@router.post("/syntheses/{synthesis_id}/comments/{comment_id}/{decision}", response_model=SynthesisRead,
             responses=error_responses(409))
def resolve_review_comment(principal: Writer, session: SessionDep, synthesis_id: Id, comment_id: Id,
                           decision: Literal["accept", "reject"]) -> SynthesisRead:
    """The owner accepts (a suggested change is applied) or rejects a review comment."""
    return syntheses.resolve_comment(session, principal, synthesis_id, comment_id, decision == "accept")


@router.post("/visits/{visit_id}/report", response_model=ReportRead, status_code=201, responses=error_responses(409))
def compile_report(principal: Writer, session: SessionDep, request: Request, visit_id: Id, body: ReportCreate) -> ReportRead:
    """Compile the report from both final syntheses and the proposed orientations."""
    return _with_mail(request, reports.compile_report(session, principal, visit_id, body))


@router.get("/reports/queue", response_model=Page[QueueItem])
def validation_queue(principal: Validator, session: SessionDep, paging: PagingDep) -> Page[QueueItem]:
    """Reports waiting for validation, oldest first, with the days since the visit."""
    return reports.queue(session, principal, limit=paging.limit, offset=paging.offset)


@router.get("/reports/{report_id}", response_model=ReportRead)
def read_report(principal: Reader, session: SessionDep, request: Request, report_id: Id) -> ReportRead:
    """One report with its orientations, consents and deliveries."""
    return _with_mail(request, reports.read(session, principal, report_id))


@router.get("/reports/{report_id}/analysis", response_model=FrozenFiguresRead)
def read_report_figures(principal: Reader, session: SessionDep, report_id: Id) -> FrozenFiguresRead:
    """The figures the report stands on, frozen when it was validated: the energy analysis, the works
    estimate and every reference value in force on its `reference_date`. A later correction of reference
    data never changes them. Without the income scope, the analysis comes as bands and booleans."""
    return reports.frozen_figures(session, principal, report_id)


@router.patch("/reports/{report_id}", response_model=ReportRead, responses=error_responses(409))
def update_report(principal: Writer, session: SessionDep, request: Request, report_id: Id, body: ReportUpdate) -> ReportRead:
    """Change a draft or returned report (introduction, orientations)."""
    return _with_mail(request, reports.update(session, principal, report_id, body))


@router.post("/reports/{report_id}/transitions", response_model=ReportRead, responses=error_responses(409))
def transition_report(principal: Transitioner, session: SessionDep,
                      request: Request, report_id: Id, body: TransitionRequest) -> ReportRead:
    """submit (the author), validate or return with a reason (a manager who did not write it)."""
    return _with_mail(request, reports.transition(session, principal, report_id, body))


@router.post("/reports/{report_id}/corrections", response_model=ReportRead, status_code=201,
             responses=error_responses(409))
def correct_report(principal: Writer, session: SessionDep, request: Request, report_id: Id) -> ReportRead:
    """A validated report is frozen: its correction is a new version linked to it."""
    return _with_mail(request, reports.correct(session, principal, report_id))


@router.get("/reports/{report_id}/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def report_pdf(principal: Reader, session: SessionDep, report_id: Id,
               recipient: Annotated[Literal["household", "prescriber", "landlord"], Query()] = "household") -> Response:
    """The PDF copy for one recipient (the landlord's has no social or financial data)."""
    content, filename = report_delivery.pdf(session, principal, report_id, recipient)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.post("/reports/{report_id}/deliveries", response_model=ReportRead, status_code=201,
             responses=error_responses(409))
def deliver_report(principal: Writer, session: SessionDep, request: Request, report_id: Id,
                   body: DeliveryCreate) -> ReportRead:
    """Queue a copy by e-mail (PDF attached, sent after the request by the outbox: « en attente » until
    delivered) or record it as posted; the landlord's needs the tenant's consent. E-mail is refused (409)
    when the server sends none (`email_available` false)."""
    return _with_mail(request, report_delivery.deliver(session, request.app.state.settings, principal, report_id, body))


@router.post("/reports/{report_id}/deliveries/{delivery_id}/retry", response_model=ReportRead,
             responses=error_responses(409))
def retry_delivery(principal: Sender, session: SessionDep, request: Request, report_id: Id,
                   delivery_id: Id) -> ReportRead:
    """Put an e-mailed copy that was given up back in the outbox (sent again after the request)."""
    return _with_mail(request, report_delivery.retry_delivery(session, request.app.state.settings, principal, report_id,
                                                      delivery_id))
