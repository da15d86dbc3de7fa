"""The per-folder task: one audit folder in, one small picklable row out.

:func:`audit_folder` is a plain module-level function, so it pickles by reference and the
very same code runs in-process (``--jobs 1``), in a local process pool and on Dask workers:
every executor gives the same rows. It never raises. An invalid folder becomes a row with its
first located errors; anything unexpected becomes a ``crashed`` row with the exception text,
so one folder can never stop or spoil the others. Every row leaves here writable by every
output: a folder name that is not UTF-8 is shown with ``\\xNN`` escapes in its path and its
messages (:mod:`valaudit.render.undecodable`). Only the row travels back, never a
DataFrame or a report, which keeps inter-process traffic and the parent's memory small
whatever a folder holds.

This module is light: the audit itself (pandas included) is reached through
:mod:`valaudit.batch.pipeline`, imported on the first call, so a parent process that only
hands folders out never loads it, and a worker loads it once (the local pool preloads it
before forking workers). The import goes one way only: the pipeline does not know this
module.
"""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path

from valaudit.batch.jobs import FolderJob, TaskOptions, relative_text
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow
from valaudit.render.undecodable import escape_undecodable

#: Longest exception text kept for a crashed folder.
MAX_CRASH_TEXT = 300


def audit_folder(options: TaskOptions, job: FolderJob) -> FolderRow:
    """Validate, audit and (with ``out_dir``) write reports for one folder; never raises."""
    try:
        from valaudit.batch import pipeline

        return writable_row(pipeline.folder_row(options, job))
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
    text = escape_undecodable(text)
    if len(text) > MAX_CRASH_TEXT:
        text = text[: MAX_CRASH_TEXT - 1] + "…"
    return _failed_row(job, FolderStatus.CRASHED, text)


def lost_row(job: FolderJob, why: str) -> FolderRow:
    """The row for a folder whose worker went away without an answer."""
    return _failed_row(job, FolderStatus.CRASHED, why)


def timeout_row(job: FolderJob, seconds: float) -> FolderRow:
    """The row for a folder stopped by ``--folder-timeout``.

    Invalid rather than crashed: like the size limits, the time limit is a bound on what a
    folder's files may cost, and a folder over it is one to look at, not a bug to report.
    """
    return _failed_row(
        job,
        FolderStatus.INVALID,
        f"timeout: the audit did not finish within {seconds:g} seconds (--folder-timeout) "
        "and was stopped; the other folders were not affected.",
    )


def _failed_row(job: FolderJob, status: FolderStatus, message: str) -> FolderRow:
    return FolderRow(
        path=escape_undecodable(job.path), status=status, errors=(message,), error_count=1
    )


def as_shown(job: FolderJob) -> FolderJob:
    """``job`` with its path as its row shows it (undecodable bytes escaped), to match rows
    to jobs by path."""
    return dataclasses.replace(job, path=escape_undecodable(job.path))


def writable_row(row: FolderRow) -> FolderRow:
    """``row`` with any undecodable byte in its text shown as ``\\xNN`` (see the module)."""
    return dataclasses.replace(
        row,
        path=escape_undecodable(row.path),
        initiative=row.initiative and escape_undecodable(row.initiative),
        type=row.type and escape_undecodable(row.type),
        owner=row.owner and escape_undecodable(row.owner),
        currency=row.currency and escape_undecodable(row.currency),
        errors=tuple(escape_undecodable(error) for error in row.errors),
        gates=tuple(
            dataclasses.replace(gate, reason=escape_undecodable(gate.reason)) for gate in row.gates
        ),
    )
