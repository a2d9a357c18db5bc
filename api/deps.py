"""Dependency aliases shared by routers."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from api.db import get_session

SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def client_address(request: Request) -> str:
    """The client's IP, for throttling: the peer's address, or the one a trusted proxy forwarded
    (api/main.py resolves X-Forwarded-For against settings.trusted_proxies, and only those)."""
    return request.client.host if request.client else ""
