"""One audit folder, end to end: validate, audit, judge the gates, write the reports.

This is the use case the ``validate`` and ``audit`` commands, the pre-commit hook and every
batch worker run, written once. It is part of :mod:`valaudit.api` (which re-exports it); it
lives in its own module so that batch workers can call it without importing the batch
orchestration that sits above them.

Nothing here prints or exits. Problems with the user's files are values (located problems
in :class:`~valaudit.model.validation.FolderValidation`); failures the user can act on are
:class:`~valaudit.errors.ValauditError` subclasses. Heavy libraries load on the first call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from valaudit.model.run_codes import Gate, TrajectoryEvery

if TYPE_CHECKING:
    from valaudit.load.sheet_prefetch import SheetPrefetch
    from valaudit.model.comparison import PreviousReport
    from valaudit.model.gates import GateResult
    from valaudit.model.report import Report
    from valaudit.model.validation import FolderValidation
    from valaudit.render import Kind
    from valaudit.render.options import RenderOptions

#: An output file: its path alone (the format comes from the suffix) or (path, format).
Target = Path | tuple[Path, str]


@dataclass(frozen=True)
class AuditOutcome:
    """What auditing one folder found: the validation, the report if valid, the gates."""

    validation: FolderValidation
    """Every located problem, and the typed inputs when they are valid."""
    report: Report | None
    """The audit; None when the input is invalid (``validation.errors`` says why)."""
    gates: tuple[GateResult, ...] = ()
    """The ``--fail-on`` gates asked for, in the order asked. On invalid input only
    ``invalid`` is judged (and tripped)."""

    @property
    def valid(self) -> bool:
        return self.report is not None

    @property
    def tripped(self) -> tuple[GateResult, ...]:
        """The gates that tripped: a CI job should fail."""
        return tuple(gate for gate in self.gates if gate.tripped)


def validate_folder(path: str | Path, *, allow_outside: bool = False) -> FolderValidation:
    """Check one audit folder (or its valaudit.yaml): the thesis, each table, the whole.

    Never raises for bad input: every problem is returned with its file and location.
    ``allow_outside`` lets data paths leave the folder (for theses you trust).
    """
    argument = str(path)
    prefetch = _start_sheet_prefetch(argument, allow_outside)
    from valaudit.validate.folder import validate_folder as validate

    if prefetch is None:
        return validate(argument, allow_outside=allow_outside)
    with prefetch:  # closed after: a sheet the validation did not take is released
        return validate(argument, allow_outside=allow_outside, prefetch=prefetch)


def audit_folder(
    path: str | Path,
    *,
    as_of: dt.date | None = None,
    gates: Iterable[Gate | str] = (),
    allow_outside: bool = False,
    trajectory: TrajectoryEvery | str | None = None,
    compare: PreviousReport | str | Path | None = None,
) -> AuditOutcome:
    """Validate one folder and, when it is valid, audit it and judge the ``gates``.

    ``as_of`` defaults to the thesis's review date, else the end of the latest period in the
    data (never today, so the same files give the same report). ``trajectory`` (period,
    quarter or year) adds the audit at the end of every such period since go-live;
    ``compare`` (an earlier JSON report, or its path) adds what changed since. Raises
    ValueError for a gate name that does not exist (or ``worsened`` without ``compare``),
    :class:`~valaudit.errors.CompareError` for an earlier report that cannot be compared.
    """
    requested = tuple(dict.fromkeys(Gate(gate) for gate in gates))
    previous = read_previous(compare)
    _check_change_gates(requested, previous)
    validation = validate_folder(path, allow_outside=allow_outside)
    return audit_validated(
        validation, as_of=as_of, gates=requested, trajectory=trajectory, compare=previous
    )


def audit_validated(
    validation: FolderValidation,
    *,
    as_of: dt.date | None = None,
    gates: Iterable[Gate | str] = (),
    trajectory: TrajectoryEvery | str | None = None,
    compare: PreviousReport | str | Path | None = None,
) -> AuditOutcome:
    """The second half of :func:`audit_folder`: audit a folder already validated."""
    from valaudit.gates import evaluate_gates

    requested = tuple(dict.fromkeys(Gate(gate) for gate in gates))
    previous = read_previous(compare)
    _check_change_gates(requested, previous)
    if trajectory is not None:
        TrajectoryEvery(trajectory)  # a ValueError that names it, before any work
    if not validation.valid:
        return AuditOutcome(validation, None, tuple(evaluate_gates(None, requested)))
    from valaudit.analyse import audit

    if trajectory is None:
        report = audit.run_audit(validation, as_of)
    else:
        from valaudit.analyse.trajectory import build_trajectory

        # The series are aggregated once and judged at every date (run_audit is this too).
        prepared = audit.prepare_audit(validation)
        report = audit.audit_prepared(prepared, as_of)
        report = replace(report, trajectory=build_trajectory(prepared, report, trajectory))
    if previous is not None:
        from valaudit.analyse.compare import compare_reports

        report = replace(report, comparison=compare_reports(previous, report))
    return AuditOutcome(validation, report, tuple(evaluate_gates(report, requested)))


def read_previous(compare: PreviousReport | str | Path | None) -> PreviousReport | None:
    """The earlier report to compare with, read if given as a path (a
    :class:`~valaudit.errors.CompareError` says why it cannot be used)."""
    if compare is None:
        return None
    from valaudit.model.comparison import PreviousReport  # not before: `validate` never needs it

    if isinstance(compare, PreviousReport):
        return compare
    from valaudit.load.previous_report import read_previous_report

    return read_previous_report(compare)


def _check_change_gates(gates: Iterable[Gate], previous: PreviousReport | None) -> None:
    if previous is None and Gate.WORSENED in gates:
        raise ValueError(
            "The worsened gate compares with an earlier report: give one to compare with."
        )


def crashed_outcome(path: str | Path, error: BaseException) -> AuditOutcome:
    """The outcome of an audit of ``path`` that raised ``error`` (a bug in valaudit): no
    report, and one ``internal_error`` problem, so each format can say there is none."""
    from valaudit.load.paths import resolve_target
    from valaudit.model.failure import crashed_validation

    return AuditOutcome(crashed_validation(resolve_target(str(path)).display, error), None)


def write_reports(
    source: AuditOutcome | Report,
    targets: Iterable[Target],
    *,
    options: RenderOptions | None = None,
) -> tuple[Path, ...]:
    """Write this outcome to each target: every format rendered before any file is written,
    then all files written, or none.

    A target is a path (its suffix picks the format: .json .md .html .xlsx .xml .txt) or a
    (path, format name) pair. With a valid input each file gets the report; otherwise it gets
    the failure report of its format (the located problems, or that valaudit failed), so
    that a file an earlier run left there never stays looking current. When the files cannot
    all be written, none is, and any earlier file at those paths is removed. The default
    options point CI formats at the thesis as the user named it and list the outcome's gates;
    for a bare report, neither.

    Raises :class:`~valaudit.errors.OutputError` when a file cannot be written or its format
    not told, and, before anything is written, when a target is one of the files the audit
    read or lies inside its audit folder (checked for an outcome, not for a bare report).
    """
    from valaudit.render import renderer
    from valaudit.render.options import RenderOptions

    planned = resolve_targets(targets, "report")
    if isinstance(source, AuditOutcome):
        check_outputs(source.validation, [path for path, _ in planned])
        chosen = options or RenderOptions(
            width=100, thesis_path=source.validation.target, gates=source.gates
        )
        if source.report is None:
            return write_failure(source.validation, planned, options=chosen)
        report = source.report
    else:
        report, chosen = source, options or RenderOptions(width=100)
    return write_rendered(
        [(path, renderer(name).render_report(report, chosen)) for path, name in planned]
    )


def write_failure(
    validation: FolderValidation,
    targets: Iterable[Target],
    *,
    options: RenderOptions | None = None,
) -> tuple[Path, ...]:
    """Write the failure report to each target, in its format: the validation's located
    problems (or the internal error of a crash), so that no earlier report stays in place.

    All files or none, like :func:`write_reports`; the targets are not checked against the
    inputs (the caller has done so).
    """
    from valaudit.render import validation_renderer
    from valaudit.render.options import RenderOptions

    chosen = options or RenderOptions(width=100, thesis_path=validation.target)
    return write_rendered(
        [
            (path, validation_renderer(name).render_validation([validation], chosen))
            for path, name in resolve_targets(targets, "report")
        ]
    )


def check_outputs(source: FolderValidation | str | Path, outputs: Sequence[Path]) -> None:
    """Refuse outputs that are inputs of the audit or lie inside its audit folder.

    ``source`` is the validation (which knows every file read, also outside the folder with
    ``--allow-outside``) or, before the run, the folder or thesis as the user named it.
    Raises :class:`~valaudit.errors.OutputError` (exit code 2).
    """
    from valaudit.load.paths import resolve_target
    from valaudit.output import refuse_inputs

    if not outputs:
        return
    if isinstance(source, str | Path):
        folder = resolve_target(str(source)).folder.path
        refuse_inputs(outputs, folders=[folder])
        return
    folder = resolve_target(source.target).folder.path
    refuse_inputs(outputs, folders=[folder], files=source.inputs)


def _start_sheet_prefetch(argument: str, allow_outside: bool) -> SheetPrefetch | None:
    """Start reading the folder's thesis and parsing its first Excel sheet on a thread, while
    pandas loads; the validation takes both from the prefetch returned.

    Only worth it while pandas is still to be imported: that is the wait the parse
    overlaps. Later folders of the same process (``validate a b c``, a batch worker) would
    only pile parsed sheets up in memory ahead of their turn.
    """
    import sys

    if "pandas" in sys.modules:
        return None
    from valaudit.load.sheet_prefetch import SheetPrefetch

    return SheetPrefetch.start(argument, allow_outside=allow_outside)


def resolve_targets(targets: Iterable[Target], kind: Kind) -> list[tuple[Path, str]]:
    """Each target with its format; one whose suffix names no format is an OutputError."""
    from valaudit.errors import OutputError
    from valaudit.render import format_for_path, suffixes

    planned = []
    for target in targets:
        path, name = target if isinstance(target, tuple) else (target, None)
        name = name or format_for_path(path, kind)
        if name is None:
            raise OutputError(
                f"Cannot tell the format of {path} from its suffix; use one of "
                + ", ".join(suffixes(kind))
                + "."
            )
        planned.append((Path(path), name))
    return planned


def write_rendered(rendered: Sequence[tuple[Path, str | bytes]]) -> tuple[Path, ...]:
    """Write files that are all rendered already: all of them, or none (and then no file an
    earlier run left at those paths)."""
    from valaudit.output import write_all

    return write_all(rendered, remove_earlier_on_failure=True)
