"""Query parameters shared by list endpoints, bounded so no input reaches the database unchecked."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from api.schemas.common import MAX_PAGE


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size (at most {MAX_PAGE}).")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


PagingDep = Annotated[Paging, Depends(paging)]
