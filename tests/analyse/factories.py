"""Hand-built results for unit tests of the roll-up and verdict rules."""

from __future__ import annotations

import datetime as dt

from valaudit.model.effect import Effect
from valaudit.model.report import KpiResult


def effect(moved: str = "none", n_post: int = 6) -> Effect:
    return Effect("level", 1.0, 0.5, 1.5, 0.95, 6, n_post, None, False, moved)  # type: ignore[arg-type]


def kpi_result(
    ident: str,
    stage: str,
    status: str,
    *,
    moved: str | None = None,
    n_post: int = 6,
    progress: float | None = 0.5,
    attributable: float | None = None,
    interval: tuple[float, float] | None = None,
) -> KpiResult:
    """A KPI result; its attribution follows its effect (attributed when it moved good), and
    its attributable progress defaults to its observed progress."""
    if moved is None:
        moved = {"achieved": "good", "on_track": "good", "behind": "good", "regressed": "bad"}.get(
            status, "none"
        )
    attribution = "attributed" if moved == "good" else "not_attributed"
    if status == "no_data":
        attribution = "unknown"
    share = progress if attributable is None else attributable
    low, high = interval if interval is not None else (share, share)
    return KpiResult(
        id=ident,
        name=ident,
        stage=stage,
        unit=None,
        direction="up",
        aggregate="mean",
        status=status,
        reason="",
        baseline=0.0 if status != "no_data" else None,
        baseline_source="pre_mean",
        current=1.0,
        target=2.0,
        expected_now=2.0,
        progress=progress,
        by=dt.date(2026, 1, 1),
        effect=effect(moved, n_post),
        granularity="M",
        series=(),
        missing_periods=(),
        segments=(),
        attribution=attribution,  # type: ignore[arg-type]
        attributable_progress=share if status != "no_data" else None,
        attributable_low=low if status != "no_data" else None,
        attributable_high=high if status != "no_data" else None,
    )
