"""The progress bar: drawn only at a terminal, never in the way of the rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valaudit.batch.progress import progress_wanted, with_progress
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
