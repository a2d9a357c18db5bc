"""A simple heat-loss model of the dwelling, calibrated on the bills, and the effect of works.

H = Σ U·A·b + 0.34·n·V (W/K); heating need = H × DH / 1000 (kWh); final = need ÷ efficiency.
The model is scaled so that its final heating consumption equals the household's billed heating
consumption (the calibration factor), then each work's saving is the change in H it brings,
through the same scale. Estimates for the technical synthesis, not a regulatory audit.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from api.energy.bills import q0, q2

AIR_HEAT_CAPACITY = Decimal("0.34")  # Wh/m³·K


@dataclass(frozen=True)
class Element:
    kind: str  # roof, wall, floor, window
    area_m2: Decimal
    u_value: Decimal
    b: Decimal = Decimal("1")  # 1 towards outside; less towards unheated spaces


@dataclass(frozen=True)
class Dwelling:
    elements: tuple[Element, ...]
    volume_m3: Decimal
    air_changes_per_hour: Decimal
    degree_hours: Decimal
    efficiency: Decimal  # seasonal efficiency of the heating system (final energy → heat)


@dataclass(frozen=True)
class WorkEstimate:
    work: str
    label: str
    saving_kwh: Decimal
    saving_eur: Decimal
    cost_low: Decimal
    cost_high: Decimal
    cost_per_kwh_saved: Decimal | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorksEstimate:
    heat_loss_w_per_k: Decimal
    modelled_final_kwh: Decimal
    billed_heating_kwh: Decimal | None
    calibration: Decimal
    calibrated: bool
    items: list[WorkEstimate]


LABELS = {
    "roof": "Isolation des combles ou de la toiture", "wall_inside": "Isolation des murs par l'intérieur",
    "wall_outside": "Isolation des murs par l'extérieur", "floor": "Isolation du plancher bas",
    "window": "Remplacement des fenêtres", "heating_system": "Remplacement du générateur de chauffage",
    "controls": "Régulation et programmation du chauffage", "ventilation": "Ventilation (VMC)",
}


def insulated_u(u_before: Decimal, r_added: Decimal) -> Decimal:
    """U after adding a resistance R: 1 / (1/U + R)."""
    return Decimal(1) / (Decimal(1) / u_before + r_added)


def heat_loss(dwelling: Dwelling) -> Decimal:
    fabric = sum((e.u_value * e.area_m2 * e.b for e in dwelling.elements), Decimal(0))
    return fabric + AIR_HEAT_CAPACITY * dwelling.air_changes_per_hour * dwelling.volume_m3


def final_heating_kwh(dwelling: Dwelling) -> Decimal:
    return heat_loss(dwelling) * dwelling.degree_hours / 1000 / dwelling.efficiency


def estimate(dwelling: Dwelling, *, billed_heating_kwh: Decimal | None, price_per_kwh: Decimal,
             target_r: dict[str, Decimal], target_window_u: Decimal, new_efficiency: Decimal,
             controls_share: Decimal, cost_low: dict[str, Decimal], cost_high: dict[str, Decimal]) -> WorksEstimate:
    modelled = final_heating_kwh(dwelling)
    calibrated = bool(billed_heating_kwh) and modelled > 0
    scale = billed_heating_kwh / modelled if calibrated else Decimal(1)
    per_wk = dwelling.degree_hours / 1000 / dwelling.efficiency * scale  # final kWh per W/K removed
    heating_final = modelled * scale
    items: list[WorkEstimate] = []

    def add(work: str, saving: Decimal, quantity: Decimal, notes: list[str] | None = None) -> None:
        low, high = q2(cost_low[work] * quantity), q2(cost_high[work] * quantity)
        saving_kwh = q0(saving)
        per_kwh = q2((low + high) / 2 / saving_kwh) if saving_kwh > 0 else None
        items.append(WorkEstimate(work, LABELS[work], saving_kwh, q2(saving_kwh * price_per_kwh), low, high, per_kwh,
                                  notes or []))

    for kind, works in (("roof", ["roof"]), ("wall", ["wall_inside", "wall_outside"]), ("floor", ["floor"])):
        elements = [e for e in dwelling.elements if e.kind == kind]
        if not elements:
            continue
        area = sum((e.area_m2 for e in elements), Decimal(0))
        removed = sum(((e.u_value - insulated_u(e.u_value, target_r[kind])) * e.area_m2 * e.b for e in elements),
                      Decimal(0))
        for work in works:
            add(work, removed * per_wk, area, [f"R ajoutée {target_r[kind]} m²·K/W"])
    windows = [e for e in dwelling.elements if e.kind == "window" and e.u_value > target_window_u]
    if windows:
        removed = sum(((e.u_value - target_window_u) * e.area_m2 * e.b for e in windows), Decimal(0))
        add("window", removed * per_wk, sum((e.area_m2 for e in windows), Decimal(0)), [f"Uw {target_window_u} après travaux"])
    if new_efficiency > dwelling.efficiency:
        add("heating_system", heating_final * (1 - dwelling.efficiency / new_efficiency), Decimal(1),
            [f"Rendement {dwelling.efficiency} → {new_efficiency}"])
    add("controls", heating_final * controls_share, Decimal(1), ["Part d'économie : hypothèse à confirmer"])
    add("ventilation", Decimal(0), Decimal(1), ["Assainit l'air et limite l'humidité ; effet sur la consommation non estimé"])
    items.sort(key=lambda i: (i.cost_per_kwh_saved is None, i.cost_per_kwh_saved or 0, i.work))
    return WorksEstimate(heat_loss_w_per_k=q2(heat_loss(dwelling)), modelled_final_kwh=q0(modelled),
                         billed_heating_kwh=q0(billed_heating_kwh) if billed_heating_kwh else None,
                         calibration=scale.quantize(Decimal("0.0001")), calibrated=calibrated, items=items)
