"""Names and formats of each folder's own reports in --out-dir."""

from __future__ import annotations

import pytest

from valaudit.batch.reports import MAX_STEM, report_stem, unique_stems


@pytest.mark.parametrize(
    ("folder", "stem"),
    [
        ("clients/acme", "clients__acme"),
        (".", "_root"),
        ("a b/c;d", "a_b__c_d"),
        ("..hidden", "hidden"),
        ("con", "_con"),
        ("über/straße", "über__straße"),
        ("tab\there", "tab_here"),
    ],
)
def test_stems_are_safe_file_names(folder: str, stem: str) -> None:
    assert report_stem(folder) == stem


def test_long_paths_are_cut_with_a_hash() -> None:
    long_a, long_b = "x" * 300 + "/a", "x" * 300 + "/b"
    assert len(report_stem(long_a)) == MAX_STEM
    assert report_stem(long_a) != report_stem(long_b)


def test_clashing_stems_are_made_unique_ignoring_case() -> None:
    stems = unique_stems(["Acme", "a b", "a_b", "acme", "acme-2"])
    assert stems == {
        "Acme": "Acme",
        "a b": "a_b",
        "a_b": "a_b-2",
        "acme": "acme-2",
        "acme-2": "acme-2-2",
    }
    assert len({s.casefold() for s in stems.values()}) == len(stems)
