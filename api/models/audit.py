"""Who read or changed which record, when, with which token. Written in the request's transaction."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlmodel import Field

from api.models.base import created_at_field
from api.models.programmes import ProgrammeOrPlatform


class AuditEvent(ProgrammeOrPlatform, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_household_at", "household_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    actor_token_id: int | None = Field(default=None, foreign_key="integration_token.id", ondelete="SET NULL")
    token_jti: str | None = Field(default=None, max_length=64)
    action: str = Field(sa_type=String(32), index=True)  # read, list, create, update, delete, login, ...
    entity: str = Field(max_length=64)
    entity_id: int | None = None
    household_id: int | None = Field(default=None, index=True)  # no FK: the trail outlives erasure
    detail: str = Field(default="", max_length=2000)
