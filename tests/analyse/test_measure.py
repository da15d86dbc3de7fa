"""KPI statuses (docs/method.md §5, first match wins) on synthetic series with a known truth."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.analyse.synth import audit, kpi, step_series
from valaudit.analyse.measure import Window, _mean, glide_path_value, measure_kpi
from valaudit.analyse.series import Series
from valaudit.model.thesis import KpiSpec, Settings

UP = {"id": "x", "stage": "adoption", "direction": "up"}


def test_glide_path_is_linear_from_go_live_to_by_then_flat() -> None:
    go, by = dt.date(2025, 1, 1), dt.date(2025, 11, 1)  # 304 days
    assert glide_path_value(10, 20, go, by, go) == 10
    assert glide_path_value(10, 20, go, by, dt.date(2025, 6, 2)) == pytest.approx(
        10 + 10 * 152 / 304
    )
    assert glide_path_value(10, 20, go, by, by) == 20
    assert glide_path_value(10, 20, go, by, dt.date(2026, 1, 1)) == 20


def test_achieved_when_progress_reaches_one(tmp_path) -> None:
    report = audit(
        tmp_path, kpis=[{**UP, "target": 110}], series={"x": step_series(12, 12, step=12, seed=1)}
    )
    result = kpi(report, "x")
    assert result.status == "achieved"
    assert result.progress >= 1
    assert result.baseline_source == "pre_mean"


def test_on_track_when_at_or_beyond_the_glide_path(tmp_path) -> None:
    # Target 160 by mid-2027: at the end of 2025 the glide path asks for +24 (60 x 364/911 days);
    # the KPI stands at +30.
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 160, "by": "2027-07-01"}],
        series={"x": step_series(12, 12, step=30, seed=2)},
        review_date="2025-12-31",
    )
    result = kpi(report, "x")
    assert result.expected_now == pytest.approx(
        glide_path_value(
            result.baseline, 160, dt.date(2025, 1, 1), dt.date(2027, 7, 1), dt.date(2025, 12, 31)
        )
    )
    assert result.status == "on_track"
    assert 0 < result.progress < 1


def test_behind_when_moved_beyond_noise_but_short_of_the_glide_path(tmp_path) -> None:
    report = audit(
        tmp_path, kpis=[{**UP, "target": 150}], series={"x": step_series(12, 12, step=6, seed=3)}
    )
    result = kpi(report, "x")
    assert result.status == "behind"
    assert result.effect.moved == "good"


def test_regressed_when_moved_the_wrong_way_beyond_noise(tmp_path) -> None:
    report = audit(
        tmp_path, kpis=[{**UP, "target": 120}], series={"x": step_series(12, 12, step=-6, seed=4)}
    )
    assert kpi(report, "x").status == "regressed"


def test_flat_when_nothing_moved(tmp_path) -> None:
    report = audit(
        tmp_path, kpis=[{**UP, "target": 120}], series={"x": step_series(12, 12, seed=5)}
    )
    result = kpi(report, "x")
    assert result.status == "flat"
    assert result.effect.moved == "none"


def test_down_is_better_uses_the_same_rules_mirrored(tmp_path) -> None:
    spec = {"id": "x", "stage": "productivity", "direction": "down", "target_change": "-10%"}
    report = audit(tmp_path, kpis=[spec], series={"x": step_series(12, 12, step=-12, seed=6)})
    result = kpi(report, "x")
    assert result.target == pytest.approx(result.baseline * 0.9)
    assert result.status == "achieved"


def test_no_data_without_post_values(tmp_path) -> None:
    report = audit(tmp_path, kpis=[{**UP, "target": 120}], series={"x": step_series(12, 0, seed=7)})
    result = kpi(report, "x")
    assert result.status == "no_data"
    assert result.current is None and result.effect.estimate is None


def test_no_data_without_a_baseline(tmp_path) -> None:
    values = [None] * 12 + step_series(0, 12, seed=8)
    report = audit(tmp_path, kpis=[{**UP, "target": 120}], series={"x": values})
    assert kpi(report, "x").status == "no_data"


def test_stated_baseline_without_pre_data_gives_an_indicative_effect(tmp_path) -> None:
    values = [None] * 12 + [40.0, 60.0, 75.0, 82.0, 85.0, 86.0, 85.0, 87.0, 86.0, 88.0, 87.0, 86.0]
    report = audit(tmp_path, kpis=[{**UP, "baseline": 0, "target": 80}], series={"x": values})
    result = kpi(report, "x")
    assert result.baseline == 0 and result.baseline_source == "stated"
    assert result.current == 86.0
    assert result.progress == pytest.approx(86 / 80)
    assert result.effect.method == "none" and result.effect.indicative


def test_baseline_is_the_mean_of_the_last_baseline_periods(tmp_path) -> None:
    values = [10.0] * 9 + [20.0, 30.0, 40.0] + [50.0] * 6
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 100}],
        series={"x": values},
        extra={"settings": {"baseline_periods": 3, "current_periods": 2}},
    )
    result = kpi(report, "x")
    assert result.baseline == pytest.approx(30.0)
    assert result.current == pytest.approx(50.0)
    assert result.progress == pytest.approx(20 / 70)


def test_target_change_absolute_and_relative(tmp_path) -> None:
    values = [100.0] * 6 + [100.5, 99.5] * 3
    report = audit(
        tmp_path,
        kpis=[{**UP, "target_change": 5}, {**UP, "id": "y", "target_change": "+20%"}],
        series={"x": values, "y": values},
        start="2024-07",
    )
    assert kpi(report, "x").target == pytest.approx(105.0)
    assert kpi(report, "y").target == pytest.approx(120.0)


def test_a_gap_is_reported_and_never_filled_with_zero(tmp_path) -> None:
    values = step_series(12, 12, seed=9)
    values[15] = None  # 2025-04 missing
    report = audit(tmp_path, kpis=[{**UP, "target": 120}], series={"x": values})
    result = kpi(report, "x")
    assert result.missing_periods == ("2025-04",)
    assert "2025-04" not in [p.period for p in result.series]
    assert all(p.value > 90 for p in result.series)
    assert result.effect.n_post == 11
    assert any(w.code == "missing_periods" and "2025-04" in w.message for w in report.warnings)


def test_as_of_cuts_the_post_period(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 120}],
        series={"x": step_series(12, 12, seed=10)},
        as_of=dt.date(2025, 6, 30),
    )
    result = kpi(report, "x")
    assert report.as_of == dt.date(2025, 6, 30) and report.as_of_source == "option"
    assert result.effect.n_post == 6
    assert result.series[-1].period == "2025-06"


def test_as_of_defaults_to_review_date_then_to_the_end_of_the_latest_period(tmp_path) -> None:
    with_review = audit(
        tmp_path / "a",
        kpis=[{**UP, "target": 120}],
        series={"x": step_series(12, 10)},
        review_date="2025-09-30",
    )
    assert (with_review.as_of, with_review.as_of_source) == (dt.date(2025, 9, 30), "review_date")
    latest = audit(tmp_path / "b", kpis=[{**UP, "target": 120}], series={"x": step_series(12, 10)})
    assert (latest.as_of, latest.as_of_source) == (dt.date(2025, 10, 31), "latest_data")


@pytest.mark.parametrize(
    ("aggregate", "expected_current"), [("mean", 20.0), ("sum", 60.0), ("last", 30.0)]
)
def test_segments_combine_per_aggregate(tmp_path, aggregate: str, expected_current: float) -> None:
    pre, post = [1.0] * 6, [None] * 0
    segments = {
        "x": {
            "A": pre + [10.0] * 6,
            "B": pre + [20.0] * 6,
            "C": pre + [30.0] * 6,
        }
    }
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 1000, "aggregate": aggregate}],
        series={},
        segments=segments,
        start="2024-07",
    )
    assert kpi(report, "x").current == pytest.approx(expected_current)
    assert kpi(report, "x").segments == ("A", "B", "C")
    del post


def test_sum_leaves_out_a_period_where_a_segment_is_missing(tmp_path) -> None:
    a = [10.0] * 12
    b = [10.0] * 12
    b[8] = None
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 100, "aggregate": "sum"}],
        series={},
        segments={"x": {"A": a, "B": b}},
        start="2024-07",
    )
    result = kpi(report, "x")
    assert "2025-03" not in [p.period for p in result.series]
    assert all(p.value == 20.0 for p in result.series)
    assert any(w.code == "incomplete_period" and "2025-03" in w.message for w in report.warnings)


def test_a_sum_that_meets_its_target_exactly_is_achieved(tmp_path) -> None:
    """0.1 + 0.2 + 0.3 must be 0.6, not 0.6000000000000001: segments are summed with
    compensation, so a target of exactly 0.6 (down is better) is reached."""
    pre = [1.0] * 6
    segments = {"x": {"A": pre + [0.1] * 6, "B": pre + [0.2] * 6, "C": pre + [0.3] * 6}}
    report = audit(
        tmp_path,
        kpis=[{**UP, "direction": "down", "target": 0.6, "aggregate": "sum"}],
        series={},
        segments=segments,
        start="2024-07",
    )
    assert kpi(report, "x").current == 0.6
    assert kpi(report, "x").status == "achieved"


@pytest.mark.parametrize(
    ("as_of", "status"), [(dt.date(2025, 2, 28), "early"), (dt.date(2025, 3, 31), "flat")]
)
def test_a_kpi_is_early_until_it_has_min_post_periods(tmp_path, as_of, status) -> None:
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 120}],
        series={"x": step_series(12, 12, seed=5)},
        as_of=as_of,
    )
    result = kpi(report, "x")
    assert result.status == status
    if status == "early":
        assert result.reason.startswith(
            "Only 2 period(s) since go-live; a KPI is judged from 3 (settings.min_post_periods)."
        )


def test_an_early_kpi_that_already_reached_its_target_is_still_early(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=[{**UP, "target": 110}],
        series={"x": step_series(12, 12, step=20, seed=1)},
        as_of=dt.date(2025, 2, 28),
        extra={"settings": {"min_post_periods": 3}},
    )
    result = kpi(report, "x")
    assert result.status == "early" and result.progress is not None and result.progress > 1


@pytest.mark.parametrize(
    ("as_of", "verdict"),
    [(dt.date(2025, 3, 31), "too_early"), (dt.date(2025, 4, 30), "implementation_stalled")],
)
def test_adoption_is_judged_stalled_only_on_enough_periods(tmp_path, as_of, verdict) -> None:
    # Nothing moves. With min_post_periods 4, three months after go-live say too early; the
    # fourth month is the first on which a flat adoption counts as stalled.
    report = audit(
        tmp_path,
        kpis=[
            {**UP, "id": "a", "target": 120},
            {**UP, "id": "f", "stage": "financial", "target": 120},
        ],
        series={"a": step_series(12, 12, seed=11), "f": step_series(12, 12, seed=12)},
        as_of=as_of,
        extra={"settings": {"min_post_periods": 4}},
    )
    assert report.verdict.code == verdict


def test_an_as_of_with_a_time_of_day_cuts_the_series_on_its_day() -> None:
    """The window compares period starts with the as-of day: a datetime counts as its date
    (the period starting that day is in), as a date does."""
    starts = tuple(dt.date(2025, month, 1) for month in range(1, 13))
    series = Series("M", starts, np.arange(24300, 24312), np.linspace(100.0, 111.0, 12), ("",))
    spec = KpiSpec("x", "x", "up", "mean", None, None, None, 1, target=120.0)
    go_live = dt.date(2025, 4, 1)
    on_the_day = measure_kpi(spec, series, Window(go_live, dt.date(2025, 9, 1)), Settings())
    with_time = measure_kpi(spec, series, Window(go_live, dt.datetime(2025, 9, 1, 17)), Settings())
    assert with_time.result.series == on_the_day.result.series
    assert with_time.result.effect == on_the_day.result.effect
    assert [p.period for p in with_time.result.series][-1] == "2025-09"
    assert len(with_time.result.series) == 9


@given(
    st.lists(st.floats(-1e12, 1e12), min_size=1, max_size=40),
    st.integers(1, 40),
)
def test_the_mean_of_the_last_periods_is_numpys_float_for_float(
    values: list[float], last: int
) -> None:
    array = np.array(values)
    assert _mean(array[-last:]) == float(array[-last:].mean())
