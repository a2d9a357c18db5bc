"""Issue 13, keys and bootstrap: no placeholder or short signing key in any environment, a local key
generated once by the CLI, one HKDF-derived key per purpose, `create-admin`, and no demo data in
production."""

import hashlib
import hmac
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from api import cli
from api.main import create_app
from api.models import CalendarFeed, Organisation, OrganisationKind, RefreshToken, User, UserRole
from api.security import Keys, Purpose, create_access_token, derive_key, token_digest
from api.settings import PLACEHOLDER_SECRET, Environment, Settings, get_settings
from tests.conftest import KEYS, SECRET, open_login
from tests.helpers import Principals

KEY_VARIABLES = ("BINOME_SECRET_KEY", "BINOME_SECRET_KEY_FILE", "BINOME_ENVIRONMENT", "BINOME_DATABASE_URL",
                 "BINOME_ADMIN_PASSWORD")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No key, no environment from the caller's shell or a .env file; settings cache cleared around."""
    for name in KEY_VARIABLES:
        monkeypatch.setenv(name, "")  # recorded, so whatever the test sets is undone afterwards
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env here
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


# --- settings refuse a missing, placeholder or short key ----------------------------------------

@pytest.mark.parametrize("environment", [None, Environment.development, Environment.test, Environment.production])
def test_settings_refuse_a_missing_placeholder_or_short_key(clean_env: pytest.MonkeyPatch,
                                                            environment: Environment | None) -> None:
    """None is the default environment (development): it used to accept the published placeholder."""
    env = {"environment": environment} if environment else {}
    for secret in ({}, {"secret_key": PLACEHOLDER_SECRET}, {"secret_key": "s" * 31}, {"secret_key": ""}):
        with pytest.raises(ValidationError, match="BINOME_SECRET_KEY"):
            Settings(_env_file=None, **env, **secret)
    assert Settings(_env_file=None, **env, secret_key="s" * 32).secret_key == "s" * 32


