"""Where a thesis's data paths point, and whether they may be read.

Data paths are relative to the thesis file and must stay inside the audit folder unless the
user allows otherwise: a thesis received from a client must not be able to make valaudit
read (and quote in a report) an arbitrary file on the auditor's machine.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

THESIS_NAMES = ("valaudit.yaml", "valaudit.yml")


@dataclass(frozen=True)
class Target:
    """The thesis a command was pointed at."""

    thesis: Path
    """Path to open."""
    display: str
    """The thesis path as shown to the user (derived from what they typed)."""
    folder: Path
    folder_display: str


def resolve_target(argument: str) -> Target:
    """A folder holding valaudit.yaml, or the YAML file itself."""
    path = Path(argument)
    if path.is_dir():
        for name in THESIS_NAMES:
            if (path / name).is_file():
                path = path / name
                break
        else:
            path = path / THESIS_NAMES[0]
    display = os.path.normpath(str(path))
    return Target(
        thesis=path,
        display=display,
        folder=path.parent,
        folder_display=os.path.normpath(str(path.parent)),
    )


def display_path(folder_display: str, relative: str) -> str:
    """A data file's path as the user would write it from where they ran the command."""
    return os.path.normpath(str(Path(folder_display) / relative))


def outside_folder(folder: Path, relative: str) -> bool:
    """True when ``relative`` (after resolving links and ``..``) leaves ``folder``.

    Raises :class:`UnusablePath` when the path cannot be resolved at all.
    """
    try:
        base = folder.resolve()
        resolved = (folder / relative).resolve()
    except (ValueError, RuntimeError, OSError) as error:
        # ValueError: a NUL character; RuntimeError: links that point at each other.
        raise UnusablePath(str(error)) from None
    return not resolved.is_relative_to(base)


class UnusablePath(ValueError):
    """A path no file can have: it holds a NUL character or its links form a loop."""


class NotRegularFile(OSError):
    """The path is a device, pipe or socket: reading it could block forever or never end."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.EINVAL, "it is not a regular file (it is a device, pipe or socket)", str(path)
        )


def regular_size(path: Path) -> int:
    """The size of ``path`` after checking it is a regular file (symbolic links followed).

    A thesis or a data path may name ``/dev/zero`` or a named pipe (a client's archive can
    hold one); opening those would hang or read forever, so they are refused before any read.
    Raises FileNotFoundError, IsADirectoryError, PermissionError or :class:`NotRegularFile`.
    """
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path)
    return info.st_size
