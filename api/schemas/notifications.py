"""Notifications and their preferences, as the recipient reads them."""

from datetime import datetime

from pydantic import Field

from api.models import NotificationChannel, NotificationKind
from api.schemas.common import ReadModel, WriteModel


class NotificationRead(ReadModel):
    id: int
    kind: NotificationKind
    title: str = Field(description="Short French title: a number and a commune, never more than the recipient may read.",
                       examples=["Nouvelle demande n° 14 (Dole)"])
    link: str = Field(description="Path of the record in the application.", examples=["/demandes/14"])
    record_type: str = Field(description="referral, report, synthesis, household or orientation.")
    record_id: int
    created_at: datetime
    read_at: datetime | None


class UnreadCount(ReadModel):
    unread: int


class MarkedRead(ReadModel):
    marked: int = Field(description="How many notifications were marked as read.")


class NotificationPreferenceItem(ReadModel):
    kind: NotificationKind
    channel: NotificationChannel


class NotificationPreferences(ReadModel):
    preferences: list[NotificationPreferenceItem] = Field(description="Every kind, with its channel (in_app by default).")
    digest_available: bool = Field(description="Whether this server sends e-mail (otherwise the digest is not sent).")


class NotificationPreferenceWrite(WriteModel):
    kind: NotificationKind
    channel: NotificationChannel


class NotificationPreferencesUpdate(WriteModel):
    preferences: list[NotificationPreferenceWrite] = Field(max_length=len(NotificationKind),
                                                           description="The kinds to change; the others keep theirs.")
