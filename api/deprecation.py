"""Marking an operation deprecated, as docs/integrations/versioning.md promises: the OpenAPI document
says `deprecated: true` with the date it goes (`x-sunset`), and every answer of the operation carries
`Deprecation` (RFC 9745: since when), `Sunset` (RFC 8594: when it stops answering) and, when something replaces it, `Link:
<…>; rel="successor-version"`.

    @router.get("/old", **deprecated(since=date(2027, 1, 4), sunset=date(2027, 7, 5), successor="/api/v1/new"))

The headers are added by one middleware reading the matched route, so they are there whatever the route
returns (a model, a Response, an error).
"""

from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

def deprecated(*, since: date, sunset: date, successor: str | None = None) -> dict[str, Any]:
    """Keyword arguments of a route decorator marking it deprecated (a route with its own `openapi_extra`
    merges this one's in)."""
    if sunset <= since:
        raise ValueError("a sunset comes after the deprecation")
    extra: dict[str, Any] = {"x-deprecated-since": since.isoformat(), "x-sunset": sunset.isoformat()}
    if successor:
        extra["x-successor"] = successor
    return {"deprecated": True, "openapi_extra": extra}


def headers_for(extra: dict[str, Any]) -> dict[str, str]:
    since = datetime.combine(date.fromisoformat(extra["x-deprecated-since"]), time(), UTC)
    sunset = datetime.combine(date.fromisoformat(extra["x-sunset"]), time(), UTC)
    headers = {"Deprecation": f"@{int(since.timestamp())}", "Sunset": format_datetime(sunset, usegmt=True)}
    if extra.get("x-successor"):
        headers["Link"] = f'<{extra["x-successor"]}>; rel="successor-version"'
    return headers


class DeprecationHeaders:
    """Pure ASGI middleware: adds the headers to the answers of routes marked with `deprecated(...)`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                route = scope.get("route")  # set by the router when it matched (the scope is shared)
                if route is not None and getattr(route, "deprecated", False):
                    extra = getattr(route, "openapi_extra", None) or {}
                    if "x-sunset" in extra:
                        headers = MutableHeaders(scope=message)
                        for name, value in headers_for(extra).items():
                            headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
