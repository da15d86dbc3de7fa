"""GitHub Actions workflow commands: annotations that point at the file and line.

See https://docs.github.com/actions/reference/workflow-commands-for-github-actions. Values
are escaped as the runner expects, so a cell value can never inject a second command.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from valaudit.errors import Problem
from valaudit.model.gates import (
    CaseJudgement,
    CaseOutcome,
    Subject,
    coverage_status,
    judge_case,
)
from valaudit.model.report import Report
from valaudit.model.validation import FolderValidation
from valaudit.render.change_wording import (
    STATUS_WORDS,
    comparison_summary,
    comparison_verdict_line,
)
from valaudit.render.formatting import words
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.trajectory_wording import trajectory_headline
from valaudit.render.validation_text import beside_thesis, file_line, summary_line
from valaudit.render.wording import (
    attribution_marker,
    chain_sentence_after,
    coverage_sentence,
    money_sentence,
    verdict_title,
)


def escape_data(text: str) -> str:
    """Escaped for the runner, and inert in a log viewer or terminal (no escape sequences)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    title: str | None = None,
) -> str:
    properties = []
    if file:
        properties.append(f"file={escape_property(file)}")
    if line:
        properties.append(f"line={line}")
    if title:
        properties.append(f"title={escape_property(title)}")
    head = f"::{level}" + (" " + ",".join(properties) if properties else "")
    return f"{head}::{escape_data(message)}"


def problem_annotation(problem: Problem, level: str | None = None) -> str:
    """An error (or warning) at the problem's place: the thesis line, or a table's row.

    Rows of text tables (CSV, TSV) are lines of the file, so GitHub places the annotation on
    the row (its file view links to the line); XLSX rows are not lines, so they are named in
    the message only. The row is in the message either way, for logs that show no line.
    ``level`` overrides the problem's own (a warning a gate that was asked for trips on is
    an ``error``).
    """
    where = []
    if problem.sheet is not None:
        where.append(f"sheet '{problem.sheet}'")
    if problem.row is not None:
        where.append(f"row {problem.row}")
    if problem.column is not None:
        where.append(f"column '{problem.column}'")
    if problem.path is not None:
        where.append(f"at {problem.path}")
    prefix = (", ".join(where) + ": ") if where else ""
    message = prefix + problem.message + (f" {problem.hint}" if problem.hint else "")
    return annotation(
        level or ("error" if problem.is_error else "warning"),
        message,
        file=problem.file,
        line=file_line(problem),
        title=f"valaudit {problem.code}",
    )


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    lines = [problem_annotation(p) for r in results for p in r.problems]
    lines.append(annotation("notice", summary_line(results), title="valaudit validate"))
    return "\n".join(lines) + "\n"


def _level(judgement: CaseJudgement) -> str | None:
    """``error`` when a gate asked for trips on it, ``warning`` when one would have."""
    if judgement.outcome == CaseOutcome.FAILED:
        return "error"
    return "warning" if judgement.noteworthy else None


def verdict_summary(report: Report) -> str:
    """The headline, where value disappears (unless the headline says so already), the money."""
    headline = report.verdict.headline
    parts = (
        headline,
        *report.verdict.caveats,
        coverage_sentence(report.coverage),
        chain_sentence_after(headline, report.chain),
        money_sentence(report.money),
    )
    return " ".join(part for part in parts if part)


def render_report(report: Report, options: RenderOptions) -> str:
    """What a reviewer sees on the pull request: an annotation on the thesis line of each
    off-track KPI and breached guardrail, the report's warnings, what changed since an
    earlier report and the trajectory (when asked for), and the verdict.

    An annotation is an ``::error`` only when a ``--fail-on`` gate that was asked for trips on
    it (``off-track``, ``guardrail``, ``coverage``, a verdict gate, ``suspicious`` on a
    ``suspicious_value`` warning); an off-track KPI or
    breached guardrail that no gate asked about is a ``::warning``, as is a KPI whose movement
    is not attributable, and the verdict otherwise a ``::notice``. The comparison is an
    ``::error`` when ``--fail-on worsened`` trips, a ``::warning`` when it got worse without
    that gate, else a ``::notice``.
    """
    thesis = options.thesis_path or report.thesis_file
    asked = [gate.gate for gate in options.gates]
    lines = []
    for kpi in report.kpis:
        level = _level(judge_case(Subject.KPI, kpi.status, asked))
        if level:
            lines.append(
                annotation(
                    level,
                    f"{kpi.name}: {kpi.reason}",
                    file=thesis,
                    line=kpi.line,
                    title=f"valaudit: KPI {kpi.id} is {words(kpi.status)}",
                )
            )
        elif attribution_marker(kpi):
            lines.append(
                annotation(
                    "warning",
                    f"{kpi.name}: {words(kpi.status)} in level. {kpi.attribution_reason} Its "
                    "movement is not credited to the initiative.",
                    file=thesis,
                    line=kpi.line,
                    title=f"valaudit: KPI {kpi.id} is not attributable",
                )
            )
    if report.coverage is not None:
        level = _level(judge_case(Subject.COVERAGE, coverage_status(report), asked))
        if level == "error":
            lines.append(
                annotation(level, report.coverage.reason, file=thesis, title="valaudit: coverage")
            )
    for rail in report.guardrails:
        level = _level(judge_case(Subject.GUARDRAIL, rail.status, asked))
        if level:
            lines.append(
                annotation(
                    level,
                    f"{rail.name}: {rail.reason}",
                    file=thesis,
                    line=rail.line,
                    title=f"valaudit: guardrail {rail.id} is {words(rail.status)}",
                )
            )
    for problem in report.warnings:
        failed = judge_case(Subject.VALUES, problem.code, asked).outcome == CaseOutcome.FAILED
        located = dataclasses.replace(problem, file=beside_thesis(thesis, problem.file))
        lines.append(problem_annotation(located, "error" if failed else None))
    comparison = report.comparison
    if comparison is not None:
        level = _level(judge_case(Subject.CHANGE, comparison.status, asked))
        lines.append(
            annotation(
                level or "notice",
                f"{comparison_verdict_line(comparison)} "
                f"{comparison_summary(comparison, report.currency)}",
                file=thesis,
                title=f"valaudit: {STATUS_WORDS[comparison.status]} since "
                f"{comparison.previous_as_of.isoformat()}",
            )
        )
    if report.trajectory is not None:
        lines.append(
            annotation(
                "notice",
                trajectory_headline(report.trajectory),
                file=thesis,
                title="valaudit: trajectory since go-live",
            )
        )
    verdict = judge_case(Subject.VERDICT, report.verdict.code, asked)
    lines.append(
        annotation(
            "error" if verdict.outcome == CaseOutcome.FAILED else "notice",
            verdict_summary(report),
            file=thesis,
            title=f"valaudit: {verdict_title(report.verdict.code)}",
        )
    )
    return "\n".join(lines) + "\n"
