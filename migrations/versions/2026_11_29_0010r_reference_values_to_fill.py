"""Reference values may be « à renseigner » (known row, no sourced figure yet).

Revision ID: 0010r
Revises: 0009u
"""

import sqlalchemy as sa
from alembic import op

revision = "0010r"
down_revision = "0009u"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reference_value") as batch:
        batch.alter_column("value", existing_type=sa.Numeric(16, 6), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM reference_value WHERE value IS NULL")
    with op.batch_alter_table("reference_value") as batch:
        batch.alter_column("value", existing_type=sa.Numeric(16, 6), nullable=False)
