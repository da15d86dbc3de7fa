"""The verdict (first match wins) and its flags, per SPEC §3."""

from __future__ import annotations

import pytest

from tests.analyse.factories import kpi_result
from valaudit.analyse.chain import build_chain
from valaudit.analyse.verdict import build_verdict
from valaudit.model.report import GuardrailResult, ImplementationResult, MilestoneResult
from valaudit.model.thesis import Settings

DONE = ImplementationResult("achieved", (), None, None, None)


def verdict_of(kpis, guardrails=(), implementation=DONE, operating_model=None):  # type: ignore[no-untyped-def]
    chain = build_chain(kpis, implementation)
    return build_verdict(kpis, chain, list(guardrails), implementation, operating_model, Settings())


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


def test_too_early_when_every_outcome_has_fewer_than_min_post_periods() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("t", "throughput", "flat", n_post=2),
        kpi_result("f", "financial", "behind", n_post=1),
    ]
    assert verdict_of(kpis).code == "too_early"
    kpis[1] = kpi_result("t", "throughput", "flat", n_post=3)
    assert verdict_of(kpis).code == "partially_realized"


def test_value_realized_takes_precedence_over_too_early() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("f", "financial", "achieved", n_post=1),
    ]
    assert verdict_of(kpis).code == "value_realized"


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
    verdict = verdict_of(kpis, [guardrail("breached")], late, {"workflow_redesign": 2})
    assert verdict.flags == (
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
