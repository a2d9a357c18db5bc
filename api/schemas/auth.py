"""Login, refresh and identity models."""

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import WriteModel


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Lifetime of the access token, in seconds.")


class RefreshRequest(WriteModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class OrganisationBrief(BaseModel):
    id: int
    name: str
    kind: str


class Me(BaseModel):
    kind: Literal["user", "integration"]
    id: int
    email: str | None
    full_name: str
    organisation: OrganisationBrief | None
    roles: list[str]
    scopes: list[str]
