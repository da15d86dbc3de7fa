"""The progress bar: drawn only at a terminal, never in the way of the rows."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.console import Console

from valaudit.batch.progress import folder_progress, folder_rate, progress_wanted, with_progress
from valaudit.model.portfolio import FolderRow


def rows(count: int, closed: list[bool]) -> Iterator[FolderRow]:
    try:
        for index in range(count):
            yield FolderRow(path=str(index), status="ok" if index % 2 else "invalid")
    finally:
        closed.append(True)


@pytest.mark.parametrize("enabled", [True, False])
def test_rows_pass_through(enabled: bool) -> None:
    closed: list[bool] = []
    assert len(list(with_progress(rows(5, closed), 5, enabled))) == 5
    assert closed == [True]


def test_closing_early_closes_the_rows() -> None:
    closed: list[bool] = []
    stream = with_progress(rows(5, closed), 5, enabled=True)
    next(stream)
    stream.close()
    assert closed == [True]


def test_not_wanted_in_ci_or_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted()
    monkeypatch.delenv("CI")
    assert progress_wanted()
    assert not progress_wanted(quiet=True)


class Clock:
    """A clock the test moves by hand, so the rate and time remaining are exact."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def drawn_line(done_per_second: float, seconds: int, total: int, width: int) -> str:
    """The bar as a terminal ``width`` columns wide shows it after ``seconds`` at a steady rate."""
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    clock = Clock()
    progress = folder_progress(console, get_time=clock)
    task = progress.add_task("batch", total=total, problems="")
    for _ in range(seconds):
        clock.now += 1
        progress.update(task, advance=done_per_second, problems="")
    console.print(progress.get_renderable())
    return console.export_text().rstrip("\n")


@pytest.mark.parametrize("width", [80, 120])
def test_bar_shows_the_rate_and_the_time_remaining(width: int) -> None:
    # 5 folders a second for 10 s: 50 of 200 done, 150 left, 30 s to go.
    line = drawn_line(5, seconds=10, total=200, width=width)
    assert line.startswith("Auditing ━")
    assert line.endswith(" 50/200  0:00:10 5.0 folders/s 0:00:30")
    assert len(line) <= width  # one line: the bar gives way, the figures do not


def test_rate_over_ten_a_second_is_whole_folders() -> None:
    line = drawn_line(40, seconds=30, total=10_000, width=100)
    assert line.endswith(" 1200/10000  0:00:30 40 folders/s 0:03:40")


@pytest.mark.parametrize(
    ("speed", "shown"),
    [
        (None, "? folders/s"),
        (0.25, "0.2 folders/s"),
        (9.96, "10.0 folders/s"),
        (1234.4, "1,234 folders/s"),
    ],
)
def test_folder_rate(speed: float | None, shown: str) -> None:
    assert folder_rate(speed) == shown
