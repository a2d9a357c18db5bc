"""Everything cryptographic: key derivation, JWT access tokens (python-jose), opaque tokens, password
hashes, and secrets kept encrypted at rest (Fernet, from `cryptography`).

The only module that imports jose, pwdlib or cryptography, so a later swap touches one file.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jose import ExpiredSignatureError, JWTError, jwt
from pwdlib import PasswordHash

ALGORITHM = "HS256"
# Explicit allow-list: never let the token header choose the algorithm (CVE-2024-33663).
ALLOWED_ALGORITHMS = [ALGORITHM]
ISSUER = "binome"
INTEGRATION_TOKEN_PREFIX = "bnm_"

_password_hash = PasswordHash.recommended()  # argon2id
# Verified against when the account does not exist, so both paths cost the same time.
_DUMMY_HASH = _password_hash.hash("binome-dummy-password-for-timing")


class Purpose(StrEnum):
    """What a derived key is for. The value is the HKDF `info`: never change one (stored hashes depend on it)."""

    jwt = "jwt-signing"
    token_digest = "token-digest"  # refresh tokens and integration tokens
    calendar_feed = "calendar-feed"
    pseudonym = "pseudonym"
    webhook_secret = "webhook-secret"  # encryption at rest of the landlords' webhook signing secrets


# Fixed, public, application-specific salt (RFC 5869 section 3.1: a salt needs no secrecy).
_HKDF_SALT = b"binome/hkdf/v1"


@lru_cache(maxsize=32)
def derive_key(secret: str, purpose: Purpose) -> bytes:
    """HKDF-SHA256 (RFC 5869): a separate 32-byte key per purpose from the master secret.

    Why: one key per use, so a key that leaks or is misused in one place (a pseudonym list, a
    calendar address) gives nothing on the others, and a JWT can never be forged from a token hash.
    """
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=f"binome:{Purpose(purpose).value}".encode())
    return hkdf.derive(secret.encode())


@dataclass(frozen=True)
class Keys:
    """The derived keys, one attribute per purpose (`settings.keys.jwt`)."""

    jwt: bytes
    token_digest: bytes
    calendar_feed: bytes
    pseudonym: bytes
    webhook_secret: bytes

    @classmethod
    def derive(cls, secret: str) -> "Keys":
        return cls(**{purpose.name: derive_key(secret, purpose) for purpose in Purpose})


class TokenError(Exception):
    """The token is missing, malformed, forged, of the wrong type or expired."""


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    scopes: frozenset[str]
    generation: int
    jti: str
    session_id: int  # the login (`sid`): every request checks it is still open


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """(valid, new hash if the stored one should be upgraded). Constant work for unknown users."""
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False, None
    try:
        return _password_hash.verify_and_update(password, password_hash)
    except Exception:  # an unreadable stored hash is a failed login, not a crash
        return False, None


def create_access_token(*, secret: bytes, user_id: int, session_id: int, scopes: list[str], generation: int,
                        minutes: int, now: datetime | None = None) -> tuple[str, str]:
    now = now or datetime.now(UTC)
    jti = secrets.token_hex(12)
    claims = {
        "sub": str(user_id),
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
        "jti": jti,
        "typ": "access",
        "gen": generation,
        "sid": session_id,
        "scope": " ".join(sorted(scopes)),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM), jti


def decode_access_token(token: str, *, secret: bytes) -> AccessClaims:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise TokenError("algorithm not allowed")
        claims = jwt.decode(
            token, secret, algorithms=ALLOWED_ALGORITHMS, issuer=ISSUER,
            options={"require_exp": True, "require_sub": True, "require_iat": True, "require_jti": True},
        )
    except ExpiredSignatureError as exc:
        raise TokenError("expired") from exc
    except JWTError as exc:
        raise TokenError("invalid") from exc
    if claims.get("typ") != "access":
        raise TokenError("not an access token")
    try:
        return AccessClaims(
            user_id=int(claims["sub"]),
            scopes=frozenset(str(claims.get("scope", "")).split()),
            generation=int(claims.get("gen", -1)),
            jti=str(claims["jti"]),
            session_id=int(claims["sid"]),  # a token without a login to check is refused
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenError("malformed claims") from exc


def new_opaque_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str, *, secret: bytes) -> str:
    """Keyed hash of an opaque token: a database leak alone does not reveal usable tokens.
    `secret` is a derived key (Keys.token_digest or Keys.calendar_feed), never the master secret."""
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>": the timestamp is signed so a capture cannot be replayed later."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def is_integration_token(token: str) -> bool:
    return token.startswith(INTEGRATION_TOKEN_PREFIX)


class SecretUnreadable(Exception):
    """An encrypted value that the current key cannot open (the app secret changed, or the data was altered)."""


def _fernet(secret: str, purpose: Purpose) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive_key(secret, purpose)))


def encrypt_secret(value: str, *, secret: str, purpose: Purpose = Purpose.webhook_secret) -> str:
    """Authenticated encryption (AES-128-CBC + HMAC-SHA256) of a value the app must read back in clear."""
    return _fernet(secret, purpose).encrypt(value.encode()).decode()


def decrypt_secret(token: str, *, secret: str, purpose: Purpose = Purpose.webhook_secret) -> str:
    try:
        return _fernet(secret, purpose).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("cannot decrypt with the current key") from exc
