"""an advisor's assignment records whether it came from a visit

An assignment made by booking a visit ends when the advisor is no longer on a planned or done
visit of the household; one made by hand stays until removed by hand. Existing assignments are
taken as made by hand (nothing is revoked by this migration).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 15:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("advisor_assignment") as batch:
        batch.add_column(sa.Column("through_visit", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("advisor_assignment") as batch:
        batch.drop_column("through_visit")
