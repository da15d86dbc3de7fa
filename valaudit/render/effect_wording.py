"""How a KPI's effect was measured, in words: its season and its comparison group.

A finance lead defending a "moved" is asked two things the effect's number does not say:
did you allow for the season, and against what did you compare? The sentences here answer
both, the same way in every format (terminal and text, Markdown, HTML, the workbook). The
text is plain and unescaped: each format escapes it its own way.
"""

from __future__ import annotations

from valaudit.model.codes import DriftHeadline, SeasonModel
from valaudit.model.effect import ComparisonEffect, Effect, Estimate, Seasonality
from valaudit.render.formatting import change_text, percent

#: The period of the year a seasonal level belongs to, per granularity.
_SEASON_PERIOD = {"M": "month", "Q": "quarter", "W": "week"}
_WAVES = {1: "a yearly wave", 2: "two yearly waves", 3: "three yearly waves"}


def season_sentence(seasonality: Seasonality, granularity: str) -> str | None:
    """The season the counterfactual carries forward, or why none; None for periods without
    a yearly cycle (days, years)."""
    p_value = f" (p={seasonality.p_value:.3f})" if seasonality.p_value is not None else ""
    if seasonality.model == SeasonModel.DUMMIES:
        period = _SEASON_PERIOD.get(granularity, "period")
        return f"Season: each {period}'s level carried forward{p_value}."
    if seasonality.model == SeasonModel.FOURIER:
        waves = seasonality.terms // 2
        shape = _WAVES.get(waves, f"{waves} yearly waves")
        return f"Season: {shape} carried forward{p_value}."
    if seasonality.model == SeasonModel.NONE:
        return "Season: none found in the pre-go-live years."
    if granularity in _SEASON_PERIOD:
        return "Season: not modelled (fewer than two years before go-live)."
    return None


def _estimate(estimate: Estimate, unit: str | None) -> str:
    return change_text(estimate.estimate, estimate.low, estimate.high, unit)


def comparison_sentences(comparison: ComparisonEffect, unit: str | None) -> list[str]:
    """Both difference-in-differences estimates, which one leads and why, and the weights."""
    against = "a synthetic control" if comparison.weights else "the control segments"
    p_text = f", p={comparison.drift_p_value:.3f}" if comparison.drift_p_value is not None else ""
    level = f"level {_estimate(comparison.level, unit)}"
    drift = comparison.drift_adjusted
    if drift is None:
        text = f"{level} (too few pre-go-live periods to test the gap for a drift)"
    elif comparison.headline == DriftHeadline.DRIFT_ADJUSTED:
        text = (
            f"drift-adjusted {_estimate(drift, unit)} (shown: treated and control were already "
            f"drifting apart before go-live{p_text}); {level}"
        )
    else:
        text = (
            f"{level} (shown: the gap did not drift significantly before go-live{p_text}); "
            f"drift-adjusted {_estimate(drift, unit)}"
        )
    sentences = [f"Against {against}: {text}."]
    if comparison.weights:
        shares = ", ".join(f"{w.segment} {percent(w.weight)}" for w in comparison.weights)
        sentences.append(f"Synthetic control weights, fitted before go-live: {shares}.")
    return sentences


def effect_details(effect: Effect, granularity: str, unit: str | None) -> list[str]:
    """The sentences that say how an effect was measured beyond its method code."""
    details: list[str] = []
    if effect.estimate is None:
        return details
    if effect.comparison is not None:
        details += comparison_sentences(effect.comparison, unit)
    season = season_sentence(effect.seasonality, granularity)
    # A comparison group carries the season itself; without a pre period nothing was modelled.
    untested = effect.seasonality.model == SeasonModel.NOT_TESTED
    if season is not None and not (untested and (effect.comparison or not effect.n_pre)):
        details.append(season)
    return details
