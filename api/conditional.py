"""Conditional GETs for polling integrations: a strong `ETag` over the exact JSON body sent, and
`If-None-Match` answered with `304 Not Modified` (no body) when the representation is unchanged.

The tag is a hash of the bytes of the body, so a 304 can never hide a change: any difference in what
would have been sent (a new item, a withdrawn consent, another total) gives another tag. It saves the
transfer and the client's parsing, not the server's query: the answer is computed, then compared.
"""

import hashlib
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import Response
from pydantic import BaseModel

IfNoneMatch = Annotated[str | None, Header(
    description="The `ETag` of the representation you hold: `304 Not Modified` (no body) if it is still "
                "current. Several tags may be given, separated by commas; `*` matches any.",
    max_length=2000)]

# Response declarations for a route answering with `conditional_json`.
CONDITIONAL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": {
        "ETag": {"description": "Strong tag of this body: send it back as `If-None-Match`.",
                 "schema": {"type": "string"}},
        "Cache-Control": {"description": "`private, no-cache`: keep it, but ask before using it again.",
                          "schema": {"type": "string"}}}},
    304: {"description": "Not modified: the body you hold (its `ETag` sent in `If-None-Match`) is current.",
          "headers": {"ETag": {"description": "The same tag.", "schema": {"type": "string"}}}},
}


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`."""
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    return "*" in candidates or tag.removeprefix("W/") in (c.removeprefix("W/") for c in candidates)


def tagged(body: bytes, media_type: str, if_none_match: str | None, headers: dict[str, str] | None = None,
           key: bytes | None = None) -> Response:
    """`body` with its ETag, or a 304 when the client already holds it. With `key` (what the body shows,
    for a body whose bytes vary by themselves, as an XLSX file's timestamps), the tag is weak and over it."""
    tag = etag(body) if key is None else "W/" + etag(key)
    common = {"ETag": tag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
    if matches(if_none_match, tag):
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers={**common, **(headers or {})})


def conditional_json(model: BaseModel, if_none_match: str | None, *, volatile: set[str] | None = None) -> Response:
    """The model as the route's JSON body (as FastAPI would send it), tagged. `volatile` names top-level
    fields that change on every answer without the content changing (a report's `generated_at`): the tag
    is then weak, over everything else."""
    body = model.model_dump_json(by_alias=True).encode()
    key = model.model_dump_json(by_alias=True, exclude=volatile).encode() if volatile else None
    return tagged(body, "application/json", if_none_match, key=key)
