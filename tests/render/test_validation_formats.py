"""Validation results in every format: located, escaped, and a document of its own kind.

These are what ``validate`` prints and what ``audit`` writes instead of a report when the
input is invalid (or valaudit failed), so client text in a problem must stay inert in each.
"""

from __future__ import annotations

import io
import json

import pytest
from junitparser import Error, Failure, JUnitXml
from openpyxl import load_workbook

from valaudit.errors import Problem
from valaudit.model.failure import crashed_validation
from valaudit.model.validation import FolderValidation, ValidationStats
from valaudit.render import format_names, validation_renderer
from valaudit.render.options import RenderOptions

HOSTILE = '=HYPERLINK("x") <script>alert(1)</script> | *b* @team \x1b[31m'


def results() -> list[FolderValidation]:
    problems = [
        Problem("unknown_key", f"Unknown key '{HOSTILE}'.", "c/valaudit.yaml", line=7,
                path="initiative.x", hint="Did you mean 'name'?"),
        Problem("bad_number", "Not a number: 'n/a'.", "c/data/kpis.csv", row=14,
                column="Value"),
        Problem("missing_periods", "2 periods have no value.", "c/data/kpis.xlsx",
                severity="warning", sheet="Q1", row=3),
    ]  # fmt: skip
    return [
        FolderValidation("c/valaudit.yaml", None, None, problems, ValidationStats(files=3)),
        FolderValidation("d/valaudit.yaml", None, None, [], ValidationStats(files=1)),
    ]


@pytest.mark.parametrize("fmt", format_names("validation"))
def test_every_format_renders_the_same_bytes_twice(fmt: str) -> None:
    renderer = validation_renderer(fmt)
    first = renderer.render_validation(results(), RenderOptions())
    assert first == renderer.render_validation(results(), RenderOptions())
    assert len(first) > 100


def test_markdown_escapes_client_text_and_keeps_one_row_per_problem() -> None:
    text = validation_renderer("markdown").render_validation(results(), RenderOptions())
    assert isinstance(text, str)
    assert "<script>" not in text and "\x1b" not in text
    assert "\\<script\\>" in text and "\\| \\*b\\*" in text and "@\u2060team" in text
    rows = [line for line in text.splitlines() if line.startswith(("| ✗", "| ⚠"))]
    assert [row.split(" | ")[1] for row in rows] == [
        "c/valaudit.yaml, line 7, at initiative.x",
        "c/data/kpis.csv, row 14, column 'Value'",
        "c/data/kpis.xlsx, sheet 'Q1', row 3",
    ]
    assert "### ✓ d/valaudit.yaml: 0 errors, 0 warnings" in text


def test_html_escapes_client_text() -> None:
    page = validation_renderer("html").render_validation(results(), RenderOptions())
    assert isinstance(page, str)
    assert "<script>" not in page and "\x1b" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\\x1b[31m" in page
    assert "default-src 'none'" in page


def test_junit_fails_errors_passes_warnings_and_valid_folders() -> None:
    text = validation_renderer("junit").render_validation(results(), RenderOptions())
    first, second = list(JUnitXml.fromstring(text))
    assert (first.tests, first.failures, first.errors) == (3, 2, 0)
    cases = list(first)
    assert [type(result) for case in cases for result in case.result] == [Failure, Failure]
    assert cases[1].name == "c/data/kpis.csv, row 14, column 'Value': Not a number: 'n/a'."
    assert cases[1]._elem.get("file") == "c/data/kpis.csv" and cases[1]._elem.get("line") == "14"
    assert cases[2]._elem.get("line") is None  # an XLSX row is not a line of the file
    assert cases[2].system_out.startswith("warning: c/data/kpis.xlsx, sheet 'Q1', row 3")
    assert (second.tests, second.failures) == (1, 0)


def test_junit_shows_a_crash_as_an_error() -> None:
    crash = crashed_validation("c/valaudit.yaml", RuntimeError("boom"))
    (suite,) = list(JUnitXml.fromstring(
        validation_renderer("junit").render_validation([crash], RenderOptions())
    ))  # fmt: skip
    ((result,),) = [case.result for case in suite]
    assert isinstance(result, Error) and result.type == "internal_error"
    assert result.message.endswith("so there is no report: RuntimeError: boom")


def test_the_workbook_has_one_row_per_problem_and_no_formula() -> None:
    data = validation_renderer("xlsx").render_validation(results(), RenderOptions())
    assert isinstance(data, bytes)
    sheet = load_workbook(io.BytesIO(data))["Problems"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[:8] for row in rows] == [
        ("error", "c/valaudit.yaml", None, None, None, 7, "initiative.x", "unknown_key"),
        ("error", "c/data/kpis.csv", None, 14, "Value", None, None, "bad_number"),
        ("warning", "c/data/kpis.xlsx", "Q1", 3, None, None, None, "missing_periods"),
    ]
    assert sheet.cell(3, 9).data_type == "s"  # the quoted formula stays text


def test_a_crash_text_that_cannot_be_encoded_is_shown_escaped() -> None:
    crash = crashed_validation("c/valaudit.yaml", ValueError("bad \ud800 half"))
    for fmt in format_names("validation"):
        rendered = validation_renderer(fmt).render_validation([crash], RenderOptions())
        text = rendered if isinstance(rendered, str) else ""
        text.encode("utf-8")  # raises if a lone surrogate got through
        if fmt in ("junit", "text"):
            assert "bad \\ud800 half" in text
        if fmt == "json":
            assert "bad \\ud800 half" in json.loads(text)["errors"][0]["message"]
