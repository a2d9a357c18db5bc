"""From bill entries to a yearly figure per energy, in kWh PCI and euros (method page 20-factures).

Metered energies (electricity, gas, network propane, district heating, water) are billed over
periods. Their days are counted on the calendar, as a union: periods that share a boundary date are
meter readings (the end reading of one bill is the start reading of the next), so that day counts
once; overlapping periods (estimated bills and the regularisation that corrects them) are detected,
and on the overlapped days the bill that is not estimated wins (then the most recent one): nothing
is averaged. Gaps between periods are reported. Under 365 days covered the year is extrapolated:
weighted by degree-hours for the heating share of the heating energy when the monthly profile is
known, linearly otherwise; flagged either way.

Delivered fuels (fuel oil, wood, pellets, propane in tanks) come in deliveries: over a span of at
least 300 days, the year is what was burnt between the first and the last delivery (all but the
last) × 365 / span; otherwise the deliveries are assumed to last one year, and flagged.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from api.energy.reference import ReferenceData, ReferenceRow
from api.energy.units import DELIVERED, Energy, Unit, UnitError, check_unit, to_kwh
from api.formatting import french_date, number

DAYS_PER_YEAR = 365
MIN_DELIVERY_SPAN_DAYS = 300
ONE_DAY = timedelta(days=1)

# Energies whose bills count in kWh PCS (gross calorific value): shown as billed, converted to PCI.
PCS_BILLED = frozenset({Energy.natural_gas, Energy.propane})


@dataclass(frozen=True)
class Bill:
    energy: Energy
    quantity: Decimal
    unit: Unit
    amount_eur: Decimal
    period_start: date | None = None
    period_end: date | None = None
    delivery_date: date | None = None
    gas_coefficient: Decimal | None = None  # kWh PCS per m³ printed on a gas or network-propane bill
    unpaid_eur: Decimal = Decimal("0")
    estimated: bool = False
    # Wood logs: what the supplier said, for a factor of this delivery rather than the default.
    wood_species: str | None = None
    wood_moisture: str | None = None
    log_length_cm: int | None = None
    kwh_per_unit: Decimal | None = None  # explicit kWh PCI per stère typed from the supplier

    @property
    def days(self) -> int:
        """Days covered taken alone, both ends included (1 Jan to 31 Dec is 365 days)."""
        assert self.period_start and self.period_end
        return (self.period_end - self.period_start).days + 1


@dataclass(frozen=True)
class Span:
    """A run of calendar days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def french(self) -> str:
        if self.start == self.end:
            return f"le {french_date(self.start)}"
        return f"du {french_date(self.start)} au {french_date(self.end)}"


@dataclass(frozen=True)
class Seasonality:
    """How heating spreads over the year: degree-hours per month (1–12) and the share of the energy's
    yearly consumption that is heating."""

    monthly_degree_hours: dict[int, Decimal]
    heating_share: Decimal

    def covered_share(self, spans: Iterable[Span]) -> Decimal:
        """The part of a year's degree-hours that falls on the covered days (each month's degree-hours
        spread evenly over its days); a span longer than a year may give more than 1."""
        year_total = sum(self.monthly_degree_hours.values(), Decimal(0))
        covered = Decimal(0)
        for span in spans:
            day = span.start
            while day <= span.end:
                month_days = calendar.monthrange(day.year, day.month)[1]
                month_end = min(date(day.year, day.month, month_days), span.end)
                covered += self.monthly_degree_hours[day.month] * ((month_end - day).days + 1) / month_days
                day = month_end + ONE_DAY
        return covered / year_total


@dataclass(frozen=True)
class Converted:
    """One bill in kWh PCI, with the kWh PCS printed on it where the bill counts in PCS."""

    kwh_pci: Decimal
    kwh_pcs: Decimal | None
    notes: tuple[str, ...] = ()
    sources: tuple[ReferenceRow, ...] = ()


@dataclass(frozen=True)
class EnergyYear:
    energy: Energy
    kwh_per_year: Decimal | None  # kWh PCI; None for water
    m3_per_year: Decimal | None   # water only
    eur_per_year: Decimal
    days_covered: int
    extrapolated: bool
    method: str
    bills_used: int
    unpaid_eur: Decimal
    notes: list[str] = field(default_factory=list)
    kwh_pcs_per_year: Decimal | None = None  # the bills' own kWh PCS (natural gas, network propane)
    estimated: bool = False                  # an estimated reading was used
    overlaps: list[Span] = field(default_factory=list)
    gaps: list[Span] = field(default_factory=list)
    days_by_year: dict[int, int] = field(default_factory=dict)  # covered days per calendar year
    sources: list[ReferenceRow] = field(default_factory=list)

    @property
    def kwh_unit(self) -> str:
        return "m³" if self.energy == Energy.water else "kWh PCI"


