"""Households, their members, dwelling, consents and the advisors assigned to them."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Numeric, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOwned


class Tenure(StrEnum):
    owner_occupier = "owner_occupier"
    private_tenant = "private_tenant"
    social_tenant = "social_tenant"
    hosted = "hosted"
    other = "other"
    unknown = "unknown"


class HouseholdStatus(StrEnum):
    open = "open"
    closed = "closed"


class Relation(StrEnum):
    applicant = "applicant"
    spouse = "spouse"
    child = "child"
    relative = "relative"
    other = "other"


class DwellingType(StrEnum):
    house = "house"
    apartment = "apartment"
    other = "other"


class ConstructionPeriod(StrEnum):
    """The 3CL-DPE construction periods that default U-values depend on."""

    before_1975 = "before_1975"
    p1975_1977 = "1975_1977"
    p1978_1982 = "1978_1982"
    p1983_1988 = "1983_1988"
    p1989_2000 = "1989_2000"
    p2001_2005 = "2001_2005"
    p2006_2012 = "2006_2012"
    p2013_plus = "2013_plus"
    unknown = "unknown"


class AltitudeClass(StrEnum):
    """Altitude classes of climate zone H1c (degree-hours differ by class)."""

    below_400 = "below_400"
    a400_800 = "400_800"
    above_800 = "above_800"


class HeatingEnergy(StrEnum):
    electricity = "electricity"
    natural_gas = "natural_gas"
    propane = "propane"
    fuel_oil = "fuel_oil"
    wood_logs = "wood_logs"
    wood_pellets = "wood_pellets"
    district_heating = "district_heating"
    heat_pump = "heat_pump"
    other = "other"


class ConsentPurpose(StrEnum):
    data_processing = "data_processing"
    share_with_prescriber = "share_with_prescriber"
    share_with_landlord = "share_with_landlord"


class Household(ProgrammeOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    status: HouseholdStatus = Field(default=HouseholdStatus.open, sa_type=String(16), index=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    # Lower-cased, accent-free "last first" for search that works the same on SQLite and PostgreSQL.
    search_name: str = Field(max_length=220, index=True)
    phone: str | None = Field(default=None, max_length=32)
    phone_digits: str | None = Field(default=None, max_length=20, index=True)  # for duplicate detection
    email: str | None = Field(default=None, max_length=254)
    address_line: str | None = Field(default=None, max_length=300)
    postcode: str | None = Field(default=None, max_length=5)
    commune: str = Field(max_length=120, index=True)
    insee_code: str | None = Field(default=None, max_length=5)
    unit_id: int | None = Field(default=None, foreign_key="territorial_unit.id", ondelete="RESTRICT", index=True)
    tenure: Tenure = Field(sa_type=String(32))
    landlord_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="RESTRICT", index=True)
    social_referent_name: str | None = Field(default=None, max_length=200)
    social_referent_organisation: str | None = Field(default=None, max_length=200)
    social_referent_phone: str | None = Field(default=None, max_length=32)
    social_referent_email: str | None = Field(default=None, max_length=254)
    closing_summary: str | None = Field(default=None, max_length=4000)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    # Names, contacts, address and free text removed (retention or erasure); statistics kept.
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class HouseholdMember(ProgrammeOwned, table=True):
    __tablename__ = "household_member"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    position: int = 0
    first_name: str = Field(max_length=100)
    birth_year: int
    relation: Relation = Field(sa_type=String(16))


class Dwelling(ProgrammeOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", unique=True)
    dwelling_type: DwellingType = Field(sa_type=String(16))
    construction_period: ConstructionPeriod = Field(sa_type=String(16))
    surface_m2: Decimal | None = Field(default=None, sa_type=Numeric(7, 1))
    altitude_class: AltitudeClass = Field(sa_type=String(16))
    main_heating_energy: HeatingEnergy = Field(sa_type=String(32))


class Consent(ProgrammeOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    purpose: ConsentPurpose = Field(sa_type=String(32))
    given_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recorded_by_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    revoked_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="RESTRICT")
    note: str = Field(default="", max_length=1000)


class AdvisorAssignment(ProgrammeOwned, table=True):
    """An energy advisor may read a household only while assigned to it: by hand, or through a
    visit (`through_visit`), in which case the assignment ends when they are no longer on a
    planned or done visit of the household (moved, replaced, cancelled)."""

    __tablename__ = "advisor_assignment"
    __table_args__ = (UniqueConstraint("household_id", "user_id", name="uq_advisor_assignment_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    assigned_by_id: int = Field(foreign_key="app_user.id", ondelete="RESTRICT")
    assigned_at: datetime = created_at_field()
    through_visit: bool = Field(default=False)
