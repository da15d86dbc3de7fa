"""Values that look like typos: located suspicious_value warnings, quiet on real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BASE_THESIS, CORPUS, SAMPLES, FolderFactory
from tests.validate.samples import crm_workbook, sample_copy
from tests.validate.test_corpus import CORPUS_FILES, run, source_for
from valaudit.model.validation import FolderValidation
from valaudit.validate.folder import validate_folder


def suspicious(result: FolderValidation) -> list[tuple[str, str | None, int | None, str | None]]:
    return [
        (Path(p.file).name, p.sheet, p.row, p.column)
        for p in result.problems
        if p.code == "suspicious_value"
    ]


def monthly_thesis(kpi: str = "revenue", unit: str | None = None) -> dict[str, object]:
    spec = dict(BASE_THESIS)
    spec["data"] = [{"path": "k.csv"}]
    kpi_spec: dict[str, object] = {
        "id": kpi,
        "stage": "financial",
        "direction": "up",
        "target_change": "+5%",
    }
    if unit is not None:
        kpi_spec["unit"] = unit
    spec["kpis"] = [kpi_spec]
    return spec


def csv_of(values: list[object], kpi: str = "revenue", segment: str | None = None) -> str:
    header = "period,kpi,value" + (",segment" if segment is not None else "")
    rows = [
        f"2024-{month:02d},{kpi},{value}" + (f",{segment}" if segment is not None else "")
        for month, value in enumerate(values, start=1)
    ]
    return header + "\n" + "\n".join(rows) + "\n"


def test_a_value_a_thousand_times_off_is_a_located_warning(make_folder: FolderFactory) -> None:
    values = [80100, 81200, 79900, 82300, 81.6, 80800]
    result = validate_folder(str(make_folder(monthly_thesis(), {"k.csv": csv_of(values)})))
    assert result.valid  # a warning, never an error
    assert suspicious(result) == [("k.csv", None, 6, "value")]
    (warning,) = [p for p in result.warnings if p.code == "suspicious_value"]
    assert "81.6 is about 990 times smaller" in warning.message
    assert "KPI 'revenue'" in warning.message and "around 80000" in warning.message
    assert "81600 would fit the series" in (warning.hint or "")


def test_a_jump_in_a_worksheet_names_the_sheet_row_and_column(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "crm_sales_emea")
    workbook, sheet = crm_workbook(folder)
    sheet.cell(9, 5).value = sheet.cell(9, 5).value * 1000  # type: ignore[attr-defined]
    workbook.save(folder / "data" / "regional_kpis.xlsx")
    result = validate_folder(str(folder))
    assert suspicious(result) == [
        ("regional_kpis.xlsx", "Regional KPIs", 9, "Opportunities per rep")
    ]
    (warning,) = [p for p in result.warnings if p.code == "suspicious_value"]
    assert "segment 'DACH'" in warning.message


def test_a_small_segment_is_judged_against_its_own_series(make_folder: FolderFactory) -> None:
    """Per KPI and segment: a small region is not a typo of a large one."""
    csv = csv_of([9000, 9100, 9050, 9200], segment="large") + "\n".join(
        f"2024-{m:02d},revenue,{v},small" for m, v in zip(range(1, 5), (8, 9, 8.5, 9), strict=True)
    )
    result = validate_folder(str(make_folder(monthly_thesis(), {"k.csv": csv + "\n"})))
    assert suspicious(result) == []


def test_a_flipped_sign_is_flagged_and_a_dip_through_zero_is_not(
    make_folder: FolderFactory,
) -> None:
    flipped = [120, 118, 125, -121, 119, 122]
    result = validate_folder(str(make_folder(monthly_thesis(), {"k.csv": csv_of(flipped)}, "a")))
    assert suspicious(result) == [("k.csv", None, 5, "value")]
    assert "negative" in result.warnings[0].message
    dip = [12, 8, 3, -2, 5, 9]  # NPS-like: a small dip below zero is plausible
    result = validate_folder(str(make_folder(monthly_thesis(), {"k.csv": csv_of(dip)}, "b")))
    assert suspicious(result) == []


def test_a_percentage_outside_0_to_100_is_flagged(make_folder: FolderFactory) -> None:
    values = [61, 64, 66, 640, 70, 72]  # 64.0 typed as 640
    spec = monthly_thesis("adoption_pct", unit="%")
    result = validate_folder(str(make_folder(spec, {"k.csv": csv_of(values, "adoption_pct")})))
    assert suspicious(result) == [("k.csv", None, 5, "value")]
    assert "outside 0-100" in result.warnings[0].message


def test_growth_within_a_hundredfold_and_zeros_are_not_suspicious(
    make_folder: FolderFactory,
) -> None:
    values = [0, 0, 5, 40, 200, 400]  # a new tool's users: zeros before go-live, then a ramp
    result = validate_folder(str(make_folder(monthly_thesis(), {"k.csv": csv_of(values)})))
    assert suspicious(result) == []


@pytest.mark.parametrize("sample", [s.name for s in SAMPLES])
def test_the_samples_have_no_suspicious_value(sample: str) -> None:
    result = validate_folder(str(SAMPLES[[s.name for s in SAMPLES].index(sample)]))
    assert suspicious(result) == []


@pytest.mark.parametrize("mode", ["mapped long", "mapped wide"])
def test_the_corpus_has_no_suspicious_value(tmp_path: Path, mode: str) -> None:
    """Through the mappings that reach its cells (unmapped, its headers are not found)."""
    for name in CORPUS_FILES:
        result = run(
            tmp_path / mode.replace(" ", "_") / name, CORPUS / name, source_for(name, mode)
        )
        assert suspicious(result) == [], name
