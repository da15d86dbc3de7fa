"""JSON: the documented keys, sorted folders, totals."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from valaudit.batch.compare import compare_portfolio
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.json_portfolio import portfolio_document, render_portfolio
from valaudit.load.previous_portfolio import read_previous_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions

DOCUMENTED_KEYS = {
    "path",
    "initiative",
    "verdict",
    "break",
    "realization_ratio",
    "roi_to_date",
    "flags",
    "errors",
}


def test_documented_shape(portfolio: Portfolio) -> None:
    document = json.loads(render_portfolio(portfolio, RenderOptions()))
    assert {"folders", "totals"} <= set(document)
    folders = document["folders"]
    assert [f["path"] for f in folders] == ["clients/acme", "clients/b|d", "clients/crash"]
    for folder in folders:
        assert set(folder) >= DOCUMENTED_KEYS
    first = folders[0]
    assert first["break"] == {"from": "productivity", "to": "throughput"}
    assert first["verdict"] == "implementation_without_outcome"
    assert first["flags"] == ["guardrail_breached", "over_budget"]
    assert first["gates"] == [
        {"gate": "not-realized", "tripped": True, "reason": "The verdict is …"}
    ]
    assert folders[1]["status"] == "invalid" and folders[1]["break"] is None
    assert folders[1]["errors"][0].startswith("@SUM")
    totals = document["totals"]
    assert (totals["folders"], totals["invalid"], totals["crashed"]) == (3, 1, 1)
    assert totals["benefit"]["USD"]["expected_annual_benefit"] == 1500000.0
    assert document["complete"] is True


def _whole_document_text(portfolio: Portfolio) -> str:
    """What rendering the portfolio as one document gives: the bytes the streamed text keeps."""
    return json.dumps(portfolio_document(portfolio), indent=2, ensure_ascii=False) + "\n"


def test_folder_by_folder_text_is_the_whole_document(portfolio: Portfolio) -> None:
    assert render_portfolio(portfolio, RenderOptions()) == _whole_document_text(portfolio)


def test_folder_by_folder_text_with_changes(portfolio: Portfolio, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.json"
    earlier.write_text(render_portfolio(portfolio, RenderOptions()), encoding="utf-8")
    moved = dataclasses.replace(
        portfolio,
        rows=tuple(dataclasses.replace(row, realization_ratio=0.5) for row in portfolio.rows),
    )
    compared = compare_portfolio(moved, read_previous_portfolio(earlier))
    assert compared.changes is not None
    text = render_portfolio(compared, RenderOptions())
    assert text == _whole_document_text(compared)
    assert list(json.loads(text))[-1] == "changes"


def test_no_folder_at_all() -> None:
    interrupted = build_portfolio([], planned=4)
    text = render_portfolio(interrupted, RenderOptions())
    assert text == _whole_document_text(interrupted)
    assert json.loads(text)["folders"] == []
    assert '  "folders": [],\n' in text
