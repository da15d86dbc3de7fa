"""The portfolio: one row per folder, sorted by path, and the totals a partner asks for.

Rows arrive in completion order, which differs from run to run; sorting them here, by the
same key discovery uses, is what makes ``--jobs 1``, ``--jobs 8`` and a Dask cluster print
the same bytes. Money is totalled per currency and never converted: valaudit has no
exchange rates, and a made-up one would be worse than two honest lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from valaudit.batch.discover import path_key
from valaudit.batch.task import FolderRow

#: Verdict codes in the order SPEC §3 evaluates them; totals list them in this order.
VERDICTS = (
    "insufficient_data",
    "implementation_stalled",
    "value_realized",
    "too_early",
    "partially_realized",
    "implementation_without_outcome",
)


@dataclass(frozen=True)
class CurrencyTotal:
    """Benefit a year across the audited folders that report in one currency."""

    currency: str
    folders: int
    expected_annual_benefit: float
    realized_annual_benefit: float

    @property
    def realization_ratio(self) -> float | None:
        """Realized ÷ expected, weighted by each folder's business case (None if nothing
        was expected)."""
        if self.expected_annual_benefit <= 0:
            return None
        return self.realized_annual_benefit / self.expected_annual_benefit


@dataclass(frozen=True)
class Totals:
    folders: int
    """Folders found (audited, invalid, crashed, or not run after an interrupt)."""
    ok: int
    invalid: int
    crashed: int
    not_run: int
    """Folders the run never reached because it was interrupted."""
    gates_tripped: int
    """Folders where at least one ``--fail-on`` gate tripped."""
    verdicts: tuple[tuple[str, int], ...]
    """(verdict code, folders) for every known code, then any other, in a fixed order."""
    benefit: tuple[CurrencyTotal, ...]
    """One line per currency, sorted by currency code."""


@dataclass(frozen=True)
class Portfolio:
    rows: tuple[FolderRow, ...]
    """Sorted by path."""
    totals: Totals

    @property
    def complete(self) -> bool:
        """False when the run was interrupted before every folder had its row."""
        return self.totals.not_run == 0

    @property
    def any_invalid(self) -> bool:
        """An invalid or crashed folder (both mean: this folder has no audit)."""
        return self.totals.invalid + self.totals.crashed > 0

    @property
    def any_gate_tripped(self) -> bool:
        return self.totals.gates_tripped > 0


def build_portfolio(rows: Iterable[FolderRow], planned: int | None = None) -> Portfolio:
    """Sort the rows and total them; ``planned`` is how many folders the run set out to do."""
    ordered = tuple(sorted(rows, key=lambda row: path_key(row.path)))
    statuses = Counter(row.status for row in ordered)
    verdicts = Counter(row.verdict for row in ordered if row.verdict is not None)
    known = [(code, verdicts.get(code, 0)) for code in VERDICTS]
    other = sorted((code, n) for code, n in verdicts.items() if code not in VERDICTS)
    totals = Totals(
        folders=max(planned or 0, len(ordered)),
        ok=statuses["ok"],
        invalid=statuses["invalid"],
        crashed=statuses["crashed"],
        not_run=max(0, (planned or 0) - len(ordered)),
        gates_tripped=sum(row.gate_tripped for row in ordered),
        verdicts=tuple(known + other),
        benefit=_benefit(ordered),
    )
    return Portfolio(rows=ordered, totals=totals)


def _benefit(rows: Iterable[FolderRow]) -> tuple[CurrencyTotal, ...]:
    sums: dict[str, list[float]] = {}
    for row in rows:
        if row.status != "ok" or row.currency is None:
            continue
        line = sums.setdefault(row.currency, [0, 0.0, 0.0])
        line[0] += 1
        line[1] += row.expected_annual_benefit or 0.0
        line[2] += row.realized_annual_benefit or 0.0
    return tuple(
        CurrencyTotal(currency, int(count), expected, realized)
        for currency, (count, expected, realized) in sorted(sums.items())
    )
