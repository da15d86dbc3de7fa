"""The bundled samples validate and audit: the first thing a newcomer runs."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from valaudit.analyse.audit import run_audit
from valaudit.validate.folder import validate_folder


def test_there_are_at_least_four_samples() -> None:
    assert len(SAMPLES) >= 4


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_sample_validates_without_errors_or_warnings(folder) -> None:
    result = validate_folder(str(folder))
    assert result.valid, [p.message for p in result.errors]
    assert result.warnings == []


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_sample_audits(folder) -> None:
    report = run_audit(validate_folder(str(folder)))
    assert report.verdict.code
