"""Writing output files atomically: a report is either complete or not there at all.

Each file is written to a temporary file in the same folder and renamed over the target,
so a crash, a full disk or Ctrl-C never leaves a half-written report, and an existing file
is replaced only by a complete new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from valaudit.errors import OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(f"Cannot write {path}: the folder {folder} does not exist.")
    if path.is_dir():
        raise OutputError(f"Cannot write {path}: it is a folder.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"Cannot write {path}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        mode = 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise OutputError(f"Cannot write {path}: {error.strerror or error}.") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
