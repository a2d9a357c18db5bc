"""The audit trail: one function writes it, in the caller's transaction."""

from sqlmodel import Session, col, func, select

from api.access import Principal
from api.models import AuditEvent, User
from api.schemas.audit import AuditEventRead
from api.schemas.common import Page, PersonRef
from api.services import scope


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    household_id: int | None = None,
    detail: str = "",
) -> None:
    session.add(AuditEvent(
        actor_user_id=principal.user_id if principal else None,
        actor_token_id=principal.token_id if principal else None,
        token_jti=principal.jti if principal else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        household_id=household_id,
        detail=detail[:2000],
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
