"""Codes for integer keys: the same numbering a hash gives, wherever the keys lie."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from valaudit.validate import dense_codes
from valaudit.validate.dense_codes import factorized
from valaudit.validate.folder import validate_folder

_KEYS = st.one_of(
    st.lists(st.integers(-50, 50), max_size=200),  # close together: the table
    st.lists(st.integers(-(2**62), 2**62), max_size=50),  # spread out: the hash
    st.lists(st.sampled_from([-(2**63), 0, 5, 2**63 - 1]), max_size=20),  # the extremes
)


@given(keys=_KEYS, block=st.sampled_from([3, dense_codes._BLOCK]))
@example(keys=[7, 7, 3, 9, 3], block=3)
@example(keys=[], block=3)
def test_codes_number_the_distinct_keys(keys: list[int], block: int) -> None:
    array = np.array(keys, dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dense_codes, "_BLOCK", block)
        codes, distinct = factorized(array)
    assert distinct.dtype == np.int64 and len(codes) == len(array)
    assert sorted(distinct.tolist()) == sorted(set(keys))
    assert distinct[codes].tolist() == keys
    if keys:
        assert codes.min() == 0 and codes.max() == len(distinct) - 1


def gappy_folder(folder: Path) -> Path:
    """Two KPIs in three segments over two years: a month missing, a row twice."""
    lines = ["period,kpi,segment,value"]
    for kpi in ("adoption_pct", "tickets"):
        for segment in ("north", "south", ""):
            for month in range(24):
                if (kpi, segment, month) != ("tickets", "south", 7):
                    lines.append(
                        f"{2024 + month // 12}-{month % 12 + 1:02d},{kpi},{segment},{month}"
                    )
    lines.append("2024-03,adoption_pct,north,9")
    (folder / "kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "valaudit.yaml").write_text(
        "valaudit: 1\ninitiative: {name: X, type: ai, go_live: 2025-01-01}\n"
        "data:\n  - {path: kpis.csv}\nkpis:\n"
        "  - {id: adoption_pct, stage: adoption, direction: up, target: 80}\n"
        "  - {id: tickets, stage: throughput, direction: up, target_change: '+5%'}\n",
        encoding="utf-8",
    )
    return folder


def test_gaps_and_duplicates_are_found_alike_with_keys_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gaps, duplicates and period numbers of a folder and of every sample, whether the keys
    are numbered by the table or by a hash."""
    root = Path(__file__).resolve().parents[2] / "sample_data"
    folders = [gappy_folder(tmp_path), *sorted(p.parent for p in root.glob("*/valaudit.yaml"))]
    for folder in folders:
        results = []
        for slack in (dense_codes._SLACK, -(2**62)):  # the second: always hashed
            monkeypatch.setattr(dense_codes, "_SLACK", slack)
            results.append(validate_folder(str(folder)))
        tabled, hashed = results
        assert tabled.problems == hashed.problems
        assert tabled.observations is not None and hashed.observations is not None
        pd.testing.assert_frame_equal(tabled.observations.frame, hashed.observations.frame)
        if folder == tmp_path:
            found = [(p.code, p.row) for p in tabled.problems if p.code != "kpi_without_data"]
            assert sorted(found, key=str) == [
                ("duplicate_row", 145),
                ("missing_periods", None),
            ]
