"""How the terminal portfolio uses the width it has: which columns, and how wide each is.

Rich shares a narrow terminal out in proportion, which folds folder names mid-word and wraps
every row over many lines; a wide one it leaves unused. Here the layout is chosen instead,
from the widest to the narrowest of these, the first that fits:

1. every column, owner and expected benefit included, each folder on one line;
2. the core columns, each folder on one line;
3. the core columns, each at least a comfortable width (names and flags wrap);
4. the break shown under the verdict rather than in a column of its own;
5. and the flags and warnings under the initiative's name, at 80 columns too.

Within a layout every column starts at its narrowest and grows, in :data:`GROW_ORDER`, first
to a comfortable width and then to what its longest cell needs; the folder grows first (it
names the row), the flags last. A folder path still too long is shortened from the middle
(``clients/…/acme-corporation``), keeping the folder's own name; names and flags wrap at
spaces, never cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Space between two columns: the column's right padding and the table's divider.
GUTTER = 2
ELLIPSIS = "…"


@dataclass(frozen=True)
class TerminalColumn:
    key: str
    header: str
    minimum: int
    comfortable: int
    maximum: int
    numeric: bool = False


COLUMNS: dict[str, TerminalColumn] = {
    column.key: column
    for column in (
        TerminalColumn("folder", "Folder", 14, 20, 60),
        TerminalColumn("initiative", "Initiative", 12, 20, 60),
        TerminalColumn("owner", "Owner", 10, 16, 28),
        TerminalColumn("verdict", "Verdict", 14, 16, 30),
        TerminalColumn("break", "Value stops at", 12, 14, 28),
        TerminalColumn("realized", "Realized", 8, 8, 8, numeric=True),
        TerminalColumn("roi", "ROI", 6, 6, 7, numeric=True),
        TerminalColumn("expected", "Expected", 9, 10, 14, numeric=True),
        TerminalColumn("notes", "Flags · warnings", 14, 24, 120),
    )
}
#: The layouts tried, widest first: (columns, whether every row must fit on one line).
FULL = ("folder", "initiative", "owner", "verdict", "break", "realized", "roi", "expected", "notes")
CORE = ("folder", "initiative", "verdict", "break", "realized", "roi", "notes")
#: The break goes under the verdict.
NARROW = ("folder", "initiative", "verdict", "realized", "roi", "notes")
#: The break under the verdict, and the flags and warnings under the initiative.
NARROWEST = ("folder", "initiative", "verdict", "realized", "roi")
GROW_ORDER = ("folder", "initiative", "verdict", "break", "owner", "expected", "roi", "notes")


@dataclass(frozen=True)
class Layout:
    keys: tuple[str, ...]
    widths: tuple[int, ...]

    @property
    def break_column(self) -> bool:
        """False when the break is shown under the verdict."""
        return "break" in self.keys

    @property
    def notes_column(self) -> bool:
        """False when the flags and warnings are shown under the initiative."""
        return "notes" in self.keys

    def width(self, key: str) -> int:
        return self.widths[self.keys.index(key)]


def _naturals(keys: Sequence[str], needs: Mapping[str, int]) -> dict[str, int]:
    """What each column's longest cell (or header word) needs, within its bounds."""
    return {
        key: max(COLUMNS[key].minimum, min(COLUMNS[key].maximum, needs.get(key, 0))) for key in keys
    }


def _grown(keys: Sequence[str], naturals: Mapping[str, int], available: int) -> dict[str, int]:
    widths = {key: min(COLUMNS[key].minimum, naturals[key]) for key in keys}
    for stage in ("comfortable", "natural"):
        for key in (k for k in GROW_ORDER if k in widths):
            target = naturals[key] if stage == "natural" else COLUMNS[key].comfortable
            room = available - sum(widths.values())
            widths[key] += max(0, min(min(target, naturals[key]) - widths[key], room))
    return widths


def choose_layout(needs: Mapping[str, int], width: int) -> Layout:
    """The widest layout that fits ``width``; ``needs`` is each column's longest cell."""
    candidates: list[tuple[tuple[str, ...], str]] = [
        (FULL, "natural"),
        (CORE, "natural"),
        (CORE, "comfortable"),
        (NARROW, "comfortable"),
        (NARROWEST, "minimum"),
    ]
    for keys, rule in candidates:
        available = width - GUTTER * (len(keys) - 1)
        naturals = _naturals(keys, needs)
        widths = _grown(keys, naturals, available)
        fits = {
            "natural": all(widths[k] >= naturals[k] for k in keys),
            "comfortable": all(widths[k] >= min(COLUMNS[k].comfortable, naturals[k]) for k in keys),
            "minimum": True,
        }[rule]
        if (fits and sum(widths.values()) <= available) or rule == "minimum":
            return Layout(keys, tuple(widths[key] for key in keys))
    raise AssertionError("the last layout always fits")  # pragma: no cover


def shorten_middle(path: str, width: int) -> str:
    """``path`` within ``width`` cells: whole if it fits, else the first folder, an ellipsis
    and as many trailing folders as fit (``clients/…/acme``), else ``…/acme``, else its two
    ends around an ellipsis."""
    from rich.cells import cell_len

    if cell_len(path) <= width:
        return path
    parts = path.split("/")
    for keep in range(len(parts) - 2, 0, -1):
        candidate = "/".join([parts[0], ELLIPSIS, *parts[-keep:]])
        if cell_len(candidate) <= width:
            return candidate
    if len(parts) > 1 and cell_len(f"{ELLIPSIS}/{parts[-1]}") <= width:
        return f"{ELLIPSIS}/{parts[-1]}"
    return cut_middle(path, width)


def cut_middle(text: str, width: int) -> str:
    """``text`` with its middle replaced by an ellipsis, within ``width`` cells."""
    from rich.cells import cell_len

    for budget in range(width - 1, 0, -1):
        head = (budget + 1) // 2
        tail = budget - head
        candidate = text[:head] + ELLIPSIS + (text[-tail:] if tail else "")
        if cell_len(candidate) <= width:
            return candidate
    return ELLIPSIS
