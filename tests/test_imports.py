"""Start-up stays cheap: the CLI and the sheet prefetch load no heavy library.

Each check runs in a fresh interpreter, since this test process has long imported them all.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from valaudit import __version__

SAMPLE = Path(__file__).parent.parent / "sample_data" / "crm_sales_emea"  # an XLSX folder
CSV_SAMPLE = Path(__file__).parent.parent / "sample_data" / "invoice_automation"  # CSV only
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


def loaded_by_command(arguments: list[str]) -> tuple[int, set[str]]:
    """Run ``valaudit ARGUMENTS`` in a fresh interpreter: its exit code and every module
    loaded by the end."""
    probe = (
        "import contextlib, io, sys\n"
        "from valaudit.cli import app\n"
        "from valaudit.crash import run_guarded\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run_guarded(app, {arguments!r})\n"
        "print(code, *sorted(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    code, *modules = done.stdout.split()
    return int(code), set(modules)


@pytest.mark.parametrize("argument", ["--version", "--help"])
def test_version_and_help_load_only_the_command_line(argument: str) -> None:
    """Nothing a command needs for its work: no data, YAML, schema, terminal-rendering or
    template library, no standalone click (typer bundles its own), not even the api."""
    code, modules = loaded_by_command([argument])
    assert code == 0
    unneeded = (*HEAVY, "yaml", "rich", "jinja2", "click", "valaudit.api", "tempfile")
    assert sorted(modules.intersection(unneeded)) == []


def test_version_answers_before_typer_is_loaded() -> None:
    """``valaudit --version`` prints what the app's own option prints, from the entry point,
    with nothing but the interpreter's own modules and valaudit's two packages loaded."""
    entry = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "valaudit", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in entry.stderr.splitlines()}
    assert {"typer", "typing", "valaudit.cli.commands"}.isdisjoint(imported)
    from valaudit.cli import app
    from valaudit.crash import run_guarded

    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert run_guarded(app, ["--version"]) == 0
    assert entry.stdout == printed.getvalue() == f"valaudit {__version__}\n"


def test_validating_a_csv_folder_loads_no_workbook_reader_nor_audit_model() -> None:
    code, modules = loaded_by_command(["validate", str(CSV_SAMPLE), "--format", "json"])
    assert code == 0
    assert "pandas" in modules  # the probe really read the tables
    unneeded = (
        "openpyxl",
        "python_calamine",
        "valaudit.load.xlsx_cells",
        "valaudit.load.xlsx_package",
        "valaudit.model.comparison",
        "valaudit.model.gates",
        "valaudit.model.portfolio_changes",
        "valaudit.analyse",
        "jsonschema",  # a valid thesis is passed by the compiled check alone
    )
    assert sorted(modules.intersection(unneeded)) == []


def test_typer_finds_every_command_annotation_evaluated() -> None:
    """typer reads each command's signature at every start, ``--version`` included; a string
    annotation (``from __future__ import annotations`` in a command module) costs it a
    compile and an eval each, a tenth of the start-up time."""
    from valaudit.cli import app

    callbacks = [command.callback for command in app.registered_commands]
    assert app.registered_callback is not None
    callbacks.append(app.registered_callback.callback)
    assert len(callbacks) == 7
    for callback in callbacks:
        assert callback is not None
        strings = [name for name, hint in callback.__annotations__.items() if isinstance(hint, str)]
        assert strings == [], callback.__qualname__


def test_the_prefetch_reads_a_thesis_without_pandas() -> None:
    """It must run while pandas loads, so it cannot need pandas itself."""
    workbook = SAMPLE / "data" / "regional_kpis.xlsx"
    statement = (
        "from valaudit.load.sheet_prefetch import SheetPrefetch; "
        f"prefetch = SheetPrefetch.start({str(SAMPLE)!r}); "
        f"assert prefetch.take_sheet(__import__('pathlib').Path({str(workbook)!r}), None)"
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


def test_the_first_validation_of_a_process_takes_thesis_and_sheet_from_the_prefetch() -> None:
    """What `validate` and `audit` run: the api starts the prefetch (pandas is not loaded
    yet), and the validation reads neither the thesis nor the sheet a second time."""
    probe = (
        "import sys\n"
        "from valaudit.load import sheet_prefetch, yaml_file\n"
        "taken, reads = [], []\n"
        "take, read = sheet_prefetch.SheetPrefetch.take_sheet, yaml_file.read_text_file\n"
        "def counted_take(self, path, sheet):\n"
        "    sheet_read = take(self, path, sheet)\n"
        "    taken.append(sheet_read is not None)\n"
        "    return sheet_read\n"
        "def counted_read(path, limit):\n"
        "    reads.append(path.name)\n"
        "    return read(path, limit)\n"
        "sheet_prefetch.SheetPrefetch.take_sheet = counted_take\n"
        "yaml_file.read_text_file = counted_read\n"
        "from valaudit import api\n"
        f"assert api.validate_folder({str(SAMPLE)!r}).valid\n"
        "print(taken, reads)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[0] == "[True] ['valaudit.yaml']"
