"""Checks across tables: period lengths, normalisation, gaps, unknown and missing ids."""

from __future__ import annotations

import collections
import dataclasses
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import BASE_THESIS
from valaudit.errors import ProblemLog
from valaudit.load.paths import UserPath
from valaudit.load.tables import read_table
from valaudit.validate.against_thesis import check_against_thesis
from valaudit.validate.dataset import combine
from valaudit.validate.folder import validate_folder
from valaudit.validate.table import check_long, check_wide, required_headers


def folder_with(make_folder, csv: str, kpis=None, **thesis):  # type: ignore[no-untyped-def]
    spec = {**BASE_THESIS, **thesis}
    spec["kpis"] = kpis or [
        {"id": "aht", "stage": "productivity", "direction": "down", "target": 4}
    ]
    return validate_folder(str(make_folder(spec, {"data.csv": csv})))


def test_month_end_dates_become_months(make_folder) -> None:
    result = folder_with(
        make_folder, "period,kpi,value\n2024-11-30,aht,5\n2024-12-31,aht,5\n2025-01-31,aht,4\n"
    )
    assert result.valid
    assert result.observations.granularity == {"aht": "M"}
    periods = [p.date().isoformat() for p in pd.to_datetime(result.observations.frame["period"])]
    assert periods == ["2024-11-01", "2024-12-01", "2025-01-01"]


def test_quarters_in_any_spelling_are_one_series(make_folder) -> None:
    result = folder_with(
        make_folder, "period,kpi,value\n2024Q3,aht,5\n2024-Q4,aht,5\nQ1 2025,aht,4\n"
    )
    assert result.valid
    assert result.observations.granularity == {"aht": "Q"}


def test_mixing_months_and_quarters_for_one_kpi_is_an_error_at_the_row_that_differs(
    make_folder,
) -> None:
    csv = "period,kpi,value\n2024-10,aht,5\n2024-11,aht,5\n2024-Q4,aht,5\n2025-01,aht,4\n"
    result = folder_with(make_folder, csv)
    (problem,) = result.problems
    assert (problem.code, problem.row, problem.column) == ("mixed_periods", 4, "period")
    assert "2024-Q4 is a quarter" in problem.message and "are months" in problem.message
    assert "(and 3 rows that depend on it)" in problem.message
    assert "e.g. 2024-10" in (problem.hint or "")


def test_gaps_are_warnings_that_list_the_missing_periods(make_folder) -> None:
    result = folder_with(
        make_folder, "period,kpi,value\n2024-10,aht,5\n2024-12,aht,5\n2025-03,aht,4\n"
    )
    assert result.valid
    warning = next(p for p in result.warnings if p.code == "missing_periods")
    assert "2024-11, 2025-01, 2025-02" in warning.message


def test_ids_in_the_data_but_not_the_thesis_are_warnings_with_a_suggestion(make_folder) -> None:
    result = folder_with(make_folder, "period,kpi,value\n2024-12,aht,5\n2025-01,aht_min,4\n")
    assert result.valid
    warning = next(p for p in result.warnings if p.code == "unknown_kpi")
    assert warning.row == 3 and warning.hint == "Did you mean 'aht'?"


def test_thesis_ids_without_data_are_warnings_at_their_line(make_folder) -> None:
    kpis = [
        {"id": "aht", "stage": "productivity", "direction": "down", "target": 4},
        {"id": "csat", "stage": "customer", "direction": "up", "target": 5},
    ]
    result = folder_with(make_folder, "period,kpi,value\n2024-12,aht,5\n", kpis=kpis)
    assert result.valid
    warning = next(p for p in result.warnings if p.code == "kpi_without_data")
    assert (
        warning.file.endswith("valaudit.yaml")
        and warning.line is not None
        and "'csat'" in warning.message
    )


def test_warnings_never_make_a_folder_invalid(make_folder) -> None:
    result = folder_with(make_folder, "period,kpi,value\n2024-10,aht,5\n2025-01,other,4\n")
    assert result.warnings and result.valid


def test_summary_counts(make_folder) -> None:
    result = folder_with(make_folder, "period,kpi,value\n2024-10,aht,5\n\n2024-11,aht,4\n")
    assert (result.stats.files, result.stats.tables, result.stats.rows, result.stats.kpis) == (
        2,
        1,
        2,
        1,
    )


