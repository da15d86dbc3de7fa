"""Building the portfolio: the rows sorted by path, and the totals a partner asks for.

Rows arrive in completion order, which differs from run to run; sorting them here, by the
same key discovery uses, is what makes ``--jobs 1``, ``--jobs 8`` and a Dask cluster print
the same bytes. Money is totalled per currency and never converted: valaudit has no
exchange rates, and a made-up one would be worse than two honest lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from valaudit.batch.discover import path_key
from valaudit.model.codes import Credit, FolderStatus, VerdictCode
from valaudit.model.portfolio import CurrencyTotal, FolderRow, Portfolio, Totals

#: Verdict codes in the order they are evaluated; totals list them in this order.
VERDICTS = tuple(VerdictCode)


def build_portfolio(rows: Iterable[FolderRow], planned: int | None = None) -> Portfolio:
    """Sort the rows and total them; ``planned`` is how many folders the run set out to do."""
    ordered = tuple(sorted(rows, key=lambda row: path_key(row.path)))
    statuses = Counter(row.status for row in ordered)
    verdicts = Counter(row.verdict for row in ordered if row.verdict is not None)
    known = [(code, verdicts.get(code, 0)) for code in VERDICTS]
    other = sorted((code, n) for code, n in verdicts.items() if code not in VERDICTS)
    totals = Totals(
        folders=max(planned or 0, len(ordered)),
        ok=statuses[FolderStatus.OK],
        invalid=statuses[FolderStatus.INVALID],
        crashed=statuses[FolderStatus.CRASHED],
        not_run=max(0, (planned or 0) - len(ordered)),
        gates_tripped=sum(row.gate_tripped for row in ordered),
        verdicts=tuple(known + other),
        benefit=_benefit(ordered),
    )
    return Portfolio(rows=ordered, totals=totals)


def _benefit(rows: Iterable[FolderRow]) -> tuple[CurrencyTotal, ...]:
    """Per currency: folders, expected, realized as credited, attributable, observed, how
    many folders credit observed progress, cost and benefit to date."""
    sums: dict[str, list[float]] = {}
    for row in rows:
        if not row.audited or row.currency is None:
            continue
        line = sums.setdefault(row.currency, [0, 0.0, 0.0, 0.0, 0.0, 0, 0.0, 0.0])
        line[0] += 1
        line[1] += row.expected_annual_benefit or 0.0
        line[2] += row.realized_annual_benefit or 0.0
        line[3] += row.attributable_annual_benefit or 0.0
        line[4] += row.observed_annual_benefit or 0.0
        line[5] += row.credit == Credit.OBSERVED
        line[6] += row.cost_to_date or 0.0
        line[7] += row.benefit_to_date or 0.0
    return tuple(
        CurrencyTotal(
            currency,
            int(count),
            expected,
            realized,
            attributable,
            observed,
            int(on_observed),
            cost_to_date=cost,
            benefit_to_date=benefit,
        )
        for currency, (
            count,
            expected,
            realized,
            attributable,
            observed,
            on_observed,
            cost,
            benefit,
        ) in sorted(sums.items())
    )
