"""A wood delivery may carry its own kWh factor: species, moisture, log length, or the supplier's figure.

Revision ID: 0010b
Revises: 0010r
"""

import sqlalchemy as sa
from alembic import op

revision = "0010b"
down_revision = "0010r"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bill_entry") as batch:
        batch.add_column(sa.Column("wood_species", sa.String(16), nullable=True))
        batch.add_column(sa.Column("wood_moisture", sa.String(16), nullable=True))
        batch.add_column(sa.Column("log_length_cm", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("kwh_per_unit", sa.Numeric(8, 1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bill_entry") as batch:
        for column in ("kwh_per_unit", "log_length_cm", "wood_moisture", "wood_species"):
            batch.drop_column(column)
