"""Order statistics and small-cell suppression, with no database: easy to check by hand.

- median: the middle value, or the mean of the two middle values;
- 90th percentile: nearest rank, the ⌈0.9·n⌉-th smallest value (always an observed value);
- small cells: a count of fewer than K households is not published (None), so nobody can be
  singled out from a table; in a case-level extract, quasi-identifiers are blanked, most specific
  first, until every combination left is shared by at least K households (k-anonymity).
"""

import math
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from statistics import median as _median
from typing import Any

K = 5
SUPPRESSED = "*"


def median(values: Sequence[Decimal]) -> Decimal | None:
    return _round(Decimal(_median(values))) if values else None


def percentile(values: Sequence[Decimal], p: int) -> Decimal | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return _round(ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1])


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def suppress(count: int, k: int = K) -> int | None:
    """A published count, or None when it is below the threshold (but not zero: zero tells nothing)."""
    return None if 0 < count < k else count


def k_anonymise(rows: list[dict[str, Any]], quasi_identifiers: Sequence[str], k: int = K) -> list[dict[str, Any]]:
    """Blank quasi-identifiers (in the given order, most identifying first) on the rows whose
    combination is shared by fewer than k rows, until every combination has k rows or more, or
    all of that row's quasi-identifiers are blanked. Each row lists what was blanked in `suppressed`."""
    out = [{**row, "suppressed": []} for row in rows]
    for column in quasi_identifiers:
        groups = Counter(tuple(r[c] for c in quasi_identifiers) for r in out)
        rare = [r for r in out if groups[tuple(r[c] for c in quasi_identifiers)] < k]
        if not rare:
            break
        for row in rare:
            if row[column] != SUPPRESSED:
                row[column] = SUPPRESSED
                row["suppressed"].append(column)
    return out
