"""Dependency aliases shared by routers."""

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from api.db import get_session

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
