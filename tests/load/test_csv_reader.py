"""The CSV reader on shapes that used to cost far more than the file: rows longer than the
header, and headers longer than the window the delimiter is sniffed from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from valaudit.load import csv_reader
from valaudit.load.csv_reader import read_csv
from valaudit.load.paths import UserPath
from valaudit.load.raw import TableReadError

REQUIRED = ["period", "kpi", "value"]


def rows_csv(count: int, extra_at: tuple[int, ...] = ()) -> str:
    lines = ["period,kpi,segment,value"]
    for index in range(count):  # 20 KPIs x 100 teams a month
        month, kpi, team = index // 2000, index % 2000 // 100, index % 100
        line = f"{2000 + month // 12}-{month % 12 + 1:02d},kpi_{kpi:02d},team_{team}"
        line += f",{index % 97}.5"
        if index in extra_at:
            line += ",stray, ,note"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture
def no_row_by_row_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The row-by-row reader holds every cell as a Python string (20 times the file)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the row-by-row fallback was used")

    monkeypatch.setattr(csv_reader, "_read_ragged", refuse)


@pytest.mark.parametrize("extra_at", [(0,), (500,), (0, 7, 999)], ids=["first", "later", "several"])
@pytest.mark.usefixtures("no_row_by_row_fallback")
def test_rows_longer_than_the_header_are_parsed_by_pandas(
    tmp_path: Path, extra_at: tuple[int, ...]
) -> None:
    path = tmp_path / "data.csv"
    path.write_text(rows_csv(1000, extra_at), encoding="utf-8")
    table, _ = read_csv(UserPath(path, "data.csv"), REQUIRED)
    assert len(table.frame) == 1000 and list(table.rows[:2]) == [2, 3]
    assert isinstance(table.frame[1].dtype, pd.CategoricalDtype)  # as a well-formed file
    assert [(row, code, detail) for row, _, code, detail in table.cell_errors] == [
        (index + 2, "extra_cells", "'stray', 'note'") for index in extra_at
    ]
    first = extra_at[0]
    assert table.frame.iloc[first].tolist()[:3] == [
        "2000-01",
        f"kpi_{first // 100:02d}",
        f"team_{first % 100}",
    ]


def test_quoted_line_breaks_still_number_rows_by_line(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        'period,kpi,value\n2024-07,"adoption\npct",1,extra\n2024-08,adoption_pct,2\n',
        encoding="utf-8",
    )
    table, _ = read_csv(UserPath(path, "data.csv"), REQUIRED)
    assert list(table.rows) == [2, 4]
    assert [(row, code) for row, _, code, _ in table.cell_errors] == [(2, "extra_cells")]


def test_a_header_longer_than_the_sniff_window_is_counted_in_full(tmp_path: Path) -> None:
    """100,003 columns were reported as 39,037: only the first 256 KB were counted."""
    path = tmp_path / "data.csv"
    header = "period,kpi,value," + ",".join(f"c{i}" for i in range(100_000))
    path.write_text("Title\r\n\r\n" + header + "\r\n2024-07,adoption_pct,1\r\n", encoding="utf-8")
    with pytest.raises(TableReadError) as raised:
        read_csv(UserPath(path, "data.csv"), REQUIRED)
    assert raised.value.issue.code == "too_many_columns"
    assert "100,003 columns" in raised.value.issue.message
    assert (raised.value.sheet, raised.value.row) == (None, 3)


PEAK = """
import os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "valaudit", "validate",
    "--format", "json", sys.argv[1]], os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def peak_kib(folder: Path) -> int:
    """Peak resident memory of ``valaudit validate FOLDER`` (a bare launcher starts it, so
    that this test process's own memory is not carried over)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        check=True,
    )
    return int(done.stdout)


@pytest.mark.slow
def test_a_ragged_file_needs_the_memory_of_a_well_formed_one(tmp_path: Path) -> None:
    """A 20 MB file whose first data row has one cell too many peaked at 2.9 times the
    memory of the same file without it (a 200 MB one at 4.1 GB); now within 1.5 times."""
    kpis = "".join(
        f"  - {{id: kpi_{k:02d}, stage: adoption, direction: up, target: 80}}\n" for k in range(20)
    )
    thesis = (
        "valaudit: 1\ninitiative: {name: X, type: ai, go_live: 2010-01-01}\n"
        "data:\n  - {path: data.csv}\nkpis:\n" + kpis
    )
    peaks = {}
    for shape, extra_at in (("well-formed", ()), ("ragged", (0,))):
        folder = tmp_path / shape
        folder.mkdir()
        (folder / "valaudit.yaml").write_text(thesis, encoding="utf-8")
        text = rows_csv(600_000, extra_at)
        assert len(text) > 15_000_000
        (folder / "data.csv").write_text(text, encoding="utf-8")
        peaks[shape] = peak_kib(folder)
    assert peaks["ragged"] < 1.5 * peaks["well-formed"], peaks
