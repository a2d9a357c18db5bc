"""The audit trail, for managers and administrators: filtered, readable, exportable as CSV."""

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.audit import AuditEventRead, AuditVocabulary
from api.schemas.common import Page
from api.services import audit as service

router = APIRouter(prefix="/audit-events", tags=["audit"], responses=error_responses(401, 403, 422))

Auditor = Annotated[Principal, any_scope(Scope.audit_read)]

MaxId = Query(ge=1, le=2_147_483_647)
CodeParam = Query(max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
CSV = "text/csv; charset=utf-8"
# Bounded so the day arithmetic (next day, Paris midnight in UTC) never leaves the calendar.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def event_filters(
    household_id: Annotated[int | None, MaxId] = None,
    actor_id: Annotated[int | None, MaxId, Query(description="The person who acted (a user id).")] = None,
    action: Annotated[str | None, CodeParam, Query(description="An action code (see /audit-events/vocabulary).")] = None,
    entity: Annotated[str | None, CodeParam, Query(description="A record type code (see /audit-events/vocabulary).")] = None,
    date_from: Annotated[date | None, Query(alias="from", ge=FIRST_DAY, le=LAST_DAY,
                                            description="First day, Europe/Paris (inclusive).")] = None,
    date_to: Annotated[date | None, Query(alias="to", ge=FIRST_DAY, le=LAST_DAY,
                                          description="Last day, Europe/Paris (inclusive).")] = None,
    q: Annotated[str | None, Query(max_length=100, description="A person's or a household's name (part of).")] = None,
) -> service.EventFilters:
    return service.EventFilters(household_id=household_id, actor_id=actor_id, action=action, entity=entity,
                                date_from=date_from, date_to=date_to, q=q)


FiltersDep = Annotated[service.EventFilters, Depends(event_filters)]


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


@router.get("", response_model=Page[AuditEventRead])
def list_audit_events(principal: Auditor, session: SessionDep, request: Request, paging: PagingDep,
                      filters: FiltersDep) -> Page[AuditEventRead]:
    """Who read or changed what, newest first, with names and French labels."""
    return service.list_events(session, principal, filters, limit=paging.limit, offset=paging.offset,
                               zone=_zone(request))


@router.get("/vocabulary", response_model=AuditVocabulary)
def read_audit_vocabulary(principal: Auditor) -> AuditVocabulary:
    """Every action and record type the journal knows, with its French label (the filters' choices)."""
    return service.vocabulary()


@router.get("/export.csv", response_class=Response, responses={200: {
    "content": {"text/csv": {}}, "description": "French Excel CSV (`;`, UTF-8 with BOM), at most 50 000 events.",
    "headers": {"Content-Disposition": {"description": "`attachment; filename=\"…\"`", "schema": {"type": "string"}},
                "X-Truncated": {"description": "`true` when the filters matched more than 50 000 events.",
                                "schema": {"type": "string"}}}}})
def download_audit_events_csv(principal: Auditor, session: SessionDep, request: Request,
                              filters: FiltersDep) -> Response:
    """The filtered journal as CSV, newest first, dates dd/mm/yyyy HH:MM (Paris time). At most 50 000
    events: the header `X-Truncated: true` (and a last line) says when the filters matched more. The
    export is itself recorded in the journal."""
    content, count, truncated = service.export_csv(session, principal, filters, zone=_zone(request))
    return Response(content, media_type=CSV, headers={
        "Content-Disposition": 'attachment; filename="journal-audit.csv"',
        "X-Row-Count": str(count), "X-Truncated": "true" if truncated else "false"})
