"""Readiness: 200 only when the database answers and its schema is at the migrations head."""

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.cli import alembic_config, migrate
from api.main import create_app
from api.settings import Environment, Settings


def _settings(url: str) -> Settings:
    return Settings(environment=Environment.test, webhook_interval_seconds=0, database_url=url, secret_key="k" * 40,
                    spa_dir="")


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("readyz") / "ready.db"
    migrate(_settings(f"sqlite:///{db}"))
    return db


def _set_revision(db: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def _readyz(url: str):  # noqa: ANN202
    with TestClient(create_app(_settings(url))) as client:
        return client.get("/api/v1/readyz")


def test_ready_on_a_migrated_database(client: TestClient) -> None:
    response = client.get("/api/v1/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "migrations": "head"}


def test_not_ready_when_the_schema_is_behind(migrated_file: Path) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_revision("head")
    _set_revision(migrated_file, head.down_revision)
    try:
        response = _readyz(f"sqlite:///{migrated_file}")
    finally:
        _set_revision(migrated_file, head.revision)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["migrations"]) == ("not_ready", "ok", "pending")
    assert "migrate" in body["detail"]
    assert _readyz(f"sqlite:///{migrated_file}").status_code == 200  # back at head: ready again


def test_not_ready_when_the_schema_is_unknown_to_this_code(migrated_file: Path) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_revision("head")
    _set_revision(migrated_file, "ffffffffffff")
    try:
        response = _readyz(f"sqlite:///{migrated_file}")
    finally:
        _set_revision(migrated_file, head.revision)
    assert response.status_code == 503
    assert response.json()["migrations"] == "unknown"


def test_not_ready_on_an_empty_database(tmp_path: Path) -> None:
    response = _readyz(f"sqlite:///{tmp_path / 'empty.db'}")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_not_ready_when_the_database_does_not_answer() -> None:
    response = _readyz("postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.headers["Retry-After"]
