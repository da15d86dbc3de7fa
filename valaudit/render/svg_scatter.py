"""A link across segments as a small inline SVG scatter, written by hand (as the KPI charts).

Each segment is a point (upstream effect across, downstream effect up, each signed so that
larger is better); the Theil–Sen line runs across the points' range, and the thesis's stated
conversion through the same centre is drawn dotted, so a reader sees whether the segments
follow the line the thesis promised.
"""

from __future__ import annotations

import math

from valaudit.model.links import Link, LinkStatus
from valaudit.render.formatting import number
from valaudit.render.svg_chart import TONE_COLOUR, esc

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 40

LINK_TONE = {
    LinkStatus.CONVERTING: "good",
    LinkStatus.NOT_CONVERTING: "bad",
    LinkStatus.INCONCLUSIVE: "none",
}


def _span(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or (abs(high) * 0.1 or 1.0)
    return low - pad, high + pad


def link_scatter(link: Link) -> str:
    """The SVG of one link (empty when it has no points)."""
    points = [p for p in link.points if math.isfinite(p.upstream) and math.isfinite(p.downstream)]
    if not points:
        return ""
    xs = [p.upstream for p in points]
    ys = [p.downstream for p in points]
    x_low, x_high = _span(xs)
    line_ys: list[float] = []
    centre_x = (min(xs) + max(xs)) / 2
    if link.slope is not None and link.intercept is not None:
        line_ys = [link.intercept + link.slope * x for x in (min(xs), max(xs))]
    centre_y = sum(ys) / len(ys)
    stated_ys: list[float] = []
    if link.stated_conversion is not None:
        stated_ys = [centre_y + link.stated_conversion * (x - centre_x) for x in (min(xs), max(xs))]
    y_low, y_high = _span(ys + line_ys + stated_ys)

    def sx(value: float) -> float:
        return LEFT + (value - x_low) / (x_high - x_low) * (WIDTH - LEFT - RIGHT)

    def sy(value: float) -> float:
        return TOP + (y_high - value) / (y_high - y_low) * (HEIGHT - TOP - BOTTOM)

    colour = TONE_COLOUR[LINK_TONE[link.status]]
    title = f"{link.from_stage} → {link.to_stage}: {link.status}"
    parts = [
        f'<svg class="scatter" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{HEIGHT - TOP - BOTTOM}" fill="none" stroke="#d0d7de"/>',
    ]
    if stated_ys:
        parts.append(
            f'<line x1="{sx(min(xs)):.1f}" y1="{sy(stated_ys[0]):.1f}" x2="{sx(max(xs)):.1f}" '
            f'y2="{sy(stated_ys[1]):.1f}" stroke="#57606a" stroke-dasharray="2 3">'
            "<title>the conversion the thesis implies</title></line>"
        )
    if line_ys:
        parts.append(
            f'<line x1="{sx(min(xs)):.1f}" y1="{sy(line_ys[0]):.1f}" x2="{sx(max(xs)):.1f}" '
            f'y2="{sy(line_ys[1]):.1f}" stroke="{colour}" stroke-width="2">'
            "<title>fitted line (Theil–Sen)</title></line>"
        )
    for point in points:
        parts.append(
            f'<circle cx="{sx(point.upstream):.1f}" cy="{sy(point.downstream):.1f}" r="3.5" '
            f'fill="{colour}" fill-opacity="0.7"><title>{esc(point.segment)}: '
            f"{esc(number(point.upstream))}, {esc(number(point.downstream))}</title></circle>"
        )
    for value, anchor in ((x_low, "start"), (x_high, "end")):
        parts.append(
            f'<text x="{sx(value):.1f}" y="{HEIGHT - BOTTOM + 13}" font-size="10" '
            f'text-anchor="{anchor}">{esc(number(value))}</text>'
        )
    for value in (y_low, y_high):
        parts.append(
            f'<text x="{LEFT - 4}" y="{sy(value) + 3:.1f}" font-size="10" '
            f'text-anchor="end">{esc(number(value))}</text>'
        )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" font-size="10" '
        f'text-anchor="middle">{esc(link.from_stage)} improvement ({esc(link.upstream_unit)})'
        "</text>"
    )
    parts.append(
        f'<text x="12" y="{(TOP + HEIGHT - BOTTOM) / 2:.1f}" font-size="10" text-anchor="middle" '
        f'transform="rotate(-90 12 {(TOP + HEIGHT - BOTTOM) / 2:.1f})">{esc(link.to_stage)} '
        f"({esc(link.downstream_unit)})</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
