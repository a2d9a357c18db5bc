"""Energies, the units a bill may use for each, and conversion of a quantity to kWh (PCI)."""

from decimal import Decimal
from enum import StrEnum


class Energy(StrEnum):
    electricity = "electricity"
    natural_gas = "natural_gas"
    propane = "propane"
    fuel_oil = "fuel_oil"
    wood_logs = "wood_logs"
    wood_pellets = "wood_pellets"
    district_heating = "district_heating"
    water = "water"


class Unit(StrEnum):
    kwh = "kwh"
    m3_gas = "m3_gas"      # natural gas: m³ × the coefficient printed on the bill = kWh PCS
    litre = "litre"
    kg = "kg"
    m3_propane = "m3_propane"
    stere = "stere"
    m3_water = "m3_water"


# What a bill may be counted in, per energy: anything else is refused with a clear message. The first is
# the one a new bill starts with (the SPA reads this order from /reference/energy-vocabulary).
VALID_UNITS: dict[Energy, tuple[Unit, ...]] = {
    Energy.electricity: (Unit.kwh,),
    Energy.natural_gas: (Unit.kwh, Unit.m3_gas),
    Energy.propane: (Unit.kwh, Unit.kg, Unit.litre, Unit.m3_propane),
    Energy.fuel_oil: (Unit.kwh, Unit.litre),
    Energy.wood_logs: (Unit.kwh, Unit.stere),
    Energy.wood_pellets: (Unit.kwh, Unit.kg),
    Energy.district_heating: (Unit.kwh,),
    Energy.water: (Unit.m3_water,),
}

# Bought by delivery (a tank, a pile) rather than metered over a period.
DELIVERED = frozenset({Energy.fuel_oil, Energy.wood_logs, Energy.wood_pellets, Energy.propane})

UNIT_LABELS_FR: dict[Unit, str] = {
    Unit.kwh: "kWh", Unit.m3_gas: "m³ de gaz", Unit.litre: "litres", Unit.kg: "kg", Unit.m3_propane: "m³ de propane",
    Unit.stere: "stères", Unit.m3_water: "m³ d'eau",
}
# Keyed by Energy; typed by str because an Energy is one (StrEnum): a code read as text finds its label too.
ENERGY_LABELS_FR: dict[str, str] = {
    Energy.electricity: "électricité", Energy.natural_gas: "gaz naturel", Energy.propane: "propane",
    Energy.fuel_oil: "fioul", Energy.wood_logs: "bois bûches", Energy.wood_pellets: "granulés de bois",
    Energy.district_heating: "réseau de chaleur", Energy.water: "eau",
}


def needs_gas_coefficient(energy: Energy, unit: Unit) -> bool:
    """Natural gas counted in m³: the kWh PCS per m³ printed on the bill is required (it varies with altitude)."""
    return energy == Energy.natural_gas and unit == Unit.m3_gas


def accepts_gas_coefficient(energy: Energy, unit: Unit) -> bool:
    """Natural gas, and network propane in m³ (without it, the table's factor per m³ of propane applies)."""
    return energy == Energy.natural_gas or (energy == Energy.propane and unit == Unit.m3_propane)


class UnitError(ValueError):
    """A quantity that cannot be converted; the message is for a person."""


def check_unit(energy: Energy, unit: Unit) -> None:
    if unit not in VALID_UNITS[energy]:
        allowed = ", ".join(UNIT_LABELS_FR[u] for u in sorted(VALID_UNITS[energy]))
        raise UnitError(f"Unité « {UNIT_LABELS_FR[unit]} » impossible pour {ENERGY_LABELS_FR[energy]} : "
                        f"choisir parmi {allowed}.")


def to_kwh(energy: Energy, quantity: Decimal, unit: Unit, kwh_per_unit: dict[tuple[str, str], Decimal],
           *, gas_coefficient: Decimal | None = None, gas_pcs_to_pci: Decimal = Decimal("1.11")) -> Decimal:
    """Final energy in kWh PCI.

    Natural gas in m³ uses the bill's own coefficient (kWh PCS per m³, it varies with altitude),
    then PCS → PCI. Gas bills in kWh are PCS too. Other energies use the dated factor table.
    """
    energy, unit = Energy(energy), Unit(unit)
    check_unit(energy, unit)
    if energy == Energy.water:
        raise UnitError("L'eau ne se convertit pas en kWh.")
    if energy == Energy.natural_gas:
        if unit == Unit.m3_gas:
            if gas_coefficient is None:
                raise UnitError("Pour du gaz en m³, saisir le coefficient de conversion imprimé sur la facture.")
            return quantity * gas_coefficient / gas_pcs_to_pci
        return quantity / gas_pcs_to_pci
    if unit == Unit.kwh:
        return quantity
    try:
        return quantity * kwh_per_unit[(energy.value, unit.value)]
    except KeyError as exc:
        raise UnitError(f"Pas de facteur de conversion pour {ENERGY_LABELS_FR[energy]} en {UNIT_LABELS_FR[unit]}.") from exc
