"""A horizontal bar chart as inline SVG: one labelled bar per line, its count at its end.

For the HTML portfolio's "where value disappears" chart (folders per link of the chain).
Nothing is fetched and no script runs; every label goes through
:func:`~valaudit.render.svg_chart.esc`, so a label is text whatever it holds. The chart
scales to the page width (a ``viewBox``) and prints as drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.render.svg_chart import esc

WIDTH = 640
BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 200
COUNT_WIDTH = 44
TOP = 6


def bar_chart(lines: Sequence[tuple[str, int]], title: str, highlight: int | None = None) -> str:
    """``lines`` of (label, count) as bars, the longest reaching the right edge; the bar at
    index ``highlight`` (the most frequent, say) is drawn in the alarm colour."""
    height = TOP * 2 + len(lines) * (BAR_HEIGHT + GAP)
    longest = max((count for _, count in lines), default=0) or 1
    room = WIDTH - LABEL_WIDTH - COUNT_WIDTH
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {WIDTH} {height}" role="img">'
        f"<title>{esc(title)}</title>"
    ]
    for index, (label, count) in enumerate(lines):
        y = TOP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2
        length = round(room * count / longest, 1)
        tone = "bad" if index == highlight else "none"
        parts.append(
            f'<text class="blab" x="{LABEL_WIDTH - 8}" y="{middle}">{esc(label)}</text>'
            f'<rect class="hbar tone-{tone}" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}"/>'
            f'<text class="bcount" x="{LABEL_WIDTH + length + 6}" y="{middle}">{count:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
