"""``valaudit validate``: check theses and KPI tables, list every problem with its location."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from valaudit import console
from valaudit.cli.options import AllowOutside, NoColor, ValidationFormat, format_help
from valaudit.exit_codes import ExitCode

if TYPE_CHECKING:
    from valaudit.model.validation import FolderValidation


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

    Exit code 0 when everything is valid, 3 when any folder has an error, 70 on an internal
    error. Warnings never change the exit code. junit gives one failing test case per error,
    github an annotation at each problem's line or row.
    """
    raise typer.Exit(show_validation(paths, output_format, no_color, allow_outside))


def show_validation(
    paths: Sequence[str], output_format: str | None, no_color: bool, allow_outside: bool
) -> ExitCode:
    """Validate each folder, print the results, and say how the run ends (0 or 3).

    Shared with the pre-commit hook, which validates the folders a commit touches. On an
    internal error (exit 70), the machine formats still print a whole document: the results
    so far and the folder that failed, as an ``internal_error``.
    """
    from valaudit import api
    from valaudit.render import validation_renderer

    name = console.chosen_format(output_format)
    options = console.options_for(name, no_color)
    results: list[FolderValidation] = []
    for path in paths:
        try:
            results.append(api.validate_folder(path, allow_outside=allow_outside))
        except Exception as error:
            if name not in ("terminal", "text"):
                with contextlib.suppress(Exception):
                    crashed = api.crashed_outcome(path, error).validation
                    shown = validation_renderer(name).render_validation(
                        [*results, crashed], options
                    )
                    console.emit(shown)
            raise
    console.emit(validation_renderer(name).render_validation(results, options))
    return ExitCode.INVALID if any(r.errors for r in results) else ExitCode.OK
