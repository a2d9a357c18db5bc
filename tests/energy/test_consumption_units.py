from decimal import Decimal

from api.energy.household import age_in_year, consumption_units


def test_family_of_four_with_two_children_under_14() -> None:
    """Couple born 1980 and 1982, children born 2015 and 2019, in 2026.

    Ages 46, 44, 11, 7: first adult 1 + other adult 0.5 + two children 2 × 0.3 = 2.1 UC.
    """
    assert consumption_units([1980, 1982, 2015, 2019], 2026) == Decimal("2.1")


def test_single_person_is_one_unit() -> None:
    """One adult alone: 1 UC."""
    assert consumption_units([1950], 2026) == Decimal("1")


def test_teenager_of_14_counts_as_adult() -> None:
    """Parent born 1985 and a child born 2012, in 2026: the child turns 14, so 1 + 0.5 = 1.5 UC."""
    assert consumption_units([1985, 2012], 2026) == Decimal("1.5")


def test_child_of_13_counts_as_child() -> None:
    """Parent born 1985 and a child born 2013, in 2026: the child is 13, so 1 + 0.3 = 1.3 UC."""
    assert consumption_units([1985, 2013], 2026) == Decimal("1.3")


def test_single_parent_with_two_young_children() -> None:
    """The INSEE example: a single parent with two children under 14 is 1 + 0.3 + 0.3 = 1.6 UC."""
    assert consumption_units([1990, 2016, 2020], 2026) == Decimal("1.6")


def test_order_of_members_does_not_matter() -> None:
    """The eldest counts as the first adult whatever the entry order: 1 + 0.5 + 0.3 = 1.8 UC."""
    assert consumption_units([2020, 1970, 1999], 2026) == Decimal("1.8")


def test_no_member_means_no_unit() -> None:
    assert consumption_units([], 2026) == Decimal("0")


def test_age_never_negative() -> None:
    assert age_in_year(2030, 2026) == 0
