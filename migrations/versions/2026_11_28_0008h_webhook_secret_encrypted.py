"""webhook signing secrets encrypted at rest

The column `secret` (clear) becomes `secret_encrypted` (Fernet, key derived from BINOME_SECRET_KEY by
api.security.derive_key). Existing rows are encrypted here, with the same settings the app runs with,
rather than lazily on first read: a lazy scheme would leave clear secrets on disk (and in backups) until
each subscription happens to fire, and would keep a second code path for clear values forever.

Revision ID: 0008h
Revises: 0008
Create Date: 2026-11-28 18:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from api.security import decrypt_secret, encrypt_secret
from api.settings import get_settings

revision: str = '0008h'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

table = sa.table('webhook_subscription', sa.column('id', sa.Integer), sa.column('secret', sa.String),
                 sa.column('secret_encrypted', sa.String))


def _key() -> str:
    # The caller may hand the app's secret (tests, embedded use); else the environment's, as the app reads it.
    config = op.get_context().config
    return (config.attributes.get("secret_key") if config is not None else None) or get_settings().secret_key


def upgrade() -> None:
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_encrypted', sa.String(length=255), nullable=True))
    bind, key = op.get_bind(), None
    for row in bind.execute(sa.select(table.c.id, table.c.secret)).all():
        key = key or _key()
        bind.execute(table.update().where(table.c.id == row.id)
                     .values(secret_encrypted=encrypt_secret(row.secret, secret=key)))
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.alter_column('secret_encrypted', existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_column('secret')


def downgrade() -> None:
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.String(length=128), nullable=True))
    bind, key = op.get_bind(), None
    for row in bind.execute(sa.select(table.c.id, table.c.secret_encrypted)).all():
        key = key or _key()
        bind.execute(table.update().where(table.c.id == row.id)
                     .values(secret=decrypt_secret(row.secret_encrypted, secret=key)))
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=128), nullable=False)
        batch_op.drop_column('secret_encrypted')
