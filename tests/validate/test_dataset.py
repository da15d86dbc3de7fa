"""Checks across tables: period lengths, normalisation, gaps, unknown and missing ids."""

from __future__ import annotations

import pandas as pd

from tests.conftest import BASE_THESIS
from valaudit.validate.folder import validate_folder


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


def test_mixing_months_and_quarters_for_one_kpi_is_an_error(make_folder) -> None:
    result = folder_with(make_folder, "period,kpi,value\n2024-11,aht,5\n2024-Q4,aht,5\n")
    problem = next(p for p in result.problems if p.code == "mixed_periods")
    assert problem.row == 2 and "months and quarters" in problem.message


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
