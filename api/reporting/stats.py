"""Order statistics and small-cell suppression, with no database: easy to check by hand.

- median: the middle value, or the mean of the two middle values;
- 90th percentile: nearest rank, the ⌈0.9·n⌉-th smallest value (always an observed value);
- small cells: a count of fewer than K households is not published (None), so nobody can be
  singled out from a table; where a line's total is published (a row total, a column total, or the
  same figure elsewhere in the report), a line with exactly one hidden cell would give it away by
  subtraction, so the smallest other non-zero cell of that line is hidden too (complementary
  suppression, repeated until no line has a lone hidden cell); in a case-level extract, quasi-identifiers are blanked, most specific
  first, until every combination left is shared by at least K households (k-anonymity).
"""

import math
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from statistics import median as _median
from typing import Any, NamedTuple

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


class Protected(NamedTuple):
    """A table after suppression: its cells and its margins (None where hidden)."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def suppress_table(cells: Sequence[Sequence[int]], k: int = K, *, row_totals: bool = True,
                   column_totals: bool = True) -> Protected:
    """The table is extended with its margins (row totals, column totals and the grand total, as the
    report publishes them here or elsewhere). Primary suppression hides every count 0 < n < k, margins
    included. Then each additive line (a row with its total when row_totals, a column with its total
    when column_totals, and the margins with the grand total when both) that has exactly one hidden cell
    gets its smallest other non-zero cell hidden too (inner cells first on a tie), until no line has a
    lone hidden cell: no hidden count is the difference of published ones."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    table = [[*row, sum(row)] for row in cells]
    table.append([sum(row[c] for row in cells) for c in range(n_cols)] + [sum(map(sum, cells))])
    out: list[list[int | None]] = [[suppress(n, k) for n in row] for row in table]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + (1 if column_totals else 0))]
    if column_totals:
        lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + (1 if row_totals else 0))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(out[r][c] is None for r, c in line) != 1:
                continue
            shown = [(table[r][c], c == n_cols or r == n_rows, r, c) for r, c in line
                     if out[r][c] is not None and table[r][c] > 0]
            if shown:
                _, _, r, c = min(shown)
                out[r][c] = None
                changed = True
    return Protected(cells=[row[:n_cols] for row in out[:n_rows]], row_totals=[row[n_cols] for row in out[:n_rows]],
                     column_totals=out[n_rows][:n_cols], total=out[n_rows][n_cols])


def suppress_line(counts: Sequence[int], k: int = K) -> list[int | None]:
    """One breakdown whose total is published (of the households visited, say)."""
    return suppress_table([counts], k, column_totals=False).cells[0]


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
