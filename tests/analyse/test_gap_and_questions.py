"""The Theory–Reality Gap index, the scorecard summary and the question rules."""

from __future__ import annotations

import pytest

from tests.analyse.factories import kpi_result
from valaudit.analyse.chain import build_chain
from valaudit.analyse.gap import build_gap, gap_index, scorecard
from valaudit.analyse.questions import choose_questions, rules
from valaudit.analyse.verdict import build_verdict
from valaudit.model.report import ImplementationResult
from valaudit.model.thesis import Settings

DONE = ImplementationResult("achieved", (), None, None, None)


def test_gap_index_is_zero_when_every_stage_reached_its_targets() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved", progress=1.3),
        kpi_result("f", "financial", "achieved", progress=1.0),
    ]
    assert gap_index(kpis) == 0.0


def test_gap_index_averages_stages_with_clamped_progress() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved", progress=1.0),
        kpi_result("p1", "productivity", "behind", progress=0.5),
        kpi_result("p2", "productivity", "regressed", progress=-0.4),  # counts as 0
        kpi_result("f", "financial", "flat", progress=None),  # no progress: not counted
    ]
    # adoption 1.0, productivity (0.5 + 0) / 2 = 0.25 -> mean 0.625 -> gap 37.5
    assert gap_index(kpis) == pytest.approx(37.5)


def test_gap_index_is_none_without_any_progress() -> None:
    assert gap_index([kpi_result("f", "financial", "no_data", progress=None)]) is None


def test_scorecard_summary() -> None:
    card = scorecard({"workflow_redesign": 2, "decision_rights": 4, "incentives": 1})
    assert card is not None
    assert card.overall == pytest.approx(7 / 3, abs=0.01)
    assert card.weak == ("workflow_redesign", "incentives")
    assert card.interpretation.startswith("Weak")
    assert scorecard(None) is None


def test_questions_follow_the_break_flags_and_weak_dimensions() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved"),
        kpi_result("p", "productivity", "achieved"),
        kpi_result("t", "throughput", "flat"),
    ]
    chain = build_chain(kpis, DONE)
    verdict = build_verdict(kpis, chain, [], DONE, {"manager_capacity": 1}, Settings())
    questions = choose_questions(verdict, chain, scorecard({"manager_capacity": 1}))
    texts = [q.text for q in questions]
    assert "Where does the capacity freed in productivity go?" in texts
    assert "Which approvals and hand-offs still sit between faster work and more output?" in texts
    assert texts[0] == (
        "What is preventing this organisation from converting improvement into business "
        "performance?"
    )
    assert any("redeploy freed capacity" in t for t in texts)
    assert len(texts) == len(set(texts))


def test_every_rule_uses_known_conditions_and_has_questions() -> None:
    known = {"break", "verdict", "flag", "weak", "stage", "link", "link_evidence"}
    for rule in rules():
        assert set(rule["when"]) <= known
        assert rule["questions"] and rule["because"] and rule["topic"]


def test_the_gap_credits_only_attributed_movement_and_gives_its_range() -> None:
    kpis = [
        kpi_result("a", "adoption", "achieved", progress=1.0, interval=(0.8, 1.2)),
        # Reached its target in level, but no more than its counterfactual.
        kpi_result("f", "financial", "achieved", moved="none", progress=1.0,
                   attributable=0.1, interval=(-0.2, 0.4)),
    ]  # fmt: skip
    gap = build_gap(kpis, "attributable")
    assert gap.observed == 0.0
    assert gap.attributable == pytest.approx(50.0)  # adoption 1.0, financial 0 (not attributed)
    assert gap.attributable_range is not None
    # Best case: adoption 1.0 (clamped), financial 0.4; worst: adoption 0.8, financial 0.
    assert (gap.attributable_range.low, gap.attributable_range.high) == pytest.approx((30.0, 60.0))
    assert gap_index(kpis, "observed") == 0.0 and gap_index(kpis) == pytest.approx(50.0)
