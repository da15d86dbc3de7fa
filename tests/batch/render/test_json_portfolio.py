"""JSON: the documented keys, sorted folders, totals."""

from __future__ import annotations

import json

from valaudit.batch.render.json_portfolio import render_portfolio
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
