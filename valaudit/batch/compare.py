"""The portfolio against an earlier one (``valaudit batch --compare``): each folder's change on
its row, the ``worsened`` gate per folder, and a summary of what changed.

Folders are matched by their path under ROOT. A folder is judged by the rules of a single
audit's comparison (docs/method.md §12.2) on what a portfolio row holds: the verdict's
move down :data:`~valaudit.model.codes.VERDICT_RANK`, the ``guardrail_breached`` flag newly
raised (a row does not list its guardrails), and realization falling by more than
:data:`~valaudit.analyse.compare.REALIZATION_TOLERANCE`. A row does not list its KPIs, so
a KPI falling off track shows in a folder's own ``audit --compare``, not here. Like with
like: a portfolio written before attributable credit is compared on observed figures.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

from valaudit.analyse.compare import REALIZATION_TOLERANCE, worsened_reasons
from valaudit.batch.portfolio import build_portfolio
from valaudit.gates import change_gate
from valaudit.model.codes import VERDICT_RANK, Credit, Flag, FolderStatus, Gate
from valaudit.model.comparison import FigureChange
from valaudit.model.gates import GateResult
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.model.portfolio_changes import (
    CurrencyChange,
    FolderChange,
    FolderChangeStatus,
    PortfolioChanges,
    PreviousFolder,
    PreviousPortfolio,
)


def compare_portfolio(
    portfolio: Portfolio, previous: PreviousPortfolio, gates: Sequence[Gate | str] = ()
) -> Portfolio:
    """``portfolio`` with each row's change, ``worsened`` judged where asked, and the summary."""
    earlier = {folder.path: folder for folder in previous.folders}
    asked = [Gate(gate) for gate in dict.fromkeys(gates)]
    rows = []
    for row in portfolio.rows:
        change = folder_change(row, earlier.get(row.path))
        rows.append(dataclasses.replace(row, change=change, gates=_gates(row, change, asked)))
    compared = build_portfolio(rows, planned=portfolio.totals.folders)
    return dataclasses.replace(compared, changes=_summary(compared.rows, previous))


def _gates(row: FolderRow, change: FolderChange, asked: Sequence[Gate]) -> tuple[GateResult, ...]:
    """The row's gates in the order asked, with ``worsened`` judged for an audited folder."""
    if Gate.WORSENED not in asked or not row.audited:
        return row.gates
    results = {result.gate: result for result in row.gates}
    results[Gate.WORSENED] = change_gate(
        Gate.WORSENED, change.status, change.worsened, change.previous_as_of
    )
    return tuple(results[gate] for gate in asked if gate in results)


def _ratio(realized: float | None, expected: float | None) -> float | None:
    if realized is None or expected is None or expected <= 0:
        return None
    return realized / expected


def folder_change(row: FolderRow, before: PreviousFolder | None) -> FolderChange:
    """One folder against its row in the earlier portfolio (None: it had none)."""
    if before is None:
        return FolderChange(FolderChangeStatus.NEW, None, None, None, None, None, None, None)

    def change(
        status: FolderChangeStatus,
        basis: Credit | None = None,
        realization: tuple[float | None, float | None] = (None, None),
        worsened: Sequence[str] = (),
    ) -> FolderChange:
        assert before is not None
        return FolderChange(
            status, before.status, before.verdict, before.break_, before.as_of, basis,
            realization[0], realization[1], tuple(worsened),
        )  # fmt: skip

    if not row.audited or before.status != FolderStatus.OK:
        return change(FolderChangeStatus.NOT_AUDITED)
    if before.initiative != row.initiative:
        return change(FolderChangeStatus.REPLACED)
    basis = Credit.ATTRIBUTABLE if before.credit is not None else Credit.OBSERVED
    if basis == Credit.ATTRIBUTABLE:
        ratio_before = _ratio(before.attributable_annual_benefit, before.expected_annual_benefit)
        ratio_after = _ratio(row.attributable_annual_benefit, row.expected_annual_benefit)
    else:
        ratio_before = _ratio(before.observed_annual_benefit, before.expected_annual_benefit)
        ratio_after = _ratio(row.observed_annual_benefit, row.expected_annual_benefit)
    realization = FigureChange("realization_ratio", basis, ratio_before, ratio_after)
    verdict_before, verdict_after = before.verdict or "", str(row.verdict or "")
    worsened = worsened_reasons(verdict_before, verdict_after, (), (), realization)
    breached = Flag.GUARDRAIL_BREACHED
    if breached in row.flags and breached not in before.flags:
        worsened.append("A guardrail is newly breached.")
    status = _status(before, row, realization, worsened)
    return change(status, basis, (ratio_before, ratio_after), worsened)


