"""The bundled samples: what a newcomer runs first. Each validates cleanly, audits to the
story it was written to tell, and renders exactly as the reviewed golden files.

Update the golden files after an intended change as tests/golden_files.py says and review the
diff by eye before committing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.golden_files import check_golden
from valaudit.analyse.audit import run_audit
from valaudit.render import renderer
from valaudit.render.options import RenderOptions
from valaudit.validate.folder import validate_folder

GOLDEN = Path(__file__).parent / "golden"

STORIES = {
    "support_copilot": ("implementation_without_outcome", ("productivity", "throughput")),
    "erp_finance_close": ("partially_realized", ("throughput", "financial")),
    "crm_sales_emea": ("partially_realized", ("customer", "financial")),
    "manager_training": ("too_early", None),
    "invoice_automation": ("implementation_stalled", None),
    "contact_centre_teams": ("implementation_without_outcome", ("productivity", "throughput")),
}


def report_of(folder: Path):  # type: ignore[no-untyped-def]
    return run_audit(validate_folder(str(folder)))


def test_there_are_at_least_four_samples() -> None:
    assert len(SAMPLES) >= 4
    assert sorted(p.name for p in SAMPLES) == sorted(STORIES)


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_sample_validates_without_errors_or_warnings(folder: Path) -> None:
    result = validate_folder(str(folder))
    assert result.valid, [p.message for p in result.errors]
    assert result.warnings == []


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_sample_tells_its_story(folder: Path) -> None:
    verdict, chain_break = STORIES[folder.name]
    report = report_of(folder)
    assert report.verdict.code == verdict
    found = report.chain.break_
    assert (None if found is None else (found.from_stage, found.to_stage)) == chain_break


def sample(name: str) -> Path:
    return next(p for p in SAMPLES if p.name == name)


def test_crm_revenue_gain_is_flagged_as_unattributed() -> None:
    report = report_of(sample("crm_sales_emea"))
    revenue = next(k for k in report.kpis if k.id == "revenue_per_rep_k")
    assert revenue.status == "achieved" and revenue.effect.method == "did"
    assert revenue.effect.moved == "none" and revenue.attribution == "not_attributed"
    assert "unattributed_outcome" in report.verdict.flags
    financial = next(s for s in report.chain.stages if s.stage == "financial")
    assert (financial.status, financial.unattributed) == ("unattributed", ("revenue_per_rep_k",))


def test_crm_credits_only_what_the_comparison_group_supports() -> None:
    """The revenue rose as much in the control region: the observed 100% realization and 0/100
    gap are shown beside the attributable figures, never as the headline."""
    report = report_of(sample("crm_sales_emea"))
    money = report.money
    assert money.observed is not None and money.attributable is not None
    assert money.observed.realization_ratio == 1.0 and report.gap is not None
    assert report.gap.observed == 0.0
    assert money.credit == "attributable"
    assert money.realization_ratio is not None and money.realization_ratio < 0.25
    assert money.realized_by_type["revenue"] == 0.0
    assert report.gap_index is not None and report.gap_index > 15
    revenue_line = money.benefits[0]
    assert revenue_line.counted_at_full_value
    assert revenue_line.annual_realized_range is not None
    assert revenue_line.annual_realized_range.high > 0  # what the evidence would still allow
    text = renderer("text").render_report(report, RenderOptions(width=100))
    head = text.split("Value chain")[0]
    assert "the KPIs show EUR 1.50M (100%); EUR 268k (18%) is attributable" in " ".join(
        head.replace("│", " ").split()
    )


@pytest.mark.parametrize(
    ("name", "as_of"),
    [
        ("support_copilot", "2025-05-31"),
        ("manager_training", "2025-12-31"),
        ("invoice_automation", "2025-04-30"),
        ("erp_finance_close", "2024-12-31"),
        ("crm_sales_emea", "2025-02-28"),
    ],
)
def test_shortly_after_go_live_every_sample_is_too_early(name: str, as_of: str) -> None:
    report = run_audit(validate_folder(str(sample(name))), dt.date.fromisoformat(as_of))
    assert report.verdict.code == "too_early"
    adoption = next(s for s in report.chain.stages if s.stage == "adoption")
    assert adoption.status == "early"


def test_the_erp_overrun_is_costed_once() -> None:
    report = report_of(sample("erp_finance_close"))
    money = report.money
    assert (money.one_off, money.budget_overrun) == (4_200_000, 900_000)
    assert money.cost_to_date == pytest.approx(
        4_200_000 + 900_000 + 600_000 * money.years_since_go_live
    )


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_text_report_matches_golden(folder: Path) -> None:
    text = renderer("text").render_report(report_of(folder), RenderOptions(width=100))
    check_golden(GOLDEN / f"{folder.name}.txt", text)


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_json_report_matches_golden(folder: Path) -> None:
    check_golden(
        GOLDEN / f"{folder.name}.json",
        renderer("json").render_report(report_of(folder), RenderOptions()),
    )


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_text_report_fits_80_columns(folder: Path) -> None:
    text = renderer("text").render_report(report_of(folder), RenderOptions(width=80))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text


def test_contact_centre_teams_links_tell_the_documented_truth() -> None:
    """sample_data/README.md: adoption converts into handle time team by team; the minutes
    saved do not convert into tickets resolved, and the segments confirm the stage break."""
    report = report_of(sample("contact_centre_teams"))
    assert report.links is not None
    statuses = {(link.from_stage, link.to_stage): link.status for link in report.links.links}
    assert statuses == {
        ("adoption", "productivity"): "converting",
        ("productivity", "throughput"): "not_converting",
    }
    assert report.links.evidence == "confirms"
    adoption, productivity = report.links.links
    assert adoption.segments == productivity.segments == 18
    # Truth: 4 minutes saved per 100 points of adoption, i.e. 0.04 min per point (18 noisy
    # teams estimate it at about 0.048).
    assert adoption.slope == pytest.approx(0.04, abs=0.01)
    assert adoption.low is not None and adoption.low > 0
    # Truth: no ticket follows a saved minute; the thesis implies about 20 per minute.
    assert productivity.low is not None and productivity.high is not None
    assert productivity.low < 0 < productivity.high < 5
    assert productivity.stated_conversion == pytest.approx(20.2, abs=0.1)
