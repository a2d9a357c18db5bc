"""Eligibility (Anah category, chèque énergie, FSL) and the measured impact of a household's visit."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas.eligibility import EligibilityRead
from api.schemas.impact import MeasuredImpactRead
from api.services import eligibility, impact

router = APIRouter(tags=["eligibility"], responses=error_responses(401, 403, 404, 422))

Reader = Annotated[Principal, any_scope(Scope.households_read)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
On = Annotated[date | None, Query(ge=date(2016, 1, 1), le=date(2100, 12, 31),
                                  description="Reference date of the barèmes (default: today).")]


@router.get("/households/{household_id}/eligibility", response_model=EligibilityRead)
def read_eligibility(principal: Reader, session: SessionDep, household_id: Id, on: On = None) -> EligibilityRead:
    """Anah income category, chèque énergie and FSL verdicts, explained and sourced. Without income access
    (energy advisors): the category and yes/no answers only."""
    return eligibility.eligibility(session, principal, household_id, on)


@router.get("/households/{household_id}/measured-impact", response_model=MeasuredImpactRead)
def read_measured_impact(principal: Reader, session: SessionDep, household_id: Id, on: On = None) -> MeasuredImpactRead:
    """Bills after the visit against bills before it, per energy, corrected for the climate when the
    degree-days are filled, compared with the estimated savings of the works done and eco-gestures."""
    return impact.measured_impact(session, principal, household_id, on)
