"""The per-folder task: one audit folder in, one small picklable row out.

:func:`audit_folder` is a plain module-level function, so it pickles by reference and the
very same code runs in-process (``--jobs 1``), in a local process pool and on Dask workers:
every executor gives the same rows. It never raises. An invalid folder becomes a row with its
first located errors; anything unexpected becomes a ``crashed`` row with the exception text,
so one folder can never stop or spoil the others. Only the row travels back, never a
DataFrame or a report, which keeps inter-process traffic and the parent's memory small
whatever a folder holds.

This module is light: the pipeline (pandas included) lives in :mod:`valaudit.batch.pipeline`
and is imported on the first call, so a parent process that only hands folders out never
loads it, and a worker loads it once (the local pool preloads it before forking workers).
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["ok", "invalid", "crashed"]

#: Longest exception text kept for a crashed folder.
MAX_CRASH_TEXT = 300


@dataclass(frozen=True)
class TaskOptions:
    """What every folder of one batch run shares; small and picklable."""

    root: str
    """ROOT as an absolute path: on a Dask cluster it must name the same place for workers."""
    as_of: dt.date | None = None
    gates: tuple[str, ...] = ()
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


@dataclass(frozen=True)
class GateOutcome:
    """One ``--fail-on`` gate for one folder."""

    gate: str
    tripped: bool
    reason: str


@dataclass(frozen=True)
class FolderRow:
    """One folder's line in the portfolio: what its report says, or why there is none."""

    path: str
    """Relative to ROOT, with ``/`` separators; ``.`` is ROOT itself."""
    status: Status
    """ok (audited), invalid (its input has errors) or crashed (a bug, or a report that could
    not be written)."""
    initiative: str | None = None
    type: str | None = None
    verdict: str | None = None
    """The verdict code (SPEC §3); None unless status is ok."""
    break_: tuple[str, str] | None = None
    """(from stage, to stage) where value disappears, or None."""
    realization_ratio: float | None = None
    roi_to_date: float | None = None
    flags: tuple[str, ...] = ()
    currency: str | None = None
    expected_annual_benefit: float | None = None
    realized_annual_benefit: float | None = None
    as_of: dt.date | None = None
    gates: tuple[GateOutcome, ...] = ()
    errors: tuple[str, ...] = ()
    """The first few located errors (invalid), or the exception (crashed)."""
    error_count: int = 0
    """All errors found, of which ``errors`` shows the first few."""
    warning_count: int = 0
    reports: tuple[str, ...] = ()
    """File names written to ``--out-dir``."""

    @property
    def gate_tripped(self) -> bool:
        return any(gate.tripped for gate in self.gates)


def audit_folder(options: TaskOptions, job: FolderJob) -> FolderRow:
    """Validate, audit and (with ``out_dir``) write reports for one folder; never raises."""
    try:
        from valaudit.batch import pipeline

        return pipeline.audit(options, job)
    except Exception as error:
        return crashed_row(job, error, options.root)


def crashed_row(job: FolderJob, error: BaseException, root: str | None = None) -> FolderRow:
    """The row for a folder whose audit raised (or whose worker died)."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        # File name and line only: the same on every machine, and enough to find the bug.
        text += f" (in {Path(frames[-1].filename).name}, line {frames[-1].lineno})"
    if root is not None:
        text = relative_text(text, root)
    if len(text) > MAX_CRASH_TEXT:
        text = text[: MAX_CRASH_TEXT - 1] + "…"
    return FolderRow(path=job.path, status="crashed", errors=(text,), error_count=1)


def lost_row(job: FolderJob, why: str) -> FolderRow:
    """The row for a folder whose worker went away without an answer."""
    return FolderRow(path=job.path, status="crashed", errors=(why,), error_count=1)


def relative_text(text: str, root: str) -> str:
    """``text`` with ROOT's absolute path taken out of any path it quotes."""
    return text.replace(root.rstrip(os.sep) + os.sep, "")
