"""Organisations, territorial units and yearly campaigns."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models.base import created_at_field


class OrganisationKind(StrEnum):
    departement = "departement"
    energy_association = "energy_association"
    social_landlord = "social_landlord"
    private_landlord = "private_landlord"
    ccas = "ccas"
    caf = "caf"
    msa = "msa"
    fsl = "fsl"
    energy_supplier = "energy_supplier"
    health = "health"
    association = "association"
    other_partner = "other_partner"


LANDLORD_KINDS = frozenset({OrganisationKind.social_landlord, OrganisationKind.private_landlord})


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: OrganisationKind = Field(sa_type=String(32), index=True)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    created_at: datetime = created_at_field()


class TerritorialUnit(SQLModel, table=True):
    __tablename__ = "territorial_unit"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=120, unique=True)
    households_count: int = Field(ge=0)
    # Where the households figure comes from, so a reader can check it.
    households_source: str = Field(default="", max_length=300)
    # The year the households figure describes (a census year, say), when known.
    households_year: int | None = None


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    objective_per_thousand: Decimal = Field(sa_type=Numeric(6, 2))
    budget_eur: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    notes: str = Field(default="", max_length=2000)


class CampaignUnit(SQLModel, table=True):
    """The territorial units a campaign covers that year (Jura alternates halves)."""

    __tablename__ = "campaign_unit"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", name="uq_campaign_unit_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", index=True)
    unit_id: int = Field(foreign_key="territorial_unit.id", ondelete="RESTRICT", index=True)


class Commune(SQLModel, table=True):
    """A commune of the département and the territorial unit that serves it.

    Seeded from the official list (api/data/communes_39.csv); the unit is an approximation an
    administrator corrects. `unit_code` names a TerritorialUnit by its code (not a foreign key: the
    list is loaded by a migration, before any unit exists); no matching unit means "outside every unit".
    """

    id: int | None = Field(default=None, primary_key=True)
    insee_code: str = Field(max_length=5, unique=True)
    name: str = Field(max_length=120)
    # fold(name) with hyphens and apostrophes as spaces: "saint claude", for accent-free prefix search.
    search_name: str = Field(max_length=120, index=True)
    # La Poste postal codes, space-separated ("39140 39210"): a commune may have several.
    postcodes: str = Field(default="", max_length=120)
    arrondissement: str = Field(default="", max_length=3)
    unit_code: str | None = Field(default=None, max_length=32, index=True)
