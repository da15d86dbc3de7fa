"""valaudit as a library: the use cases the command line runs, callable without it.

The command line, the batch workers and the pre-commit hook all come through here, so an
audit is validated, judged, gated, rendered and written the same way whoever asks (the
single-folder use case is written once, in :mod:`valaudit.folder_audit`, and exported
here; the batch run is below)::

    from pathlib import Path
    import valaudit

    outcome = valaudit.audit_folder("sample_data/support_copilot", gates=["not-realized"])
    if outcome.report is None:                      # invalid input: the problems say why
        for problem in outcome.validation.errors:
            print(problem.location(), problem.message)
    else:
        print(outcome.report.verdict.code)          # implementation_without_outcome
        valaudit.write_reports(outcome, [Path("report.html"), Path("report.json")])

    # Worker processes re-import the script: run a batch under `if __name__ == "__main__":`.
    result = valaudit.run_batch(valaudit.BatchRequest(root=Path("clients"), jobs=4))
    print(result.portfolio.totals)

Nothing here prints or exits. Problems with the user's files are values (located problems in
:class:`~valaudit.model.validation.FolderValidation`); failures the user can act on are
:class:`~valaudit.errors.ValauditError` subclasses, each with its exit code; anything else
is a bug. Heavy libraries (pandas, openpyxl) load on the first call, not on import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from valaudit.folder_audit import (
    AuditOutcome,
    Target,
    audit_folder,
    audit_validated,
    check_outputs,
    crashed_outcome,
    read_previous,
    resolve_targets,
    validate_folder,
    write_failure,
    write_rendered,
    write_reports,
)
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.run_codes import ExecutorKind, Gate

if TYPE_CHECKING:
    from valaudit.batch.run import BatchPlan
    from valaudit.model.portfolio import FolderRow, Portfolio
    from valaudit.model.portfolio_changes import PreviousPortfolio
    from valaudit.render.options import RenderOptions

__all__ = [
    "AuditOutcome",
    "BatchRequest",
    "BatchResult",
    "Target",
    "audit_folder",
    "audit_validated",
    "check_batch_outputs",
    "check_outputs",
    "crashed_outcome",
    "prepare_batch",
    "read_previous",
    "read_previous_portfolio",
    "run_batch",
    "validate_folder",
    "write_failure",
    "write_portfolio",
    "write_reports",
]

#: Wraps the stream of rows as folders finish, e.g. to draw a progress bar; gets the total.
Progress = Callable[[Iterator["FolderRow"], int], Iterator["FolderRow"]]


@dataclass(frozen=True)
class BatchRequest:
    """One batch run: which folders, where they run, how each is judged and reported."""

    root: Path
    """The folder to search: every folder under it that holds a valaudit.yaml is audited."""
    include: tuple[str, ...] = ()
    """Glob patterns on the path under ROOT; only matching folders are audited."""
    exclude: tuple[str, ...] = ()
    """Glob patterns; matching folders (and everything under them) are skipped."""
    jobs: int | None = None
    """Folders audited at once; None sizes the local pool to the portfolio (one worker per
    ``FOLDERS_PER_WORKER`` folders, up to the free CPUs; see
    :func:`~valaudit.batch.executors.planned_workers`) and gives Dask one per CPU. 1 without
    ``folder_timeout`` runs in this process."""
    executor: ExecutorKind | None = None
    """local or dask; None means dask when a scheduler is given, else local."""
    scheduler: str | None = None
    """A Dask scheduler's address; None with dask starts a local cluster for the run."""
    as_of: dt.date | None = None
    gates: tuple[Gate, ...] = ()
    allow_outside: bool = False
    out_dir: Path | None = None
    """Where each folder's own reports go (created if missing); None writes none."""
    report_formats: tuple[str, ...] = ("json",)
    """Formats of the reports in ``out_dir``."""
    compare: PreviousPortfolio | str | Path | None = None
    """An earlier portfolio (or its JSON file) to compare with: each row gets its change, the
    portfolio a summary of what changed, and ``worsened`` can be asked for."""
    folder_timeout: float | None = FOLDER_TIMEOUT_SECONDS
    """Seconds one folder may take before it is stopped and given a ``timeout`` row; None
    for no limit. With a limit every folder runs in a worker process (even with one job),
    since only a process can be stopped whatever it is doing."""

    @property
    def executor_kind(self) -> ExecutorKind:
        if self.executor is not None:
            return ExecutorKind(self.executor)
        return ExecutorKind.DASK if self.scheduler is not None else ExecutorKind.LOCAL