# The duplicate and gap checks work on integer keys (and skip hashing for sorted exports);
# they must agree with the plain definition on any order of rows, lengths and segments.
_LABELS = {
    "aht": lambda n: f"{2024 + n // 12}-{n % 12 + 1:02d}",  # months
    "fcr": lambda n: f"{2024 + n // 4}{'Q' if n % 2 else '-Q'}{n % 4 + 1}",  # quarters
    "nps": lambda n: f"{2024 + n // 52}-W{n % 52 + 1:02d}",  # ISO weeks
    "other": lambda n: f"{2024 + n // 12}-{n % 12 + 1:02d}",  # not in the thesis
}
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(sorted(_LABELS)),
        st.sampled_from(["", "north", "south"]),
        st.integers(min_value=0, max_value=5),
    ),
    min_size=1,
    max_size=40,
)


@settings(deadline=None, max_examples=100)
@given(rows=_ROWS, sort=st.booleans())
@example(rows=[("aht", "", 0), ("aht", "", 0), ("aht", "", 2)], sort=False)  # a repeat hides no gap
def test_duplicates_and_gaps_match_their_definition(rows, sort: bool) -> None:  # type: ignore[no-untyped-def]
    if sort:
        rows = sorted(rows)
    csv = "period,kpi,segment,value\n" + "".join(
        f"{_LABELS[kpi](n)},{kpi},{segment},1\n" for kpi, segment, n in rows
    )
    spec = {**BASE_THESIS, "data": [{"path": "data.csv"}]}
    spec["kpis"] = [
        {"id": kpi, "stage": "productivity", "direction": "down", "target": 4}
        for kpi in ("aht", "fcr", "nps")
    ]
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "valaudit.yaml").write_text(yaml.safe_dump(spec))
        Path(folder, "data.csv").write_text(csv)
        result = validate_folder(folder)

    seen = collections.Counter(rows)
    duplicate_rows = sorted(
        line
        for line, row in enumerate(rows, start=2)
        if seen[row] > 1 and rows.index(row) + 2 < line
    )
    assert sorted(p.row for p in result.problems if p.code == "duplicate_row") == duplicate_rows
    numbers: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for kpi, segment, n in rows:
        if kpi != "other":
            numbers[(kpi, segment)].add(n)
    gappy = {key for key, ns in numbers.items() if max(ns) - min(ns) + 1 > len(ns)}
    found = {
        (match[1], match[2] or "")
        for p in result.problems
        if p.code == "missing_periods"
        and (match := re.match(r"KPI '(\w+)'(?: \(segment '(\w+)'\))?", p.message))
    }
    assert found == gappy


def test_the_gap_check_is_sized_by_the_series_present(make_folder) -> None:  # type: ignore[no-untyped-def]
    """Arrays per (KPI, segment) pair that occurs, not per pair of ids the data could hold:
    10,000 ids x 200,000 segments would ask for 16 GB per array."""
    result = folder_with(make_folder, "period,kpi,value\n2024-10,aht,5\n2024-12,aht,5\n")
    many_kpis = [f"k{i:05d}" for i in range(9_999)] + ["aht"]
    many_segments = [f"s{i:06d}" for i in range(200_000)] + ["north"]
    columns = {
        **result.observations.columns,
        "kpi": pd.Categorical(["aht", "aht"], categories=many_kpis),
        "segment": pd.Categorical(["north", "north"], categories=many_segments),
    }
    log = ProblemLog()
    observations = dataclasses.replace(result.observations, columns=columns)
    check_against_thesis(observations, result.thesis, log)
    gaps = [p.message for p in log.sorted() if p.code == "missing_periods"]
    assert gaps == [
        "KPI 'aht' (segment 'north') has no row for 2024-11. Missing periods are left out of "
        "the analysis, never counted as zero."
    ]


def test_the_kpi_limit_counts_ids_not_blank_cells(make_folder) -> None:  # type: ignore[no-untyped-def]
    """Exactly MAX_DATA_KPIS distinct ids are read (they were refused as "10,001": the label
    for a blank kpi cell was counted as an id); one more is refused, with the true count."""
    from valaudit import limits

    ids = [f"k{i}" for i in range(limits.MAX_DATA_KPIS)]
    rows = "".join(f"2024-07,{kpi},1\n" for kpi in ids)
    result = folder_with(make_folder, "period,kpi,value\n" + rows + "2024-08,,1\n")
    assert [p.code for p in result.errors] == ["missing_kpi"]
    result = folder_with(make_folder, "period,kpi,value\n" + rows + "2024-08,extra,1\n")
    assert [p.code for p in result.errors] == ["too_many_kpis"]
    assert f"{limits.MAX_DATA_KPIS + 1:,} different KPI ids" in result.errors[0].message


