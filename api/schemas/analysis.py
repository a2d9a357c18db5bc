"""The energy analysis of a household and the works estimate: read models only, recomputed on demand."""

from datetime import date
from decimal import Decimal

from pydantic import Field

from api.energy.units import Energy
from api.schemas.common import ReadModel


class SourceRead(ReadModel):
    """One reference row a figure used: its value, its date and where it comes from."""

    table: str
    key: str
    value: Decimal | None = Field(description="Null while « à renseigner ».")
    unit: str
    valid_from: date
    source: str


class FigureRead(ReadModel):
    value: Decimal | None = Field(description="The figure at its kind's scale (euros 2 decimals, ratios 4, kWh "
                                  "whole); null when non calculable or reserved.")
    unit: str
    display: str = Field(default="", description="The value formatted once in French from the exact figure "
                         "(\"9,7 %\"), or \"non calculable : … à renseigner\": show this, never re-round `value`.")
    explanation: str
    inputs: dict[str, str]
    calculable: bool = True
    missing: list[str] = Field(default_factory=list, description="What is missing when non calculable.")
    verdict: bool | None = Field(default=None, description="For yes/no indicators (BRDE, decency): the answer.")
    uncertain: bool = Field(default=False, description="Built on extrapolated (< 365 days) or estimated bills.")
    warnings: list[str] = Field(default_factory=list)
    sources: list[SourceRead] = Field(default_factory=list)


class SpanRead(ReadModel):
    start: date
    end: date
    days: int


class EnergyYearRead(ReadModel):
    energy: Energy
    kwh_per_year: Decimal | None = Field(description="kWh PCI (net calorific value) a year; null for water.")
    kwh_unit: str = Field(default="kWh PCI", description="\"kWh PCI\", or \"m³\" for water.")
    kwh_pcs_per_year: Decimal | None = Field(
        default=None, description="The bills' own kWh PCS (gross) for natural gas and network propane.")
    m3_per_year: Decimal | None
    eur_per_year: Decimal
    days_covered: int = Field(description="Calendar days covered (union of the periods).")
    extrapolated: bool
    estimated: bool = False
    method: str
    bills_used: int
    unpaid_eur: Decimal
    overlaps: list[SpanRead] = Field(default_factory=list)
    gaps: list[SpanRead] = Field(default_factory=list)
    notes: list[str]
    sources: list[SourceRead] = Field(default_factory=list)


class Analysis(ReadModel):
    household_id: int
    reference_date: date = Field(description="The date whose reference values were used.")
    reference_year: int = Field(default=0, description="The year of the income and bills: the year the bills "
                                "mostly cover, else the social diagnostic's year. Ages (UC) and the chèque énergie "
                                "are taken in that year.")
    reference_year_rule: str = ""
    energies: list[EnergyYearRead]
    energy_spending: FigureRead
    water_spending: FigureRead
    unpaid_total: FigureRead
    consumption_units: FigureRead
    income_per_uc: FigureRead
    decile: FigureRead
    tee: FigureRead = Field(description="Taux d'effort énergétique before aids (the headline).")
    tee_after_cheque: FigureRead | None = Field(default=None, description="TEE after the chèque énergie received "
                                                "in the reference year, shown apart.")
    tee_above_slime_threshold: bool | None
    tee_above_onpe_threshold: bool | None
    tee_3d: bool | None
    fr_3d: bool | None = Field(default=None, description="Felt cold and income per UC below D3 (ONPE FR_3D).")
    brde_inputs: FigureRead = Field(description="BRDE reste à vivre per UC (the APL counted once), with its verdict "
                                    "(below the income threshold).")
    brde_per_uc: FigureRead | None = None
    brde_per_m2: FigureRead | None = None
    kwh_per_m2: FigureRead
    estimated_class: FigureRead
    decency: FigureRead | None = None
    thresholds: dict[str, Decimal]
    sources: list[SourceRead] = Field(default_factory=list, description="Every reference row the analysis used.")
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
