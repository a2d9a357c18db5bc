"""The energy analysis of a household and the works estimate: read models only, recomputed on demand."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field

from api.energy.units import Energy
from pydantic import WithJsonSchema

from api.schemas.common import Euros, Kwh, Quantity, Ratio, ReadModel, ReferenceNumber, scaled


class SourceRead(ReadModel):
    """One reference row a figure used: its value, its date and where it comes from."""

    table: str
    key: str
    value: ReferenceNumber | None = Field(description="Null while « à renseigner ».")
    unit: str
    valid_from: date
    source: str


# A figure's value keeps its kind's scale, set once where the figure is computed (euros 2 decimals, ratios 4,
# kWh and kWh/m² whole, consumption units 1): the kind is in `unit`, and `display` is the French text.
FigureValue = Annotated[Decimal, WithJsonSchema({
    "type": "string", "format": "decimal", "x-scale": "by unit",
    "description": "The figure at its kind's scale, as a string: euros 2 decimals (\"1930.00\"), ratios 4 "
                   "(\"0.0975\"), kWh and kWh/m² whole (\"130\"), consumption units 1 (\"1.5\").",
    "examples": ["0.0975"]}, mode="serialization")]


class FigureRead(ReadModel):
    value: FigureValue | None = Field(description="The figure at its kind's scale (euros 2 decimals, ratios 4, kWh "
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
    kwh_per_year: Kwh | None = Field(description="kWh PCI (net calorific value) a year; null for water.")
    kwh_unit: str = Field(default="kWh PCI", description="\"kWh PCI\", or \"m³\" for water.")
    kwh_pcs_per_year: Kwh | None = Field(
        default=None, description="The bills' own kWh PCS (gross) for natural gas and network propane.")
    m3_per_year: Quantity | None
    eur_per_year: Euros
    days_covered: int = Field(description="Calendar days covered (union of the periods).")
    extrapolated: bool
    estimated: bool = False
    method: str
    bills_used: int
    unpaid_eur: Euros
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
    thresholds: dict[str, Ratio]
    sources: list[SourceRead] = Field(default_factory=list, description="Every reference row the analysis used.")
    income_hidden: bool = Field(
        default=False, description="True when the reader may not see income amounts (energy advisors): the TEE, "
        "income per UC and BRDE then come as bands and booleans, with no amount from which income could be derived.")


# --- works estimate ---------------------------------------------------------------------------

# Declared Any: scaled() builds the Annotated alias at run time, and only a declared-Any name is a type to mypy.
Years: Any = scaled(1, "Years, 1 decimal, as a string: \"3.6\".", "3.6")
EurosPerKwh: Any = scaled(4, "€ per kWh, 4 decimals, as a string: \"0.0123\".", "0.0123")


class CostRangeRead(ReadModel):
    """A cost range, shown both without VAT (HT) and with it (TTC); null while a cost is « à renseigner »."""

    vat_rate: Ratio | None = Field(description="VAT rate applied (5.5 % energy renovation; 10 % otherwise); "
                                   "null for a scenario mixing rates.")
    low_ht: Euros | None
    high_ht: Euros | None
    low_ttc: Euros | None
    high_ttc: Euros | None


class SavingRead(ReadModel):
    kwh: Kwh | None = Field(description="Final kWh a year over all heating energies; null when the model is not "
                            "calibrated on a heating bill (then only the share is given).")
    eur: Euros | None = Field(description="Euros a year at the kWh price without the subscription; a change of "
                              "energy is the old cost minus the new one. Null when not calibrated or a price is "
                              "« à renseigner ».")
    share: Ratio | None = Field(description="Share of the heating consumption (final energy).")


class WorkEstimateRead(ReadModel):
    """One work estimated alone against the dwelling as it is: lines are not cumulative."""

    work: str = Field(description="Work code (roof, wall_inside, wall_outside, floor, window, heat_pump_air_water, "
                      "heat_pump_air_air, pellet_boiler, condensing_boiler, controls, ventilation): the key of aids.")
    label: str
    quantity: Quantity = Field(description="m² of the elements treated, or 1 installation.")
    quantity_unit: str
    saving: SavingRead
    saving_kwh: Kwh | None = Field(description="Same as saving.kwh.")
    saving_eur: Euros | None = Field(description="Same as saving.eur.")
    cost: CostRangeRead
    cost_low: Euros | None = Field(description="Same as cost.low_ttc.")
    cost_high: Euros | None = Field(description="Same as cost.high_ttc.")
    lifetime_years: Quantity | None
    payback_years_low: Years | None = Field(description="Low TTC cost ÷ € saved a year, before aids.")
    payback_years_high: Years | None = Field(description="High TTC cost ÷ € saved a year, before aids.")
    lifetime_cost_per_kwh_low: EurosPerKwh | None = Field(
        description="Low TTC cost ÷ (kWh saved a year × lifetime): the cost of a kWh saved over the work's life.")
    lifetime_cost_per_kwh_high: EurosPerKwh | None
    energy_after: Energy | None = Field(description="A heating replacement: the energy it uses.")
    efficiency_after: Quantity | None
    alternative_to: str | None = Field(description="The work this one is an alternative to (walls inside/outside).")
    sources: list[str]
    notes: list[str]


class ScenarioStepRead(ReadModel):
    """One work of a scenario; its saving is on the dwelling as the previous steps left it (steps add up)."""

    work: str
    label: str
    quantity: Quantity
    quantity_unit: str
    cost: CostRangeRead
    saving: SavingRead


class AidLineRead(ReadModel):
    work: str
    scheme: str
    amount_eur: Euros | None = Field(description="Null while the amount is « à renseigner » or the category unknown.")
    capped: bool
    explanation: str
    source: str


class ScenarioMoneyRead(ReadModel):
    """What the scenario leaves the household to pay, after the aids of its Anah category, and (social team
    only) its effect on the taux d'effort énergétique and the reste à vivre."""

    category: str | None = Field(description="Anah income category (very_modest, modest, intermediate, higher).")
    category_label: str | None
    category_explanation: str
    aids: list[AidLineRead] = Field(description="MaPrimeRénov' par geste per step, at the high cost.")
    aids_low_eur: Euros = Field(description="Aids that could be computed, at the low cost.")
    aids_high_eur: Euros
    aids_complete: bool = Field(description="False when an aid is « à renseigner »: amounts left are maximums.")
    left_to_pay_low_eur: Euros | None
    left_to_pay_high_eur: Euros | None
    payback_after_aids_years_low: Years | None
    payback_after_aids_years_high: Years | None
    tee_before: Ratio | None = Field(description="Social team only: energy spend ÷ income today.")
    tee_after: Ratio | None = Field(description="Social team only: (energy spend − € saved) ÷ income.")
    tee_before_display: str
    tee_after_display: str
    reste_a_vivre_uc_before_eur: Euros | None = Field(
        description="Social team only: (income − housing costs − energy) ÷ UC, a year.")
    reste_a_vivre_uc_after_eur: Euros | None
    income_hidden: bool
    notes: list[str]


