"""A KPI's series as a small inline SVG line chart, written by hand.

Why not a plotting library: the HTML report must open offline and print the same anywhere,
and a few dozen SVG elements are all a line chart needs. The chart shows the series (pre
go-live in grey, post in colour), a dashed go-live line with the post period shaded, the
glide path from the baseline at go-live to the target at ``by``, the target as a dotted
line and, over the post period, the effect's counterfactual (what the KPI was expected to do
without the initiative) as a dashed line, so a reader sees at a glance whether the KPI
followed the path it promised and how far it moved beyond what would have happened anyway.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from valaudit.model.report import KpiResult, SeriesPoint
from valaudit.render.formatting import number
from valaudit.render.safe_text import printable

WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 30

#: Stroke colours per status tone; grey for the pre period and the guide lines.
TONE_COLOUR = {
    "good": "#1a7f37",
    "warn": "#9a6700",
    "bad": "#cf222e",
    "info": "#0969da",
    "none": "#6e7781",
}
PRE_COLOUR = "#8c959f"
GUIDE_COLOUR = "#57606a"


@dataclass(frozen=True)
class _Scale:
    """Maps dates and values onto the plot area."""

    first: dt.date
    last: dt.date
    low: float
    high: float
    step: float

    def x(self, day: dt.date) -> float:
        span = (self.last - self.first).days or 1
        return LEFT + (day - self.first).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return TOP + (self.high - value) / span * (HEIGHT - TOP - BOTTOM)


def esc(value: object) -> str:
    """``value`` as HTML text: escaped, control characters shown, and no URL left live."""
    # An encoded colon keeps even a pasted link from appearing as a URL in the file.
    return escape(printable(value), quote=True).replace("://", "&#58;//")


#: Axis steps are these times a power of ten.
_NICE = (1.0, 2.0, 2.5, 5.0)
MAX_DIVISIONS = 6


def value_axis(kpi: KpiResult) -> tuple[float, float, float]:
    """Round ends and step of a KPI's value axis, holding its series, baseline and target.

    The step is the finest round one (1, 2, 2.5 or 5 times a power of ten) that needs at most
    six divisions. Shared with the workbook's charts, so a KPI is drawn to the same scale.
    """
    values = [p.value for p in kpi.series]
    values += [p.counterfactual for p in kpi.series if p.counterfactual is not None]
    values += [v for v in (kpi.baseline, kpi.target) if v is not None]
    values = [v for v in values if math.isfinite(v)]
    if not values:
        return 0.0, 1.0, 0.25
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    bottom, top = low - pad, high + pad
    if low >= 0 > bottom:
        bottom = 0.0  # a measure that never went negative keeps its axis at zero
    power = 10.0 ** math.floor(math.log10((top - bottom) / MAX_DIVISIONS))
    for step in (m * power * scale for scale in (1, 10, 100) for m in _NICE):
        first, last = math.floor(bottom / step), math.ceil(top / step)
        if last - first <= MAX_DIVISIONS:
            return round(first * step, 10), round(last * step, 10), step
    raise AssertionError("unreachable: a step of 100 powers always fits")


def axis_ticks(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + index * step, 10) for index in range(count + 1)]


def _f(value: float) -> str:
    """Coordinates with one decimal: enough for the eye, and stable bytes."""
    return f"{value:.1f}"


def glide_value(kpi: KpiResult, go_live: dt.date, day: dt.date) -> float | None:
    """The glide path (baseline at go-live to target at ``by``, then flat) on ``day``."""
    if kpi.baseline is None or kpi.target is None:
        return None
    if day >= kpi.by or kpi.by <= go_live:
        return kpi.target
    share = max(0.0, (day - go_live).days / (kpi.by - go_live).days)
    return kpi.baseline + (kpi.target - kpi.baseline) * share


def _scale(kpi: KpiResult, go_live: dt.date, as_of: dt.date) -> _Scale:
    points = kpi.series
    first = min(points[0].start, go_live)
    # Show the path up to `by` when it falls inside the audit window, else up to the data.
    last = max(points[-1].start, min(kpi.by, as_of), go_live + dt.timedelta(days=1))
    low, high, step = value_axis(kpi)
    return _Scale(first, last, low, high, step)


def _axes(scale: _Scale, kpi: KpiResult) -> list[str]:
    out = []
    for tick in axis_ticks(scale.low, scale.high, scale.step):
        y = _f(scale.y(tick))
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" class="grid"/>'
            f'<text x="{LEFT - 4}" y="{y}" class="ylab">{esc(number(tick, kpi.unit))}</text>'
        )
    return out


def _x_labels(scale: _Scale, points: Sequence[SeriesPoint], go_live_index: int | None) -> str:
    """First, go-live and last period labels, leaving out any that would overlap."""
    chosen: list[tuple[float, str]] = []
    indexes = [0, *([go_live_index] if go_live_index is not None else []), len(points) - 1]
    for index in dict.fromkeys(indexes):
        x = scale.x(points[index].start)
        if all(abs(x - other) > 48 for other, _ in chosen):
            chosen.append((x, points[index].period))
    # The outermost labels hang inwards, so they are never cut off at the chart's edge.
    right_edge = WIDTH - RIGHT
    return "".join(
        f'<text x="{_f(x)}" y="{HEIGHT - BOTTOM + 14}" class="xlab'
        + (" first" if x - LEFT < 24 else "")
        + (" last" if right_edge - x < 24 else "")
        + f'">{esc(label)}</text>'
        for x, label in chosen
    )


def _go_live_label(x: float) -> str:
    """ "go-live" just right of its line, or left of it near the chart's right edge."""
    if x > WIDTH - RIGHT - 50:
        return f'<text x="{_f(x - 3)}" y="{TOP - 4}" class="glab last">go-live</text>'
    return f'<text x="{_f(x + 3)}" y="{TOP - 4}" class="glab">go-live</text>'


