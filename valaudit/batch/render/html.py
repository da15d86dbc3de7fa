"""The portfolio as one self-contained HTML page a consultant hands to a partner.

The verdict mix, money per currency, where value disappears along the chain (an inline SVG
bar chart), operating-model weaknesses against the break, what changed since an earlier
portfolio (``--compare``), a table of every folder (linking its own report when
``--out-dir`` wrote one) and the folders that failed with their errors.
Like the single-folder report (:mod:`valaudit.render.html`, whose styles it shares), nothing
is fetched: styles, chart and script are inline, and a Content-Security-Policy allows no
other source and only this page's own script (by its hash). The table sorts and filters
with that small script and reads completely without it (in the order of ``--sort`` and
``--group-by``); the page prints on A4 landscape.

Client text is hostile (see docs/security.md): every value the template writes goes through
:func:`~valaudit.render.svg_chart.esc` unless it is Markup (the styles, the script, the
chart, which escapes its own labels), and report links are built from file names
valaudit chose, percent-encoded.
"""

from __future__ import annotations

import base64
import hashlib
import io
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from valaudit import __version__
from valaudit.batch.render.arrange import (
    CONCERN_ORDER,
    break_label,
    concern,
    sections,
    words_or_status,
)
from valaudit.batch.render.breakdown import (
    break_counts,
    break_links,
    link_label,
    unbroken_folders,
    weakness_by_break,
)
from valaudit.batch.render.people import CRASH_NOTE, change_lines, change_words, summary_lines
from valaudit.batch.render.svg_bars import bar_chart
from valaudit.batch.render.table import warnings_words
from valaudit.batch.render.xlsx_summary import MONEY_HEADERS
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.model.thesis import CHAIN
from valaudit.render.formatting import money, percent, words
from valaudit.render.html_templates import environment as environment_for
from valaudit.render.html_templates import template_file
from valaudit.render.options import RenderOptions
from valaudit.render.wording import VERDICT_MARK, VERDICT_TONE, verdict_title

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "portfolio.html.j2"
#: The single report's styles, then the portfolio's own.
STYLES = ("report.css", "portfolio.css")
SCRIPT = "portfolio.js"
STATUS_TONE: dict[str, str] = {FolderStatus.INVALID: "bad", FolderStatus.CRASHED: "bad"}
#: Report formats a folder's name links to, most readable first.
LINK_PREFERENCE = (".html", ".md", ".txt", ".xlsx", ".json")


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    from markupsafe import Markup

    script = _source(SCRIPT)
    css = "".join(_source(name, shared=name == "report.css") for name in STYLES)
    page_text = io.StringIO()
    # Written piece by piece as the template produces it: render() would first hold every
    # piece of a 10,000-row table in a list.
    for piece in _template().generate(
        version=__version__,
        css=Markup(css),
        script=Markup(script),
        script_hash=_script_hash(script),
        break_chart=Markup(_break_chart(portfolio)),
        **page(portfolio, options),
    ):
        page_text.write(piece)
    return page_text.getvalue()


def page(portfolio: Portfolio, options: RenderOptions) -> dict[str, Any]:
    """Everything the template shows, worked out here so the template only lays it out."""
    totals = portfolio.totals
    lines = summary_lines(portfolio)
    notes = [line for line in lines if line.startswith(("A --fail-on", "Interrupted"))]
    counts = break_counts(portfolio)
    top = max(counts, key=lambda c: c.folders, default=None)
    audited = totals.ok
    failed = [row for row in portfolio.rows if not row.audited]
    weak_links = break_links(portfolio)
    return {
        "count_line": lines[0],
        "notes": notes,
        "cards": _cards(portfolio),
        "mix": _mix(portfolio),
        "money_headers": MONEY_HEADERS,
        "money": _money(portfolio),
        "audited": audited,
        "top_break": top is not None and top.folders > 0,
        "break_sentence": _break_sentence(
            top.label if top else "", top.folders if top else 0, audited
        ),
        "unbroken": unbroken_folders(portfolio),
        "weakness_headers": [link_label(link) for link in weak_links] + ["no break"],
        "weakness": _weakness(portfolio),
        "folder_columns": FOLDER_COLUMNS,
        # Each folder's cells are worked out as the template reaches its row, so a large
        # portfolio never holds every row's cells at once.
        "sections": [
            {"title": s.title, "count": len(s.rows), "rows": (_folder(r, options) for r in s.rows)}
            for s in sections(portfolio, options)
            if s.rows
        ],
        "linked": options.report_dir is not None and any(row.reports for row in portfolio.rows),
        "failed": [_failed(row, options) for row in failed],
        "crash_note": CRASH_NOTE if totals.crashed else "",
        "changes": change_lines(portfolio.changes) if portfolio.changes is not None else [],
    }


