"""Backups of the whole database, and restoring one (`python -m api.cli backup|restore`).

SQLite: the online backup API, so the copy is consistent while the server runs. PostgreSQL:
pg_dump's custom format, restored with pg_restore in one transaction. A backup holds the personal
data of every household: it is written readable by its owner only, and must be encrypted at rest.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from api.settings import Settings


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator (French)."""


def backup(settings: Settings, destination: Path) -> None:
    url = make_url(settings.database_url)
    destination = destination.expanduser().resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)  # personal data: owner only, before any byte is written
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(_sqlite_file(url, must_exist=True))
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                target.close()
                source.close()
        else:
            _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}",
                  f"--dbname={_libpq_url(url)}"], url)
        partial.replace(destination)  # a reader never sees half a backup
    finally:
        partial.unlink(missing_ok=True)


def restore(settings: Settings, source: Path) -> None:
    """Replace the database's content by the backup's. Stop the server first."""
    url = make_url(settings.database_url)
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(f"Sauvegarde introuvable : {source}")
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_file(url, must_exist=False), timeout=5)
        try:
            if backup_db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError("La sauvegarde est endommagée : restauration annulée.")
            backup_db.backup(target)  # takes the write lock; fails if the database stays busy
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"Restauration impossible ({exc.__class__.__name__}) : le fichier est-il une "
                              "sauvegarde SQLite, et le serveur est-il arrêté ?") from exc
        finally:
            target.close()
            backup_db.close()
    else:
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--no-password",
              f"--dbname={_libpq_url(url)}", str(source)], url)


def _sqlite_file(url: URL, *, must_exist: bool) -> str:
    if url.database in (None, "", ":memory:"):
        raise BackupError("Une base SQLite en mémoire ne se sauvegarde pas.")
    if must_exist and not Path(url.database).is_file():
        raise BackupError(f"Base SQLite introuvable : {url.database}")
    return url.database


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} est introuvable : installer le client PostgreSQL (paquet postgresql-client).")
    return path


def _libpq_url(url: URL) -> str:
    """postgresql+psycopg://u:pw@h/db -> postgresql://u@h/db (the password goes in PGPASSWORD, not in `ps`)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(args: list[str], url: URL) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} a échoué (code {result.returncode}) : {result.stderr.strip()[-2000:]}")
