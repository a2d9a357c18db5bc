"""The audit trail: one function writes it, in the caller's transaction.

An event's detail is structured (ids, counts, field names, codes), never free text: the trail
outlives erasure (GDPR art. 17), so it must not keep what people wrote about a family.
"""

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, event, insert, or_
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, func, select

from api import audit_labels as labels
from api import tenancy
from api.access import Principal
from api.errors import InvalidInput
from api.models import AuditEvent, Household, IntegrationToken, Organisation, User
from api.models.base import utcnow
from api.schemas.audit import AuditCode, AuditEventRead, AuditVocabulary
from api.schemas.common import Page, PersonRef
from api.services import scope
from api.services.text import fold, like_pattern

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
    """Note an event; it is written with the transaction's commit (`write_pending`), or not at all.

    Not an ORM object: a pending row would be flushed by the next query of a read (a round trip of its own),
    where one INSERT of the request's events travels with the COMMIT (api/db.py)."""
    if principal is not None:
        programme_id = principal.programme_id  # a login names it here; a programme's session has it anyway
    else:
        programme_id = tenancy.current(session) if tenancy.is_programme(session) else None
    session.info.setdefault(_PENDING, []).append({
        "programme_id": programme_id, "at": utcnow(),
        "actor_user_id": principal.user_id if principal else None,
        "actor_token_id": principal.token_id if principal else None,
        "token_jti": principal.jti if principal else None,
        "action": action, "entity": entity, "entity_id": entity_id, "household_id": household_id,
        "detail": encode_detail(detail),
    })


_PENDING = "binome.audit_pending"
INSERT = insert(AuditEvent.__table__).inline()  # type: ignore[attr-defined]  # plain Core, no RETURNING: a log line


@cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO audit_event ({', '.join(columns)}) "
            f"VALUES ({', '.join(f'%({c})s' for c in columns)})")


def insert_sql(row: Mapping[str, object]) -> str:
    """The INSERT of `record`'s rows for psycopg's own placeholders (api/db.py sends it in a pipeline)."""
    return _insert_sql(tuple(row))


def take_pending(session: Session) -> list[dict[str, object]]:
    """The events noted since the last write, handed over once (the caller writes them)."""
    return session.info.pop(_PENDING, [])


def write_pending(session: Session) -> None:
    """One INSERT of the events noted in this transaction (the session's commit calls it first)."""
    rows = take_pending(session)
    if rows:
        session.execute(INSERT, rows)


@event.listens_for(OrmSession, "before_commit")
def _write_before_commit(session: Session) -> None:
    write_pending(session)


@event.listens_for(OrmSession, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)  # the events of a transaction that did not happen


# --- reading the trail ---------------------------------------------------------------------------

CSV_MAX_ROWS = 50_000
CSV_HEADERS = ["Date (heure de Paris)", "Personne", "Action", "Type d'enregistrement", "N° d'enregistrement",
               "Ménage", "Détail"]


@dataclass(frozen=True)
class EventFilters:
    household_id: int | None = None
    actor_id: int | None = None
    action: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of `day` in `zone`, as UTC (a Paris day is 23, 24 or 25 hours)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _conditions(principal: Principal, f: EventFilters, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise InvalidInput("from", "La date de début doit précéder la date de fin.")
    conditions: list[ColumnElement[bool]] = [scope.visible_audit_events(principal)]
    if f.household_id is not None:
        conditions.append(col(AuditEvent.household_id) == f.household_id)
    if f.actor_id is not None:
        conditions.append(col(AuditEvent.actor_user_id) == f.actor_id)
    if f.action:
        conditions.append(col(AuditEvent.action) == f.action)
    if f.entity:
        conditions.append(col(AuditEvent.entity) == f.entity)
    if f.date_from:
        conditions.append(col(AuditEvent.at) >= _day_start(f.date_from, zone))
    if f.date_to:
        conditions.append(col(AuditEvent.at) < _day_start(f.date_to + timedelta(days=1), zone))
    if f.q and f.q.strip():
        pattern = like_pattern(fold(f.q))
        conditions.append(or_(
            col(AuditEvent.actor_user_id).in_(select(User.id).where(func.lower(User.full_name).like(pattern, escape="\\"))),
            col(AuditEvent.household_id).in_(select(Household.id).where(
                col(Household.search_name).like(pattern, escape="\\"), scope.visible_households(principal))),
        ))
    return conditions


def _readable(session: Session, principal: Principal, conditions: list[ColumnElement[bool]], limit: int,
              offset: int) -> list[AuditEventRead]:
    """One query whatever the page size: the event, its author (person or token and organisation) and its
    household when the reader may see it."""
    visible = and_(col(Household.id) == AuditEvent.household_id, scope.visible_households(principal))
    rows = session.exec(
        # SQLModel's select() is typed for at most four entities.
        select(AuditEvent, User, IntegrationToken, Organisation, Household)  # type: ignore[call-overload]
        .join(User, col(AuditEvent.actor_user_id) == User.id, isouter=True)
        .join(IntegrationToken, col(AuditEvent.actor_token_id) == IntegrationToken.id, isouter=True)
        .join(Organisation, col(IntegrationToken.organisation_id) == Organisation.id, isouter=True)
        .join(Household, visible, isouter=True)
        .where(*conditions).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit).offset(offset)
    ).all()
    return [_read(e, u, t, o, h) for e, u, t, o, h in rows]


