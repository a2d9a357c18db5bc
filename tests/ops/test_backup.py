"""Backup and restore round trips: SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore)."""

import os
import secrets
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from api import cli
from api.backup import BackupError, backup, restore
from api.settings import Environment, Settings, get_settings


def _settings(url: str) -> Settings:
    return Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=url, secret_key="k" * 40,
                    spa_dir="")


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("backup") / "binome.db"
    cli.migrate(_settings(f"sqlite:///{db}"))
    cli.seed(_settings(f"sqlite:///{db}"))
    return db


def test_sqlite_round_trip_through_the_cli(demo_sqlite: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINOME_DATABASE_URL", f"sqlite:///{demo_sqlite}")
    monkeypatch.setenv("BINOME_SECRET_KEY", "k" * 40)  # else the CLI would generate the developer's var/secret_key
    get_settings.cache_clear()
    try:
        original = _dump(demo_sqlite)
        target = tmp_path / "nightly" / "binome-backup.db"
        cli.main(["backup", "--to", str(target)])
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data: owner only
        assert not list(target.parent.glob("*.partial")) and not list(target.parent.glob("*-wal"))

        conn = sqlite3.connect(demo_sqlite)
        with conn:
            conn.execute("UPDATE household SET last_name = 'Modifié'")
            conn.execute("DELETE FROM audit_event")
        conn.close()
        assert _dump(demo_sqlite) != original

        cli.main(["restore", "--from", str(target), "--yes"])
        assert _dump(demo_sqlite) == original  # every row of every table is back
    finally:
        get_settings.cache_clear()


def test_sqlite_backup_is_consistent_while_a_write_is_in_progress(demo_sqlite: Path, tmp_path: Path) -> None:
    settings = _settings(f"sqlite:///{demo_sqlite}")
    writer = sqlite3.connect(demo_sqlite, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the server holds the write lock in the middle of a request
    writer.execute("DELETE FROM audit_event")
    try:
        backup(settings, tmp_path / "during.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _dump(tmp_path / "during.db") == _dump(demo_sqlite)  # the committed state, nothing half-written


def test_restore_refuses_a_file_that_is_not_a_backup(demo_sqlite: Path, tmp_path: Path) -> None:
    settings = _settings(f"sqlite:///{demo_sqlite}")
    before = _dump(demo_sqlite)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError):
        restore(settings, junk)
    with pytest.raises(BackupError, match="introuvable"):
        restore(settings, tmp_path / "missing.db")
    assert _dump(demo_sqlite) == before


# ---------------------------------------------------------------- PostgreSQL

PG_BASE = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_databases() -> Iterator[list[str]]:
    """Throwaway databases on the local server, dropped at the end whatever happens."""
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump / pg_restore not installed")
    admin = create_engine(make_url(PG_BASE), isolation_level="AUTOCOMMIT")
    names: list[str] = []
    yield names
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _create(name: str) -> str:
    admin = create_engine(make_url(PG_BASE), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    finally:
        engine.dispose()


def test_postgresql_round_trip(pg_databases: list[str], tmp_path: Path) -> None:
    name = f"binome_backup_test_{secrets.token_hex(4)}"
    pg_databases.append(name)
    url = _create(name)
    settings = _settings(url)
    cli.migrate(settings)
    assert cli.seed(settings)
    before = _counts(url)
    assert before["household"] > 0 and before["alembic_version"] == 1

    target = tmp_path / "binome.dump"
    backup(settings, target)
    assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE household CASCADE"))
        conn.execute(text("DELETE FROM audit_event"))
    engine.dispose()
    assert _counts(url) != before

    restore(settings, target)
    assert _counts(url) == before  # every table has all its rows back

    # The dump also restores into an empty database (a new server after a disaster).
    fresh = f"binome_backup_test_{secrets.token_hex(4)}"
    pg_databases.append(fresh)
    fresh_url = _create(fresh)
    restore(_settings(fresh_url), target)
    assert _counts(fresh_url) == before


def test_postgresql_errors_are_reported_in_french(pg_databases: list[str], tmp_path: Path) -> None:
    name = f"binome_backup_test_{secrets.token_hex(4)}"
    pg_databases.append(name)
    settings = _settings(_create(name))
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"garbage")
    with pytest.raises(BackupError, match="pg_restore a échoué"):
        restore(settings, junk)
