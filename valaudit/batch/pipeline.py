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
from valaudit.batch.out_dir import report_targets
from valaudit.errors import Problem
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow
from valaudit.model.validation import FolderValidation
from valaudit.render.undecodable import escape_undecodable

#: Located errors kept per invalid folder: every error of nearly any folder, so the portfolio
#: can list them in full, yet bounded so that one folder with thousands of errors does not
#: swell the row every executor sends back (its own report in --out-dir has them all).
MAX_ERRORS_SHOWN = 20


def folder_row(options: TaskOptions, job: FolderJob) -> FolderRow:
    """Validate, audit, gate and (with ``out_dir``) write the reports of one folder."""
    outcome = folder_audit.audit_folder(
        Path(options.root) / job.path,
        as_of=options.as_of,
        gates=options.gates,
        allow_outside=options.allow_outside,
    )
    targets = report_targets(options, job)
    if outcome.report is None:
        # Its errors replace any report an earlier run left, in each format.
        failure = _relative_validation(outcome.validation, options.root)
        written = folder_audit.write_failure(failure, targets) if targets else ()
        return _invalid_row(options, job, outcome, written)
    report = outcome.report
    # The bare report: a folder's files name no absolute path and read the same anywhere.
    written = folder_audit.write_reports(report, targets) if targets else ()
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
        credit=money.credit,
        attributable_annual_benefit=(
            money.attributable.realized_annual_benefit if money.attributable else None
        ),
        observed_annual_benefit=money.observed.realized_annual_benefit if money.observed else None,
        owner=report.initiative.owner,
        go_live=report.initiative.go_live,
        cost_to_date=money.cost_to_date,
        benefit_to_date=money.benefit_to_date,
        npv=money.npv.at_current_rate if money.npv else None,
        payback_status=money.payback.status,
        payback_date=money.payback.date,
        warnings=tuple(warning.code for warning in report.warnings),
        weak_dimensions=report.scorecard.weak if report.scorecard else (),
    )


def _invalid_row(
    options: TaskOptions,
    job: FolderJob,
    outcome: folder_audit.AuditOutcome,
    written: tuple[Path, ...],
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
        owner=thesis.initiative.owner if thesis else None,
        gates=outcome.gates,
        errors=tuple(_located(problem, options.root) for problem in errors[:MAX_ERRORS_SHOWN]),
        error_count=len(errors),
        warning_count=len(validation.warnings),
        reports=tuple(path.name for path in written),
    )


def _relative_validation(validation: FolderValidation, root: str) -> FolderValidation:
    """The validation with every path relative to ROOT, as the folder's reports name them
    (and a folder name that is not UTF-8 escaped, as its row shows it, so they can be
    written at all)."""
    return dataclasses.replace(
        validation,
        target=_relative(validation.target, root),
        problems=[
            dataclasses.replace(
                p,
                file=_relative(p.file, root),
                message=escape_undecodable(relative_text(p.message, root)),
            )
            for p in validation.problems
        ],
    )


def _relative(path: str, root: str) -> str:
    relative = Path(os.path.relpath(path, root) if Path(path).is_absolute() else path)
    return escape_undecodable(relative.as_posix())


def _located(problem: Problem, root: str) -> str:
    """``location: message`` with every path relative to ROOT (the same on every machine)."""
    file = os.path.relpath(problem.file, root) if Path(problem.file).is_absolute() else problem.file
    moved = dataclasses.replace(problem, file=Path(file).as_posix())
    return relative_text(f"{moved.location()}: {problem.message}", root)
