"""The audit trail: one function writes it, in the caller's transaction.

An event's detail is structured (ids, counts, field names, codes), never free text: the trail
outlives erasure (GDPR art. 17), so it must not keep what people wrote about a family.
"""

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from sqlmodel import Session, col, func, select

from api.access import Principal
from api.models import AuditEvent, User
from api.schemas.audit import AuditEventRead
from api.schemas.common import Page, PersonRef
from api.services import scope

# A code is a lower-case identifier (field name, status, scope, ISO date): no spaces, no capitals,
# so neither a sentence nor a capitalised name fits.
CODE = re.compile(r"[a-z0-9][a-z0-9_.:/+-]{0,63}")
KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_DETAIL = 2000
Scalar = int | bool | Decimal | date | datetime | Enum | str | None
Detail = Mapping[str, Scalar | Sequence[Scalar]]


def _scalar(key: str, value: object) -> object:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str) and CODE.fullmatch(value):
        return value
    raise ValueError(f"audit detail {key!r}: only ids, counts, dates and codes, not {value!r:.40}")


def encode_detail(detail: Detail | None) -> str:
    """Structured detail as compact JSON; anything that looks like free text is refused (a bug)."""
    if not detail:
        return ""
    clean: dict[str, object] = {}
    for key, value in detail.items():
        if not KEY.fullmatch(key):
            raise ValueError(f"audit detail key {key!r} is not an identifier")
        if isinstance(value, Sequence) and not isinstance(value, str):
            clean[key] = [_scalar(key, v) for v in value]
        else:
            clean[key] = _scalar(key, value)
    encoded = json.dumps(clean, separators=(",", ":"))
    if len(encoded) > MAX_DETAIL:
        raise ValueError("audit detail too long")
    return encoded


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    household_id: int | None = None,
    detail: Detail | None = None,
) -> None:
    session.add(AuditEvent(
        actor_user_id=principal.user_id if principal else None,
        actor_token_id=principal.token_id if principal else None,
        token_jti=principal.jti if principal else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        household_id=household_id,
        detail=encode_detail(detail),
    ))


def list_events(
    session: Session, principal: Principal, *, household_id: int | None, actor_id: int | None, action: str | None,
    entity: str | None, limit: int, offset: int,
) -> Page[AuditEventRead]:
    conditions = [scope.visible_audit_events(principal)]
    if household_id is not None:
        conditions.append(AuditEvent.household_id == household_id)
    if actor_id is not None:
        conditions.append(AuditEvent.actor_user_id == actor_id)
    if action:
        conditions.append(AuditEvent.action == action)
    if entity:
        conditions.append(AuditEvent.entity == entity)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    rows = session.exec(
        select(AuditEvent, User).join(User, col(AuditEvent.actor_user_id) == User.id, isouter=True)
        .where(*conditions).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit).offset(offset)
    ).all()
    items = [
        AuditEventRead(
            id=e.id, at=e.at, actor=PersonRef(id=u.id, full_name=u.full_name) if u else None,
            actor_token_id=e.actor_token_id, token_jti=e.token_jti, action=e.action, entity=e.entity,
            entity_id=e.entity_id, household_id=e.household_id, detail=e.detail,
        )
        for e, u in rows
    ]
    return Page.of(items, total=total, limit=limit, offset=offset)