def _counterfactual(scale: _Scale, points: Sequence[SeriesPoint]) -> list[str]:
    """The effect's counterfactual over the post period, drawn under the series: what the
    KPI was expected to do without the initiative. A lone post point gets a short dash."""
    shown = [(p.start, p.counterfactual) for p in points if p.counterfactual is not None]
    if not shown:
        return []
    if len(shown) == 1:
        x, y = scale.x(shown[0][0]), scale.y(shown[0][1])
        return [
            f'<line x1="{_f(x - 4)}" x2="{_f(x + 4)}" y1="{_f(y)}" y2="{_f(y)}" '
            'class="counterfactual"/>'
        ]
    path = " ".join(f"{_f(scale.x(day))},{_f(scale.y(value))}" for day, value in shown)
    return [f'<polyline points="{path}" class="counterfactual"/>']


def kpi_chart(kpi: KpiResult, tone: str, go_live: dt.date, as_of: dt.date) -> str:
    """The chart for one KPI as an ``<svg>`` element (no XML namespace needed inline in HTML)."""
    drawn = "series, go-live, glide path and target"
    if any(p.counterfactual is not None for p in kpi.series):
        drawn = "series, go-live, glide path, target and counterfactual"
    label = f"{kpi.name}: {drawn}"
    head = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-label="{esc(label)}"><title>{esc(label)}</title>'
    )
    points = kpi.series
    if not points:
        middle = _f(HEIGHT / 2)
        return head + f'<text x="{WIDTH / 2}" y="{middle}" class="empty">no data</text></svg>'
    scale = _scale(kpi, go_live, as_of)
    colour = TONE_COLOUR.get(tone, TONE_COLOUR["none"])
    body = _axes(scale, kpi)
    gx = _f(scale.x(go_live))
    bottom, top = HEIGHT - BOTTOM, TOP
    body.append(
        f'<rect x="{gx}" y="{top}" width="{_f(WIDTH - RIGHT - scale.x(go_live))}" '
        f'height="{bottom - top}" class="post"/>'
        f'<line x1="{gx}" x2="{gx}" y1="{top}" y2="{bottom}" class="golive"/>'
        + _go_live_label(scale.x(go_live))
    )
    if kpi.target is not None:
        ty = _f(scale.y(kpi.target))
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty}" y2="{ty}" class="target" '
            f'stroke="{colour}"/>'
            f'<text x="{LEFT + 4}" y="{_f(scale.y(kpi.target) - 3)}" class="tlab" '
            f'fill="{colour}">target {esc(number(kpi.target, kpi.unit))}</text>'
        )
    glide = [(go_live, glide_value(kpi, go_live, go_live))]
    if go_live < kpi.by < scale.last:
        glide.append((kpi.by, kpi.target))
    glide.append((scale.last, glide_value(kpi, go_live, scale.last)))
    if all(value is not None for _, value in glide):
        path = " ".join(f"{_f(scale.x(day))},{_f(scale.y(value or 0.0))}" for day, value in glide)
        body.append(f'<polyline points="{path}" class="glide"/>')
    body += _counterfactual(scale, points)
    pre = [p for p in points if not p.post]
    post = [p for p in points if p.post]
    # The post line starts from the last pre point, so the series reads as one line.
    joined = ([pre[-1]] if pre else []) + post
    for part, stroke in ((pre, PRE_COLOUR), (joined, colour)):
        if len(part) > 1:
            path = " ".join(f"{_f(scale.x(p.start))},{_f(scale.y(p.value))}" for p in part)
            body.append(f'<polyline points="{path}" class="series" stroke="{stroke}"/>')
    body += [
        f'<circle cx="{_f(scale.x(p.start))}" cy="{_f(scale.y(p.value))}" r="1.8" '
        f'fill="{colour if p.post else PRE_COLOUR}"/>'
        for p in points
    ]
    go_live_index = next((i for i, p in enumerate(points) if p.post), None)
    body.append(_x_labels(scale, points, go_live_index))
    return head + "".join(body) + "</svg>"
