"""What changed since an earlier report: like with like, the same audit only, what is worse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

import valaudit
from tests.conftest import ROOT
from valaudit.analyse.compare import REALIZATION_TOLERANCE, compare_reports
from valaudit.errors import CompareError, Problem
from valaudit.load.previous_report import read_previous_report
from valaudit.model.codes import ChangeStatus, Credit
from valaudit.model.comparison import PreviousReport
from valaudit.model.report import Report
from valaudit.render.json_report import report_document

D = dt.date
SAMPLES = ROOT / "sample_data"
OLD_RELEASE = ROOT / "tests" / "data" / "fixtures" / "previous_release"


def _report(folder: str, as_of: dt.date | None = None) -> Report:
    outcome = valaudit.audit_folder(SAMPLES / folder, as_of=as_of)
    assert outcome.report is not None
    return outcome.report


def _previous(tmp_path: Path, report: Report) -> PreviousReport:
    """``report`` as a later run reads it back: written as JSON, then read."""
    path = tmp_path / f"{report.as_of}.json"
    path.write_text(json.dumps(report_document(report)), encoding="utf-8")
    return read_previous_report(path)


def test_a_report_of_the_previous_release_compares_observed_with_observed() -> None:
    previous = read_previous_report(OLD_RELEASE / "support_copilot_2025-12-31.json")
    assert previous.credit is None and previous.attributable is None
    report = _report("support_copilot")
    comparison = compare_reports(previous, report)
    assert comparison.previous_credit is None
    assert comparison.previous_file == "support_copilot_2025-12-31.json"
    assert comparison.previous_as_of == D(2025, 12, 31)
    assert {figure.basis for figure in comparison.figures} == {Credit.OBSERVED, None}
    realization = comparison.figure("realization_ratio", Credit.OBSERVED)
    assert realization is not None and realization.before is not None
    # The old report's lead figure (observed then) against this report's observed figure,
    # not against its lead figure (attributable now).
    assert realization.before == pytest.approx(0.003875968992)
    assert report.money.observed is not None
    assert realization.after == pytest.approx(report.money.observed.realization_ratio)
    assert report.money.realization_ratio == 0.0
    assert comparison.figure("realization_ratio", Credit.ATTRIBUTABLE) is None
    assert any("predates attributable credit" in note for note in comparison.notes)
    assert [(k.id, k.before, k.after) for k in comparison.kpis] == [
        ("handle_time_min", "behind", "achieved")
    ]
    assert comparison.verdict_before == comparison.verdict_after == "implementation_without_outcome"
    assert comparison.worsened == ()
    assert comparison.status == ChangeStatus.IMPROVED


def test_the_previous_release_and_this_one_agree_on_observed_figures_at_the_same_date() -> None:
    """Like with like: at the old report's own date, every observed figure is the same."""
    previous = read_previous_report(OLD_RELEASE / "support_copilot_2025-12-31.json")
    comparison = compare_reports(previous, _report("support_copilot", D(2025, 12, 31)))
    for figure in comparison.figures:
        assert figure.after == pytest.approx(figure.before, rel=1e-9), figure
    assert comparison.kpis == () and comparison.guardrails == ()
    assert comparison.status == ChangeStatus.UNCHANGED
    assert any("Both reports are as of 2025-12-31" in note for note in comparison.notes)


def test_a_newer_report_compares_both_bases(tmp_path: Path) -> None:
    earlier = _report("erp_finance_close", D(2025, 3, 31))
    comparison = compare_reports(_previous(tmp_path, earlier), _report("erp_finance_close"))
    assert comparison.previous_credit == Credit.ATTRIBUTABLE
    attributable = comparison.figure("realization_ratio", Credit.ATTRIBUTABLE)
    observed = comparison.figure("realization_ratio", Credit.OBSERVED)
    assert attributable is not None and observed is not None
    assert attributable.before == pytest.approx(0.2482599869, rel=1e-8)
    assert attributable.after == pytest.approx(0.2522457974, rel=1e-8)
    assert observed.before == pytest.approx(0.3347736895, rel=1e-8)
    assert observed.after == pytest.approx(0.6269722383, rel=1e-8)
    assert comparison.notes == ()


def test_a_report_of_another_audit_is_refused_saying_what_differs(tmp_path: Path) -> None:
    previous = read_previous_report(OLD_RELEASE / "support_copilot_2025-12-31.json")
    with pytest.raises(CompareError) as raised:
        compare_reports(previous, _report("crm_sales_emea"))
    message = str(raised.value)
    assert message.startswith(f"{previous.file} is the report of another audit")
    assert "'Support copilot rollout'" in message and "'CRM rollout, EMEA sales'" in message
    assert "go-live is 2025-04-01" in message and "USD" in message


def test_a_changed_go_live_alone_makes_it_another_audit(tmp_path: Path) -> None:
    previous = _previous(tmp_path, _report("support_copilot", D(2025, 9, 30)))
    moved = dataclasses.replace(previous, go_live=D(2025, 5, 1))
    with pytest.raises(CompareError, match=r"its go-live is 2025-05-01, this thesis's 2025-04-01"):
        compare_reports(moved, _report("support_copilot"))


