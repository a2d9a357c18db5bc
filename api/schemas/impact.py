"""Measured impact of a visit: bills after it against bills before it (read model only)."""

from datetime import date

from pydantic import Field

from api.energy.units import Energy
from api.schemas.common import Euros, Kwh, Ratio, ReadModel


class WindowRead(ReadModel):
    start: date
    end: date
    bills: int


class EnergyImpactRead(ReadModel):
    energy: Energy
    baseline_kwh: Kwh | None = Field(description="kWh PCI per year before the visit.")
    after_kwh: Kwh | None
    baseline_eur: Euros | None
    after_eur: Euros | None
    change_kwh: Kwh | None = Field(description="After − before; negative is a saving.")
    change_eur: Euros | None
    heating_share: Ratio = Field(description="Share of this energy corrected for the climate.")
    corrected_change_kwh: Kwh | None
    corrected_change_eur: Euros | None = Field(description="Corrected kWh change at the price paid after the visit.")
    compared: bool = Field(description="False when billed on one side only: left out of the totals.")
    notes: list[str]


class EstimatedSavingRead(ReadModel):
    kind: str = Field(description="work (done, per the landlord's or the team's works updates) or eco_gesture.")
    code: str
    label: str
    saving_kwh: Kwh | None
    saving_eur: Euros | None


class MeasuredImpactRead(ReadModel):
    household_id: int
    visit_id: int | None
    visit_date: date | None
    reference_date: date
    baseline: WindowRead | None
    after: WindowRead | None
    bills_straddling_visit: int = Field(description="Bills whose period contains the visit date: in neither window.")
    energies: list[EnergyImpactRead]
    baseline_kwh: Kwh | None
    after_kwh: Kwh | None
    change_kwh: Kwh | None
    change_eur: Euros | None
    corrected_change_kwh: Kwh | None
    corrected_change_eur: Euros | None
    climate_corrected: bool
    climate_note: str
    estimated: list[EstimatedSavingRead]
    estimated_kwh: Kwh
    measured_saving_kwh: Kwh | None = Field(description="Corrected saving when available, else the raw one.")
    share_of_estimate: Ratio | None
    explanation: str