class WorksScenarioRead(ReadModel):
    code: str
    label: str
    steps: list[ScenarioStepRead]
    cost: CostRangeRead
    saving: SavingRead
    heating_kwh_after: Kwh | None
    heating_eur_after: Euros | None
    payback_years_low: Years | None = Field(description="Total low TTC cost ÷ € saved a year, before aids.")
    payback_years_high: Years | None
    money: ScenarioMoneyRead | None = Field(default=None, description="Aids, amount left to pay, and the "
                                            "effect on the household's budget.")
    notes: list[str]


class OtherUseRead(ReadModel):
    energy: Energy
    use: str = Field(description="hot_water, cooking or specific_electricity")
    label: str
    kwh: Kwh


class HeatSourceRead(ReadModel):
    energy: Energy
    main: bool
    efficiency: Quantity
    billed_kwh: Kwh | None = Field(description="Yearly kWh of this energy (bills, or entered on the system).")
    heating_kwh: Kwh | None = Field(description="What is left for heating once the other uses are taken out.")
    heat_share: Ratio | None = Field(description="Share of the heat delivered to the dwelling.")
    price_per_kwh: EurosPerKwh | None = Field(description="Without the subscription; null: « à renseigner ».")
    price_source: str


class WorksEstimateRead(ReadModel):
    household_id: int
    visit_id: int
    reference_date: date
    heat_loss_w_per_k: Euros = Field(description="W/K, 2 decimals.")
    modelled_need_kwh: Kwh = Field(description="Heat need of the model, H × DH / 1000.")
    modelled_final_kwh: Kwh = Field(description="The need ÷ the main efficiency, before calibration.")
    billed_heating_kwh: Kwh | None = Field(description="The main energy's yearly kWh left for heating.")
    heating_kwh: Kwh | None = Field(description="Final kWh a year for heating, all systems (null: not calibrated).")
    heating_eur: Euros | None
    calibration: Ratio = Field(description="Heat delivered ÷ modelled need (1 when not calibrated).")
    calibrated: bool
    shares_only: bool = Field(description="True when savings come as shares only (no usable heating bill).")
    underheating: bool = Field(description="Calibration far below 1: « sous-chauffe probable ».")
    heating_energy: Energy
    price_per_kwh: EurosPerKwh | None = Field(description="The main energy's kWh price, without the subscription.")
    persons: int
    heat_sources: list[HeatSourceRead]
    other_uses: list[OtherUseRead]
    non_cumulative_note: str
    notes: list[str]
    items: list[WorkEstimateRead] = Field(description="Each work alone, shortest payback first; not cumulative.")
    scenarios: list[WorksScenarioRead] = Field(description="Works applied in sequence, with their own totals.")
    sources: dict[str, str] = Field(description="Reference values used: « table/clé » → source.")
