"""Shared helpers for the onboarding tests: run the CLI, start folders, add KPI rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from typer.testing import CliRunner

from valaudit.cli import app

runner = CliRunner()

TYPES = ("ai", "erp", "crm", "training", "restructuring", "process", "leadership", "other")


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """Invoke the real CLI in-process; exceptions propagate so a crash fails loudly."""
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def start(folder: Path, kind: str = "ai") -> Path:
    """``valaudit init`` into ``folder``; fails the test unless it exits 0."""
    result = run("init", str(folder), "--type", kind)
    assert result.exit_code == 0, result.output
    return folder


def add_rows(workbook: Path, rows: Iterable[tuple[dt.date, str, float]]) -> None:
    """Append (period, kpi, value) rows to the KPIs sheet, as a user would in Excel."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book["KPIs"]
    for period, kpi, value in rows:
        sheet.append([dt.datetime.combine(period, dt.time()), kpi, value])
    book.save(workbook)


def months(first: dt.date, count: int) -> list[dt.date]:
    """``count`` month starts from ``first``."""
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
