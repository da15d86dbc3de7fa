"""GitHub Actions workflow commands: annotations that point at the file and line.

See https://docs.github.com/actions/reference/workflow-commands-for-github-actions. Values
are escaped as the runner expects, so a cell value can never inject a second command.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.errors import Problem
from valaudit.model.codes import OFF_TRACK, GuardrailStatus
from valaudit.model.report import Report
from valaudit.model.validation import FolderValidation
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.wording import chain_sentence, money_sentence, verdict_title


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


def problem_annotation(problem: Problem) -> str:
    # Rows of text files are lines in the repository's file view; XLSX rows are not.
    line = problem.line
    if line is None and problem.row is not None and problem.sheet is None:
        line = problem.row
    where = []
    if problem.sheet is not None:
        where.append(f"sheet '{problem.sheet}'")
    if problem.row is not None and problem.sheet is not None:
        where.append(f"row {problem.row}")
    if problem.column is not None:
        where.append(f"column '{problem.column}'")
    prefix = (", ".join(where) + ": ") if where else ""
    message = prefix + problem.message + (f" {problem.hint}" if problem.hint else "")
    return annotation(
        "error" if problem.is_error else "warning",
        message,
        file=problem.file,
        line=line,
        title=f"valaudit {problem.code}",
    )


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    from valaudit.render.validation_text import summary_line

    lines = [problem_annotation(p) for r in results for p in r.problems]
    lines.append(annotation("notice", summary_line(results), title="valaudit validate"))
    return "\n".join(lines) + "\n"


def render_report(report: Report, options: RenderOptions) -> str:
    """An annotation on the thesis line of each off-track KPI and breached guardrail, the
    report's warnings, and a notice with the verdict: what a reviewer sees on the PR."""
    thesis = options.thesis_path or report.thesis_file
    lines = []
    for kpi in report.kpis:
        if kpi.status in OFF_TRACK:
            lines.append(
                annotation(
                    "error",
                    f"{kpi.name}: {kpi.reason}",
                    file=thesis,
                    line=kpi.line,
                    title=f"valaudit: KPI {kpi.id} is {kpi.status.replace('_', ' ')}",
                )
            )
    for rail in report.guardrails:
        if rail.status == GuardrailStatus.BREACHED:
            lines.append(
                annotation(
                    "error",
                    f"{rail.name}: {rail.reason}",
                    file=thesis,
                    line=rail.line,
                    title=f"valaudit: guardrail {rail.id} is breached",
                )
            )
    lines += [problem_annotation(problem) for problem in report.warnings]
    summary = " ".join(
        (report.verdict.headline, chain_sentence(report.chain), money_sentence(report.money))
    )
    lines.append(
        annotation(
            "notice",
            summary,
            file=thesis,
            title=f"valaudit: {verdict_title(report.verdict.code)}",
        )
    )
    return "\n".join(lines) + "\n"
