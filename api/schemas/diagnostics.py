"""Bills, social and technical diagnostics, analysis, works and reference data."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field

from api.energy.units import Energy, Unit
from api.models import AltitudeClass, ConstructionPeriod, DwellingType
from api.schemas.common import (
    Celsius,
    Euros,
    Kwh,
    Metres,
    Percent,
    PersonRef,
    Quantity,
    ReadModel,
    ReferenceNumber,
    SquareMetres,
    WriteModel,
    scaled,
)

# Declared Any: scaled() builds the Annotated alias at run time, and only a declared-Any name is a type to mypy.
Kva: Any = scaled(1, "Subscribed power in kVA, 1 decimal, as a string: \"6.0\".", "6.0")
UValue: Any = scaled(3, "A thermal transmittance U in W/(m²·K), 3 decimals, as a string: \"2.500\".", "2.500")
Coefficient: Any = scaled(2, "A coefficient without unit (efficiency, b), 2 decimals, as a string: \"0.80\".", "0.80")
Money = Annotated[Euros, Field(ge=0, le=10_000_000, decimal_places=2, examples=["1234.56"])]
# The same bounds, read back with the euros' scale ("120.00"), for the documents the API also answers with.
EurosAmount = Annotated[Euros, Field(ge=0, le=10_000_000, decimal_places=2, examples=["1234.56"])]
Note = Annotated[str, Field(max_length=2000)]


# --- bills ------------------------------------------------------------------------------------

class WoodSpecies(StrEnum):
    oak = "oak"
    beech = "beech"
    softwood = "softwood"
    mixed = "mixed"


class WoodMoisture(StrEnum):
    dry = "dry"
    semi_dry = "semi_dry"
    green = "green"


class BillEntryWrite(WriteModel):
    energy: Energy
    supplier: Annotated[str, Field(max_length=120)] | None = None
    contract_option: Annotated[str, Field(max_length=60)] | None = Field(default=None, examples=["Base", "HP/HC"])
    subscribed_kva: Annotated[Kva, Field(ge=1, le=36, decimal_places=1)] | None = None
    period_start: date | None = None
    period_end: date | None = None
    delivery_date: date | None = None
    quantity: Annotated[Quantity, Field(ge=0, le=10_000_000, decimal_places=3)]
    unit: Unit
    gas_coefficient: Annotated[Quantity, Field(gt=5, lt=30, decimal_places=3)] | None = Field(
        default=None, description="kWh PCS per m³, printed on natural gas and network propane bills.")
    amount_eur: Money
    estimated: bool = False
    unpaid_eur: Money = Decimal("0")
    wood_species: WoodSpecies | None = Field(default=None, description="Wood logs only: the species delivered.")
    wood_moisture: WoodMoisture | None = Field(default=None, description="Wood logs only: dry (< 20 %), "
                                               "semi_dry (20–30 %) or green (> 30 %).")
    log_length_cm: Literal[100, 50, 33, 25] | None = Field(default=None, description="Wood logs only: log length.")
    kwh_per_unit: Annotated[Quantity, Field(ge=500, le=3000, decimal_places=1)] | None = Field(
        default=None, description="Wood logs only: kWh PCI per stère given by the supplier (overrides the tables).")


class BillEntryUpdate(BillEntryWrite):
    version: int = Field(ge=1)


class BillEntryRead(ReadModel):
    id: int
    version: int
    energy: Energy
    supplier: str | None
    contract_option: str | None
    subscribed_kva: Kva | None
    period_start: date | None
    period_end: date | None
    delivery_date: date | None
    quantity: Quantity
    unit: Unit
    gas_coefficient: Quantity | None
    amount_eur: Euros
    estimated: bool
    unpaid_eur: Euros
    wood_species: WoodSpecies | None = None
    wood_moisture: WoodMoisture | None = None
    log_length_cm: int | None = None
    kwh_per_unit: Quantity | None = None
    kwh: Kwh | None = Field(description="The quantity in kWh PCI (none for water).")
    kwh_unit: str = Field(default="kWh PCI", description="The unit of `kwh`: always kWh PCI (net calorific value).")
    kwh_pcs: Kwh | None = Field(default=None, description="The bill's own kWh PCS (gross calorific value) for "
                                    "natural gas and network propane.")
    conversion_notes: list[str] = Field(default_factory=list)


# --- social diagnostic -------------------------------------------------------------------------

class IncomeSource(StrEnum):
    salary = "salary"
    unemployment = "unemployment"
    rsa = "rsa"
    pension = "pension"
    disability = "disability"
    family_benefits = "family_benefits"
    housing_benefit = "housing_benefit"
    other = "other"


class ChargeKind(StrEnum):
    rent = "rent"
    housing_loan = "housing_loan"
    housing_charges = "housing_charges"
    other_loan = "other_loan"
    insurance = "insurance"
    childcare = "childcare"
    transport = "transport"
    other = "other"


HOUSING_CHARGES = {ChargeKind.rent, ChargeKind.housing_loan, ChargeKind.housing_charges}


class AidKind(StrEnum):
    cheque_energie = "cheque_energie"
    fsl_energy = "fsl_energy"
    fsl_water = "fsl_water"
    other = "other"


class Income(WriteModel):
    source: IncomeSource
    monthly_eur: Money


class Charge(WriteModel):
    kind: ChargeKind
    monthly_eur: Money


class Aid(WriteModel):
    kind: AidKind
    yearly_eur: Money
    received_on: date | None = None


class Debt(WriteModel):
    creditor: Annotated[str, Field(min_length=1, max_length=120)]
    kind: Literal["energy", "water", "rent", "other"]
    amount_eur: EurosAmount


class SocialDiagnosticData(WriteModel):
    incomes: list[Income] = Field(default_factory=list, max_length=30)
    charges: list[Charge] = Field(default_factory=list, max_length=30)
    aids: list[Aid] = Field(default_factory=list, max_length=20)
    debts: list[Debt] = Field(default_factory=list, max_length=30)
    felt_cold: bool | None = Field(default=None, description="Felt cold last winter for reasons of cost or dwelling.")
    tax_reference_income_eur: Money | None = Field(
        default=None, description="Revenu fiscal de référence: the sum of the tax notices (avis d'imposition) of "
        "everyone living in the home; used for the Anah category and the chèque énergie.")
    tax_income_year: Annotated[int, Field(ge=2000, le=2100)] | None = Field(
        default=None, description="Year of the income on that notice (the 2025 notice gives the 2024 income).")
    tax_household_persons: Annotated[int, Field(ge=1, le=20)] | None = Field(
        default=None, description="Persons counted for the eligibility tests, when they differ from the household "
        "members (several tax households, someone absent from the members list); defaults to the members.")
    notes: Note = ""


class SocialDiagnosticWrite(SocialDiagnosticData):
    version: int | None = Field(default=None, ge=1, description="Required to change an existing diagnostic.")


class SocialDiagnosticRead(SocialDiagnosticData):
    version: int
    yearly_income_eur: Euros = Field(description="Disposable income before aids: monthly resources × 12, the "
                                     "housing benefit included; chèque énergie and FSL not included.")
    housing_costs_eur: Euros = Field(description="Gross yearly rent, loan and charges: the housing benefit is "
                                     "counted once, in income.")
    updated_by: PersonRef | None
    updated_at: datetime


# --- technical diagnostic ----------------------------------------------------------------------

class InsulationState(StrEnum):
    none = "none"
    partial = "partial"
    good = "good"
    unknown = "unknown"


class GlazingType(StrEnum):
    """What the advisor sees on a window (asked, never guessed from the construction period)."""

    single = "single"
    double_old = "double_old"  # double glazing before about 2000, thin air gap
    double_recent = "double_recent"  # low-emissivity double glazing, argon
    triple = "triple"


class HeatingEmitters(StrEnum):
    """How the heat reaches the rooms: it decides which heat pump can replace a system."""

    water = "water"  # radiators or underfloor heating on a water circuit
    direct = "direct"  # electric convectors, radiant panels
    stove = "stove"  # a stove or insert heating the room it stands in
    unknown = "unknown"


class EnvelopeKind(StrEnum):
    roof = "roof"
    wall = "wall"
    floor = "floor"
    window = "window"


class SystemUse(StrEnum):
    """What a heating system serves."""

    heating = "heating"
    hot_water = "hot_water"
    both = "both"


class DpeClass(StrEnum):
    """The energy class of an existing DPE, A (best) to G."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"


