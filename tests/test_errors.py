"""Problems as values: an issue placed at a location, its JSON form, and the log that caps
floods of one mistake."""

from __future__ import annotations

import pytest

from valaudit.errors import MAX_PROBLEMS_PER_CODE, Issue, Location, Problem, ProblemLog


def test_an_issue_placed_at_a_location_is_a_problem_with_both() -> None:
    issue = Issue("bad_number", "'12,5x' is not a number.", "Remove the letters.")
    where = Location("data/kpis.csv", sheet="KPIs", row=14, column="Value")
    problem = Problem.of(issue, where)
    assert (problem.issue, problem.where) == (issue, where)
    assert problem.location() == "data/kpis.csv, sheet 'KPIs', row 14, column 'Value'"
    # The JSON form: flat, in this order, keys that do not apply left out.
    assert list(problem.to_dict().items()) == [
        ("code", "bad_number"),
        ("message", "'12,5x' is not a number."),
        ("file", "data/kpis.csv"),
        ("severity", "error"),
        ("sheet", "KPIs"),
        ("row", 14),
        ("column", "Value"),
        ("hint", "Remove the letters."),
    ]


def test_a_thesis_location_names_its_line_and_key_path() -> None:
    problem = Problem.of(
        Issue("encoding", "Not UTF-8.", severity="warning"),
        Location("valaudit.yaml", line=7, path="kpis[2].target"),
    )
    assert not problem.is_error
    assert problem.location() == "valaudit.yaml, line 7, at kpis[2].target"


def _flood(log: ProblemLog, count: int, severity: str = "error") -> None:
    for row in range(count):
        issue = Issue(
            "bad_number", f"row {row}", severity="warning" if severity == "warning" else "error"
        )
        log.place(issue, "a.csv", row=row + 2)


def test_a_flood_of_one_mistake_is_capped_with_a_summary() -> None:
    log = ProblemLog()
    _flood(log, MAX_PROBLEMS_PER_CODE + 7)
    log.add(Problem("bad_number", "other file", "b.csv"))
    log.error("bad_number", "one more", "a.csv", row=99)  # counted with the placed ones
    listed = log.sorted()
    assert len(listed) == MAX_PROBLEMS_PER_CODE + 2
    summary = [p for p in listed if p.row is None and p.file == "a.csv"]
    assert [p.message for p in summary] == [
        "8 more problems of this kind (bad_number) in this file were not listed."
    ]


@pytest.mark.parametrize("severity", ["error", "warning"])
def test_suppressed_errors_still_count(severity: str) -> None:
    log = ProblemLog(cap=0)
    _flood(log, 1, severity)
    assert log.problems == []
    assert log.has_errors == (severity == "error")


def test_an_uncapped_log_keeps_every_problem() -> None:
    log = ProblemLog(cap=None)
    _flood(log, MAX_PROBLEMS_PER_CODE * 3)
    assert len(log.sorted()) == MAX_PROBLEMS_PER_CODE * 3
