"""The portfolio in words, shared by the terminal and Markdown formats.

Both show the same columns with the same wording (and the same figures as a single
report: :mod:`valaudit.render.formatting`); only the markup around them differs.
"""

from __future__ import annotations

from valaudit.model.portfolio import FolderRow, Portfolio, Totals
from valaudit.render.formatting import money, percent, words

HEADERS = ("Folder", "Initiative", "Verdict", "Break", "Realized", "ROI", "Flags or error")
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


def summary_lines(portfolio: Portfolio) -> list[str]:
    """The totals as sentences: counts, verdicts, money per currency, gates."""
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