class EnvelopeElement(WriteModel):
    kind: EnvelopeKind
    description: Annotated[str, Field(max_length=200)] = ""
    area_m2: Annotated[SquareMetres, Field(gt=0, le=5000, decimal_places=1)]
    insulation: InsulationState = Field(default=InsulationState.unknown, description=(
        "Drives the default U-value of walls, roofs and floors: none → uninsulated U0; good → the construction "
        "period's value (1975–1977 for older buildings); partial → half-way; unknown → the period's value."))
    glazing: GlazingType | None = Field(default=None, description=(
        "Windows only: the glazing type seen at the visit; required for a window without a U-value."))
    u_value: Annotated[UValue, Field(gt=0, le=10, decimal_places=3)] | None = Field(
        default=None, description="Defaulted when omitted (insulation state and construction period; windows: glazing).")
    b: Annotated[Coefficient, Field(gt=0, le=1, decimal_places=2)] = Decimal("1")


class HeatingSystem(WriteModel):
    use: SystemUse
    energy: Energy
    system_type: Annotated[str, Field(max_length=80)] = Field(examples=["chaudière fioul standard", "convecteurs"])
    age_years: Annotated[int, Field(ge=0, le=100)] | None = None
    efficiency: Annotated[Coefficient, Field(gt=0, le=5, decimal_places=2)] = Field(
        description="Seasonal efficiency (heat pump: its SCOP).")
    controls: Annotated[str, Field(max_length=120)] = ""
    main: bool = Field(default=True, description=(
        "The main heating system (one is needed for the works estimate); false for a secondary one, e.g. a wood "
        "stove beside the boiler."))
    emitters: HeatingEmitters = HeatingEmitters.unknown
    yearly_kwh: Annotated[Kwh, Field(ge=0, le=1_000_000, decimal_places=0)] | None = Field(
        default=None, description=("Yearly consumption of this system in kWh PCI when no bill gives it (self-harvested "
                                   "wood: stères × 1 680). Taken as heating only; bills are used otherwise."))


