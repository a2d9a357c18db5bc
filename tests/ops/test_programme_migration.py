"""Migration 0014p moves a single-programme database (the Jura's, as it was before programmes) into the
first programme without losing a row or a value.

The "database before" is a copy of the demo's Jura data in the schema of revision 0013a: the demo is
loaded at head, then every Jura row is copied, column by column, into a database migrated to 0013a.
After `upgrade head`, every row is back, unchanged, and belongs to the Jura.
"""

from pathlib import Path

import pytest
from sqlalchemy import MetaData, select
from sqlmodel import Session

from api.db import build_engine, run_migrations
from api.demo import seed_demo
from api.services.reference_data import seed_defaults
from api.settings import Environment, Settings
from tests.conftest import SECRET

JURA = 1
BEFORE = "0013a"
PLATFORM_ROWS_ALLOWED = {"reference_value"}  # national defaults: no programme, before and after


def _settings(path: Path) -> Settings:
    return Settings(environment=Environment.test, database_url=f"sqlite:///{path}", secret_key=SECRET, spa_dir="")


def _jura_rows(table, connection):  # noqa: ANN001, ANN202
    statement = select(table)
    if "programme_id" in table.c:
        wanted = None if table.name in PLATFORM_ROWS_ALLOWED else JURA
        statement = statement.where(table.c.programme_id.is_(None) if wanted is None else table.c.programme_id == wanted)
    return [dict(row._mapping) for row in connection.execute(statement)]


@pytest.mark.db_independent
def test_a_jura_database_from_before_programmes_keeps_every_row_in_the_first_programme(tmp_path: Path) -> None:
    demo = build_engine(_settings(tmp_path / "demo.db"))
    run_migrations(demo, SECRET)
    with Session(demo) as session:
        seed_defaults(session)
        seed_demo(session)
        session.commit()
    now = MetaData()
    now.reflect(demo)

    old = build_engine(_settings(tmp_path / "before.db"))
    run_migrations(old, SECRET, target=BEFORE)
    then = MetaData()
    then.reflect(old)
    copied: dict[str, list[dict]] = {}
    with demo.connect() as source, old.connect() as target:
        target.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with target.begin():
            for table in then.sorted_tables:
                if table.name == "alembic_version":
                    continue
                target.execute(table.delete())  # what the migrations seeded (communes, types) comes from the copy
                rows = [{k: v for k, v in row.items() if k in table.c} for row in _jura_rows(now.tables[table.name], source)]
                if rows:
                    target.execute(table.insert(), rows)
                copied[table.name] = rows
    assert sum(len(rows) for rows in copied.values()) > 500  # the demo's Jura: households, visits, communes…
    assert copied["household"] and copied["orientation"] and copied["app_user"]

    run_migrations(old, SECRET)  # 0013a → head, foreign keys checked at the end

    after = MetaData()
    after.reflect(old)
    with old.connect() as connection:
        for name, rows in copied.items():
            table = after.tables[name]
            found = [dict(r._mapping) for r in connection.execute(select(table))]
            assert len(found) == len(rows), name
            if "programme_id" in table.c:
                expected = {None} if name in PLATFORM_ROWS_ALLOWED else {JURA}
                assert {r["programme_id"] for r in found} <= expected, name
            key = [c.name for c in table.primary_key.columns if c.name != "programme_id"]
            by_key = {tuple(r[k] for k in key): r for r in found}
            for row in rows:
                moved = by_key[tuple(row[k] for k in key)]
                assert {k: moved[k] for k in row} == row, (name, row)
        programmes = connection.execute(select(after.tables["programme"])).all()
    assert [(p.id, p.slug) for p in programmes] == [(JURA, "jura")]
