"""Optimistic concurrency: every versioned document is changed by compare-and-set on its version.

A stale write is a 409 `stale_version`, never a silent overwrite. When the caller says how the record
reads (`current`), the 409 carries it as it is now on the server, in the route's own answer shape: the
SPA's offline queue compares it field by field with what the device holds and lets the person choose.
"""

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, col

from api.errors import StaleVersion


def stale(what: str, current: Callable[[], BaseModel] | None = None, message: str | None = None) -> StaleVersion:
    """The 409 for a document changed in between, with its current state when `current` reads it."""
    return StaleVersion(message or f"{what} a été modifié(e) entre-temps : rechargez avant d'enregistrer.",
                        current=current().model_dump(mode="json") if current is not None else None)


def claim_version(session: Session, row: SQLModel, expected: int | None, what: str,
                  current: Callable[[], BaseModel] | None = None, *, message: str | None = None,
                  also: dict[str, Any] | None = None) -> None:
    """Compare-and-set on a document's version, before any other change: of two writers holding the same
    version, exactly one lands and the other gets a 409 (never a silent overwrite).

    `current` reads the row as the server holds it for the 409; `message` replaces the default wording;
    `also` sets other columns in the same UPDATE (a household's `updated_at`). The new values are the
    row's committed state: the claim itself is not written a second time at flush."""
    table = type(row)
    if expected is None or expected != row.version:  # type: ignore[attr-defined]
        raise stale(what, current, message)
    values = {"version": expected + 1, **(also or {})}
    result = session.execute(update(table).where(col(table.id) == row.id, col(table.version) == expected)  # type: ignore[attr-defined]
                             .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        session.refresh(row)  # another request changed it since we read it: show that version
        raise stale(what, current, message)
    for name, value in values.items():
        set_committed_value(row, name, value)
