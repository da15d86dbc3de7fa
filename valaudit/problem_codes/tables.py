"""Problem codes about one KPI table (a CSV file or a worksheet): its shape and its cells."""

from __future__ import annotations

from valaudit.problem_codes.entry import ProblemCode, Severity


def _code(
    code: str, severity: Severity, title: str, meaning: str, example: str, fix: str
) -> ProblemCode:
    return ProblemCode(code, severity, "tables", title, meaning, example, fix)


CODES = (
    _code(
        "empty_file",
        "error",
        "An empty file",
        "The CSV file holds nothing but blanks.",
        "data/kpis.csv: The file is empty.",
        "Export the KPI table again.",
    ),
    _code(
        "not_a_table",
        "error",
        "Not a table",
        "The file cannot be read as a table at all: binary data with a .csv name, a damaged "
        "or non-Excel .xlsx, a workbook without worksheets, a CSV that stops parsing.",
        "data/kpis.xlsx: The file is not a valid .xlsx workbook (it is not a zip package).",
        "Open it in Excel and save it again as an Excel Workbook (.xlsx) or CSV UTF-8.",
    ),
    _code(
        "too_many_columns",
        "error",
        "Too many columns",
        "The header row is wider than any worksheet can be (16,384 columns): usually the wrong "
        "delimiter, or junk.",
        "data/kpis.csv, row 1: The header row has 20,000 columns; valaudit reads tables of up "
        "to 16,384 columns (Excel's own limit).",
        "Check the delimiter, or split the table.",
    ),
    _code(
        "sheet_too_large",
        "error",
        "A sheet too large to read",
        "The worksheet's used range spans more cells than valaudit reads (often one stray "
        "value far below or right of the table).",
        "data/kpis.xlsx: The sheet 'KPIs' uses cells up to XFD1048576, a range of "
        "17,179,869,184 cells; valaudit reads sheets of up to 30,000,000 cells.",
        "Delete the stray cells far outside the table (Ctrl+End shows the last one), or copy "
        "the table to a new sheet.",
    ),
    _code(
        "hidden_sheet",
        "warning",
        "A hidden sheet",
        "Hidden sheets before the first visible one were skipped, or a hidden sheet was read "
        "because `sheet:` names it.",
        "data/kpis.xlsx, sheet 'KPIs': Hidden sheet(s) 'Old KPIs' were skipped; the first "
        "visible sheet 'KPIs' was read.",
        "Name the sheet to read with `sheet:` under the table's entry in `data:`.",
    ),
    _code(
        "header_missing",
        "error",
        "No header row",
        "None of the first 30 rows holds the headers valaudit looks for: `period`, `kpi` and "
        "`value` in a long table, `period` in a wide one (or the headers `columns:` maps them "
        "to). The hint is written for the table's layout and fills the mapping in with the "
        "file's own headers.",
        "data/kpis.csv, row 1: No header row with the column(s) 'period', 'kpi', 'value' was "
        "found in the first 30 rows; the first row holds 'Month', 'Metric', 'Amount'.",
        "Rename the headers, or map your own under the table's `columns:`, e.g. "
        "`columns: {period: Month, kpi: Metric, value: Amount}`; for a table with one column "
        "per KPI, add `layout: wide`.",
    ),
    _code(
        "column_missing",
        "error",
        "A mapped column is missing",
        "A column the table needs (period, kpi, value) is not in its header row.",
        "data/kpis.csv, row 1: The table has no 'Amount' column (needed for value). Its "
        "headers are: 'Month', 'Metric', 'Value'.",
        "Correct the mapping under `columns:` (the hint suggests the nearest header).",
    ),
    _code(
        "duplicate_header",
        "error",
        "A header used twice",
        "The same header appears twice in the header row, so valaudit cannot tell which "
        "column is meant.",
        "data/kpis.csv, row 1, column 'value': The header 'value' appears 2 times in the header "
        "row.",
        "Rename or delete the extra column so each header is unique.",
    ),
    _code(
        "column_without_header",
        "warning",
        "Values without a header",
        "A column of a wide table has values but no header; it was ignored.",
        "data/kpis.xlsx, sheet 'KPIs', row 1: Column 7 has values but no header; it was ignored.",
        "Give it a header: the KPI's id if it holds a KPI of the thesis.",
    ),
    _code(
        "unknown_kpi_column",
        "warning",
        "A column that is no KPI of the thesis",
        "A column of a wide table is not headed by a KPI or guardrail id, nor mapped to one; "
        "it was ignored. The hint shows the mapping with the column's own header.",
        "data/kpis.xlsx, sheet 'KPIs', row 1, column 'Revenue (kEUR)': The column 'Revenue "
        "(kEUR)' is not a KPI or guardrail of the thesis; it was ignored.",
        "If it holds a KPI, map it under the table's `columns:`, e.g. "
        '`columns: {revenue_k: "Revenue (kEUR)"}`. Other columns can stay.',
    ),
    _code(
        "cell_too_large",
        "error",
        "A cell far too long",
        "A cell holds thousands of characters: usually a quote that is opened and never "
        "closed, or text pasted into the table.",
        "data/kpis.csv, row 14, column 'kpi': The kpi cell holds 52,000 characters; a kpi is a "
        "short label.",
        "Look for an unclosed quote on that row, or pasted text.",
    ),
    _code(
        "extra_cells",
        "error",
        "A row longer than the header",
        "A row has more cells than the header, usually an unquoted comma inside a number "
        "(`1,234` in a comma-separated file) or a name.",
        "data/kpis.csv, row 3: The row has more cells than the header ('234' beyond the last "
        "column).",
        'Quote such cells ("1,234"), or export with a semicolon delimiter.',
    ),
    _code(
        "missing_kpi",
        "error",
        "A value without a KPI",
        "A row of a long table has a value but an empty kpi cell.",
        "data/kpis.csv, row 6, column 'kpi': The row has a value but no KPI id.",
        "Fill in the KPI id, or delete the row.",
    ),
    _code(
        "bad_number",
        "error",
        "Not a number",
        "A value cell holds something that is no number under any convention: text, a date, "
        "TRUE/FALSE, an infinite or absurdly large value. (Empty cells and `n/a`, `-`, `—` are "
        "no value, not an error.)",
        "data/kpis.csv, row 5, column 'value': 'abc' is not a number.",
        "Enter the number (thousands separators, % and currency signs are fine), or leave the "
        "cell empty if the value is not known.",
    ),
    _code(
        "ambiguous_number",
        "error",
        "A number that could be read two ways",
        "A cell such as `1.500` or `22,382` means one thing with a decimal separator and a "
        "thousand times more with a thousands separator, and its column does not settle it: "
        "a semicolon file whose column gives no other clue, or a cell whose other reading fits "
        "the rest of its KPI (`€81.613` among values around 80,000) while its usual reading "
        "does not. The message gives both readings.",
        "data/kpis.xlsx, sheet 'KPIs', row 20, column 'Revenue': '€81.613' (a text cell) reads "
        "as 81.613 with its '.' as a decimal point, but the other values of KPI 'revenue' are "
        "around 81000; with a thousands point it would be 81613.",
        "Write the number without a thousands separator (or type it as a number in Excel); or "
        'state the table\'s separators in the thesis: `number_format: {decimal: ","}`.',
    ),
    _code(
        "number_format_conflict",
        "error",
        "A number written unlike its column",
        "Each value column has one convention, decided from all its cells (or by the thesis's "
        "`number_format`). A cell that contradicts it is an error at that cell, with its "
        "reading under each convention: a decimal comma among decimal points (`12,5` among "
        "`12.5`), `83.900` in a KPI that groups thousands with commas (`84,100`), a value "
        "without % among percentages that fits them only as a fraction, a currency unlike the "
        "rest of the KPI.",
        "data/ap_kpis.csv, row 21, column 'value': '€83.900' is ambiguous: KPI "
        "'late_payment_fees' groups thousands with ',' (such as '84,100' in row 5), so its '.' "
        "would be a decimal point (83.9); as a thousands point it would be 83900.",
        "Write the cell the way the other cells of its column are written. If the whole table "
        "uses the other convention, say so under its entry in `data:` with `number_format`.",
    ),
    _code(
        "excel_error_cell",
        "error",
        "An Excel error",
        "A cell holds an Excel error (`#N/A`, `#DIV/0!`, `#REF!`...) instead of a value.",
        "data/kpis.xlsx, sheet 'KPIs', row 4, column 'Value': The cell holds the Excel error "
        "#N/A, not a value.",
        "Fix the formula in the workbook (and export again), or leave the cell empty if the "
        "value is not known.",
    ),
    _code(
        "uncached_formula",
        "error",
        "A formula never calculated",
        "A cell holds a formula with no stored result: a program wrote the workbook and Excel "
        "never opened it.",
        "data/kpis.xlsx, sheet 'KPIs', row 5, column 'Value': The cell holds a formula (=B3*2) "
        "that has never been calculated, so it has no value to read.",
        "Open the file in Excel and save it, or paste the column as values.",
    ),
    _code(
        "bad_period",
        "error",
        "Not a period",
        "A period cell is not a date, month, quarter, week or year valaudit can read, or falls "
        "outside the years valaudit reads. A total row (`Total`, `YTD`, `Sum`) is named as "
        "such.",
        "data/kpis.csv, row 3, column 'period': '2025-13' has no month 13.",
        "Write periods as dates (2025-03-31), months (2025-03) or quarters (2025-Q1); delete "
        "total and subtotal rows.",
    ),
    _code(
        "missing_period",
        "error",
        "A value without a period",
        "A row has a value but an empty period cell.",
        "data/kpis.csv, row 9, column 'period': The period is empty.",
        "Give the row its period, or delete it.",
    ),
    _code(
        "ambiguous_period",
        "error",
        "A date that could be day-first or month-first",
        "Slash dates such as `03/04/2025` whose column gives no clue whether the day or the "
        "month comes first.",
        "data/kpis.csv, row 2, column 'period': '03/04/2025' could be day-first or "
        "month-first, and the column does not say which.",
        "Write dates as YYYY-MM-DD, or format the column as dates in Excel.",
    ),
    _code(
        "period_format_assumed",
        "warning",
        "Slash dates read one way",
        "Slash dates were read day-first (or month-first) because only that reading makes "
        "every date the first or last day of a period.",
        "data/kpis.csv, column 'period': Dates such as '31/01/2025' were read day first "
        "(DD/MM/YYYY), the only reading under which they are period starts or ends.",
        "Write dates as YYYY-MM-DD to remove any doubt.",
    ),
)
