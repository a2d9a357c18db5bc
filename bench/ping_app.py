"""The framework's floor: a bare Starlette app answering GET /ping (no middleware, no database)."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def ping(_: Request) -> PlainTextResponse:
    return PlainTextResponse("pong")


app = Starlette(routes=[Route("/ping", ping)])
