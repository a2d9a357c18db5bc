"""erasure scrubs everything: idempotency records know their household; no free text in the audit trail

Revision ID: 0008e
Revises: 0008s
Create Date: 2026-11-29 10:00:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008e'
down_revision: str | None = '0008s'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('household_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idempotency_record_household_id'), ['household_id'], unique=False)
    connection = op.get_bind()
    # Existing records: a referral receipt names its household; a landlord's works update names its report.
    reports = dict(connection.execute(sa.text("SELECT id, household_id FROM report")).all())
    for record_id, body in connection.execute(sa.text("SELECT id, response_body FROM idempotency_record")).all():
        try:
            data = json.loads(body)
        except ValueError:
            continue
        household_id = data.get("household_id") or reports.get(data.get("report_id"))
        if household_id is not None:
            connection.execute(sa.text("UPDATE idempotency_record SET household_id = :h WHERE id = :i"),
                               {"h": household_id, "i": record_id})
    # Audit details were free text until now (erasure reasons, reopening reasons, mail errors): the
    # details of households already anonymised are cleared, so the trail no longer names them.
    connection.execute(sa.text(
        "UPDATE audit_event SET detail = '' WHERE household_id IN "
        "(SELECT id FROM household WHERE anonymised_at IS NOT NULL)"))


def downgrade() -> None:
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_record_household_id'))
        batch_op.drop_column('household_id')