def test_the_verdict_falling_and_a_guardrail_newly_breached_are_worse(tmp_path: Path) -> None:
    previous = _previous(tmp_path, _report("support_copilot", D(2025, 5, 31)))
    comparison = compare_reports(previous, _report("support_copilot", D(2025, 6, 30)))
    assert comparison.status == ChangeStatus.WORSENED
    assert comparison.worsened == (
        "The verdict went from too early to implementation without outcome.",
        "Guardrail 'Regretted agent attrition (monthly)' is newly breached.",
    )
    assert comparison.break_before is None
    assert comparison.break_after == ("productivity", "throughput")
    assert comparison.flags_added == ("guardrail_breached",)
    assert [(g.id, g.before, g.after) for g in comparison.guardrails] == [
        ("agent_attrition_pct", "ok", "breached")
    ]


def test_a_kpi_falling_from_achieved_to_behind_is_worse(tmp_path: Path) -> None:
    previous = _previous(tmp_path, _report("support_copilot", D(2025, 9, 30)))
    comparison = compare_reports(previous, _report("support_copilot", D(2025, 10, 31)))
    assert comparison.worsened == ("KPI 'Average handle time' went from achieved to behind.",)
    assert comparison.status == ChangeStatus.WORSENED


def test_the_break_moving_along_the_chain_is_a_change_not_a_worsening(tmp_path: Path) -> None:
    previous = _previous(tmp_path, _report("crm_sales_emea", D(2025, 3, 31)))
    comparison = compare_reports(previous, _report("crm_sales_emea", D(2025, 4, 30)))
    assert comparison.break_before == ("throughput", "customer")
    assert comparison.break_after == ("customer", "financial")
    assert comparison.worsened == ()


@pytest.mark.parametrize(
    ("before", "after", "worse"),
    [
        ("partially_realized", "implementation_without_outcome", True),
        ("value_realized", "partially_realized", True),
        ("implementation_without_outcome", "implementation_stalled", True),
        ("too_early", "implementation_without_outcome", True),
        ("implementation_stalled", "implementation_without_outcome", False),
        ("too_early", "insufficient_data", False),
        ("insufficient_data", "too_early", False),
        ("implementation_without_outcome", "implementation_without_outcome", False),
    ],
)
def test_the_verdict_ladder(tmp_path: Path, before: str, after: str, worse: bool) -> None:
    report = _report("support_copilot")
    assert report.verdict.code == "implementation_without_outcome"
    base = _previous(tmp_path, report)
    previous = dataclasses.replace(base, verdict=before)
    current = dataclasses.replace(report, verdict=dataclasses.replace(report.verdict, code=after))
    comparison = compare_reports(previous, current)
    assert any(reason.startswith("The verdict went") for reason in comparison.worsened) is worse


@pytest.mark.parametrize(
    ("fall", "worse"),
    [(REALIZATION_TOLERANCE - 0.001, False), (REALIZATION_TOLERANCE + 0.001, True)],
)
def test_attributable_realization_falling_beyond_the_tolerance_is_worse(
    tmp_path: Path, fall: float, worse: bool
) -> None:
    report = _report("erp_finance_close")
    previous = _previous(tmp_path, report)
    assert previous.attributable is not None
    after = report.money.attributable
    assert after is not None and after.realization_ratio is not None
    raised = dataclasses.replace(
        previous.attributable, realization_ratio=after.realization_ratio + fall
    )
    comparison = compare_reports(dataclasses.replace(previous, attributable=raised), report)
    reasons = [r for r in comparison.worsened if "realization fell" in r]
    assert bool(reasons) is worse
    if worse:
        assert reasons == [
            f"Attributable realization fell from {after.realization_ratio + fall:.0%} to "
            f"{after.realization_ratio:.0%}, more than 5 points."
        ]


def test_warnings_are_new_or_fixed_by_code_and_place_not_by_wording(tmp_path: Path) -> None:
    report = _report("support_copilot")
    stale = Problem(
        "stale_data", "The latest value is 2 periods old.", "valaudit.yaml", "warning", line=40
    )
    gone = Problem(
        "mixed_segments", "Rows with and without a segment.", "valaudit.yaml", "warning", line=12
    )
    now = Problem(
        "stale_data", "The latest value is 3 periods old.", "valaudit.yaml", "warning", line=40
    )
    new = Problem("incomplete_period", "Segments missing.", "valaudit.yaml", "warning", line=50)
    previous = dataclasses.replace(_previous(tmp_path, report), warnings=(stale, gone))
    comparison = compare_reports(previous, dataclasses.replace(report, warnings=(now, new)))
    assert comparison.new_warnings == (new,)
    assert comparison.fixed_warnings == (gone,)
    assert comparison.status == ChangeStatus.CHANGED


def test_kpis_that_came_or_went_are_listed(tmp_path: Path) -> None:
    report = _report("support_copilot")
    previous = _previous(tmp_path, report)
    renamed = tuple(
        dataclasses.replace(kpi, id="old_kpi") if kpi.id == "csat" else kpi for kpi in previous.kpis
    )
    comparison = compare_reports(dataclasses.replace(previous, kpis=renamed), report)
    assert [(k.id, k.before, k.after) for k in comparison.kpis] == [
        ("csat", None, "flat"),
        ("old_kpi", "flat", None),
    ]
