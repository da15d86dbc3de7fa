"""Generated KPI tables for the reader property tests, and writers for CSV and XLSX.

A :class:`KpiTable` is the truth: which KPI, segment and period holds which value, and which
cells hold junk instead. Writers render one table in many of the ways finance exports and
hand-edited sheets do (delimiters, encodings, quoting, number and period formats, title and
blank rows, hidden sheets) and record where every cell went, so that a test can check that the
readers give back exactly the truth, each junk cell as a problem at its own row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from valaudit.errors import Location, Problem, ProblemLog
from valaudit.load.paths import UserPath
from valaudit.load.raw import TableReadError
from valaudit.load.tables import read_table
from valaudit.model.thesis import DataSource
from valaudit.validate.dataset import combine
from valaudit.validate.table import check_long, check_wide, required_headers

KPI_POOL = ("adoption_pct", "aht_min", "csat", "revenue_k")
SEGMENT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéüÅ "
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Junk a value cell may hold instead of a number, with the problem code it must produce
#: (None: the cell says it has no value, which is no problem).
JUNK: dict[str, str | None] = {
    "abc": "bad_number",
    "n/a": None,
    "tbd": "bad_number",
    "-": None,
    "12 apples": "bad_number",
    "1.2.3": "bad_number",
    "#N/A": "excel_error_cell",
    "#DIV/0!": "excel_error_cell",
    "#VALUE!": "excel_error_cell",
}
Key = tuple[str, str, dt.date]
"""(kpi, segment, period start)."""


@dataclass(frozen=True)
class KpiTable:
    """The truth a written file must read back to."""

    kpis: tuple[str, ...]
    segments: tuple[str, ...]
    """Empty when the table has no segment column."""
    periods: tuple[dt.date, ...]
    """Period starts, ascending and consecutive."""
    grain: str
    """M or Q."""
    values: dict[Key, float]
    """Every cell that holds a number (junk cells are not here)."""
    junk: dict[Key, str]
    """Cells that hold junk text instead of a number."""

    @property
    def complete(self) -> bool:
        """Every KPI has a value in every period of every segment.

        Only then may periods be written as plain dates: their granularity is inferred from
        the gaps between them, which missing cells would change.
        """
        return len(self.periods) >= 2 and len(self.values) == (
            len(self.kpis) * max(1, len(self.segments)) * len(self.periods)
        )


def _add_months(start: dt.date, months: int) -> dt.date:
    total = start.year * 12 + start.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


segment_names = st.text(SEGMENT_ALPHABET, min_size=1, max_size=8).map(lambda s: " ".join(s.split()))


@st.composite
def kpi_tables(draw: st.DrawFn, *, junk: bool = True) -> KpiTable:
    kpis = tuple(draw(st.lists(st.sampled_from(KPI_POOL), min_size=1, max_size=3, unique=True)))
    segments = tuple(
        draw(
            st.one_of(
                st.just([]),
                st.lists(
                    segment_names.filter(bool),
                    min_size=1,
                    max_size=3,
                    unique_by=lambda s: s.casefold(),
                ),
            )
        )
    )
    grain = draw(st.sampled_from("MQ"))
    step = 1 if grain == "M" else 3
    first = dt.date(
        draw(st.integers(1990, 2100)), 1 + step * draw(st.integers(0, 12 // step - 1)), 1
    )
    count = draw(st.integers(1, 8))
    periods = tuple(_add_months(first, step * i) for i in range(count))
    keys = [(k, s, p) for k in kpis for s in (segments or ("",)) for p in periods]
    dense = draw(st.booleans())
    values: dict[Key, float] = {}
    junk_cells: dict[Key, str] = {}
    for key in keys:
        kind = "value" if dense else draw(st.sampled_from(["value", "value", "value", "missing"]))
        if kind == "missing":
            continue
        if junk and draw(st.integers(0, 19)) == 0 and len(junk_cells) < 10:
            junk_cells[key] = draw(st.sampled_from(sorted(JUNK)))
            continue
        cents = draw(st.integers(-(10**11), 10**11))
        values[key] = cents / 100
    return KpiTable(kpis, segments, periods, grain, values, junk_cells)


# --- How a table is written ---------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Choices a writer makes that must not change what is read."""

    period_format: str
    number_format: str
    header_case: str
    title_rows: int
    blank_every: int
    """Insert a blank row after every n-th data row (0: never)."""


