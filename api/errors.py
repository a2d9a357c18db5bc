"""Typed errors and the handlers that render every failure as {"error", "detail"[, "fields"]}.

Messages are for people: they are in French, like the user interface that shows them.
"""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("binome.errors")


class FieldError(BaseModel):
    field: str
    message: str


class Choice(BaseModel):
    value: str
    label: str


class ErrorBody(BaseModel):
    error: str
    detail: str
    fields: list[FieldError] | None = None
    allowed: list[str] | None = None
    record_id: int | None = None  # the record the refusal is about (e.g. the visit already planned)
    current: dict[str, Any] | None = Field(
        default=None, description="On a `stale_version` 409: the record as the server holds it now (the same shape "
                                  "as the route's answer, with its current `version`), so a client can compare "
                                  "its own values with it field by field and send again with that version.")
    choices: list[Choice] | None = Field(
        default=None, description="On a `programme_choice` 409 at login: the programmes the person belongs to "
                                  "(`value` is the slug to send as `programme`, `label` its name).")


class AppError(Exception):
    status_code = 400
    code = "bad_request"
    headers: dict[str, str] | None = None
    # True for refusals whose side effects must be committed anyway (see db.should_commit).
    keep_changes = False

    def __init__(self, detail: str, *, fields: list[FieldError] | None = None,
                 allowed: list[str] | None = None, record_id: int | None = None,
                 current: dict[str, Any] | None = None, choices: list[Choice] | None = None) -> None:
        super().__init__(detail)
        self.choices = choices
        self.detail = detail
        self.fields = fields
        self.allowed = allowed
        self.record_id = record_id
        self.current = current


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"
    headers = {"WWW-Authenticate": "Bearer"}


class SecurityRefusal(Unauthorized):
    """A 401 that also records a security measure (revocation, lockout) in the same transaction."""

    keep_changes = True


class TooManyAttempts(AppError):
    """429 with Retry-After: login throttling and lockout."""

    status_code = 429
    code = "too_many_attempts"

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(max(retry_after_seconds, 1))}


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class StaleVersion(Conflict):
    """A write based on a version that is no longer the record's: 409, with the record as it is now in
    `current` when the caller could give it (api/services/versioning.py)."""

    code = "stale_version"


class ProgrammeChoice(Conflict):
    """A person of several programmes logs in without saying which: 409 with the `choices`."""

    code = "programme_choice"


