"""The data against the thesis: ids on either side only, comparison segments, gaps.

Each finding is one message about its root cause. A KPI is "without data" only when no
table has a row for it, not when its rows were dropped for an error already reported; when
a table could not be read at all, the KPIs and segments it may hold are counted in that
table's problem rather than listed (see :meth:`ProblemLog.add_dependent`). A gap is told
apart by what fills it: no row at all ("add the missing rows"), a row whose cell says there
is no value (``n/a``, ``-``: nothing to add), or a row whose cell was reported as bad
(already reported, so not repeated).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import period_index, period_label, step
from valaudit.load.raw import fold
from valaudit.model.observations import Observations, category_codes
from valaudit.model.thesis import Thesis
from valaudit.validate.dataset import located
from valaudit.validate.dense_codes import factorized
from valaudit.validate.suggest import did_you_mean
from valaudit.validate.table import TypedTable

_MAX_LISTED_GAPS = 6
#: What a table that cannot be read leaves unchecked (see ProblemLog.add_root).
DATA = "data"


def check_against_thesis(
    observations: Observations,
    thesis: Thesis,
    log: ProblemLog,
    tables: Sequence[TypedTable] = (),
) -> None:
    """Ids in the data but not the thesis, thesis ids without data, comparison segments, gaps.

    ``tables`` are the typed tables the observations were combined from: they know the KPIs
    and segments of rows the combination dropped, and the rows without a value.
    """
    kpi = observations.columns["kpi"]
    known = set(thesis.measures)
    # The distinct codes as Python integers, each looked up in a list: a pandas Index
    # indexed by an array costs more than this on a batch folder's table.
    names = kpi.categories.tolist()
    present = (
        {str(names[code]) for code in set(category_codes(kpi).tolist())} - {""}
        if len(observations)
        else set()
    )
    if len(present) > limits.MAX_DATA_KPIS:
        log.error(
            "too_many_kpis",
            f"The data holds {len(present):,} different KPI ids; a thesis can evaluate at most "
            f"{limits.MAX_DATA_KPIS:,}.",
            thesis.file,
            hint="Check that the kpi column really holds KPI ids (or that a wide table is "
            "marked layout: wide).",
        )
        return
    _unknown_ids(observations, thesis, sorted(present - known), log)
    seen = present.union(*(table.seen_kpis for table in tables))
    labels = {fold(label): label for label in seen - known}
    unknown_labels = sorted(seen - known - _names_of_measures(thesis))
    for measure in thesis.measures.values():
        if measure.id in seen:
            continue
        named = labels.get(fold(measure.name)) if measure.name != measure.id else None
        hint = (
            f"Its rows are in the data under its name '{named}': the kpi column holds ids, so "
            f"write {measure.id} there."
            if named is not None
            else did_you_mean(measure.id, unknown_labels, list_all=False)
            or "Add its rows to a table (the kpi column holds its id), or its column to a "
            "wide table."
        )
        log.add_dependent(
            DATA,
            Problem(
                code="kpi_without_data",
                severity="warning",
                message=f"'{measure.id}' has no values in any table.",
                file=thesis.file,
                line=measure.line,
                hint=hint,
            ),
            ("KPI", "KPIs"),
        )
    _comparison_segments(observations, thesis, tables, log)
    _gaps(observations, known, tables, log)


def _names_of_measures(thesis: Thesis) -> set[str]:
    """Display names of the KPIs and guardrails (which are not ids to suggest)."""
    return {m.name for m in thesis.measures.values() if m.name != m.id}


def _unknown_ids(
    observations: Observations, thesis: Thesis, unknown: list[str], log: ProblemLog
) -> None:
    if not unknown:
        return
    kpi_codes = category_codes(observations.columns["kpi"])
    names = observations.columns["kpi"].categories
    # Each id's first row: one unbuffered pass (a sort of a million codes costs more).
    first_rows = np.full(len(names), len(kpi_codes), dtype=np.int64)
    with_id = kpi_codes >= 0
    np.minimum.at(first_rows, kpi_codes[with_id], np.flatnonzero(with_id))
    first_row = {str(name): int(row) for name, row in zip(names, first_rows, strict=True)}
    by_name = {fold(m.name): m.id for m in thesis.measures.values()}
    ids = sorted(thesis.measures)
    for kpi in unknown:
        named = by_name.get(fold(kpi))
        if named is not None:
            hint = (
                f"'{kpi}' is the name of '{named}'; the kpi column holds ids: write {named} "
                "instead."
            )
        else:
            hint = (
                did_you_mean(kpi, ids, list_all=False)
                or "If it is one of the thesis's KPIs, write its id ("
                + ", ".join(ids[:6])
                + (", ..." if len(ids) > 6 else "")
                + "); else add it to kpis: or guardrails: to audit it."
            )
        log.add(
            Problem(
                code="unknown_kpi",
                severity="warning",
                message=f"The data has KPI '{kpi}', which the thesis does not define; its rows "
                "are ignored.",
                hint=hint,
                **located(observations, int(first_row[kpi])),
            )
        )


def _comparison_segments(
    observations: Observations, thesis: Thesis, tables: Sequence[TypedTable], log: ProblemLog
) -> None:
    if thesis.comparison is None:
        return
    segments = (
        set(map(str, observations.columns["segment"].unique())) if len(observations) else set()
    )
    for table in tables:
        if len(table):
            segments |= set(map(str, table.columns["segment"].unique()))
    choices = sorted(s for s in segments if s)
    for group, names in (
        ("treated", thesis.comparison.treated),
        ("control", thesis.comparison.control),
    ):
        for index, name in enumerate(names):
            if name in segments:
                continue
            log.add_dependent(
                DATA,
                Problem(
                    code="comparison_segment_missing",
                    message=f"The {group} segment '{name}' does not appear in the data.",
                    file=thesis.file,
                    line=thesis.comparison.lines.get(f"{group}[{index}]"),
                    path=f"comparison.{group}[{index}]",
                    hint=did_you_mean(name, choices)
                    or (
                        "The tables have no segment column: map one with columns: "
                        "{segment: <its header>}."
                        if not choices
                        else "Segments must be spelled exactly as in the tables' segment column."
                    ),
                ),
                ("comparison segment", "comparison segments"),
            )


def _gaps(
    observations: Observations, known: set[str], tables: Sequence[TypedTable], log: ProblemLog
) -> None:
    """Warn about periods missing inside each (KPI, segment) series.

    A series has a gap when its distinct periods are fewer than its span from first to
    last: per series minimum, maximum and count of the integer period numbers, a few passes
    over arrays for a million rows. Only series that really have gaps are walked.
    """
    if not len(observations):
        return
    columns = observations.columns
    # Checked: KPIs of the thesis in weeks, months, quarters or years (daily series skip
    # weekends and holidays by nature).
    checked = {"W", "M", "Q", "Y"}
    is_checked = np.array(
        [
            str(kpi) in known and observations.granularity.get(str(kpi)) in checked
            for kpi in columns["kpi"].categories
        ]
        + [False]
    )
    series, series_period, width = observations.series_keys()
    del series_period  # only the series are needed here: 8 bytes a row freed now
    keep = is_checked[category_codes(columns["kpi"])]
    repeated = observations.repeated
    numbers = columns["period_number"]
    if not keep.all():  # most tables: every row checked, no copy
        series, numbers = series[keep], numbers[keep]
        repeated = None if repeated is None else repeated[keep]
    # Numbered 0..n-1 over the series that occur: KPI ids x segments can be far more.
    codes, present = factorized(series)
    del series
    distinct = codes if repeated is None else codes[~repeated]
    count = np.bincount(distinct, minlength=len(present))
    first = np.full(len(present), np.iinfo(np.int64).max)
    last = np.full(len(present), np.iinfo(np.int64).min)
    np.minimum.at(first, codes, numbers)
    np.maximum.at(last, codes, numbers)
    gappy = np.sort(present[last - first + 1 > count])
    if not len(gappy):
        return
    blanks = _blank_rows(tables)
    frame = observations.frame
    kpis, segments = columns["kpi"].categories, columns["segment"].categories
    for code in gappy.tolist():
        kpi = str(kpis[code // width])
        segment = str(segments[code % width - 1]) if code % width else ""
        grain = observations.granularity[kpi]
        group = frame.loc[(frame["kpi"] == kpi) & (frame["segment"] == segment)]
        dates = sorted({pd.Timestamp(p).date() for p in group["period"].unique()})
        indices = {period_index(d, grain) for d in dates}
        filled = _filled_periods(blanks, kpi, segment, grain)
        absent: list[str] = []
        said: list[tuple[str, pd.Series]] = []
        current = dates[0]
        while current <= dates[-1]:
            index = period_index(current, grain)
            if index not in indices:
                row = filled.get(index)
                if row is None:
                    absent.append(period_label(current, grain))
                elif not row["error"]:  # a bad cell is reported already
                    said.append((period_label(current, grain), row))
            current = step(current, grain)
        for_segment = f" (segment '{segment}')" if segment else ""
        source = observations.sources[int(group["source"].iat[0])]
        if absent:
            log.add_dependent(
                DATA,
                Problem(
                    code="missing_periods",
                    severity="warning",
                    message=f"KPI '{kpi}'{for_segment} has no row for {_listed(absent)}. Missing "
                    "periods are left out of the analysis, never counted as zero.",
                    file=source.file,
                    sheet=source.sheet,
                    hint="Add the missing rows if the values exist.",
                ),
                ("warning about missing periods", "warnings about missing periods"),
            )
        if said:
            _no_value(kpi, for_segment, said, log)


def _no_value(
    kpi: str, for_segment: str, said: list[tuple[str, pd.Series]], log: ProblemLog
) -> None:
    """One warning for the periods of a series whose cells say there is no value."""
    parts = [
        f"{label} (row {int(row['row'])}: {repr(row['text']) if row['text'] else 'empty'})"
        for label, row in said
    ]
    first = said[0][1]
    dashes = any(str(row["text"]) in ("-", "–", "—", "--") for _, row in said)
    log.add(
        Problem(
            code="no_value",
            severity="warning",
            message=f"KPI '{kpi}'{for_segment} has no value for {_listed(parts)}. These periods "
            "are left out of the analysis, never counted as zero.",
            file=str(first["file"]),
            sheet=str(first["sheet"]) or None,
            row=int(first["row"]),
            column=str(first["column"]),
            hint="Nothing to do if the values are not known; fill them in if they are."
            + (" A dash that means zero must be written 0." if dashes else ""),
        )
    )


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED_GAPS])
    more = len(items) - _MAX_LISTED_GAPS
    return shown + (f" and {more} more" if more > 0 else "")


def _blank_rows(tables: Sequence[TypedTable]) -> pd.DataFrame:
    """The rows without a value of every table, with their file and sheet."""
    parts = [
        table.blanks.assign(file=table.file, sheet=table.sheet or "")
        for table in tables
        if table.blanks is not None
    ]
    if not parts:
        return pd.DataFrame(columns=["kpi", "segment", "start", "granularity", "row", "error"])
    frame = pd.concat(parts, ignore_index=True)
    frame["kpi"] = frame["kpi"].astype(str)
    frame["segment"] = frame["segment"].astype(str)
    return frame


def _filled_periods(
    blanks: pd.DataFrame, kpi: str, segment: str, grain: str
) -> dict[int, pd.Series]:
    """Per period number of the series, its first row without a value (if it has one)."""
    rows = blanks.loc[(blanks["kpi"] == kpi) & (blanks["segment"] == segment)]
    found: dict[int, pd.Series] = {}
    for _, row in rows.iterrows():
        index = period_index(pd.Timestamp(row["start"]).date(), grain)
        found.setdefault(index, row)
    return found
