"""Hand-built results for unit tests of the roll-up and verdict rules."""

from __future__ import annotations

import datetime as dt

from valaudit.model.report import Effect, KpiResult


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
) -> KpiResult:
    if moved is None:
        moved = {"achieved": "good", "on_track": "good", "behind": "good", "regressed": "bad"}.get(
            status, "none"
        )
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
    )
