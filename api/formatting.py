"""French formatting of numbers, amounts and dates, in one place: the interface, the explanations of the
energy analysis and the PDFs all read "1 234,56 €", "9,7 %" and "29/11/2026".

Every figure is rounded once, here, from its exact value: a ratio of 0.097474 shows "9,7 %" in the
headline and in the sentence that explains it.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"


def amount(value: Decimal | None, unit: str = "€", decimals: int = 2) -> str:
    """1234.5 -> "1 234,50 €": French grouping, with a narrow no-break space (U+202F) between thousands
    groups and before the unit, so a line never breaks inside an amount nor leaves "€" alone."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    text = f"{abs(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    number = sign + NARROW_NBSP.join(groups) + (f",{fraction}" if fraction else "")
    return f"{number}{NARROW_NBSP}{unit}"




def euros(value: Decimal | None) -> str:
    """An amount in euros, "1 234,50 €" (see amount)."""
    return amount(value)


def french_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def kwh(value: Decimal | None, unit: str = "kWh") -> str:
    """Whole kWh, "11 725 kWh"; the unit may say more ("kWh PCI", "kWh/m²/an")."""
    return amount(value, unit, 0)


def percent(ratio: Decimal | None, decimals: int = 1) -> str:
    """A ratio as a French percentage, "9,7 %", rounded once from the exact ratio."""
    return "—" if ratio is None else amount(ratio * 100, "%", decimals)


def number(value: Decimal | None, decimals: int = 2) -> str:
    """A plain number with a decimal comma and thousands groups, no unit, trailing zeros dropped
    ("1,5", "2 228")."""
    if value is None:
        return "—"
    text = amount(value, "", decimals).rstrip(NARROW_NBSP)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
