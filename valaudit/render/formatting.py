"""Formatting shared by the human-readable renderers: numbers, money, bars and sparklines.

Every renderer that shows figures to people uses these, so a KPI reads the same in the
terminal, in Markdown, in HTML and in the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.model.effect import Effect
from valaudit.model.report import SeriesPoint

SPARK = "▁▂▃▄▅▆▇█"
MAX_SPARK_POINTS = 24


def without_trailing_spaces(text: str) -> str:
    """Rich pads every line to the table's width; a log or a diff should not carry that."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def words(code: str) -> str:
    return code.replace("_", " ")


def number(value: float | None, unit: str | None = None) -> str:
    """A KPI value for people: a sensible number of digits and its unit."""
    if value is None:
        return "n/a"
    size = abs(value)
    if size >= 1e6:
        text = f"{value / 1e6:,.2f}M"
    elif size >= 1e4:
        text = f"{value:,.0f}"
    elif size >= 100:
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    text = text.replace("-", "−")
    if text in ("−0", ""):
        text = "0"
    if unit == "%":
        return text + "%"
    return text


def money(value: float | None, currency: str) -> str:
    """An amount for people: USD 1.84M, USD 412k, USD 9,850."""
    if value is None:
        return "n/a"
    size = abs(value)
    sign = "−" if value < 0 else ""
    if size >= 1e9:
        text = f"{size / 1e9:,.2f}bn"
    elif size >= 1e6:
        text = f"{size / 1e6:,.2f}M"
    elif size >= 1e4:
        text = f"{size / 1e3:,.0f}k"
    else:
        text = f"{size:,.0f}"
    return f"{sign}{currency} {text}"


def money_range(low: float, high: float, currency: str) -> str:
    """``EUR 240k–1.20M``; ``−EUR 1.90M to EUR 500k`` when an end is negative."""
    if low < 0 or high < 0:
        return f"{money(low, currency)} to {money(high, currency)}"
    if money(low, currency) == money(high, currency):
        return money(low, currency)
    return f"{money(low, currency)}–{money(high, currency).removeprefix(currency + ' ')}"


def percent_range(low: float, high: float) -> str:
    """``12–48%``; ``−100% to −84%`` when an end is negative."""
    if low >= 0 and high >= 0:
        return f"{percent(low).removesuffix('%')}–{percent(high)}"
    return f"{percent(low)} to {percent(high)}"


def percent(value: float | None) -> str:
    """A ratio as a whole percentage; one decimal where rounding would claim exactly 100%
    (an ROI of −99.7% is not a total loss)."""
    if value is None:
        return "n/a"
    digits = 1 if round(abs(value) * 100) == 100 and abs(abs(value) - 1) >= 0.0005 else 0
    return f"{value * 100:,.{digits}f}%".replace("-", "−")


def sparkline(points: Sequence[SeriesPoint]) -> str:
    """The series as block characters, with │ where go-live falls."""
    shown = list(points)[-MAX_SPARK_POINTS:]
    if not shown:
        return ""
    values = [p.value for p in shown]
    low, high = min(values), max(values)
    span = high - low
    out = []
    for index, point in enumerate(shown):
        if point.post and (index == 0 or not shown[index - 1].post) and index > 0:
            out.append("│")
        level = 3 if span == 0 else round((point.value - low) / span * (len(SPARK) - 1))
        out.append(SPARK[level])
    return "".join(out)


def progress_bar(progress: float | None, width: int = 8) -> str:
    """A bar and a percentage. Short of the target never reads as 100%: below 1 the bar
    and the percentage are capped just short of full, so "100%" means the target was reached."""
    if progress is None:
        return "n/a"
    if 0 <= progress < 1:
        filled = min(round(progress * width), width - 1)
        shown = f"{min(round(progress * 100), 99)}%"
    else:
        filled = max(0, min(width, round(progress * width)))
        shown = percent(progress)
    return "█" * filled + "░" * (width - filled) + f" {shown}"


def change_text(estimate: float, low: float | None, high: float | None, unit: str | None) -> str:
    """An estimated change with ± half its interval: ``+3.14 ±0.53``, ``−2 pts ±1.1 pts``."""
    sign = "+" if estimate >= 0 else ""
    # A change in a percentage is in percentage points: +12 pts, not +12%.
    change_unit = " pts" if unit == "%" else ""
    text = f"{sign}{number(estimate)}{change_unit}"
    if low is not None and high is not None:
        text += f" ±{number((high - low) / 2)}{change_unit}"
    return text


#: What an effect was measured against, in words (the JSON keeps the codes).
METHOD_WORDS: dict[str, str] = {
    "its": "vs trend",
    "did": "vs control",
    "level": "vs level",
    "none": "vs baseline",
}


def effect_text(effect: Effect, unit: str | None) -> str:
    if effect.estimate is None:
        return "n/a"
    method = METHOD_WORDS.get(effect.method, effect.method)
    text = f"{change_text(effect.estimate, effect.low, effect.high, unit)} {method}"
    return ("≈" if effect.indicative else "") + text
