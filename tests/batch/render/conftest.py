"""A small portfolio with hostile strings, for every portfolio format."""

from __future__ import annotations

import datetime as dt

import pytest

from valaudit.batch.portfolio import build_portfolio
from valaudit.model.gates import GateResult
from valaudit.model.portfolio import FolderRow, Portfolio

#: Initiative names a client's thesis could carry to attack whoever opens the portfolio.
HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def portfolio() -> Portfolio:
    return build_portfolio(
        [
            FolderRow(
                path="clients/acme",
                status="ok",
                initiative=HOSTILE,
                type="ai",
                verdict="implementation_without_outcome",
                break_=("productivity", "throughput"),
                realization_ratio=0.0223,
                roi_to_date=-0.975,
                flags=("guardrail_breached", "over_budget"),
                currency="USD",
                expected_annual_benefit=1_500_000.0,
                realized_annual_benefit=33_510.5,
                as_of=dt.date(2026, 3, 31),
                credit="attributable",
                attributable_annual_benefit=33_510.5,
                observed_annual_benefit=120_000.0,
                gates=(GateResult("not-realized", True, "The verdict is …"),),
                owner="VP <b>Ops</b>",
                go_live=dt.date(2025, 4, 1),
                cost_to_date=2_498_631.0,
                benefit_to_date=62_500.0,
                npv=-3_697_084.0,
                payback_status="not_at_current_rate",
                warnings=("stale_data", "few_periods", "stale_data", "stale_data", "stale_data"),
                weak_dimensions=("workflow_redesign", "manager_capacity"),
            ),
            FolderRow(
                path="clients/b|d",
                status="invalid",
                initiative="+cmd|' /C calc'!A0",
                errors=("@SUM(1+1) in clients/b|d/valaudit.yaml, line 2: [bold red]no[/]",),
                error_count=4,
            ),
            FolderRow(
                path="clients/crash",
                status="crashed",
                initiative="-2+3 \x1b[31mred\x1b[0m",
                errors=("KeyError: 'x' (in effect.py, line 10)",),
                error_count=1,
            ),
        ]
    )