class Measurement(WriteModel):
    room: Annotated[str, Field(min_length=1, max_length=60)]
    temperature_c: Annotated[Celsius, Field(ge=-20, le=50, decimal_places=1)] | None = None
    relative_humidity_pct: Annotated[Percent, Field(ge=0, le=100, decimal_places=1)] | None = None
    measured_at: AwareDatetime | None = None


class DecencyItem(StrEnum):
    main_room_9m2 = "main_room_9m2"
    clos_couvert = "clos_couvert"
    safe_electricity_gas = "safe_electricity_gas"
    heating_installation = "heating_installation"
    kitchen_sink = "kitchen_sink"
    hot_cold_water = "hot_cold_water"
    indoor_sanitary = "indoor_sanitary"
    no_pests = "no_pests"
    airtight = "airtight"
    ventilation_ok = "ventilation_ok"
    energy_performance = "energy_performance"


class InstalledEquipment(WriteModel):
    code: Annotated[str, Field(min_length=1, max_length=40)]
    quantity: Annotated[int, Field(ge=1, le=100)]


class ExistingDpe(WriteModel):
    number: Annotated[str, Field(max_length=20)] | None = None
    energy_class: DpeClass
    established_on: date | None = None


class TechnicalDiagnosticData(WriteModel):
    dwelling_type: DwellingType
    construction_period: ConstructionPeriod = ConstructionPeriod.unknown
    surface_m2: Annotated[SquareMetres, Field(ge=5, le=2000, decimal_places=1)]
    levels: Annotated[int, Field(ge=1, le=10)] = 1
    ceiling_height_m: Annotated[Metres, Field(ge=Decimal("1.8"), le=6, decimal_places=2)] = Decimal("2.5")
    altitude_class: AltitudeClass
    envelope: list[EnvelopeElement] = Field(default_factory=list, max_length=40)
    systems: list[HeatingSystem] = Field(default_factory=list, max_length=10)
    ventilation: Annotated[str, Field(max_length=200)] = ""
    humidity_mould: bool = False
    condensation: bool = False
    humidity_notes: Note = ""
    measurements: list[Measurement] = Field(default_factory=list, max_length=40)
    appliances: Note = ""
    cooking_energy: Energy | None = Field(default=None, description=(
        "The energy used for cooking, taken out of that energy's bill before calibrating the heating."))
    decency: dict[DecencyItem, Literal["ok", "not_ok", "unknown"]] = Field(default_factory=dict)
    dpe: ExistingDpe | None = None
    equipment_installed: list[InstalledEquipment] = Field(default_factory=list, max_length=40)
    notes: Note = ""


