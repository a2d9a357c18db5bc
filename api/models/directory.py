"""Organisations, territorial units and yearly campaigns."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Numeric, String, UniqueConstraint
from sqlmodel import Field

from api.models.base import created_at_field
from api.models.programmes import ProgrammeOrPlatform, ProgrammeOwned


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


class Organisation(ProgrammeOrPlatform, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "name", name="uq_organisation_programme_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: OrganisationKind = Field(sa_type=String(32), index=True)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    created_at: datetime = created_at_field()


class TerritorialUnit(ProgrammeOwned, table=True):
    __tablename__ = "territorial_unit"
    __table_args__ = (UniqueConstraint("programme_id", "code", name="uq_territorial_unit_programme_code"),
                      UniqueConstraint("programme_id", "name", name="uq_territorial_unit_programme_name"))

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=120)
    households_count: int = Field(ge=0)
    # Where the households figure comes from, so a reader can check it.
    households_source: str = Field(default="", max_length=300)
    # The year the households figure describes (a census year, say), when known.
    households_year: int | None = None


class Campaign(ProgrammeOwned, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "year", name="uq_campaign_programme_year"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    objective_per_thousand: Decimal = Field(sa_type=Numeric(6, 2))
    budget_eur: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    notes: str = Field(default="", max_length=2000)


class CampaignUnit(ProgrammeOwned, table=True):
    """The territorial units a campaign covers that year (Jura alternates halves)."""

    __tablename__ = "campaign_unit"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", name="uq_campaign_unit_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", index=True)
    unit_id: int = Field(foreign_key="territorial_unit.id", ondelete="RESTRICT", index=True)


class Commune(ProgrammeOwned, table=True):
    """A commune of the programme's territory and the territorial unit that serves it (a programme's
    territory is its set of communes; one commune may belong to two programmes, a row in each).

    Seeded from the official list (api/data/communes_39.csv); the unit is an approximation an
    administrator corrects. `unit_code` names a TerritorialUnit by its code (not a foreign key: the
    list is loaded by a migration, before any unit exists); no matching unit means "outside every unit".
    """

    __table_args__ = (UniqueConstraint("programme_id", "insee_code", name="uq_commune_programme_insee_code"),)

    id: int | None = Field(default=None, primary_key=True)
    insee_code: str = Field(max_length=5)
    name: str = Field(max_length=120)
    # fold(name) with hyphens and apostrophes as spaces: "saint claude", for accent-free prefix search.
    search_name: str = Field(max_length=120, index=True)
    # La Poste postal codes, space-separated ("39140 39210"): a commune may have several.
    postcodes: str = Field(default="", max_length=120)
    arrondissement: str = Field(default="", max_length=3)
    unit_code: str | None = Field(default=None, max_length=32, index=True)
