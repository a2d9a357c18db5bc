"""trigram indexes for the household search (PostgreSQL only)

The search matches words anywhere in the name, the commune or the phone (`LIKE '%mot%'`), which a
b-tree cannot serve: at 120k households each page scanned the table twice (page and count).
Trigram GIN indexes serve these LIKEs; the bench measured the list from 14 to 63 req/s.
SQLite has no such index and keeps scanning (fine at the size of one département).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 16:55:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_household_search_name_trgm": "search_name gin_trgm_ops",
    "ix_household_commune_trgm": "lower(commune) gin_trgm_ops",
    "ix_household_phone_trgm": "phone gin_trgm_ops",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON household USING gin ({expression})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
