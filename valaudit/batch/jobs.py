"""What a batch worker is given: the run's shared options and one folder to audit.

Both are small frozen dataclasses of plain values, so they pickle cheaply to a process pool
or a Dask cluster. This module imports nothing heavy: the parent process, which only hands
folders out, never loads pandas.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from valaudit.model.codes import Gate


@dataclass(frozen=True)
class TaskOptions:
    """What every folder of one batch run shares; small and picklable."""

    root: str
    """ROOT as an absolute path: on a Dask cluster it must name the same place for workers."""
    as_of: dt.date | None = None
    gates: tuple[Gate, ...] = ()
    """``--fail-on`` gates, evaluated per folder."""
    allow_outside: bool = False
    out_dir: str | None = None
    """Where each folder's own reports go (absolute), or None for no per-folder reports."""
    report_formats: tuple[str, ...] = ("json",)


@dataclass(frozen=True)
class FolderJob:
    """One folder to audit."""

    path: str
    """Relative to ROOT, with ``/`` separators; ``.`` is ROOT itself."""
    report_stem: str
    """File name stem for its reports in ``--out-dir`` (unique within the run)."""


def relative_text(text: str, root: str) -> str:
    """``text`` with ROOT's absolute path taken out of any path it quotes, so a portfolio
    reads the same on every machine."""
    return text.replace(root.rstrip(os.sep) + os.sep, "")
