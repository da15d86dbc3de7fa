"""The counterfactual each post period is measured against, as the charts draw it.

Checked on series with a known truth: a level carried forward, a season carried forward and
a control group plus its pre-period gap. In every model the post period has its own level
(and slope), so the post residuals sum to zero and the effect estimate equals the average
post-period distance between the series and its counterfactual — the figure a reader sees
on the chart.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.analyse.synth import audit, kpi, step_series


def post_gap(result) -> float:  # type: ignore[no-untyped-def]
    post = [p for p in result.series if p.post]
    return sum(p.value - p.counterfactual for p in post) / len(post)


def test_a_level_is_carried_forward_and_the_effect_is_the_average_distance(tmp_path) -> None:  # type: ignore[no-untyped-def]
    values = step_series(12, 12, step=4.0, seed=3)
    report = audit(
        tmp_path / "level",
        kpis=[{"id": "x", "stage": "financial", "direction": "up", "target_change": "+5%"}],
        series={"x": values},
    )
    result = kpi(report, "x")
    assert result.effect.method == "level"
    assert all(p.counterfactual is None for p in result.series if not p.post)
    pre_mean = float(np.mean(values[:12]))
    assert [p.counterfactual for p in result.series if p.post] == pytest.approx(
        [pre_mean] * 12, abs=1e-9
    )
    assert post_gap(result) == pytest.approx(result.effect.estimate, abs=1e-9)


def test_a_season_is_carried_forward_into_the_post_period(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Three years of a strong yearly wave, then a step of 5: the counterfactual keeps the
    wave (so December's dip is expected, not an effect) and sits 5 below the series."""
    rng = np.random.default_rng(8)
    months = np.arange(48)
    wave = 6.0 * np.sin(2 * math.pi * months / 12)
    values = 100 + wave + rng.normal(0, 0.5, 48) + 5.0 * (months >= 36)
    report = audit(
        tmp_path / "season",
        kpis=[{"id": "x", "stage": "financial", "direction": "up", "target_change": "+5%"}],
        series={"x": [round(float(v), 6) for v in values]},
        start="2022-01",
        go_live="2025-01-01",
    )
    result = kpi(report, "x")
    assert result.effect.seasonality.model in ("fourier", "dummies")
    counterfactual = np.array([p.counterfactual for p in result.series if p.post])
    expected = 100 + wave[36:]
    assert np.max(np.abs(counterfactual - expected)) < 1.0
    assert np.corrcoef(counterfactual, wave[36:])[0, 1] > 0.99
    assert post_gap(result) == pytest.approx(result.effect.estimate, abs=1e-9)
    assert result.effect.low < 5.0 < result.effect.high


def test_a_comparison_counterfactual_is_the_control_plus_the_pre_period_gap(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(9)
    control = 50 + rng.normal(0, 1.0, 24).cumsum() * 0.3
    treated = control + 10 + rng.normal(0, 0.3, 24) + 3.0 * (np.arange(24) >= 12)
    report = audit(
        tmp_path / "did",
        kpis=[{"id": "x", "stage": "financial", "direction": "up", "target_change": "+5%"}],
        series={},
        segments={
            "x": {
                "North": [round(float(v), 6) for v in treated],
                "South": [round(float(v), 6) for v in control],
            }
        },
        extra={"comparison": {"treated": ["North"], "control": ["South"]}},
    )
    result = kpi(report, "x")
    effect = result.effect
    assert effect.method == "did" and effect.comparison is not None
    assert effect.comparison.headline == "level"
    control_post = [round(float(v), 6) for v in control[12:]]
    pre_gap = float(np.mean(np.round(treated[:12], 6) - np.round(control[:12], 6)))
    assert [p.counterfactual for p in result.series if p.post] == pytest.approx(
        [c + pre_gap for c in control_post], abs=1e-9
    )
    assert post_gap(result) == pytest.approx(effect.estimate, abs=1e-9)


def test_without_a_pre_period_there_is_no_counterfactual_series(tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = audit(
        tmp_path / "none",
        kpis=[{"id": "x", "stage": "adoption", "direction": "up", "baseline": 0, "target": 80}],
        series={"x": [None] * 12 + [20.0, 45.0, 60.0, 70.0, 75.0, 78.0]},
    )
    result = kpi(report, "x")
    assert result.effect.method == "none" and result.effect.estimate is not None
    assert all(p.counterfactual is None for p in result.series)
