"""Finding the audit folders under a root: every folder that holds a ``valaudit.yaml``.

A consultant's tree is a client archive, not a curated input, so discovery is defensive:
hidden folders (``.git``, ``.venv``, ``.Trash``) are skipped, a symbolic link is followed
only when it stays inside ROOT (a client folder must not make valaudit read, and quote in a
report, the rest of the auditor's disk), and a link back to a folder it is inside is not
followed round and round. The result is sorted by relative path, so every run, on every
machine, lists the same folders in the same order.

Every folder that holds an entry named ``valaudit.yaml`` (or ``.yml``) is a candidate and ends
up either audited or skipped with its reason, never silently dropped: a thesis that is a
named pipe, a socket, a folder or a link to nothing is audited like any other, and its row
carries the validator's error for it (which refuses such a file without opening it, so a
pipe can never block the run). Only a thesis that is a link leaving ROOT is skipped, since
following it would read outside ROOT. Nothing here opens a thesis.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from valaudit.load.paths import THESIS_NAMES

#: The relative path of ROOT itself, when ROOT is an audit folder.
ROOT_PATH = "."


@dataclass(frozen=True)
class SkippedFolder:
    """A folder discovery chose not to enter or not to audit, and why."""

    path: str
    """Relative to ROOT, with ``/`` separators."""
    reason: str


@dataclass(frozen=True)
class Discovery:
    """The audit folders found under ROOT, sorted by relative path."""

    folders: tuple[str, ...]
    """Relative to ROOT with ``/`` separators; ``.`` is ROOT itself."""
    skipped: tuple[SkippedFolder, ...]
    """Links that leave ROOT or loop back, and folders that could not be read."""


def path_key(relative: str) -> tuple[str, ...]:
    """Sort key for relative paths: by component, so ``a/b`` sorts before ``a-b``."""
    return () if relative == ROOT_PATH else tuple(relative.split("/"))


class PathPattern:
    """A glob pattern matched against a folder's path relative to ROOT.

    ``*`` and ``?`` stay within one path component, ``**`` spans any number of them, and
    ``[abc]`` is a character class. A folder also matches when one of its parent folders
    does, so ``--exclude archive`` drops everything beneath ``archive``. Matching is
    case-sensitive, so the same patterns select the same folders on every platform.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        cleaned = pattern.strip().replace("\\", "/").removeprefix("./").strip("/")
        self._regex = re.compile(_translate(cleaned))

    def matches(self, relative: str) -> bool:
        """True when ``relative`` or one of its parent folders matches."""
        if self._regex.fullmatch(relative):
            return True
        parts = path_key(relative)
        return any(self._regex.fullmatch("/".join(parts[:end])) for end in range(1, len(parts)))

    def __repr__(self) -> str:
        return f"PathPattern({self.pattern!r})"


def _translate(pattern: str) -> str:
    """The regular expression for a glob pattern (see :class:`PathPattern`).

    Written here rather than taken from a library: ``fnmatch`` lets ``*`` cross folders, and
    wcmatch's ``globmatch`` (with GLOBSTAR) and Python 3.13's ``glob.translate`` read ``**``
    inside a name (``clients**2025``) as ``*``, where ``--include`` promises that ``**`` spans
    folders; wcmatch would also be case-insensitive on Windows unless told otherwise.
    """
    out: list[str] = []
    index, size = 0, len(pattern)
    while index < size:
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        char = pattern[index]
        index += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = index + (1 if index < size and pattern[index] in "!^" else 0)
            end += 1 if end < size and pattern[end] == "]" else 0
            end = pattern.find("]", end)
            if end < 0:
                out.append(re.escape(char))
                continue
            body = pattern[index:end].replace("\\", "\\\\")
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append(f"(?!/)[{body}]")
            index = end + 1
        else:
            out.append(re.escape(char))
    return "".join(out)


def selected(relative: str, include: Sequence[PathPattern], exclude: Sequence[PathPattern]) -> bool:
    """True when the folder passes the ``--include`` and ``--exclude`` patterns."""
    if include and not any(p.matches(relative) for p in include):
        return False
    return not any(p.matches(relative) for p in exclude)


def discover(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Discovery:
    """Every audit folder under ``root`` that the patterns select, sorted by relative path."""
    include_patterns = [PathPattern(p) for p in include]
    exclude_patterns = [PathPattern(p) for p in exclude]
    base = root.resolve()
    folders: list[str] = []
    skipped: list[SkippedFolder] = []
    # Depth-first over (relative path, real path, real paths of the folders it is inside).
    stack: list[tuple[str, Path, frozenset[Path]]] = [(ROOT_PATH, base, frozenset({base}))]
    while stack:
        relative, real, inside = stack.pop()
        try:
            entries = sorted(os.scandir(real), key=lambda entry: entry.name)
        except OSError as error:
            skipped.append(SkippedFolder(relative, f"cannot be read: {error.strerror or error}"))
            continue
        thesis_found = False
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = entry.name if relative == ROOT_PATH else f"{relative}/{entry.name}"
            if entry.name in THESIS_NAMES:
                if entry.is_symlink() and not _link_inside(entry, base):
                    skipped.append(
                        SkippedFolder(
                            relative, f"its {entry.name} is a link to a file outside ROOT"
                        )
                    )
                else:
                    thesis_found = True
                if not _is_dir(entry):
                    continue  # a folder of that name is searched like any other
            if not _is_dir(entry) or any(p.matches(child) for p in exclude_patterns):
                continue
            target = _resolve(entry) if entry.is_symlink() else Path(entry.path)
            if target is None or not target.is_relative_to(base):
                skipped.append(SkippedFolder(child, "a link to a folder outside ROOT"))
            elif target in inside:
                skipped.append(SkippedFolder(child, "a link back to a folder it is inside"))
            else:
                stack.append((child, target, inside | {target}))
        if thesis_found and selected(relative, include_patterns, exclude_patterns):
            folders.append(relative)
    return Discovery(
        folders=tuple(sorted(dict.fromkeys(folders), key=path_key)),
        skipped=tuple(sorted(skipped, key=lambda s: (path_key(s.path), s.reason))),
    )


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _resolve(entry: os.DirEntry[str]) -> Path | None:
    """Where a link really points; None when that cannot be known (then it is not followed)."""
    try:
        return Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, on Python < 3.13
        return None


def _link_inside(entry: os.DirEntry[str], base: Path) -> bool:
    """True when a link leads to a place inside ROOT. Where it leads is worked out without
    opening anything, so that a link to nothing, or round in a loop, still has an answer
    (the place it names); its folder is then audited and its row says what is wrong."""
    try:
        target = Path(os.path.realpath(entry.path))
    except (OSError, ValueError):
        return False
    return target.is_relative_to(base)
