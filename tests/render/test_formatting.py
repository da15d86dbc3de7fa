"""Figures read the same in every format; a bar never claims more than happened."""

from __future__ import annotations

import pytest

from valaudit.render.formatting import money, number, percent, progress_bar


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        (None, "n/a"),
        (0.0, "░░░░░░░░ 0%"),
        (0.5, "████░░░░ 50%"),
        (0.998, "███████░ 99%"),
        (1.0, "████████ 100%"),
        (1.37, "████████ 137%"),
        (-0.25, "░░░░░░░░ −25%"),
    ],
)
def test_progress_bar(progress: float | None, expected: str) -> None:
    assert progress_bar(progress) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_840_000, "USD 1.84M"),
        (412_300, "USD 412k"),
        (9_850, "USD 9,850"),
        (-3_260_000, "−USD 3.26M"),
        (2.5e9, "USD 2.50bn"),
        (None, "n/a"),
    ],
)
def test_money(value: float | None, expected: str) -> None:
    assert money(value, "USD") == expected


def test_numbers_and_percent() -> None:
    assert number(85.8712, "%") == "85.87%"
    assert number(-0.0) == "0"
    assert number(1909.24) == "1,909.2"
    assert percent(-0.9752) == "−98%"
    assert percent(-0.9971) == "−99.7%"
    assert percent(-1.0) == "−100%"
    assert percent(1.004) == "100.4%"
