"""``valaudit validate``: check theses and KPI tables, list every problem with its location."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from valaudit import console
from valaudit.cli.options import AllowOutside, NoColor, ValidationFormat, format_help
from valaudit.exit_codes import ExitCode


def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help="Audit folders, or their valaudit.yaml files.", show_default=False),
    ],
    output_format: Annotated[
        ValidationFormat | None,
        typer.Option("--format", "-f", help=format_help("validation")),
    ] = None,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Check theses and KPI tables; list every problem with its file, sheet, row, column or line.

    Exit code 0 when everything is valid, 3 when any folder has an error. Warnings never change
    the exit code.
    """
    raise typer.Exit(show_validation(paths, output_format, no_color, allow_outside))


def show_validation(
    paths: Sequence[str], output_format: str | None, no_color: bool, allow_outside: bool
) -> ExitCode:
    """Validate each folder, print the results, and say how the run ends (0 or 3).

    Shared with the pre-commit hook, which validates the folders a commit touches.
    """
    from valaudit import api
    from valaudit.render import validation_renderer

    results = [api.validate_folder(path, allow_outside=allow_outside) for path in paths]
    name = console.chosen_format(output_format)
    options = console.options_for(name, no_color)
    console.emit(validation_renderer(name).render_validation(results, options))
    return ExitCode.INVALID if any(r.errors for r in results) else ExitCode.OK
