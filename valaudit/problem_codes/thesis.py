"""Problem codes about the thesis file (valaudit.yaml) and the files it names."""

from __future__ import annotations

from valaudit.problem_codes.entry import ProblemCode, Severity


def _code(
    code: str, severity: Severity, title: str, meaning: str, example: str, fix: str
) -> ProblemCode:
    return ProblemCode(code, severity, "thesis", title, meaning, example, fix)


CODES = (
    _code(
        "file_not_found",
        "error",
        "A file does not exist",
        "The thesis, or a data file its `data:` list names, is not where the path says. A data "
        "path is relative to the thesis file.",
        "valaudit.yaml, line 20, at data[0].path: The data file 'data/kpis.xlsx' named in the "
        "thesis does not exist (and 6 KPIs that depend on it).",
        "Correct the path (relative to the thesis file), or put the file there.",
    ),
    _code(
        "file_unreadable",
        "error",
        "A file cannot be opened",
        "The file exists but cannot be read: a folder where a file was expected, no permission, "
        "a password-protected workbook, or a path that cannot be resolved.",
        "data/kpis.xlsx: The workbook is password-protected.",
        "Check the path and the file's permissions; save an unprotected copy of a protected "
        "workbook; close the file if another program locks it.",
    ),
    _code(
        "file_too_large",
        "error",
        "A file is too large",
        "The thesis is over 1 MiB, a table over 2 GiB, or a workbook part would expand to far "
        "more than its packed size (the limits are in docs/security.md).",
        "valaudit.yaml: The thesis is 5,242,880 bytes; a thesis is at most 1,048,576 bytes.",
        "Check that it is the right file; split a very large extract by year or by KPI.",
    ),
    _code(
        "encoding",
        "error or warning",
        "Not UTF-8 text",
        "A text file was not UTF-8 and was read as Windows-1252 or latin-1 (a warning), or a "
        "thesis in damaged UTF-16 cannot be edited by `scorecard` (an error).",
        "data/kpis.csv: The file is not UTF-8; it was read as Windows-1252 (Western European).",
        'Save the file as UTF-8 ("CSV UTF-8" in Excel\'s Save As).',
    ),
    _code(
        "not_a_thesis",
        "error",
        "Not a thesis",
        "The file given is not a thesis: not a .yaml file, or YAML that holds a single value or "
        "a list instead of a block of keys.",
        "kpis.csv: 'kpis.csv' is not a thesis: valaudit reads an audit folder's valaudit.yaml.",
        "Give the audit folder or its valaudit.yaml; start a new one with `valaudit init FOLDER`.",
    ),
    _code(
        "thesis_empty",
        "error",
        "The thesis is empty",
        "The thesis file holds no keys at all.",
        "valaudit.yaml: The thesis is empty.",
        "Start from a template: `valaudit init FOLDER`.",
    ),
    _code(
        "yaml_syntax",
        "error",
        "Not valid YAML",
        "The thesis cannot be read as YAML: a tab used for indenting, an unclosed quote or "
        "bracket, a colon missing after a key.",
        "valaudit.yaml, line 12: The file is not valid YAML: mapping values are not allowed here.",
        "Fix the line named (and the one before it); indent with spaces, quote text that holds "
        "a colon.",
    ),
    _code(
        "yaml_too_complex",
        "error",
        "YAML nested too deeply",
        "The thesis nests deeper than any thesis needs, or its aliases expand to too many "
        "values (a guard against files built to exhaust memory).",
        "valaudit.yaml, line 3: The thesis is nested more than 32 levels deep (or an alias "
        "refers to itself).",
        "Write the thesis out plainly, without anchors and aliases.",
    ),
    _code(
        "yaml_bad_value",
        "error",
        "A YAML value valaudit does not accept",
        "A value YAML can write but a thesis cannot hold: a `!!` tag, a date that does not "
        "exist, a number beyond the limits.",
        "valaudit.yaml, line 9, at initiative.go_live: 2025-02-30 is not a real date.",
        "Write the value plainly (dates as YYYY-MM-DD), without tags.",
    ),
    _code(
        "yaml_merge_key",
        "error",
        "YAML merge key",
        "The thesis uses a YAML merge key (`<<`), which valaudit does not support.",
        "valaudit.yaml, line 14: YAML merge keys ('<<') are not supported in a thesis.",
        "Write the keys out in full.",
    ),
    _code(
        "yaml_bad_key",
        "error",
        "A key that is not a name",
        "A key is a number, a date, a list or a map instead of a name such as `target`.",
        "valaudit.yaml, line 7: The key 2025 is not a name: keys must be text such as 'target'.",
        "Put the key in quotes if it really is a name.",
    ),
    _code(
        "yaml_duplicate_key",
        "error",
        "A key given twice",
        "The same key appears twice in one block; YAML would silently keep only the last.",
        "valaudit.yaml, line 18, at kpis[0].target: The key 'target' appears twice in the same "
        "block (first on line 16, again on line 18); only one can count.",
        "Delete one of the two, or merge them.",
    ),
    _code(
        "missing_key",
        "error",
        "A required key is missing",
        "A key the thesis format requires is not there (see docs/thesis-format.md).",
        "valaudit.yaml, line 4, at initiative: initiative is missing the required key 'go_live'.",
        "Add the key; the hint shows what it holds.",
    ),
    _code(
        "unknown_key",
        "error",
        "A key the format does not have",
        "A key the thesis format does not know, usually a typo; or a `columns:` mapping of a "
        "name that is not a canonical column (or, in a wide table, a KPI id).",
        "valaudit.yaml, line 45, at kpis[1].taget_change: Unknown key 'taget_change' in kpis[1] "
        "(in 'handle_time_min').",
        "Correct the spelling (the hint suggests the nearest key), or remove the key.",
    ),
    _code(
        "wrong_type",
        "error",
        "A value of the wrong type",
        "A value is text where a number is expected, a list where a block is expected, and so on.",
        "valaudit.yaml, line 11, at investment.one_off: investment.one_off must be a number, "
        "not '1,800,000'.",
        "Write amounts as plain numbers (1800000), lists with '- ' items, blocks as indented keys.",
    ),
    _code(
        "invalid_value",
        "error",
        "A value that is not allowed",
        "A value of the right type that the format does not allow: an unknown stage or "
        "direction, a date in the wrong form, a number out of range, a `number_format` that "
        "uses one separator for both roles, a target change of zero.",
        "valaudit.yaml, line 54, at kpis[3].direction: kpis[3].direction (in 'csat') must be "
        "one of up, down; found 'higher'.",
        "Use one of the values listed in the message (docs/thesis-format.md lists them all).",
    ),
    _code(
        "too_large",
        "error",
        "Too many items",
        "A list or text in the thesis is longer than the format allows (for example more than "
        "200 data tables).",
        "valaudit.yaml, line 20, at data: data is longer than this format allows (200).",
        "Shorten the list; split a very large audit into several.",
    ),
    _code(
        "duplicate_id",
        "error",
        "An id used twice",
        "Two KPIs or guardrails share an id; ids are unique across `kpis` and `guardrails`.",
        "valaudit.yaml, line 40, at kpis[3].id: The id 'csat' is used twice (first at "
        "kpis[1].id, line 28).",
        "Rename one of them.",
    ),
    _code(
        "unknown_reference",
        "error",
        "A benefit names an unknown KPI",
        "A `benefits[].kpi` names an id that no KPI of the thesis has.",
        "valaudit.yaml, line 61, at benefits[0].kpi: Benefit 'Lower cost' refers to KPI "
        "'cost_per_tiket', which the thesis does not define.",
        "Use the id of one of the thesis's KPIs (the hint suggests the nearest).",
    ),
    _code(
        "target_missing",
        "error",
        "A KPI without a target",
        "A KPI has neither `target` nor `target_change`.",
        "valaudit.yaml, line 33, at kpis[2]: KPI 'csat' has no target.",
        'Add `target: <level to reach>` or `target_change: "-25%"`.',
    ),
    _code(
        "target_given_twice",
        "error",
        "A KPI with two targets",
        "A KPI gives both `target` and `target_change`.",
        "valaudit.yaml, line 36, at kpis[2].target_change: KPI 'csat' gives both target (4.4) "
        "and target_change (+10%).",
        "Keep one: `target` for a level to reach, `target_change` for a change.",
    ),
    _code(
        "target_wrong_way",
        "error or warning",
        "A target that points the wrong way",
        "The target moves the KPI against its `direction` (an error in the thesis), or, in the "
        "audit, is not beyond the baseline measured from the data (a warning).",
        "valaudit.yaml, line 45, at kpis[3].target_change: KPI 'aht' is better when it goes "
        "down, but target_change +10% moves it the other way.",
        "Check the sign of the target, the KPI's direction, or its baseline.",
    ),
    _code(
        "margin_not_revenue",
        "error",
        "A margin on a benefit that is not revenue",
        "`benefits[].margin` is given on a line whose type is not `revenue`; a margin applies "
        "to revenue only (revenue counts at its margin in every money figure).",
        "valaudit.yaml, line 64, at benefits[0].margin: Benefit 'Lower cost' is cashable, but "
        "gives a margin: a margin applies to revenue only.",
        "Remove the margin, or set `type: revenue` if the line is revenue.",
    ),
    _code(
        "one_off_is_actual",
        "warning",
        "The one-off cost is the actual spend",
        "`investment.one_off` equals `implementation.budget.actual`, which differs from the "
        "planned budget. `one_off` is the planned one-off cost: valaudit adds the overrun from "
        "the budget itself, so the overrun would be counted twice.",
        "valaudit.yaml, line 11, at investment.one_off: investment.one_off (5,100,000) equals "
        "implementation.budget.actual, not budget.planned (4,200,000). valaudit adds the overrun "
        "(actual − planned) to the cost itself, so it would be counted twice.",
        "Write the planned one-off cost in `one_off`; the overrun comes from "
        "`implementation.budget`.",
    ),
    _code(
        "dates_out_of_order",
        "error",
        "Review date before go-live",
        "`initiative.review_date` is not after `initiative.go_live`.",
        "valaudit.yaml, line 8, at initiative.review_date: review_date 2024-12-31 is not after "
        "go_live 2025-04-01.",
        "Set a review date after go-live.",
    ),
    _code(
        "by_before_go_live",
        "error",
        "A KPI due before go-live",
        "A KPI's `by` date is not after go-live.",
        "valaudit.yaml, line 38, at kpis[0].by: KPI 'active_pct' must reach its target by "
        "2025-01-01, which is not after go_live 2025-04-01.",
        "Give a `by` date after go-live, or leave it out to use the review date.",
    ),
    _code(
        "comparison_overlap",
        "error",
        "A segment both treated and control",
        "The same segment is listed under `comparison.treated` and `comparison.control`.",
        "valaudit.yaml, line 70, at comparison.control: Segment(s) 'Iberia' are listed as both "
        "treated and control.",
        "A segment either got the initiative or did not: list it once.",
    ),
    _code(
        "unsupported_file",
        "error",
        "A data file valaudit cannot read",
        "A data path names a file that is neither CSV (.csv, .tsv, .txt) nor Excel (.xlsx, .xlsm).",
        "valaudit.yaml, line 20, at data[0].path: The data file 'kpis.xls' is not a CSV or XLSX "
        "file.",
        "Open it in Excel and save it as .xlsx, or export it as CSV.",
    ),
    _code(
        "sheet_ignored",
        "warning",
        "A sheet named for a CSV file",
        "`data[].sheet` is given for a CSV file, which has no sheets.",
        "valaudit.yaml, line 22, at data[0].sheet: 'sheet: KPIs' is ignored for the CSV file "
        "'kpis.csv'.",
        "Remove `sheet:` from the entry.",
    ),
    _code(
        "duplicate_source",
        "error",
        "A table listed twice",
        "The same file (and sheet) appears twice under `data:`.",
        "valaudit.yaml, line 25, at data[1].path: The table 'kpis.csv' is listed twice (also "
        "data[0]).",
        "List each table once.",
    ),
    _code(
        "duplicate_mapping",
        "error",
        "Two names mapped to one header",
        "`columns:` maps two canonical names (or KPI ids) to the same header.",
        "valaudit.yaml, line 23, at data[0].columns.value: columns maps both 'kpi' and 'value' "
        "to the header 'Metric'.",
        "Map each name to its own column.",
    ),
    _code(
        "path_outside_folder",
        "error",
        "A data path outside the audit folder",
        "A data path leads out of the audit folder (`..`, an absolute path or a link). A thesis "
        "from elsewhere must not make valaudit read and quote other files.",
        "valaudit.yaml, line 20, at data[0].path: The data path '../shared/kpis.csv' points "
        "outside the audit folder.",
        "Copy the file into the audit folder, or run with `--allow-outside` for a thesis you "
        "trust.",
    ),
    _code(
        "sheet_not_found",
        "error",
        "No such sheet",
        "The workbook has no sheet with the name `data[].sheet` gives (names match ignoring case "
        "and spaces). Reported at the `sheet:` line, with the KPIs left without data counted.",
        "valaudit.yaml, line 25, at data[0].sheet: The workbook 'data/kpis.xlsx' has no sheet "
        "named 'KPI' (and 5 KPIs that depend on it). Its sheets are: 'KPIs', 'Notes'.",
        "Correct the `sheet:` line to one of the sheets listed; the hint suggests the nearest.",
    ),
)
