"""What a works scenario leaves the household to pay, and what it changes in its budget.

For each step, the MaPrimeRénov' aid of the household's Anah category (`eligibility.aid_for_work`), computed
at the low and at the high cost (an aid never pays more than the work); the amount left to pay as a range;
the payback after aids; and, for the social team, the taux d'effort énergétique and the reste à vivre after
energy, before and after the works. Pure: the household's yearly figures come in as arguments.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from api.energy.costs import payback_years
from api.energy.eligibility import AidLine, aid_for_work, money_left
from api.energy.reference import ReferenceData
from api.energy.tee import effort_rate
from api.energy.works import Scenario

ZERO = Decimal(0)


@dataclass(frozen=True)
class Budget:
    """The household's yearly figures a scenario changes (social team only: they reveal the income)."""

    income: Decimal  # disposable income before aids: the TEE's denominator
    energy_spending: Decimal  # housing energy, water excluded (tee.energy_spending of bills that exist)
    housing_costs: Decimal  # gross rent, loan and charges
    consumption_units: Decimal


@dataclass(frozen=True)
class ScenarioMoney:
    aids: list[AidLine]  # at the high cost, with their explanation
    aids_low: Decimal  # the aids that could be computed, at the low cost
    aids_high: Decimal
    aids_complete: bool  # False: an aid is « à renseigner » and the amounts left are upper bounds
    left_to_pay_low: Decimal | None
    left_to_pay_high: Decimal | None
    payback_low: Decimal | None
    payback_high: Decimal | None
    tee_before: Decimal | None = None
    tee_after: Decimal | None = None
    rest_per_uc_before: Decimal | None = None  # reste à vivre after housing and energy, per UC
    rest_per_uc_after: Decimal | None = None
    notes: list[str] = field(default_factory=list)


def _aids(scenario: Scenario, category: str | None, counts: dict[str, Decimal], reference: ReferenceData,
          cost: str) -> list[AidLine]:
    lines = []
    for step in scenario.steps:
        step_cost = getattr(step.cost, f"{cost}_ttc")
        if step_cost is None:
            continue
        lines.append(aid_for_work(step.work, category, counts.get(step.work, step.quantity), step_cost, reference))
    return lines


def scenario_money(scenario: Scenario, category: str | None, reference: ReferenceData, *,
                   counts: dict[str, Decimal] | None = None, budget: Budget | None = None) -> ScenarioMoney:
    """`counts` gives the quantity in the aid's own unit where it is not the step's (windows: a number of
    windows, not m²). Without a `budget` (no income, or a reader who may not see it) the TEE and the reste à
    vivre stay None."""
    counts = counts or {}
    at_low, at_high = (_aids(scenario, category, counts, reference, c) for c in ("low", "high"))
    known = [a.amount_eur for a in at_high if a.amount_eur is not None]
    complete = len(known) == len(at_high) and len(at_high) == len(scenario.steps)
    total_low = sum((a.amount_eur for a in at_low if a.amount_eur is not None), ZERO)
    total_high = sum(known, ZERO)
    cost = scenario.cost
    notes = [] if complete else ["Aides incomplètes (montant à renseigner ou coût inconnu) : les restes à charge "
                                 "sont des maximums."]
    money = ScenarioMoney(
        aids=at_high, aids_low=total_low, aids_high=total_high, aids_complete=complete,
        left_to_pay_low=money_left(cost.low_ttc, at_low) if cost.low_ttc is not None else None,
        left_to_pay_high=money_left(cost.high_ttc, at_high) if cost.high_ttc is not None else None,
        payback_low=payback_years(cost.low_ttc, scenario.saving.eur, total_low),
        payback_high=payback_years(cost.high_ttc, scenario.saving.eur, total_high), notes=notes)
    if budget is None or budget.income <= 0 or not budget.consumption_units:
        return money
    saving = scenario.saving.eur
    rest = budget.income - budget.housing_costs - budget.energy_spending
    after = None if saving is None else max(budget.energy_spending - saving, ZERO)
    return ScenarioMoney(
        **{**money.__dict__,
           "tee_before": effort_rate(budget.energy_spending, budget.income),
           "tee_after": None if after is None else effort_rate(after, budget.income),
           "rest_per_uc_before": rest / budget.consumption_units,
           "rest_per_uc_after": None if after is None else (rest + budget.energy_spending - after)
           / budget.consumption_units})
