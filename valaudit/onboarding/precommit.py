"""The pre-commit hook's entry point: validate the audit folders a commit touches.

pre-commit passes the changed files. A quarterly commit usually changes a data file
(``clients/acme/data/kpis.xlsx``), not the thesis, and ``valaudit validate`` takes folders or
theses, not data files; so each changed file is mapped to its audit folder, the nearest folder
at or above it that holds a ``valaudit.yaml``, and each folder is validated once. Files that
belong to no audit folder are ignored. Everything else is ``valaudit validate``: the same
options, messages and exit codes (3 when a folder is invalid, which fails the commit).

Run as ``python -m valaudit.onboarding.precommit [validate options] FILE...`` (see
``.pre-commit-hooks.yaml``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from valaudit.load.paths import THESIS_NAMES

#: ``valaudit validate`` options the hook passes on; the one that takes a value comes first.
_VALUE_OPTIONS = ("--format", "-f")
_FLAG_OPTIONS = ("--no-color", "--allow-outside")


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


def split_arguments(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(validate options, changed files) from the hook's command line."""
    options: list[str] = []
    files: list[str] = []
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        if argument in _VALUE_OPTIONS and position + 1 < len(arguments):
            options += arguments[position : position + 2]
            position += 2
            continue
        if argument in _FLAG_OPTIONS or argument.startswith("--format="):
            options.append(argument)
        else:
            files.append(argument)
        position += 1
    return options, files


def main(arguments: list[str] | None = None) -> int:
    """Validate the audit folders of the files named on the command line; return the exit code."""
    from valaudit.cli import app
    from valaudit.crash import run_guarded

    options, files = split_arguments(sys.argv[1:] if arguments is None else arguments)
    folders = audit_folders(files, Path.cwd())
    if not folders:
        return 0
    saved, sys.argv = sys.argv, ["valaudit", "validate", *options, *folders]
    try:
        return run_guarded(app)
    finally:
        sys.argv = saved


if __name__ == "__main__":
    sys.exit(main())
