"""People who log in, their roles, refresh tokens, and integration tokens for systems."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models.base import UTCDateTime, created_at_field
from api.models.programmes import ProgrammeOrPlatform, ProgrammeOwned


class Role(StrEnum):
    coordinator = "coordinator"
    advisor = "advisor"
    manager = "manager"
    referrer = "referrer"
    admin = "admin"
    # Platform roles: no programme of their own (User.programme_id is None).
    platform_admin = "platform_admin"  # creates programmes and their first administrator
    network = "network"  # reads the national figures, suppressed aggregates only


class IntegrationKind(StrEnum):
    landlord = "landlord"
    reporting = "reporting"


class User(ProgrammeOrPlatform, table=True):
    __tablename__ = "app_user"
    # One row per membership: a person in two programmes has two rows, and picks one at login.
    __table_args__ = (UniqueConstraint("programme_id", "email", name="uq_app_user_programme_email"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    full_name: str = Field(max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    password_hash: str = Field(max_length=300)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="RESTRICT", index=True)
    is_active: bool = True
    # Bumped on password change or deactivation: every token issued before is refused.
    token_generation: int = 0
    created_at: datetime = created_at_field()


class UserRole(ProgrammeOrPlatform, table=True):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role", name="uq_user_role_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    role: Role = Field(sa_type=String(32))


class RefreshToken(SQLModel, table=True):
    """Opaque, rotating refresh tokens. Only a hash is stored; a family shares one login."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    family: str = Field(max_length=64, index=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()


class IntegrationToken(ProgrammeOwned, table=True):
    """A long-lived token for a landlord's system or a reporting script; stored as a hash."""

    __tablename__ = "integration_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    kind: IntegrationKind = Field(sa_type=String(32))
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="RESTRICT", index=True)
    scopes: str = Field(max_length=500)  # space-separated, as in OAuth2
    prefix: str = Field(max_length=16, index=True)  # shown in lists so a token can be recognised
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Requests a minute; None: the default (settings.integration_rate_limit_per_minute).
    rate_limit_per_minute: int | None = None
    created_by_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    created_at: datetime = created_at_field()


class IntegrationRateWindow(SQLModel, table=True):
    """Requests an integration token made in the current minute (fixed windows, UTC): one row per
    token, counted by an upsert that locks it, so concurrent requests are counted one by one."""

    __tablename__ = "integration_rate_window"

    token_id: int = Field(primary_key=True, foreign_key="integration_token.id", ondelete="CASCADE")
    window_start: datetime = Field(sa_type=UTCDateTime)
    requests: int = 0


class LoginSession(SQLModel, table=True):
    """One login. Its refresh tokens share its family; its access tokens carry its id (`sid`), and
    every request checks it is still open: logout, a replayed refresh token, a password change or
    the absolute and idle limits end it, and its access tokens with it."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    family: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime)  # absolute limit, from the password
    idle_expires_at: datetime = Field(sa_type=UTCDateTime)  # pushed back by each refresh, never past expires_at
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed password checks for one key: an account from one address, or an address alone
    (account ''). Updated under a row lock, so concurrent guesses are counted one by one."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("account", "address", name="uq_login_throttle_key"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=254)
    address: str = Field(max_length=64)
    failures: int = 0
    last_failure_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    blocked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasswordToken(SQLModel, table=True):
    """A single-use link to choose a password: an invitation (a new account) or a reset (an
    administrator's). Only its hash is stored; it expires, and a newer one for the same person
    replaces it (the older is marked used)."""

    __tablename__ = "password_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    purpose: str = Field(sa_type=String(16))  # invitation, reset
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class AccountMail(SQLModel, table=True):
    """An e-mail about a person's account (invitation, password reset), queued in the request's
    transaction and sent by the outbox's background sender (api/services/outbox.py). The body holds
    the link with its secret only until it is sent: it is emptied then (or when given up)."""

    __tablename__ = "account_mail"
    __table_args__ = (Index("ix_account_mail_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(default="", sa_type=Text)
    status: str = Field(sa_type=String(16))  # pending, sent, failed (given up)
    error: str | None = Field(default=None, max_length=200)  # the last failure's class, never remote text
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
