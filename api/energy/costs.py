"""The cost of a work and what it pays back: a range with and without VAT, payback in years, and the cost of a
saved kWh over the work's life. A cost row says whether its source gives it with VAT (TTC) or without (HT).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from api.energy.bills import q2

ZERO, ONE = Decimal(0), Decimal(1)


@dataclass(frozen=True)
class CostRate:
    """A cost per m² or per installation, as its source gives it: with VAT (TTC) or without (HT)."""

    value: Decimal
    vat_included: bool


@dataclass(frozen=True)
class WorkCost:
    low: CostRate | None  # None: « à renseigner »
    high: CostRate | None
    vat_rate: Decimal
    lifetime_years: Decimal | None = None


@dataclass(frozen=True)
class CostRange:
    vat_rate: Decimal | None  # None for a scenario mixing rates
    low_ht: Decimal | None = None
    high_ht: Decimal | None = None
    low_ttc: Decimal | None = None
    high_ttc: Decimal | None = None

    @property
    def known(self) -> bool:
        return self.low_ttc is not None and self.high_ttc is not None


def vat_key(work: str) -> str:
    """The air/air heat pump is not on the list of the reduced rate (CGI art. 278-0 bis A): 10 %."""
    return "other_works" if work == "heat_pump_air_air" else "energy_renovation"


def payback_years(cost_ttc: Decimal | None, yearly_saving_eur: Decimal | None,
                  aids_eur: Decimal = ZERO) -> Decimal | None:
    """Years for the saving to repay what the household pays: (cost TTC − aids) ÷ € saved a year.

    The hook for aids: the eligibility step passes the aid amounts of the household's Anah category."""
    if cost_ttc is None or not yearly_saving_eur or yearly_saving_eur <= 0:
        return None
    return _q1(max(cost_ttc - aids_eur, ZERO) / yearly_saving_eur)


def lifetime_cost_per_kwh(cost_ttc: Decimal | None, yearly_saving_kwh: Decimal | None,
                          lifetime_years: Decimal | None) -> Decimal | None:
    """Cost of a kWh saved over the work's life: cost TTC ÷ (kWh saved a year × lifetime)."""
    if cost_ttc is None or not yearly_saving_kwh or yearly_saving_kwh <= 0 or not lifetime_years:
        return None
    return (cost_ttc / (yearly_saving_kwh * lifetime_years)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def cost_range(cost: WorkCost | None, quantity: Decimal) -> CostRange:
    if cost is None:
        return CostRange(vat_rate=None)
    vat = ONE + cost.vat_rate

    def both(rate: CostRate | None) -> tuple[Decimal | None, Decimal | None]:
        if rate is None:
            return None, None
        ht = rate.value / vat if rate.vat_included else rate.value
        ttc = rate.value if rate.vat_included else rate.value * vat
        return q2(ht * quantity), q2(ttc * quantity)

    (low_ht, low_ttc), (high_ht, high_ttc) = both(cost.low), both(cost.high)
    return CostRange(cost.vat_rate, low_ht, high_ht, low_ttc, high_ttc)


def _q1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
