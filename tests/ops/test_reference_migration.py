"""Corrections of the seeded reference values reach a database seeded before them, through a migration,
without touching what an administrator added or edited."""

import importlib.util
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from api.cli import alembic_config
from api.energy.reference import DEFAULT_REFERENCE_ROWS

MIGRATION = next(Path("migrations/versions").glob("*_0011c_*.py"))


def _module():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("reference_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _rows(conn) -> set[tuple]:  # noqa: ANN001
    return {(t, k, None if v is None else Decimal(str(v)).normalize(), u, str(d), s)
            for t, k, v, u, d, s in conn.execute(text(
                "SELECT table_name, key, value, unit, valid_from, source FROM reference_value")).all()}


def _expected(rows) -> set[tuple]:  # noqa: ANN001
    return {(r.table, r.key, None if r.value is None else r.value.normalize(), r.unit, r.valid_from.isoformat(),
             r.source) for r in rows}


def test_the_reviewed_rows_are_the_defaults() -> None:
    """The migration's frozen list is what a new database is seeded with today."""
    reviewed = {(t, k, None if v is None else Decimal(v).normalize(), u, d, s)
                for t, k, v, u, d, s in _module().REVIEWED}
    assert reviewed == _expected(DEFAULT_REFERENCE_ROWS)


def test_a_database_seeded_before_is_corrected_and_keeps_its_own_rows(tmp_path: Path) -> None:
    module = _module()
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes.update(connection=conn, secret_key="reference-migration-" + "z" * 32)
        command.upgrade(cfg, module.down_revision)
        now = datetime.now(UTC)
        for table, key, value, unit, day, source in module.SEEDED_BEFORE:
            conn.execute(text("INSERT INTO reference_value (table_name, key, value, unit, valid_from, source, "
                              "created_at) VALUES (:t, :k, :v, :u, :d, :s, :c)"),
                         dict(t=table, k=key, v=value, u=unit, d=day, s=source, c=now))
        # An administrator's edit of a seeded value, and a row of their own: both must survive.
        conn.execute(text("UPDATE reference_value SET value = 1650, source = 'Ajena, mesure locale' "
                          "WHERE table_name = 'kwh_per_unit' AND key = 'wood_logs/stere'"))
        conn.execute(text("INSERT INTO reference_value (table_name, key, value, unit, valid_from, source, created_at) "
                          "VALUES ('threshold', 'tee_slime', 0.11, 'ratio', '2027-01-01', 'Décision du comité', :c)"),
                     dict(c=now))
        command.upgrade(cfg, "head")
        rows = _rows(conn)
    edited = {r for r in rows if r[0] == "kwh_per_unit" and r[1] == "wood_logs/stere"}
    assert ("kwh_per_unit", "wood_logs/stere", Decimal("1650"), "kWh PCI par stère", "2021-01-01",
            "Ajena, mesure locale") in edited
    assert ("threshold", "tee_slime", Decimal("0.11"), "ratio", "2027-01-01", "Décision du comité") in rows
    untouched = {r for r in rows if not (r[0] == "kwh_per_unit" and r[1] == "wood_logs/stere"
                                         and r[4] == "2021-01-01") and r[5] != "Décision du comité"}
    expected = {r for r in _expected(DEFAULT_REFERENCE_ROWS)
                if not (r[0] == "kwh_per_unit" and r[1] == "wood_logs/stere" and r[4] == "2021-01-01")}
    assert untouched == expected
