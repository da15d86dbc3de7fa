"""The trajectory as one inline SVG chart: realization and money over time, verdicts marked.

Written by hand like :mod:`valaudit.render.svg_chart` (the HTML report opens offline and
prints the same anywhere). Two panels share the time axis: realization (attributable, and
observed dashed) as a share of the business case, and benefit to date against cost to date.
A band along the top is coloured by the verdict at each date, and a dashed line with the new
verdict's name marks each date the verdict changed. Its only text is dates, figures and
verdict names, none of it from a client's files, and all of it escaped all the same.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence

from valaudit.model.trajectory import Trajectory, TrajectoryPoint
from valaudit.render.formatting import money, percent, words
from valaudit.render.svg_chart import TONE_COLOUR, axis_ticks, esc
from valaudit.render.wording import VERDICT_TONE

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT = 76, 16
BAND_TOP, BAND_HEIGHT = 30, 10
#: (top, bottom) of each panel.
RATIO_PANEL = (64, 184)
MONEY_PANEL = (218, 352)
AXIS_LABELS_Y = 372

ATTRIBUTABLE_COLOUR = "#0969da"
OBSERVED_COLOUR = "#8c959f"
BENEFIT_COLOUR = "#1a7f37"
COST_COLOUR = "#cf222e"
CHANGE_COLOUR = "#57606a"

_NICE = (1.0, 2.0, 2.5, 5.0)


def _f(value: float) -> str:
    return f"{value:.1f}"


def nice_axis(high: float, low: float = 0.0, divisions: int = 4) -> tuple[float, float, float]:
    """Round ends and step for values from ``low`` to ``high`` (zero always included)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1.0
    power = 10.0 ** math.floor(math.log10((high - low) / divisions))
    for step in (m * power * scale for scale in (1, 10, 100) for m in _NICE):
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first <= divisions:
            return round(first * step, 10), round(last * step, 10), step
    raise AssertionError("unreachable: a step of 100 powers always fits")


