"""What several commands share: option declarations, choices built from the format registry,
and the checks that turn a bad value into a usage error (exit code 2) before any work starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from valaudit.render import Kind, file_format_names, format_for_path, format_names, suffixes


def _choice(name: str, values: Sequence[str]) -> type[StrEnum]:
    """A choice type typer lists in --help and completes in the shell, built from the registry."""
    return StrEnum(name, [(value, value) for value in values])  # type: ignore[return-value]


# The values are strings (a StrEnum member is one), which is all the commands need to know.
if TYPE_CHECKING:
    ValidationFormat: TypeAlias = str
    ReportFormat: TypeAlias = str
    PortfolioFormat: TypeAlias = str
else:
    ValidationFormat = _choice("ValidationFormat", format_names("validation", printable=True))
    ReportFormat = _choice("ReportFormat", format_names("report", printable=True))
    PortfolioFormat = _choice("PortfolioFormat", format_names("portfolio", printable=True))


def format_help(kind: Kind) -> str:
    """``--format`` help: the two defaults, then every other printable format."""
    rest = [n for n in format_names(kind, printable=True) if n not in ("terminal", "text")]
    return "terminal (default on a terminal), text (default when piped), " + ", ".join(rest) + "."


def suffix_help(kind: Kind) -> str:
    """The ``-o`` suffixes, one per format: ``(.json .md .html .xlsx .xml .txt)``."""
    from valaudit.render import file_suffix

    return "(" + " ".join(str(file_suffix(n)) for n in file_format_names(kind)) + ")"


NoColor = Annotated[
    bool, typer.Option("--no-color", help="Plain output without colour (NO_COLOR is honoured too).")
]
AllowOutside = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Let data paths point outside the audit folder (trusted theses only).",
    ),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print nothing but gate failures; still write -o files."),
]


def parse_date(value: str | None) -> dt.date | None:
    """``--as-of`` as a date; a usage error names the expected form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD.", param_hint="'--as-of'"
        ) from None


def output_targets(outputs: Sequence[Path], kind: Kind) -> list[tuple[Path, str]]:
    """Each ``-o`` file with the format its suffix selects; an unknown suffix is a usage error."""
    planned = []
    for path in outputs:
        name = format_for_path(path, kind)
        if name is None:
            raise typer.BadParameter(
                f"Cannot tell the format of {path} from its suffix; use one of "
                + ", ".join(suffixes(kind))
                + ".",
                param_hint="-o/--output",
            )
        planned.append((path, name))
    return planned


def require_compare(gates: Sequence[str] | None, compare: Path | None) -> None:
    """``--fail-on worsened`` judges what changed: without ``--compare`` it is a usage error."""
    from valaudit.model.run_codes import Gate

    if compare is None and Gate.WORSENED in (gates or ()):
        raise typer.BadParameter(
            "'worsened' compares with an earlier report: add --compare FILE (the JSON an "
            "earlier run wrote).",
            param_hint="'--fail-on'",
        )