def test_the_placeholder_in_the_environment_is_refused_by_default(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("BINOME_SECRET_KEY", PLACEHOLDER_SECRET)
    with pytest.raises(ValidationError):
        get_settings()


def test_a_key_file_is_read(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("f" * 40 + "\n")
    assert Settings(_env_file=None, secret_key_file=str(key)).secret_key == "f" * 40
    with pytest.raises(ValidationError, match="BINOME_SECRET_KEY_FILE"):
        Settings(_env_file=None, secret_key_file=str(tmp_path / "missing"))
    key.write_text(PLACEHOLDER_SECRET)
    with pytest.raises(ValidationError):
        Settings(_env_file=None, secret_key_file=str(key))


# --- the CLI's local key (make run) --------------------------------------------------------------

def test_the_cli_generates_a_private_local_key_once_and_reuses_it(clean_env: pytest.MonkeyPatch, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "var" / "secret_key"
    clean_env.setattr(cli, "LOCAL_SECRET_KEY_FILE", key_file)
    cli.main(["accounts"])  # any command, in the default environment, with no key configured
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    first = key_file.read_text().strip()
    assert len(first.encode()) >= 48 and first != PLACEHOLDER_SECRET
    assert get_settings().secret_key == first  # the settings the CLI serves with use it

    get_settings.cache_clear()
    cli.main(["accounts"])
    assert key_file.read_text().strip() == first  # reused, never regenerated (sessions survive restarts)
    assert "Comptes de démonstration" in capsys.readouterr().out


def test_the_cli_generates_no_key_outside_development(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"
    clean_env.setattr(cli, "LOCAL_SECRET_KEY_FILE", key_file)
    for environment in ("test", "production"):
        clean_env.setenv("BINOME_ENVIRONMENT", environment)
        get_settings.cache_clear()
        with pytest.raises(ValidationError, match="BINOME_SECRET_KEY"):
            cli.main(["accounts"])
    assert not key_file.exists()


def test_the_local_key_is_git_ignored(repo_root: Path) -> None:
    assert "var/" in (repo_root / ".gitignore").read_text().splitlines()


# --- a JWT signed with the placeholder (or the raw master secret) is refused ---------------------

def test_a_jwt_signed_with_the_placeholder_is_refused(clean_env: pytest.MonkeyPatch, tmp_path: Path,
                                                      settings: Settings, engine: Engine) -> None:
    """An app configured the `make run` way: key from the generated file."""
    key_file = cli.ensure_local_secret_key(tmp_path / "var" / "secret_key")
    configured = Settings(_env_file=None, environment=Environment.test, secret_key_file=str(key_file),
                          database_url=settings.database_url, spa_dir="", webhook_interval_seconds=0)
    with Session(engine) as session:
        admin = session.exec(select(User).where(User.email == "admin@binome.demo")).one()
        claims = {"user_id": admin.id, "session_id": open_login(session, admin.id).id, "scopes": ["admin"],
                  "generation": admin.token_generation, "minutes": 5}
        session.commit()
    with TestClient(create_app(configured, engine=engine)) as client:
        for key in (PLACEHOLDER_SECRET.encode(), derive_key(PLACEHOLDER_SECRET, Purpose.jwt),
                    configured.secret_key.encode()):  # the master secret itself never signs
            token, _ = create_access_token(secret=key, **claims)
            assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        genuine, _ = create_access_token(secret=configured.keys.jwt, **claims)
        assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {genuine}"}).status_code == 200


# --- one derived key per purpose -----------------------------------------------------------------

def _hkdf_sha256(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    """RFC 5869 by hand (one block: 32 bytes), to check the library call."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_derived_keys_differ_per_purpose_and_are_stable() -> None:
    keys = Keys.derive(SECRET)
    values = [keys.jwt, keys.token_digest, keys.calendar_feed, keys.pseudonym]
    assert len(set(values)) == 4 and all(len(v) == 32 for v in values)
    assert SECRET.encode() not in values
    derive_key.cache_clear()
    assert Keys.derive(SECRET) == keys  # stable: stored hashes and pseudonyms survive a restart
    assert Keys.derive(SECRET + "!").jwt != keys.jwt
    for purpose in Purpose:
        assert derive_key(SECRET, purpose) == _hkdf_sha256(SECRET.encode(), b"binome/hkdf/v1",
                                                           f"binome:{purpose.value}".encode())


def test_settings_expose_the_derived_keys(settings: Settings) -> None:
    assert settings.keys == KEYS
    assert settings.model_copy(update={"secret_key": "z" * 40}).keys.jwt != KEYS.jwt


def test_refresh_and_calendar_hashes_use_their_own_keys(client: TestClient, db: Session,
                                                        principals: Principals) -> None:
    tokens = client.post("/api/v1/auth/token", data={"username": "animatrice@cd39.demo",
                                                    "password": "Binome-demo-2026"}).json()
    stored = db.exec(select(RefreshToken.token_hash)).all()
    assert token_digest(tokens["refresh_token"], secret=KEYS.token_digest) in stored
    assert token_digest(tokens["refresh_token"], secret=SECRET.encode()) not in stored

    url = client.post("/api/v1/calendar-feed", headers=principals["advisor"]).json()["url"]
    feed_token = url.rsplit("/", 1)[1].removesuffix(".ics")
    hashes = db.exec(select(CalendarFeed.token_hash)).all()
    assert token_digest(feed_token, secret=KEYS.calendar_feed) in hashes
    assert token_digest(feed_token, secret=KEYS.token_digest) not in hashes


# --- create-admin and seed-demo ------------------------------------------------------------------

@pytest.fixture
def empty_database(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    clean_env.setenv("BINOME_DATABASE_URL", url)
    clean_env.setenv("BINOME_SECRET_KEY", SECRET)
    clean_env.setenv("BINOME_ENVIRONMENT", "production")
    cli.main(["migrate"])
    return url


def _admins(url: str) -> list[tuple[str, str, str]]:
    from sqlmodel import create_engine

    engine = create_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(User.email, Organisation.name, Organisation.kind)
                            .join(Organisation, Organisation.id == User.organisation_id)
                            .join(UserRole, UserRole.user_id == User.id).where(UserRole.role == "admin")
                            .order_by(User.id)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_create_admin_bootstraps_an_empty_installation(empty_database: str, clean_env: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    prompts: list[str] = []
    answers = iter(["Solide-mot-de-passe-1", "Solide-mot-de-passe-1"])
    clean_env.setattr(cli.getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    cli.main(["create-admin", "--email", "Admin@CD39.fr", "--name", "Alice Admin"])
    assert len(prompts) == 2  # asked twice
    assert _admins(empty_database) == [("admin@cd39.fr", "Conseil départemental", OrganisationKind.departement)]
    assert "Administrateur créé" in capsys.readouterr().out

    # Non-interactive, a second admin lands in the same (first) département organisation.
    clean_env.setenv("BINOME_ADMIN_PASSWORD", "Autre-mot-de-passe-2")
    clean_env.setattr("builtins.input", lambda prompt="": pytest.fail("nothing should be asked"))
    cli.main(["create-admin", "--email", "bob@cd39.fr", "--name", "Bob Admin"])
    admins = _admins(empty_database)
    assert [a[0] for a in admins] == ["admin@cd39.fr", "bob@cd39.fr"] and {a[1] for a in admins} == {"Conseil départemental"}

    # The new admin can log in.
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as client:
        login = client.post("/api/v1/auth/token", data={"username": "bob@cd39.fr", "password": "Autre-mot-de-passe-2"})
        assert login.status_code == 200
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
        assert "admin" in me.json()["roles"]


@pytest.mark.parametrize(("email", "password", "message"), [
    ("carol@cd39.fr", "court-1", "12 caractères"),
    ("carol@cd39.fr", "seulementdeslettres", "mêler"),
    ("pas-une-adresse", "Solide-mot-de-passe-1", "email"),
])
def test_create_admin_applies_the_rules(empty_database: str, clean_env: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], email: str, password: str,
                                        message: str) -> None:
    clean_env.setenv("BINOME_ADMIN_PASSWORD", password)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["create-admin", "--email", email, "--name", "Carol"])
    assert exit_.value.code == 1 and message in capsys.readouterr().err
    assert _admins(empty_database) == []


def test_create_admin_refuses_mismatched_passwords_and_a_taken_address(
        empty_database: str, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["Solide-mot-de-passe-1", "Solide-mot-de-passe-2"])
    clean_env.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["create-admin", "--email", "dan@cd39.fr", "--name", "Dan"])
    assert exit_.value.code == 1 and "diffèrent" in capsys.readouterr().err
    assert _admins(empty_database) == []

    clean_env.setenv("BINOME_ADMIN_PASSWORD", "Solide-mot-de-passe-1")
    cli.main(["create-admin", "--email", "dan@cd39.fr", "--name", "Dan"])
    with pytest.raises(SystemExit) as exit_:
        cli.main(["create-admin", "--email", "dan@cd39.fr", "--name", "Dan bis"])
    assert exit_.value.code == 1 and "existe déjà" in capsys.readouterr().err
    assert len(_admins(empty_database)) == 1


def test_seed_demo_is_refused_in_production(empty_database: str, clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["seed-demo"])
    assert exit_.value.code not in (0, None) and "production" in str(exit_.value.code)
    from sqlmodel import create_engine

    engine = create_engine(empty_database)
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []  # no account with the published password
    engine.dispose()
