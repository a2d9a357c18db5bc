"""mail outbox: report copies by e-mail are queued and sent after the request, with retries

Revision ID: 0009m
Revises: 0008e
Create Date: 2026-11-29 16:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009m'
down_revision: str | None = '0008e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_delivery_due', ['status', 'next_attempt_at'], unique=False)
    # Copies sent before the outbox went out at once, in one attempt.
    op.execute("UPDATE delivery SET attempts = 1, delivered_at = at WHERE status = 'sent'")
    op.execute("UPDATE delivery SET attempts = 1 WHERE status = 'failed'")
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.alter_column('attempts', server_default=None)


def downgrade() -> None:
    # Pending copies were never sent: the old log knew only sent, failed and recorded.
    op.execute("UPDATE delivery SET status = 'failed' WHERE status = 'pending'")
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_due')
        batch_op.drop_column('delivered_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
