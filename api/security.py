"""Everything cryptographic: JWT access tokens (python-jose), opaque tokens, password hashes.

The only module that imports jose or pwdlib, so a later swap touches one file.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


def create_access_token(*, secret: str, user_id: int, session_id: int, scopes: list[str], generation: int,
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


def decode_access_token(token: str, *, secret: str) -> AccessClaims:
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


def token_digest(token: str, *, secret: str) -> str:
    """Keyed hash of an opaque token: a database leak alone does not reveal usable tokens."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>": the timestamp is signed so a capture cannot be replayed later."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def is_integration_token(token: str) -> bool:
    return token.startswith(INTEGRATION_TOKEN_PREFIX)
