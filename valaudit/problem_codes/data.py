"""Problem codes about the data as a whole: every table together, and against the thesis."""

from __future__ import annotations

from valaudit.problem_codes.entry import ProblemCode, Severity


def _code(
    code: str, severity: Severity, title: str, meaning: str, example: str, fix: str
) -> ProblemCode:
    return ProblemCode(code, severity, "data", title, meaning, example, fix)


CODES = (
    _code(
        "mixed_periods",
        "error",
        "A KPI that mixes period lengths",
        "A KPI is reported in months in some rows and in quarters (or weeks, years) in others, "
        "so its series cannot be lined up. Reported at the first period cell that differs from "
        "the KPI's usual length; in a wide table that cell's KPIs are named in one problem, "
        "with the rows that depend on it counted.",
        "data/kpis.xlsx, sheet 'KPIs', row 5, column 'Month': The period 2025-Q2 is a quarter, "
        "but the other periods of KPI 'nps' are months: a series cannot mix period lengths "
        "(and 11 rows that depend on it).",
        "Write the period in the KPI's usual length (2025-04 here), or report the KPI in one "
        "length throughout.",
    ),
    _code(
        "duplicate_row",
        "error",
        "Two values for one period",
        "A KPI has two rows for the same period (and segment), in one table or across tables. "
        "Dates in the same period count as the same period.",
        "data/kpis.csv, row 4, column 'value': KPI 'aht' has two values for 2025-01: this row "
        "and data/kpis.csv, row 2.",
        "Keep one row per KPI, period and segment.",
    ),
    _code(
        "too_many_kpis",
        "error",
        "Far too many KPI ids",
        "The data holds more than 10,000 different KPI ids: usually the wrong column mapped to "
        "`kpi`, or a wide table read as long.",
        "data/kpis.csv: The data holds 52,113 different KPI ids; valaudit reads at most "
        "10,000, far more than a thesis names.",
        "Check which column `columns: {kpi: ...}` maps, and the table's `layout`.",
    ),
    _code(
        "unknown_kpi",
        "warning",
        "A KPI the thesis does not define",
        "The data has rows for a KPI id the thesis does not name; they are ignored. When the "
        "label is a KPI's display name rather than its id, the hint says which id to write.",
        "data/kpis.csv, row 3, column 'value': The data has KPI 'aht_min', which the thesis "
        "does not define; its rows are ignored.",
        "Write the thesis's id in the kpi column, or add the KPI to `kpis:` or `guardrails:` "
        "to audit it.",
    ),
    _code(
        "kpi_without_data",
        "warning",
        "A KPI without data",
        "No table has a value for a KPI or guardrail of the thesis. Not reported when its rows "
        "exist but hold errors, nor when a table could not be read (that problem counts it).",
        "valaudit.yaml, line 40: 'csat' has no values in any table.",
        "Add its rows (the kpi column holds its id), or its column to a wide table.",
    ),
    _code(
        "comparison_segment_missing",
        "error",
        "A comparison segment not in the data",
        "A segment listed under `comparison.treated` or `comparison.control` does not appear "
        "in any table's segment column.",
        "valaudit.yaml, line 77, at comparison.control[0]: The control segment 'Iberia' does "
        "not appear in the data.",
        "Spell the segment exactly as the tables' segment column does (the hint suggests the "
        "nearest), or map the segment column with `columns: {segment: ...}`.",
    ),
    _code(
        "missing_periods",
        "warning",
        "Periods without a row",
        "A KPI's series has no row for some periods between its first and last. They are "
        "left out of the analysis, never counted as zero.",
        "data/kpis.csv: KPI 'aht' has no row for 2024-11, 2025-01. Missing periods are left "
        "out of the analysis, never counted as zero.",
        "Add the missing rows if the values exist.",
    ),
    _code(
        "no_value",
        "warning",
        "Periods whose cells say there is no value",
        "Inside a KPI's series, some rows exist but their value cell is empty or says there is "
        "no value (`n/a`, `-`, `—`). They are left out of the analysis, never counted as zero.",
        "data/ap_kpis.csv, row 16, column 'value': KPI 'invoice_cycle_days' has no value for "
        "2024-10 (row 16: 'n/a'), 2024-11 (row 20: '-'). These periods are left out of the "
        "analysis, never counted as zero.",
        "Nothing to do if the values are not known; fill them in if they are. A dash that "
        "means zero must be written 0.",
    ),
    _code(
        "suspicious_value",
        "warning",
        "A value that looks like a typo",
        "A value more than 100 times larger, or smaller, than its series' median (per KPI and "
        "segment, zeros left out, three values at least); a negative value in a KPI that is "
        "otherwise positive (at least half its typical size); a value outside 0-100 in "
        "a KPI whose unit is %. Warnings: `--fail-on suspicious` makes a CI run fail on them.",
        "data/finance.csv, row 6, column 'cost_per_ticket': The value 9130 is about 1,000 "
        "times larger than the usual value of KPI 'cost_per_ticket' (around 9.2).",
        "Check the cell: a separator read the wrong way, a value in another unit, a sign or a "
        "digit typed by mistake. If the value is right, leave it.",
    ),
)
