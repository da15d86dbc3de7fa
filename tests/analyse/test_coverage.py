"""Coverage (docs/method.md §7a): what a verdict rests on, and when it is too little."""

from __future__ import annotations

import pytest

from tests.analyse.factories import kpi_result
from tests.analyse.synth import audit, one_of_six, step_series
from valaudit.analyse.audit import run_audit
from valaudit.analyse.coverage import measure_coverage
from valaudit.validate.folder import validate_folder


def test_coverage_counts_kpis_with_data_per_stage() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t1", "throughput", "flat"),
        kpi_result("t2", "throughput", "no_data", progress=None),
        kpi_result("t3", "throughput", "early"),
        kpi_result("f", "financial", "achieved"),
    ]
    coverage = measure_coverage(kpis)
    assert (coverage.named, coverage.with_data, coverage.low) == (5, 4, False)
    assert [(s.stage, s.named, s.with_data, s.missing) for s in coverage.stages] == [
        ("adoption", 1, 1, ()),
        ("throughput", 3, 2, ("t2",)),
        ("financial", 1, 1, ()),
    ]
    assert coverage.reason == "4 of 5 KPI(s) named in the thesis have data."


@pytest.mark.parametrize(
    ("statuses", "low"),
    [
        (["achieved", "no_data"], False),  # half of a stage: not "mostly missing"
        (["achieved", "no_data", "no_data"], True),  # more than half missing
    ],
)
def test_a_stage_with_most_of_its_kpis_missing_is_low_coverage(
    statuses: list[str], low: bool
) -> None:
    kpis = [kpi_result("a", "adoption", "achieved"), kpi_result("f", "financial", "achieved")]
    kpis += [
        kpi_result(f"p{i}", "productivity", s, progress=None if s == "no_data" else 0.5)
        for i, s in enumerate(statuses)
    ]
    coverage = measure_coverage(kpis)
    assert coverage.low is low
    if low:
        assert coverage.reason == (
            "Coverage is low: 3 of 5 KPI(s) named in the thesis have data; "
            "only productivity 1 of 3."
        )


def test_a_folder_with_one_of_six_kpis_is_insufficient_data(tmp_path) -> None:
    validation = validate_folder(str(one_of_six(tmp_path)))
    assert validation.valid
    report = run_audit(validation)
    assert report.coverage is not None
    assert (report.coverage.named, report.coverage.with_data) == (6, 1)
    assert report.verdict.code == "insufficient_data"
    assert report.verdict.flags == ("low_coverage",)
    assert report.verdict.caveats[0] == (
        "Coverage is low: 1 of 6 KPI(s) named in the thesis have data; adoption, productivity, "
        "throughput and customer have none."
    )


def test_an_outcome_stage_without_data_qualifies_the_verdict(tmp_path) -> None:
    up = {"direction": "up", "target": 110}
    report = audit(
        tmp_path,
        kpis=[
            {**up, "id": "a", "stage": "adoption"},
            {**up, "id": "t", "stage": "throughput"},
            {**up, "id": "f", "stage": "financial"},
        ],
        series={"a": step_series(12, 12, step=12), "t": step_series(12, 12, step=12, seed=2)},
    )
    assert report.verdict.code == "value_realized"
    assert report.verdict.flags == ("low_coverage",)
    assert report.verdict.caveats[0] == (
        "Coverage is low: 2 of 3 KPI(s) named in the thesis have data; financial has none."
    )
