"""The audit of one folder, as the per-folder task runs it: validate, audit, gate, write.

Imported lazily by :func:`valaudit.batch.task.audit_folder` (and preloaded by the local
pool's fork server): this is where pandas comes in. Exceptions are the task's to catch.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from valaudit.analyse.audit import run_audit
from valaudit.batch.reports import report_suffix
from valaudit.batch.task import FolderJob, FolderRow, GateOutcome, TaskOptions, relative_text
from valaudit.errors import Problem
from valaudit.gates import evaluate_gates
from valaudit.model.report import Report
from valaudit.model.validation import FolderValidation
from valaudit.output import write_atomic
from valaudit.render import renderer
from valaudit.render.options import RenderOptions
from valaudit.validate.folder import validate_folder

#: Located errors kept per invalid folder: enough to act on, few enough for a table cell.
MAX_ERRORS_SHOWN = 5


def audit(options: TaskOptions, job: FolderJob) -> FolderRow:
    validation = validate_folder(
        str(Path(options.root) / job.path), allow_outside=options.allow_outside
    )
    if not validation.valid:
        return _invalid_row(options, job, validation)
    report = run_audit(validation, options.as_of)
    gates = tuple(
        GateOutcome(g.gate, g.tripped, g.reason) for g in evaluate_gates(report, options.gates)
    )
    written = (
        _write_reports(report, options.out_dir, job.report_stem, options.report_formats)
        if options.out_dir
        else ()
    )
    money = report.money
    chain_break = report.chain.break_
    return FolderRow(
        path=job.path,
        status="ok",
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
        gates=gates,
        warning_count=len(report.warnings),
        reports=written,
    )


def _invalid_row(options: TaskOptions, job: FolderJob, validation: FolderValidation) -> FolderRow:
    errors = validation.errors
    thesis = validation.thesis
    gates = tuple(
        GateOutcome("invalid", True, "The input is invalid.")
        for gate in dict.fromkeys(options.gates)
        if gate == "invalid"
    )
    return FolderRow(
        path=job.path,
        status="invalid",
        initiative=thesis.initiative.name if thesis else None,
        type=thesis.initiative.type if thesis else None,
        currency=thesis.currency if thesis else None,
        gates=gates,
        errors=tuple(_located(problem, options.root) for problem in errors[:MAX_ERRORS_SHOWN]),
        error_count=len(errors),
        warning_count=len(validation.warnings),
    )


def _located(problem: Problem, root: str) -> str:
    """``location: message`` with every path relative to ROOT (the same on every machine)."""
    file = os.path.relpath(problem.file, root) if Path(problem.file).is_absolute() else problem.file
    moved = dataclasses.replace(problem, file=Path(file).as_posix())
    return relative_text(f"{moved.location()}: {problem.message}", root)


def _write_reports(
    report: Report, out_dir: str, stem: str, formats: tuple[str, ...]
) -> tuple[str, ...]:
    """Render every format first, then write each atomically: all or nothing per file."""
    rendered = [
        (
            f"{stem}{report_suffix(name)}",
            renderer(name).render_report(report, RenderOptions(width=100)),
        )
        for name in formats
    ]
    for file_name, content in rendered:
        write_atomic(Path(out_dir) / file_name, content)
    return tuple(file_name for file_name, _ in rendered)