def period_formats(table: KpiTable, *, excel: bool = False) -> list[str]:
    """Label formats that name ``table``'s periods without doubt."""
    if table.grain == "M":
        formats = ["YYYY-MM", "YYYY/MM", "MM/YYYY", "Mon YYYY", "Month YYYY", "YYYYMmm"]
        if all(2000 <= p.year <= 2099 for p in table.periods):
            formats.append("Mon-YY")  # two-digit years are read as 20YY
    else:
        formats = ["YYYYQn", "YYYY-Qn", "Qn YYYY", "YYYY Qn"]
    if table.complete:
        formats += ["start date", "end date"] + (["excel date", "excel serial"] if excel else [])
    return formats


def period_label(start: dt.date, grain: str, style: str) -> Any:
    quarter = (start.month - 1) // 3 + 1
    end = _add_months(start, 1 if grain == "M" else 3) - dt.timedelta(days=1)
    labels: dict[str, Any] = {
        "YYYY-MM": f"{start.year:04d}-{start.month:02d}",
        "YYYY/MM": f"{start.year:04d}/{start.month:02d}",
        "MM/YYYY": f"{start.month:02d}/{start.year:04d}",
        "Mon YYYY": f"{MONTH_NAMES[start.month - 1]} {start.year}",
        "Month YYYY": f"{FULL_MONTHS[start.month - 1]} {start.year}",
        "YYYYMmm": f"{start.year:04d}M{start.month:02d}",
        "Mon-YY": f"{MONTH_NAMES[start.month - 1]}-{start.year % 100:02d}",
        "YYYYQn": f"{start.year}Q{quarter}",
        "YYYY-Qn": f"{start.year}-Q{quarter}",
        "Qn YYYY": f"Q{quarter} {start.year}",
        "YYYY Qn": f"{start.year} Q{quarter}",
        "start date": start.isoformat(),
        "end date": end.isoformat(),
        "excel date": dt.datetime(end.year, end.month, end.day),
        "excel serial": (end - dt.date(1899, 12, 30)).days,
    }
    return labels[style]


def number_text(value: float, style: str, decimal: str) -> str:
    """``value`` as an export would write it; every style reads back to ``value``."""
    negative = value < 0
    size = abs(value)
    if style == "plain":
        text = f"{size:.2f}"
    elif style == "short":
        text = f"{size:.2f}".rstrip("0").rstrip(".")
    elif style == "grouped":
        text = f"{size:,.2f}"
    elif style == "percent":
        text = f"{size:.2f}%"
    elif style == "currency":
        text = f"${size:,.2f}"
    elif style == "code":
        text = f"EUR {size:.2f}"
    else:
        raise ValueError(style)
    if decimal == ",":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if negative:
        text = f"({text})" if style in ("grouped", "currency") else "-" + text
    return text


NUMBER_STYLES = ("plain", "short", "grouped", "percent", "currency", "code")


@dataclass
class Written:
    """Where the writer put each cell: what the reader must report back."""

    path: Path
    layout: str
    sheet: str | None
    headers: dict[str, str] = field(default_factory=dict)
    """Canonical name or KPI id -> the header as written."""
    rows: dict[Key, int] = field(default_factory=dict)
    """Row (as Excel or an editor shows it) of every value and junk cell."""
    junk_codes: dict[Key, str | None] = field(default_factory=dict)
    allowed_warnings: set[str] = field(default_factory=set)


def _header(name: str, case: str) -> str:
    return {"lower": name, "upper": name.upper(), "title": name.title(), "padded": f" {name} "}[
        case
    ]


