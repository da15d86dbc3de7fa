"""The portfolio in words, shared by the terminal and Markdown formats.

Both show the same columns with the same wording (and the same figures as a single
report: :mod:`valaudit.render.formatting`); only the markup around them differs.
"""

from __future__ import annotations

from pathlib import PurePath

from valaudit.model.portfolio import FolderRow, Portfolio, Totals
from valaudit.model.portfolio_changes import FolderChangeStatus, PortfolioChanges
from valaudit.render.formatting import money, percent, words

HEADERS = ("Folder", "Initiative", "Verdict", "Break", "Realized", "ROI", "Flags or error")
#: The column ``batch --compare`` adds.
CHANGE_HEADER = "Since last"
#: Verdict moves listed one by one in the summary; more are counted.
MOVES_LISTED = 10
CRASH_NOTE = (
    "A crashed folder is a bug in valaudit, not a problem with its files: please report it "
    "with the error shown."
)


def verdict_words(row: FolderRow) -> str:
    if not row.audited:
        return row.status
    return words(row.verdict or "")


def break_words(row: FolderRow) -> str:
    return f"{row.break_[0]} → {row.break_[1]}" if row.break_ else ""


def flags_or_error(row: FolderRow) -> str:
    """Flags for an audited folder; the first error (and how many more) otherwise."""
    if row.audited:
        return ", ".join(words(flag) for flag in row.flags)
    if not row.errors:
        return ""
    more = row.error_count - 1
    return row.errors[0] + (f" (+{more} more)" if more > 0 else "")


def cells(row: FolderRow) -> tuple[str, ...]:
    """One row in :data:`HEADERS` order (user strings not yet made safe for the medium)."""
    audited = row.audited
    return (
        row.path,
        row.initiative or "",
        verdict_words(row),
        break_words(row),
        percent(row.realization_ratio) if audited else "",
        percent(row.roi_to_date) if audited else "",
        flags_or_error(row),
    )


def headers(portfolio: Portfolio) -> tuple[str, ...]:
    """:data:`HEADERS`, and :data:`CHANGE_HEADER` when the portfolio was compared."""
    return HEADERS + ((CHANGE_HEADER,) if portfolio.changes is not None else ())


def row_cells(row: FolderRow, portfolio: Portfolio) -> tuple[str, ...]:
    """One row in :func:`headers` order."""
    base = cells(row)
    return base + ((change_words(row),) if portfolio.changes is not None else ())


def change_words(row: FolderRow) -> str:
    """A folder's change in a few words: ``worse; was value realized``, ``better; realized
    25% → 31%``, ``new``."""
    change = row.change
    if change is None:
        return ""
    words_ = CHANGE_WORDS[change.status]
    if change.status in (FolderChangeStatus.NEW, FolderChangeStatus.REPLACED,
                         FolderChangeStatus.NOT_AUDITED):  # fmt: skip
        return words_
    parts = [words_]
    if change.previous_verdict is not None and change.previous_verdict != row.verdict:
        parts.append(f"was {words(change.previous_verdict)}")
    delta = change.realization_delta
    if delta is not None and abs(delta) >= 0.005:
        parts.append(
            f"realized {percent(change.realization_before)} → {percent(change.realization_after)}"
        )
    return "; ".join(parts)


CHANGE_WORDS = {
    FolderChangeStatus.NEW: "new",
    FolderChangeStatus.REPLACED: "another initiative",
    FolderChangeStatus.NOT_AUDITED: "not comparable",
    FolderChangeStatus.WORSENED: "worse",
    FolderChangeStatus.IMPROVED: "better",
    FolderChangeStatus.CHANGED: "changed",
    FolderChangeStatus.UNCHANGED: "unchanged",
}


def change_lines(changes: PortfolioChanges) -> list[str]:
    """What changed since the earlier portfolio, as sentences."""
    counts = ", ".join(f"{n:,} {CHANGE_WORDS[FolderChangeStatus(s)]}" for s, n in changes.counts)
    lines = [
        f"Since {PurePath(changes.previous_file).name} (valaudit {changes.previous_version}): "
        + (counts or "no folder in common")
        + (f"; gone: {', '.join(changes.gone)}" if changes.gone else "")
        + "."
    ]
    if changes.verdict_moves:
        listed = [
            f"{path} {words(before)} → {words(after)}"
            for path, before, after in changes.verdict_moves[:MOVES_LISTED]
        ]
        more = len(changes.verdict_moves) - MOVES_LISTED
        lines.append(
            "Verdict moves: "
            + "; ".join(listed)
            + (f"; and {more:,} more" if more > 0 else "")
            + "."
        )
    for line in changes.money:
        c = line.currency
        attributable = (
            f"attributable {_move(line.attributable_before, line.attributable_after, c)}"
            if line.attributable_before is not None
            else f"attributable {money(line.attributable_after, c)} (not in the earlier portfolio)"
        )
        lines.append(
            f"Benefit a year ({c}) since then: {attributable}; observed "
            f"{_move(line.observed_before, line.observed_after, c)}; expected "
            f"{_move(line.expected_before, line.expected_after, c)}."
        )
    if not changes.previous_credit:
        lines.append(
            "The earlier portfolio predates attributable credit: its realized figures are "
            "observed ones, compared here with observed figures, and its verdicts were judged on "
            "observed progress."
        )
    return lines


def _move(before: float, after: float, currency: str) -> str:
    delta = after - before
    sign = "+" if delta > 0 else ""
    change = f"{sign}{money(delta, currency)}" if abs(delta) >= 0.5 else "±0"
    return f"{money(before, currency)} → {money(after, currency)} ({change})"


def summary_lines(portfolio: Portfolio) -> list[str]:
    """The totals as sentences: counts, verdicts, money per currency, gates, and what
    changed since an earlier portfolio."""
    totals = portfolio.totals
    lines = [_count_line(totals)]
    found = [f"{words(code)} {count}" for code, count in totals.verdicts if count]
    if found:
        lines.append("Verdicts: " + " · ".join(found) + ".")
    for line in totals.benefit:
        ratio = line.realization_ratio
        c = line.currency
        basis = (
            "on attributable progress"
            if not line.observed_credit_folders
            else f"as credited ({_plural(line.observed_credit_folders, 'folder')} on observed "
            "progress)"
        )
        lines.append(
            f"Benefit a year ({c}, {_plural(line.folders, 'folder')}): "
            f"{money(line.expected_annual_benefit, c)} expected, "
            f"{money(line.realized_annual_benefit, c)} realized {basis}"
            + (f" ({percent(ratio)})" if ratio is not None else "")
            + f"; {money(line.attributable_annual_benefit, c)} attributable, "
            f"{money(line.observed_annual_benefit, c)} observed."
        )
    if portfolio.changes is not None:
        lines += change_lines(portfolio.changes)
    if totals.gates_tripped:
        lines.append(f"A --fail-on gate tripped in {_plural(totals.gates_tripped, 'folder')}.")
    if totals.crashed:
        lines.append(CRASH_NOTE)
    if totals.not_run:
        lines.append(
            f"Interrupted: {_plural(totals.not_run, 'folder')} not audited; "
            "the totals cover the folders listed."
        )
    return lines


def _count_line(totals: Totals) -> str:
    parts = [f"{totals.ok:,} audited"]
    if totals.invalid:
        parts.append(f"{totals.invalid:,} invalid")
    if totals.crashed:
        parts.append(f"{totals.crashed:,} crashed")
    if totals.not_run:
        parts.append(f"{totals.not_run:,} not run")
    return f"{_plural(totals.folders, 'folder')}: " + ", ".join(parts) + "."


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