def test_an_unknown_id_is_warned_about_once_at_its_first_row(make_folder) -> None:  # type: ignore[no-untyped-def]
    """Rows of unknown ids among known ones, in no order: each id is named once, at the
    first row that holds it."""
    result = folder_with(
        make_folder,
        "period,kpi,value\n"
        "2024-11,aht,5\n"  # row 2
        "2024-11,zeta,1\n"  # row 3
        "2024-12,alpha,2\n"  # row 4
        "2024-12,aht,5\n"  # row 5
        "2024-12,zeta,1\n"  # row 6
        "2024-11,alpha,2\n",  # row 7
    )
    unknown = sorted(
        (p.message.split("'")[1], p.row) for p in result.problems if p.code == "unknown_kpi"
    )
    assert unknown == [("alpha", 4), ("zeta", 3)]


def test_every_id_in_the_data_counts_even_on_one_row(make_folder) -> None:  # type: ignore[no-untyped-def]
    """The data's ids are every row's: an unknown id on the first row only is named, and a
    thesis id on the last row only has data."""
    kpis = [
        {"id": "aht", "stage": "productivity", "direction": "down", "target": 4},
        {"id": "csat", "stage": "customer", "direction": "up", "target": 5},
    ]
    result = folder_with(
        make_folder,
        "period,kpi,value\n2024-10,solo,3\n2024-11,aht,5\n2024-12,aht,5\n2024-12,csat,4\n",
        kpis=kpis,
    )
    assert [(p.code, p.row) for p in result.problems] == [("unknown_kpi", 2)]


def test_kept_series_keys_give_the_problems_keys_worked_out_per_check(  # type: ignore[no-untyped-def]
    make_folder, monkeypatch
) -> None:
    """The duplicate, gap and plausibility checks share the series keys of a small table;
    their problems are those found with keys worked out afresh for each check."""
    from valaudit.model import observations

    months = ["2024-09", "2024-10", "2024-10", "2025-01", "2025-02", "2025-03", "2025-04"]
    aht = [5, 5, 6, 4, 4000, 5, 5]
    csv = "period,kpi,value\n" + "".join(
        f"{month},aht,{a}\n{month},csat,{80 + i}\n"
        for i, (month, a) in enumerate(zip(months, aht, strict=True))
    )
    kpis = [
        {"id": "aht", "stage": "productivity", "direction": "down", "target": 4},
        {"id": "csat", "stage": "customer", "direction": "up", "target": 90},
    ]
    results = []
    for kept in (0, observations.KEPT_KEYS_ROWS):
        monkeypatch.setattr(observations, "KEPT_KEYS_ROWS", kept)
        results.append(folder_with(make_folder, csv, kpis=kpis))
    fresh, kept_result = results
    codes = {p.code for p in fresh.problems}
    assert {"duplicate_row", "missing_periods", "suspicious_value"} <= codes, codes
    assert kept_result.problems == fresh.problems
    shared = kept_result.observations
    assert shared.series_keys() is shared.series_keys()


def test_a_tables_columns_combine_as_its_frame_does() -> None:
    """A folder of one table is combined from the table's columns, without a frame; the
    observations and problems are those of its frame's columns (as several tables are
    combined), for every sample folder's tables."""
    root = Path(__file__).resolve().parents[2] / "sample_data"
    compared = 0
    for folder in sorted(p.parent for p in root.glob("*/valaudit.yaml")):
        thesis = validate_folder(str(folder)).thesis
        assert thesis is not None
        for source in thesis.data:
            file = UserPath(folder / source.path, source.path)
            raw, _ = read_table(file, source.sheet, required_headers(source))
            results = []
            for as_frame in (False, True):
                log = ProblemLog()
                if source.layout == "wide":
                    table = check_wide(raw, source, list(thesis.measures), log)
                else:
                    table = check_long(raw, source, log)
                assert table is not None
                if as_frame:
                    table = dataclasses.replace(table, columns=dict(table.frame.items()))
                results.append((combine([table], len(raw.frame), log), log.sorted()))
            (direct, direct_problems), (framed, framed_problems) = results
            assert direct_problems == framed_problems
            assert list(direct.columns) == list(framed.columns)
            for name, values in direct.columns.items():
                other = framed.columns[name]
                assert values.dtype == other.dtype, name
                if isinstance(values, pd.Categorical):
                    assert list(values.categories) == list(other.categories), name
                    values, other = values.codes, other.codes
                assert np.asarray(values).tobytes() == np.asarray(other).tobytes(), name
            compared += 1
    assert compared >= 5
