"""Referrals (demandes d'intervention), triage calls and notes."""

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Header, Path, Query, Request

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.models import ReferralReason, ReferralStatus
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.referrals import (
    CallAttemptCreate,
    CallAttemptRead,
    HouseholdMatch,
    LinkHousehold,
    ReferralCreate,
    ReferralRead,
    ReferralReceipt,
    ReferralSummary,
    ReferralTransitionRequest,
    ReferrerReferralDetail,
    ReferrerReferralView,
    TriageNoteWrite,
)
from api.services import households as household_service
from api.services import idempotency
from api.services import referrals as service

router = APIRouter(prefix="/referrals", tags=["referrals"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.referrals_read)]
Triage = Annotated[Principal, any_scope(Scope.referrals_write)]
Creator = Annotated[Principal, any_scope(Scope.referrals_submit, Scope.referrals_write)]
Referrer = Annotated[Principal, any_scope(Scope.referrals_submit)]
ReferralId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("", response_model=ReferralReceipt, status_code=201, responses=error_responses(409))
def create_referral(
    principal: Creator,
    session: SessionDep,
    body: ReferralCreate,
    idempotency_key: Annotated[str | None, Header(max_length=200, description="Retries with the same key create nothing new.")] = None,
) -> ReferralReceipt:
    """Submit a referral (alert giver), or enter one received by phone or post (SLIME team)."""
    return idempotency.run_once(session, principal, idempotency_key, body, 201, ReferralReceipt,
                                lambda: service.create_referral(session, principal, body))


@router.get("", response_model=Page[ReferralSummary])
def list_referrals(
    principal: Reader, session: SessionDep, paging: PagingDep,
    status: ReferralStatus | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    unit_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    reason: ReferralReason | None = None,
    order: Annotated[str, Query(pattern="^(recent|call_priority)$")] = "recent",
) -> Page[ReferralSummary]:
    """Referrals within your reach; `order=call_priority` puts cut-off risks first, then the oldest."""
    filters = service.ReferralFilters(status=status, q=q, unit_id=unit_id, reason=reason,
                                      call_priority=order == "call_priority")
    return service.list_referrals(session, principal, filters, limit=paging.limit, offset=paging.offset)


@router.get("/mine", response_model=Page[ReferrerReferralView])
def list_my_referrals(principal: Referrer, session: SessionDep,
                      paging: PagingDep) -> Page[ReferrerReferralView]:
    """The referrals you made and where each stands."""
    return service.list_my_referrals(session, principal, limit=paging.limit, offset=paging.offset)


@router.get("/mine/{referral_id}", response_model=ReferrerReferralDetail, responses=error_responses(404))
def read_my_referral(principal: Referrer, session: SessionDep, request: Request,
                     referral_id: ReferralId) -> ReferrerReferralDetail:
    """One referral you made: what you sent and its dated steps (someone else's answers 404)."""
    return service.read_mine(session, principal, referral_id, ZoneInfo(request.app.state.settings.timezone))


@router.get("/duplicate-candidates", response_model=Page[HouseholdMatch])
def duplicate_candidates(
    principal: Triage, session: SessionDep, paging: PagingDep,
    last_name: Annotated[str, Query(min_length=1, max_length=100)],
    commune: Annotated[str, Query(min_length=1, max_length=120)],
    phone: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[HouseholdMatch]:
    """Households that may already be the one being referred (same name and commune, or phone)."""
    matches = household_service.find_duplicates(session, principal, last_name=last_name, commune=commune, phone=phone)
    return Page.slice(matches, limit=paging.limit, offset=paging.offset)


@router.get("/{referral_id}", response_model=ReferralRead, responses=error_responses(404))
def read_referral(principal: Reader, session: SessionDep, request: Request, referral_id: ReferralId) -> ReferralRead:
    """One referral with its calls, triage note, history and the actions you may take now."""
    return service.read_referral(session, principal, referral_id,
                                 unreachable_after=request.app.state.settings.unreachable_after_attempts)


@router.post("/{referral_id}/transitions", response_model=ReferralRead, responses=error_responses(404, 409))
def transition_referral(principal: Triage, session: SessionDep, request: Request, referral_id: ReferralId,
                        body: ReferralTransitionRequest) -> ReferralRead:
    """Move the referral along its lifecycle; an impossible action answers 409 with the allowed ones."""
    return service.transition(session, principal, referral_id, body,
                              unreachable_after=request.app.state.settings.unreachable_after_attempts)


@router.post("/{referral_id}/calls", response_model=CallAttemptRead, status_code=201,
             responses=error_responses(404, 409))
def add_call(principal: Triage, session: SessionDep, referral_id: ReferralId, body: CallAttemptCreate) -> CallAttemptRead:
    """Record a call attempt to the household and its outcome."""
    return service.add_call(session, principal, referral_id, body)


@router.put("/{referral_id}/triage-note", response_model=ReferralRead, responses=error_responses(404, 409))
def write_triage_note(principal: Triage, session: SessionDep, referral_id: ReferralId,
                      body: TriageNoteWrite) -> ReferralRead:
    """Write the triage note after the call; a received referral becomes « contacted »."""
    return service.write_triage_note(session, principal, referral_id, body)


@router.post("/{referral_id}/link-household", response_model=ReferralRead, responses=error_responses(404, 409))
def link_household(principal: Triage, session: SessionDep, referral_id: ReferralId, body: LinkHousehold) -> ReferralRead:
    """Attach the referral to a household that already exists instead of the one created with it."""
    return service.link_household(session, principal, referral_id, body)