def table_rows(
    table: KpiTable, layout: str, style: Style, written: Written, *, excel: bool
) -> list[list[Any]]:
    """The table as a grid of cells (None for an empty cell), recording rows as it goes."""
    grid: list[list[Any]] = [["Monthly KPI extract"]] + [[] for _ in range(style.title_rows - 1)]
    if style.title_rows == 0:
        grid = []
    has_segment = bool(table.segments)
    if layout == "long":
        names = ["period", "kpi", "value"] + (["segment"] if has_segment else [])
        header = [_header(n, style.header_case) for n in names]
        written.headers = dict(zip(names, header, strict=True))
        grid.append(header)
        keys = sorted({*table.values, *table.junk}, key=lambda k: (k[2], k[0], k[1]))
        for index, key in enumerate(keys):
            kpi, segment, period = key
            cell = _value_cell(table, key, style, excel)
            row = [period_label(period, table.grain, style.period_format), kpi, cell]
            if has_segment:
                row.append(segment)
            grid.append(row)
            written.rows[key] = len(grid)
            if style.blank_every and index % style.blank_every == style.blank_every - 1:
                grid.append([])
        return grid
    names = ["period"] + (["segment"] if has_segment else []) + list(table.kpis)
    header = [_header(n, style.header_case) for n in names]
    written.headers = dict(zip(names, header, strict=True))
    grid.append(header)
    index = 0
    for period in table.periods:
        for segment in table.segments or ("",):
            cells = [_value_cell(table, (k, segment, period), style, excel) for k in table.kpis]
            if all(c is None for c in cells):
                continue  # a row with a period and nothing else is not written
            row = [period_label(period, table.grain, style.period_format)]
            if has_segment:
                row.append(segment)
            grid.append(row + cells)
            for kpi in table.kpis:
                key = (kpi, segment, period)
                if key in table.values or key in table.junk:
                    written.rows[key] = len(grid)
            index += 1
            if style.blank_every and index % style.blank_every == 0:
                grid.append([])
    return grid


def _value_cell(table: KpiTable, key: Key, style: Style, excel: bool) -> Any:
    """A value cell for the writer: ("junk", key, text), ("number", value) or None."""
    if key in table.junk:
        return ("junk", key, table.junk[key])
    if key not in table.values:
        return None
    return ("number", table.values[key])


# --- CSV ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    encoding: str
    line_end: str
    quoting: int


@st.composite
def csv_dialects(draw: st.DrawFn) -> CsvDialect:
    return CsvDialect(
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        line_end=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
    )


@st.composite
def styles(draw: st.DrawFn, table: KpiTable, *, excel: bool = False) -> Style:
    numbers = ["number", "percent cell", *NUMBER_STYLES] if excel else list(NUMBER_STYLES)
    return Style(
        period_format=draw(st.sampled_from(period_formats(table, excel=excel))),
        number_format=draw(st.sampled_from(numbers)),
        header_case=draw(st.sampled_from(["lower", "upper", "title", "padded"])),
        title_rows=draw(st.integers(0, 2)),
        blank_every=draw(st.sampled_from([0, 0, 1, 3])),
    )


def write_csv(
    path: Path, table: KpiTable, layout: str, style: Style, dialect: CsvDialect
) -> Written:
    written = Written(path, layout, None)
    for key, text in table.junk.items():
        written.junk_codes[key] = JUNK[text]
    decimal = "," if dialect.delimiter == ";" else "."
    grid = table_rows(table, layout, style, written, excel=False)
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=dialect.delimiter,
        lineterminator=dialect.line_end,
        quoting=dialect.quoting,
    )
    for row in grid:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):
                cell = (
                    cell[2]
                    if cell[0] == "junk"
                    else number_text(cell[1], style.number_format, decimal)
                )
            cells.append("" if cell is None else cell)
        writer.writerow(cells)
    text = buffer.getvalue()
    if dialect.encoding == "cp1252" and not text.isascii():
        written.allowed_warnings.add("encoding")
    path.write_bytes(text.encode(dialect.encoding))
    return written


# --- XLSX ---------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    table: KpiTable,
    layout: str,
    style: Style,
    *,
    hidden_first: bool,
    formula_junk: bool,
) -> Written:
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    if hidden_first:
        first.title = "Notes"
        first.append(["period", "kpi", "value"])
        first.append(["2020-01", "adoption_pct", "not this sheet"])
        first.sheet_state = "hidden"
        sheet = workbook.create_sheet("KPIs")
    else:
        sheet = first
        sheet.title = "KPIs"
    written = Written(path, layout, "KPIs")
    if hidden_first:
        written.allowed_warnings.add("hidden_sheet")
    for key, text in table.junk.items():
        written.junk_codes[key] = JUNK[text]
    grid = table_rows(table, layout, style, written, excel=True)
    for row_number, row in enumerate(grid, start=1):
        for column, cell in enumerate(row, start=1):
            if cell is None:
                continue
            target = sheet.cell(row=row_number, column=column)
            if isinstance(cell, tuple) and cell[0] == "junk":
                if formula_junk:
                    target.value = "=1/0"  # a formula no program ever calculated
                    written.junk_codes[cell[1]] = "uncached_formula"
                else:
                    target.value = cell[2]
            elif isinstance(cell, tuple):
                value = cell[1]
                if style.number_format == "number":
                    target.value = value
                elif style.number_format == "percent cell":
                    target.value = value / 100
                    target.number_format = "0.00%"
                else:
                    target.value = number_text(value, style.number_format, ".")
            else:
                target.value = cell
                if isinstance(cell, dt.datetime):
                    target.number_format = "yyyy-mm-dd"
    workbook.save(path)
    return written


