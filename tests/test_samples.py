"""The bundled samples: what a newcomer runs first. Each validates cleanly, audits to the
story it was written to tell, and renders exactly as the reviewed golden files.

Update the golden files after an intended change with VALAUDIT_UPDATE_GOLDEN=1 and review the
diff by eye before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from valaudit.analyse.audit import run_audit
from valaudit.render import renderer
from valaudit.render.options import RenderOptions
from valaudit.validate.folder import validate_folder

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("VALAUDIT_UPDATE_GOLDEN") == "1"

STORIES = {
    "support_copilot": ("implementation_without_outcome", ("productivity", "throughput")),
    "erp_finance_close": ("partially_realized", ("throughput", "financial")),
    "crm_sales_emea": ("value_realized", None),
    "manager_training": ("too_early", ("adoption", "productivity")),
    "invoice_automation": ("implementation_stalled", None),
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


def test_crm_revenue_gain_is_flagged_as_unattributed() -> None:
    report = report_of(next(p for p in SAMPLES if p.name == "crm_sales_emea"))
    revenue = next(k for k in report.kpis if k.id == "revenue_per_rep_k")
    assert revenue.status == "achieved" and revenue.effect.method == "did"
    assert revenue.effect.moved == "none"
    assert "unattributed_outcome" in report.verdict.flags


def check_golden(name: str, content: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with VALAUDIT_UPDATE_GOLDEN=1"
    assert content == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_text_report_matches_golden(folder: Path) -> None:
    text = renderer("text").render_report(report_of(folder), RenderOptions(width=100))
    check_golden(f"{folder.name}.txt", text)


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_json_report_matches_golden(folder: Path) -> None:
    check_golden(
        f"{folder.name}.json", renderer("json").render_report(report_of(folder), RenderOptions())
    )


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_text_report_fits_80_columns(folder: Path) -> None:
    text = renderer("text").render_report(report_of(folder), RenderOptions(width=80))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text
