"""The portfolio as JUnit XML: one test case per folder, so a CI system lists each client.

A folder's case fails when a ``--fail-on`` gate tripped in it (the reasons in the failure)
or when its input is invalid (its first located errors); a crashed folder is an ``<error>``,
since the fault is valaudit's, not the folder's. Every other folder passes, its verdict and
break in ``<system-out>``. So the failures match the exit code: without ``--fail-on`` only
invalid and crashed folders (exit 3) show. Each case points at the folder's thesis.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET

from valaudit import __version__
from valaudit.batch.render.people import break_words, summary_lines, verdict_words
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.render.junit import add_case, counted, element, xml_text
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable


def thesis_of(row: FolderRow, options: RenderOptions) -> str:
    """The folder's thesis as a path from where the run started (ROOT as the user named it)."""
    return posixpath.normpath(posixpath.join(options.root or ".", row.path, "valaudit.yaml"))


def _errors(row: FolderRow) -> str:
    more = row.error_count - len(row.errors)
    return "\n".join(row.errors) + (f"\n… and {more:,} more." if more > 0 else "")


def _case(suite: ET.Element, row: FolderRow, options: RenderOptions) -> str:
    case = add_case(suite, "valaudit.folder", row.path, thesis_of(row, options), None)
    if row.status == FolderStatus.CRASHED:
        message = row.errors[0] if row.errors else "The audit stopped."
        element(case, "error", type="internal_error", message=message).text = printable(
            _errors(row)
        )
        return "error"
    if row.status == FolderStatus.INVALID:
        message = f"The input is invalid: {row.error_count:,} error(s)."
        element(case, "failure", type="invalid", message=message).text = printable(_errors(row))
        return "failed"
    tripped = [gate for gate in row.gates if gate.tripped]
    if tripped:
        message = " ".join(f"--fail-on {gate.gate}: {gate.reason}" for gate in tripped)
        element(case, "failure", type="gate", message=message).text = printable(message)
        return "failed"
    where = break_words(row)
    element(case, "system-out").text = printable(
        f"{row.initiative or row.path}: {verdict_words(row)}"
        + (f"; value disappears at {where}." if where else ".")
    )
    return "passed"


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    root = ET.Element("testsuites", {"name": "valaudit batch"})
    suite = element(root, "testsuite", name="valaudit batch")
    properties = element(suite, "properties")
    for name, value in (
        ("root", options.root or "."),
        ("complete", str(portfolio.complete).lower()),
        ("summary", " ".join(summary_lines(portfolio))),
        ("valaudit_version", __version__),
    ):
        element(properties, "property", name=name, value=value)
    outcomes = [_case(suite, row, options) for row in portfolio.rows]
    return xml_text(counted(root, [(suite, outcomes)]))
