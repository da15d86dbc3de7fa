"""One folder of a batch run: the audit (:func:`valaudit.api.audit_folder`) turned into a row.

Imported lazily by :func:`valaudit.batch.task.audit_folder` (and preloaded by the local
pool's fork server): this is where pandas comes in. Exceptions are the task's to catch; this
module does not import the task, so the import goes one way.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from valaudit import folder_audit
from valaudit.batch.jobs import FolderJob, TaskOptions, relative_text
from valaudit.errors import Problem
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow
from valaudit.render import file_suffix

#: Located errors kept per invalid folder: enough to act on, few enough for a table cell.
MAX_ERRORS_SHOWN = 5


def folder_row(options: TaskOptions, job: FolderJob) -> FolderRow:
    """Validate, audit, gate and (with ``out_dir``) write the reports of one folder."""
    outcome = folder_audit.audit_folder(
        Path(options.root) / job.path,
        as_of=options.as_of,
        gates=options.gates,
        allow_outside=options.allow_outside,
    )
    if outcome.report is None:
        return _invalid_row(options, job, outcome)
    report = outcome.report
    written: tuple[Path, ...] = ()
    if options.out_dir:
        targets = [
            (Path(options.out_dir) / f"{job.report_stem}{file_suffix(name)}", name)
            for name in options.report_formats
        ]
        # The bare report: a folder's files name no absolute path and read the same anywhere.
        written = folder_audit.write_reports(report, targets)
    money = report.money
    chain_break = report.chain.break_
    return FolderRow(
        path=job.path,
        status=FolderStatus.OK,
        initiative=report.initiative.name,
        type=report.initiative.type,
        verdict=report.verdict.code,
        break_=(chain_break.from_stage, chain_break.to_stage) if chain_break else None,
        realization_ratio=money.realization_ratio,
        roi_to_date=money.roi_to_date,
        flags=tuple(report.verdict.flags),
        currency=report.currency,
        expected_annual_benefit=money.expected_annual_benefit,
        realized_annual_benefit=money.realized_annual_benefit,
        as_of=report.as_of,
        gates=outcome.gates,
        warning_count=len(report.warnings),
        reports=tuple(path.name for path in written),
    )


def _invalid_row(
    options: TaskOptions, job: FolderJob, outcome: folder_audit.AuditOutcome
) -> FolderRow:
    validation = outcome.validation
    errors = validation.errors
    thesis = validation.thesis
    return FolderRow(
        path=job.path,
        status=FolderStatus.INVALID,
        initiative=thesis.initiative.name if thesis else None,
        type=thesis.initiative.type if thesis else None,
        currency=thesis.currency if thesis else None,
        gates=outcome.gates,
        errors=tuple(_located(problem, options.root) for problem in errors[:MAX_ERRORS_SHOWN]),
        error_count=len(errors),
        warning_count=len(validation.warnings),
    )


def _located(problem: Problem, root: str) -> str:
    """``location: message`` with every path relative to ROOT (the same on every machine)."""
    file = os.path.relpath(problem.file, root) if Path(problem.file).is_absolute() else problem.file
    moved = dataclasses.replace(problem, file=Path(file).as_posix())
    return relative_text(f"{moved.location()}: {problem.message}", root)
