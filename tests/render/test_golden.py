"""The Markdown, HTML and JUnit reports of each sample, compared with reviewed golden files.

After an intended change, regenerate them with ``VALAUDIT_UPDATE_GOLDEN=1 python -m pytest
tests/render/test_golden.py`` and review the diff by eye (open the HTML in a browser) before
committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.render.reports import HTML_VARIANTS, SAMPLE_NAMES, sample_options, sample_report
from valaudit.render import renderer

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("VALAUDIT_UPDATE_GOLDEN") == "1"
SUFFIXES = {"markdown": ".md", "html": ".html", "junit": ".xml"}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_report_matches_its_golden_file(fmt: str, name: str) -> None:
    rendered = renderer(fmt).render_report(sample_report(name), sample_options(name))
    assert isinstance(rendered, str)
    golden = GOLDEN / f"{name}{SUFFIXES[fmt]}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden.name}: run with VALAUDIT_UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", sorted(HTML_VARIANTS))
def test_html_of_edge_reports_matches_its_golden_file(variant: str) -> None:
    """Hostile client text everywhere, and every optional part missing: beyond the samples."""
    rendered = renderer("html").render_report(
        HTML_VARIANTS[variant](), sample_options("support_copilot")
    )
    golden = GOLDEN / f"variant_{variant}.html"
    if UPDATE:
        golden.write_text(rendered, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden.name}: run with VALAUDIT_UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(encoding="utf-8")
