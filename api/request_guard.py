"""Limits on what a request may carry, checked once before any route: the body size, and NUL characters.

Why a middleware rather than a check per schema: the size must be counted before the body is parsed (a
60 MiB JSON body cost ~186 MB of memory), and a NUL character is refused the same way whatever the route,
the schema or the database (SQLite stores it, PostgreSQL cannot: a text column refuses "\\u0000"). The body
is read here once, bounded by the limit, and replayed to the app; a NUL is looked for in the raw bytes
first, so a normal request never pays for a second JSON parse.
"""

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ErrorBody, FieldError

NUL_MESSAGE = "Caractère interdit : le caractère nul (\\u0000) n'est pas accepté."


def _too_large(limit: int, detail: str | None = None) -> JSONResponse:
    mib = limit / (1024 * 1024)
    detail = detail or (f"Requête trop volumineuse : au plus {mib:g} Mio." if mib >= 1
                        else f"Requête trop volumineuse : au plus {limit} octets.")
    return JSONResponse(status_code=413, content=ErrorBody(error="payload_too_large", detail=detail).model_dump(exclude_none=True))


def _nul_refused(fields: list[str]) -> JSONResponse:
    body = ErrorBody(error="validation_error", detail=NUL_MESSAGE if len(fields) == 1 and fields[0] == "body" else
                     "Un champ contient un caractère interdit : voir le message à côté du champ.",
                     fields=[FieldError(field=f, message=NUL_MESSAGE) for f in fields])
    return JSONResponse(status_code=422, content=body.model_dump(exclude_none=True))


def nul_paths(value: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Dotted paths (as in validation errors: "members.0.first_name") of every key or text holding a NUL."""
    if isinstance(value, str):
        return [".".join(path) or "body"] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found += [".".join((*path, key)) or "body"] if "\x00" in key else nul_paths(item, (*path, key))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in nul_paths(item, (*path, str(i)))]
    return []


class RequestGuard:
    """Pure ASGI middleware (no BaseHTTPMiddleware: it would buffer responses too)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int,
                 uploads: list[tuple[re.Pattern[str], int, str]] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Upload routes (a path pattern each), the larger body they may carry (POST only), and what to say
        # beyond it.
        self.uploads = uploads or []

    def _limit(self, scope: Scope) -> tuple[int, str | None]:
        if scope["method"] == "POST":
            for pattern, limit, detail in self.uploads:
                if pattern.match(scope["path"]):
                    return max(limit, self.max_body_bytes), detail
        return self.max_body_bytes, None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit, detail = self._limit(scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(limit, detail)(scope, receive, send)
            return
        query = [k for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                 if "\x00" in k or "\x00" in v]
        if query:
            await _nul_refused(query)(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        # Read the body, counting what actually arrives (a chunked body declares no length).
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(limit, detail)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        fields = self._nul_fields(body, headers.get("content-type", ""))
        if fields:
            await _nul_refused(fields)(scope, receive, send)
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _nul_fields(body: bytes, content_type: str) -> list[str]:
        media = content_type.split(";")[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            if b"\\u0000" not in body and b"\x00" not in body:
                return []  # the common case: no parse
            try:
                return nul_paths(json.loads(body))
            except ValueError:
                return []  # not JSON after all: the route's own validation answers
        if media == "application/x-www-form-urlencoded" and (b"%00" in body or b"\x00" in body):
            return [k for k, v in parse_qsl(body.decode("latin-1"), keep_blank_values=True)
                    if "\x00" in k or "\x00" in v] or ["body"]
        return []
