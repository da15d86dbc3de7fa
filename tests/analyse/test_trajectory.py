"""The trajectory: the audit at the end of every period, equal to separate ``--as-of`` runs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import valaudit
from tests.conftest import ROOT, SAMPLES
from valaudit.analyse.audit import audit_prepared, prepare_audit, run_audit
from valaudit.analyse.trajectory import trajectory_dates
from valaudit.errors import UsageError
from valaudit.limits import MAX_TRAJECTORY_POINTS
from valaudit.render.json_report import report_document

D = dt.date


def _document(folder: Path, **options: Any) -> dict[str, Any]:
    outcome = valaudit.audit_folder(folder, **options)
    assert outcome.report is not None
    # Through JSON text, as a user reads it: ten significant digits, no Python types.
    return json.loads(json.dumps(report_document(outcome.report)))


def _as_entry(report: dict[str, Any]) -> dict[str, Any]:
    """The fields of a separate report that a trajectory entry holds, in its shape."""
    money = report["money"]
    basis_keys = ("realized_annual_benefit", "realization_ratio", "benefit_to_date", "roi_to_date")
    return {
        "as_of": report["as_of"],
        "verdict": report["verdict"]["code"],
        "break": report["chain"]["break"],
        "flags": report["verdict"]["flags"],
        "money": {
            "credit": money["credit"],
            "cost_to_date": money["cost_to_date"],
            **{key: money[key] for key in basis_keys},
            "observed": {key: money["observed"][key] for key in basis_keys},
            "attributable": {key: money["attributable"][key] for key in basis_keys},
        },
        "gap_index": report["gap_index"],
        "kpis": {kpi["id"]: kpi["status"] for kpi in report["kpis"]},
        "guardrails": {rail["id"]: rail["status"] for rail in report["guardrails"]},
    }


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda path: path.name)
def test_every_entry_is_what_a_separate_as_of_run_reports(folder: Path) -> None:
    document = _document(folder, trajectory="period")
    entries = document["trajectory"]
    assert len(entries) >= 3
    for entry in entries:
        separate = _document(folder, as_of=D.fromisoformat(entry["as_of"]))
        assert entry == _as_entry(separate), entry["as_of"]


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda path: path.name)
def test_a_trajectory_leaves_the_rest_of_the_report_as_it_was(folder: Path) -> None:
    with_trajectory = _document(folder, trajectory="quarter")
    assert with_trajectory.pop("trajectory")[-1] == _as_entry(with_trajectory)
    assert with_trajectory == _document(folder)


def test_one_preparation_judged_at_a_date_is_the_audit_at_that_date() -> None:
    validation = valaudit.validate_folder(ROOT / "sample_data" / "crm_sales_emea")
    prepared = prepare_audit(validation)
    for as_of in (D(2024, 12, 31), D(2025, 3, 31), D(2025, 8, 15), None):
        assert audit_prepared(prepared, as_of) == run_audit(validation, as_of)


def test_the_sample_entries_step_month_by_month_to_the_review_date() -> None:
    document = _document(ROOT / "sample_data" / "support_copilot", trajectory="period")
    dates = [entry["as_of"] for entry in document["trajectory"]]
    assert dates[:3] == ["2025-04-30", "2025-05-31", "2025-06-30"]
    assert dates[-1] == document["as_of"] == "2026-03-31"
    assert len(dates) == 12
    verdicts = [entry["verdict"] for entry in document["trajectory"]]
    assert verdicts[:3] == ["too_early", "too_early", "implementation_without_outcome"]


def test_quarterly_data_steps_by_quarter_and_every_year_by_year() -> None:
    folder = ROOT / "sample_data" / "erp_finance_close"
    by_period = [e["as_of"] for e in _document(folder, trajectory="period")["trajectory"]]
    assert by_period == [
        "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31",
    ]  # fmt: skip
    by_year = [e["as_of"] for e in _document(folder, trajectory="year")["trajectory"]]
    assert by_year == ["2024-12-31", "2025-12-31"]


@pytest.mark.parametrize(
    ("go_live", "as_of", "granularity", "expected"),
    [
        # The period go-live falls in ends after it: its end is the first date.
        (
            D(2025, 4, 1), D(2025, 7, 15), "M",
            [D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30), D(2025, 7, 15)],
        ),
        # Go-live on a period's last day: nothing after it to judge in that period.
        (D(2025, 4, 30), D(2025, 6, 30), "M", [D(2025, 5, 31), D(2025, 6, 30)]),
        (D(2025, 2, 10), D(2025, 9, 30), "Q", [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30)]),
        (D(2024, 12, 30), D(2025, 1, 15), "W", [D(2025, 1, 5), D(2025, 1, 12), D(2025, 1, 15)]),
        (D(2024, 6, 1), D(2025, 3, 31), "Y", [D(2024, 12, 31), D(2025, 3, 31)]),
        # An as-of date on or before go-live: only the as-of date itself.
        (D(2025, 4, 1), D(2025, 4, 1), "M", [D(2025, 4, 1)]),
        (D(2025, 4, 1), D(2025, 1, 31), "M", [D(2025, 1, 31)]),
    ],
)  # fmt: skip
def test_trajectory_dates(
    go_live: dt.date, as_of: dt.date, granularity: str, expected: list[dt.date]
) -> None:
    assert trajectory_dates(go_live, as_of, granularity) == expected


def test_more_dates_than_the_limit_is_a_usage_error_that_says_what_to_use() -> None:
    with pytest.raises(UsageError, match=r"--every quarter or --every year") as raised:
        trajectory_dates(D(2020, 1, 1), D(2020, 1, 1) + dt.timedelta(days=500), "D")
    assert f"more than {MAX_TRAJECTORY_POINTS}" in str(raised.value)
    assert len(trajectory_dates(D(2020, 1, 1), D(2021, 12, 31), "W")) == 105


@pytest.mark.slow
def test_the_command_line_trajectory_equals_separate_command_line_runs() -> None:
    """The same check through the command line, as a user would make it."""
    folder = str(ROOT / "sample_data" / "manager_training")

    def run(*arguments: str) -> dict[str, Any]:
        command = [sys.executable, "-m", "valaudit", "audit", folder, "--format", "json"]
        result = subprocess.run([*command, *arguments], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        document: dict[str, Any] = json.loads(result.stdout)
        return document

    entries = run("--trajectory")["trajectory"]
    assert [e["as_of"] for e in entries] == ["2025-09-30", "2025-12-31", "2026-03-31"]
    for entry in entries:
        assert entry == _as_entry(run("--as-of", entry["as_of"])), entry["as_of"]
