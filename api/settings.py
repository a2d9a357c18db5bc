"""All configuration, read once from the environment (prefix BINOME_) or a `.env` file."""

import ipaddress
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
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
    # Sessions (one per login, checked on every request): a login lasts at most `session_max_hours`
    # from the password, and ends after `session_idle_minutes` without a refresh (the SPA refreshes
    # when its access token runs out, so this is also "without use"). Refresh tokens never outlive it.
    session_max_hours: int = Field(default=12, ge=1, le=24 * 31)
    session_idle_minutes: int = Field(default=120, ge=5, le=7 * 24 * 60)
    # The SPA's refresh token lives in an HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth,
    # marked Secure on https requests (as seen through a trusted proxy); set this to always mark it
    # Secure, e.g. when TLS ends at a proxy that is not in trusted_proxies.
    refresh_cookie_secure: bool = False
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: IP addresses or CIDR
    # networks, as JSON (BINOME_TRUSTED_PROXIES='["10.0.0.5", "172.18.0.0/16"]'). Empty: the peer's
    # address is the client's, and forwarded headers are ignored. The client is the rightmost entry
    # of X-Forwarded-For that is not a trusted proxy (leftmost entries are whatever the client sent).
    # Serve with uvicorn's own proxy handling off (`serve` does; `--no-proxy-headers` otherwise).
    trusted_proxies: list[str] = []
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
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # Call attempts without reaching the household before a referral may be closed as unreachable.
    # Login throttling (the login and the current password of a password change), with counters per
    # account *from one address* (so nobody locks someone else's account) and per address:
    # - after `login_max_failures_per_account` failures of an account from one address, each further
    #   try waits (429 + Retry-After): `login_backoff_seconds`, then twice as long after each new
    #   failure, up to `lockout_minutes`; a success from that address clears the count;
    # - an address with `login_max_failures_per_address` failures over any accounts waits
    #   `login_window_minutes` after each further failure (looser: a team may share one address);
    # - a counter forgets its failures `login_window_minutes` after its last wait ended.
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    login_max_failures_per_account: int = Field(default=5, ge=1, le=100)
    login_backoff_seconds: int = Field(default=60, ge=1, le=3600)
    lockout_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    login_max_failures_per_address: int = Field(default=50, ge=1, le=10_000)
    # GDPR retention: a closed case is anonymised this many months after closing (statistics kept).
    retention_months_after_closure: int = Field(default=36, ge=1, le=240)
    # Webhooks to landlords' systems: how often pending deliveries are tried (0: only by the CLI).
    webhook_interval_seconds: float = Field(default=15, ge=0, le=3600)
    webhook_timeout_seconds: float = Field(default=5, gt=0, le=60)
    unreachable_after_attempts: int = Field(default=3, ge=1, le=20)
    # Operations: JSON log level, Prometheus /metrics, HSTS (only behind HTTPS; 0 sends no header).
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    metrics_enabled: bool = True
    hsts_seconds: int = Field(default=0, ge=0, le=2 * 365 * 24 * 3600)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: list[str]) -> list[str]:
        # Trusting everyone ("*") would let any client choose its address: not accepted.
        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies: {item!r} is not an IP address or a CIDR network") from None
        return [item.strip() for item in value]

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

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