class TechnicalDiagnosticWrite(TechnicalDiagnosticData):
    version: int | None = Field(default=None, ge=1, description="Required to change an existing diagnostic.")


class TechnicalDiagnosticRead(TechnicalDiagnosticData):
    visit_id: int
    version: int
    defaulted_u_values: list[int] = Field(description="Indexes of envelope elements whose U-value was defaulted.")
    equipment_cost_eur: Euros
    # Read back with their unit's scale (the answers' own constraints are checked on the way in).
    surface_m2: SquareMetres
    ceiling_height_m: Metres
    updated_by: PersonRef | None
    updated_at: datetime


class PlannedWork(WriteModel):
    priority: Annotated[int, Field(ge=1, le=50)]
    work: Annotated[str, Field(min_length=1, max_length=40)]
    description: Annotated[str, Field(min_length=1, max_length=500)]
    saving_kwh: Annotated[Kwh, Field(ge=0, le=1_000_000)] | None = None
    saving_eur: EurosAmount | None = None
    comfort_effect: Annotated[str, Field(max_length=300)] = ""
    cost_low: EurosAmount | None = None
    cost_high: EurosAmount | None = None
    possible_aids: Annotated[str, Field(max_length=300)] = ""


class WorksPlanWrite(WriteModel):
    version: int | None = Field(default=None, ge=1)
    items: list[PlannedWork] = Field(max_length=30)


class WorksPlanRead(ReadModel):
    household_id: int
    version: int
    items: list[PlannedWork]
    updated_at: datetime


# --- reference data ------------------------------------------------------------------------------

class ReferenceValueCreate(WriteModel):
    table_name: Annotated[str, Field(min_length=1, max_length=64)]
    key: Annotated[str, Field(min_length=1, max_length=64)]
    value: Annotated[Decimal, Field(ge=0, le=10_000_000)] | None = Field(
        description="Leave empty (null) for « à renseigner »: known but not yet sourced; nothing is computed from it.")
    unit: Annotated[str, Field(min_length=1, max_length=80)]
    valid_from: date
    source: Annotated[str, Field(min_length=3, max_length=500)]


class ReferenceValueRead(ReadModel):
    id: int
    table_name: str
    key: str
    value: ReferenceNumber | None = Field(description="Null while « à renseigner »; else 6 decimals, as stored.")
    unit: str
    valid_from: date
    source: str
    in_force: bool


class ReferenceTableRead(ReadModel):
    name: str
    keys: int = Field(description="How many keys the table holds.")
    to_fill: int = Field(description="How many of its values in force are « à renseigner » (null).")


class EquipmentItemWrite(WriteModel):
    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    unit_cost_eur: EurosAmount
    yearly_saving_kwh: Annotated[Kwh, Field(ge=0, le=100_000)]
    yearly_saving_water_m3: Annotated[Quantity, Field(ge=0, le=1000)] = Decimal("0")
    source: Annotated[str, Field(max_length=300)] = ""
    active: bool = True


class EquipmentItemRead(EquipmentItemWrite):
    id: int
