"""From bill entries to a yearly figure per energy, in kWh and euros.

Metered energies (electricity, gas, district heating, water) are billed over periods: the year is
the total pro rata over the days covered (× 365 / days), flagged "extrapolated" under 365 days.
Delivered fuels (fuel oil, wood, pellets, propane) come in deliveries: over a span of at least
300 days, the year is what was burnt between the first and the last delivery (all but the last)
× 365 / span; otherwise the deliveries are assumed to last one year, and flagged.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from api.energy.units import DELIVERED, Energy, Unit, to_kwh

DAYS_PER_YEAR = Decimal(365)
MIN_DELIVERY_SPAN_DAYS = 300


@dataclass(frozen=True)
class Bill:
    energy: Energy
    quantity: Decimal
    unit: Unit
    amount_eur: Decimal
    period_start: date | None = None
    period_end: date | None = None
    delivery_date: date | None = None
    gas_coefficient: Decimal | None = None
    unpaid_eur: Decimal = Decimal("0")
    estimated: bool = False

    @property
    def days(self) -> int:
        """Days covered, both ends included (1 Jan to 31 Dec is 365 days)."""
        assert self.period_start and self.period_end
        return (self.period_end - self.period_start).days + 1


@dataclass(frozen=True)
class EnergyYear:
    energy: Energy
    kwh_per_year: Decimal | None  # None for water
    m3_per_year: Decimal | None   # water only
    eur_per_year: Decimal
    days_covered: int
    extrapolated: bool
    method: str
    bills_used: int
    unpaid_eur: Decimal
    notes: list[str] = field(default_factory=list)


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def q0(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def annualise(bills: Iterable[Bill], kwh_per_unit: dict[tuple[str, str], Decimal],
              gas_pcs_to_pci: Decimal = Decimal("1.11")) -> list[EnergyYear]:
    by_energy: dict[Energy, list[Bill]] = defaultdict(list)
    for bill in bills:
        by_energy[bill.energy].append(bill)
    years = []
    for energy in sorted(by_energy):
        group = by_energy[energy]
        deliveries = [b for b in group if b.delivery_date]
        periods = [b for b in group if not b.delivery_date]
        if energy in DELIVERED and len(deliveries) > len(periods):
            year = _deliveries(energy, deliveries, kwh_per_unit)
            ignored = len(periods)
        else:
            year = _periods(energy, periods, kwh_per_unit, gas_pcs_to_pci) if periods else \
                _deliveries(energy, deliveries, kwh_per_unit)
            ignored = len(deliveries) if periods else 0
        if ignored:
            year.notes.append(f"{ignored} facture(s) d'un autre type (livraison ou période) non prise(s) en compte.")
        years.append(year)
    return years


def _kwh(bill: Bill, kwh_per_unit: dict[tuple[str, str], Decimal], ratio: Decimal = Decimal("1.11")) -> Decimal:
    return to_kwh(bill.energy, bill.quantity, bill.unit, kwh_per_unit, gas_coefficient=bill.gas_coefficient,
                  gas_pcs_to_pci=ratio)


def _periods(energy: Energy, bills: list[Bill], factors: dict[tuple[str, str], Decimal], ratio: Decimal) -> EnergyYear:
    days = sum(b.days for b in bills)
    scale = DAYS_PER_YEAR / Decimal(days)
    amount = sum((b.amount_eur for b in bills), Decimal(0))
    notes = []
    if days < 365:
        notes.append(f"Extrapolé sur un an à partir de {days} jours de factures.")
    if any(b.estimated for b in bills):
        notes.append("Comprend des relevés estimés.")
    if energy == Energy.water:
        m3 = sum((b.quantity for b in bills), Decimal(0))
        return EnergyYear(energy, None, q2(m3 * scale), q2(amount * scale), days, days < 365,
                          "prorata des périodes", len(bills), _unpaid(bills), notes)
    kwh = sum((_kwh(b, factors, ratio) for b in bills), Decimal(0))
    return EnergyYear(energy, q0(kwh * scale), None, q2(amount * scale), days, days < 365,
                      "prorata des périodes", len(bills), _unpaid(bills), notes)


def _deliveries(energy: Energy, bills: list[Bill], factors: dict[tuple[str, str], Decimal]) -> EnergyYear:
    ordered = sorted(bills, key=lambda b: b.delivery_date)
    span = (ordered[-1].delivery_date - ordered[0].delivery_date).days
    if len(ordered) >= 2 and span >= MIN_DELIVERY_SPAN_DAYS:
        burnt = ordered[:-1]  # the last delivery is still in the tank or the woodshed
        scale = DAYS_PER_YEAR / Decimal(span)
        kwh = sum((_kwh(b, factors) for b in burnt), Decimal(0)) * scale
        amount = sum((b.amount_eur for b in burnt), Decimal(0)) * scale
        return EnergyYear(energy, q0(kwh), None, q2(amount), span, False, "moyenne des livraisons", len(bills),
                          _unpaid(bills))
    kwh = sum((_kwh(b, factors) for b in ordered), Decimal(0))
    amount = sum((b.amount_eur for b in ordered), Decimal(0))
    return EnergyYear(energy, q0(kwh), None, q2(amount), 365, True, "livraisons supposées couvrir un an", len(bills),
                      _unpaid(bills), ["Hypothèse : les livraisons saisies couvrent une année de consommation."])


def _unpaid(bills: list[Bill]) -> Decimal:
    return q2(sum((b.unpaid_eur for b in bills), Decimal(0)))
