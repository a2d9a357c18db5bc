"""Visits, the shared agenda, unavailability, worklists and calendar feeds."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import Field
from sqlmodel import Session

from api.access import Principal, Scope
from api.auth import AnyPrincipal, any_scope
from api.deps import SessionDep
from api.errors import InvalidInput, error_responses
from api.schemas.agenda import (
    Agenda,
    Briefing,
    CalendarFeedCreated,
    FreeSlot,
    UnavailabilityCreate,
    UnavailabilityRead,
    VisitCreate,
    VisitRead,
    VisitReschedule,
    VisitStatusChange,
    VisitUpdate,
)
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.worklists import Worklist
from api.services import agenda as service
from api.services import calendar_feed, programmes, worklists
from api.services import availability
from api.services.availability import AgendaRules

router = APIRouter(tags=["agenda"], responses=error_responses(401, 403, 422))

Reader = Annotated[Principal, any_scope(Scope.agenda_read)]
Planner = Annotated[Principal, any_scope(Scope.agenda_write)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
# Bounded items: an unbounded int overflowed the database driver (a 500 found by fuzzing).
UserIds = Annotated[list[Annotated[int, Field(ge=1, le=2_147_483_647)]],
                    Query(min_length=1, max_length=10, description="People whose agenda to show.")]


def rules(request: Request, session: Session) -> AgendaRules:
    """The deployment's agenda settings, with the visiting days and hours of the programme where it sets its own."""
    return AgendaRules.from_settings(request.app.state.settings).for_programme(programmes.current(session))


@router.post("/visits", response_model=VisitRead, status_code=201, responses=error_responses(404, 409))
def create_visit(principal: Planner, session: SessionDep, request: Request, body: VisitCreate) -> VisitRead:
    """Book a visit for the pair, or record one already made (`entered_afterwards` with a reason).

    A clash with either person's agenda (travel time included) or another planned visit of the household
    is a 409; a time in the past, before the referral came in, outside the visiting hours or too long is a 422."""
    return service.create_visit(session, principal, rules(request, session), body)


@router.get("/visits/{visit_id}", response_model=VisitRead, responses=error_responses(404))
def read_visit(principal: Reader, session: SessionDep, visit_id: Id) -> VisitRead:
    """One visit."""
    return service.read_visit(session, principal, visit_id)


@router.patch("/visits/{visit_id}", response_model=VisitRead, responses=error_responses(404, 409))
def update_visit(principal: Planner, session: SessionDep, request: Request, visit_id: Id, body: VisitUpdate) -> VisitRead:
    """Move a planned visit, change its pair, place or notes (with the `version` you read)."""
    return service.update_visit(session, principal, rules(request, session), visit_id, body)


@router.post("/visits/{visit_id}/status", response_model=VisitRead, responses=error_responses(404, 409))
def change_visit_status(principal: Reader, session: SessionDep, request: Request, visit_id: Id,
                        body: VisitStatusChange) -> VisitRead:
    """Mark a planned visit done, cancelled or a no-show (the pair or the coordination), through the
    visit workflow: from any other state it is a 409 naming the allowed actions."""
    return service.change_status(session, principal, rules(request, session), visit_id, body)


@router.post("/visits/{visit_id}/reschedule", response_model=VisitRead, status_code=201,
             responses=error_responses(404, 409))
def reschedule_visit(principal: Planner, session: SessionDep, request: Request, visit_id: Id,
                     body: VisitReschedule) -> VisitRead:
    """Move a visit to a new time: the old one is kept as « rescheduled », linked to the new one."""
    return service.reschedule(session, principal, rules(request, session), visit_id, body)


@router.get("/visits/{visit_id}/briefing", response_model=Briefing, responses=error_responses(404))
def read_briefing(principal: Reader, session: SessionDep, visit_id: Id) -> Briefing:
    """The referral and triage note to read before the visit."""
    return service.briefing(session, principal, visit_id)


@router.post("/visits/{visit_id}/briefing/read", response_model=VisitRead, responses=error_responses(404))
def mark_briefing_read(principal: Reader, session: SessionDep, visit_id: Id) -> VisitRead:
    """The advisor has read the briefing."""
    return service.mark_briefing_read(session, principal, visit_id)


def _week(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        today = date.today()
        start = today - timedelta(days=today.weekday())
    return start, end or start + timedelta(days=6)


@router.get("/agenda", response_model=Agenda, responses=error_responses(404))
def read_agenda(principal: Reader, session: SessionDep, request: Request, user_id: UserIds,
                start: date | None = None, end: date | None = None) -> Agenda:
    """Commitments of one or more people between two dates (this week by default), in UTC."""
    first, last = _week(start, end)
    return service.agenda(session, principal, rules(request, session), user_id, first, last)


@router.get("/agenda/free-slots", response_model=Page[FreeSlot], responses=error_responses(404))
def free_slots(
    _: Reader, session: SessionDep, request: Request, user_id: UserIds, paging: PagingDep,
    start: date | None = None, end: date | None = None,
    duration_minutes: Annotated[int, Query(ge=30, le=480)] = 120,
    per_day: Annotated[int | None, Query(ge=1, le=20, description="At most this many non-overlapping slots a day.")] = None,
) -> Page[FreeSlot]:
    """Working-hour slots free for all these people, travel time included, earliest first."""
    first, last = _week(start, end)
    agenda_rules = rules(request, session)
    availability.local_range(agenda_rules, first, last)
    # The period is bounded (local_range), so every slot of it is counted for the envelope's total.
    slots = availability.free_slots(session, agenda_rules, user_id, first, last, timedelta(minutes=duration_minutes),
                                    per_day=per_day, limit=availability.MAX_SLOTS)
    return Page.slice(slots, limit=paging.limit, offset=paging.offset)


@router.post("/unavailabilities", response_model=UnavailabilityRead, status_code=201)
def add_unavailability(principal: Reader, session: SessionDep, body: UnavailabilityCreate) -> UnavailabilityRead:
    """Block time in your agenda (leave, training, meeting)."""
    return service.add_unavailability(session, principal, body)


@router.delete("/unavailabilities/{unavailability_id}", status_code=204, responses=error_responses(404))
def delete_unavailability(principal: Reader, session: SessionDep, unavailability_id: Id) -> Response:
    """Remove an unavailability block."""
    service.delete_unavailability(session, principal, unavailability_id)
    return Response(status_code=204)


@router.post("/calendar-feed", response_model=CalendarFeedCreated, status_code=201)
def create_calendar_feed(principal: Reader, session: SessionDep, request: Request) -> CalendarFeedCreated:
    """A new secret iCalendar address for your agenda; the previous one stops working."""
    if principal.user_id is None:
        raise InvalidInput("user", "Réservé aux personnes.")
    token = calendar_feed.rotate(session, principal, secret=request.app.state.settings.keys.calendar_feed)
    return CalendarFeedCreated(url=str(request.url_for("calendar_feed", token=token)))


@router.delete("/calendar-feed", status_code=204)
def revoke_calendar_feed(principal: Reader, session: SessionDep) -> Response:
    """Stop your calendar address from working."""
    calendar_feed.revoke(session, principal)
    return Response(status_code=204)


@router.get("/worklist", response_model=Worklist)
def read_worklist(principal: AnyPrincipal, session: SessionDep, request: Request) -> Worklist:
    """What to do next: calls to make, visits this week, briefings to read, your referrals."""
    return worklists.worklist(session, principal, rules(request, session))
