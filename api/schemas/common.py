"""Building blocks shared by every resource's schemas."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

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

    @classmethod
    def slice(cls, items: list[T], *, limit: int, offset: int) -> "Page[T]":
        """One page of a list that is small and bounded by nature (a household's bills, a visit's two
        syntheses, a week's free slots), built in memory: every list answers the same envelope."""
        return cls.of(items[offset:offset + limit], total=len(items), limit=limit, offset=offset)


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


def scaled(places: int, description: str, example: str) -> Any:
    """A decimal read from the API as a string with exactly `places` decimals, rounded half up from the
    exact value, whatever its column's scale or the way it was written ("12.5" posted, "12.500000" read
    back from a NUMERIC column: both answer "12.50"). The OpenAPI document shows it as a string of
    `format: decimal` with its scale in `x-scale`, the description and an example; a request may send
    the number as a string or a JSON number."""
    return Annotated[
        Decimal, _fixed(places),
        WithJsonSchema({"type": "string", "format": "decimal", "x-scale": places, "description": description,
                        "examples": [example]}, mode="serialization"),
        Field(description=description),
    ]


# One textual scale per kind of number, the same from a POST, a GET and a list: JSON carries decimals
# as strings ("1234.50"), never floats, so a client never meets 0.1 + 0.2. Every Decimal of a read
# model has one of these types (tests/robustness/test_number_scales.py walks the OpenAPI document).
Euros = scaled(2, "Euros, 2 decimals, as a string: \"1234.50\".", "1234.50")
Kwh = scaled(0, "Whole kWh, as a string: \"11725\".", "11725")
Ratio = scaled(4, "A ratio, 4 decimals, as a string: \"0.0975\" is 9.75 %.", "0.0975")
Quantity = scaled(3, "A quantity in its unit (m³, litres, kg, stères), 3 decimals, as a string: \"1250.500\".",
                  "1250.500")
SquareMetres = scaled(1, "An area in m², 1 decimal, as a string: \"72.5\".", "72.5")
Metres = scaled(2, "A length in metres, 2 decimals, as a string: \"2.50\".", "2.50")
ConsumptionUnits = scaled(1, "Consumption units (INSEE/OECD scale: 1, 0.5, 0.3), 1 decimal, as a string: \"2.1\".",
                          "2.1")
Days = scaled(1, "A number of days, 1 decimal (a median may fall between two days), as a string: \"12.5\".", "12.5")
Percent = scaled(1, "A percentage (already × 100), 1 decimal, as a string: \"87.5\" is 87.5 %.", "87.5")
Celsius = scaled(1, "A temperature in °C, 1 decimal, as a string: \"18.5\".", "18.5")
PerThousand = scaled(2, "A rate per 1,000, 2 decimals, as a string: \"2.00\".", "2.00")
ReferenceNumber = scaled(6, "A reference value in its own unit (see `unit`), with the 6 decimals it is stored with, "
                            "as a string: \"0.091420\".", "0.091420")


def password_rules(value: str) -> str:
    """The one password policy (ANSSI-style length first): 12 characters or more, not a single kind."""
    if len(value) < 12:
        raise ValueError("Le mot de passe doit faire au moins 12 caractères.")
    if value.isalpha() or value.isdigit():
        raise ValueError("Le mot de passe doit mêler lettres et chiffres ou symboles.")
    return value


def this_year() -> int:
    return date.today().year
