"""Stage roll-up, the implementation stage and the chain break (docs/method.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analyse.factories import kpi_result
from valaudit.analyse.chain import build_chain, judge_implementation, roll_up
from valaudit.model.report import ImplementationResult
from valaudit.model.thesis import Budget, Implementation, Milestone

AS_OF = dt.date(2025, 12, 31)
DONE = ImplementationResult("achieved", (), None, None, None)
NONE = ImplementationResult("not_measured", (), None, None, None)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "not_measured"),
        (["no_data", "no_data"], "no_data"),
        (["achieved", "achieved"], "achieved"),
        (["achieved", "on_track"], "on_track"),
        (["achieved", "behind"], "behind"),
        (["behind", "flat", "flat"], "behind"),
        (["regressed", "flat"], "regressed"),
        (["behind", "regressed"], "flat"),
        (["flat", "flat"], "flat"),
        (["achieved", "no_data"], "achieved"),
        (["early", "early"], "early"),
        (["early", "no_data"], "early"),
        (["early", "flat"], "flat"),
        (["early", "achieved"], "achieved"),
    ],
)
def test_stage_roll_up(statuses: list[str], expected: str) -> None:
    kpis = [kpi_result(f"k{i}", "throughput", s) for i, s in enumerate(statuses)]
    assert roll_up("throughput", kpis).status == expected


@pytest.mark.parametrize(
    ("kpis", "attributable", "observed"),
    [
        # (status, effect moved) per KPI.
        ([("achieved", "none")], "unattributed", "achieved"),
        ([("on_track", "none"), ("flat", "none")], "unattributed", "behind"),
        ([("achieved", "none"), ("achieved", "good")], "behind", "achieved"),
        ([("behind", "none"), ("regressed", "bad")], "regressed", "flat"),
        ([("achieved", "good")], "achieved", "achieved"),
        ([("flat", "none")], "flat", "flat"),
    ],
)
def test_a_kpi_that_moved_only_in_level_counts_as_not_moved(
    kpis: list[tuple[str, str]], attributable: str, observed: str
) -> None:
    results = [
        kpi_result(f"k{i}", "customer", status, moved=moved)
        for i, (status, moved) in enumerate(kpis)
    ]
    stage = roll_up("customer", results)
    assert stage.status == attributable
    assert stage.unattributed == tuple(
        r.id
        for r in results
        if r.status in ("achieved", "on_track", "behind") and r.attribution != "attributed"
    )
    assert roll_up("customer", results, "observed").status == observed
    assert roll_up("customer", results, "observed").unattributed == ()


def test_the_break_skips_an_early_stage_and_stops_at_an_unattributed_one() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("p", "productivity", "early", n_post=2),
        kpi_result("t", "throughput", "achieved", moved="none"),
    ]
    chain = build_chain(kpis, DONE)
    assert [s.status for s in chain.stages][1:4] == ["achieved", "early", "unattributed"]
    assert chain.break_ is not None
    assert (chain.break_.from_stage, chain.break_.to_stage) == ("adoption", "throughput")
    assert build_chain(kpis, DONE, "observed").break_ is None


def milestones(*pairs: tuple[str, str | None]) -> Implementation:
    return Implementation(
        milestones=tuple(
            Milestone(f"m{i}", dt.date.fromisoformat(p), dt.date.fromisoformat(a) if a else None)
            for i, (p, a) in enumerate(pairs)
        )
    )


def test_implementation_delivered_on_time_and_budget_is_achieved() -> None:
    result = judge_implementation(milestones(("2025-01-01", "2025-01-01")), AS_OF)
    assert result.status == "achieved"


def test_implementation_late_or_over_budget_is_behind() -> None:
    assert judge_implementation(milestones(("2025-01-01", "2025-02-01")), AS_OF).status == "behind"
    over = Implementation(budget=Budget(100.0, 120.0))
    result = judge_implementation(over, AS_OF)
    assert (result.status, result.budget_variance) == ("behind", pytest.approx(0.2))


def test_implementation_with_a_due_milestone_missing_is_flat() -> None:
    result = judge_implementation(
        milestones(("2025-01-01", "2025-01-01"), ("2025-06-01", None)), AS_OF
    )
    assert result.status == "flat"
    assert result.milestones[1].status == "not_delivered"
    assert result.milestones[1].delay_days == (AS_OF - dt.date(2025, 6, 1)).days


def test_a_milestone_not_yet_due_is_not_held_against_the_implementation() -> None:
    result = judge_implementation(
        milestones(("2025-01-01", "2025-01-01"), ("2026-06-01", None)), AS_OF
    )
    assert result.status == "achieved"
    assert result.milestones[1].status == "not_due"


def test_a_delivery_after_the_as_of_date_does_not_count_yet() -> None:
    result = judge_implementation(milestones(("2025-01-01", "2026-02-01")), AS_OF)
    assert result.status == "flat"


def test_no_milestones_or_budget_is_not_measured() -> None:
    assert judge_implementation(None, AS_OF).status == "not_measured"


def test_break_is_the_first_stage_that_moved_followed_by_one_that_did_not() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("p", "productivity", "behind"),
        kpi_result("t", "throughput", "flat"),
        kpi_result("f", "financial", "flat"),
    ]
    chain = build_chain(kpis, DONE)
    assert chain.break_ is not None
    assert (chain.break_.from_stage, chain.break_.to_stage) == ("productivity", "throughput")


def test_break_skips_stages_that_are_not_measured_or_have_no_data() -> None:
    kpis = [
        kpi_result("a", "adoption", "on_track"),
        kpi_result("p", "productivity", "no_data"),
        kpi_result("f", "financial", "flat"),
    ]
    chain = build_chain(kpis, NONE)
    assert chain.break_ is not None
    assert (chain.break_.from_stage, chain.break_.to_stage) == ("adoption", "financial")


def test_implementation_to_adoption_can_break() -> None:
    chain = build_chain([kpi_result("a", "adoption", "flat")], DONE)
    assert chain.break_ is not None
    assert (chain.break_.from_stage, chain.break_.to_stage) == ("implementation", "adoption")


def test_no_break_when_every_measured_stage_moved_or_nothing_moved() -> None:
    moved = [kpi_result("a", "adoption", "achieved"), kpi_result("f", "financial", "on_track")]
    assert build_chain(moved, DONE).break_ is None
    still = [kpi_result("a", "adoption", "flat"), kpi_result("f", "financial", "flat")]
    assert build_chain(still, NONE).break_ is None
