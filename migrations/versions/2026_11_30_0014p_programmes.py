"""Programmes: every SLIME on one deployment. Today's data becomes the first programme, the Jura's.

Every row that belongs to a programme gains `programme_id` (set to the Jura's for the rows already
there); users, organisations and the audit may also belong to the platform (None); reference
values stay national defaults (None) unless a programme overrides them. The uniques that were
global (e-mail, organisation and unit names, campaign year, commune, equipment and orientation
type codes) become per programme.

On SQLite the tables are rebuilt: api/db.py `run_migrations` turns foreign keys off around the
migration (a rebuilt parent would otherwise cascade its DELETE to the children) and checks them after.

Revision ID: 0014p
Revises: 0013a
Create Date: 2026-11-30 05:00:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision: str = '0014p'
down_revision: str | None = '0013a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JURA = 1

# Always one programme's.
OWNED = (
    'integration_token', 'household', 'household_member', 'dwelling', 'consent', 'advisor_assignment',
    'visit', 'unavailability', 'calendar_feed', 'referral', 'referral_reason', 'referral_transition',
    'call_attempt', 'triage_note', 'bill_entry', 'social_diagnostic', 'technical_diagnostic', 'works_plan',
    'equipment_item', 'orientation', 'orientation_event', 'works_update', 'webhook_subscription',
    'webhook_delivery', 'attachment', 'synthesis', 'review_comment', 'report', 'delivery', 'notification_digest',
    'notification', 'notification_preference', 'user_unit', 'territorial_unit', 'campaign', 'campaign_unit',
    'commune',
)
# A programme's, or the platform's (None).
PLATFORM_OR_OWNED = ('app_user', 'user_role', 'organisation', 'audit_event')

# (table, old unique constraint, new constraint name, its columns)
PER_PROGRAMME_UNIQUES = (
    ('app_user', 'uq_app_user_email', 'uq_app_user_programme_email', ['programme_id', 'email']),
    ('organisation', 'uq_organisation_name', 'uq_organisation_programme_name', ['programme_id', 'name']),
    ('territorial_unit', 'uq_territorial_unit_code', 'uq_territorial_unit_programme_code', ['programme_id', 'code']),
    ('territorial_unit', 'uq_territorial_unit_name', 'uq_territorial_unit_programme_name', ['programme_id', 'name']),
    ('campaign', 'uq_campaign_year', 'uq_campaign_programme_year', ['programme_id', 'year']),
    ('equipment_item', 'uq_equipment_item_code', 'uq_equipment_item_programme_code', ['programme_id', 'code']),
    ('commune', 'uq_commune_insee_code', 'uq_commune_programme_insee_code', ['programme_id', 'insee_code']),
)


def upgrade() -> None:
    programme = op.create_table(
        'programme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('territory', sa.String(length=200), nullable=False),
        sa.Column('issuer_name', sa.String(length=200), nullable=False),
        sa.Column('issuer_address', sa.String(length=400), nullable=False),
        sa.Column('signature', sa.String(length=400), nullable=False),
        sa.Column('sender_email', sa.String(length=254), nullable=True),
        sa.Column('logo_svg', sa.Text(), nullable=False),
        sa.Column('visiting_days', sa.String(length=20), nullable=True),
        sa.Column('visiting_start', sa.String(length=5), nullable=True),
        sa.Column('visiting_end', sa.String(length=5), nullable=True),
        sa.Column('named_in_national', sa.Boolean(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
        sa.UniqueConstraint('name', name=op.f('uq_programme_name')),
        sa.UniqueConstraint('slug', name=op.f('uq_programme_slug')),
    )
    op.bulk_insert(programme, [{
        'id': JURA, 'slug': 'jura', 'name': 'SLIME du Jura', 'territory': 'Département du Jura (39)',
        'issuer_name': 'Conseil départemental du Jura – Pôle des Solidarités',
        'issuer_address': '17 rue Rouget de Lisle, 39039 Lons-le-Saunier Cedex',
        'signature': "L'équipe SLIME du Jura (Conseil départemental et Ajena)", 'sender_email': None,
        'logo_svg': '', 'visiting_days': None, 'visiting_start': None, 'visiting_end': None,
        'named_in_national': True, 'is_active': True, 'created_at': datetime.now(UTC),
    }])
    if op.get_bind().dialect.name == 'postgresql':  # the next programme gets id 2, not a duplicate 1
        op.execute("SELECT setval(pg_get_serial_sequence('programme', 'id'), (SELECT MAX(id) FROM programme))")

    # 1. the column, filled: today's rows are the Jura's (reference values stay national defaults).
    for table in (*OWNED, *PLATFORM_OR_OWNED, 'orientation_type', 'reference_value'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        if table != 'reference_value':
            op.execute(sa.text(f'UPDATE {table} SET programme_id = {JURA}'))

    # 2. the constraints: not null where always a programme's, the foreign key, the index, the uniques.
    uniques: dict[str, list[tuple[str, str, list[str]]]] = {}
    for table, old, new, columns in PER_PROGRAMME_UNIQUES:
        uniques.setdefault(table, []).append((old, new, columns))
    for table in (*OWNED, *PLATFORM_OR_OWNED, 'reference_value'):
        with op.batch_alter_table(table) as batch_op:
            if table in OWNED:
                batch_op.alter_column('programme_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(f'ix_{table}_programme_id', ['programme_id'], unique=False)
            batch_op.create_foreign_key(f'fk_{table}_programme_id_programme', 'programme', ['programme_id'], ['id'],
                                        ondelete='RESTRICT')
            for old, new, columns in uniques.get(table, ()):
                batch_op.drop_constraint(old, type_='unique')
                batch_op.create_unique_constraint(new, columns)
            if table == 'app_user':
                batch_op.create_index('ix_app_user_email', ['email'], unique=False)
            if table == 'reference_value':
                batch_op.drop_constraint('uq_reference_value_dated_key', type_='unique')
                batch_op.create_unique_constraint('uq_reference_value_dated_key',
                                                  ['programme_id', 'table_name', 'key', 'valid_from'])

    # 3. orientation types: the code is unique within a programme, and orientations point at their own.
    with op.batch_alter_table('orientation') as batch_op:
        batch_op.drop_constraint('fk_orientation_kind_orientation_type', type_='foreignkey')
    with op.batch_alter_table('orientation_type') as batch_op:
        batch_op.alter_column('programme_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('pk_orientation_type', type_='primary')
        batch_op.create_primary_key('pk_orientation_type', ['programme_id', 'code'])
        batch_op.create_foreign_key('fk_orientation_type_programme_id_programme', 'programme', ['programme_id'], ['id'],
                                    ondelete='RESTRICT')
    with op.batch_alter_table('orientation') as batch_op:
        batch_op.create_foreign_key('fk_orientation_kind_orientation_type', 'orientation_type',
                                    ['programme_id', 'kind'], ['programme_id', 'code'], ondelete='RESTRICT')


def downgrade() -> None:
    raise NotImplementedError("Programmes cannot be merged back into one: restore a backup taken before 0014p.")
