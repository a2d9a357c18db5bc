"""report frozen figures: a validated report keeps the analysis, the works estimate and the reference
values it was computed with, and their date

Reports validated before this revision keep NULL: their figures were never frozen, and recomputing them
now would use today's bills and values, not the ones of their validation (the API says so).

Revision ID: 0010f
Revises: 0010b
Create Date: 2026-11-29 20:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010f"
down_revision: str | None = "0010b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("reference_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("frozen_analysis", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("frozen_works_estimate", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("frozen_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch.add_column(sa.Column("frozen_reference_rows", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_column("frozen_reference_rows")
        batch.drop_column("frozen_note")
        batch.drop_column("frozen_works_estimate")
        batch.drop_column("frozen_analysis")
        batch.drop_column("reference_date")
