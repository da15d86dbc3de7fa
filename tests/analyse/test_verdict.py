"""The verdict (first match wins) and its flags (docs/method.md §8): every rule at its boundary."""

from __future__ import annotations

import pytest

from tests.analyse.factories import kpi_result
from valaudit.analyse.chain import build_chain
from valaudit.analyse.coverage import measure_coverage
from valaudit.analyse.verdict import build_verdict
from valaudit.model.report import GuardrailResult, ImplementationResult, MilestoneResult
from valaudit.model.thesis import Settings

DONE = ImplementationResult("achieved", (), None, None, None)


def verdict_of(
    kpis, guardrails=(), implementation=DONE, operating_model=None, credit="attributable"
):  # type: ignore[no-untyped-def]
    chain = build_chain(kpis, implementation, credit)
    coverage = measure_coverage(kpis)
    settings = Settings(credit=credit)
    return build_verdict(
        kpis, chain, list(guardrails), implementation, operating_model, settings, coverage
    )


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({"adoption": "achieved"}, "insufficient_data"),
        ({"adoption": "achieved", "financial": "no_data"}, "insufficient_data"),
        ({"adoption": "flat", "financial": "achieved"}, "implementation_stalled"),
        ({"adoption": "regressed", "throughput": "flat"}, "implementation_stalled"),
        ({"adoption": "achieved", "throughput": "flat", "financial": "on_track"}, "value_realized"),
        (
            {"adoption": "achieved", "throughput": "behind", "financial": "flat"},
            "partially_realized",
        ),
        (
            {
                "adoption": "achieved",
                "productivity": "achieved",
                "throughput": "flat",
                "customer": "flat",
            },
            "implementation_without_outcome",
        ),
    ],
)
def test_verdict_codes(statuses: dict[str, str], expected: str) -> None:
    kpis = [kpi_result(stage, stage, status) for stage, status in statuses.items()]
    assert verdict_of(kpis).code == expected


def test_too_early_when_no_outcome_moved_and_an_outcome_stage_is_early() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "early", n_post=2),
        kpi_result("f", "financial", "early", n_post=1),
    ]
    assert verdict_of(kpis).code == "too_early"
    # Boundary: once the throughput KPI is judged (and flat), the financial one is still early,
    # so nothing can be called "without outcome" yet.
    kpis[1] = kpi_result("t", "throughput", "flat", n_post=3)
    assert verdict_of(kpis).code == "too_early"
    # ... but an outcome that moved is evidence enough to say value is partly realized.
    kpis[1] = kpi_result("t", "throughput", "behind", n_post=3)
    assert verdict_of(kpis).code == "partially_realized"
    # With every outcome judged, nothing early is left: without outcome.
    kpis[1:] = [kpi_result("t", "throughput", "flat"), kpi_result("f", "financial", "flat")]
    assert verdict_of(kpis).code == "implementation_without_outcome"


def test_an_early_adoption_stage_is_never_stalled() -> None:
    outcome = kpi_result("f", "financial", "early", n_post=2)
    assert verdict_of([kpi_result("a", "adoption", "early", n_post=2), outcome]).code == (
        "too_early"
    )
    # Boundary: judged on enough periods and flat, adoption did stall.
    assert verdict_of([kpi_result("a", "adoption", "flat"), outcome]).code == (
        "implementation_stalled"
    )


def test_an_early_kpi_does_not_make_adoption_flat() -> None:
    kpis = [
        kpi_result("a1", "adoption", "early", n_post=2),
        kpi_result("a2", "adoption", "achieved"),
        kpi_result("f", "financial", "achieved"),
    ]
    verdict = verdict_of(kpis)
    assert verdict.code == "value_realized"


def test_value_realized_needs_the_last_outcome_stage_judged() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "achieved"),
        kpi_result("f", "financial", "early", n_post=2),
    ]
    verdict = verdict_of(kpis)
    assert verdict.code == "partially_realized"
    assert "the last one measured (financial) is too early to judge" in verdict.explanation
    kpis[2] = kpi_result("f", "financial", "on_track")
    assert verdict_of(kpis).code == "value_realized"