#: The folder table's columns: the key the script sorts by, the header, whether the script
#: compares the column as numbers (verdict and break by rank), and whether it is right-aligned.
FOLDER_COLUMNS = (
    {"key": "path", "title": "Folder", "type": "text", "numeric": False},
    {"key": "initiative", "title": "Initiative · owner", "type": "text", "numeric": False},
    {"key": "verdict", "title": "Verdict", "type": "number", "numeric": False},
    {"key": "break", "title": "Value stops at", "type": "number", "numeric": False},
    {"key": "realization", "title": "Realized", "type": "number", "numeric": True},
    {"key": "roi", "title": "ROI to date", "type": "number", "numeric": True},
    {"key": "expected", "title": "Expected a year", "type": "number", "numeric": True},
    {"key": "cost", "title": "Cost to date", "type": "number", "numeric": True},
    {"key": "notes", "title": "Flags · warnings", "type": "text", "numeric": False},
)


def _cards(portfolio: Portfolio) -> list[dict[str, Any]]:
    totals = portfolio.totals
    cards = [
        {"label": "folders", "value": f"{totals.folders:,}", "tone": "none"},
        {"label": "audited", "value": f"{totals.ok:,}", "tone": "good" if totals.ok else "none"},
    ]
    for label, count in (
        ("invalid", totals.invalid),
        ("crashed", totals.crashed),
        ("not run", totals.not_run),
        ("with a --fail-on gate tripped", totals.gates_tripped),
    ):
        if count:
            cards.append({"label": label, "value": f"{count:,}", "tone": "bad"})
    return cards


