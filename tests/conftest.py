"""Test database and clients.

The schema comes from the Alembic migrations. SQLite by default; set TEST_DATABASE_URL to a
PostgreSQL server URL and a database of a unique name is created there and dropped at the end.
Each test runs inside a transaction that is rolled back, so tests never see each other's writes.
"""

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from api import tenancy
from api.db import build_engine, get_session, run_migrations, should_commit
from api.demo import seed_demo
from api.services.reference_data import seed_defaults
from api.main import create_app
from api.access import scopes_for
from api.models import IntegrationKind, IntegrationToken, LoginSession, Organisation, Programme, User
from api.security import INTEGRATION_TOKEN_PREFIX, Keys, create_access_token, token_digest
from api.settings import Environment, Settings
from tests.helpers import JURA, Principals

SECRET = "test-secret-" + "x" * 40
KEYS = Keys.derive(SECRET)  # what the app derives from SECRET (settings.keys)


def _postgres_database(base_url: str) -> Iterator[str]:
    url = make_url(base_url)
    name = f"binome_test_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        yield from _postgres_database(base)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # No SMTP host: the "file" mail backend writes e-mails to a temporary outbox, never to var/outbox.
    return Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=database_url, secret_key=SECRET,
                    spa_dir="", cors_origins=["http://localhost:5173"],
                    outbox_dir=str(tmp_path_factory.mktemp("outbox")),
                    attachments_dir=str(tmp_path_factory.mktemp("attachments")))


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = build_engine(settings)
    run_migrations(engine, settings.secret_key)
    with Session(engine) as session:
        seed_defaults(session)
        seed_demo(session)
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def integration_tokens(engine: Engine) -> dict[str, str]:
    """Secrets of the integration principals: landlord A, landlord B, reporting."""
    tokens: dict[str, str] = {}
    with Session(engine) as session:
        admin = session.exec(select(User).where(User.email == "admin@binome.demo")).one()
        orgs = {o.name: o for o in session.exec(select(Organisation)).all()}
        for key, kind, org, scopes in (
            ("landlord_a", IntegrationKind.landlord, orgs["Jura Habitat"], "landlord:read landlord:write"),
            ("landlord_b", IntegrationKind.landlord, orgs["OPH du Jura Sud"], "landlord:read landlord:write"),
            ("reporting", IntegrationKind.reporting, None, "reporting:read"),
        ):
            secret = INTEGRATION_TOKEN_PREFIX + secrets.token_urlsafe(32)
            session.add(IntegrationToken(
                name=key, kind=kind, organisation_id=org.id if org else None, scopes=scopes, prefix=secret[:12],
                programme_id=JURA,
                token_hash=token_digest(secret, secret=KEYS.token_digest), expires_at=datetime.now(UTC) + timedelta(days=30),
                created_by_id=admin.id,
            ))
            tokens[key] = secret
        session.commit()
    return tokens


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        transaction = conn.begin()
        yield conn
        transaction.rollback()


@pytest.fixture
def db(connection: Connection) -> Iterator[Session]:
    """A session inside the test's transaction, for arranging data and checking results."""
    with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as session:
        tenancy.enter(session, JURA)  # the demo's first programme; other programmes' rows need tenancy.within
        yield session


@pytest.fixture(scope="session")
def shared_app(settings: Settings, engine: Engine):  # noqa: ANN201
    """Building the app costs ~0.4 s (FastAPI prepares ~110 routes): once per session, not per test."""
    return create_app(settings, engine=engine)


def session_override(connection: Connection):  # noqa: ANN201
    """The app's session dependency, inside the test's transaction."""
    def session_in_test_transaction() -> Iterator[Session]:
        # Same contract as api.db.get_session: commit on success (a savepoint here), else roll back.
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        tenancy.pending(session)
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.commit() if should_commit(error) else session.rollback()
            raise
        finally:
            session.close()
    return session_in_test_transaction


@pytest.fixture
def app(shared_app, settings: Settings, connection: Connection):  # noqa: ANN001, ANN201
    app = shared_app
    app.state.settings = settings  # a test may have pointed it elsewhere (an SMTP server, say)

    app.dependency_overrides[get_session] = session_override(connection)
    yield app
    app.dependency_overrides.clear()
    app.state.settings = settings


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app) as client:
        yield client


