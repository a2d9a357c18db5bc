"""A simple heat-loss model of the dwelling, calibrated on the heating bills, and the effect of works.

H = Σ U·A·b + 0.34 × air flow (W/K); heating need = H × DH / 1000 (kWh of heat); the final energy of each
heating system = its share of the need ÷ its efficiency.

Calibration is on heating only: from the bill of each heating energy, the other uses of that energy (hot
water, cooking, specific electricity) are estimated and taken out; the heat the systems delivered (main and
secondary, e.g. a wood stove beside the boiler) over the modelled need is the calibration factor. Without a
usable heating bill the model is not calibrated: savings are given as shares of the heating consumption,
never as kWh or euros.

Each work line is estimated alone against the dwelling as it is: the lines are not cumulative. A scenario
applies its works in sequence (roof, walls, floor, windows on the heat loss, then the new heating system and
the controls on the reduced need), so its saving never exceeds the heating consumption.

Estimates for the technical synthesis, not a regulatory audit. Reference values arrive as arguments.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from api.energy.bills import q0, q2
from api.energy.costs import (
    CostRange,
    CostRate,
    WorkCost,
    cost_range,
    lifetime_cost_per_kwh,
    payback_years,
    vat_key,
)
from api.energy.reference import ReferenceData
from api.energy.units import ENERGY_LABELS_FR as ENERGY_FR
from api.formatting import number, percent

AIR_HEAT_CAPACITY = Decimal("0.34")  # Wh/(m³·K)
ZERO, ONE = Decimal(0), Decimal(1)

NON_CUMULATIVE = ("Chaque ligne est estimée seule, sur le logement tel qu'il est ; les économies ne s'additionnent "
                  "pas. Les scénarios appliquent les travaux l'un après l'autre.")
SHARES_ONLY = ("Sans facture de chauffage exploitable, les économies sont données en part de la consommation de "
               "chauffage, pas en kWh ni en euros.")

LABELS = {
    "roof": "Isolation des combles ou de la toiture", "wall_inside": "Isolation des murs par l'intérieur",
    "wall_outside": "Isolation des murs par l'extérieur", "floor": "Isolation du plancher bas",
    "window": "Remplacement des fenêtres", "heat_pump_air_water": "Pompe à chaleur air/eau",
    "heat_pump_air_air": "Pompe à chaleur air/air", "pellet_boiler": "Chaudière à granulés de bois",
    "condensing_boiler": "Chaudière à condensation", "controls": "Régulation et programmation du chauffage",
    "ventilation": "Ventilation (VMC)",
}
ENVELOPE_WORKS = ("roof", "wall_inside", "wall_outside", "floor", "window")
HEATING_WORKS = ("heat_pump_air_water", "heat_pump_air_air", "pellet_boiler", "condensing_boiler")
# Internal and external wall insulation are alternatives: a scenario takes one (the cheaper, feasible without
# a façade permit or a co-ownership vote); the other is listed as its alternative.
SCENARIO_WALL_WORK = "wall_inside"
ALTERNATIVES = {"wall_inside": "wall_outside", "wall_outside": "wall_inside"}
NEW_ENERGY = {"heat_pump_air_water": "electricity", "heat_pump_air_air": "electricity",
              "pellet_boiler": "wood_pellets"}  # a condensing boiler keeps the current gas or propane


def replacement_options(energy: str, efficiency: Decimal, emitters: str = "unknown") -> list[str]:
    """The heating replacements worth offering for the current main system.

    No like-for-like fuel-oil boiler: décret 2022-8 (CCH R171-13) forbids, since 1 July 2022, new heating
    equipment above 300 gCO2e/kWh PCI, which rules out fuel oil (324 g); a fuel-oil home changes energy.
    Gas and propane (227 and 272 g) may keep a condensing boiler. Direct electric heating goes to an air/air
    heat pump, or air/water when the home has water radiators. A condensing or pellet boiler replacing one of
    the same energy is only offered when it is more efficient (filtered by the caller's efficiency).
    """
    if energy == "fuel_oil":
        return ["heat_pump_air_water", "pellet_boiler"]
    if energy == "natural_gas":
        return ["condensing_boiler", "heat_pump_air_water"]
    if energy == "propane":
        return ["condensing_boiler", "heat_pump_air_water", "pellet_boiler"]
    if energy == "electricity":
        if efficiency > ONE:  # already a heat pump
            return []
        return ["heat_pump_air_water"] if emitters == "water" else ["heat_pump_air_air"]
    if energy in ("wood_logs", "wood_pellets"):
        return ["pellet_boiler"] if emitters == "water" else []
    return []


# --- the dwelling and its heating ---------------------------------------------------------------

@dataclass(frozen=True)
class Element:
    kind: str  # roof, wall, floor, window
    area_m2: Decimal
    u_value: Decimal
    b: Decimal = ONE  # 1 towards outside; less towards unheated spaces


@dataclass(frozen=True)
class Dwelling:
    elements: tuple[Element, ...]
    air_flow_m3_per_h: Decimal  # 3CL: 1.2 m³/(h·m²) × habitable surface through windows
    degree_hours: Decimal


@dataclass(frozen=True)
class HeatSource:
    """A heating system: its energy, seasonal efficiency (heat pump: SCOP), the price of its kWh without the
    subscription (None: « à renseigner »), and its yearly final consumption for heating (None: unknown)."""

    energy: str
    efficiency: Decimal
    price_per_kwh: Decimal | None
    heating_kwh: Decimal | None = None
    main: bool = True
    emitters: str = "unknown"


@dataclass(frozen=True)
class Assumptions:
    target_r: dict[str, Decimal]  # resistance added: roof, wall, floor
    target_window_u: Decimal
    controls_share: Decimal
    replacement_efficiency: dict[str, Decimal]  # per heating work
    new_energy_price: dict[str, Decimal | None]  # per energy, kWh price without the subscription
    costs: dict[str, WorkCost]
    underheating_below: Decimal
    overconsumption_above: Decimal


NEW_ENERGIES = ("electricity", "wood_pellets", "natural_gas", "propane")
WORKS_TABLES = ("works_cost_low", "works_cost_high", "vat_rate", "work_lifetime", "replacement_efficiency", "target_r",
                "target_u")


def assumptions_from(reference: ReferenceData) -> Assumptions:
    """The works assumptions in force: costs as their rows give them (the unit says HT or TTC), VAT, lifetimes,
    replacement efficiencies, prices of the new energies."""
    works = {*reference.table("works_cost_low"), *reference.pending("works_cost_low"),
             *reference.table("works_cost_high"), *reference.pending("works_cost_high")}

    def rate(table: str, work: str) -> CostRate | None:
        row = reference.row(table, work)
        return None if row is None or row.value is None else CostRate(row.value, "TTC" in row.unit)

    costs = {w: WorkCost(low=rate("works_cost_low", w), high=rate("works_cost_high", w),
                         vat_rate=reference.get("vat_rate", vat_key(w)),
                         lifetime_years=reference.maybe("work_lifetime", w))
             for w in works}
    return Assumptions(
        target_r={k: reference.get("target_r", k) for k in ("roof", "wall", "floor")},
        target_window_u=reference.get("target_u", "window"),
        controls_share=reference.get("assumption", "controls_saving_share"),
        replacement_efficiency=reference.table("replacement_efficiency"),
        new_energy_price={e: reference.maybe("fallback_price", e) for e in NEW_ENERGIES},
        costs=costs,
        underheating_below=reference.get("assumption", "underheating_calibration_below"),
        overconsumption_above=reference.get("assumption", "overconsumption_calibration_above"),
    )


# --- results ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saving:
    kwh: Decimal | None  # final kWh a year, all heating energies (None when not calibrated)
    eur: Decimal | None  # € a year at kWh prices without subscription (None: not calibrated or a price missing)
    share: Decimal | None  # of the heating consumption (final energy)


@dataclass(frozen=True)
class WorkEstimate:
    work: str
    label: str
    quantity: Decimal
    quantity_unit: str
    saving: Saving
    cost: CostRange
    lifetime_years: Decimal | None
    payback_years_low: Decimal | None
    payback_years_high: Decimal | None
    lifetime_cost_per_kwh_low: Decimal | None
    lifetime_cost_per_kwh_high: Decimal | None
    energy_after: str | None = None
    efficiency_after: Decimal | None = None
    alternative_to: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScenarioStep:
    """One work of a scenario, with its saving on the dwelling as the previous steps left it."""

    work: str
    label: str
    quantity: Decimal
    quantity_unit: str
    cost: CostRange
    saving: Saving


@dataclass(frozen=True)
class Scenario:
    code: str
    label: str
    steps: list[ScenarioStep]
    cost: CostRange
    saving: Saving
    heating_kwh_after: Decimal | None
    heating_eur_after: Decimal | None
    payback_years_low: Decimal | None
    payback_years_high: Decimal | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceShare:
    energy: str
    main: bool
    efficiency: Decimal
    heating_kwh: Decimal | None
    heat_share: Decimal | None  # of the heat delivered
    price_per_kwh: Decimal | None


@dataclass(frozen=True)
class WorksEstimate:
    heat_loss_w_per_k: Decimal
    modelled_need_kwh: Decimal
    modelled_final_kwh: Decimal  # the need ÷ the main efficiency, before calibration
    calibrated: bool
    calibration: Decimal
    heating_kwh: Decimal | None  # final kWh a year for heating, all systems (None when not calibrated)
    heating_eur: Decimal | None
    underheating: bool
    sources: list[SourceShare]
    items: list[WorkEstimate]
    scenarios: list[Scenario]
    notes: list[str]


# --- the model ----------------------------------------------------------------------------------

def insulated_u(u_before: Decimal, r_added: Decimal) -> Decimal:
    """U after adding a resistance R: 1 / (1/U + R)."""
    return ONE / (ONE / u_before + r_added)


def heat_loss(dwelling: Dwelling) -> Decimal:
    fabric = sum((e.u_value * e.area_m2 * e.b for e in dwelling.elements), ZERO)
    return fabric + AIR_HEAT_CAPACITY * dwelling.air_flow_m3_per_h


def need_kwh(dwelling: Dwelling) -> Decimal:
    return heat_loss(dwelling) * dwelling.degree_hours / 1000


def _share(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _State:
    """The dwelling as works leave it: its heat loss, what the controls take off the need, its main system."""

    heat_loss: Decimal
    need_factor: Decimal
    main: HeatSource


@dataclass(frozen=True)
class _Model:
    dwelling: Dwelling
    scale: Decimal  # calibration factor (1 when not calibrated)
    main_share: Decimal  # of the heat delivered
    secondaries: tuple[tuple[HeatSource, Decimal], ...]  # with their share of the heat
    assumptions: Assumptions

    def flows(self, state: _State) -> list[tuple[Decimal, Decimal | None]]:
        """(final kWh a year, price) of each heating system in this state."""
        need = state.heat_loss * self.dwelling.degree_hours / 1000 * self.scale * state.need_factor
        flows = [(need * self.main_share / state.main.efficiency, state.main.price_per_kwh)]
        flows += [(need * share / s.efficiency, s.price_per_kwh) for s, share in self.secondaries]
        return flows

    def final_kwh(self, state: _State) -> Decimal:
        return sum((k for k, _ in self.flows(state)), ZERO)

    def cost_eur(self, state: _State) -> Decimal | None:
        flows = self.flows(state)
        if any(p is None and k > 0 for k, p in flows):
            return None
        return sum((k * (p or ZERO) for k, p in flows), ZERO)

    def removed_w_per_k(self, work: str) -> Decimal:
        a = self.assumptions
        if work == "window":
            return sum(((e.u_value - a.target_window_u) * e.area_m2 * e.b for e in self.windows()), ZERO)
        kind, r = {"roof": ("roof", "roof"), "floor": ("floor", "floor"), "wall_inside": ("wall", "wall"),
                   "wall_outside": ("wall", "wall")}[work]
        return sum(((e.u_value - insulated_u(e.u_value, a.target_r[r])) * e.area_m2 * e.b
                    for e in self.dwelling.elements if e.kind == kind), ZERO)

    def windows(self) -> list[Element]:
        return [e for e in self.dwelling.elements if e.kind == "window" and e.u_value > self.assumptions.target_window_u]

    def apply(self, state: _State, work: str) -> _State:
        if work in ENVELOPE_WORKS:
            return replace(state, heat_loss=state.heat_loss - self.removed_w_per_k(work))
        if work in HEATING_WORKS:
            energy = NEW_ENERGY.get(work, state.main.energy)
            return replace(state, main=HeatSource(
                energy=energy, efficiency=self.assumptions.replacement_efficiency[work],
                price_per_kwh=(state.main.price_per_kwh if energy == state.main.energy
                               else self.assumptions.new_energy_price.get(energy)), main=True))
        if work == "controls":
            return replace(state, need_factor=state.need_factor * (ONE - self.assumptions.controls_share))
        return state  # ventilation: no effect on consumption modelled

    def saving(self, before: _State, after: _State, baseline_kwh: Decimal, calibrated: bool) -> Saving:
        kwh = min(self.final_kwh(before) - self.final_kwh(after), baseline_kwh)
        share = _share(kwh / baseline_kwh) if baseline_kwh > 0 else None
        if not calibrated:
            return Saving(None, None, share)
        cost_before, cost_after = self.cost_eur(before), self.cost_eur(after)
        eur = None if cost_before is None or cost_after is None else min(cost_before - cost_after, cost_before)
        return Saving(q0(kwh), None if eur is None else q2(eur), share)


def quantity_of(work: str, dwelling: Dwelling, windows: list[Element]) -> tuple[Decimal, str]:
    if work == "window":
        return sum((e.area_m2 for e in windows), ZERO), "m²"
    kind = {"roof": "roof", "floor": "floor", "wall_inside": "wall", "wall_outside": "wall"}.get(work)
    if kind:
        return sum((e.area_m2 for e in dwelling.elements if e.kind == kind), ZERO), "m²"
    return ONE, "installation"


def estimate(dwelling: Dwelling, main: HeatSource, secondaries: Iterable[HeatSource],
             assumptions: Assumptions) -> WorksEstimate:
    """Calibrate the model on the heating consumption, then estimate each work alone and each scenario."""
    notes: list[str] = []
    secondaries = list(secondaries)
    h = heat_loss(dwelling)
    modelled_need = need_kwh(dwelling)
    calibrated = bool(main.heating_kwh) and main.heating_kwh > 0 and modelled_need > 0  # type: ignore[operator]
    sources: list[SourceShare] = []
    if calibrated:
        assert main.heating_kwh is not None
        known = [s for s in secondaries if s.heating_kwh]
        for s in secondaries:
            if not s.heating_kwh:
                notes.append(f"Chauffage d'appoint ({ENERGY_FR.get(s.energy, s.energy)}) sans consommation connue : "
                             "non compté dans le recalage.")
        heat_main = main.heating_kwh * main.efficiency
        heats = [(s, s.heating_kwh * s.efficiency) for s in known]  # type: ignore[operator]
        delivered = heat_main + sum((q for _, q in heats), ZERO)
        scale = delivered / modelled_need
        main_share = heat_main / delivered
        shares = tuple((s, q / delivered) for s, q in heats)
        sources.append(SourceShare(main.energy, True, main.efficiency, q0(main.heating_kwh), _share(main_share),
                                   main.price_per_kwh))
        share_of = {id(s): sh for s, sh in shares}
        sources += [SourceShare(s.energy, False, s.efficiency, q0(s.heating_kwh) if s.heating_kwh else None,
                                _share(share_of[id(s)]) if id(s) in share_of else None, s.price_per_kwh)
                    for s in secondaries]
    else:
        scale, main_share, shares = ONE, ONE, ()
        notes.append(SHARES_ONLY)
        sources.append(SourceShare(main.energy, True, main.efficiency, None, None, main.price_per_kwh))
        sources += [SourceShare(s.energy, False, s.efficiency, None, None, s.price_per_kwh) for s in secondaries]
    model = _Model(dwelling, scale, main_share, shares, assumptions)
    start = _State(h, ONE, main)
    baseline_kwh = model.final_kwh(start)
    baseline_eur = model.cost_eur(start) if calibrated else None
    underheating = calibrated and scale < assumptions.underheating_below
    if underheating:
        notes.append(f"Sous-chauffe probable : le ménage consomme {percent(scale, 0)} de ce que le modèle prévoit "
                     "pour chauffer le logement ; les économies réelles seront plus faibles (une part servira au "
                     "confort).")
    elif calibrated and scale > assumptions.overconsumption_above:
        notes.append(f"Le logement consomme {percent(scale, 0)} de ce que le modèle prévoit : vérifier les surfaces, "
                     "les parois et les usages déduits.")

    def line(work: str, extra: list[str]) -> WorkEstimate | None:
        after = model.apply(start, work)
        if work in ENVELOPE_WORKS and model.removed_w_per_k(work) <= 0:
            return None
        saving = model.saving(start, after, baseline_kwh, calibrated) if work != "ventilation" else Saving(None, None, None)
        quantity, unit = quantity_of(work, dwelling, model.windows())
        cost_info = assumptions.costs.get(work)
        cost = cost_range(cost_info, quantity)
        lifetime = cost_info.lifetime_years if cost_info else None
        work_notes = list(extra)
        if not cost.known:
            work_notes.append("Coût à renseigner (pas de source fiable).")
        if saving.eur is not None and saving.eur < 0:
            work_notes.append("Le coût annuel du chauffage augmente avec cette énergie.")
        if calibrated and saving.eur is None and work != "ventilation":
            work_notes.append("Économie en euros non calculable : prix du kWh à renseigner.")
        return WorkEstimate(
            work=work, label=LABELS[work], quantity=quantity, quantity_unit=unit, saving=saving, cost=cost,
            lifetime_years=lifetime,
            payback_years_low=payback_years(cost.low_ttc, saving.eur),
            payback_years_high=payback_years(cost.high_ttc, saving.eur),
            lifetime_cost_per_kwh_low=lifetime_cost_per_kwh(cost.low_ttc, saving.kwh, lifetime),
            lifetime_cost_per_kwh_high=lifetime_cost_per_kwh(cost.high_ttc, saving.kwh, lifetime),
            energy_after=after.main.energy if work in HEATING_WORKS else None,
            efficiency_after=after.main.efficiency if work in HEATING_WORKS else None,
            alternative_to=ALTERNATIVES.get(work), notes=work_notes)

    kinds = {e.kind for e in dwelling.elements}
    candidates: list[tuple[str, list[str]]] = []
    if "roof" in kinds:
        candidates.append(("roof", [f"R ajoutée {number(assumptions.target_r['roof'])} m²·K/W."]))
    if "wall" in kinds:
        r = number(assumptions.target_r["wall"])
        candidates.append(("wall_inside", [f"R ajoutée {r} m²·K/W. Réduit un peu la surface habitable. "
                                           "Alternative à l'isolation par l'extérieur."]))
        candidates.append(("wall_outside", [f"R ajoutée {r} m²·K/W. Traite aussi les ponts thermiques (non modélisés "
                                            "ici). Alternative à l'isolation par l'intérieur."]))
    if "floor" in kinds:
        candidates.append(("floor", [f"R ajoutée {number(assumptions.target_r['floor'])} m²·K/W."]))
    if model.windows():
        candidates.append(("window", [f"Uw {number(assumptions.target_window_u)} après travaux."]))
    options = [w for w in replacement_options(main.energy, main.efficiency, main.emitters)
               if w in assumptions.replacement_efficiency
               and (NEW_ENERGY.get(w, main.energy) != main.energy
                    or assumptions.replacement_efficiency[w] > main.efficiency)]
    if main.energy == "fuel_oil":
        notes.append("Pas de chaudière fioul neuve : interdite depuis le 1er juillet 2022 (décret 2022-8, CCH R171-13, "
                     "plus de 300 gCO2e/kWh PCI). Les remplacements proposés changent d'énergie.")
    for w in options:
        energy = NEW_ENERGY.get(w, main.energy)
        change = (f"{ENERGY_FR.get(main.energy, main.energy)} → {ENERGY_FR.get(energy, energy)}, "
                  if energy != main.energy else "")
        text = (f"{change}rendement {number(main.efficiency)} → {number(assumptions.replacement_efficiency[w])}, "
                f"valorisé au prix du kWh ({ENERGY_FR.get(energy, energy)}).")
        candidates.append((w, [text[0].upper() + text[1:]]))
    candidates.append(("controls", [f"Part d'économie retenue : {percent(assumptions.controls_share, 0)} du "
                                    "chauffage (ADEME : « jusqu'à 15 % »)."]))
    candidates.append(("ventilation", ["Assainit l'air et limite l'humidité ; effet sur la consommation non estimé."]))
    items = [i for i in (line(w, extra) for w, extra in candidates) if i is not None]
    items.sort(key=_rank)

    present = {i.work for i in items}
    envelope = [w for w in ("roof", SCENARIO_WALL_WORK, "floor", "window") if w in present]
    scenarios = [_scenario(model, start, baseline_kwh, calibrated, "envelope_controls",
                           "Isolation et régulation", [*envelope, "controls"], dwelling)]
    for w in options:
        scenarios.append(_scenario(model, start, baseline_kwh, calibrated, f"envelope_controls_{w}",
                                   f"Isolation, {LABELS[w][0].lower() + LABELS[w][1:]} et régulation",
                                   [*envelope, w, "controls"], dwelling))
    return WorksEstimate(
        heat_loss_w_per_k=q2(h), modelled_need_kwh=q0(modelled_need), modelled_final_kwh=q0(modelled_need / main.efficiency),
        calibrated=calibrated, calibration=_share(scale), heating_kwh=q0(baseline_kwh) if calibrated else None,
        heating_eur=q2(baseline_eur) if baseline_eur is not None else None, underheating=underheating,
        sources=sources, items=items, scenarios=scenarios, notes=[NON_CUMULATIVE, *notes])


def _rank(item: WorkEstimate) -> tuple:
    """Shortest payback first; then the cheapest kWh over the work's life; then the largest share."""
    def mid(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        return None if a is None or b is None else (a + b) / 2
    payback = mid(item.payback_years_low, item.payback_years_high)
    lifetime = mid(item.lifetime_cost_per_kwh_low, item.lifetime_cost_per_kwh_high)
    return (payback is None, payback or ZERO, lifetime is None, lifetime or ZERO, -(item.saving.share or ZERO),
            item.work)


def _scenario(model: _Model, start: _State, baseline_kwh: Decimal, calibrated: bool,
              code: str, label: str, works: list[str], dwelling: Dwelling) -> Scenario:
    steps: list[ScenarioStep] = []
    state = start
    for work in works:
        after = model.apply(state, work)
        quantity, unit = quantity_of(work, dwelling, model.windows())
        steps.append(ScenarioStep(work, LABELS[work], quantity, unit,
                                  cost_range(model.assumptions.costs.get(work), quantity),
                                  model.saving(state, after, baseline_kwh, calibrated)))
        state = after
    total = model.saving(start, state, baseline_kwh, calibrated)
    notes = ["Travaux appliqués l'un après l'autre : chaque étape agit sur le logement laissé par la précédente."]
    pending = [s.label for s in steps if not s.cost.known]
    if pending:
        notes.append("Coût total non calculable : coût à renseigner pour " + ", ".join(pending) + ".")
    vat_rates = {s.cost.vat_rate for s in steps}

    def total_of(attr: str) -> Decimal | None:
        values = [getattr(s.cost, attr) for s in steps]
        return None if any(v is None for v in values) else sum(values, ZERO)

    cost = CostRange(vat_rate=vat_rates.pop() if len(vat_rates) == 1 else None, low_ht=total_of("low_ht"),
                     high_ht=total_of("high_ht"), low_ttc=total_of("low_ttc"), high_ttc=total_of("high_ttc"))
    kwh_after = q0(model.final_kwh(state)) if calibrated else None
    eur_after = model.cost_eur(state) if calibrated else None
    return Scenario(code=code, label=label, steps=steps, cost=cost, saving=total, heating_kwh_after=kwh_after,
                    heating_eur_after=None if eur_after is None else q2(eur_after),
                    payback_years_low=payback_years(cost.low_ttc, total.eur),
                    payback_years_high=payback_years(cost.high_ttc, total.eur), notes=notes)
