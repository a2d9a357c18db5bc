"""Energy-poverty indicators for one household (ONPE definitions, domain-research 2.1–2.3).

Every figure comes with the inputs it used, so the interface can explain it in plain words.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from api.energy.bills import EnergyYear, q0, q2
from api.energy.units import Energy


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    unit: str
    explanation: str
    inputs: dict[str, str] = field(default_factory=dict)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else numerator / denominator


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


def energy_spending(years: list[EnergyYear]) -> Decimal:
    """Housing energy only: water is tracked by SLIME but is not part of the TEE."""
    return q2(sum((y.eur_per_year for y in years if y.energy != Energy.water), Decimal(0)))


def decile_position(income_per_uc: Decimal, deciles: dict[str, Decimal]) -> str:
    """"below D1", "D1–D2", ... from the dated decile table (only the known bounds)."""
    bounds = sorted(((k, v) for k, v in deciles.items()), key=lambda kv: kv[1])
    previous = None
    for name, bound in bounds:
        if income_per_uc < bound:
            return f"sous {name}" if previous is None else f"entre {previous} et {name}"
        previous = name
    return f"au-dessus de {previous}"


@dataclass(frozen=True)
class Indicators:
    energy_spending: Figure
    water_spending: Figure
    unpaid_total: Figure
    consumption_units: Figure
    income_per_uc: Figure
    decile: Figure
    tee: Figure
    tee_above_slime_threshold: bool | None
    tee_above_onpe_threshold: bool | None
    tee_3d: bool | None
    brde_inputs: Figure
    kwh_per_m2: Figure
    estimated_class: Figure


def compute(
    *, years: list[EnergyYear], yearly_income: Decimal | None, consumption_units: Decimal,
    housing_costs_excluding_energy: Decimal | None, surface_m2: Decimal | None,
    thresholds: dict[str, Decimal], deciles: dict[str, Decimal], primary_factors: dict[str, Decimal],
    class_bounds: dict[str, Decimal],
) -> Indicators:
    spending = energy_spending(years)
    water = q2(sum((y.eur_per_year for y in years if y.energy == Energy.water), Decimal(0)))
    unpaid = q2(sum((y.unpaid_eur for y in years), Decimal(0)))
    slime, onpe = thresholds["tee_slime"], thresholds["tee_onpe"]
    d3 = deciles.get("D3")

    income_uc = q2(yearly_income / consumption_units) if yearly_income and consumption_units else None
    tee = ratio(spending, yearly_income) if yearly_income else None
    tee_value = tee.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if tee is not None else None
    low_income = income_uc is not None and d3 is not None and income_uc < d3

    final_kwh = sum((y.kwh_per_year or Decimal(0) for y in years), Decimal(0))
    per_m2 = q0(final_kwh / surface_m2) if surface_m2 else None
    primary = sum(((y.kwh_per_year or Decimal(0)) * primary_factors.get(y.energy.value, primary_factors["other"])
                   for y in years), Decimal(0))
    primary_m2 = q0(primary / surface_m2) if surface_m2 else None
    estimated = energy_class(primary_m2, class_bounds) if primary_m2 is not None else None

    reste_a_vivre_uc = None
    if yearly_income is not None and housing_costs_excluding_energy is not None and consumption_units:
        reste_a_vivre_uc = q2((yearly_income - housing_costs_excluding_energy) / consumption_units)
    median = deciles.get("D5")
    share = thresholds.get("brde_income_share_of_median")
    return Indicators(
        energy_spending=Figure(spending, "€/an", "Dépenses d'énergie du logement sur un an, eau exclue.",
                               {y.energy.value: str(y.eur_per_year) for y in years if y.energy != Energy.water}),
        water_spending=Figure(water, "€/an", "Dépenses d'eau sur un an."),
        unpaid_total=Figure(unpaid, "€", "Total des impayés déclarés sur les factures."),
        consumption_units=Figure(consumption_units, "UC", "1 pour le premier adulte, 0,5 par autre personne de "
                                 "14 ans ou plus, 0,3 par enfant de moins de 14 ans."),
        income_per_uc=Figure(income_uc, "€/UC/an", "Revenu annuel divisé par les unités de consommation.",
                             {"revenu annuel": str(yearly_income), "UC": str(consumption_units)}),
        decile=Figure(None, "", decile_position(income_uc, deciles) if income_uc is not None else "Revenu non saisi.",
                      {k: str(v) for k, v in deciles.items()}),
        tee=Figure(tee_value, "ratio", f"Taux d'effort énergétique : {spending} € d'énergie ÷ {yearly_income} € de "
                   f"revenu = {pct(tee)} (seuils : {pct(slime)} SLIME, {pct(onpe)} ONPE)." if tee is not None
                   else "Revenu non saisi : taux d'effort non calculable.",
                   {"dépenses": str(spending), "revenu": str(yearly_income)}),
        tee_above_slime_threshold=None if tee is None else tee > slime,
        tee_above_onpe_threshold=None if tee is None else tee > onpe,
        tee_3d=None if tee is None or income_uc is None else (tee > onpe and low_income),
        brde_inputs=Figure(reste_a_vivre_uc, "€/UC/an",
                           "BRDE : reste à vivre par UC (revenu − coûts du logement hors énergie) à comparer à "
                           f"{pct(share)} du revenu médian par UC, et dépenses d'énergie à comparer à la médiane.",
                           {"seuil revenu": str(q2(median * share)) if median and share else "—",
                            "dépenses par UC": str(q2(spending / consumption_units)) if consumption_units else "—"}),
        kwh_per_m2=Figure(per_m2, "kWh/m²/an", "Consommation réelle d'énergie finale par m² habitable."),
        estimated_class=Figure(None, estimated or "", "Classe estimée à partir des factures (énergie primaire "
                               f"≈ {primary_m2} kWhEP/m²/an) : une estimation, pas un DPE." if estimated
                               else "Surface non saisie : classe non estimable."),
    )


def energy_class(primary_kwh_per_m2: Decimal, bounds: dict[str, Decimal]) -> str:
    for label, upper in sorted(bounds.items(), key=lambda kv: kv[1]):
        if primary_kwh_per_m2 < upper:
            return label
    return "G"
