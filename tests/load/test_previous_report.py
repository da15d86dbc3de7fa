"""Reading the earlier report for ``--compare``: every file that cannot be one is refused with
a message naming the file and saying what to give instead; none is a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import valaudit.load.previous_report as previous_report
from tests.conftest import ROOT
from valaudit.errors import CompareError
from valaudit.exit_codes import ExitCode
from valaudit.load.previous_report import read_previous_report
from valaudit.model.codes import Credit

OLD_RELEASE = ROOT / "tests" / "data" / "fixtures" / "previous_release"
OLD_REPORT = OLD_RELEASE / "support_copilot_2025-12-31.json"
HINT = "Give the JSON report an earlier run wrote (valaudit audit DIR -o report.json)."
RERUN = "Re-run the earlier audit with this valaudit, or compare with the valaudit that wrote it."


def _old() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OLD_REPORT.read_text(encoding="utf-8"))
    return document


def _refused(path: Path) -> str:
    with pytest.raises(CompareError) as raised:
        read_previous_report(path)
    assert raised.value.exit_code == ExitCode.USAGE
    message = str(raised.value)
    assert message.startswith(str(path)) or f" {path}" in message
    return message


def test_the_previous_release_report_reads_with_observed_figures() -> None:
    previous = read_previous_report(OLD_REPORT)
    assert previous.initiative == "Support copilot rollout"
    assert previous.report_version == "1" and previous.valaudit_version == "0.1.0"
    assert previous.credit is None and previous.attributable is None
    assert previous.observed.realization_ratio == pytest.approx(0.003875968992)
    assert previous.observed.benefit_to_date == pytest.approx(18895.34884)
    assert previous.gap_observed == 62.0 and previous.gap_attributable is None
    assert [k.status for k in previous.kpis] == ["achieved", "behind", "flat", "flat", "flat"]
    assert previous.break_ == ("productivity", "throughput")


def test_a_newer_minor_version_with_keys_this_valaudit_does_not_know_still_reads(
    tmp_path: Path,
) -> None:
    document = {**_old(), "report_version": "1.4", "something_new": {"a": 1}}
    document["money"] = {**document["money"], "credit": "observed", "new_figure": 3.0}
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    previous = read_previous_report(path)
    assert previous.report_version == "1.4" and previous.credit == Credit.OBSERVED


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is not JSON (line 1, column 1: Expecting value)"),
        (b'{\n  "report_version": "1",\n}', "is not JSON (line 3, column 1:"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"[1, 2]", "holds JSON, but not a valaudit report or portfolio"),
        (b'{"a": NaN}', "NaN is not a number JSON allows"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"hello": 1}', "holds JSON, but not a valaudit report."),
        (b'{"report_version": "2"}', "is a report of version 2; this valaudit compares reports"),
        (b'{"report_version": "1"}', "is not a valaudit report: at the top level, "),
        (b'{"valid": false, "folders": [], "errors": []}', "holds validation errors"),
        (b'{"portfolio_version": "1", "folders": []}', "is a batch portfolio"),
    ],
)
def test_files_that_are_not_reports_are_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "last.json"
    path.write_bytes(content)
    message = _refused(path)
    assert expected in message
    # Each says what to do: give a report, or (another major version) re-run the audit.
    assert message.endswith((HINT, RERUN))


def test_a_schema_problem_names_the_key(tmp_path: Path) -> None:
    document = _old()
    document["money"]["realization_ratio"] = "12%"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "at money.realization_ratio, '12%' is not of type" in _refused(path)


def test_a_date_that_is_not_one_is_refused(tmp_path: Path) -> None:
    document = _old()
    document["as_of"] = "last quarter"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "is not a valaudit report: at as_of, 'last quarter' is not a date (YYYY-MM-DD). " in (
        _refused(path)
    )


def test_missing_folders_and_oversized_files_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "does not exist" in _refused(tmp_path / "nowhere.json")
    assert "it is a folder" in _refused(tmp_path)
    big = tmp_path / "big.json"
    big.write_text(OLD_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(previous_report, "MAX_COMPARE_BYTES", 1000)
    assert f"is {big.stat().st_size:,} bytes, more than the 1,000" in _refused(big)
