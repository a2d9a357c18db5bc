"""A works scenario's money: aids by category, amount left to pay, payback after aids, and the budget after
works, against cases computed by hand (2024 barème: the last one with sourced amounts)."""

from datetime import date
from decimal import Decimal

from api.energy.finance import Budget, scenario_money
from api.energy.reference import default_reference
from api.energy.costs import CostRange
from api.energy.works import Saving, Scenario, ScenarioStep

D = Decimal
REF_2024 = default_reference(date(2024, 6, 1))


def step(work: str, quantity: str, low: str, high: str) -> ScenarioStep:
    return ScenarioStep(work, work, D(quantity), "m²", CostRange(D("0.055"), low_ttc=D(low), high_ttc=D(high)),
                        Saving(None, None, None))


def scenario(*steps: ScenarioStep, saving_eur: str | None = "800") -> Scenario:
    low = sum((s.cost.low_ttc for s in steps), D(0))
    high = sum((s.cost.high_ttc for s in steps), D(0))
    return Scenario("test", "Test", list(steps), CostRange(None, low_ttc=low, high_ttc=high),
                    Saving(D("5000"), None if saving_eur is None else D(saving_eur), D("0.4")), None, None, None, None)


def test_aids_of_a_very_modest_household_and_what_is_left() -> None:
    """Walls outside 120 m² (cost 12 000–20 000 €): 75 €/m² × 100 m² (cap) = 7 500 €.
    Roof 60 m² (cost 2 000–3 000 €): 25 €/m² × 60 = 1 500 €.
    Aids 9 000 €; left to pay 14 000 − 9 000 = 5 000 € to 23 000 − 9 000 = 14 000 €.
    Payback after aids at 800 €/yr: 5 000 / 800 = 6.25 → 6.3 years; 14 000 / 800 = 17.5 years."""
    money = scenario_money(scenario(step("wall_outside", "120", "12000", "20000"), step("roof", "60", "2000", "3000")),
                           "very_modest", REF_2024)
    assert [a.amount_eur for a in money.aids] == [D("7500.00"), D("1500.00")]
    assert money.aids[0].capped and "100" in money.aids[0].explanation
    assert money.aids_low == money.aids_high == D("9000.00")
    assert (money.left_to_pay_low, money.left_to_pay_high) == (D("5000.00"), D("14000.00"))
    assert (money.payback_low, money.payback_high) == (D("6.3"), D("17.5"))
    # The écrêtement (share of the cost) is « à renseigner »: the aids are complete, the caveat is in the line.
    assert money.aids_complete and "écrêtement" in money.aids[0].explanation


def test_an_aid_to_fill_makes_the_amount_left_a_maximum() -> None:
    """Floor aid is « à renseigner »: counted 0, the amount left is an upper bound, said in a note."""
    money = scenario_money(scenario(step("floor", "50", "1400", "2150")), "modest", REF_2024)
    assert money.aids[0].amount_eur is None and not money.aids_complete
    assert money.left_to_pay_high == D("2150.00") and "maximums" in money.notes[0]


def test_windows_are_aided_per_window_and_never_above_the_cost() -> None:
    """3 windows for a modest household: 80 € × 3 = 240 €, whatever their m²; a 100 € job gets at most 100 €."""
    money = scenario_money(scenario(step("window", "6.5", "3000", "4000")), "modest", REF_2024,
                           counts={"window": D(3)})
    assert money.aids[0].amount_eur == D("240.00")
    cheap = scenario_money(scenario(step("window", "1", "100", "100")), "very_modest", REF_2024,
                           counts={"window": D(3)})
    assert cheap.aids[0].amount_eur == D("100.00") and cheap.left_to_pay_low == D("0.00")


def test_the_budget_after_works() -> None:
    """Income 19 800 €, energy 1 930 €, housing 4 800 €, 1.5 UC, saving 800 €/yr.
    TEE 1 930 / 19 800 = 9.747 % → after (1 930 − 800) / 19 800 = 5.707 %.
    Reste à vivre after housing and energy: (19 800 − 4 800 − 1 930) / 1.5 = 8 713.33 €/UC → +800 / 1.5
    = 9 246.67 €/UC."""
    budget = Budget(income=D("19800"), energy_spending=D("1930"), housing_costs=D("4800"), consumption_units=D("1.5"))
    money = scenario_money(scenario(step("roof", "60", "2000", "3000")), "very_modest", REF_2024, budget=budget)
    assert round(money.tee_before, 5) == D("0.09747") and round(money.tee_after, 5) == D("0.05707")
    assert round(money.rest_per_uc_before, 2) == D("8713.33") and round(money.rest_per_uc_after, 2) == D("9246.67")


def test_no_category_no_aid_and_no_budget_no_tee() -> None:
    money = scenario_money(scenario(step("roof", "60", "2000", "3000")), None, REF_2024)
    assert money.aids[0].amount_eur is None and "catégorie Anah non calculable" in money.aids[0].explanation
    assert money.tee_before is None and money.rest_per_uc_after is None
    unknown_saving = scenario_money(scenario(step("roof", "60", "2000", "3000"), saving_eur=None), "modest", REF_2024)
    assert unknown_saving.payback_low is None
