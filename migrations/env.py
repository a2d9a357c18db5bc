"""Alembic environment: one metadata (api.models), URL from the settings or the caller."""

from alembic import context
from sqlalchemy import Connection

import api.models  # noqa: F401  (registers every table)
from api.db import build_engine
from api.models import metadata
from api.models.base import UTCDateTime
from api.settings import get_settings
from migrations.env_filters import include_object

config = context.config


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our UTC column type as the plain timezone-aware DateTime it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # Tests and the CLI hand over an open connection; otherwise use the configured database.
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = build_engine(get_settings())
    with engine.connect() as conn:
        run_with(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported: run against a database.")
run_migrations_online()
