"""Optimistic concurrency: every versioned document is changed by compare-and-set on its version."""

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col

from api.errors import StaleVersion


def claim_version(session: Session, row: SQLModel, expected: int | None, what: str) -> None:
    """Compare-and-set on a document's version: a stale write is a 409, never a silent overwrite."""
    table = type(row)
    if expected != row.version:  # type: ignore[attr-defined]
        raise StaleVersion(f"{what} a été modifié(e) entre-temps : rechargez avant d'enregistrer.")
    result = session.execute(update(table).where(col(table.id) == row.id, col(table.version) == expected)  # type: ignore[attr-defined]
                             .values(version=expected + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StaleVersion(f"{what} a été modifié(e) entre-temps : rechargez avant d'enregistrer.")
    row.version = expected + 1  # type: ignore[attr-defined]