class _Time:
    """Dates onto the x axis."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.span = first, max((last - first).days, 1)
        self.single = first == last

    def x(self, day: dt.date) -> float:
        if self.single:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (day - self.first).days / self.span * (WIDTH - LEFT - RIGHT)


def _y(panel: tuple[int, int], low: float, high: float) -> Callable[[float], float]:
    top, bottom = panel
    return lambda value: bottom - (value - low) / ((high - low) or 1.0) * (bottom - top)


def _panel(
    time: _Time,
    points: Sequence[TrajectoryPoint],
    panel: tuple[int, int],
    title: str,
    lines: Sequence[tuple[Callable[[TrajectoryPoint], float | None], str, str]],
    label: Callable[[float], str],
) -> list[str]:
    """Grid, axis labels, a title and one polyline (with dots) per series."""
    values = [v for get, _, _ in lines for p in points if (v := get(p)) is not None]
    finite = [v for v in values if math.isfinite(v)]
    low, high, step = nice_axis(max(finite, default=1.0), min(finite, default=0.0))
    y = _y(panel, low, high)
    out = [f'<text x="{LEFT}" y="{panel[0] - 8}" class="ptitle">{esc(title)}</text>']
    for tick in axis_ticks(low, high, step):
        ty = _f(y(tick))
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty}" y2="{ty}" class="grid'
            + (" zero" if tick == 0 else "")
            + f'"/><text x="{LEFT - 4}" y="{ty}" class="ylab">{esc(label(tick))}</text>'
        )
    for get, colour, dash in lines:
        coords = [
            (time.x(p.as_of), y(v))
            for p in points
            if (v := get(p)) is not None and math.isfinite(v)
        ]
        if len(coords) > 1:
            path = " ".join(f"{_f(x)},{_f(yy)}" for x, yy in coords)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{path}" class="series" stroke="{colour}"{dashes}/>')
        out += [f'<circle cx="{_f(x)}" cy="{_f(yy)}" r="2.2" fill="{colour}"/>' for x, yy in coords]
    return out


def _verdict_band(time: _Time, points: Sequence[TrajectoryPoint]) -> list[str]:
    """A strip coloured by the verdict in force from each date to the next.

    A colour changes on the date the verdict did, under that change's dashed line. The last
    verdict (the one in force now) runs on past the last date into the margin, so it shows
    even when it is new on that date; a single date colours the whole strip."""
    out = []
    for index, point in enumerate(points):
        if time.single:
            start, end = float(LEFT), float(WIDTH - RIGHT)
        else:
            start = time.x(point.as_of)
            end = WIDTH - RIGHT / 2 if index == len(points) - 1 else time.x(points[index + 1].as_of)
        colour = TONE_COLOUR.get(VERDICT_TONE.get(point.verdict, "none"), TONE_COLOUR["none"])
        out.append(
            f'<rect x="{_f(start)}" y="{BAND_TOP}" width="{_f(max(end - start, 0.5))}" '
            f'height="{BAND_HEIGHT}" fill="{colour}" opacity="0.75">'
            f"<title>{esc(point.as_of.isoformat())}: {esc(words(point.verdict))}</title></rect>"
        )
    out.append(f'<text x="{LEFT - 4}" y="{BAND_TOP + BAND_HEIGHT / 2}" class="ylab">verdict</text>')
    return out


def _verdict_changes(time: _Time, points: Sequence[TrajectoryPoint]) -> list[str]:
    """A dashed line through both panels at each date the verdict changed, named at the top.

    Names that would overlap the one before are moved down a line."""
    out = []
    placed: list[tuple[float, int]] = []
    for before, after in itertools.pairwise(points):
        if before.verdict == after.verdict:
            continue
        x = time.x(after.as_of)
        row = 0
        while any(abs(x - other) < 150 and row == r for other, r in placed):
            row += 1
        placed.append((x, row))
        anchor = "end" if x > WIDTH - RIGHT - 150 else "start"
        dx = -3 if anchor == "end" else 3
        out.append(
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{BAND_TOP}" y2="{MONEY_PANEL[1]}" '
            f'class="vchange"/><text x="{_f(x + dx)}" y="{BAND_TOP - 6 - 11 * row}" '
            f'class="vlab" text-anchor="{anchor}">▶ {esc(words(after.verdict))}</text>'
        )
    return out


def _x_labels(time: _Time, points: Sequence[TrajectoryPoint]) -> list[str]:
    """The first and last dates and each date the verdict changed, leaving out overlaps."""
    chosen: list[float] = []
    out = []
    changed = {b.as_of for a, b in itertools.pairwise(points) if a.verdict != b.verdict}
    for point in [points[0], points[-1], *(p for p in points if p.as_of in changed)]:
        x = time.x(point.as_of)
        if any(abs(x - other) < 70 for other in chosen):
            continue
        chosen.append(x)
        # The report's styles anchor .xlab in the middle, .first at its start, .last at its end.
        edge = " first" if x - LEFT < 35 else " last" if WIDTH - RIGHT - x < 35 else ""
        out.append(
            f'<text x="{_f(x)}" y="{AXIS_LABELS_Y}" class="xlab{edge}">'
            f"{esc(point.as_of.isoformat())}</text>"
        )
    return out


def trajectory_chart(trajectory: Trajectory, currency: str) -> str:
    """The chart as an ``<svg>`` element for the HTML report."""
    points = trajectory.points
    label = "Trajectory since go-live: realization, benefit and cost to date, verdict changes"
    head = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart trajectory" '
        f'aria-label="{esc(label)}"><title>{esc(label)}</title>'
    )
    time = _Time(points[0].as_of, points[-1].as_of)
    # The change lines go under the panels, whose titles are haloed to stay legible over them.
    body = _verdict_band(time, points) + _verdict_changes(time, points)
    body += _panel(
        time,
        points,
        RATIO_PANEL,
        "Realization: realized ÷ expected benefit a year",
        [
            (lambda p: p.attributable.realization_ratio, ATTRIBUTABLE_COLOUR, ""),
            (lambda p: p.observed.realization_ratio, OBSERVED_COLOUR, "5 3"),
        ],
        percent,
    )
    body += _panel(
        time,
        points,
        MONEY_PANEL,
        f"Benefit and cost to date ({currency})",
        [
            (lambda p: p.cost_to_date, COST_COLOUR, ""),
            (lambda p: p.attributable.benefit_to_date, BENEFIT_COLOUR, ""),
            (lambda p: p.observed.benefit_to_date, BENEFIT_COLOUR, "5 3"),
        ],
        lambda value: money(value, currency).removeprefix(f"{currency} "),
    )
    body += _x_labels(time, points)
    return head + "".join(body) + "</svg>"
