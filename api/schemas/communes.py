"""Communes and the territorial unit serving each."""

from typing import Annotated

from pydantic import Field

from api.schemas.common import Postcode, ReadModel, Ref, WriteModel


class CommuneRead(ReadModel):
    insee_code: str = Field(examples=["39198"])
    name: str = Field(examples=["Dole"])
    postcodes: list[str] = Field(examples=[["39100"]])
    arrondissement: str = Field(examples=["391"])
    unit: Ref | None = Field(description="The territorial unit serving the commune; null: outside every unit.")


class CommuneUpdate(WriteModel):
    """Send `unit_id` (null: the commune is outside every unit) and/or the postal codes."""

    unit_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    postcodes: Annotated[list[Postcode], Field(min_length=1, max_length=10)] | None = None
