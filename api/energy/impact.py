"""Measured impact of a visit (issue 15, point 6): bills after the visit against bills before it.

Each window is annualised the way the analysis does it (api.energy.bills.annualise), per energy.
The heating part of each energy is corrected to a normal year with yearly degree-days:

    index(window)      = Σ over the calendar years it covers of DJU(year) × days in that year ÷ days
    corrected heating  = heating kWh × DJU(normal) ÷ index(window)
    corrected kWh      = kWh − heating kWh + corrected heating
    change             = after − baseline (negative: a saving)

With a degree-day value « à renseigner », the comparison is given uncorrected and says so. The
corrected change in euros is the corrected kWh change valued at the price paid after the visit
(total € ÷ kWh, subscription included), so price changes between the two windows do not count as
savings. Only energies billed in both windows are compared: an energy present on one side only
(a change of energy, or bills not entered) is listed apart and left out of the totals.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from api.energy.bills import EnergyYear, q0, q2
from api.energy.units import ENERGY_LABELS_FR, Energy
from api.formatting import euros, kwh, number, percent


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def days_per_year(window: Window) -> dict[int, int]:
    """Days of the window in each calendar year (both ends included)."""
    out: dict[int, int] = {}
    day = window.start
    while day <= window.end:
        year_end = min(date(day.year, 12, 31), window.end)
        out[day.year] = (year_end - day).days + 1
        day = year_end + timedelta(days=1)
    return out


def climate_index(window: Window, degree_days: Mapping[int, Decimal | None]) -> tuple[Decimal | None, list[int]]:
    """The window's degree-days: each year's DJU weighted by the window's days in it; None with the
    years whose DJU is missing."""
    spread = days_per_year(window)
    missing = sorted(y for y in spread if degree_days.get(y) is None)
    if missing:
        return None, missing
    total = sum((Decimal(d) * degree_days[y] for y, d in spread.items()), Decimal(0))  # type: ignore[operator]
    return total / window.days, []


@dataclass(frozen=True)
class EstimatedSaving:
    kind: str  # "work" or "eco_gesture"
    code: str
    label: str
    saving_kwh: Decimal | None
    saving_eur: Decimal | None


@dataclass(frozen=True)
class EnergyImpact:
    energy: Energy
    baseline_kwh: Decimal | None
    after_kwh: Decimal | None
    baseline_eur: Decimal | None
    after_eur: Decimal | None
    change_kwh: Decimal | None
    change_eur: Decimal | None
    heating_share: Decimal
    corrected_change_kwh: Decimal | None
    corrected_change_eur: Decimal | None
    compared: bool
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MeasuredImpact:
    baseline: Window | None
    after: Window | None
    energies: list[EnergyImpact]
    baseline_kwh: Decimal | None
    after_kwh: Decimal | None
    change_kwh: Decimal | None
    change_eur: Decimal | None
    corrected_change_kwh: Decimal | None
    corrected_change_eur: Decimal | None
    climate_corrected: bool
    climate_note: str
    estimated: list[EstimatedSaving]
    estimated_kwh: Decimal
    measured_saving_kwh: Decimal | None
    share_of_estimate: Decimal | None
    explanation: str


def _corrected(kwh_value: Decimal, share: Decimal, index: Decimal, normal: Decimal) -> Decimal:
    heating = kwh_value * share
    return kwh_value - heating + heating * normal / index


def measure(*, baseline_years: Sequence[EnergyYear], after_years: Sequence[EnergyYear], baseline: Window | None,
            after: Window | None, heating_share: Mapping[Energy, Decimal], degree_days: Mapping[int, Decimal | None],
            normal_degree_days: Decimal | None, estimated: Sequence[EstimatedSaving]) -> MeasuredImpact:
    estimated_kwh = sum((e.saving_kwh for e in estimated if e.saving_kwh is not None), Decimal(0))
    if baseline is None or after is None:
        missing = "factures avant la visite" if baseline is None else "factures après la visite"
        text = f"Impact mesuré non calculable : {missing} à saisir."
        return MeasuredImpact(baseline, after, [], None, None, None, None, None, None, False, "", list(estimated),
                              estimated_kwh, None, None, text)

    index_before, missing_before = climate_index(baseline, degree_days)
    index_after, missing_after = climate_index(after, degree_days)
    missing_years = sorted(set(missing_before) | set(missing_after))
    corrected = normal_degree_days is not None and index_before and index_after and not missing_years
    if corrected:
        climate_note = (f"Chauffage corrigé du climat : degrés-jours {number(index_before, 0)} avant, "
                        f"{number(index_after, 0)} après, ramenés à une année normale de {number(normal_degree_days, 0)}.")
    else:
        what = [f"DJU {y}" for y in missing_years] + (["DJU de l'année normale"] if normal_degree_days is None else [])
        climate_note = (f"Comparaison non corrigée du climat : {', '.join(what)} à renseigner. Un hiver plus doux "
                        "après la visite fait paraître l'économie plus grande, un hiver plus rude plus petite.")

    before = {y.energy: y for y in baseline_years if y.energy != Energy.water}
    later = {y.energy: y for y in after_years if y.energy != Energy.water}
    lines = []
    for energy in sorted(set(before) | set(later)):
        b, a = before.get(energy), later.get(energy)
        share = heating_share.get(energy, Decimal(0))
        if b is None or a is None:
            side = "après" if b is None else "avant"
            lines.append(EnergyImpact(energy, b.kwh_per_year if b else None, a.kwh_per_year if a else None,
                                      b.eur_per_year if b else None, a.eur_per_year if a else None,
                                      None, None, share, None, None, False,
                                      [f"Pas de factures {side} la visite pour {ENERGY_LABELS_FR[energy]} : changement "
                                       "d'énergie ou factures à saisir ; hors du total."]))
            continue
        notes = [f"{'Avant' if w is b else 'Après'} : {n}" for w in (b, a) for n in w.notes]
        assert a.kwh_per_year is not None and b.kwh_per_year is not None  # only water has none, left out above
        change_kwh = a.kwh_per_year - b.kwh_per_year
        change_eur = a.eur_per_year - b.eur_per_year
        corrected_kwh = corrected_eur = None
        if corrected:
            assert index_before and index_after and normal_degree_days is not None  # what `corrected` checked
            corrected_kwh = q0(_corrected(a.kwh_per_year, share, index_after, normal_degree_days)
                               - _corrected(b.kwh_per_year, share, index_before, normal_degree_days))
            price = a.eur_per_year / a.kwh_per_year if a.kwh_per_year else (
                b.eur_per_year / b.kwh_per_year if b.kwh_per_year else None)
            corrected_eur = q2(corrected_kwh * price) if price is not None else None
        lines.append(EnergyImpact(energy, b.kwh_per_year, a.kwh_per_year, b.eur_per_year, a.eur_per_year,
                                  change_kwh, change_eur, share, corrected_kwh, corrected_eur, True, notes))

    compared = [line for line in lines if line.compared]
    if not compared:
        text = "Impact mesuré non calculable : aucune énergie facturée à la fois avant et après la visite."
        return MeasuredImpact(baseline, after, lines, None, None, None, None, None, None, False, climate_note,
                              list(estimated), estimated_kwh, None, None, text)
    total = lambda attr: sum((getattr(line, attr) for line in compared), Decimal(0))  # noqa: E731
    baseline_kwh, after_kwh, change_kwh, change_eur = (total(a) for a in
                                                       ("baseline_kwh", "after_kwh", "change_kwh", "change_eur"))
    corrected_kwh = total("corrected_change_kwh") if corrected else None
    corrected_eur = (total("corrected_change_eur") if corrected and all(line.corrected_change_eur is not None
                                                                         for line in compared) else None)
    measured_saving = -(corrected_kwh if corrected_kwh is not None else change_kwh)
    share_of_estimate = measured_saving / estimated_kwh if estimated_kwh else None
    change_text = (f"corrigée du climat : {_signed_kwh(corrected_kwh)}" if corrected_kwh is not None
                   else f"non corrigée du climat : {_signed_kwh(change_kwh)}")
    text = (f"Consommation annualisée de {kwh(baseline_kwh)} avant la visite ({_period(baseline)}) et de "
            f"{kwh(after_kwh)} après ({_period(after)}) ; variation {change_text}, {_signed_euros(change_eur)} sur "
            "les factures.")
    if estimated_kwh:
        text += (f" Économie estimée des travaux faits et des écogestes : {kwh(estimated_kwh)} par an ; économie "
                 f"mesurée : {kwh(measured_saving)}, soit {percent(share_of_estimate, 0)} de l'estimation.")
    return MeasuredImpact(baseline, after, lines, baseline_kwh, after_kwh, change_kwh, change_eur, corrected_kwh,
                          corrected_eur, bool(corrected), climate_note, list(estimated), estimated_kwh, measured_saving,
                          share_of_estimate, text)


def _signed_kwh(value: Decimal) -> str:
    return ("+" if value > 0 else "") + kwh(value) + " par an"


def _signed_euros(value: Decimal) -> str:
    return ("+" if value > 0 else "") + euros(value) + " par an"


def _period(window: Window) -> str:
    return f"{window.start.strftime('%d/%m/%Y')} – {window.end.strftime('%d/%m/%Y')}"
