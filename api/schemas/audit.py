"""Audit trail entries, readable: names instead of ids, French labels, a summary of the detail."""

from datetime import datetime

from pydantic import Field

from api.schemas.common import PersonRef, ReadModel


class AuditEventRead(ReadModel):
    id: int
    at: datetime
    actor: PersonRef | None
    actor_token_id: int | None
    token_jti: str | None
    actor_name: str = Field(description="Who: the person's name, the integration token (and its organisation), "
                                        "or « Système » for scheduled jobs.")
    action: str
    action_label: str = Field(description="The action in French, e.g. « Consultation ».")
    entity: str
    entity_label: str = Field(description="The record type in French, e.g. « Diagnostic social ».")
    entity_id: int | None
    household_id: int | None
    household_name: str | None = Field(
        description="The household's display name when the reader may see that household, else null.")
    detail: str = Field(description="The structured detail as written (JSON of ids, counts and codes).")
    summary: str = Field(description="The detail in French, e.g. « Refus » or « 3 lignes ».")


class AuditCode(ReadModel):
    code: str
    label: str


class AuditVocabulary(ReadModel):
    """The actions and record types the journal can hold, with their French labels (filter choices)."""
    actions: list[AuditCode]
    entities: list[AuditCode]
