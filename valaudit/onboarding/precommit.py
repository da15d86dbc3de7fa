"""The pre-commit hook's entry point: validate the audit folders a commit touches.

pre-commit passes the changed files. A quarterly commit usually changes a data file
(``clients/acme/data/kpis.xlsx``), not the thesis, and ``valaudit validate`` takes folders or
theses, not data files; so each changed file is mapped to its audit folder, the nearest folder
at or above it that holds a ``valaudit.yaml``, and each folder is validated once. Files that
belong to no audit folder are ignored. Everything else is ``valaudit validate``: the same
options, messages and exit codes (3 when a folder is invalid, which fails the commit).

Run as ``python -m valaudit.onboarding.precommit [validate options] FILE...`` (see
``.pre-commit-hooks.yaml``). The hook is a library user like the CLI: it validates through
:mod:`valaudit.api` and prints as ``valaudit validate`` does, with the same options.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from valaudit.cli.options import AllowOutside, NoColor, ValidationFormat, format_help
from valaudit.cli.validate import show_validation
from valaudit.exit_codes import ExitCode
from valaudit.load.paths import THESIS_NAMES


def audit_folder_of(changed: Path, top: Path) -> Path | None:
    """The nearest folder at or above ``changed`` (and not above ``top``) with a thesis."""
    folder = changed if changed.is_dir() else changed.parent
    top = top.resolve()
    while True:
        if any((folder / name).is_file() for name in THESIS_NAMES):
            return folder
        if folder.resolve() == top or folder.resolve() == folder.resolve().parent:
            return None
        folder = folder.parent


def audit_folders(changed: Iterable[str], top: Path) -> list[str]:
    """The audit folders of the changed files, each once, sorted."""
    folders = {audit_folder_of(Path(name), top) for name in changed}
    return sorted({str(folder) for folder in folders if folder is not None})


def validate_changed(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="The files the commit changes.", show_default=False),
    ] = None,
    output_format: Annotated[
        ValidationFormat | None,
        typer.Option("--format", "-f", help=format_help("validation")),
    ] = None,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Validate the audit folders of the changed files (0 when all are valid, 3 if not)."""
    folders = audit_folders(files or [], Path.cwd())
    if not folders:
        raise typer.Exit(ExitCode.OK)
    raise typer.Exit(show_validation(folders, output_format, no_color, allow_outside))


hook = typer.Typer(
    name="valaudit validate",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
hook.command()(validate_changed)


def main(arguments: list[str] | None = None) -> int:
    """Validate the audit folders of the files named on the command line; return the exit code."""
    from valaudit.crash import run_guarded

    return run_guarded(hook, sys.argv[1:] if arguments is None else arguments)


if __name__ == "__main__":
    sys.exit(main())
