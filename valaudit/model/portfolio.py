"""The portfolio of a batch run: one row per folder, sorted by path, and the totals.

Plain frozen dataclasses, like the report model: the batch workers build the rows, the
portfolio renderers (terminal, JSON, Markdown, CSV, XLSX) read them, and neither needs the
other's code. A row is small and picklable on purpose: it is all that travels back from a
worker process or a Dask cluster, never a DataFrame or a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valaudit.model.codes import Credit, Flag, FolderStatus, PaybackStatus, VerdictCode
from valaudit.model.gates import GateResult
from valaudit.model.portfolio_changes import FolderChange, PortfolioChanges


@dataclass(frozen=True, slots=True)
class FolderRow:
    """One folder's line in the portfolio: what its report says, or why there is none."""

    path: str
    """Relative to ROOT, with ``/`` separators; ``.`` is ROOT itself."""
    status: FolderStatus
    """ok (audited), invalid (its input has errors, or its audit ran past ``--folder-timeout``)
    or crashed (a bug, a report that could not be written, or a worker lost)."""
    initiative: str | None = None
    type: str | None = None
    verdict: VerdictCode | None = None
    """The verdict code; None unless status is ok."""
    break_: tuple[str, str] | None = None
    """(from stage, to stage) where value disappears, or None."""
    realization_ratio: float | None = None
    """Credited realized ÷ expected (``credit``)."""
    roi_to_date: float | None = None
    """On the credited basis."""
    flags: tuple[Flag, ...] = ()
    currency: str | None = None
    expected_annual_benefit: float | None = None
    realized_annual_benefit: float | None = None
    """On the credited basis: attributable unless the thesis says ``credit: observed``."""
    as_of: dt.date | None = None
    gates: tuple[GateResult, ...] = ()
    errors: tuple[str, ...] = ()
    """The located errors (invalid; the first 20 of a folder with more), or the exception
    (crashed)."""
    error_count: int = 0
    """All errors found, of which ``errors`` shows the first few."""
    warning_count: int = 0
    reports: tuple[str, ...] = ()
    """File names written to ``--out-dir``."""
    credit: Credit | None = None
    """The basis of the realized figures above."""
    attributable_annual_benefit: float | None = None
    observed_annual_benefit: float | None = None
    owner: str | None = None
    """The initiative's owner, as the thesis names them."""
    go_live: dt.date | None = None
    cost_to_date: float | None = None
    """One-off cost, any budget overrun, and run cost since go-live."""
    benefit_to_date: float | None = None
    """Financial benefit accrued since go-live, on the credited basis."""
    npv: float | None = None
    """Net present value at the current rate of realization (credited); None without a
    discount rate in the thesis."""
    payback_status: PaybackStatus | None = None
    payback_date: dt.date | None = None
    """When the cost was (or, at the current rate, will be) paid back."""
    warnings: tuple[str, ...] = ()
    """The code of every warning of the audit (``stale_data``, ...), one per warning."""
    weak_dimensions: tuple[str, ...] = ()
    """Operating-model dimensions the thesis scores 2 or lower (``workflow_redesign``, ...)."""
    change: FolderChange | None = None
    """Against the earlier portfolio (``batch --compare``), else None."""

    @property
    def audited(self) -> bool:
        """True when the folder has a report (status ok)."""
        return self.status == FolderStatus.OK

    @property
    def gate_tripped(self) -> bool:
        return any(gate.tripped for gate in self.gates)


@dataclass(frozen=True)
class CurrencyTotal:
    """Benefit a year across the audited folders that report in one currency."""

    currency: str
    folders: int
    expected_annual_benefit: float
    realized_annual_benefit: float
    """Each folder's credited figure (attributable unless its thesis says otherwise)."""
    attributable_annual_benefit: float = 0.0
    observed_annual_benefit: float = 0.0
    observed_credit_folders: int = 0
    """Folders whose thesis credits observed progress (``settings.credit: observed``)."""
    cost_to_date: float = 0.0
    benefit_to_date: float = 0.0
    """Credited financial benefit accrued since go-live, summed."""

    @property
    def roi_to_date(self) -> float | None:
        """(Benefit to date − cost to date) ÷ cost to date, over these folders (None when
        nothing was spent)."""
        if self.cost_to_date <= 0:
            return None
        return (self.benefit_to_date - self.cost_to_date) / self.cost_to_date

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
    changes: PortfolioChanges | None = None
    """What changed since an earlier portfolio (``batch --compare``), else None."""

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
