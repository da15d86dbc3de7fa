"""Shared test helpers: building audit folders on the fly, and the bundled samples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.parent for p in (ROOT / "sample_data").glob("*/valaudit.yaml"))
CORPUS = ROOT / "tests" / "data" / "corpus"

#: A minimal valid thesis; tests override what they exercise.
BASE_THESIS: dict[str, Any] = {
    "valaudit": 1,
    "initiative": {"name": "Test initiative", "type": "ai", "go_live": "2025-01-01"},
    "data": [{"path": "data.csv"}],
    "kpis": [
        {"id": "adoption_pct", "stage": "adoption", "direction": "up", "target": 80},
    ],
}

FolderFactory = Callable[..., Path]


@pytest.fixture
def make_folder(tmp_path: Path) -> FolderFactory:
    """Write a thesis (dict or raw YAML text) and data files into a fresh folder."""

    def build(
        thesis: dict[str, Any] | str | None = None,
        files: dict[str, str | bytes] | None = None,
        name: str = "audit",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        text = (
            thesis
            if isinstance(thesis, str)
            else yaml.safe_dump(thesis if thesis is not None else BASE_THESIS, sort_keys=False)
        )
        (folder / "valaudit.yaml").write_text(text, encoding="utf-8")
        for relative, content in (files or {}).items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return build


def long_csv(rows: list[tuple[str, str, float | str]], header: str = "period,kpi,value") -> str:
    """A long-layout CSV from (period, kpi, value) rows."""
    return header + "\n" + "\n".join(f"{p},{k},{v}" for p, k, v in rows) + "\n"


def monthly(start: str, count: int) -> list[str]:
    """Month labels: monthly("2024-01", 3) -> ["2024-01", "2024-02", "2024-03"]."""
    year, month = map(int, start.split("-"))
    labels = []
    for _ in range(count):
        labels.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return labels


# Hypothesis profiles ("ci" by default, "long" with --hypothesis-profile=long).
import tests.hypothesis_profiles  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _every_problem_code_is_registered() -> Iterator[None]:
    """A problem built with a code docs/errors.md does not list fails the test that built it."""
    from valaudit.errors import CODES_SEEN
    from valaudit.problem_codes import CODES

    yield
    unregistered = CODES_SEEN - set(CODES)
    CODES_SEEN.clear()
    assert not unregistered, (
        f"problem code(s) {sorted(unregistered)} are not in valaudit/problem_codes: register "
        "them, then run python tools/make_error_docs.py"
    )
