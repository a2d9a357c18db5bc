"""Idempotent writes: a request retried with the same Idempotency-Key gets the first answer back."""

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, col, select

from api.access import Principal
from api.errors import Conflict, InvalidInput
from api.models import IdempotencyRecord

MAX_KEY_LENGTH = 200
T = TypeVar("T", bound=BaseModel)


def _principal_key(principal: Principal) -> str:
    return f"user:{principal.user_id}" if principal.kind == "user" else f"token:{principal.token_id}"


def run_once(
    session: Session, principal: Principal, key: str | None, request: BaseModel,
    status_code: int, response_model: type[T], create: Callable[[], T], *, target: str = "",
    household_id: int | None = None,
) -> T:
    """Run `create` once per (principal, key); a retry returns the stored response unchanged."""
    if key is None:
        return create()
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput("Idempotency-Key", f"Clé d'idempotence invalide (1 à {MAX_KEY_LENGTH} caractères).")
    # `target` names the record written to (from the path), so one key cannot serve two of them.
    request_hash = hashlib.sha256((target + request.model_dump_json()).encode()).hexdigest()
    owner = _principal_key(principal)
    stored = session.exec(select(IdempotencyRecord).where(
        IdempotencyRecord.principal_key == owner, IdempotencyRecord.key == key)).first()
    if stored is not None:
        if stored.request_hash != request_hash:
            raise Conflict("Cette clé d'idempotence a déjà servi pour une autre requête.")
        return response_model.model_validate(json.loads(stored.response_body))
    response = create()
    # The household whose data the stored answer holds (erasure deletes it, subject access lists it).
    household_id = household_id if household_id is not None else getattr(response, "household_id", None)
    session.add(IdempotencyRecord(principal_key=owner, key=key, request_hash=request_hash, household_id=household_id,
                                  status_code=status_code, response_body=response.model_dump_json()))
    # A concurrent twin with the same key fails here on the unique constraint (409), before commit.
    session.flush()
    return response


def move_household(session: Session, from_id: int, to_id: int) -> None:
    """A household merged into another: its stored answers now concern that one (erasure finds them)."""
    session.execute(update(IdempotencyRecord).where(col(IdempotencyRecord.household_id) == from_id)
                    .values(household_id=to_id).execution_options(synchronize_session=False))
