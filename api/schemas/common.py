"""Building blocks shared by every resource's schemas."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints

T = TypeVar("T")

MAX_PAGE = 100


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class WriteModel(BaseModel):
    # Unknown fields are refused so a typo never silently drops data.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    next: int | None = Field(description="Offset of the next page, or null on the last page.")

    @classmethod
    def of(cls, items: list[T], *, total: int, limit: int, offset: int) -> "Page[T]":
        return cls(items=items, total=total, next=offset + limit if offset + limit < total else None)


class Ref(ReadModel):
    id: int
    name: str


class PersonRef(ReadModel):
    id: int
    full_name: str


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 .()-]{6,20}$")]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
Postcode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{5}$")]
InseeCode = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[0-9][0-9AB][0-9]{3}$")]


def _fixed(places: int) -> PlainSerializer:
    step = Decimal(1).scaleb(-places)
    return PlainSerializer(lambda v: str(v.quantize(step, rounding=ROUND_HALF_UP)), return_type=str, when_used="json")


# One textual scale per kind of number, the same from a POST, a GET and a list: JSON carries decimals
# as strings ("1234.50"), never floats, so a client never meets 0.1 + 0.2.
Euros = Annotated[Decimal, _fixed(2), Field(description="Euros, 2 decimals, as a string: \"1234.50\".")]
Kwh = Annotated[Decimal, _fixed(0), Field(description="Whole kWh, as a string: \"11725\".")]
Ratio = Annotated[Decimal, _fixed(4), Field(description="A ratio, 4 decimals, as a string: \"0.0975\" is 9.75 %.")]
Quantity = Annotated[Decimal, _fixed(3), Field(description="A quantity in its unit, 3 decimals, as a string.")]


def password_rules(value: str) -> str:
    """The one password policy (ANSSI-style length first): 12 characters or more, not a single kind."""
    if len(value) < 12:
        raise ValueError("Le mot de passe doit faire au moins 12 caractères.")
    if value.isalpha() or value.isdigit():
        raise ValueError("Le mot de passe doit mêler lettres et chiffres ou symboles.")
    return value


def this_year() -> int:
    return date.today().year
