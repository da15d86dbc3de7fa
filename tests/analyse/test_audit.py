"""Running the audit: its own warnings."""

from __future__ import annotations

import datetime as dt

from tests.conftest import BASE_THESIS, FolderFactory
from valaudit.analyse.audit import run_audit
from valaudit.errors import MAX_PROBLEMS_PER_CODE
from valaudit.validate.folder import validate_folder


def test_every_kpi_gets_its_own_warning_however_many_kpis(make_folder: FolderFactory) -> None:
    """Each audit warning names a different KPI, so none is summarised away."""
    count = MAX_PROBLEMS_PER_CODE + 10
    ids = [f"kpi_{i:02d}" for i in range(count)]
    kpis = [{"id": i, "stage": "adoption", "direction": "up", "target": 100} for i in ids]
    rows = "".join(f"2024-{m:02d},{i},{m}\n" for i in ids for m in range(1, 13))
    thesis = {**BASE_THESIS, "kpis": kpis}
    thesis["initiative"] = {**thesis["initiative"], "go_live": "2024-06-01"}
    validation = validate_folder(
        str(make_folder(thesis, {"data.csv": "period,kpi,value\n" + rows}))
    )
    assert validation.valid, validation.errors[:3]
    report = run_audit(validation, dt.date(2025, 6, 30))
    stale = [p for p in report.warnings if p.code == "stale_data"]
    assert len(stale) == count
    assert {p.message.split("'")[1] for p in stale} == set(ids)
    assert not any("were not listed" in p.message for p in report.warnings)
