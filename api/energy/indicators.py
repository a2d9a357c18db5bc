"""Energy-poverty indicators for one household (ONPE definitions; method page 10-indicateurs).

Every figure carries its value (exact, then kept at its kind's scale), its French display formatted
once from the exact value, the inputs and reference rows it used, and says "non calculable : …"
rather than 0 when an input is missing.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from api.energy.bills import EnergyYear, q0, q2
from api.energy.energy_class import INDICATIVE, ClassResult
from api.energy.household import HouseholdFacts, income_per_uc
from api.energy.reference import ReferenceData, ReferenceRow
from api.energy.tee import effort_rate, energy_spending, energy_years, household_tee
from api.energy.units import Energy
from api.formatting import euros, kwh, number, percent

RATIO_STEP = Decimal("0.0001")


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    unit: str
    explanation: str
    inputs: dict[str, str] = field(default_factory=dict)
    display: str = ""
    missing: tuple[str, ...] = ()  # what makes it non calculable
    verdict: bool | None = None    # for yes/no indicators
    warnings: tuple[str, ...] = ()  # extrapolated or estimated inputs
    sources: tuple[ReferenceRow, ...] = ()

    @property
    def calculable(self) -> bool:
        return not self.missing

    @property
    def uncertain(self) -> bool:
        return bool(self.warnings)


def not_computable(unit: str, missing: list[str], explanation: str = "", **extra) -> Figure:  # noqa: ANN003
    """A figure that cannot be computed: no value, and the display says what is missing."""
    text = "non calculable : " + ", ".join(f"{m} à renseigner" for m in missing)
    return Figure(None, unit, explanation or text[0].upper() + text[1:] + ".", display=text, missing=tuple(missing),
                  **extra)


def decile_position(income_per_uc: Decimal, deciles: dict[str, Decimal]) -> str:
    """"sous D1", "entre D1 et D2", ... from the dated decile table (only the known bounds)."""
    bounds = sorted(deciles.items(), key=lambda kv: kv[1])
    previous = None
    for name, bound in bounds:
        if income_per_uc < bound:
            return f"sous {name}" if previous is None else f"entre {previous} et {name}"
        previous = name
    return f"au-dessus de {previous}"


def input_warnings(years: list[EnergyYear]) -> tuple[str, ...]:
    """What makes a figure built on these bills less certain: said on the figure itself."""
    warnings = []
    short = [y for y in years if y.energy != Energy.water and y.extrapolated]
    if short:
        names = ", ".join(_energy_name(y.energy) for y in short)
        warnings.append(f"Calculé sur moins d'un an de factures, extrapolé ({names}) : valeur approchée.")
    estimated = [y for y in years if y.energy != Energy.water and y.estimated]
    if estimated:
        names = ", ".join(_energy_name(y.energy) for y in estimated)
        warnings.append(f"Comprend des relevés estimés ({names}) : valeur approchée.")
    return tuple(warnings)


def _energy_name(energy: Energy) -> str:
    from api.energy.units import ENERGY_LABELS_FR
    return ENERGY_LABELS_FR[energy]


@dataclass(frozen=True)
class Indicators:
    energy_spending: Figure
    water_spending: Figure
    unpaid_total: Figure
    consumption_units: Figure
    income_per_uc: Figure
    decile: Figure
    tee: Figure
    tee_after_cheque: Figure
    tee_above_slime_threshold: bool | None
    tee_above_onpe_threshold: bool | None
    tee_3d: bool | None
    fr_3d: bool | None
    brde_reste_a_vivre: Figure
    brde_per_uc: Figure
    brde_per_m2: Figure
    kwh_per_m2: Figure
    estimated_class: Figure
    decency: Figure
    exact_tee: Decimal | None = None


def compute(*, years: list[EnergyYear], facts: HouseholdFacts, reference: ReferenceData,
            energy_class: ClassResult) -> Indicators:
    housing_years = energy_years(years)
    spending = energy_spending(years)
    water = q2(sum((y.eur_per_year for y in years if y.energy == Energy.water), Decimal(0)))
    unpaid = q2(sum((y.unpaid_eur for y in years), Decimal(0)))
    warnings = input_warnings(years)
    thresholds = {k: reference.row("threshold", k) for k in ("tee_slime", "tee_onpe", "brde_income_share_of_median")}
    slime, onpe = reference.maybe("threshold", "tee_slime"), reference.maybe("threshold", "tee_onpe")
    income, units = facts.yearly_income, facts.consumption_units
    no_bills = ["factures d'énergie"] if not housing_years else []
    no_income = ["revenus"] if not income else []
    no_units = ["membres du ménage"] if not units else []

    spending_figure = (not_computable("€/an", no_bills) if no_bills else Figure(
        spending, "€/an", "Dépenses d'énergie du logement sur un an, eau exclue.",
        {_energy_name(y.energy): euros(y.eur_per_year) for y in housing_years}, display=euros(spending),
        warnings=warnings))
    uc_figure = (not_computable("UC", no_units) if no_units else Figure(
        units, "UC", f"Âges atteints en {facts.reference_year}, l'année des revenus et des factures : 1 pour le "
        "premier adulte, 0,5 par autre personne de 14 ans ou plus, 0,3 par enfant de moins de 14 ans.",
        {"année": str(facts.reference_year)}, display=f"{number(units)} UC"))

    income_uc = income_per_uc(income, units)
    income_uc_figure = (not_computable("€/UC/an", no_income + no_units) if income_uc is None else Figure(
        q2(income_uc), "€/UC/an", f"Revenu disponible annuel avant aides ({euros(income)}) divisé par "
        f"{number(units)} UC.", {"revenu annuel": euros(income), "UC": number(units)},
        display=f"{euros(income_uc)} par UC et par an"))

    decile_rows = {k: reference.row("income_decile", k) for k in reference.table("income_decile")}
    deciles = {k: r.value for k, r in decile_rows.items() if r and r.value is not None}
    decile_inputs = {k: f"{euros(v)} (revenus {decile_rows[k].valid_from.year})"  # type: ignore[union-attr]
                     for k, v in sorted(deciles.items(), key=lambda kv: kv[1])}
    decile_years = sorted({r.valid_from.year for r in decile_rows.values() if r})
    mixed = (f" Bornes de plusieurs millésimes ({', '.join(map(str, decile_years))}) : chaque borne est la plus "
             "récente publiée par l'INSEE, les autres restent en vigueur." if len(decile_years) > 1 else "")
    if income_uc is None or not deciles:
        decile_figure = not_computable("", (no_income + no_units) or ["déciles de revenu"],
                                       inputs=decile_inputs, sources=_rows(decile_rows.values()))
    else:
        position = decile_position(income_uc, deciles)
        decile_figure = Figure(None, "", f"Revenu par UC {position} des déciles de niveau de vie (INSEE).{mixed}",
                               decile_inputs, display=position, sources=_rows(decile_rows.values()))

    # TEE: exact ratio, one rounding for the display and the explanation.
    tee_missing = no_bills + no_income
    threshold_text = (f"seuils : {percent(slime, 0)} SLIME, {percent(onpe, 0)} ONPE" if slime and onpe else "")
    tee = household_tee(years, income)
    if tee is None:
        tee_figure = not_computable("ratio", tee_missing, sources=_rows(thresholds.values()))
        after_figure = not_computable("ratio", tee_missing)
    else:
        assert income
        uncertain_text = " " + " ".join(warnings) if warnings else ""
        tee_figure = Figure(
            tee.quantize(RATIO_STEP), "ratio",
            f"Taux d'effort énergétique avant chèque énergie : {euros(spending)} d'énergie ÷ {euros(income)} de "
            f"revenu = {percent(tee)} ({threshold_text}).{uncertain_text}",
            {"dépenses": euros(spending), "revenu": euros(income)}, display=percent(tee), warnings=warnings,
            sources=_rows(thresholds.values()))
        after = effort_rate(spending - facts.cheque_energie, income)
        assert after is not None
        cheque_text = (f"chèque énergie reçu en {facts.reference_year} : {euros(facts.cheque_energie)}"
                       if facts.cheque_energie else f"aucun chèque énergie saisi pour {facts.reference_year}")
        after_figure = Figure(
            after.quantize(RATIO_STEP), "ratio",
            f"Après chèque énergie : ({euros(spending)} − {euros(facts.cheque_energie)}) ÷ {euros(income)} = "
            f"{percent(after)} ({cheque_text}). Montré à part : le taux de référence est celui avant chèque.",
            {"dépenses": euros(spending), "chèque énergie": euros(facts.cheque_energie), "revenu": euros(income)},
            display=percent(after), warnings=warnings)

    d3_row = reference.row("income_decile", "D3")
    d3 = d3_row.value if d3_row else None
    low_income = None if income_uc is None or d3 is None else income_uc < d3
    tee_3d = None if tee is None or low_income is None or onpe is None else (tee > onpe and low_income)
    fr_3d = None if facts.felt_cold is None or low_income is None else (facts.felt_cold and low_income)

    brde = _brde(spending, facts, reference, no_bills, warnings)
    per_m2 = _kwh_per_m2(housing_years, facts.surface_m2, warnings)
    return Indicators(
        energy_spending=spending_figure,
        water_spending=Figure(water, "€/an", "Dépenses d'eau sur un an (hors taux d'effort).", display=euros(water)),
        unpaid_total=Figure(unpaid, "€", "Total des impayés déclarés sur les factures.", display=euros(unpaid)),
        consumption_units=uc_figure, income_per_uc=income_uc_figure, decile=decile_figure,
        tee=tee_figure, tee_after_cheque=after_figure,
        tee_above_slime_threshold=None if tee is None or slime is None else tee > slime,
        tee_above_onpe_threshold=None if tee is None or onpe is None else tee > onpe,
        tee_3d=tee_3d, fr_3d=fr_3d, **brde, kwh_per_m2=per_m2,
        estimated_class=class_figure(energy_class), decency=decency_figure(energy_class), exact_tee=tee,
    )


def _brde(spending: Decimal, facts: HouseholdFacts, reference: ReferenceData, no_bills: list[str],
          warnings: tuple[str, ...]) -> dict[str, Figure]:
    """ONPE BRDE: energy spending above the national median (per UC, or per m²) and reste à vivre per UC
    below 60 % of the median income per UC. The reste à vivre counts the APL once: income with the APL,
    less the gross housing cost."""
    income, units = facts.yearly_income, facts.consumption_units
    share_row = reference.row("threshold", "brde_income_share_of_median")
    median_row = reference.row("income_decile", "D5")
    poverty_row = reference.row("income_reference", "poverty_line")
    # The INSEE poverty line is 60 % of the median; used when it is at least as recent as the median row.
    threshold_rows: tuple[ReferenceRow, ...]
    if poverty_row and poverty_row.value is not None and median_row and poverty_row.valid_from >= median_row.valid_from:
        income_threshold, threshold_rows = poverty_row.value, (poverty_row,)
        threshold_text = f"seuil de pauvreté (60 % du niveau de vie médian, revenus {poverty_row.valid_from.year})"
    elif median_row and median_row.value is not None and share_row and share_row.value is not None:
        income_threshold, threshold_rows = median_row.value * share_row.value, (median_row, share_row)
        threshold_text = (f"{percent(share_row.value, 0)} du niveau de vie médian "
                          f"(revenus {median_row.valid_from.year})")
    else:
        income_threshold, threshold_rows, threshold_text = None, (), ""

    missing = [m for m, absent in (("revenus", not income), ("membres du ménage", not units),
                                   ("loyer ou remboursement du logement", facts.housing_cost is None)) if absent]
    if income_threshold is None:
        missing.append("niveau de vie médian")
    if missing:
        rav_figure = not_computable("€/UC/an", missing, sources=threshold_rows)
        low_rav = None
    else:
        assert income and facts.housing_cost is not None and income_threshold is not None
        rav = (income - facts.housing_cost) / units
        low_rav = rav < income_threshold
        rav_figure = Figure(
            q2(rav), "€/UC/an",
            f"Reste à vivre par UC : ({euros(income)} de revenu, APL comprise, − {euros(facts.housing_cost)} de "
            f"loyer, prêt et charges bruts) ÷ {number(units)} UC = {euros(rav)}, à comparer au {threshold_text} : "
            f"{euros(income_threshold)} par UC. L'APL n'est comptée qu'une fois.",
            {"revenu": euros(income), "coût du logement": euros(facts.housing_cost), "UC": number(units),
             "seuil": euros(income_threshold)},
            display=f"{euros(rav)} par UC et par an", verdict=low_rav, sources=threshold_rows)

    def variant(name: str, key: str, denominator: Decimal | None, denominator_missing: str, unit: str) -> Figure:
        median_row = reference.row("brde_median", key)
        median = median_row.value if median_row else None
        lacking = list(no_bills) + ([denominator_missing] if not denominator else [])
        if median is None:
            lacking.append(f"médiane nationale des dépenses d'énergie {name}")
        lacking += [m for m in rav_figure.missing if m not in lacking]
        sources = tuple(r for r in (median_row, *threshold_rows) if r is not None)
        if lacking:
            return not_computable(unit, lacking, sources=sources,
                                  explanation=f"BRDE {name} : non calculable ({', '.join(m + ' à renseigner' for m in lacking)}).")
        assert denominator and median is not None
        per = spending / denominator
        high = per > median
        answer = high and bool(low_rav)
        return Figure(q2(per), unit,
                      f"BRDE {name} : dépenses d'énergie {euros(per)} {name} "
                      f"{'au-dessus' if high else 'en dessous'} de la médiane ({euros(median)}) et reste à vivre par "
                      f"UC {'sous' if low_rav else 'au-dessus du'} seuil : {'oui' if answer else 'non'}.",
                      {"dépenses": euros(per), "médiane": euros(median)}, display="oui" if answer else "non",
                      verdict=answer, warnings=warnings, sources=sources)

    return {"brde_reste_a_vivre": rav_figure,
            "brde_per_uc": variant("par UC", "energy_spending_per_uc", units, "membres du ménage", "€/UC/an"),
            "brde_per_m2": variant("par m²", "energy_spending_per_m2", facts.surface_m2, "surface", "€/m²/an")}


def _kwh_per_m2(energy_years: list[EnergyYear], surface: Decimal | None, warnings: tuple[str, ...]) -> Figure:
    missing = (["factures d'énergie"] if not energy_years else []) + (["surface"] if not surface else [])
    if missing:
        return not_computable("kWh PCI/m²/an", missing)
    assert surface
    final = sum((y.kwh_per_year or Decimal(0) for y in energy_years), Decimal(0))
    per_m2 = final / surface
    return Figure(q0(per_m2), "kWh PCI/m²/an", f"Consommation réelle d'énergie finale ({kwh(final, 'kWh PCI')}) "
                  f"par m² habitable ({number(surface, 1)} m²), tous usages facturés.",
                  display=kwh(per_m2, "kWh PCI/m²/an"), warnings=warnings)


def class_figure(result: ClassResult) -> Figure:
    if result.label is None:
        return not_computable("classe", result.missing, sources=tuple(result.sources),
                              explanation="Classe estimée non calculable : " +
                              ", ".join(f"{m} à renseigner" for m in result.missing) + f" ({INDICATIVE}).")
    text = (f"Classe estimée {result.label} ({INDICATIVE}) : la moins bonne de la classe énergie "
            f"{result.energy_label} ({kwh(result.primary_kwh_per_m2, 'kWhEP/m²/an')}) et de la classe climat "
            f"{result.ghg_label} ({number(result.ghg_kg_per_m2, 1)} kgCO2e/m²/an), calculées sur les factures. "
            + " ".join(result.notes))
    return Figure(None, result.label, text.strip(),
                  {"énergie primaire": kwh(result.primary_kwh_per_m2, "kWhEP/m²/an"),
                   "émissions": f"{number(result.ghg_kg_per_m2, 1)} kgCO2e/m²/an",
                   "classe énergie": result.energy_label or "", "classe climat": result.ghg_label or ""},
                  display=f"{result.label} ({INDICATIVE})", sources=tuple(result.sources))


def decency_figure(result: ClassResult) -> Figure:
    if result.label is None or result.decent is None:
        missing = result.missing or ["critères de décence"]
        return not_computable("", missing)
    return Figure(None, "", " ".join(result.decency_notes), display="non décent (indicatif)" if not result.decent
                  else "aucun critère de non-décence atteint (indicatif)", verdict=not result.decent,
                  sources=tuple(r for r in result.sources if r.table == "decency"))


def _rows(rows) -> tuple[ReferenceRow, ...]:  # noqa: ANN001
    return tuple(r for r in rows if r is not None)


def hidden(figure: Figure, display: str, explanation: str) -> Figure:
    """The same figure without any amount: for a reader who may not see income."""
    return replace(figure, value=None, display=display, explanation=explanation, inputs={})
