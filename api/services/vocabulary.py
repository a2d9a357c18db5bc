"""The energy vocabulary served to the SPA: the enums' values and French labels (api/labels.py), and per
energy the units a bill may use (api/energy/units.py) with the conversion factors in force today."""

from enum import StrEnum
from datetime import date

from sqlmodel import Session

from api import clock
from api.energy.bills import PCS_BILLED
from api.energy.reference import ReferenceData
from api.energy.units import (
    DELIVERED,
    VALID_UNITS,
    Energy,
    Unit,
    accepts_gas_coefficient,
    needs_gas_coefficient,
)
from api.energy.works import LABELS as WORK_LABELS
from api.labels import ENUM_LABELS, LOG_LENGTH_LABELS
from api.models import AltitudeClass, ConstructionPeriod, HeatingEnergy
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
from api.schemas.vocabulary import CarrierUnit, Choice, EnergyCarrier, EnergyVocabulary, LogLength
from api.services import reference_data


def choices(enum: type[StrEnum]) -> list[Choice]:
    """Every value of the enum, in declaration order, with its label."""
    labels = ENUM_LABELS[enum]
    return [Choice(value=member, label=labels[str(member)]) for member in enum]


def _unit(energy: Energy, unit: Unit, reference: ReferenceData) -> CarrierUnit:
    factor = None if unit == Unit.kwh else reference.row("kwh_per_unit", f"{energy.value}/{unit.value}")
    return CarrierUnit(
        unit=unit, label=ENUM_LABELS[Unit][unit.value],
        kwh_per_unit=factor.value if factor else None, kwh_per_unit_source=factor.source if factor else None,
        pcs_pci_ratio=reference.maybe("pcs_pci_ratio", energy.value) if energy in PCS_BILLED else None,
        gas_coefficient_required=needs_gas_coefficient(energy, unit),
        gas_coefficient_accepted=accepts_gas_coefficient(energy, unit))


def energy_vocabulary(session: Session) -> EnergyVocabulary:
    on = clock.today()
    return build(reference_data.in_force(session, on), on)


def build(reference: ReferenceData, on: date) -> EnergyVocabulary:
    """The vocabulary with the reference values of `on` (the SPA's test fixture is built with it too)."""
    energies = [EnergyCarrier(value=energy, label=ENUM_LABELS[Energy][energy.value], delivered=energy in DELIVERED,
                              units=[_unit(energy, unit, reference) for unit in VALID_UNITS[energy]])
                for energy in Energy]
    return EnergyVocabulary(
        reference_date=on, energies=energies, units=choices(Unit), heating_energies=choices(HeatingEnergy),
        altitude_classes=choices(AltitudeClass), construction_periods=choices(ConstructionPeriod),
        envelope_kinds=choices(EnvelopeKind), insulation_states=choices(InsulationState),
        glazing_types=choices(GlazingType), heating_emitters=choices(HeatingEmitters), system_uses=choices(SystemUse),
        dpe_classes=choices(DpeClass), decency_items=choices(DecencyItem), wood_species=choices(WoodSpecies),
        wood_moistures=choices(WoodMoisture),
        log_lengths=[LogLength(value=cm, label=label) for cm, label in LOG_LENGTH_LABELS.items()],
        works=[Choice(value=code, label=label) for code, label in WORK_LABELS.items()])