def open_login(session: Session, user_id: int, hours: int = 24) -> LoginSession:
    """A login for tokens minted by tests (every access token names one, checked on each request)."""
    now = datetime.now(UTC)
    login = LoginSession(family=secrets.token_hex(16), user_id=user_id, expires_at=now + timedelta(hours=hours),
                         idle_expires_at=now + timedelta(hours=hours))
    session.add(login)
    session.flush()
    return login


@pytest.fixture(scope="session")
def principals(engine: Engine, integration_tokens: dict[str, str]) -> Principals:
    """Authorization headers for every principal of the authorization matrix."""

    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    emails = {
        "coordinator": "animatrice@cd39.demo", "advisor": "conseiller@ajena.demo", "manager": "cheffe@cd39.demo",
        "referrer": "referente@ccas-dole.demo", "admin": "admin@binome.demo",
    }
    with Session(engine) as session:
        for key, email in emails.items():
            user = session.exec(select(User).where(User.email == email)).one()
            login = open_login(session, user.id)
            token, _ = create_access_token(secret=KEYS.jwt, user_id=user.id, session_id=login.id,
                                           scopes=sorted(scopes_for({key})), generation=user.token_generation, minutes=60)
            headers[key] = {"Authorization": f"Bearer {token}"}
        session.commit()
    for key, token in integration_tokens.items():
        headers[key] = {"Authorization": f"Bearer {token}"}
    return Principals(headers)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


# --- the second demo programme (Haute-Vallée) and the platform's accounts -----------------------------

SECOND = "haute-vallee"
# The second programme's principals, and the Jura principal of the matrix whose rights each mirrors.
MIRRORS = {"hv_coordinator": "coordinator", "hv_advisor": "advisor", "hv_manager": "manager", "hv_admin": "admin",
           "hv_landlord": "landlord_a", "hv_reporting": "reporting"}
EMAILS = {"hv_coordinator": "coordinatrice@haute-vallee.demo", "hv_advisor": "conseillere2@ajena.demo",
          "hv_manager": "responsable@haute-vallee.demo", "hv_admin": "admin@haute-vallee.demo",
          "platform_admin": "plateforme@binome.demo", "network": "reseau@binome.demo"}
ROLE_OF = {"hv_coordinator": "coordinator", "hv_advisor": "advisor", "hv_manager": "manager", "hv_admin": "admin",
           "platform_admin": "platform_admin", "network": "network"}


@pytest.fixture(scope="session")
def others(engine) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Authorization headers of the second programme's people and tokens, and of the platform's accounts."""
    headers: dict[str, dict[str, str]] = {}
    with Session(engine) as session:
        second = session.exec(select(Programme).where(Programme.slug == SECOND)).one()
        for key, email in EMAILS.items():
            programme_id = None if key in ("platform_admin", "network") else second.id
            user = session.exec(select(User).where(User.email == email, User.programme_id == programme_id)).one()
            login = open_login(session, user.id)
            token, _ = create_access_token(secret=KEYS.jwt, user_id=user.id, session_id=login.id,
                                           scopes=sorted(scopes_for({ROLE_OF[key]})), generation=user.token_generation,
                                           minutes=60)
            headers[key] = {"Authorization": f"Bearer {token}"}
        landlord = session.exec(select(Organisation).where(Organisation.name == "Vallée Habitat")).one()
        creator = session.exec(select(User).where(User.email == EMAILS["hv_admin"])).one()
        for key, kind, org, scopes in (("hv_landlord", IntegrationKind.landlord, landlord.id, "landlord:read landlord:write"),
                                       ("hv_reporting", IntegrationKind.reporting, None, "reporting:read")):
            secret = INTEGRATION_TOKEN_PREFIX + secrets.token_urlsafe(32)
            session.add(IntegrationToken(
                name=key, kind=kind, organisation_id=org, scopes=scopes, prefix=secret[:12], programme_id=second.id,
                token_hash=token_digest(secret, secret=KEYS.token_digest), expires_at=datetime.now(UTC) + timedelta(days=1),
                created_by_id=creator.id))
            headers[key] = {"Authorization": f"Bearer {secret}"}
        session.commit()
    return headers
