"""The annual activity report and the pseudonymised case-level extract."""

from datetime import datetime
from typing import Any

from pydantic import Field

from api.schemas.common import Days, Euros, Kwh, Percent, PerThousand, Ratio, ReadModel, scaled

# Declared Any: scaled() builds the Annotated alias at run time, and only a declared-Any name is a type to mypy.
Visits: Any = scaled(1, "A number of visits, 1 decimal (an objective: households × rate), as a string: \"142.3\".", "142.3")


class UnitProgress(ReadModel):
    unit_id: int | None = Field(description="Null on the total row.")
    unit: str
    households_count: int
    objective_visits: Visits = Field(description="households × objective per 1,000 ÷ 1,000 (1 decimal)")
    visits_done: int | None = Field(description="Null when suppressed (1 to 4, or to protect another hidden count).")
    share_of_objective_pct: Percent | None
    visits_by_month: list[int | None] = Field(description="Visits done in January … December; null when suppressed.")


class CountRow(ReadModel):
    key: str
    label: str
    count: int | None = Field(description="Null when suppressed: fewer than 5, or hidden so that another hidden "
                                          "count cannot be recomputed from the total.")


class LeadTime(ReadModel):
    key: str
    label: str
    cases: int
    median_days: Days | None
    p90_days: Days | None


class OrientationOutcome(ReadModel):
    kind: str
    label: str
    # Null when suppressed: fewer than 5, or hidden so that another hidden count cannot be recomputed.
    proposed: int | None
    in_progress: int | None
    obtained: int | None
    refused: int | None
    abandoned: int | None
    total: int | None
    amount_obtained_eur: Euros | None = Field(description="Null when the count of aids obtained is suppressed.")


class EquipmentRow(ReadModel):
    code: str
    name: str
    quantity: int
    cost_eur: Euros


class WorksRow(ReadModel):
    status: str
    label: str
    count: int | None
    actual_cost_eur: Euros | None = Field(description="Null when the count is suppressed.")


class CostSummary(ReadModel):
    budget_eur: Euros | None
    households_visited: int
    cost_per_household_eur: Euros | None
    equipment_cost_eur: Euros


class CrossTab(ReadModel):
    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]] = Field(description="Counts; null when suppressed (1 to 4 households).")


class MeasuredImpactRow(ReadModel):
    group: str = Field(description="A single work type done (its code), several_works, eco_gestures_only or no_action.")
    label: str
    households: int | None = Field(description="Households measured; null when suppressed (1 to 4, or complementary).")
    measured_saving_kwh: Kwh | None = Field(description="Sum of measured yearly savings (climate-corrected where "
                                                "the degree-days are filled); null with a suppressed count.")
    estimated_saving_kwh: Kwh | None = Field(description="Sum of the estimated yearly savings of the works done "
                                                 "and eco-gestures; null with a suppressed count.")
    share_of_estimate: Ratio | None = Field(description="Measured ÷ estimated.")


class MeasuredImpactSection(ReadModel):
    """Households first visited the year before the report, measured on the bills entered since their visit."""

    cohort_year: int
    households_followed: int | None = Field(description="Households first visited in the cohort year.")
    households_measured: int | None = Field(description="With bills before and after the visit: the rows add up to it.")
    climate_corrected: int | None = Field(description="Of those measured, how many were corrected for the climate "
                                          "(null when 1 to 4).")
    rows: list[MeasuredImpactRow]
    note: str


class AnnualReport(ReadModel):
    year: int
    unit_id: int | None
    generated_at: datetime
    objective_per_thousand: PerThousand
    units: list[UnitProgress]
    total: UnitProgress
    visits_outside_campaign_units: int | None = Field(
        description="Visits done in the year for households of units the campaign does not cover (not in the "
                    "objective, but in the profiles, orientations and cost).")
    referrals_by_referrer_kind: list[CountRow]
    referrals_by_reason: list[CountRow]
    lead_times: list[LeadTime]
    tenure: list[CountRow]
    heating_energy: list[CountRow]
    income_band: list[CountRow]
    tee_band: list[CountRow]
    tenure_by_heating: CrossTab
    orientations: list[OrientationOutcome]
    equipment: list[EquipmentRow]
    landlord_works: list[WorksRow]
    cost: CostSummary
    measured_impact: MeasuredImpactSection | None = Field(
        default=None, description="Measured against estimated savings, per work type and for eco-gesture visits.")


class CaseRow(ReadModel):
    """One visited household, without name, contact or street address; `*` marks a blanked value."""

    case: str = Field(description="Stable pseudonym (keyed hash of the household id).")
    commune: str
    unit: str
    tenure: str
    heating_energy: str
    income_band: str
    tee_band: str
    orientations: int
    orientations_obtained: int
    suppressed: list[str]


class CaseExtract(ReadModel):
    year: int
    k: int = Field(description="Every combination of the quasi-identifiers is shared by at least k cases.")
    quasi_identifiers: list[str]
    items: list[CaseRow]
