"""Per-token rate limits for integration tokens: an optional limit per token, and the counter of the
current minute.

Revision ID: 0010t
Revises: 0010f
"""

import sqlalchemy as sa
from alembic import op

revision = "0010t"
down_revision = "0010f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("integration_token") as batch:
        batch.add_column(sa.Column("rate_limit_per_minute", sa.Integer(), nullable=True))
    op.create_table(
        "integration_rate_window",
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["integration_token.id"],
                                name=op.f("fk_integration_rate_window_token_id_integration_token"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_integration_rate_window")),
    )


def downgrade() -> None:
    op.drop_table("integration_rate_window")
    with op.batch_alter_table("integration_token") as batch:
        batch.drop_column("rate_limit_per_minute")
