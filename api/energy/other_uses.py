"""The other uses of a heating energy, estimated apart so the works model is calibrated on heating only.

An electricity bill also pays for lighting and appliances, a gas or fuel-oil bill often for hot water and
cooking: what is left for heating is the bill less these estimates (per person, dated reference values).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from api.energy.units import ENERGY_LABELS_FR as ENERGY_FR
from api.formatting import kwh as fmt_kwh

ZERO, ONE = Decimal(0), Decimal(1)


def specific_electricity_kwh(persons: int, per_average_household: Decimal, fixed_share: Decimal,
                             average_household_size: Decimal) -> Decimal:
    """Panel Elecdom's household figure, scaled by size: a fixed part per household (cold, standby) and the
    rest in proportion to the persons. 2 228 × (0,5 + 0,5 × n / 2,2)."""
    n = Decimal(max(persons, 1))
    return per_average_household * (fixed_share + (ONE - fixed_share) * n / average_household_size)


def hot_water_kwh(persons: int, useful_per_person: Decimal, efficiency: Decimal) -> Decimal:
    """Final energy for hot water: persons × useful need ÷ the efficiency of the system that makes it."""
    return Decimal(max(persons, 1)) * useful_per_person / efficiency


@dataclass(frozen=True)
class OtherUse:
    use: str  # hot_water, cooking, specific_electricity
    label: str
    kwh: Decimal


@dataclass(frozen=True)
class HeatingShare:
    billed_kwh: Decimal
    other_uses: list[OtherUse]
    heating_kwh: Decimal | None  # None when the other uses take the whole bill
    note: str | None


def heating_part_of_bill(billed_kwh: Decimal, energy: str, other_uses: Iterable[OtherUse]) -> HeatingShare:
    """What is left of a yearly bill for heating once the other uses of the same energy are taken out."""
    uses = list(other_uses)
    others = sum((u.kwh for u in uses), ZERO)
    left = billed_kwh - others
    if left <= 0:
        return HeatingShare(billed_kwh, uses, None,
                            f"Consommation annuelle ({ENERGY_FR.get(energy, energy)}) de {fmt_kwh(billed_kwh)}, pas "
                            f"plus que l'estimation des autres usages ({fmt_kwh(others)}) : part du chauffage non "
                            "calculable.")
    return HeatingShare(billed_kwh, uses, left, None)