# --- Reading back -------------------------------------------------------------------------


@dataclass
class ReadBack:
    observations: dict[Key, tuple[float, int, str]]
    """(kpi, segment, period) -> (value, row, column header)."""
    problems: list[Problem]
    failure: TableReadError | None = None


def source_for(written: Written, *, mapped: bool) -> DataSource:
    columns = {}
    if mapped:
        columns = {name: header.strip() for name, header in written.headers.items()}
    return DataSource(
        index=0,
        path=written.path.name,
        sheet=written.sheet,
        layout="wide" if written.layout == "wide" else "long",
        columns=columns,
        line=1,
    )


def read_back(written: Written, *, mapped: bool = False) -> ReadBack:
    """Read a written file through the real reader and table checks."""
    source = source_for(written, mapped=mapped)
    log = ProblemLog()
    try:
        raw, notes = read_table(
            UserPath(written.path, written.path.name), source.sheet, required_headers(source)
        )
    except TableReadError as error:
        return ReadBack({}, [], error)
    for note in notes:
        log.add(Problem.of(note, Location(written.path.name, sheet=raw.sheet)))
    ids = list(KPI_POOL)
    typed = (
        check_wide(raw, source, ids, log)
        if source.layout == "wide"
        else check_long(raw, source, log)
    )
    tables = [typed] if typed is not None else []
    observations = combine(tables, len(raw.frame), log)
    frame = observations.frame
    result: dict[Key, tuple[float, int, str]] = {}
    for kpi, segment, period, value, row, column in zip(
        frame["kpi"].astype(str),
        frame["segment"].astype(str),
        frame["period"],
        frame["value"].to_numpy(dtype=np.float64),
        frame["row"],
        frame["column"].astype(str),
        strict=True,
    ):
        result[(kpi, segment, period.date())] = (float(value), int(row), column)
    return ReadBack(result, log.sorted())


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


#: Codes about one row or cell of a table: these must carry the row number.
ROW_CODES = frozenset(
    {
        "bad_number",
        "ambiguous_number",
        "number_format_conflict",
        "suspicious_value",
        "no_value",
        "bad_period",
        "missing_period",
        "ambiguous_period",
        "missing_kpi",
        "excel_error_cell",
        "uncached_formula",
        "extra_cells",
        "duplicate_row",
        "cell_too_large",
        "duplicate_header",
        "column_missing",
        "header_missing",
        "unknown_kpi",
        "mixed_periods",
        "too_many_columns",
    }
)


def assert_located(problems: list[Problem]) -> None:
    """Every problem names its file; one about a row names the row (summaries excepted)."""
    for problem in problems:
        assert problem.file, problem
        summary = "were not listed" in problem.message
        if problem.code in ROW_CODES and not summary and problem.line is None:
            assert problem.row is not None and problem.row >= 1, problem


def check_read_back(table: KpiTable, written: Written, back: ReadBack) -> None:
    """The file read back to exactly the table; each junk cell is an error at its cell."""
    assert back.failure is None, back.failure.issue
    assert_located(back.problems)
    expected = {
        key: (
            value,
            written.rows[key],
            written.headers[key[0] if written.layout == "wide" else "value"].strip(),
        )
        for key, value in table.values.items()
    }
    assert set(back.observations) == set(expected)
    for key, (value, row, column) in expected.items():
        got_value, got_row, got_column = back.observations[key]
        assert same_value(got_value, value), (key, got_value, value)
        assert (got_row, got_column) == (row, column), key
    errors = sorted((p.code, p.row, p.column) for p in back.problems if p.is_error)
    wanted = sorted(
        (
            code,
            written.rows[key],
            written.headers[key[0] if written.layout == "wide" else "value"].strip(),
        )
        for key in table.junk
        if (code := written.junk_codes[key]) is not None
    )
    assert errors == wanted
    warnings = {p.code for p in back.problems if not p.is_error}
    assert warnings <= written.allowed_warnings, warnings
