"""The command line: the only module that parses arguments, prints and picks exit codes.

Heavy libraries (pandas, jsonschema, openpyxl) are imported inside the commands that need
them, so ``valaudit --version`` and ``--help`` start as fast as a bare typer app.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from valaudit import __version__

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3

app = typer.Typer(
    name="valaudit",
    help="Audit where an investment's value leaks between implementation and financial results.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    junit = "junit"
    github = "github"


class Gate(StrEnum):
    invalid = "invalid"
    stalled = "stalled"
    no_outcome = "no-outcome"
    not_realized = "not-realized"
    guardrail = "guardrail"
    off_track = "off-track"


class SchemaName(StrEnum):
    thesis = "thesis"
    report = "report"
    validation = "validation"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"valaudit {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """valaudit reads an investment thesis (valaudit.yaml) and KPI tables, and reports where value
    leaks."""


def _is_tty() -> bool:
    return sys.stdout.isatty()


def _use_color(no_color: bool) -> bool:
    return _is_tty() and not no_color and "NO_COLOR" not in os.environ


def _width() -> int:
    if _is_tty():
        return max(60, min(os.get_terminal_size().columns, 160))
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and 40 <= int(columns) <= 400 else 100


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


NoColor = Annotated[
    bool, typer.Option("--no-color", help="Plain output without colour (NO_COLOR is honoured too).")
]
AllowOutside = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Let data paths point outside the audit folder (trusted theses only).",
    ),
]


@app.command()
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help="Audit folders, or their valaudit.yaml files.", show_default=False),
    ],
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal (default on a terminal), text (default when piped), json, github.",
        ),
    ] = None,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Check theses and KPI tables; list every problem with its file, sheet, row, column or line.

    Exit code 0 when everything is valid, 3 when any folder has an error. Warnings never change
    the exit code.
    """
    from valaudit.render import VALIDATION_FORMATS, renderer
    from valaudit.render.options import RenderOptions
    from valaudit.validate.folder import validate_folder

    results = [validate_folder(path, allow_outside=allow_outside) for path in paths]
    name = output_format.value if output_format else ("terminal" if _is_tty() else "text")
    options = RenderOptions(
        color=name == "terminal" and _use_color(no_color), width=_width(), terminal=_is_tty()
    )
    _emit(renderer(name, VALIDATION_FORMATS).render_validation(results, options))
    raise typer.Exit(EXIT_INVALID if any(r.errors for r in results) else EXIT_OK)


def _parse_date(value: str | None) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


def _output_formats(outputs: list[Path]) -> list[tuple[Path, str]]:
    from valaudit.render import SUFFIX_FORMATS

    planned = []
    for path in outputs:
        name = SUFFIX_FORMATS.get(path.suffix.lower())
        if name is None:
            raise typer.BadParameter(
                f"Cannot tell the format of {path} from its suffix; use one of "
                + ", ".join(sorted(SUFFIX_FORMATS))
                + ".",
                param_hint="-o/--output",
            )
        planned.append((path, name))
    return planned


@app.command()
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
        typer.Option(
            "--format",
            "-f",
            help="terminal (default on a terminal), text (default when piped), json, markdown, "
            "html, junit, github.",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the report to FILE; the format comes from the suffix "
            "(.json .md .html .xlsx .xml .txt). Repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        list[Gate] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this gate trips: invalid, stalled, no-outcome, not-realized, "
            "guardrail, off-track. Repeatable.",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing but gate failures; still write -o files."
        ),
    ] = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Validate, analyse and report one audit folder: the verdict, the chain and where it breaks.

    Exit code 0 when done, 1 when a --fail-on gate trips, 2 on a usage error, 3 when the input
    is invalid (the errors are listed as by 'valaudit validate').
    """
    as_of_date = _parse_date(as_of)
    planned = _output_formats(output or [])
    from valaudit.analyse.audit import run_audit
    from valaudit.gates import evaluate_gates
    from valaudit.output import write_atomic
    from valaudit.render import VALIDATION_FORMATS, renderer
    from valaudit.render.options import RenderOptions
    from valaudit.validate.folder import validate_folder

    name = output_format.value if output_format else ("terminal" if _is_tty() else "text")
    options = RenderOptions(
        color=name == "terminal" and _use_color(no_color), width=_width(), terminal=_is_tty()
    )
    validation = validate_folder(path, allow_outside=allow_outside)
    if not validation.valid:
        # The same located errors as `validate`; on stderr when --quiet keeps stdout clean.
        shown = name if name in VALIDATION_FORMATS else "text"
        text = renderer(shown, VALIDATION_FORMATS).render_validation([validation], options)
        (sys.stderr.write if quiet else _emit)(text)
        raise typer.Exit(EXIT_INVALID)
    report = run_audit(validation, as_of_date)
    files = [
        (target, renderer(fmt).render_report(report, RenderOptions(width=100)))
        for target, fmt in planned
    ]
    from valaudit.errors import OutputError

    try:
        for target, content in files:
            write_atomic(target, content)
    except OutputError as error:
        sys.stderr.write(f"valaudit: {error}\n")
        raise typer.Exit(error.exit_code) from None
    if not quiet:
        _emit(_as_text(renderer(name).render_report(report, options)))
    gates = evaluate_gates(report, tuple(g.value for g in fail_on or []))
    tripped = [g for g in gates if g.tripped]
    for gate in tripped:
        sys.stderr.write(f"valaudit: gate '{gate.gate}' tripped: {gate.reason}\n")
    raise typer.Exit(EXIT_GATE if tripped else EXIT_OK)


def _as_text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


@app.command()
def schema(
    name: Annotated[
        SchemaName, typer.Argument(help="Which schema: thesis, report or validation.")
    ] = SchemaName.thesis,
) -> None:
    """Print a JSON Schema: the thesis format, the JSON report, or the validation result."""
    from valaudit.schemas import schema_text

    _emit(schema_text(name.value))


def main() -> None:
    """Console entry point: runs the app and turns anything unexpected into a bug report."""
    from valaudit.crash import run_guarded

    sys.exit(run_guarded(app, debug="--debug" in sys.argv[1:]))
