"""The Markdown, HTML and JUnit reports of each sample, compared with reviewed golden files.

After an intended change, regenerate them as tests/golden_files.py says and review the diff
by eye (open the HTML in a browser) before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_files import check_golden
from tests.render.reports import HTML_VARIANTS, SAMPLE_NAMES, sample_options, sample_report
from valaudit.render import renderer

GOLDEN = Path(__file__).parent / "golden"
SUFFIXES = {"markdown": ".md", "html": ".html", "junit": ".xml"}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_report_matches_its_golden_file(fmt: str, name: str) -> None:
    rendered = renderer(fmt).render_report(sample_report(name), sample_options(name))
    assert isinstance(rendered, str)
    check_golden(GOLDEN / f"{name}{SUFFIXES[fmt]}", rendered)


@pytest.mark.parametrize("variant", sorted(HTML_VARIANTS))
def test_html_of_edge_reports_matches_its_golden_file(variant: str) -> None:
    """Hostile client text everywhere, and every optional part missing: beyond the samples."""
    rendered = renderer("html").render_report(
        HTML_VARIANTS[variant](), sample_options("support_copilot")
    )
    check_golden(GOLDEN / f"variant_{variant}.html", rendered)
