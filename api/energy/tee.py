"""The taux d'effort énergétique (TEE) in one place: its formula, and the band a TEE falls in.

TEE = the household's yearly housing energy spending (water excluded) ÷ its yearly disposable income
before aids (ONPE; domain-research 2.1). The household's analysis, the works scenarios (before and after)
and the annual report all compute it here, so they cannot disagree on one household.

Bands are read from the dated thresholds of the reference table `threshold` (ONPE 8 %, SLIME 10 %): a
changed threshold moves households between bands and renames the bands. "Above a threshold" is strictly
above (TEE > 8 %), as the ONPE counts it and as the analysis's yes/no flags say.
"""

from collections.abc import Iterable
from itertools import pairwise
from dataclasses import dataclass
from decimal import Decimal

from api.energy.bills import EnergyYear, q2
from api.energy.reference import ReferenceData
from api.energy.units import Energy
from api.formatting import NARROW_NBSP, number

# The thresholds a TEE is compared with, in the reference table `threshold`.
THRESHOLD_KEYS = ("tee_onpe", "tee_slime")


def energy_years(years: Iterable[EnergyYear]) -> list[EnergyYear]:
    """Housing energy only: water is tracked by SLIME but is not part of the TEE."""
    return [y for y in years if y.energy != Energy.water]


def energy_spending(years: Iterable[EnergyYear]) -> Decimal:
    """Yearly housing energy spending, water excluded (0 without any energy bill)."""
    return q2(sum((y.eur_per_year for y in energy_years(years)), Decimal(0)))


def effort_rate(spending: Decimal, income: Decimal | None) -> Decimal | None:
    """The exact ratio spending ÷ income; None without a positive income (never a division by zero)."""
    if income is None or income <= 0:
        return None
    return spending / income


def household_tee(years: Iterable[EnergyYear], income: Decimal | None) -> Decimal | None:
    """A household's TEE from its annualised bills; None without an energy bill (not 0: the spending is
    unknown) or without income."""
    years = list(years)
    if not energy_years(years):
        return None
    return effort_rate(energy_spending(years), income)


def thresholds(reference: ReferenceData) -> tuple[Decimal, ...]:
    """The TEE thresholds in force, ascending, each once; one « à renseigner » is left out."""
    return tuple(sorted({v for k in THRESHOLD_KEYS if (v := reference.maybe("threshold", k)) is not None}))


def percent_label(ratio: Decimal) -> str:
    """A threshold as people say it: "8 %", "8,5 %" (no trailing zero)."""
    return f"{number(ratio * 100)}{NARROW_NBSP}%"


@dataclass(frozen=True)
class TeeBand:
    """The TEEs strictly above `above` (None: from 0) and not above `up_to` (None: no upper bound)."""

    above: Decimal | None
    up_to: Decimal | None

    @property
    def label(self) -> str:
        if self.above is None and self.up_to is None:
            return "tous taux"
        if self.above is None:
            return f"sous {percent_label(self.up_to)}"  # type: ignore[arg-type]
        if self.up_to is None:
            return f"au-dessus de {percent_label(self.above)}"
        return f"entre {percent_label(self.above)} et {percent_label(self.up_to)}"


def tee_bands(bounds: Iterable[Decimal]) -> list[TeeBand]:
    """Every band the bounds make, lowest first (n bounds, n + 1 bands): the rows of a distribution."""
    ordered = sorted(set(bounds))
    edges: list[Decimal | None] = [None, *ordered, None]
    return [TeeBand(low, high) for low, high in pairwise(edges)]


def tee_band(tee: Decimal | None, bounds: Iterable[Decimal]) -> TeeBand | None:
    """The band of `tee` among the bounds; None when the TEE is unknown or no threshold is known."""
    ordered = sorted(set(bounds))
    if tee is None or not ordered:
        return None
    above = [b for b in ordered if tee > b]
    higher = [b for b in ordered if tee <= b]
    return TeeBand(above[-1] if above else None, higher[0] if higher else None)
