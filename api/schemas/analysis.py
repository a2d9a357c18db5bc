"""The energy analysis of a household and the works estimate: read models only, recomputed on demand."""

from datetime import date
from decimal import Decimal

from pydantic import Field

from api.energy.units import Energy
from api.schemas.common import ReadModel


class FigureRead(ReadModel):
    value: Decimal | None
    unit: str
    explanation: str
    inputs: dict[str, str]


class EnergyYearRead(ReadModel):
    energy: Energy
    kwh_per_year: Decimal | None
    m3_per_year: Decimal | None
    eur_per_year: Decimal
    days_covered: int
    extrapolated: bool
    method: str
    bills_used: int
    unpaid_eur: Decimal
    notes: list[str]


class Analysis(ReadModel):
    household_id: int
    reference_date: date
    energies: list[EnergyYearRead]
    energy_spending: FigureRead
    water_spending: FigureRead
    unpaid_total: FigureRead
    consumption_units: FigureRead
    income_per_uc: FigureRead
    decile: FigureRead
    tee: FigureRead
    tee_above_slime_threshold: bool | None
    tee_above_onpe_threshold: bool | None
    tee_3d: bool | None
    brde_inputs: FigureRead
    kwh_per_m2: FigureRead
    estimated_class: FigureRead
    thresholds: dict[str, Decimal]
    income_hidden: bool = Field(
        default=False, description="True when the reader may not see income amounts (energy advisors): the TEE, "
        "income per UC and BRDE then come as bands and booleans, with no amount from which income could be derived.")


class WorkEstimateRead(ReadModel):
    work: str
    label: str
    saving_kwh: Decimal
    saving_eur: Decimal
    cost_low: Decimal
    cost_high: Decimal
    cost_per_kwh_saved: Decimal | None
    notes: list[str]


class WorksEstimateRead(ReadModel):
    household_id: int
    visit_id: int
    heat_loss_w_per_k: Decimal
    modelled_final_kwh: Decimal
    billed_heating_kwh: Decimal | None
    calibration: Decimal
    calibrated: bool
    heating_energy: Energy
    price_per_kwh: Decimal
    items: list[WorkEstimateRead]
