"""Optimistic concurrency: every versioned document is changed by compare-and-set on its version.

A stale write is a 409 `stale_version`, never a silent overwrite. When the caller says how the record
reads (`current`), the 409 carries it as it is now on the server, in the route's own answer shape: the
SPA's offline queue compares it field by field with what the device holds and lets the person choose.
"""

from collections.abc import Callable

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, SQLModel, col

from api.errors import StaleVersion


def stale(what: str, current: Callable[[], BaseModel] | None = None) -> StaleVersion:
    """The 409 for a document changed in between, with its current state when `current` reads it."""
    return StaleVersion(f"{what} a été modifié(e) entre-temps : rechargez avant d'enregistrer.",
                        current=current().model_dump(mode="json") if current is not None else None)


def claim_version(session: Session, row: SQLModel, expected: int | None, what: str,
                  current: Callable[[], BaseModel] | None = None) -> None:
    """Compare-and-set on a document's version: a stale write is a 409, never a silent overwrite.

    Call it before changing the row: `current` then reads the row as the server holds it."""
    table = type(row)
    if expected != row.version:  # type: ignore[attr-defined]
        raise stale(what, current)
    result = session.execute(update(table).where(col(table.id) == row.id, col(table.version) == expected)  # type: ignore[attr-defined]
                             .values(version=expected + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(row)  # another request changed it since we read it: show that version
        raise stale(what, current)
    row.version = expected + 1  # type: ignore[attr-defined]
