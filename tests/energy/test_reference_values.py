"""The reference values the review found wrong or unsourced, as seeded now: each with its value, its date
and a source that says where it comes from (diagnostic-review.md, "Units", "Works" and "Fallback prices")."""

from datetime import date
from decimal import Decimal

import pytest

from api.energy.reference import DEFAULT_REFERENCE_ROWS, default_reference

D = Decimal
NOW = default_reference(date(2026, 11, 29))


@pytest.mark.parametrize(("table", "key", "value", "since", "cited"), [
    # DPE annex 7 prices (arrêté of 31 March 2021): dated 2021, not 2025.
    ("fallback_price", "fuel_oil", "0.09142", date(2021, 7, 1), "annexe 7"),
    ("fallback_price", "wood_logs", "0.03201", date(2021, 7, 1), "annexe 7"),
    ("fallback_price", "wood_pellets", "0.05991", date(2021, 7, 1), "annexe 7"),
    ("fallback_price", "propane", "0.14305", date(2021, 7, 1), "annexe 7"),
    ("fallback_price", "district_heating", "0.0787", date(2021, 7, 1), "annexe 7"),
    ("kwh_per_unit", "wood_logs/stere", "1680", date(2021, 1, 1), "DPE"),
    ("assumption", "controls_saving_share", "0.07", date(2023, 6, 1), "ADEME"),
    ("assumption", "ventilation_m3_per_h_m2", "1.2", date(2021, 7, 1), "3CL"),
    ("assumption", "specific_electricity_kwh", "2228", date(2021, 3, 1), "Elecdom"),
    ("u_floor", "before_1975", "2.0", date(2021, 3, 31), "3CL"),
    ("u_floor", "2013_plus", "0.23", date(2021, 3, 31), "3CL"),
    ("u_roof", "2013_plus", "0.14", date(2021, 3, 31), "3CL"),
    ("ghg_factor", "fuel_oil", "0.324", date(2021, 7, 1), "31 mars 2021"),
    ("ghg_factor", "natural_gas", "0.227", date(2021, 7, 1), "31 mars 2021"),
    ("works_cost_low", "wall_outside", "108", date(2018, 1, 1), "Batiactu"),
])
def test_reviewed_values_are_seeded_with_their_date_and_source(table: str, key: str, value: str, since: date,
                                                               cited: str) -> None:
    row = NOW.row(table, key)
    assert row is not None and row.value == D(value) and row.valid_from == since
    assert cited in row.source


def test_electricity_primary_factor_has_a_row_for_every_date_since_the_2021_dpe() -> None:
    assert default_reference(date(2022, 3, 1)).get("primary_energy_factor", "electricity") == D("2.3")
    assert default_reference(date(2026, 1, 1)).get("primary_energy_factor", "electricity") == D("1.9")


def test_works_costs_say_whether_they_are_ht_or_ttc_and_vat_is_a_dated_row() -> None:
    for row in (r for r in DEFAULT_REFERENCE_ROWS if r.table in ("works_cost_low", "works_cost_high")):
        assert " HT" in row.unit or " TTC" in row.unit, (row.key, row.unit)
    assert NOW.get("vat_rate", "energy_renovation") == D("0.055")


def test_unsourced_values_are_to_fill_or_say_they_are_hypotheses() -> None:
    """Nothing is invented: a value is sourced, marked « hypothèse à confirmer », or empty (« à renseigner »)."""
    for row in DEFAULT_REFERENCE_ROWS:
        if row.value is None:
            continue
        assert len(row.source) >= 10, (row.table, row.key)
    # Gas: no sourced kWh price before the CRE prix repère row of October 2025 (converted from PCS to PCI).
    assert default_reference(date(2025, 6, 1)).maybe("fallback_price", "natural_gas") is None
    assert NOW.get("fallback_price", "natural_gas") == D("0.1147") and "CRE" in NOW.source("fallback_price",
                                                                                        "natural_gas")
