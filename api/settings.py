"""All configuration, read once from the environment (prefix BINOME_) or a `.env` file."""

from enum import StrEnum
from typing import Literal
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRET = "change-me-in-production"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BINOME_", env_file=".env", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = f"sqlite:///{ROOT / 'var' / 'binome.db'}"
    secret_key: str = PLACEHOLDER_SECRET
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)
    cors_origins: list[str] = []
    # Built SPA served at "/" when present; empty string disables it.
    spa_dir: str = str(ROOT / "frontend" / "dist")
    # Connections per worker. Sessions are capped at this number (see db.py), so requests
    # wait for a free session instead of holding a worker thread while the pool is empty.
    db_pool_size: int = Field(default=20, ge=1, le=200)
    timezone: str = "Europe/Paris"
    # Agenda: travel time kept free before and after each visit (rural département, by car).
    travel_buffer_minutes: int = Field(default=45, ge=0, le=240)
    visit_default_minutes: int = Field(default=120, ge=30, le=480)
    # Working hours used to suggest free slots, local time.
    workday_start: str = Field(default="08:30", pattern=r"^\d{2}:\d{2}$")
    workday_end: str = Field(default="18:00", pattern=r"^\d{2}:\d{2}$")
    # Outgoing mail for sending reports. Empty host: e-mail sending is off (post only).
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "slime@binome.local"
    # Reports carry personal data: TLS with certificate and host name checks by default. "starttls"
    # upgrades the connection (ports 25/587), "tls" is implicit TLS (port 465), "none" only for a relay
    # on the same host or a test server, and never with credentials.
    smtp_tls: Literal["none", "starttls", "tls"] = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # Call attempts without reaching the household before a referral may be closed as unreachable.
    # Login throttling: failures counted over a sliding window, per account and per client address.
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    login_max_failures_per_account: int = Field(default=5, ge=1, le=100)
    login_max_failures_per_address: int = Field(default=20, ge=1, le=10_000)
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # GDPR retention: a closed case is anonymised this many months after closing (statistics kept).
    retention_months_after_closure: int = Field(default=36, ge=1, le=240)
    # Webhooks to landlords' systems: how often pending deliveries are tried (0: only by the CLI).
    webhook_interval_seconds: float = Field(default=15, ge=0, le=3600)
    webhook_timeout_seconds: float = Field(default=5, gt=0, le=60)
    # Only for tests and a receiver on this machine: allows http:// and internal addresses as targets.
    webhook_allow_private_targets: bool = False
    unreachable_after_attempts: int = Field(default=3, ge=1, le=20)
    # Operations: JSON log level, Prometheus /metrics, HSTS (only behind HTTPS; 0 sends no header).
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    metrics_enabled: bool = True
    # Largest request body accepted (413 beyond): the biggest legitimate one, a diagnostic, is a few kB.
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    hsts_seconds: int = Field(default=0, ge=0, le=2 * 365 * 24 * 3600)

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> "Settings":
        if self.environment == Environment.production and (
            self.secret_key == PLACEHOLDER_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "BINOME_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside development (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @model_validator(mode="after")
    def _refuse_credentials_in_clear(self) -> "Settings":
        if self.smtp_username and self.smtp_tls == "none":
            raise ValueError("BINOME_SMTP_USERNAME is set but BINOME_SMTP_TLS is none: the password would travel "
                             "in clear; use starttls or tls")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
