"""The chain's links across segments, as lines of plain text the text formats share.

The figures and sentences come from the report (:class:`~valaudit.model.links.LinkAnalysis`);
this module only lays them out, so the terminal, text and Markdown reports say the same.
"""

from __future__ import annotations

from valaudit.model.links import Link, LinkAnalysis, LinkStatus
from valaudit.render.formatting import words

LINK_MARK = {
    LinkStatus.CONVERTING: "✓",
    LinkStatus.NOT_CONVERTING: "╳",
    LinkStatus.INCONCLUSIVE: "?",
}


def _figure(value: float | None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+,.3g}" if abs(value) < 1000 else f"{value:+,.0f}"
    return text.replace("-", "−")


def slope_text(link: Link) -> str:
    """'+0.49 (−2.56 to +3.08)' or 'n/a'."""
    if link.slope is None:
        return "n/a"
    return f"{_figure(link.slope)} ({_figure(link.low)} to {_figure(link.high)})"


def link_title(link: Link) -> str:
    return f"{link.from_stage} → {link.to_stage}"


def link_line(link: Link) -> str:
    """One line per link: mark, stages, status, and its sentence."""
    return f"{LINK_MARK[link.status]} {link_title(link)}: {words(link.status)}. {link.words}"


def link_lines(analysis: LinkAnalysis | None) -> list[str]:
    """The links block under the chain: the summary, a line per link, the caveat."""
    if analysis is None:
        return []
    lines = []
    if analysis.summary:
        lines.append(analysis.summary)
    lines.extend(link_line(link) for link in analysis.links)
    lines.append(analysis.caveat)
    return lines
