"""Bills, social and technical diagnostics, the energy analysis and the works estimate."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas.diagnostics import (
    BillEntryRead,
    BillEntryUpdate,
    BillEntryWrite,
    SocialDiagnosticRead,
    SocialDiagnosticWrite,
    TechnicalDiagnosticRead,
    TechnicalDiagnosticWrite,
    WorksPlanRead,
    WorksPlanWrite,
)
from api.schemas.analysis import Analysis, WorksEstimateRead
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.services import analysis, diagnostics, idempotency, works

router = APIRouter(tags=["diagnostics"], responses=error_responses(401, 403, 404, 422))

Reader = Annotated[Principal, any_scope(Scope.households_read)]
BillWriter = Annotated[Principal, any_scope(Scope.bills_write)]
SocialReader = Annotated[Principal, any_scope(Scope.social_read)]
SocialWriter = Annotated[Principal, any_scope(Scope.social_write)]
VisitReader = Annotated[Principal, any_scope(Scope.agenda_read)]
DiagnosticWriter = Annotated[Principal, any_scope(Scope.diagnostics_write)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/households/{household_id}/bills", response_model=Page[BillEntryRead])
def list_bills(principal: Reader, session: SessionDep, household_id: Id, paging: PagingDep) -> Page[BillEntryRead]:
    """The household's energy and water bills, each with its quantity in kWh (a few dozen at most)."""
    return Page.slice(diagnostics.list_bills(session, principal, household_id), limit=paging.limit, offset=paging.offset)


@router.post("/households/{household_id}/bills", response_model=BillEntryRead, status_code=201,
             responses=error_responses(409))
def add_bill(
    principal: BillWriter, session: SessionDep, household_id: Id, body: BillEntryWrite,
    idempotency_key: Annotated[str | None, Header(
        max_length=200, description="The device's id for this bill (its offline queue's): a retry with the same "
                                    "key and body answers as the first time and creates no second bill; the same "
                                    "key with another body is refused (409).")] = None,
) -> BillEntryRead:
    """Enter a bill: a period (metered energies, water) or a delivery date (fuel oil, wood, pellets, propane)."""
    return idempotency.run_once(session, principal, idempotency_key, body, 201, BillEntryRead,
                                lambda: diagnostics.add_bill(session, principal, household_id, body),
                                target=f"household:{household_id}", household_id=household_id)


@router.put("/households/{household_id}/bills/{bill_id}", response_model=BillEntryRead,
            responses=error_responses(409))
def update_bill(principal: BillWriter, session: SessionDep, household_id: Id, bill_id: Id,
                body: BillEntryUpdate) -> BillEntryRead:
    """Correct a bill (send the `version` you read)."""
    return diagnostics.update_bill(session, principal, household_id, bill_id, body)


@router.delete("/households/{household_id}/bills/{bill_id}", status_code=204)
def delete_bill(principal: BillWriter, session: SessionDep, household_id: Id, bill_id: Id) -> Response:
    """Remove a bill entered by mistake."""
    diagnostics.delete_bill(session, principal, household_id, bill_id)
    return Response(status_code=204)


@router.get("/households/{household_id}/social-diagnostic", response_model=SocialDiagnosticRead)
def read_social_diagnostic(principal: SocialReader, session: SessionDep,
                           household_id: Id) -> SocialDiagnosticRead:
    """Income, charges, aids and debts (not shown to the energy advisor)."""
    return diagnostics.read_social(session, principal, household_id)


@router.put("/households/{household_id}/social-diagnostic", response_model=SocialDiagnosticRead,
            responses=error_responses(409))
def write_social_diagnostic(principal: SocialWriter, session: SessionDep, household_id: Id,
                            body: SocialDiagnosticWrite) -> SocialDiagnosticRead:
    """Record the social diagnostic (send `version` to change an existing one)."""
    return diagnostics.write_social(session, principal, household_id, body)


@router.get("/visits/{visit_id}/technical-diagnostic", response_model=TechnicalDiagnosticRead)
def read_technical_diagnostic(principal: VisitReader, session: SessionDep,
                              visit_id: Id) -> TechnicalDiagnosticRead:
    """The advisor's diagnostic of the dwelling for this visit."""
    return diagnostics.read_technical(session, principal, visit_id)


@router.put("/visits/{visit_id}/technical-diagnostic", response_model=TechnicalDiagnosticRead,
            responses=error_responses(409))
def write_technical_diagnostic(principal: DiagnosticWriter, session: SessionDep, visit_id: Id,
                               body: TechnicalDiagnosticWrite) -> TechnicalDiagnosticRead:
    """Record the technical diagnostic; empty U-values are defaulted from the construction period."""
    return diagnostics.write_technical(session, principal, visit_id, body)


@router.get("/households/{household_id}/analysis", response_model=Analysis)
def read_analysis(principal: Reader, session: SessionDep, household_id: Id) -> Analysis:
    """Yearly consumption and spending per energy, and the energy-poverty indicators, explained."""
    return analysis.analyse(session, principal, household_id)


@router.get("/households/{household_id}/works-estimate", response_model=WorksEstimateRead)
def read_works_estimate(principal: Reader, session: SessionDep, household_id: Id) -> WorksEstimateRead:
    """Candidate works with their yearly saving and cost range, cheapest kWh saved first."""
    return works.works_estimate(session, principal, household_id)


@router.get("/households/{household_id}/works-plan", response_model=WorksPlanRead)
def read_works_plan(principal: Reader, session: SessionDep, household_id: Id) -> WorksPlanRead:
    """The prioritised works as the advisor edited them."""
    return diagnostics.read_plan(session, principal, household_id)


@router.put("/households/{household_id}/works-plan", response_model=WorksPlanRead, responses=error_responses(409))
def write_works_plan(principal: DiagnosticWriter, session: SessionDep, household_id: Id,
                     body: WorksPlanWrite) -> WorksPlanRead:
    """Save the ordered list of works for the technical synthesis."""
    return diagnostics.write_plan(session, principal, household_id, body)
