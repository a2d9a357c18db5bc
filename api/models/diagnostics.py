"""What the visit collects: bills, the social and technical diagnostics, the works plan, and the
editable reference tables the energy engine reads."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Numeric, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field, utcnow
from api.models.programmes import ProgrammeOrNational, ProgrammeOwned


class BillEntry(ProgrammeOwned, table=True):
    __tablename__ = "bill_entry"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    version: int = 1
    energy: str = Field(sa_type=String(32))
    supplier: str | None = Field(default=None, max_length=120)
    contract_option: str | None = Field(default=None, max_length=60)
    subscribed_kva: Decimal | None = Field(default=None, sa_type=Numeric(5, 1))
    period_start: date | None = None
    period_end: date | None = None
    delivery_date: date | None = None
    quantity: Decimal = Field(sa_type=Numeric(14, 3))
    unit: str = Field(sa_type=String(16))
    gas_coefficient: Decimal | None = Field(default=None, sa_type=Numeric(6, 3))
    amount_eur: Decimal = Field(sa_type=Numeric(12, 2))
    estimated: bool = False
    unpaid_eur: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    # Wood logs: the delivery's own kWh factor (species, moisture, log length, or the supplier's figure).
    wood_species: str | None = Field(default=None, max_length=16)
    wood_moisture: str | None = Field(default=None, max_length=16)
    log_length_cm: int | None = None
    kwh_per_unit: Decimal | None = Field(default=None, sa_type=Numeric(8, 1))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class SocialDiagnostic(ProgrammeOwned, table=True):
    """Income, charges, aids and debts: personal data the energy advisor does not see line by line."""

    __tablename__ = "social_diagnostic"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", unique=True)
    version: int = 1
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TechnicalDiagnostic(ProgrammeOwned, table=True):
    """The advisor's diagnostic of the dwelling, one per visit."""

    __tablename__ = "technical_diagnostic"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", ondelete="CASCADE", unique=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    version: int = 1
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WorksPlan(ProgrammeOwned, table=True):
    """The prioritised works as the advisor edited them; feeds the technical synthesis."""

    __tablename__ = "works_plan"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", unique=True)
    version: int = 1
    items: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReferenceValue(ProgrammeOrNational, table=True):
    """A dated reference value with its source; a new value is a new row from a new date."""

    __tablename__ = "reference_value"
    __table_args__ = (UniqueConstraint("programme_id", "table_name", "key", "valid_from", name="uq_reference_value_dated_key"),)

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=64, index=True)
    key: str = Field(max_length=64)
    value: Decimal | None = Field(default=None, sa_type=Numeric(16, 6))  # None: "à renseigner"
    unit: str = Field(max_length=80)
    valid_from: date
    source: str = Field(max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class EquipmentItem(ProgrammeOwned, table=True):
    """The small-equipment catalogue (LED bulbs, aerators, …) with cost and estimated saving."""

    __tablename__ = "equipment_item"
    __table_args__ = (UniqueConstraint("programme_id", "code", name="uq_equipment_item_programme_code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40)
    name: str = Field(max_length=120)
    unit_cost_eur: Decimal = Field(sa_type=Numeric(8, 2))
    yearly_saving_kwh: Decimal = Field(sa_type=Numeric(8, 1))
    yearly_saving_water_m3: Decimal = Field(default=Decimal("0"), sa_type=Numeric(8, 2))
    source: str = Field(default="", max_length=300)
    active: bool = True