def _actor_name(event: AuditEvent, user: User | None, token: IntegrationToken | None,
                organisation: Organisation | None) -> str:
    if user is not None:
        return user.full_name
    if token is not None:
        return f"Jeton « {token.name} »" + (f" ({organisation.name})" if organisation else "")
    if event.actor_token_id is not None:
        return f"Jeton d'intégration n° {event.actor_token_id}"
    if event.actor_user_id is not None:
        return f"Utilisateur n° {event.actor_user_id}"
    return "Système"


def household_display_name(household: Household) -> str:
    """As the household pages show it (services/households.display_name, not imported: it imports this)."""
    return f"{household.last_name.upper()} {household.first_name}"


def _read(e: AuditEvent, u: User | None, t: IntegrationToken | None, o: Organisation | None,
          h: Household | None) -> AuditEventRead:
    return AuditEventRead(
        id=e.id, at=e.at, actor=PersonRef(id=u.id, full_name=u.full_name) if u else None,
        actor_token_id=e.actor_token_id, token_jti=e.token_jti, actor_name=_actor_name(e, u, t, o),
        action=e.action, action_label=labels.action_label(e.action), entity=e.entity,
        entity_label=labels.entity_label(e.entity), entity_id=e.entity_id, household_id=e.household_id,
        household_name=household_display_name(h) if h else None, detail=e.detail,
        summary=labels.summarise(e.action, e.entity, e.detail),
    )


def list_events(session: Session, principal: Principal, filters: EventFilters, *, limit: int, offset: int,
                zone: ZoneInfo = labels.PARIS) -> Page[AuditEventRead]:
    conditions = _conditions(principal, filters, zone)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    items = _readable(session, principal, conditions, limit, offset)
    return Page.of(items, total=total, limit=limit, offset=offset)


def export_csv(session: Session, principal: Principal, filters: EventFilters,
               zone: ZoneInfo = labels.PARIS) -> tuple[bytes, int, bool]:
    """The filtered trail as French Excel CSV (`;`, UTF-8 with BOM, dates dd/mm/yyyy HH:MM in Paris time),
    at most CSV_MAX_ROWS events, newest first; the export itself is audited. Returns the file, the number
    of events written and whether the filters matched more."""
    conditions = _conditions(principal, filters, zone)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    written = 0
    batch = 5_000
    while written < min(total, CSV_MAX_ROWS):
        events = _readable(session, principal, conditions, min(batch, CSV_MAX_ROWS - written), written)
        if not events:
            break
        for e in events:
            household = e.household_name or (f"n° {e.household_id}" if e.household_id else "")
            writer.writerow([_cell(v) for v in (
                e.at.astimezone(zone).strftime("%d/%m/%Y %H:%M"), e.actor_name, e.action_label, e.entity_label,
                e.entity_id if e.entity_id is not None else "", household, e.summary)])
        written += len(events)
    truncated = total > written
    if truncated:
        writer.writerow([f"Export limité aux {CSV_MAX_ROWS:,} événements les plus récents sur {total:,} : "
                         "précisez les filtres (dates) pour obtenir le reste.".replace(",", "\u202f")])
    record(session, principal, "export", "audit_log", detail={
        "count": written, "truncated": truncated, **{k: v for k, v in asdict(filters).items()
                                                       if v is not None and k != "q"
                                                       and (not isinstance(v, str) or CODE.fullmatch(v))}})
    return ("\ufeff" + out.getvalue()).encode(), written, truncated


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def access_log(session: Session, principal: Principal, household_id: int, *, limit: int,
               offset: int) -> Page[AuditEventRead]:
    """Who read or changed a household's record, newest first (« Qui a consulté ce dossier »). A
    household out of reach is a 404; the consultation of this log is itself recorded."""
    household = scope.get_household(session, principal, household_id)
    record(session, principal, "read", "access_log", household.id, household_id=household.id)
    write_pending(session)  # the log lists this consultation too
    conditions = [col(AuditEvent.household_id) == household.id]
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    items = _readable(session, principal, conditions, limit, offset)
    return Page.of(items, total=total, limit=limit, offset=offset)


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions=[AuditCode(code=c, label=v) for c, v in sorted(labels.AUDIT_ACTION_LABELS.items(), key=lambda i: i[1])],
        entities=[AuditCode(code=c, label=v) for c, v in sorted(labels.AUDIT_ENTITY_LABELS.items(), key=lambda i: i[1])],
    )