@dataclass(frozen=True)
class BatchResult:
    """A finished (or interrupted) batch run."""

    plan: BatchPlan
    """The folders found, and those skipped with the reason."""
    portfolio: Portfolio
    """One row per folder that finished, sorted by path, and the totals."""
    interrupted: bool
    """True when Ctrl-C (or SIGTERM) stopped the run: the portfolio lists the folders that
    finished."""
    terminated: bool = False
    """True when it was SIGTERM (a command line run turns it into an interrupt; see
    :mod:`valaudit.signals`)."""


def write_portfolio(
    source: BatchResult | Portfolio,
    targets: Iterable[Target],
    *,
    options: RenderOptions | None = None,
    out_dir: Path | None = None,
) -> tuple[Path, ...]:
    """Write the portfolio to each target (suffix .csv .json .xlsx .md .html .txt, or a
    pair), every format rendered before any file is written, then all files or none (and
    then no file an earlier run left at those paths). ``out_dir`` is where the run wrote each
    folder's own reports (``BatchRequest.out_dir``): an HTML portfolio links them, by a path
    relative to where it is written."""
    import dataclasses
    import os

    from valaudit.render import portfolio_renderer
    from valaudit.render.options import RenderOptions

    portfolio = source.portfolio if isinstance(source, BatchResult) else source
    planned = resolve_targets(targets, "portfolio")
    chosen = options if options is not None else RenderOptions(width=100)

    def for_target(path: Path) -> RenderOptions:
        if out_dir is None:
            return chosen
        relative = os.path.relpath(out_dir.resolve(), path.resolve().parent)
        return dataclasses.replace(chosen, report_dir=Path(relative).as_posix())

    return write_rendered(
        [
            (path, portfolio_renderer(name).render_portfolio(portfolio, for_target(path)))
            for path, name in planned
        ]
    )


def prepare_batch(request: BatchRequest) -> BatchPlan:
    """Check that the run can start, find the folders to audit, and create ``out_dir``.

    Separate from :func:`run_batch` so a caller can show what was skipped before the run
    starts. Raises :class:`~valaudit.batch.errors.BatchSetupError` when dask is asked for
    and not installed, :class:`~valaudit.errors.OutputError` when ``out_dir`` cannot be
    created or lies inside an audit folder, ValueError for a report format that cannot be
    written to a file or a gate that does not exist.
    """
    from valaudit.render import file_format_names

    unknown = [name for name in request.report_formats if name not in file_format_names("report")]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a report format that can be written to a file.")
    for gate in request.gates:
        Gate(gate)  # a ValueError that names it, before any folder is searched
    if Gate.WORSENED in request.gates and request.compare is None:
        raise ValueError("The worsened gate compares with an earlier portfolio: give one.")
    if request.executor_kind == ExecutorKind.DASK:
        from valaudit.batch.executors.dask_cluster import require_distributed

        require_distributed()
    from valaudit.batch.run import plan_batch

    plan = plan_batch(request.root, request.include, request.exclude)
    if request.out_dir is not None:
        check_batch_outputs(plan, [request.out_dir])
        _create_folder(request.out_dir)
    return plan


