"""Calibration of the link rule on synthetic segments (docs/method.md §7.1).

Each simulated link has ``segments`` segments, each with 24 pre and 12 post months of two KPIs,
measured exactly as an audit measures them: each segment's effect by the KPI's model
(:mod:`valaudit.analyse.segment_effects`, the level counterfactual), then the rule
(:mod:`valaudit.analyse.link_rule`).

- Upstream: monthly noise sd 4; each segment's step from go-live ~ N(10, 3²), i.e. the segments
  reach the promised 10 on average, give or take 30% of it.
- Downstream: monthly noise sd 4; promised change 4, so the thesis implies a conversion of
  0.4 per unit; each segment's step is ``conversion`` × 0.4 × its upstream step.
- ``confounded``: no conversion at all, but a common shock per segment ~ N(0, 3²) moves the
  upstream step by the shock and the downstream step by 0.4 × the shock (a busy region is busier
  on both sides) — the limit of every comparison across segments.

Run: python bench/link_calibration.py [--links 1000]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valaudit.analyse.link_rule import judge_link
from valaudit.analyse.segment_effects import SegmentModel, segment_effects
from valaudit.model.links import LinkStatus

PRE, POST = 24, 12
UPSTREAM_NOISE, DOWNSTREAM_NOISE = 4.0, 4.0
UPSTREAM_PROMISE, DOWNSTREAM_PROMISE = 10.0, 4.0
UPSTREAM_SPREAD = 3.0
SHOCK_SPREAD = 3.0
STATED = DOWNSTREAM_PROMISE / UPSTREAM_PROMISE
START = 2020 * 12
MODEL = SegmentModel(
    go_live=float(START + PRE),
    last=float(START + PRE + POST - 1),
    granularity="M",
    level_only=False,
    baseline=0.0,
)


@dataclass(frozen=True)
class Truth:
    """What the simulated segments really do."""

    name: str
    conversion: float
    """Share of the stated conversion that is real (0 = none)."""
    confounded: bool = False


TRUTHS = (
    Truth("independent noise", 0.0),
    Truth("half the stated conversion", 0.5),
    Truth("the stated conversion", 1.0),
    Truth("confounded (common shock)", 0.0, confounded=True),
)
SEGMENTS = (6, 12, 24, 48)


def _table(levels: np.ndarray, steps: np.ndarray, noise: float, rng: np.random.Generator):
    """Segments × months of a KPI with a step of ``steps`` from go-live on."""
    count = len(levels)
    post = np.arange(PRE + POST) >= PRE
    values = levels[:, None] + steps[:, None] * post + rng.normal(0.0, noise, (count, PRE + POST))
    return pd.DataFrame(
        values,
        index=[f"segment {i:03d}" for i in range(count)],
        columns=np.arange(START, START + PRE + POST),
    )


def simulate_link(truth: Truth, segments: int, rng: np.random.Generator) -> LinkStatus:
    """The status the rule gives one simulated link."""
    upstream_step = rng.normal(UPSTREAM_PROMISE, UPSTREAM_SPREAD, segments)
    downstream_step = truth.conversion * STATED * upstream_step
    if truth.confounded:
        shock = rng.normal(0.0, SHOCK_SPREAD, segments)
        upstream_step = upstream_step + shock
        downstream_step = downstream_step + STATED * shock
    up = segment_effects(
        _table(rng.normal(100, 10, segments), upstream_step, UPSTREAM_NOISE, rng), MODEL
    )
    down = segment_effects(
        _table(rng.normal(50, 5, segments), downstream_step, DOWNSTREAM_NOISE, rng), MODEL
    )
    x = np.array([e.estimate for e in up])
    x_se = np.array([e.se for e in up])
    y = np.array([e.estimate for e in down])
    return judge_link(x, y, x_se, STATED, 0.95).status


def tally(truth: Truth, segments: int, links: int, seed: int) -> Counter[LinkStatus]:
    rng = np.random.default_rng([seed, segments, int(truth.conversion * 10), truth.confounded])
    return Counter(simulate_link(truth, segments, rng) for _ in range(links))


def table(links: int, seed: int) -> str:
    lines = [
        f"valaudit link calibration: {links:,} links per cell, seed {seed}, confidence 95%",
        "",
        f"{'truth':<28}{'segments':>9}{'converting':>12}{'not conv.':>11}{'inconcl.':>10}",
        "-" * 70,
    ]
    for truth in TRUTHS:
        for segments in SEGMENTS:
            counts = tally(truth, segments, links, seed)
            share = {status: counts[status] / links for status in LinkStatus}
            lines.append(
                f"{truth.name:<28}{segments:>9}{share[LinkStatus.CONVERTING]:>12.1%}"
                f"{share[LinkStatus.NOT_CONVERTING]:>11.1%}{share[LinkStatus.INCONCLUSIVE]:>10.1%}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.perf_counter()
    print(table(args.links, args.seed))
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
