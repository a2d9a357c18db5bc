"""visits entered afterwards: a visit that happened before it was recorded says so, and why

Existing visits were all entered in time (the flag is false, no reason).

Revision ID: 0009v
Revises: 0009m
Create Date: 2026-11-29 16:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009v'
down_revision: str | None = '0009m'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("entered_afterwards", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("afterwards_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("afterwards_reason")
        batch.drop_column("entered_afterwards")