def _status(
    before: PreviousFolder, row: FolderRow, realization: FigureChange, worsened: list[str]
) -> FolderChangeStatus:
    if worsened:
        return FolderChangeStatus.WORSENED
    rank_before = VERDICT_RANK.get(before.verdict or "")
    rank_after = VERDICT_RANK.get(str(row.verdict or ""))
    delta = realization.delta
    breached = Flag.GUARDRAIL_BREACHED
    if (
        (rank_before is not None and rank_after is not None and rank_after < rank_before)
        or (delta is not None and delta > REALIZATION_TOLERANCE)
        or (breached in before.flags and breached not in row.flags)
    ):
        return FolderChangeStatus.IMPROVED
    row_break = row.break_
    if (
        before.verdict != row.verdict
        or before.break_ != row_break
        or set(before.flags) != {str(flag) for flag in row.flags}
        or (delta is not None and abs(delta) > 1e-9)
    ):
        return FolderChangeStatus.CHANGED
    return FolderChangeStatus.UNCHANGED


def _summary(rows: Iterable[FolderRow], previous: PreviousPortfolio) -> PortfolioChanges:
    rows = list(rows)
    counted = Counter(row.change.status for row in rows if row.change is not None)
    paths = {row.path for row in rows}
    earlier_ok = [f for f in previous.folders if f.status == FolderStatus.OK]
    return PortfolioChanges(
        previous_file=previous.file,
        previous_version=previous.valaudit_version,
        previous_credit=all(f.credit is not None for f in earlier_ok),
        counts=tuple((str(s), counted[s]) for s in FolderChangeStatus if counted[s]),
        verdict_moves=tuple(
            (row.path, row.change.previous_verdict, str(row.verdict))
            for row in rows
            if row.change is not None
            and row.change.status not in (FolderChangeStatus.NEW, FolderChangeStatus.REPLACED)
            and row.change.previous_verdict is not None
            and row.verdict is not None
            and row.change.previous_verdict != row.verdict
        ),
        new=tuple(
            row.path
            for row in rows
            if row.change is not None and row.change.status == FolderChangeStatus.NEW
        ),
        gone=tuple(f.path for f in previous.folders if f.path not in paths),
        money=_money(rows, earlier_ok),
    )


def _money(
    rows: Sequence[FolderRow], earlier: Sequence[PreviousFolder]
) -> tuple[CurrencyChange, ...]:
    """Per currency: expected, attributable and observed benefit a year, then and now."""
    currencies = sorted(
        {row.currency for row in rows if row.audited and row.currency}
        | {folder.currency for folder in earlier if folder.currency}
    )
    lines = []
    for currency in currencies:
        now = [row for row in rows if row.audited and row.currency == currency]
        then = [folder for folder in earlier if folder.currency == currency]
        attributable_known = all(folder.credit is not None for folder in then)
        lines.append(
            CurrencyChange(
                currency=currency,
                expected_before=sum(f.expected_annual_benefit or 0.0 for f in then),
                expected_after=sum(r.expected_annual_benefit or 0.0 for r in now),
                attributable_before=sum(f.attributable_annual_benefit or 0.0 for f in then)
                if attributable_known
                else None,
                attributable_after=sum(r.attributable_annual_benefit or 0.0 for r in now),
                observed_before=sum(f.observed_annual_benefit or 0.0 for f in then),
                observed_after=sum(r.observed_annual_benefit or 0.0 for r in now),
            )
        )
    return tuple(lines)
