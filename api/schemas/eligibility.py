"""Eligibility of a household: Anah income category, chèque énergie, the Jura FSL (read models only)."""

from datetime import date

from pydantic import Field

from api.schemas.common import Euros, Quantity, ReadModel


class VerdictRead(ReadModel):
    value: str | None = Field(description="The answer's code, or null when « non calculable ».")
    explanation: str = Field(description="In French; quotes income and ceilings only for readers with income access.")
    missing: list[str] = Field(description="What is « à renseigner » when the answer is « non calculable ».")
    sources: list[str]


class AnahCategoryRead(VerdictRead):
    value: str | None = Field(description="very_modest, modest, intermediate, higher, or null (non calculable).")
    label: str | None = Field(description="très modestes, modestes, intermédiaires, supérieurs.")


class ChequeEnergieRead(VerdictRead):
    eligible: bool | None
    amount_eur: Euros | None = Field(description="Expected yearly amount; null when not computable or hidden.")
    units: Quantity | None = Field(description="The chèque énergie's own consumption units (1, +0.5, +0.3 each).")
    declared_received: bool | None = Field(
        description="Whether the social diagnostic lists a chèque énergie among the aids; null without it.")


class EligibilityRead(ReadModel):
    household_id: int
    reference_date: date = Field(description="The barèmes in force on this date are used.")
    persons: int | None = Field(description="Persons counted: the tax households' figure when given, else the members.")
    zone: str = Field(description="outside_idf or idf (Anah ceilings).")
    tax_income_year: int | None
    income_hidden: bool = Field(description="True for readers without income access: category and yes/no only.")
    anah_category: AnahCategoryRead
    cheque_energie: ChequeEnergieRead
    fsl: VerdictRead
    notes: list[str]
