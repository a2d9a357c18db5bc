"""Programme isolation, in one place: every ORM statement of a session is limited to its programme.

A session is in one of three states (kept in `session.info`):
- a programme (an id): every SELECT, UPDATE and DELETE of a programme's rows gets
  `programme_id = :id` (national reference defaults are read too), in subqueries, joins and lazy
  loads alike (SQLAlchemy's `with_loader_criteria`); a new row is stamped with the programme;
- the platform (None): only the platform's own rows (its administrators and readers, their audit);
- pending: a request whose principal is not known yet. Reading a programme's row then is a bug
  and raises, so a route that forgets to authenticate fails closed instead of reading everything.
Sessions made outside a request (the CLI, the outbox sender, tests arranging data) start
unscoped: they see every programme, and must name the programme of any row they create.

`unscoped()` and `within()` are the only ways to step out, for the few places that must
(finding who logs in, the platform administration, the national aggregates).
See docs/architecture.md for why a column and one choke point rather than a schema per programme.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import column, event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlmodel import col

from api.models import Programme, ProgrammeOrNational, ProgrammeOrPlatform, ProgrammeOwned

_KEY = "binome.programme"
_PENDING = "pending"
_UNSCOPED = "unscoped"
_OWNED = (ProgrammeOwned, ProgrammeOrPlatform, ProgrammeOrNational)

# SQLAlchemy traces each criteria lambda once with the mixin itself (to cache the statement's shape),
# then applies it to every mapped subclass. A pydantic mixin has no class attribute for its field, so
# give it a stand-in column to be traced with (set here, after every table class is built).
for _mixin in _OWNED:
    type.__setattr__(_mixin, "programme_id", column("programme_id"))


class ProgrammeUnknown(RuntimeError):
    """A programme's rows were read before the request's principal was known (a missing dependency)."""


def enter(session: Session, programme_id: int | None) -> None:
    """From now on, this session works for this programme (None: for the platform)."""
    session.info[_KEY] = programme_id


def pending(session: Session) -> None:
    session.info[_KEY] = _PENDING


def current(session: Session) -> int | None:
    """The session's programme; None for the platform. Raises if none was set or it is unscoped."""
    value = session.info.get(_KEY, _UNSCOPED)
    if isinstance(value, str):
        raise ProgrammeUnknown("Ce traitement ne sait pas pour quel programme il travaille.")
    return value


def is_programme(session: Session) -> bool:
    return isinstance(session.info.get(_KEY, _UNSCOPED), int)


@contextmanager
def unscoped(session: Session) -> Iterator[None]:
    """Every programme's rows, for the length of the block (then the previous state again)."""
    with _state(session, _UNSCOPED):
        yield


@contextmanager
def within(session: Session, programme_id: int | None) -> Iterator[None]:
    """One programme's rows for the length of the block (a national figure computed per programme)."""
    with _state(session, programme_id):
        yield


def each_programme(session: Session) -> Iterator[int]:
    """Every programme in turn, the session working for it meanwhile: the daily jobs run per programme."""
    with unscoped(session):
        ids = [i for i in session.execute(select(col(Programme.id)).order_by(col(Programme.id))).scalars() if i is not None]
    for programme_id in ids:
        with within(session, programme_id):
            yield programme_id


@contextmanager
def _state(session: Session, value: Any) -> Iterator[None]:
    before = session.info.get(_KEY, _UNSCOPED)
    session.info[_KEY] = value
    try:
        yield
    finally:
        session.info[_KEY] = before


@event.listens_for(Session, "do_orm_execute")
def _limit_to_programme(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria travel with the statement that loaded the parent (propagate_to_loaders)
    value = state.session.info.get(_KEY, _UNSCOPED)
    if value == _UNSCOPED:
        return
    if value == _PENDING:
        if any(issubclass(mapper.class_, _OWNED) for mapper in state.all_mappers):
            raise ProgrammeUnknown("Lecture des données d'un programme avant l'authentification.")
        return
    if value is None:
        state.statement = state.statement.options(
            with_loader_criteria(ProgrammeOwned, lambda cls: cls.programme_id.is_(None), include_aliases=True),
            with_loader_criteria(ProgrammeOrPlatform, lambda cls: cls.programme_id.is_(None), include_aliases=True),
            with_loader_criteria(ProgrammeOrNational, lambda cls: cls.programme_id.is_(None), include_aliases=True),
        )
        return
    programme_id = value
    state.statement = state.statement.options(
        with_loader_criteria(ProgrammeOwned, lambda cls: cls.programme_id == programme_id, include_aliases=True),
        with_loader_criteria(ProgrammeOrPlatform, lambda cls: cls.programme_id == programme_id, include_aliases=True),
        with_loader_criteria(ProgrammeOrNational,
                             lambda cls: or_(cls.programme_id.is_(None), cls.programme_id == programme_id),
                             include_aliases=True),
    )


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    """A new row belongs to the session's programme; outside one, the code that creates it must say."""
    value = session.info.get(_KEY, _UNSCOPED)
    for row in session.new:
        if not isinstance(row, _OWNED):
            continue
        if row.programme_id is not None:
            if isinstance(value, int) and row.programme_id != value:
                raise ProgrammeUnknown(f"{type(row).__name__} écrit dans un autre programme.")
            continue
        if isinstance(value, int):
            row.programme_id = value
        elif isinstance(row, ProgrammeOwned):
            raise ProgrammeUnknown(f"{type(row).__name__} créé sans programme.")
