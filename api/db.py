"""Engine and the request-scoped session: the request boundary is the only place that commits."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from fastapi import Request
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

import api.tenancy  # noqa: F401  (registers the programme filter on every session)
from api.services import audit
from api.settings import Settings


def build_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        in_memory = url.database in (None, "", ":memory:")
        pool = {} if in_memory else {"pool_size": settings.db_pool_size, "max_overflow": 0}
        if not in_memory:
            assert url.database  # not None nor empty: that is in_memory
            _create_private_file(Path(url.database))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)
        _make_sqlite_transactional(engine)
        return engine
    # No ping before each checkout: it is a round trip on every request. After a server restart the pool's first
    # use fails (503, api/errors.py), SQLAlchemy then drops every pooled connection and the next request
    # reconnects; BINOME_DB_PRE_PING=true trades the round trip for that one 503.
    return create_engine(url, pool_size=settings.db_pool_size, max_overflow=0, pool_pre_ping=settings.db_pre_ping,
                         pool_recycle=1800)


def _create_private_file(path: Path) -> None:
    """The database holds personal data: create it owner-only (0600) before SQLite does (SQLite
    would use 0644 under the usual umask). SQLite gives its -wal and -shm files the database
    file's permissions, so they follow. An existing file is left as its owner set it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # an empty file is an empty database
    except FileExistsError:
        pass


def _make_sqlite_transactional(engine: Engine) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINTs and defers BEGIN; take it over.

    BEGIN IMMEDIATE takes the write lock up front, so two requests never deadlock while
    upgrading a read lock (every request may write an audit row).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def run_migrations(engine: Engine, secret_key: str, target: str = "head") -> None:
    """Bring the schema to `target`. On SQLite a migration that rebuilds a table (SQLite cannot
    alter constraints in place) drops the old one, and with foreign keys on that DROP would delete
    the children through ON DELETE CASCADE: keep them off during the migration (it must be set
    outside a transaction) and check every reference afterwards instead."""
    from alembic import command

    from api.cli import alembic_config

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                cfg.attributes["secret_key"] = secret_key  # 0008h encrypts stored webhook secrets with it
                command.upgrade(cfg, target)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"Migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def session_limiter(settings: Settings) -> anyio.CapacityLimiter:
    return anyio.CapacityLimiter(settings.db_pool_size)


def should_commit(error: BaseException | None) -> bool:
    """Commit on success, and on the errors whose record must outlive the refusal
    (a replayed refresh token revokes the login even though the request fails)."""
    return error is None or getattr(error, "keep_changes", False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: commit when the endpoint succeeded, roll back otherwise.

    Why async: a request first waits for a free session *without holding a worker thread*
    (the limiter has as many places as the pool has connections). The tutorial's sync
    generator instead lets threads wait on an empty pool while the threads that would give
    connections back wait for a thread: the server deadlocks (toolchain-notes section 5).
    Declared with scope="function" (deps.py) so the commit happens before the response is
    sent: a failed commit becomes an error response, never a 200 for lost data.
    """
    async with request.app.state.session_limiter:
        session = Session(request.app.state.engine, expire_on_commit=False)
        api.tenancy.pending(session)  # authentication says whose programme this request works for
        try:
            yield session
        except BaseException as error:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_end, session, should_commit(error))
            raise
        # One thread hop for commit and close (the bench counts every hop).
        await run_in_threadpool(_end, session, True)


def _end(session: Session, commit: bool) -> None:
    try:
        commit_request(session) if commit else session.rollback()
    finally:
        session.close()


PIPELINED = "binome.pipelined"  # set on a connection while its statements travel with the next sync


def commit_request(session: Session) -> None:
    """Commit the request's transaction, its audit rows included.

    On PostgreSQL the audit INSERT and the COMMIT go out together in one round trip (psycopg's pipeline
    mode): a read request writes nothing else, so its audit row costs no wait of its own. The request's
    own changes are flushed first, outside the pipeline (their INSERTs may return ids)."""
    session.flush()
    rows = audit.take_pending(session)
    if not rows:
        session.commit()
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(audit.INSERT, rows)
        session.commit()
        return
    raw = connection.connection.dbapi_connection
    connection.info[PIPELINED] = True
    try:
        with raw.pipeline():  # type: ignore[union-attr]  # psycopg's connection
            # Straight to the driver: the rows are plain values already (audit.record), and SQLAlchemy's
            # execution would cost more than the INSERT itself.
            raw.cursor().executemany(audit.insert_sql(rows[0]), rows)  # type: ignore[union-attr]
            raw.execute("COMMIT")  # type: ignore[union-attr]  # queued: the pipeline's one sync sends both
    finally:
        connection.info.pop(PIPELINED, None)
    session.commit()  # the session's bookkeeping; psycopg sees the transaction closed and sends nothing