def q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def q0(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# --- conversion of one bill -------------------------------------------------------------------------

def wood_log_factor(bill: Bill, reference: ReferenceData) -> tuple[Decimal, list[str], list[ReferenceRow]]:
    """kWh PCI per stère for one wood delivery: the supplier's figure when typed, otherwise the species
    value × a moisture factor × a log-length factor from the dated tables, each part falling back to
    the default (1 680 kWh PCI per stère of dry 1 m logs) with a note when unknown or « à renseigner »."""
    default_row = reference.row("kwh_per_unit", "wood_logs/stere")
    if bill.kwh_per_unit is not None:
        return bill.kwh_per_unit, [f"Bois : {number(bill.kwh_per_unit)} kWh PCI par stère, valeur du fournisseur."], []
    factor = reference.get("kwh_per_unit", "wood_logs/stere")
    notes: list[str] = []
    used = [default_row] if default_row else []
    if bill.wood_species:
        species = reference.maybe("wood_log_kwh_per_stere", bill.wood_species)
        if species is None:
            notes.append(f"Essence « {bill.wood_species} » : valeur à renseigner, valeur par défaut "
                         f"({number(factor)} kWh PCI par stère) retenue.")
        else:
            factor, used = species, [reference.row("wood_log_kwh_per_stere", bill.wood_species)]  # type: ignore[list-item]
    for table, key, label in (("wood_moisture_factor", bill.wood_moisture, "humidité"),
                              ("wood_length_factor", str(bill.log_length_cm) if bill.log_length_cm else None,
                               "longueur des bûches")):
        if not key:
            continue
        coefficient = reference.maybe(table, key)
        if coefficient is None:
            notes.append(f"Bois : coefficient de {label} « {key} » à renseigner, non appliqué.")
        else:
            factor *= coefficient
            used.append(reference.row(table, key))  # type: ignore[arg-type]
    return factor, notes, used


def convert(bill: Bill, reference: ReferenceData) -> Converted:
    """A bill's quantity in kWh PCI. Natural gas and network propane are billed in kWh PCS (from m³
    with the coefficient printed on the bill, which varies with altitude): PCI = PCS ÷ the PCS/PCI ratio."""
    energy, unit = Energy(bill.energy), Unit(bill.unit)
    check_unit(energy, unit)
    if energy == Energy.water:
        raise UnitError("L'eau ne se convertit pas en kWh.")
    if energy in PCS_BILLED and (unit == Unit.kwh or unit in (Unit.m3_gas, Unit.m3_propane) and bill.gas_coefficient):
        ratio_row = reference.row("pcs_pci_ratio", energy.value)
        ratio = reference.get("pcs_pci_ratio", energy.value)
        if unit == Unit.kwh:
            pcs = bill.quantity
        elif bill.gas_coefficient is None:
            raise UnitError("Pour du gaz en m³, saisir le coefficient de conversion imprimé sur la facture.")
        else:
            pcs = bill.quantity * bill.gas_coefficient
        return Converted(pcs / ratio, pcs, (), (ratio_row,) if ratio_row else ())
    if energy == Energy.wood_logs and unit == Unit.stere:
        factor, notes, rows = wood_log_factor(bill, reference)
        return Converted(bill.quantity * factor, None, tuple(notes), tuple(rows))
    kwh = to_kwh(energy, bill.quantity, unit, reference.kwh_per_unit())
    row = reference.row("kwh_per_unit", f"{energy.value}/{unit.value}")
    return Converted(kwh, None, (), (row,) if row and unit != Unit.kwh else ())


# --- a year per energy ------------------------------------------------------------------------------

def annualise(bills: Iterable[Bill], reference: ReferenceData, *,
              seasonality: dict[Energy, Seasonality] | None = None,
              linear_reason: str | None = None) -> list[EnergyYear]:
    """One EnergyYear per energy. `seasonality` gives, for the heating energy, how to weight an
    extrapolation by degree-hours; without it, `linear_reason` says why the extrapolation is linear."""
    by_energy: dict[Energy, list[Bill]] = defaultdict(list)
    for bill in bills:
        by_energy[Energy(bill.energy)].append(bill)
    years = []
    for energy in sorted(by_energy):
        group = by_energy[energy]
        deliveries = [b for b in group if b.delivery_date]
        periods = [b for b in group if not b.delivery_date]
        if energy in DELIVERED and len(deliveries) > len(periods):
            year = _deliveries(energy, deliveries, reference)
            ignored = len(periods)
        elif periods:
            year = _periods(energy, periods, reference, (seasonality or {}).get(energy), linear_reason)
            ignored = len(deliveries)
        else:
            year = _deliveries(energy, deliveries, reference)
            ignored = 0
        if ignored:
            year.notes.append(f"{ignored} facture(s) d'un autre type (livraison ou période) non prise(s) en compte.")
        years.append(year)
    return years


@dataclass
class _Rated:
    bill: Bill
    first: date
    stop: date  # the day after the last covered day
    quantity: Decimal  # kWh PCI, or m³ for water
    pcs: Decimal | None

    @property
    def days(self) -> int:
        return (self.stop - self.first).days


def _rated(bills: list[Bill], reference: ReferenceData, notes: list[str],
           sources: dict[tuple[str, str], ReferenceRow]) -> list[_Rated]:
    """Each bill's calendar days. A period that ends on the day another starts, or starts on the day
    another ends, runs from reading to reading: its end date is the next period's first day."""
    starts: defaultdict[date | None, int] = defaultdict(int)
    ends: defaultdict[date | None, int] = defaultdict(int)
    for b in bills:
        starts[b.period_start] += 1
        ends[b.period_end] += 1
    rated = []
    for b in bills:
        assert b.period_start and b.period_end
        others_start_at_end = starts[b.period_end] - (b.period_start == b.period_end)
        others_end_at_start = ends[b.period_start] - (b.period_start == b.period_end)
        reading_to_reading = b.period_end > b.period_start and (others_start_at_end > 0 or others_end_at_start > 0)
        stop = b.period_end if reading_to_reading else b.period_end + ONE_DAY
        if b.energy == Energy.water:
            quantity, pcs = b.quantity, None
        else:
            converted = convert(b, reference)
            quantity, pcs = converted.kwh_pci, converted.kwh_pcs
            notes.extend(n for n in converted.notes if n not in notes)
            sources.update({(r.table, r.key): r for r in converted.sources})
        rated.append(_Rated(b, b.period_start, stop, quantity, pcs))
    return rated


def _preferred(active: list[_Rated]) -> _Rated:
    """On overlapped days: a bill not estimated (the regularisation) rather than an estimated one, then
    the most recent period."""
    return max(active, key=lambda r: (not r.bill.estimated, r.bill.period_end, r.bill.period_start))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].end + ONE_DAY >= span.start:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _periods(energy: Energy, bills: list[Bill], reference: ReferenceData, seasonality: Seasonality | None,
             linear_reason: str | None) -> EnergyYear:
    notes: list[str] = []
    sources: dict[tuple[str, str], ReferenceRow] = {}
    rated = _rated(bills, reference, notes, sources)
    bounds = sorted({r.first for r in rated} | {r.stop for r in rated})
    quantity = amount = pcs_total = Decimal(0)
    covered: list[Span] = []
    overlaps: list[Span] = []
    gaps: list[Span] = []
    used: set[int] = set()
    for first, stop in zip(bounds, bounds[1:], strict=False):
        span = Span(first, stop - ONE_DAY)
        active = [r for r in rated if r.first <= first and r.stop >= stop]
        if not active:
            gaps.append(span)
            continue
        chosen = _preferred(active)
        used.add(id(chosen))
        share = Decimal(span.days) / Decimal(chosen.days)
        quantity += chosen.quantity * share
        amount += chosen.bill.amount_eur * share
        if chosen.pcs is not None:
            pcs_total += chosen.pcs * share
        covered.append(span)
        if len(active) > 1:
            overlaps.append(span)
    covered, overlaps, gaps = _merge(covered), _merge(overlaps), _merge(gaps)
    days = sum(s.days for s in covered)
    days_by_year: dict[int, int] = defaultdict(int)
    for span in covered:
        day = span.start
        while day <= span.end:
            year_end = min(date(day.year, 12, 31), span.end)
            days_by_year[day.year] += (year_end - day).days + 1
            day = year_end + ONE_DAY

    for span in overlaps:
        notes.append(f"Périodes qui se chevauchent {span.french()} : la facture non estimée (la plus récente) est "
                     "retenue pour ces jours, sans moyenne.")
    for span in gaps:
        notes.append(f"Aucune facture {span.french()} ({span.days} jours) : période non couverte.")
    estimated = any(r.bill.estimated for r in rated if id(r) in used)
    if estimated:
        notes.append("Comprend des relevés estimés.")

    scale, method = _scale(days, covered, seasonality, linear_reason, notes)
    unpaid = _unpaid(bills)
    kwh_pcs = q0(pcs_total * scale) if energy in PCS_BILLED and any(r.pcs is not None for r in rated) else None
    common: dict[str, Any] = dict(days_covered=days, extrapolated=days < DAYS_PER_YEAR, method=method, bills_used=len(bills),
                  unpaid_eur=unpaid, notes=notes, estimated=estimated, overlaps=overlaps, gaps=gaps,
                  days_by_year=dict(days_by_year), sources=list(sources.values()))
    if energy == Energy.water:
        return EnergyYear(energy, None, q2(quantity * scale), q2(amount * scale), **common)
    return EnergyYear(energy, q0(quantity * scale), None, q2(amount * scale), kwh_pcs_per_year=kwh_pcs, **common)


