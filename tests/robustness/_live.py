"""Throwaway databases (a unique PostgreSQL database, or a SQLite temp file) for the live robustness tests."""

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.cli import migrate, seed
from api.settings import Environment, Settings

SECRET = "robustness-secret-" + "r" * 40


def postgres_base_url() -> str | None:
    """The PostgreSQL server the suite runs against (TEST_DATABASE_URL), or None on SQLite."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@contextmanager
def throwaway_postgres(base_url: str) -> Iterator[str]:
    """A database of a unique name on the server, dropped (with its connections) at the end."""
    url = make_url(base_url)
    name = f"binome_robust_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def live_settings(database_url: str, **overrides: object) -> Settings:
    return Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=database_url,
                    secret_key=SECRET, spa_dir="", **overrides)


def migrated_and_seeded(database_url: str) -> Settings:
    settings = live_settings(database_url)
    migrate(settings)
    seed(settings)
    return settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
