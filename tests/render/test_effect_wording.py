"""How an effect was measured, in words, in every human format: its season and its comparison."""

from __future__ import annotations

from tests.render.reports import sample_options, sample_report
from valaudit.model.codes import ComparisonMethod, DriftHeadline, Movement, SeasonModel
from valaudit.model.effect import ComparisonEffect, ControlWeight, Effect, Estimate, Seasonality
from valaudit.model.report import KpiResult, Report
from valaudit.render import html, markdown, terminal
from valaudit.render.effect_wording import comparison_sentences, effect_details, season_sentence


def test_each_seasonal_model_reads_in_words() -> None:
    monthly = Seasonality(SeasonModel.DUMMIES, 11, 0.0012)
    assert season_sentence(monthly, "M") == "Season: each month's level carried forward (p=0.001)."
    quarterly = Seasonality(SeasonModel.DUMMIES, 3, 0.02)
    assert season_sentence(quarterly, "Q") == (
        "Season: each quarter's level carried forward (p=0.020)."
    )
    wave = Seasonality(SeasonModel.FOURIER, 2, 0.04)
    assert season_sentence(wave, "M") == "Season: a yearly wave carried forward (p=0.040)."
    weekly = Seasonality(SeasonModel.FOURIER, 6, 0.001)
    assert season_sentence(weekly, "W") == "Season: three yearly waves carried forward (p=0.001)."
    assert season_sentence(Seasonality(SeasonModel.NONE), "M") == (
        "Season: none found in the pre-go-live years."
    )
    untested = Seasonality(SeasonModel.NOT_TESTED)
    assert season_sentence(untested, "M") == (
        "Season: not modelled (fewer than two years before go-live)."
    )
    assert season_sentence(untested, "D") is None  # days and years have no yearly cycle


def estimate(value: float, half: float) -> Estimate:
    moved = Movement.GOOD if abs(value) > half else Movement.NONE
    return Estimate(value, value - half, value + half, 0.01, moved)


def test_a_drifting_gap_says_which_estimate_leads_and_why() -> None:
    comparison = ComparisonEffect(
        ComparisonMethod.DIFFERENCE,
        level=estimate(4.0, 1.0),
        drift_adjusted=estimate(1.5, 2.0),
        drift_p_value=0.004,
        headline=DriftHeadline.DRIFT_ADJUSTED,
    )
    assert comparison_sentences(comparison, "%") == [
        "Against the control segments: drift-adjusted +1.5 pts ±2 pts (shown: treated and "
        "control were already drifting apart before go-live, p=0.004); level +4 pts ±1 pts."
    ]


def test_a_synthetic_control_lists_its_weights() -> None:
    comparison = ComparisonEffect(
        ComparisonMethod.SYNTHETIC,
        level=estimate(3.0, 1.0),
        drift_adjusted=None,
        drift_p_value=None,
        headline=DriftHeadline.LEVEL,
        weights=(ControlWeight("Iberia", 0.75), ControlWeight("France", 0.25)),
    )
    assert comparison_sentences(comparison, None) == [
        "Against a synthetic control: level +3 ±1 (too few pre-go-live periods to test the gap "
        "for a drift).",
        "Synthetic control weights, fitted before go-live: Iberia 75%, France 25%.",
    ]


def test_an_effect_without_an_estimate_has_no_details() -> None:
    effect = Effect("none", None, None, None, 0.95, 30, 0, None, True, "none")  # type: ignore[arg-type]
    assert effect_details(effect, "M", None) == []


def erp_report() -> tuple[Report, KpiResult]:
    """The ERP sample: DSO has a year-end rhythm, carried forward quarter by quarter."""
    report = sample_report("erp_finance_close")
    return report, next(k for k in report.kpis if k.id == "dso_days")


def test_the_seasonal_sample_kpi_carries_each_quarter_forward() -> None:
    _, dso = erp_report()
    assert dso.effect.seasonality.model == "dummies"
    assert dso.status == "flat" and dso.progress is not None and dso.progress > 0.3
    assert effect_details(dso.effect, dso.granularity, dso.unit) == [
        season_sentence(dso.effect.seasonality, "Q")
    ]


def test_every_human_format_says_how_the_effect_was_measured() -> None:
    report, dso = erp_report()
    options = sample_options("erp_finance_close")
    sentence = season_sentence(dso.effect.seasonality, "Q")
    assert sentence is not None and sentence.startswith("Season: each quarter's level")
    text = terminal.render_report(report, options)
    assert f"dso_days: {sentence}" in " ".join(text.split())
    assert f"- **Days sales outstanding**: {sentence}" in markdown.render_report(report, options)
    page = html.render_report(report, options)
    assert f'<tr class="measured"><td colspan="8">How the effect was measured: {sentence}' in (
        page.replace("&#x27;", "'")
    )


def test_the_comparison_sample_says_both_estimates_in_every_format() -> None:
    report = sample_report("crm_sales_emea")
    options = sample_options("crm_sales_emea")
    revenue = next(k for k in report.kpis if k.id == "revenue_per_rep_k")
    comparison = revenue.effect.comparison
    assert comparison is not None and comparison.drift_adjusted is not None
    (sentence,) = comparison_sentences(comparison, revenue.unit)
    assert sentence.startswith("Against the control segments: level +1.12 ±2.56 (shown: ")
    assert "drift-adjusted" in sentence
    text = terminal.render_report(report, options)
    assert sentence in " ".join(text.split())
    assert sentence in markdown.render_report(report, options)
    assert sentence in html.render_report(report, options)


def test_an_untested_season_is_not_mentioned_where_nothing_could_be_tested() -> None:
    """A comparison carries the control's season and a baseline-only effect has no pre period:
    "not modelled" would be noise there. A level comparison still says it was not modelled."""
    untested = Seasonality(SeasonModel.NOT_TESTED)
    level = Effect("level", 1.0, 0.5, 1.5, 0.95, 12, 6, None, False, "good", seasonality=untested)  # type: ignore[arg-type]
    assert effect_details(level, "M", None) == [
        "Season: not modelled (fewer than two years before go-live)."
    ]
    baseline_only = Effect("none", 1.0, None, None, 0.95, 0, 6, None, True, "none")  # type: ignore[arg-type]
    assert effect_details(baseline_only, "M", None) == []
    comparison = ComparisonEffect(
        ComparisonMethod.DIFFERENCE,
        level=estimate(2.0, 1.0),
        drift_adjusted=estimate(2.5, 1.5),
        drift_p_value=0.4,
        headline=DriftHeadline.LEVEL,
    )
    did = Effect("did", 2.0, 1.0, 3.0, 0.95, 12, 6, None, False, "good",  # type: ignore[arg-type]
                 seasonality=untested, comparison=comparison)  # fmt: skip
    assert effect_details(did, "M", "%") == [
        "Against the control segments: level +2 pts ±1 pts (shown: the gap did not drift "
        "significantly before go-live, p=0.400); drift-adjusted +2.5 pts ±1.5 pts."
    ]
