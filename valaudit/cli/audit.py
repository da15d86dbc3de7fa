"""``valaudit audit``: validate, analyse and report one audit folder."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from valaudit import console
from valaudit.cli.options import (
    AllowOutside,
    NoColor,
    Quiet,
    ReportFormat,
    format_help,
    output_targets,
    parse_date,
    require_compare,
    suffix_help,
)
from valaudit.exit_codes import ExitCode
from valaudit.model.run_codes import Gate, TrajectoryEvery

if TYPE_CHECKING:
    from valaudit.folder_audit import AuditOutcome
    from valaudit.model.validation import FolderValidation
    from valaudit.render.options import RenderOptions


def audit(
    path: Annotated[
        str, typer.Argument(help="The audit folder, or its valaudit.yaml.", show_default=False)
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge as of this date (YYYY-MM-DD). Default: the thesis's review_date, "
            "else the latest period in the data.",
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help=format_help("report")),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the report to FILE; the format comes from the suffix "
            f"{suffix_help('report')}. Repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        list[Gate] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this gate trips: "
            + ", ".join(Gate)
            + ". Repeatable. JUnit cases fail, and GitHub annotations are errors, only where a "
            "gate asked for trips.",
        ),
    ] = None,
    trajectory: Annotated[
        bool,
        typer.Option(
            "--trajectory",
            help="Also replay the audit at the end of every period from go-live to the as-of "
            "date (as separate --as-of runs would, in one run) and show how the verdict, the "
            "break, realization, money and each KPI evolved.",
        ),
    ] = False,
    every: Annotated[
        TrajectoryEvery | None,
        typer.Option(
            "--every",
            help="The dates of the trajectory: the end of every period of the data (period, "
            "the default), of every quarter, or of every year. Implies --trajectory.",
            show_default=False,
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            metavar="FILE",
            help="Also show what changed since an earlier JSON report of this audit (an "
            "earlier run's -o report.json): verdict, break, flags, realization and money, "
            "KPI and guardrail statuses, data problems. A report of another audit, or a file "
            "that is not a report, is a usage error (exit code 2).",
        ),
    ] = None,
    quiet: Quiet = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Validate, analyse and report one audit folder: the verdict, the chain and where it breaks.

    Exit code 0 when done, 1 when a --fail-on gate trips, 2 on a usage error (a --compare file
    that is not a report of this audit among them), 3 when the input is invalid (the errors
    are listed as by 'valaudit validate', in the chosen format), 70 on an internal error. Every
    -o file holds this run's outcome: the report, or the errors (or the internal error) in that
    file's format; when the files cannot all be written, none is and earlier files at those
    paths are removed. An -o file inside the audit folder, or one the audit reads, is refused
    before anything is written.
    """
    as_of_date = parse_date(as_of)
    targets = output_targets(output or [], "report")
    require_compare(fail_on, compare)
    if every is not None:
        trajectory = True
    from valaudit import api

    outputs = [target for target, _ in targets]
    api.check_outputs(path, outputs)
    previous = api.read_previous(compare)  # before any work: a file that is no report is exit 2
    name = console.chosen_format(output_format)
    options = console.options_for(name, no_color)
    validation = None
    try:
        validation = api.validate_folder(path, allow_outside=allow_outside)
        outcome = api.audit_validated(
            validation,
            as_of=as_of_date,
            gates=fail_on or [],
            trajectory=(every or TrajectoryEvery.PERIOD) if trajectory else None,
            compare=previous,
        )
        shown = _shown(outcome, name, options, quiet)
        api.write_reports(outcome, targets)
    except Exception as error:
        from valaudit.errors import ValauditError

        if not isinstance(error, ValauditError):
            settings = (name, options, quiet, allow_outside)
            _record_crash(path, error, targets, settings, known=validation)
        raise
    if shown is not None:
        (sys.stderr.write if quiet else console.emit)(shown)
    if name == "github":
        append_step_summary(_summary(outcome))
    if outcome.report is None:
        raise typer.Exit(ExitCode.INVALID)
    for gate in outcome.tripped:
        sys.stderr.write(f"valaudit: gate '{gate.gate}' tripped: {gate.reason}\n")
    raise typer.Exit(ExitCode.GATE if outcome.tripped else ExitCode.OK)


def _shown(outcome: "AuditOutcome", name: str, options: "RenderOptions", quiet: bool) -> str | None:
    """What the run prints: the report (or the errors) in the chosen format; with --quiet,
    only the errors, as text on standard error."""
    from dataclasses import replace

    from valaudit.render import renderer, validation_renderer

    # CI formats point at the thesis as the user named it, and follow the gates.
    printed = replace(options, thesis_path=outcome.validation.target, gates=outcome.gates)
    if outcome.report is None:
        shown = "text" if quiet else name
        return _text(validation_renderer(shown).render_validation([outcome.validation], printed))
    return None if quiet else _text(renderer(name).render_report(outcome.report, printed))


def _summary(outcome: "AuditOutcome") -> str:
    """The Markdown for the GitHub job summary: the report, or the errors."""
    from valaudit.render import renderer, validation_renderer
    from valaudit.render.options import RenderOptions

    options = RenderOptions(width=100, thesis_path=outcome.validation.target, gates=outcome.gates)
    if outcome.report is None:
        return _text(
            validation_renderer("markdown").render_validation([outcome.validation], options)
        )
    return _text(renderer("markdown").render_report(outcome.report, options))


def _record_crash(
    path: str,
    error: Exception,
    targets: list[tuple[Path, str]],
    settings: "tuple[str, RenderOptions, bool, bool]",
    known: "FolderValidation | None",
) -> None:
    """Before the crash is reported (exit 70), make every output say that there is no report.

    Each -o file gets the failure report of its format (or is removed if that cannot be
    written); machine formats print it too, so a CI job reads a well-formed document. The -o
    files are left alone when they might be inputs: with --allow-outside and a crash before
    validation ended, the files the thesis names outside the folder are unknown.
    """
    from valaudit import api
    from valaudit.errors import OutputError
    from valaudit.output import remove_all

    name, options, quiet, allow_outside = settings
    outcome = api.crashed_outcome(path, error)
    outputs = [target for target, _ in targets]
    try:
        if known is not None:
            api.check_outputs(known, outputs)
        elif allow_outside:
            outputs = []
    except OutputError:
        outputs = []
    if outputs:
        try:
            api.write_reports(outcome, targets)
        except Exception:  # the failure report failed too: at least leave nothing stale
            remove_all(outputs)
    if quiet or name in ("terminal", "text"):
        return  # the crash message on standard error says it all
    with contextlib.suppress(Exception):
        shown = _shown(outcome, name, options, quiet)
        if shown is not None:
            console.emit(shown)
        if name == "github":
            append_step_summary(_summary(outcome))


def _text(rendered: str | bytes) -> str:
    return rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered


def append_step_summary(markdown: str) -> None:
    """In a GitHub Actions job, add the Markdown report (or the errors, or the portfolio) to
    the job's summary page.

    Only with ``--format github``: the user asked for GitHub integration, and other formats
    run in Actions (a JSON export, say) should not grow the summary behind their back. A
    summary that cannot be written is a warning, never a failed audit.
    """
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    try:
        with Path(summary).open("a", encoding="utf-8") as stream:
            stream.write(markdown + "\n")
    except OSError as error:
        sys.stderr.write(
            f"valaudit: cannot append to GITHUB_STEP_SUMMARY: {error.strerror or error}\n"
        )
