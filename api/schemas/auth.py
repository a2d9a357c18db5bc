"""Login, refresh and identity models."""

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from api.access import Scope
from api.schemas.common import WriteModel, password_rules


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str | None = Field(default=None, description=(
        "The new refresh token; absent when the refresh came by the HttpOnly cookie (it is in the cookie)."))
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
    scopes: list[Scope] = Field(description="What the principal may do; the SPA builds its navigation from them.")
    device_storage_days: int = Field(description="After how many days the SPA wipes the copies of prepared visits "
                                                 "it keeps on the device for offline work (BINOME_DEVICE_STORAGE_DAYS).",
                                     examples=[14])


class PasswordChange(WriteModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(max_length=200, description="At least 12 characters, not only letters or digits.")

    @field_validator("new_password")
    @classmethod
    def _rules(cls, value: str) -> str:
        return password_rules(value)