def check_batch_outputs(plan: BatchPlan, outputs: Sequence[Path]) -> None:
    """Refuse outputs (``-o`` files, ``out_dir``) inside any audit folder the batch reads.

    Raises :class:`~valaudit.errors.OutputError` (exit code 2) before anything is written.
    Data files that theses name outside their folders (``allow_outside``) are known only to
    the workers that read them, and are not checked here.
    """
    from valaudit.output import refuse_inputs

    if outputs:
        refuse_inputs(outputs, folders=[plan.root / job.path for job in plan.jobs])


def run_batch(
    request: BatchRequest, *, plan: BatchPlan | None = None, progress: Progress | None = None
) -> BatchResult:
    """Audit every folder the request selects, in parallel; one row per folder.

    One broken folder never stops the others: an invalid folder's row carries its first
    errors, a crash (a bug) its exception, a folder over ``folder_timeout`` its ``timeout``
    error. Ctrl-C ends the run early with the rows that finished (``interrupted``), within
    a second: the workers are stopped whatever they are doing. ``plan`` is the result of
    :func:`prepare_batch`, when the caller has already made it. Raises
    :class:`~valaudit.batch.errors.NoAuditFolderError` when there is nothing to audit, a
    :class:`~valaudit.batch.errors.BatchSetupError` when the workers cannot start or a Dask
    cluster cannot be used, and what :func:`prepare_batch` raises.
    """
    from valaudit.batch.errors import NoAuditFolderError
    from valaudit.batch.executors import make_executor, planned_workers
    from valaudit.batch.jobs import TaskOptions
    from valaudit.batch.portfolio import build_portfolio
    from valaudit.batch.run import collect, folder_task
    from valaudit.signals import Terminated

    plan = plan if plan is not None else prepare_batch(request)
    if not plan.jobs:
        raise NoAuditFolderError(str(request.root), bool(request.include or request.exclude))
    previous = read_previous_portfolio(request.compare)
    gates = tuple(dict.fromkeys(Gate(gate) for gate in request.gates))
    options = TaskOptions(
        root=str(plan.root),
        as_of=request.as_of,
        # What changed is judged here, against the earlier portfolio, not by the workers.
        gates=tuple(gate for gate in gates if gate != Gate.WORSENED),
        allow_outside=request.allow_outside,
        out_dir=str(request.out_dir.resolve()) if request.out_dir is not None else None,
        report_formats=tuple(dict.fromkeys(request.report_formats)),
    )
    workers = planned_workers(request.jobs, len(plan.jobs), request.executor_kind)
    runner = make_executor(
        request.executor_kind, workers, request.scheduler, request.folder_timeout
    )
    stream = runner.run(folder_task(options), plan.jobs)
    rows, stopped_by = collect(progress(stream, len(plan.jobs)) if progress else stream)
    if options.out_dir is not None:
        from valaudit.batch.out_dir import settle_reports
        from valaudit.batch.task import as_shown

        # Rows name their folder as shown (a name that is not UTF-8 escaped): match on that.
        rows = settle_reports(rows, [as_shown(job) for job in plan.jobs], options)
    portfolio = build_portfolio(rows, planned=len(plan.jobs))
    if previous is not None:
        from valaudit.batch.compare import compare_portfolio

        portfolio = compare_portfolio(portfolio, previous, gates)
    return BatchResult(
        plan,
        portfolio,
        interrupted=stopped_by is not None,
        terminated=isinstance(stopped_by, Terminated),
    )


def read_previous_portfolio(
    compare: PreviousPortfolio | str | Path | None,
) -> PreviousPortfolio | None:
    """The earlier portfolio to compare with, read if given as a path (a
    :class:`~valaudit.errors.CompareError` says why it cannot be used)."""
    if compare is None:
        return None
    from valaudit.model.portfolio_changes import PreviousPortfolio  # `validate` never needs it

    if isinstance(compare, PreviousPortfolio):
        return compare
    from valaudit.load.previous_portfolio import read_previous_portfolio as read

    return read(compare)


def _create_folder(folder: Path) -> None:
    from valaudit.errors import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Cannot create {folder}: {error.strerror or error}.") from None
