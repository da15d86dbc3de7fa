"""Problem codes the audit itself raises: warnings about how far its figures can be trusted,
and the error that says valaudit itself failed."""

from __future__ import annotations

from valaudit.problem_codes.entry import ProblemCode


def _code(code: str, title: str, meaning: str, example: str, fix: str) -> ProblemCode:
    return ProblemCode(code, "warning", "audit", title, meaning, example, fix)


CODES = (
    _code(
        "as_of_before_go_live",
        "As-of date before go-live",
        "The audit's as-of date is not after go-live, so there is no post period to judge.",
        "valaudit.yaml: The as-of date 2025-03-31 is not after go-live (2025-04-01): there is "
        "no post period to judge.",
        "Audit with a later `--as-of` date, or correct `initiative.go_live`.",
    ),
    _code(
        "mixed_segments",
        "Rows with and without a segment",
        "A KPI has rows with a segment and rows without one; those without are treated as one "
        "more segment.",
        "valaudit.yaml, line 40: 'aht' has rows with and without a segment; rows without one "
        "are treated as one more segment.",
        "Give every row of the KPI a segment, or none.",
    ),
    _code(
        "incomplete_period",
        "A summed KPI with a segment missing",
        "A KPI aggregated by sum lacks a value in some segment for some periods; those periods "
        "are left out rather than under-counted.",
        "valaudit.yaml, line 40: 'tickets' sums its segments, but some segment has no value "
        "for 2025-03; those periods are left out rather than under-counted.",
        "Add the missing segment rows.",
    ),
    _code(
        "placebo_effect",
        "An effect before go-live",
        "The KPI shows an 'effect' at a fake go-live before the real one: it moves without the "
        "initiative, so its measured effect deserves less trust.",
        "valaudit.yaml, line 40: 'csat' shows an 'effect' at a fake go-live (2024-10-01) before "
        "the real one: it moves without the initiative, so its effect deserves less trust.",
        "Read the KPI's effect with care; a comparison group (`comparison:`) separates the "
        "initiative from a trend.",
    ),
    _code(
        "stale_data",
        "Old data",
        "A KPI's latest value is two or more periods before the as-of date.",
        "valaudit.yaml, line 40: The latest value of 'aht' is for 2025-06, 3 periods before "
        "the as-of date.",
        "Add the latest periods, or audit with an earlier `--as-of` date.",
    ),
    ProblemCode(
        "internal_error",
        "error",
        "audit",
        "valaudit failed",
        "valaudit itself failed (a bug, not a problem with the files; exit code 70). Every "
        "output file says so instead of keeping an earlier run's results; JUnit shows it as an "
        "`<error>`, not a `<failure>`.",
        "client/valaudit.yaml: valaudit hit an internal error (a bug, not a problem with your "
        "files), so there is no report: RuntimeError: boom",
        "Attach the crash report the log names to an issue; `--debug` shows the traceback.",
    ),
)
