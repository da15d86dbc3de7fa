"""``valaudit audit``: validate, analyse and report one audit folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

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
    suffix_help,
)
from valaudit.exit_codes import ExitCode
from valaudit.model.run_codes import Gate


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
            help="Exit 1 when this gate trips: " + ", ".join(Gate) + ". Repeatable.",
        ),
    ] = None,
    quiet: Quiet = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Validate, analyse and report one audit folder: the verdict, the chain and where it breaks.

    Exit code 0 when done, 1 when a --fail-on gate trips, 2 on a usage error, 3 when the input
    is invalid (the errors are listed as by 'valaudit validate').
    """
    as_of_date = parse_date(as_of)
    targets = output_targets(output or [], "report")
    from dataclasses import replace

    from valaudit import api
    from valaudit.render import format_names, renderer, validation_renderer
    from valaudit.render.options import RenderOptions

    outcome = api.audit_folder(
        path, as_of=as_of_date, gates=fail_on or [], allow_outside=allow_outside
    )
    name = console.chosen_format(output_format)
    options = console.options_for(name, no_color)
    if outcome.report is None:
        # The same located errors as `validate`; on stderr when --quiet keeps stdout clean.
        shown = name if name in format_names("validation") else "text"
        text = validation_renderer(shown).render_validation([outcome.validation], options)
        (sys.stderr.write if quiet else console.emit)(text)
        raise typer.Exit(ExitCode.INVALID)
    api.write_reports(outcome, targets)
    report = outcome.report
    if not quiet:
        # CI formats point at the thesis as the user named it; junit lists the gates as tests.
        printed = replace(options, thesis_path=outcome.validation.target, gates=outcome.gates)
        console.emit(renderer(name).render_report(report, printed))
    if name == "github":
        summary_options = RenderOptions(
            width=100, thesis_path=outcome.validation.target, gates=outcome.gates
        )
        _append_step_summary(renderer("markdown").render_report(report, summary_options))
    for gate in outcome.tripped:
        sys.stderr.write(f"valaudit: gate '{gate.gate}' tripped: {gate.reason}\n")
    raise typer.Exit(ExitCode.GATE if outcome.tripped else ExitCode.OK)


def _append_step_summary(markdown: str | bytes) -> None:
    """In a GitHub Actions job, add the Markdown report to the job's summary page.

    Only with ``--format github``: the user asked for GitHub integration, and other formats
    run in Actions (a JSON export, say) should not grow the summary behind their back. A
    summary that cannot be written is a warning, never a failed audit.
    """
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    text = markdown.decode("utf-8") if isinstance(markdown, bytes) else markdown
    try:
        with Path(summary).open("a", encoding="utf-8") as stream:
            stream.write(text + "\n")
    except OSError as error:
        sys.stderr.write(
            f"valaudit: cannot append to GITHUB_STEP_SUMMARY: {error.strerror or error}\n"
        )
