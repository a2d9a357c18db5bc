"""The signed-in person's notifications, their unread count (polled by the SPA's header) and their
choice, per kind, of in-app only or also the daily e-mail digest. People only: an integration token
receives none (403); someone else's notification is a 404."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from api.auth import AnyPrincipal
from api.deps import SessionDep
from api.errors import error_responses
from api.routers.params import PagingDep
from api.schemas.common import Page
from api.schemas.notifications import (
    MarkedRead,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    NotificationRead,
    UnreadCount,
)
from api.services import notifications as service

router = APIRouter(prefix="/me", tags=["notifications"], responses=error_responses(401, 403, 422))

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/notifications", response_model=Page[NotificationRead])
def list_notifications(principal: AnyPrincipal, session: SessionDep, paging: PagingDep,
                       unread_only: Annotated[bool, Query(description="Only those not read yet.")] = False,
                       ) -> Page[NotificationRead]:
    """One's notifications, newest first; those whose record one no longer reaches are left out."""
    return service.list_notifications(session, principal, unread_only=unread_only, limit=paging.limit,
                                      offset=paging.offset)


@router.get("/notifications/unread-count", response_model=UnreadCount)
def read_unread_notification_count(principal: AnyPrincipal, session: SessionDep) -> UnreadCount:
    """How many are unread (one indexed count; the SPA's header asks every minute)."""
    return UnreadCount(unread=service.unread_count(session, principal))


@router.post("/notifications/read-all", response_model=MarkedRead)
def mark_all_notifications_read(principal: AnyPrincipal, session: SessionDep) -> MarkedRead:
    return MarkedRead(marked=service.mark_all_read(session, principal))


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead,
             responses=error_responses(404))
def mark_notification_read(principal: AnyPrincipal, session: SessionDep, notification_id: Id) -> NotificationRead:
    return service.mark_read(session, principal, notification_id)


@router.get("/notification-preferences", response_model=NotificationPreferences)
def read_notification_preferences(principal: AnyPrincipal, session: SessionDep,
                                  request: Request) -> NotificationPreferences:
    """Every kind with its channel: in the application only (the default), or also in the daily e-mail."""
    return service.read_preferences(session, request.app.state.settings, principal)


@router.put("/notification-preferences", response_model=NotificationPreferences, responses=error_responses(422))
def update_notification_preferences(principal: AnyPrincipal, session: SessionDep, request: Request,
                                    body: NotificationPreferencesUpdate) -> NotificationPreferences:
    return service.update_preferences(session, request.app.state.settings, principal, body)
