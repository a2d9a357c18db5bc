"""Audit trail entries."""

from datetime import datetime

from api.schemas.common import PersonRef, ReadModel


class AuditEventRead(ReadModel):
    id: int
    at: datetime
    actor: PersonRef | None
    actor_token_id: int | None
    token_jti: str | None
    action: str
    entity: str
    entity_id: int | None
    household_id: int | None
    detail: str