def test_value_realized_needs_attributable_movement_by_default() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "achieved"),
        kpi_result("f", "financial", "achieved", moved="none"),
    ]
    verdict = verdict_of(kpis)
    assert verdict.code == "partially_realized"
    assert "moved no more than its counterfactual" in verdict.explanation
    assert "unattributed_outcome" in verdict.flags
    # Boundary: the same financial level, now beyond its counterfactual.
    kpis[2] = kpi_result("f", "financial", "achieved", moved="good")
    assert verdict_of(kpis).code == "value_realized"
    # settings.credit: observed restores crediting the level.
    kpis[2] = kpi_result("f", "financial", "achieved", moved="none")
    observed = verdict_of(kpis, credit="observed")
    assert observed.code == "value_realized"
    assert observed.headline.startswith(
        "The outcome reached its targets, but the evidence does not credit the initiative"
    )


def test_without_outcome_when_outcomes_moved_only_in_level() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "behind", moved="none"),
        kpi_result("f", "financial", "flat"),
    ]
    verdict = verdict_of(kpis)
    assert verdict.code == "implementation_without_outcome"
    assert "throughput moved in level, but no more than its counterfactual" in verdict.explanation
    assert verdict_of(kpis, credit="observed").code == "partially_realized"


def test_insufficient_data_below_half_the_kpis_named() -> None:
    with_data = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("f", "financial", "achieved"),
    ]
    missing = [kpi_result(f"m{i}", "productivity", "no_data", progress=None) for i in range(3)]
    verdict = verdict_of([*with_data, *missing])
    assert verdict.code == "insufficient_data"
    assert verdict.explanation.startswith("Only 2 of the 5 KPIs the thesis names have data")
    assert "low_coverage" in verdict.flags
    assert verdict.headline == (
        "Not enough of the evidence the thesis names has data to judge the investment."
    )
    # Boundary: exactly half have data. The verdict stands, qualified by the flag.
    verdict = verdict_of([*with_data, *missing[:2]])
    assert verdict.code == "value_realized"
    assert "low_coverage" in verdict.flags


def test_an_outcome_stage_without_data_qualifies_the_verdict() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "achieved"),
        kpi_result("c", "customer", "achieved"),
        kpi_result("f", "financial", "no_data", progress=None),
    ]
    verdict = verdict_of(kpis)
    assert verdict.code == "value_realized"
    assert verdict.flags == ("low_coverage",)
    # Boundary: the financial KPI with data, nothing to qualify.
    kpis[3] = kpi_result("f", "financial", "achieved")
    assert verdict_of(kpis).flags == ()


def test_the_headline_for_implementation_without_outcome() -> None:
    kpis = [kpi_result("a", "adoption", "achieved"), kpi_result("t", "throughput", "flat")]
    assert verdict_of(kpis).headline == "The implementation succeeded. The outcome didn't."


def guardrail(status: str) -> GuardrailResult:
    return GuardrailResult(
        "g",
        "g",
        "down",
        None,
        status,
        "",
        1.0,
        2.0,
        1.0,
        None,
        kpi_result("x", "adoption", "flat").effect,
        (),
        "M",
    )


def test_flags() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "regressed"),
        kpi_result("f", "financial", "achieved", moved="none"),
    ]
    late = ImplementationResult(
        "behind",
        (MilestoneResult("m", __import__("datetime").date(2025, 1, 1), None, 30, "not_delivered"),),
        100.0,
        110.0,
        0.1,
    )
    kpis.append(kpi_result("c", "customer", "no_data", progress=None))
    verdict = verdict_of(kpis, [guardrail("breached")], late, {"workflow_redesign": 2})
    assert verdict.flags == (
        "low_coverage",
        "guardrail_breached",
        "outcome_regressed",
        "unattributed_outcome",
        "implementation_late",
        "over_budget",
        "no_workflow_redesign",
    )


def test_no_flags_when_all_is_well() -> None:
    kpis = [kpi_result("a", "adoption", "achieved"), kpi_result("f", "financial", "achieved")]
    assert verdict_of(kpis, [guardrail("ok")], DONE, {"workflow_redesign": 3}).flags == ()


def test_outcome_moving_while_adoption_stands_still_is_unattributed() -> None:
    kpis = [kpi_result("a", "adoption", "flat"), kpi_result("f", "financial", "behind")]
    verdict = verdict_of(kpis)
    assert verdict.code == "implementation_stalled"
    assert "unattributed_outcome" in verdict.flags
