"""Dated reference values with their source. Defaults here seed the editable tables."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ConsumptionUnitScale:
    """The OECD-modified equivalence scale that INSEE uses (domain-research 2.2)."""

    first_adult: Decimal
    other_adult: Decimal
    child: Decimal
    adult_from_age: int
    valid_from: date
    source: str


INSEE_OECD_SCALE = ConsumptionUnitScale(
    first_adult=Decimal("1"),
    other_adult=Decimal("0.5"),
    child=Decimal("0.3"),
    adult_from_age=14,
    valid_from=date(1997, 1, 1),
    source="INSEE, définition « Unité de consommation » (https://www.insee.fr/fr/metadonnees/definition/c1802)",
)
