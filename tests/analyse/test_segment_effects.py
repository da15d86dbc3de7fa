"""Each segment's effect: the KPI's model per segment, against statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from valaudit.analyse.segment_effects import SegmentModel, segment_effects, segment_table

START, PRE, POST = 2020 * 12, 12, 6
MODEL = SegmentModel(
    go_live=float(START + PRE),
    last=float(START + PRE + POST - 1),
    granularity="M",
    level_only=False,
    baseline=0.0,
)


def _month(counter: int) -> pd.Timestamp:
    return pd.Timestamp(year=counter // 12, month=counter % 12 + 1, day=1)


def _rows(values: dict[str, list[float]]) -> pd.DataFrame:
    records = [
        {"segment": name, "period": _month(START + i), "value": v, "source": 0, "row": i}
        for name, series in values.items()
        for i, v in enumerate(series)
        if not np.isnan(v)
    ]
    frame = pd.DataFrame(records)
    frame["segment"] = frame["segment"].astype("category")
    return frame


def _reference(series: np.ndarray) -> tuple[float, float]:
    """statsmodels: y = b0 + b2·D + b3·(t − t0)·D; the effect b2 + b3·mean(t − t0 | post)."""
    t = np.arange(len(series), dtype=float) - PRE
    keep = ~np.isnan(series)
    post = (t >= 0).astype(float)
    design = np.column_stack([np.ones_like(t), post, t * post])[keep]
    fit = sm.OLS(series[keep], design).fit()
    contrast = np.array([0.0, 1.0, float(t[keep][post[keep] == 1].mean())])
    test = fit.t_test(contrast)
    return float(test.effect[0]), float(test.sd[0, 0])


def test_each_segment_matches_its_own_regression() -> None:
    rng = np.random.default_rng(3)
    values = {
        f"team {i}": list(rng.normal(10 + i, 1, PRE + POST) + 2.0 * (np.arange(PRE + POST) >= PRE))
        for i in range(4)
    }
    values["team 2"][4] = np.nan  # a segment with a gap is fitted on its own periods
    effects = segment_effects(segment_table(_rows(values), "mean", "M", MODEL.last), MODEL)
    assert [e.segment for e in effects] == sorted(values)
    for effect in effects:
        estimate, se = _reference(np.array(values[effect.segment]))
        assert effect.estimate == pytest.approx(estimate, abs=1e-9)
        assert effect.se == pytest.approx(se, abs=1e-9)


def test_adoption_is_the_post_level_against_the_baseline() -> None:
    series = [0.0] * PRE + [20.0, 40.0, 60.0, 60.0, 60.0, 60.0]
    model = SegmentModel(MODEL.go_live, MODEL.last, "M", level_only=True, baseline=5.0)
    (effect,) = segment_effects(segment_table(_rows({"a": series}), "mean", "M", model.last), model)
    assert effect.estimate == pytest.approx(np.mean(series[PRE:]) - 5.0)
    assert effect.se == pytest.approx(np.std(series[PRE:], ddof=1) / np.sqrt(POST))


def test_periods_after_the_as_of_date_are_left_out() -> None:
    series = [1.0] * PRE + [3.0] * POST + [100.0] * 3
    (effect,) = segment_effects(segment_table(_rows({"a": series}), "mean", "M", MODEL.last), MODEL)
    assert effect.estimate == pytest.approx(2.0)


def test_a_segment_without_pre_period_has_no_effect() -> None:
    values = {"a": [1.0] * (PRE + POST), "b": [np.nan] * PRE + [2.0] * POST}
    effects = segment_effects(segment_table(_rows(values), "mean", "M", MODEL.last), MODEL)
    assert [e.segment for e in effects] == ["a"]
