"""communes of the Jura and the territorial unit serving each (editable)

Seeds the 492 current communes of the Jura (INSEE COG 2026, with La Poste postal codes) from
api/data/communes_39.csv, extracted from the npm package @etalab/decoupage-administratif 6.0.0 by
scripts/extract_communes.py. The unit of each commune is an APPROXIMATION to check with the
département (arrondissement 391 Dole, 392 Lons-le-Saunier, 393 Saint-Claude; the communes of the
CC Champagnole Nozeroy Jura go to Champagnole); an administrator corrects it on the communes screen.
Existing households keep their unit.

Revision ID: 0009u
Revises: 0009v
Create Date: 2026-11-29 16:20:00
"""
import csv
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009u'
down_revision: str | None = '0009v'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA = Path(__file__).resolve().parents[2] / "api" / "data" / "communes_39.csv"


def _search_name(name: str) -> str:
    # Frozen copy of api.services.communes.search_key (a migration must not follow later code).
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s'’-]+", " ", stripped).strip()


def upgrade() -> None:
    commune = op.create_table('commune',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('insee_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('search_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postcodes', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('arrondissement', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('unit_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commune')),
    sa.UniqueConstraint('insee_code', name=op.f('uq_commune_insee_code'))
    )
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commune_search_name'), ['search_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_commune_unit_code'), ['unit_code'], unique=False)

    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [{
        "insee_code": r["insee_code"], "name": r["name"], "search_name": _search_name(r["name"]),
        "postcodes": r["postcodes"], "arrondissement": r["arrondissement"], "unit_code": r["unit_code"] or None,
    } for r in csv.DictReader(lines)]
    op.bulk_insert(commune, rows)


def downgrade() -> None:
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commune_unit_code'))
        batch_op.drop_index(batch_op.f('ix_commune_search_name'))
    op.drop_table('commune')
