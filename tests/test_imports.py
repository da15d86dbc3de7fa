"""Start-up stays cheap: the CLI and the sheet prefetch load no heavy library.

Each check runs in a fresh interpreter, since this test process has long imported them all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent.parent / "sample_data" / "crm_sales_emea"  # an XLSX folder
HEAVY = ("pandas", "numpy", "openpyxl", "jsonschema", "python_calamine")


def loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    "module", ["valaudit.cli", "valaudit.load.sheet_prefetch", "valaudit.load.xlsx_cells"]
)
def test_importing_loads_no_heavy_library(module: str) -> None:
    assert loaded_after(f"import {module}") == []


def test_the_prefetch_reads_a_thesis_without_pandas() -> None:
    """It must run while pandas loads, so it cannot need pandas itself."""
    statement = (
        "from valaudit.load import sheet_prefetch; "
        f"sheet_prefetch.start({str(SAMPLE)!r}); "
        "import time; time.sleep(0.5)"
    )
    assert "pandas" not in loaded_after(statement)


def test_the_analysis_never_loads_the_test_oracles() -> None:
    """statsmodels and SciPy check the effect in the tests; an audit must not need them."""
    probe = (
        "import sys, runpy; sys.argv = ['valaudit', 'audit', "
        f"{str(SAMPLE)!r}, '--format', 'json']\n"
        "try:\n    runpy.run_module('valaudit', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(m for m in ('statsmodels', 'scipy') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert '"verdict"' in done.stdout
    assert done.stderr.strip().splitlines()[-1:] in ([], [""])
