"""Validation results as JUnit XML: one failing test case per error, so a CI system lists them.

One ``<testsuite>`` per folder. Each error is a failing case named by its location (file,
sheet, row, column, YAML line, key path) and message, with how to fix it; each warning
a passing case with its message in ``<system-out>``; a folder without errors gets one
passing case. A crash of valaudit (``internal_error``) is an ``<error>``: the files may be
fine. ``file`` and ``line`` attributes point at the thesis line or the CSV row, as the
``github`` format does. This is also what ``audit --format junit`` gives on invalid input,
so the CI job publishes the errors instead of last quarter's results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from valaudit import __version__
from valaudit.errors import Problem
from valaudit.model.failure import INTERNAL_ERROR
from valaudit.model.validation import FolderValidation
from valaudit.render.junit import add_case, counted, element, xml_text
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.validation_text import file_line, summary_line


def _problem_case(suite: ET.Element, problem: Problem) -> str:
    # The message in the name too: two problems at one place stay two distinct tests.
    name = f"{problem.location()}: {problem.message}"
    classname = f"valaudit.{problem.severity}.{problem.code}"
    case = add_case(suite, classname, name, problem.file, file_line(problem))
    text = f"{problem.location()}: {problem.message}" + (
        f"\n→ {problem.hint}" if problem.hint else ""
    )
    if not problem.is_error:
        element(case, "system-out").text = printable(f"warning: {text}")
        return "passed"
    tag, outcome = ("error", "error") if problem.code == INTERNAL_ERROR else ("failure", "failed")
    element(case, tag, type=problem.code, message=problem.message).text = printable(text)
    return outcome


def _suite(
    root: ET.Element, result: FolderValidation, options: RenderOptions
) -> tuple[ET.Element, list[str]]:
    suite = element(root, "testsuite", name=f"valaudit validate: {result.target}")
    properties = element(suite, "properties")
    stats = result.stats
    for name, value in (
        ("thesis", result.target),
        ("valid", str(not result.errors).lower()),
        ("files", stats.files),
        ("tables", stats.tables),
        ("rows", stats.rows),
        ("kpis", stats.kpis),
        ("fail_on", ",".join(gate.gate for gate in options.gates)),
        ("valaudit_version", __version__),
    ):
        element(properties, "property", name=name, value=value)
    outcomes = [_problem_case(suite, problem) for problem in result.problems]
    if not result.errors:
        case = add_case(suite, "valaudit.validate", result.target, result.target, None)
        element(case, "system-out").text = printable(summary_line([result]))
        outcomes.append("passed")
    return suite, outcomes


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    root = ET.Element("testsuites", {"name": "valaudit validate"})
    return xml_text(counted(root, [_suite(root, result, options) for result in results]))
