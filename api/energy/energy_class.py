"""The indicative energy class from the bills, and the decency flag (method page 30-classe).

Like the DPE (3CL-DPE 2021), the class is the worse of the energy class (primary energy per m²) and the
climate class (greenhouse gases per m²), with the bounds for dwellings above 800 m (zone H1c) and for
small dwellings (≤ 40 m², from 1 July 2024). It is built from billed consumption, not from the
conventional DPE calculation: always "indicatif — pas un DPE".
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from api.energy.bills import EnergyYear, q0
from api.energy.reference import ReferenceData, ReferenceRow
from api.energy.units import Energy
from api.formatting import kwh, number

CLASSES = "ABCDEFG"
SMALL_SURFACE_POINTS = (20, 30)  # m², the sourced bounds; 40 m² and more = the standard bounds
STANDARD_FROM_M2 = Decimal(40)
INDICATIVE = "indicatif — pas un DPE"


@dataclass(frozen=True)
class ClassResult:
    label: str | None  # None: non calculable
    energy_label: str | None = None
    ghg_label: str | None = None
    primary_kwh_per_m2: Decimal | None = None
    ghg_kg_per_m2: Decimal | None = None
    final_kwh_per_m2: Decimal | None = None
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[ReferenceRow] = field(default_factory=list)
    decent: bool | None = None
    decency_notes: list[str] = field(default_factory=list)


def class_of(value: Decimal, bounds: dict[str, Decimal]) -> str:
    """The first class whose upper bound (exclusive) is above the value; G beyond F."""
    for label in CLASSES[:-1]:
        if value < bounds[label]:
            return label
    return "G"


def energy_class(primary_kwh_per_m2: Decimal, bounds: dict[str, Decimal]) -> str:
    """Kept for callers of the former single-threshold class."""
    return class_of(primary_kwh_per_m2, bounds)


def bounds_for(reference: ReferenceData, kind: str, surface_m2: Decimal, altitude_class: str | None,
               notes: list[str], sources: list[ReferenceRow]) -> dict[str, Decimal] | None:
    """The class bounds for this dwelling. `kind` is "class_upper_bound" (energy) or "ghg_class_upper_bound".

    Standard bounds; above 800 m, E and F from the altitude table; at 40 m² or less (when the small-surface
    rows are in force), bounds interpolated linearly between the sourced points (20, 30 and 40 m² =
    standard), the 20 m² bounds below 20 m². Above 800 m and small, the more lenient of the two is kept.
    Returns None when a needed bound is « à renseigner »."""
    standard = reference.table(kind)
    if any(c not in standard for c in CLASSES[:-1]):
        return None
    sources.extend(r for c in CLASSES[:-1] if (r := reference.row(kind, c)) is not None)
    bounds = dict(standard)
    if altitude_class == "above_800":
        high = reference.table(f"{kind}_above_800")
        bounds.update(high)
        sources.extend(r for c in high if (r := reference.row(f"{kind}_above_800", c)) is not None)
    if surface_m2 < STANDARD_FROM_M2 and reference.row(f"{kind}_small", "20/A") is not None:
        small = reference.table(f"{kind}_small")
        points = {s: {c: small.get(f"{s}/{c}") for c in CLASSES[:-1]} for s in SMALL_SURFACE_POINTS}
        if any(v is None for p in points.values() for v in p.values()):
            notes.append(f"Seuils « petites surfaces » ({'GES' if kind.startswith('ghg') else 'énergie'}) "
                         "à renseigner : seuils standard appliqués.")
        else:
            sources.extend(r for s in SMALL_SURFACE_POINTS for c in CLASSES[:-1]
                           if (r := reference.row(f"{kind}_small", f"{s}/{c}")) is not None)
            full = cast(dict[int, dict[str, Decimal]], points)  # no None left: checked just above
            known = [(Decimal(20), full[20]), (Decimal(30), full[30]), (STANDARD_FROM_M2, standard)]
            small_bounds = _interpolate(known, max(surface_m2, Decimal(20)))
            bounds = {c: max(bounds[c], small_bounds[c]) for c in bounds}
            notes.append(f"Petite surface ({number(surface_m2, 1)} m²) : seuils de l'arrêté du 25 mars 2024, "
                         "interpolés linéairement entre 20, 30 et 40 m²" +
                         (" (seuils de 20 m² en dessous de 20 m²)." if surface_m2 < 20 else "."))
    return bounds


def _interpolate(points: list[tuple[Decimal, dict[str, Decimal]]], surface: Decimal) -> dict[str, Decimal]:
    for (s0, b0), (s1, b1) in zip(points, points[1:], strict=False):
        if s0 <= surface <= s1:
            t = (surface - s0) / (s1 - s0)
            return {c: b0[c] + (b1[c] - b0[c]) * t for c in b0}
    return points[-1][1]


def _ghg_factor(energy: Energy, electric_heating: bool, reference: ReferenceData) -> tuple[str, Decimal | None]:
    if energy == Energy.electricity:
        key = "electricity_heating" if electric_heating else "electricity_hot_water"
    else:
        key = energy.value
    return key, reference.maybe("ghg_factor", key)


def estimate(years: list[EnergyYear], surface_m2: Decimal | None, reference: ReferenceData, *, on: date,
             altitude_class: str | None, main_heating_energy: Energy | None,
             specific_electricity_kwh: Decimal | None) -> ClassResult:
    """The indicative class of the dwelling from a year of bills.

    Five uses only (heating, hot water, cooling, lighting, auxiliaries): the appliances' electricity
    (`specific_electricity_kwh`) is taken off the electricity bill when known. Electricity's GHG factor
    is the heating one when electricity heats, the hot-water one otherwise (bills do not split uses)."""
    energy_years = [y for y in years if y.energy != Energy.water and y.kwh_per_year is not None]
    missing = []
    if not energy_years:
        missing.append("factures d'énergie")
    if not surface_m2:
        missing.append("surface")
    if missing:
        return ClassResult(None, missing=missing)
    assert surface_m2 is not None
    notes: list[str] = []
    sources: list[ReferenceRow] = []
    electric_heating = main_heating_energy == Energy.electricity
    final = primary = ghg = Decimal(0)
    for y in energy_years:
        final_kwh = y.kwh_per_year or Decimal(0)
        if y.energy == Energy.electricity:
            if specific_electricity_kwh is None:
                notes.append("Consommation d'électricité spécifique (appareils) non déduite : la classe inclut "
                             "les appareils, ce qui l'alourdit.")
            else:
                final_kwh = max(final_kwh - specific_electricity_kwh, Decimal(0))
                notes.append(f"Électricité des appareils déduite ({kwh(specific_electricity_kwh, 'kWh/an')}) : "
                             "cinq usages seulement, comme le DPE.")
        factor_key = y.energy.value if y.energy.value in reference.table("primary_energy_factor") else "other"
        primary_factor = reference.maybe("primary_energy_factor", factor_key)
        ghg_key, ghg_factor = _ghg_factor(y.energy, electric_heating, reference)
        if primary_factor is None:
            missing.append(f"facteur d'énergie primaire ({factor_key})")
            continue
        if ghg_factor is None:
            missing.append(f"facteur d'émission ({ghg_key})")
            continue
        sources.extend(r for r in (reference.row("primary_energy_factor", factor_key),
                                   reference.row("ghg_factor", ghg_key)) if r is not None)
        final += final_kwh
        primary += final_kwh * primary_factor
        ghg += final_kwh * ghg_factor
    energy_bounds = bounds_for(reference, "class_upper_bound", surface_m2, altitude_class, notes, sources)
    ghg_bounds = bounds_for(reference, "ghg_class_upper_bound", surface_m2, altitude_class, notes, sources)
    if energy_bounds is None:
        missing.append("seuils de classe énergie")
    if ghg_bounds is None:
        missing.append("seuils de classe climat")
    if missing:
        return ClassResult(None, missing=missing, notes=notes, sources=sources)
    assert energy_bounds is not None and ghg_bounds is not None
    primary_m2, ghg_m2, final_m2 = primary / surface_m2, ghg / surface_m2, final / surface_m2
    energy_label, ghg_label = class_of(primary_m2, energy_bounds), class_of(ghg_m2, ghg_bounds)
    label = max(energy_label, ghg_label)  # "G" > "A": the worse of the two
    if altitude_class == "above_800":
        notes.append("Logement au-dessus de 800 m : seuils E et F adaptés à l'altitude.")
    decent, decency_notes = decency(final_m2, label, reference, on, sources)
    return ClassResult(label, energy_label, ghg_label, q0(primary_m2), ghg_m2.quantize(Decimal("0.1")), q0(final_m2),
                       [], notes, _unique(sources), decent, decency_notes)


def decency(final_kwh_per_m2: Decimal, label: str, reference: ReferenceData, on: date,
            sources: list[ReferenceRow]) -> tuple[bool | None, list[str]]:
    """Not decent above the final-energy ceiling (450 kWh/m²/yr since 2023), or from the class the law
    excludes at that date (G since 2025, F from 2028, E from 2034). Indicative as the class is."""
    notes = []
    ceiling = reference.maybe("decency", "max_final_kwh_per_m2")
    worst_rank = reference.maybe("decency", "indecent_from_class")
    if ceiling is None and worst_rank is None:
        return None, ["Critères de décence énergétique non en vigueur à cette date."]
    decent = True
    if ceiling is not None:
        sources.append(reference.row("decency", "max_final_kwh_per_m2"))  # type: ignore[arg-type]
        if final_kwh_per_m2 > ceiling:
            decent = False
            notes.append(f"Consommation d'énergie finale {kwh(q0(final_kwh_per_m2), 'kWh/m²/an')} au-dessus du "
                         f"plafond de {kwh(ceiling, 'kWh/m²/an')} : logement non décent (indicatif).")
    if worst_rank is not None:
        sources.append(reference.row("decency", "indecent_from_class"))  # type: ignore[arg-type]
        first_indecent = CLASSES[int(worst_rank) - 1]
        if CLASSES.index(label) + 1 >= worst_rank:
            decent = False
            notes.append(f"Classe estimée {label} : non décente à la location à cette date (classe "
                         f"{first_indecent} et au-delà), à confirmer par un DPE.")
    if decent:
        notes.append("Aucun critère de non-décence énergétique atteint (estimation indicative).")
    return decent, notes


def _unique(rows: list[ReferenceRow]) -> list[ReferenceRow]:
    seen: dict[tuple[str, str], ReferenceRow] = {}
    for r in rows:
        seen.setdefault((r.table, r.key), r)
    return list(seen.values())