def _mix(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Verdicts, most concerning first, with the folders that have none (invalid, crashed)."""
    counts: dict[str, int] = {}
    for row in portfolio.rows:
        counts[concern(row)] = counts.get(concern(row), 0) + 1
    total = sum(counts.values()) or 1
    ordered = sorted(counts, key=lambda k: CONCERN_ORDER.index(k) if k in CONCERN_ORDER else 99)
    return [
        {
            "key": key,
            "title": verdict_title(key),
            "count": f"{counts[key]:,}",
            "share": f"{counts[key] / total * 100:.2f}",
            "share_text": percent(counts[key] / total),
            "tone": STATUS_TONE.get(key) or VERDICT_TONE.get(key, "none"),
            "mark": VERDICT_MARK.get(key, "!"),
        }
        for key in ordered
    ]


def _money(portfolio: Portfolio) -> list[tuple[str, ...]]:
    return [
        (
            line.currency,
            f"{line.folders:,}",
            money(line.cost_to_date, line.currency),
            money(line.expected_annual_benefit, line.currency),
            money(line.realized_annual_benefit, line.currency),
            percent(line.realization_ratio),
            money(line.attributable_annual_benefit, line.currency),
            money(line.observed_annual_benefit, line.currency),
            money(line.benefit_to_date, line.currency),
            percent(line.roi_to_date),
        )
        for line in portfolio.totals.benefit
    ]


def _break_sentence(label: str, folders: int, audited: int) -> str:
    if not audited:
        return "No folder was audited."
    if not folders:
        return "Value did not stop at any link of the chain in the audited folders."
    return f"Value stops most often at {label}: {folders:,} of {audited:,} audited folders."


def _break_chart(portfolio: Portfolio) -> str:
    counts = break_counts(portfolio)
    if not portfolio.totals.ok:
        return ""
    most = max((c.folders for c in counts), default=0)
    highlight = next((i for i, c in enumerate(counts) if most and c.folders == most), None)
    return bar_chart(
        [(c.label, c.folders) for c in counts], "Audited folders by where value stops", highlight
    )


def _weakness(portfolio: Portfolio) -> list[dict[str, Any]]:
    lines = weakness_by_break(portfolio)
    largest = max((n for line in lines for n in line.by_break), default=0) or 1
    return [
        {
            "dimension": words(line.dimension),
            "cells": [
                {"count": n, "heat": 0 if not n else min(3, 1 + (n * 3 - 1) // largest)}
                for n in line.by_break
            ],
            "total": line.total,
        }
        for line in lines
    ]


def report_href(row: FolderRow, options: RenderOptions) -> str | None:
    """The folder's own report in ``--out-dir``, relative to the page; None if none."""
    if options.report_dir is None or not row.reports:
        return None
    chosen = min(
        row.reports,
        key=lambda name: next(
            (i for i, suffix in enumerate(LINK_PREFERENCE) if name.lower().endswith(suffix)),
            len(LINK_PREFERENCE),
        ),
    )
    folder = options.report_dir.rstrip("/")
    return quote(f"{folder}/{chosen}" if folder not in ("", ".") else chosen, safe="/")


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def _folder(row: FolderRow, options: RenderOptions) -> dict[str, Any]:
    audited = row.audited
    currency = row.currency or ""
    key = concern(row)
    stages: dict[str, int] = {stage: index for index, stage in enumerate(CHAIN)}
    notes = [words(flag) for flag in row.flags]
    error = ""
    if not audited and row.errors:
        more = row.error_count - 1
        error = row.errors[0] + (f" (+{more} more below)" if more > 0 else "")
    return {
        "key": key,
        "path": row.path,
        "path_key": row.path.casefold(),
        "href": report_href(row, options),
        "initiative": row.initiative or "",
        "initiative_key": (row.initiative or "").casefold(),
        "owner": row.owner or "",
        "verdict": words_or_status(row),
        "verdict_rank": CONCERN_ORDER.index(key) if key in CONCERN_ORDER else len(CONCERN_ORDER),
        "tone": STATUS_TONE.get(key) or VERDICT_TONE.get(key, "none"),
        "break_": break_label(row),
        "break_rank": (
            stages.get(row.break_[0], 9) * 10 + stages.get(row.break_[1], 9) if row.break_ else 99
        ),
        "realization": percent(row.realization_ratio) if audited else "",
        "realization_v": _number(row.realization_ratio),
        "roi": percent(row.roi_to_date) if audited else "",
        "roi_v": _number(row.roi_to_date),
        "expected": money(row.expected_annual_benefit, currency) if audited else "",
        "expected_v": _number(row.expected_annual_benefit),
        "cost": money(row.cost_to_date, currency) if audited else "",
        "cost_v": _number(row.cost_to_date),
        "flags": ", ".join(notes),
        "warnings": warnings_words(row) or "",
        "notes": ", ".join(notes) + " " + (warnings_words(row) or ""),
        "error": error,
        "change": change_words(row) if row.change is not None else "",
    }


def _failed(row: FolderRow, options: RenderOptions) -> dict[str, Any]:
    return {
        "path": row.path,
        "status": row.status,
        "href": report_href(row, options),
        "errors": row.errors,
        "more": max(0, row.error_count - len(row.errors)),
    }


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _template() -> jinja2.Template:
    environment = environment_for(__package__)
    return environment.get_template(TEMPLATE)


def _source(name: str, shared: bool = False) -> str:
    """A file of this package's templates, or (``shared``) of the single report's."""
    return template_file("valaudit.render" if shared else __package__, name)