class InvalidInput(AppError):
    """A rule on the payload that the schema alone cannot express (a bad reference, say)."""

    status_code = 422
    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, fields=[FieldError(field=field, message=message)])


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declaration of the error body for the given status codes."""
    return {code: {"model": ErrorBody} for code in codes}


_PYDANTIC_FR: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "string_too_short": "Trop court : au moins {min_length} caractère(s).",
    "string_too_long": "Trop long : au plus {max_length} caractères.",
    "string_pattern_mismatch": "Format invalide.",
    "string_type": "Texte attendu.",
    "int_parsing": "Nombre entier attendu.",
    "int_type": "Nombre entier attendu.",
    "int_from_float": "Nombre entier attendu.",
    "decimal_parsing": "Nombre attendu (par exemple 72,5).",
    "decimal_type": "Nombre attendu (par exemple 72,5).",
    "decimal_max_places": "Au plus {decimal_places} décimale(s).",
    "decimal_max_digits": "Nombre trop grand.",
    "decimal_whole_digits": "Nombre trop grand.",
    "float_parsing": "Nombre attendu.",
    "greater_than": "Doit être supérieur à {gt}.",
    "greater_than_equal": "Doit être supérieur ou égal à {ge}.",
    "less_than": "Doit être inférieur à {lt}.",
    "less_than_equal": "Doit être inférieur ou égal à {le}.",
    "enum": "Valeur non reconnue : choisir parmi {expected}.",
    "literal_error": "Valeur non reconnue : choisir parmi {expected}.",
    "bool_parsing": "Oui/non attendu.",
    "date_parsing": "Date invalide (format AAAA-MM-JJ).",
    "date_from_datetime_parsing": "Date invalide (format AAAA-MM-JJ).",
    "datetime_parsing": "Date et heure invalides.",
    "datetime_from_date_parsing": "Date et heure invalides.",
    "too_short": "Au moins {min_length} élément(s).",
    "too_long": "Au plus {max_length} éléments.",
    "list_type": "Liste attendue.",
    "model_attributes_type": "Objet attendu.",
    "dict_type": "Objet attendu.",
    "json_invalid": "Le corps de la requête n'est pas du JSON valide.",
    "extra_forbidden": "Champ inconnu.",
    "value_error": "{message}",
    "assertion_error": "{message}",
    "uuid_parsing": "Identifiant invalide.",
    "url_parsing": "Adresse invalide.",
    # JSON as Python reads it accepts NaN and Infinity: refused, and said in French (issue 13).
    "finite_number": "Nombre fini attendu (NaN et Infinity ne sont pas acceptés).",
    "float_type": "Nombre attendu.",
    "bool_type": "Oui/non attendu.",
    "int_parsing_size": "Nombre trop grand.",
    "multiple_of": "Doit être un multiple de {multiple_of}.",
    "none_required": "Ce champ doit rester vide.",
    "string_unicode": "Texte attendu (UTF-8).",
    "date_type": "Date invalide (format AAAA-MM-JJ).",
    "date_from_datetime_inexact": "Date attendue, sans heure.",
    "date_past": "La date doit être passée.",
    "date_future": "La date doit être à venir.",
    "datetime_type": "Date et heure invalides.",
    "datetime_object_invalid": "Date et heure invalides.",
    "datetime_past": "La date doit être passée.",
    "datetime_future": "La date doit être à venir.",
    "time_type": "Heure invalide (format HH:MM).",
    "time_parsing": "Heure invalide (format HH:MM).",
    "timezone_naive": "Date et heure sans fuseau horaire attendues.",
    "timezone_aware": "Date et heure avec fuseau horaire attendues (par exemple 2026-03-01T09:00:00+01:00).",
    "time_delta_type": "Durée invalide.",
    "time_delta_parsing": "Durée invalide.",
    "tuple_type": "Liste attendue.",
    "set_type": "Liste attendue.",
    "model_type": "Objet attendu.",
    "json_type": "Texte JSON attendu.",
    "union_tag_invalid": "Type non reconnu : choisir parmi {expected_tags}.",
    "union_tag_not_found": "Le champ {discriminator} est obligatoire.",
    "url_type": "Adresse attendue.",
    "url_syntax_violation": "Adresse invalide.",
    "url_too_long": "Adresse trop longue.",
    "url_scheme": "Adresse invalide : {expected_schemes} attendu.",
    "uuid_type": "Identifiant invalide.",
    "uuid_version": "Identifiant invalide.",
    "bytes_type": "Texte attendu.",
    "iterable_type": "Liste attendue.",
    "mapping_type": "Objet attendu.",
}


def _french_message(err: Mapping[str, Any]) -> str:
    template = _PYDANTIC_FR.get(err.get("type", ""))
    ctx = dict(err.get("ctx") or {})
    if "error" in ctx and "message" not in ctx:
        ctx["message"] = str(ctx["error"])
    if err.get("type") == "value_error":
        # Our validators raise ValueError with a French message; pydantic prefixes it.
        return str(err.get("msg", "")).removeprefix("Value error, ")
    if err.get("type") == "string_too_short" and ctx.get("min_length") == 1:
        return "Ce champ est obligatoire."
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    if template:
        try:
            return template.format(**ctx)
        except (KeyError, IndexError):
            pass
    # A type without a French message: still French for the user; the type goes to the log to add it here.
    log.info("validation error without a French message: %s", err.get("type"))
    return "Valeur invalide."


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_body(errors: Sequence[Mapping[str, Any]]) -> ErrorBody:
    fields = [FieldError(field=_field_path(e.get("loc", ())), message=_french_message(e)) for e in errors]
    if len(fields) == 1 and fields[0].field == "body":
        detail = fields[0].message
    elif len(fields) == 1:
        detail = "Un champ est à corriger : voir le message à côté du champ."
    else:
        detail = f"{len(fields)} champs sont à corriger : voir les messages à côté des champs."
    return ErrorBody(error="validation_error", detail=detail, fields=fields)


def _json(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(exclude_none=True), headers=headers)


_HTTP_FR = {
    404: "Ressource introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    413: "Requête trop volumineuse.",
    415: "Type de contenu non pris en charge.",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        body = ErrorBody(error=exc.code, detail=exc.detail, fields=exc.fields, allowed=exc.allowed,
                         record_id=exc.record_id, current=exc.current, choices=exc.choices)
        return _json(exc.status_code, body, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _json(422, validation_body(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's 400 for a body that is not even text (invalid UTF-8): undeclared by every route, and
            # the same mistake as malformed JSON, so the same declared 422 (found by fuzzing).
            message = "Le corps de la requête est illisible : JSON (UTF-8) ou formulaire attendu."
            return _json(422, ErrorBody(error="validation_error", detail=message,
                                        fields=[FieldError(field="body", message=message)]))
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in _HTTP_FR else _HTTP_FR.get(exc.status_code, str(exc.detail))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _json(exc.status_code, ErrorBody(error=code, detail=detail), getattr(exc, "headers", None))

    @app.exception_handler(IntegrityError)
    async def _integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", exc.orig.__class__.__name__)
        return _json(409, ErrorBody(error="conflict", detail="Cette opération entre en conflit avec des données existantes."))

    @app.exception_handler(DataError)
    async def _data_error(_: Request, exc: DataError) -> JSONResponse:
        # A value the database cannot store (an integer beyond its column, a NUL byte in a text on
        # PostgreSQL): bad input, a 422, not a 500 (found by fuzzing).
        log.warning("data error: %s", exc.orig.__class__.__name__)
        return _json(422, ErrorBody(error="validation_error", detail="Une valeur est hors des limites acceptées "
                                    "(nombre trop grand ou caractère interdit)."))

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # SQLite's driver raises a bare OverflowError for an integer beyond 64 bits: the same bad input.
        log.warning("overflow: %s", exc)
        return _json(422, ErrorBody(error="validation_error", detail="Nombre trop grand."))

    @app.exception_handler(OperationalError)
    async def _db_unavailable(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc.orig.__class__.__name__)
        return _json(503, ErrorBody(error="unavailable", detail="Service momentanément indisponible, réessayez dans un instant."),
                     {"Retry-After": "5"})
