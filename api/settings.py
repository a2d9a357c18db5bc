"""All configuration, read once from the environment (prefix BINOME_) or a `.env` file."""

import ipaddress
from enum import StrEnum
from typing import Literal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from api.security import Keys

ROOT = Path(__file__).resolve().parent.parent
# Published in old versions of this file and in examples: refused everywhere.
PLACEHOLDER_SECRET = "change-me-in-production"
MIN_SECRET_BYTES = 32
# Where `python -m api.cli` (so `make run`) writes a random key on a developer's machine.
LOCAL_SECRET_KEY_FILE = ROOT / "var" / "secret_key"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BINOME_", env_file=".env", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = f"sqlite:///{ROOT / 'var' / 'binome.db'}"
    # The master secret; every key in use is derived from it per purpose (security.derive_key).
    # No default: set BINOME_SECRET_KEY, or BINOME_SECRET_KEY_FILE to a file holding it (Docker/systemd
    # secrets). On a developer's machine the CLI generates var/secret_key and points to it.
    secret_key: str = ""
    secret_key_file: str = ""
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
    db_pre_ping: bool = False  # check each pooled connection before use (one round trip per request; api/db.py)
    timezone: str = "Europe/Paris"
    # Agenda: travel time kept free before and after each visit (rural département, by car).
    travel_buffer_minutes: int = Field(default=45, ge=0, le=240)
    visit_default_minutes: int = Field(default=120, ge=30, le=480)
    # Working hours used to suggest free slots, local time.
    workday_start: str = Field(default="08:30", pattern=r"^\d{2}:\d{2}$")
    workday_end: str = Field(default="18:00", pattern=r"^\d{2}:\d{2}$")
    # Outgoing mail for sending reports, through the outbox (sent after the request, retried):
    # "smtp" through smtp_host; "file" writes each message as an .eml file under outbox_dir (a
    # developer's machine: nothing leaves it, admins read them at GET /api/v1/outbox); "none": e-mail
    # is not offered (post only). "auto": smtp when smtp_host is set, else file in development and
    # test, none in production.
    mail_backend: Literal["auto", "smtp", "file", "none"] = "auto"
    outbox_dir: str = str(ROOT / "var" / "outbox")
    # The address people reach the application at (https://binome.example.fr): the links of invitation
    # and password reset e-mails start with it (unset outside production: the request's own address), and
    # so do those of the daily notification digest (unset: the digest gives the paths only).
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/[^\s]*)?$", max_length=200)
    # When a visit may take place, local time: ISO weekdays (1 = Monday … 7 = Sunday), and the hours a
    # visit starts and ends within, on one day. A booking outside them is refused, as is a longer one.
    visiting_days: list[int] = Field(default=[1, 2, 3, 4, 5, 6], min_length=1, max_length=7)
    visiting_start: str = Field(default="08:00", pattern=r"^\d{2}:\d{2}$")
    visiting_end: str = Field(default="20:00", pattern=r"^\d{2}:\d{2}$")
    visit_max_minutes: int = Field(default=240, ge=30, le=720)
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
    # The outbox (webhooks to landlords' systems and e-mailed reports): how often a background thread
    # sends what is due (0: no thread, only `binome outbox`).
    webhook_interval_seconds: float = Field(default=15, ge=0, le=3600)
    webhook_timeout_seconds: float = Field(default=5, gt=0, le=60)
    # Only for tests and a receiver on this machine: allows http:// and internal addresses as targets.
    webhook_allow_private_targets: bool = False
    unreachable_after_attempts: int = Field(default=3, ge=1, le=20)
    # Integration tokens (landlords' systems, reporting scripts; not the SPA's users): requests a minute
    # per token, unless the token sets its own; beyond, 429 with Retry-After until the next minute.
    integration_rate_limit_per_minute: int = Field(default=120, ge=1, le=100_000)
    # Operations: JSON log level, Prometheus /metrics, HSTS (only behind HTTPS; 0 sends no header).
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    # Unauthenticated surfaces: on in development and test, off in production unless set to true.
    metrics_enabled: bool | None = None
    docs_enabled: bool | None = None
    # Largest request body accepted (413 beyond): the biggest legitimate one, a diagnostic, is a few kB.
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    hsts_seconds: int = Field(default=0, ge=0, le=2 * 365 * 24 * 3600)
    # The visit's photos and documents (api/storage.py): "local" keeps them in attachments_dir (owner-only
    # files, to back up with the database), "s3" in an S3-compatible object store (production: a bucket
    # that is not public, with encryption at rest; the credentials of a key limited to that bucket).
    storage: Literal["local", "s3"] = "local"
    attachments_dir: str = str(ROOT / "var" / "attachments")
    s3_bucket: str = ""
    s3_endpoint_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$", max_length=300)
    s3_region: str | None = Field(default=None, max_length=40)
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    # Keys are written under this prefix ("binome/"), so one bucket may serve several purposes.
    s3_prefix: str = Field(default="", pattern=r"^([A-Za-z0-9._-]+/)*$", max_length=100)
    # Largest photo or document accepted, before downscaling (413 beyond). Upload requests may exceed
    # max_body_bytes by this much (request_guard.py), and only those.
    attachment_max_bytes: int = Field(default=15 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024)
    # The SPA keeps offline copies of the visits it prepared for at most this many days (GET /auth/me).
    device_storage_days: int = Field(default=14, ge=1, le=90)

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

    @field_validator("visiting_days")
    @classmethod
    def _iso_weekdays(cls, value: list[int]) -> list[int]:
        if any(day < 1 or day > 7 for day in value):
            raise ValueError("visiting_days: ISO weekdays, 1 (Monday) to 7 (Sunday)")
        return sorted(set(value))

    @model_validator(mode="after")
    def _visiting_hours_make_a_day(self) -> "Settings":
        if self.visiting_start >= self.visiting_end:
            raise ValueError("visiting_start must come before visiting_end (HH:MM, local time)")
        return self

    @model_validator(mode="after")
    def _check_secret_and_surfaces(self) -> "Settings":
        if not self.secret_key and self.secret_key_file:
            try:
                self.secret_key = Path(self.secret_key_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValueError(f"BINOME_SECRET_KEY_FILE: cannot read {self.secret_key_file} ({exc.strerror})") from exc
        # Fail closed in every environment: a known or guessable key lets anyone sign an admin token.
        if (not self.secret_key or self.secret_key == PLACEHOLDER_SECRET
                or len(self.secret_key.encode()) < MIN_SECRET_BYTES):
            raise ValueError(
                f"BINOME_SECRET_KEY must be a random value of at least {MIN_SECRET_BYTES} bytes (for example: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'). On a developer's machine, "
                "`python -m api.cli serve` (make run) generates one into var/secret_key."
            )
        exposed = self.environment != Environment.production
        if self.metrics_enabled is None:
            self.metrics_enabled = exposed
        if self.docs_enabled is None:
            self.docs_enabled = exposed
        return self

    @model_validator(mode="after")
    def _refuse_credentials_in_clear(self) -> "Settings":
        if self.mail_backend == "smtp" and not self.smtp_host:
            raise ValueError("BINOME_MAIL_BACKEND is smtp but BINOME_SMTP_HOST is empty")
        if self.smtp_username and self.smtp_tls == "none":
            raise ValueError("BINOME_SMTP_USERNAME is set but BINOME_SMTP_TLS is none: the password would travel "
                             "in clear; use starttls or tls")
        return self

    @model_validator(mode="after")
    def _storage_is_complete(self) -> "Settings":
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("BINOME_STORAGE is s3 but BINOME_S3_BUCKET is empty")
        if bool(self.s3_access_key_id) != bool(self.s3_secret_access_key):
            raise ValueError("BINOME_S3_ACCESS_KEY_ID and BINOME_S3_SECRET_ACCESS_KEY go together (or neither: "
                             "the usual AWS sources, e.g. an instance role)")
        return self

    @property
    def keys(self) -> "Keys":
        """The purpose-specific keys derived from secret_key (cached per secret)."""
        from api.security import Keys  # late: settings must stay importable without the crypto stack

        return Keys.derive(self.secret_key)

    @property
    def mail_transport(self) -> Literal["smtp", "file", "none"]:
        """The mail backend in force once "auto" is resolved."""
        if self.mail_backend != "auto":
            return self.mail_backend
        if self.smtp_host:
            return "smtp"
        return "none" if self.environment == Environment.production else "file"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
