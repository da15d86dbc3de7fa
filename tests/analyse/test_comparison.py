"""Difference-in-differences: both estimates when the gap drifts, and a synthetic control."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest

from tests.analyse.synth import audit, kpi
from valaudit.analyse.comparison import fit_difference_in_differences, synthetic_weights
from valaudit.render.json_report import render_report
from valaudit.render.options import RenderOptions
from valaudit.schemas import load_schema


def did(gap: np.ndarray, pre: int):  # type: ignore[no-untyped-def]
    t = np.arange(len(gap), dtype=float)
    return fit_difference_in_differences(
        t, gap, t >= pre, float(pre), direction="up", confidence=0.95, min_post_periods=3
    ).effect


def test_parallel_groups_lead_with_the_level_estimate_and_report_both() -> None:
    rng = np.random.default_rng(41)
    t = np.arange(24)
    effect = did(10 + rng.normal(0, 0.5, 24) + 2.0 * (t >= 12), 12)
    assert effect.comparison is not None
    assert effect.comparison.headline == "level"
    assert effect.estimate == effect.comparison.level.estimate
    assert effect.comparison.drift_adjusted is not None
    assert effect.comparison.drift_p_value is not None and effect.comparison.drift_p_value > 0.05
    assert effect.moved == "good" and not effect.indicative


def test_a_drifting_gap_leads_with_the_drift_adjusted_estimate_and_keeps_the_level_one() -> None:
    """The gap widens by 0.4 per period before go-live and just keeps widening: the level DiD
    credits the drift to the initiative, the drift-adjusted one does not."""
    rng = np.random.default_rng(42)
    t = np.arange(30, dtype=float)
    effect = did(5 + 0.4 * t + rng.normal(0, 0.5, 30), 20)
    comparison = effect.comparison
    assert comparison is not None and comparison.drift_adjusted is not None
    assert comparison.headline == "drift_adjusted"
    assert comparison.drift_p_value is not None and comparison.drift_p_value < 0.05
    assert comparison.level.moved == "good"  # the drift, mistaken for an effect
    assert effect.moved == "none" and effect.estimate == comparison.drift_adjusted.estimate
    assert effect.indicative
    assert any("drifting apart" in caveat for caveat in effect.caveats)


def test_synthetic_weights_recover_the_mix_that_tracks_the_treated_segment() -> None:
    rng = np.random.default_rng(43)
    controls = rng.normal(0, 1, (18, 4)).cumsum(axis=0)
    treated = 40 + controls @ np.array([0.7, 0.3, 0.0, 0.0]) + rng.normal(0, 0.1, 18)
    weights = synthetic_weights(treated, controls)
    assert weights == pytest.approx([0.7, 0.3, 0.0, 0.0], abs=0.05)
    assert weights.sum() == pytest.approx(1.0) and (weights >= 0).all()


def test_one_control_gets_all_the_weight() -> None:
    controls = np.arange(12.0).reshape(6, 2)
    assert synthetic_weights(np.arange(6.0), controls[:, :1]).tolist() == [1.0]


def seasonal_segment(rng: np.random.Generator, level: float, amplitude: float) -> np.ndarray:
    months = np.arange(36)
    return level + amplitude * np.sin(2 * np.pi * months / 12) + rng.normal(0, 0.3, 36)


def test_a_synthetic_control_audit_reports_its_weights_and_validates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The treated region moves like Iberia, not like France: the weights say so, and the
    shared season cancels where a plain average of the controls would leave half of it."""
    rng = np.random.default_rng(44)
    iberia = seasonal_segment(rng, 50, 6.0)
    france = seasonal_segment(rng, 60, 0.5)
    treated = iberia + 20 + 3.0 * (np.arange(36) >= 24)
    report = audit(
        tmp_path / "synthetic",
        kpis=[{"id": "sales", "stage": "financial", "direction": "up", "target_change": "+5%"}],
        series={},
        segments={
            "sales": {
                "DACH": [round(float(v), 4) for v in treated],
                "Iberia": [round(float(v), 4) for v in iberia],
                "France": [round(float(v), 4) for v in france],
            }
        },
        go_live="2026-01-01",
        extra={
            "comparison": {
                "treated": ["DACH"],
                "control": ["Iberia", "France"],
                "method": "synthetic",
            }
        },
    )
    effect = kpi(report, "sales").effect
    assert effect.method == "did" and effect.comparison is not None
    assert effect.comparison.method == "synthetic"
    weights = {w.segment: w.weight for w in effect.comparison.weights}
    assert weights["Iberia"] > 0.9 and weights["Iberia"] + weights["France"] == pytest.approx(1)
    assert effect.low is not None and effect.low < 3.0 < effect.high and effect.moved == "good"
    document = json.loads(render_report(report, RenderOptions()))
    validator = jsonschema.Draft202012Validator(load_schema("report"))
    assert [e.message for e in validator.iter_errors(document)] == []
    reported = document["kpis"][0]["effect"]["comparison"]
    assert reported["method"] == "synthetic" and len(reported["weights"]) == 2
