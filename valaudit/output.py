"""Writing output files: complete or not there at all, never over an input, never stale.

Each file is written to a temporary file in its target's folder, flushed to disk and renamed
over the target, so a crash, a full disk or Ctrl-C never leaves a half-written report. The
files of one run are all-or-nothing (:func:`write_all`): every one is written to its
temporary file first, and only then are they all renamed into place; if any cannot be
written, none is. An existing file that is rewritten keeps its permissions (a report kept
``0600`` stays ``0600``).

Reports go through :func:`write_all` with ``remove_earlier_on_failure``: when this run's
files cannot be written, the files an earlier run left at those paths are removed, so that a
CI job never publishes last quarter's results as this quarter's. :func:`refuse_inputs` keeps
every output away from the files and audit folders a run reads.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from valaudit.errors import OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write one file atomically; an existing file keeps its mode."""
    write_all([(path, data)])


def write_all(
    files: Sequence[tuple[Path, str | bytes]], *, remove_earlier_on_failure: bool = False
) -> tuple[Path, ...]:
    """Write every file, or none: all to temporary files first, then all renamed into place.

    Raises :class:`OutputError` naming the file that failed and saying what was left. With
    ``remove_earlier_on_failure``, the files at every target are removed on failure, so no
    earlier run's file is left looking like this run's.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((path, _stage(path, data)))
    except _StageError as error:
        _discard(temporary for _, temporary in staged)
        raise _failure(error.path, error.reason, files, remove_earlier_on_failure) from None
    except BaseException:  # Ctrl-C or a bug: leave no temporary file behind
        _discard(temporary for _, temporary in staged)
        raise
    # Renames within a folder need no space: once every file is written, they go through.
    for index, (path, temporary) in enumerate(staged):
        try:
            temporary.replace(path)
        except BaseException as error:
            _discard(temporary for _, temporary in staged[index:])
            if not isinstance(error, OSError):
                raise
            reason = str(error.strerror or error)
            raise _failure(path, reason, files, remove_earlier_on_failure, staged[:index]) from None
    return tuple(path for path, _ in files)


def remove_all(paths: Iterable[Path]) -> list[Path]:
    """Remove the files at ``paths`` that exist; return those that could not be removed."""
    left = []
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            if path.is_file():
                left.append(path)
    return left


class _StageError(OutputError):
    """One file could not be written; ``path`` and ``reason`` say which and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Cannot write {path}: {reason}.")
        self.path = path
        self.reason = reason


def _stage(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to a temporary file next to ``path``, with the mode ``path`` will have."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise _StageError(path, f"the folder {folder} does not exist")
    if path.is_dir():
        raise _StageError(path, "it is a folder")
    mode = _mode_for(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _StageError(path, str(error.strerror or error)) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
    except OSError as error:
        _discard([temporary])
        raise _StageError(path, str(error.strerror or error)) from None
    except BaseException:
        _discard([temporary])
        raise
    return temporary


def _failure(
    path: Path,
    reason: str,
    files: Sequence[tuple[Path, str | bytes]],
    remove_earlier: bool,
    replaced: Sequence[tuple[Path, Path]] = (),
) -> OutputError:
    """The error for a run whose files could not all be written, after the clean-up."""
    message = f"Cannot write {path}: {reason}."
    paths = [target for target, _ in files]
    if len(paths) > 1 and not replaced:
        message += f" None of the {len(paths)} output files was written."
    if remove_earlier:
        left = remove_all(paths)
        message += (
            " The file an earlier run left there, if any, was removed"
            if len(paths) == 1
            else " Files an earlier run left at those paths were removed"
        ) + ", so that none is taken for this run's result."
        if left:
            message += " Could not remove " + ", ".join(str(p) for p in left) + "."
    elif replaced:
        message += " Already replaced: " + ", ".join(str(p) for p, _ in replaced) + "."
    return OutputError(message)


def _discard(temporaries: Iterable[Path]) -> None:
    for temporary in temporaries:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced, or what a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def refuse_inputs(
    targets: Iterable[Path], *, folders: Iterable[Path] = (), files: Iterable[Path] = ()
) -> None:
    """Raise :class:`OutputError` (exit code 2) for an output that is one of the run's input
    ``files`` or lies inside one of the audit ``folders`` it reads, or that is named twice.

    Paths are compared as the file system sees them: links resolved, and by device and inode
    wherever the path exists, so another spelling of the same file (``Data/KPIS.xlsx`` on a
    case-insensitive disk, a hard link, a link to the folder) is caught too.
    """
    folder_ids = {ident: folder for folder in folders if (ident := _identity(folder))}
    file_ids = {ident: file for file in files if (ident := _identity(file))}
    seen: dict[str, Path] = {}
    for target in targets:
        for candidate in _self_and_parents(target):
            ident = _identity(candidate)
            if ident is None:
                continue
            if ident in file_ids:
                raise OutputError(
                    f"Refusing to write {target}: it is {file_ids[ident]}, an input of this "
                    "run, and valaudit never writes over its inputs. Nothing was written; "
                    "choose another output file."
                )
            if ident in folder_ids:
                raise OutputError(
                    f"Refusing to write {target}: it is inside the audit folder "
                    f"{folder_ids[ident]}, which valaudit only reads. Nothing was written; "
                    "write reports outside the audit folder."
                )
        key = os.path.normcase(_resolved(target))
        if key in seen:
            raise OutputError(
                f"{target} and {seen[key]} are the same file: name each output once. "
                "Nothing was written."
            )
        seen[key] = target


def _self_and_parents(target: Path) -> list[Path]:
    """The target and every folder above it, as given and with links resolved."""
    given = target.absolute()
    resolved = _resolved(target)
    return [given, *given.parents, resolved, *resolved.parents]


def _resolved(target: Path) -> Path:
    """``target`` with links resolved, or as given when they loop."""
    try:
        return target.resolve()
    except (OSError, RuntimeError):
        return target.absolute()


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of what ``path`` names, links followed; None if nothing is there."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino
