"""``valaudit init``: a new audit folder with a commented thesis, a KPI workbook and the schema.

Every file's content is built before anything is written, and existing files are refused
unless ``force`` is given, so a failed or refused run leaves the folder as it was. Each file
is written atomically; the thesis goes last, so a folder that has one has the rest.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from valaudit.errors import OutputError
from valaudit.onboarding.errors import ExistingFilesError, UnusableFolderError
from valaudit.onboarding.presets import preset, template_dates
from valaudit.onboarding.thesis_template import render_thesis
from valaudit.onboarding.workbook import render_workbook
from valaudit.output import write_atomic

THESIS_FILE = Path("valaudit.yaml")
WORKBOOK_FILE = Path("data/kpis.xlsx")
#: Where the thesis's first line points editors for completion and checking (relative to it).
SCHEMA_FILE = Path(".valaudit/thesis.schema.json")


@dataclass(frozen=True)
class PlannedFile:
    """One file ``init`` writes."""

    relative: Path
    """Path inside the audit folder."""
    content: bytes
    purpose: str
    """What the file is for, in a few words, for the closing message."""


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did, for the CLI to report."""

    folder: Path
    type: str
    label: str
    """The initiative type in words ("an AI assistant or copilot")."""
    written: tuple[PlannedFile, ...]
    overwritten: tuple[Path, ...]
    """Files that existed and were replaced (only with ``force``)."""


def plan_files(kind: str) -> tuple[PlannedFile, ...]:
    """The files of a new audit folder of initiative type ``kind``, thesis last."""
    from valaudit.schemas import schema_text

    chosen = preset(kind)
    return (
        PlannedFile(
            SCHEMA_FILE,
            schema_text("thesis").encode("utf-8"),
            "lets editors complete and check the thesis as you type",
        ),
        PlannedFile(
            WORKBOOK_FILE,
            render_workbook(chosen, template_dates()),
            "the KPI workbook: replace the grey example rows",
        ),
        PlannedFile(
            THESIS_FILE,
            render_thesis(kind).encode("utf-8"),
            "the investment thesis: edit the lines marked EDIT",
        ),
    )


def init_folder(folder: Path, kind: str, *, force: bool = False) -> InitResult:
    """Write a new audit folder; refuse (writing nothing) if a file exists and not ``force``.

    Raises :class:`ExistingFilesError` (nothing was written), :class:`UnusableFolderError`
    or :class:`valaudit.errors.OutputError` (a file could not be written).
    """
    planned = plan_files(kind)
    if folder.exists() and not folder.is_dir():
        raise UnusableFolderError(f"{folder} is a file, not a folder; give a folder to create.")
    other_thesis = folder / "valaudit.yml"
    if other_thesis.exists():
        # Two theses in one folder would leave every command guessing which one is meant.
        raise UnusableFolderError(
            f"{folder} already has a thesis, {other_thesis.name}; move it away first "
            "(--force does not replace it, as init writes valaudit.yaml)."
        )
    existing = [p.relative for p in reversed(planned) if (folder / p.relative).exists()]
    if existing and not force:
        raise ExistingFilesError(folder, existing)
    _make_folders(folder, [p.relative for p in planned])
    for item in planned:
        write_atomic(folder / item.relative, item.content)
    return InitResult(
        folder=folder,
        type=kind,
        label=preset(kind).label,
        written=planned,
        overwritten=tuple(folder / r for r in existing),
    )


def _make_folders(folder: Path, relatives: Sequence[Path]) -> None:
    for relative in relatives:
        parent = (folder / relative).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise OutputError(f"Cannot create the folder {parent}: a file has that name.") from None
        except OSError as error:
            raise OutputError(f"Cannot create the folder {parent}: {error.strerror}.") from None


def next_steps(result: InitResult, shown: str) -> str:
    """The closing message: what was written and what to do next (``shown``: DIR as typed)."""
    width = max(len(str(Path(shown) / p.relative)) for p in result.written)
    lines = [f"Created an audit folder for {result.label} in {shown}:"]
    for item in reversed(result.written):
        path = str(Path(shown) / item.relative)
        lines.append(f"  {path.ljust(width)}  {item.purpose}")
    if result.overwritten:
        lines.append("Replaced: " + ", ".join(str(p) for p in result.overwritten) + ".")
    quoted = shlex.quote(shown)
    lines += [
        "",
        "Next:",
        f"  1. In {Path(shown) / THESIS_FILE}, edit the lines marked EDIT, then the KPIs.",
        f"  2. In {Path(shown) / WORKBOOK_FILE}, enter at least three months before go-live",
        "     and every month since; its Instructions sheet explains the columns.",
        f"  3. valaudit validate {quoted}   check both; every problem with its location",
        f"  4. valaudit audit {quoted}      the report: verdict, value chain, money",
        f"  5. valaudit scorecard {quoted}  the operating-model questions (about 12 minutes)",
    ]
    return "\n".join(lines) + "\n"
