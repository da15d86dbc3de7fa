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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from valaudit.model.codes import Gate
from valaudit.model.gates import GateResult

if TYPE_CHECKING:
    from valaudit.load.sheet_prefetch import SheetPrefetch
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
) -> AuditOutcome:
    """Validate one folder and, when it is valid, audit it and judge the ``gates``.

    ``as_of`` defaults to the thesis's review date, else the end of the latest period in the
    data (never today, so the same files give the same report). Raises ValueError for a
    gate name that does not exist.
    """
    requested = tuple(dict.fromkeys(Gate(gate) for gate in gates))
    validation = validate_folder(path, allow_outside=allow_outside)
    from valaudit.gates import evaluate_gates

    if not validation.valid:
        return AuditOutcome(validation, None, tuple(evaluate_gates(None, requested)))
    from valaudit.analyse.audit import run_audit

    report = run_audit(validation, as_of)
    gates_judged = evaluate_gates(report, requested, validation.problems)
    return AuditOutcome(validation, report, tuple(gates_judged))


def write_reports(
    source: AuditOutcome | Report,
    targets: Iterable[Target],
    *,
    options: RenderOptions | None = None,
) -> tuple[Path, ...]:
    """Write the report to each target, every format rendered before any file is written.

    A target is a path (its suffix picks the format: .json .md .html .xlsx .xml .txt) or a
    (path, format name) pair. Each file is written atomically, so none is ever half-written.
    The default options point CI formats at the thesis as the user named it and list the
    outcome's gates (junit); for a bare report, neither. Raises
    :class:`~valaudit.errors.OutputError` when a file cannot be written or its format not
    told, ValueError for an outcome without a report.
    """
    from valaudit.render import renderer
    from valaudit.render.options import RenderOptions

    if isinstance(source, AuditOutcome):
        if source.report is None:
            raise ValueError("The input is invalid: there is no report to write.")
        report = source.report
        default = RenderOptions(width=100, thesis_path=source.validation.target, gates=source.gates)
    else:
        report, default = source, RenderOptions(width=100)
    planned = resolve_targets(targets, "report")
    chosen = options if options is not None else default
    return write_rendered(
        [(path, renderer(name).render_report(report, chosen)) for path, name in planned]
    )


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
    """Write files that are all rendered already: a rendering error leaves none behind."""
    from valaudit.output import write_atomic

    for path, content in rendered:
        write_atomic(path, content)
    return tuple(path for path, _ in rendered)
