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
#: What a thesis file's name ends in.
THESIS_SUFFIXES = (".yaml", ".yml")
#: What a workbook's file name ends in (the kinds calamine and the XLSX reader read); here,
#: not with that reader, so that a CSV folder never imports it.
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class UserPath:
    """A file or folder as valaudit opens it and as the user would write it.

    Messages and reports name files the way the user named them (relative paths stay
    relative), so every path travels with its shown form.
    """

    path: Path
    """Path to open."""
    shown: str
    """The path as shown to the user, derived from what they typed."""

    @classmethod
    def typed(cls, path: Path) -> UserPath:
        """A path exactly as the user typed it (normalised: ``./a/../b`` shows as ``b``)."""
        return cls(path, os.path.normpath(str(path)))

    def join(self, relative: str) -> UserPath:
        """``relative`` inside this folder, e.g. a data path relative to the thesis."""
        return UserPath(self.path / relative, os.path.normpath(str(Path(self.shown) / relative)))


@dataclass(frozen=True)
class Target:
    """The thesis a command was pointed at, and the folder its data paths start from."""

    thesis_file: UserPath
    folder: UserPath

    @property
    def thesis(self) -> Path:
        """Path of the thesis to open."""
        return self.thesis_file.path

    @property
    def display(self) -> str:
        """The thesis path as shown to the user."""
        return self.thesis_file.shown

    @property
    def folder_display(self) -> str:
        """The folder as shown to the user."""
        return self.folder.shown


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
    return Target(thesis_file=UserPath.typed(path), folder=UserPath.typed(path.parent))


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