def _scale(days: int, covered: list[Span], seasonality: Seasonality | None, linear_reason: str | None,
           notes: list[str]) -> tuple[Decimal, str]:
    """From the covered days to a year. At 365 days or more: × 365 / days. Under 365 days, with a
    degree-hour profile: yearly = covered ÷ ((1 − h) × days / 365 + h × covered degree-hours / yearly
    degree-hours), h being the heating share; otherwise linear."""
    linear = Decimal(DAYS_PER_YEAR) / Decimal(days)
    if days >= DAYS_PER_YEAR:
        return linear, "prorata des périodes"
    if seasonality is not None:
        h = seasonality.heating_share
        weight = (1 - h) * Decimal(days) / DAYS_PER_YEAR + h * seasonality.covered_share(covered)
        notes.append(f"Extrapolé sur un an à partir de {days} jours de factures, la part chauffage "
                     f"({number(h * 100, 0)} %) pondérée par les degrés-heures des mois couverts.")
        return 1 / weight, "prorata pondéré par les degrés-heures"
    reason = f" ({linear_reason})" if linear_reason else ""
    notes.append(f"Extrapolé sur un an à partir de {days} jours de factures, linéairement{reason}.")
    return linear, "prorata des périodes"


def _deliveries(energy: Energy, bills: list[Bill], reference: ReferenceData) -> EnergyYear:
    ordered = sorted(bills, key=lambda b: b.delivery_date)  # type: ignore[arg-type,return-value]
    notes: list[str] = []
    sources: dict[tuple[str, str], ReferenceRow] = {}
    converted = {id(b): convert(b, reference) for b in ordered}
    for c in converted.values():
        notes.extend(n for n in c.notes if n not in notes)
        sources.update({(r.table, r.key): r for r in c.sources})
    span = (ordered[-1].delivery_date - ordered[0].delivery_date).days  # type: ignore[operator]
    years = {ordered[0].delivery_date.year: 1}  # type: ignore[union-attr]
    if len(ordered) >= 2 and span >= MIN_DELIVERY_SPAN_DAYS:
        burnt = ordered[:-1]  # the last delivery is still in the tank or the woodshed
        scale = Decimal(DAYS_PER_YEAR) / Decimal(span)
        kwh = sum((converted[id(b)].kwh_pci for b in burnt), Decimal(0)) * scale
        amount = sum((b.amount_eur for b in burnt), Decimal(0)) * scale
        return EnergyYear(energy, q0(kwh), None, q2(amount), span, False, "moyenne des livraisons", len(bills),
                          _unpaid(bills), notes, sources=list(sources.values()), days_by_year=years)
    kwh = sum((c.kwh_pci for c in converted.values()), Decimal(0))
    amount = sum((b.amount_eur for b in ordered), Decimal(0))
    notes.append("Hypothèse : les livraisons saisies couvrent une année de consommation.")
    return EnergyYear(energy, q0(kwh), None, q2(amount), DAYS_PER_YEAR, True, "livraisons supposées couvrir un an",
                      len(bills), _unpaid(bills), notes, sources=list(sources.values()), days_by_year=years)


