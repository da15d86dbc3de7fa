"""The command line: the only module that parses arguments, prints and picks exit codes.

Heavy libraries (pandas, jsonschema, openpyxl) are imported inside the commands that need
them, so ``valaudit --version`` and ``--help`` start as fast as a bare typer app.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
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


class ValidateFormat(str, Enum):
    terminal = "terminal"
    text = "text"
    json = "json"
    github = "github"


class SchemaName(str, Enum):
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
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """valaudit reads an investment thesis (valaudit.yaml) and KPI tables, and reports where value leaks."""


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


NoColor = Annotated[bool, typer.Option("--no-color", help="Plain output without colour (NO_COLOR is honoured too).")]
AllowOutside = Annotated[
    bool,
    typer.Option("--allow-outside", help="Let data paths point outside the audit folder (trusted theses only)."),
]


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Audit folders, or their valaudit.yaml files.", show_default=False)],
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option("--format", "-f", help="terminal (default on a terminal), text (default when piped), json, github."),
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
    name = (output_format.value if output_format else ("terminal" if _is_tty() else "text"))
    options = RenderOptions(color=name == "terminal" and _use_color(no_color), width=_width(),
                            terminal=_is_tty())
    _emit(renderer(name, VALIDATION_FORMATS).render_validation(results, options))
    raise typer.Exit(EXIT_INVALID if any(r.errors for r in results) else EXIT_OK)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema: thesis, report or validation.")] = SchemaName.thesis,
) -> None:
    """Print a JSON Schema: the thesis format, the JSON report, or the validation result."""
    from valaudit.schemas import schema_text

    _emit(schema_text(name.value))


def main() -> None:
    """Console entry point: runs the app and turns anything unexpected into a bug report."""
    from valaudit.crash import run_guarded

    sys.exit(run_guarded(app, debug="--debug" in sys.argv[1:]))
