"""Account administration: single-use password links (invitations and resets, stored hashed), the
e-mails that carry them (an outbox), and the year of a territorial unit's households figure.

Revision ID: 0012p
Revises: 0011c
"""

import sqlalchemy as sa
from alembic import op

revision = "0012p"
down_revision = "0011c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("territorial_unit") as batch:
        batch.add_column(sa.Column("households_year", sa.Integer(), nullable=True))
    op.create_table(
        "password_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_password_token_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name=op.f("fk_password_token_created_by_id_app_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_token_token_hash")),
    )
    op.create_index(op.f("ix_password_token_user_id"), "password_token", ["user_id"], unique=False)
    op.create_table(
        "account_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_account_mail_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_mail")),
    )
    op.create_index(op.f("ix_account_mail_user_id"), "account_mail", ["user_id"], unique=False)
    op.create_index("ix_account_mail_due", "account_mail", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_account_mail_due", table_name="account_mail")
    op.drop_index(op.f("ix_account_mail_user_id"), table_name="account_mail")
    op.drop_table("account_mail")
    op.drop_index(op.f("ix_password_token_user_id"), table_name="password_token")
    op.drop_table("password_token")
    with op.batch_alter_table("territorial_unit") as batch:
        batch.drop_column("households_year")
