"""Household request and response models."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from api.models import (
    AltitudeClass,
    ConsentPurpose,
    ConstructionPeriod,
    DwellingType,
    HeatingEnergy,
    HouseholdStatus,
    Relation,
    Tenure,
)
from api.schemas.common import (
    ConsumptionUnits,
    Email,
    InseeCode,
    Name,
    PersonRef,
    Phone,
    Postcode,
    ReadModel,
    Ref,
    SquareMetres,
    Text200,
    WriteModel,
    this_year,
)


class MemberIn(WriteModel):
    first_name: Name
    birth_year: int = Field(ge=1900, examples=[1982])
    relation: Relation

    @field_validator("birth_year")
    @classmethod
    def _not_in_future(cls, value: int) -> int:
        if value > this_year():
            raise ValueError("L'année de naissance ne peut pas être dans le futur.")
        return value


class MemberRead(ReadModel):
    id: int
    first_name: str
    birth_year: int
    relation: Relation


class DwellingIn(WriteModel):
    dwelling_type: DwellingType
    construction_period: ConstructionPeriod = ConstructionPeriod.unknown
    surface_m2: Annotated[Decimal, Field(ge=5, le=2000, decimal_places=1, examples=["72.5"])] | None = None
    altitude_class: AltitudeClass
    main_heating_energy: HeatingEnergy


class DwellingRead(ReadModel):
    dwelling_type: DwellingType
    construction_period: ConstructionPeriod
    surface_m2: SquareMetres | None
    altitude_class: AltitudeClass
    main_heating_energy: HeatingEnergy


class SocialReferent(WriteModel):
    name: Text200
    organisation: Text200 | None = None
    phone: Phone | None = None
    email: Email | None = None


class SocialReferentRead(ReadModel):
    name: str
    organisation: str | None
    phone: str | None
    email: str | None


class HouseholdIdentity(WriteModel):
    """Who and where: what a referral knows, and what every household starts from."""

    first_name: Name
    last_name: Name
    phone: Phone | None = None
    email: Email | None = None
    address_line: Annotated[str, Field(max_length=300)] | None = None
    postcode: Postcode | None = None
    commune: Annotated[str, Field(min_length=1, max_length=120)]
    insee_code: InseeCode | None = Field(
        default=None,
        description="The commune's INSEE code: the territorial unit comes from it (without it, from a commune "
                    "name and postal code that designate one commune of the table).",
    )


class _HouseholdFields(HouseholdIdentity):
    tenure: Tenure
    landlord_id: int | None = Field(default=None, ge=1)
    social_referent: SocialReferent | None = None


class HouseholdCreate(_HouseholdFields):
    members: list[MemberIn] = Field(min_length=1, max_length=20)
    dwelling: DwellingIn | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [{
                "first_name": "Amélie", "last_name": "Girard", "phone": "06 12 34 56 78",
                "commune": "Dole", "postcode": "39100", "insee_code": "39198",
                "tenure": "social_tenant", "landlord_id": 3,
                "members": [{"first_name": "Amélie", "birth_year": 1986, "relation": "applicant"},
                            {"first_name": "Léo", "birth_year": 2016, "relation": "child"}],
                "dwelling": {"dwelling_type": "apartment", "construction_period": "before_1975",
                             "surface_m2": "64.0", "altitude_class": "below_400",
                             "main_heating_energy": "electricity"},
            }]
        }
    }


class HouseholdUpdate(WriteModel):
    """Partial update: send only what changes, plus the `version` you read."""

    version: int = Field(ge=1, description="The version read; a stale one answers 409.")
    first_name: Name | None = None
    last_name: Name | None = None
    phone: Phone | None = None
    email: Email | None = None
    address_line: Annotated[str, Field(max_length=300)] | None = None
    postcode: Postcode | None = None
    commune: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    insee_code: InseeCode | None = Field(default=None, description="Changing the address sets the unit again.")
    tenure: Tenure | None = None
    landlord_id: int | None = Field(default=None, ge=1)
    social_referent: SocialReferent | None = None
    members: list[MemberIn] | None = Field(default=None, min_length=1, max_length=20)
    dwelling: DwellingIn | None = None

    @model_validator(mode="before")
    @classmethod
    def _status_is_not_edited(cls, data: Any) -> Any:
        # The case's status follows its lifecycle (close with a summary, reopen): never a field edit,
        # which would skip the closing rules (no closed_at, so retention would never anonymise it).
        if isinstance(data, dict) and "status" in data:
            raise ValueError("Le statut d'un dossier change par la clôture ou la réouverture.")
        return data


class ConsentCreate(WriteModel):
    purpose: ConsentPurpose
    note: Annotated[str, Field(max_length=1000)] = ""


class ConsentRead(ReadModel):
    id: int
    purpose: ConsentPurpose
    given_at: datetime
    revoked_at: datetime | None
    recorded_by: PersonRef
    note: str
    is_current: bool


class HouseholdSummary(ReadModel):
    id: int
    display_name: str
    commune: str
    unit: Ref | None
    outside_units: bool = Field(description="No territorial unit serves the commune (unknown, or outside every unit).")
    status: HouseholdStatus
    tenure: Tenure
    members_count: int
    consumption_units: ConsumptionUnits
    updated_at: datetime


class HouseholdRead(ReadModel):
    id: int
    version: int
    status: HouseholdStatus
    display_name: str
    first_name: str
    last_name: str
    phone: str | None
    email: str | None
    address_line: str | None
    postcode: str | None
    commune: str
    insee_code: str | None
    unit: Ref | None
    outside_units: bool = Field(description="No territorial unit serves the commune (unknown, or outside every unit).")
    tenure: Tenure
    landlord: Ref | None
    social_referent: SocialReferentRead | None
    members: list[MemberRead]
    consumption_units: ConsumptionUnits = Field(description="INSEE/OECD scale, at the current year (1 decimal).")
    dwelling: DwellingRead | None
    consents: list[ConsentRead]
    advisors: list[PersonRef]
    created_at: datetime
    updated_at: datetime
    anonymised_at: datetime | None = Field(
        default=None, description="When names, contacts and free text were removed (erasure or end of retention).")
    allowed_actions: list[str] = Field(description="Case lifecycle actions you may take: close, reopen.")