def _unpaid(bills: list[Bill]) -> Decimal:
    return q2(sum((b.unpaid_eur for b in bills), Decimal(0)))


def bills_year(years: list[EnergyYear]) -> int | None:
    """The calendar year the bills mostly cover (most covered days over every energy; a tie goes to the
    later year); None without bills. The analysis counts ages (UC) and the chèque énergie in that year."""
    totals: dict[int, int] = defaultdict(int)
    for y in years:
        for year, days in y.days_by_year.items():
            totals[year] += days
    if not totals:
        return None
    return max(totals, key=lambda year: (totals[year], year))


def seasonality_from(reference: ReferenceData, altitude_class: str | None,
                     heating_energy: Energy | None) -> tuple[dict[Energy, Seasonality], str | None]:
    """The degree-hour weighting for the heating energy, or why an extrapolation stays linear."""
    if heating_energy is None:
        return {}, "énergie de chauffage inconnue"
    if altitude_class is None:
        return {}, "altitude du logement inconnue"
    profile = {m: reference.maybe("degree_hours_month", f"{altitude_class}/{m:02d}") for m in range(1, 13)}
    share = reference.maybe("heating_share", "main_heating_energy")
    if any(v is None for v in profile.values()) or not sum(v for v in profile.values() if v):
        return {}, "profil mensuel des degrés-heures à renseigner"
    if share is None:
        return {}, "part du chauffage dans la facture à renseigner"
    return {heating_energy: Seasonality({m: v for m, v in profile.items() if v is not None}, share)}, None
