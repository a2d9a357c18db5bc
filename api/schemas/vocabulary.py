"""The energy vocabulary the SPA (and any client) reads instead of copying it: each enum's values with their
French labels, and per energy the units a bill may use, with the conversion to kWh in force."""

from datetime import date
from typing import Generic, TypeVar

from pydantic import Field

from api.energy.units import Energy, Unit
from api.models import AltitudeClass, ConstructionPeriod, HeatingEnergy
from api.schemas.common import ReadModel, ReferenceNumber
from api.schemas.diagnostics import (
    DecencyItem,
    DpeClass,
    EnvelopeKind,
    GlazingType,
    HeatingEmitters,
    InsulationState,
    SystemUse,
    WoodMoisture,
    WoodSpecies,
)

V = TypeVar("V")


class Choice(ReadModel, Generic[V]):
    """One value of an enumeration and its French label, in the order a form lists them."""

    value: V
    label: str


class CarrierUnit(ReadModel):
    """A unit a bill of this energy may be counted in, and how it becomes kWh PCI."""

    unit: Unit
    label: str
    kwh_per_unit: ReferenceNumber | None = Field(description=(
        "kWh PCI per unit from the reference table `kwh_per_unit` in force (fuel oil per litre, pellets per kg…); "
        "null for kWh, for the bill's own coefficient (natural gas in m³), for water, or while « à renseigner »."))
    kwh_per_unit_source: str | None = Field(description="The source of that reference value.")
    pcs_pci_ratio: ReferenceNumber | None = Field(description=(
        "For energies billed in kWh PCS (natural gas, network propane): kWh PCI = kWh PCS ÷ this ratio "
        "(reference table `pcs_pci_ratio`); null otherwise."))
    gas_coefficient_required: bool = Field(description="The bill's kWh-per-m³ coefficient must be entered.")
    gas_coefficient_accepted: bool = Field(description="A bill's kWh-per-m³ coefficient may be entered.")


class EnergyCarrier(ReadModel):
    value: Energy
    label: str
    delivered: bool = Field(description="Bought by delivery (a tank, a pile): a delivery date, not a period.")
    units: list[CarrierUnit] = Field(description="The units a bill may use; the first is a new bill's default.")


class LogLength(ReadModel):
    value: int = Field(description="Log length in cm (`log_length_cm` of a bill).")
    label: str


class EnergyVocabulary(ReadModel):
    reference_date: date = Field(description="The day whose reference values (conversion factors) are given.")
    energies: list[EnergyCarrier]
    units: list[Choice[Unit]]
    heating_energies: list[Choice[HeatingEnergy]]
    altitude_classes: list[Choice[AltitudeClass]]
    construction_periods: list[Choice[ConstructionPeriod]]
    envelope_kinds: list[Choice[EnvelopeKind]]
    insulation_states: list[Choice[InsulationState]]
    glazing_types: list[Choice[GlazingType]]
    heating_emitters: list[Choice[HeatingEmitters]]
    system_uses: list[Choice[SystemUse]]
    dpe_classes: list[Choice[DpeClass]]
    decency_items: list[Choice[DecencyItem]]
    wood_species: list[Choice[WoodSpecies]]
    wood_moistures: list[Choice[WoodMoisture]]
    log_lengths: list[LogLength]
    works: list[Choice[str]] = Field(description="The works the estimate may recommend (its `work` codes).")
