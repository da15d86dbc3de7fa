"""The docs keep up with the code: every command, option and thesis key is documented."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer

from tests.conftest import ROOT, SAMPLES
from valaudit.cli import app
from valaudit.schemas import load_schema

DOCS = ROOT / "docs"


def _make_cli_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_cli_docs", ROOT / "tools" / "make_cli_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _live_commands() -> list[tuple[str, Any]]:
    """(name, click command) of every visible command of the live app."""
    root = typer.main.get_command(app)
    context = root.make_context("valaudit", [], resilient_parsing=True)
    commands = [(name, root.get_command(context, name)) for name in root.list_commands(context)]
    return [(name, command) for name, command in commands if not command.hidden]


def _section(text: str, command: str) -> str:
    """The part of cli.md under '## valaudit COMMAND'."""
    match = re.search(rf"^## valaudit {re.escape(command)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/cli.md has no section for 'valaudit {command}'"
    return match.group(1)


@pytest.fixture(scope="module")
def cli_md() -> str:
    return (DOCS / "cli.md").read_text(encoding="utf-8")


def test_cli_md_is_the_generated_file(cli_md: str) -> None:
    generated = _make_cli_docs().render()
    assert cli_md == generated, "docs/cli.md is out of date: run python tools/make_cli_docs.py"


def test_the_generator_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _make_cli_docs().render()
    monkeypatch.setenv("COLUMNS", "37")
    monkeypatch.setenv("TERM", "dumb")
    assert _make_cli_docs().render() == first


def test_every_command_and_option_is_documented(cli_md: str) -> None:
    commands = _live_commands()
    assert {"audit", "validate", "schema", "init", "scorecard"} <= {name for name, _ in commands}
    for name, command in commands:
        section = _section(cli_md, name)
        assert f"Usage: valaudit {name} " in section
        for parameter in command.params:
            if getattr(parameter, "hidden", False):
                continue
            if parameter.param_type_name == "option":
                for flag in [*parameter.opts, *parameter.secondary_opts]:
                    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", section), (
                        f"{flag} of 'valaudit {name}' is missing from docs/cli.md"
                    )
            else:
                assert parameter.name and parameter.name in section, (name, parameter.name)


def test_root_options_and_shell_completion_are_documented(cli_md: str) -> None:
    match = re.search(r"^## valaudit\n(.*?)(?=^## |\Z)", cli_md, re.S | re.M)
    assert match, "docs/cli.md has no section for 'valaudit' itself"
    root = typer.main.get_command(app)
    flags = [flag for p in root.params if not p.hidden for flag in (*p.opts, *p.secondary_opts)]
    assert {"--version", "--install-completion", "--show-completion"} <= set(flags)
    for flag in flags:
        assert flag in match.group(1), flag
    completion = _heading_section(cli_md, "Shell completion")
    assert "valaudit --install-completion" in completion
    assert "valaudit --show-completion" in completion
    assert "id: valaudit-validate" in _heading_section(cli_md, "Checking every commit (pre-commit)")


def _heading_section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/cli.md has no '## {heading}' section"
    return match.group(1)


def _schema_paths(node: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for name, child in (node.get("properties") or {}).items():
        path = f"{prefix}{name}"
        paths.append(path)
        paths += _schema_paths(child, path + ".")
        items = child.get("items")
        if isinstance(items, dict) and items.get("properties"):
            paths += _schema_paths(items, path + "[].")
    return paths


def test_thesis_format_documents_every_key_of_the_schema() -> None:
    text = (DOCS / "thesis-format.md").read_text(encoding="utf-8")
    paths = _schema_paths(load_schema("thesis"))
    assert "kpis[].target_change" in paths and "operating_model.incentives" in paths
    missing = [p for p in paths if f"`{p}`" not in text]
    assert missing == []


def test_thesis_format_lists_the_allowed_values_of_every_enum() -> None:
    text = (DOCS / "thesis-format.md").read_text(encoding="utf-8")

    def enums(node: Any) -> list[list[str]]:
        found = []
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                found.append(node["enum"])
            for child in node.values():
                found += enums(child)
        elif isinstance(node, list):
            for child in node:
                found += enums(child)
        return found

    for values in enums(load_schema("thesis")):
        for value in values:
            assert f"`{value}`" in text, value


def test_the_guide_uses_every_sample_as_a_worked_example() -> None:
    text = (DOCS / "thesis-guide.md").read_text(encoding="utf-8")
    for sample in SAMPLES:
        assert f"sample_data/{sample.name}" in text or f"`{sample.name}`" in text, sample.name


@pytest.mark.parametrize("page", ["cli.md", "thesis-guide.md", "thesis-format.md", "errors.md"])
def test_relative_links_point_at_files_that_exist(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (DOCS / target).exists(), f"{page} links to a missing file: {target}"


def test_the_guide_anchors_exist() -> None:
    text = (DOCS / "thesis-guide.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, re.M)
    }
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in headings, anchor


def test_docs_mention_the_onboarding_commands_they_teach() -> None:
    guide = (DOCS / "thesis-guide.md").read_text(encoding="utf-8")
    for command in ("valaudit init", "valaudit validate", "valaudit audit", "valaudit scorecard"):
        assert command in guide
    assert Path(ROOT / ".pre-commit-hooks.yaml").is_file()


# --- docs/errors.md and the problem-code registry -------------------------------------------

#: Calls whose string arguments include a problem code (the first three are looked at).
_EMITTERS = frozenset(
    {
        "Issue",
        "Problem",
        "TableReadError",
        "error",
        "warning",
        "problem",
        "root",
        "_fail",
        "_problem",
        "_warn",
        "_hidden",
    }
)
_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def _codes_in_source() -> dict[str, str]:
    """Each problem code the package's source emits, with one place it is emitted.

    Found in the places codes are written: a string argument of a call that builds or logs
    a problem, a ``code=`` keyword (a string, or a module constant holding one), a code in
    the tuples the table readers collect for bad cells ``(row, column, code, detail)``, and
    the ``(path, code, message, hint)`` tuples the schema checks yield. Codes built
    elsewhere are still caught at run time (see the autouse fixture in tests/conftest.py).
    """
    found: dict[str, str] = {}
    for path in sorted((ROOT / "valaudit").rglob("*.py")):
        if "problem_codes" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        # A code named by a module constant (``code=INTERNAL_ERROR``) is that constant's value.
        constants = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in _EMITTERS:
                    candidates += node.args[:3]
                candidates += [k.value for k in node.keywords if k.arg == "code"]
            elif (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 4
                and not isinstance(node.elts[0], ast.Constant)
                and not isinstance(node.elts[3], ast.Constant)
            ):
                candidates.append(node.elts[2])  # (row, column, code, detail)
            elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                candidates += node.value.elts[1:2]  # (path, code, message, hint)
            for candidate in candidates:
                if isinstance(candidate, ast.Name) and candidate.id in constants:
                    candidate = constants[candidate.id]
                if (
                    isinstance(candidate, ast.Constant)
                    and isinstance(candidate.value, str)
                    and _CODE.match(candidate.value)
                ):
                    found.setdefault(candidate.value, f"{where}:{candidate.lineno}")
    return found


def _make_error_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_error_docs", ROOT / "tools" / "make_error_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_errors_md_is_the_generated_file() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    assert text == _make_error_docs().render(), (
        "docs/errors.md is out of date: run python tools/make_error_docs.py"
    )


def test_every_code_the_source_emits_is_registered_and_documented() -> None:
    from valaudit.problem_codes import CODES

    emitted = _codes_in_source()
    assert {"bad_number", "sheet_not_found", "suspicious_value", "yaml_syntax"} <= set(emitted)
    unregistered = {code: place for code, place in emitted.items() if code not in CODES}
    assert unregistered == {}, "register these codes in valaudit/problem_codes"
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    for code in emitted:
        assert f"### `{code}`" in text, code


def test_every_registered_code_is_emitted_somewhere() -> None:
    """The registry lists no code the program has stopped emitting."""
    from valaudit.problem_codes import CODES

    assert sorted(set(CODES) - set(_codes_in_source())) == []


def test_every_registered_code_is_fully_documented() -> None:
    from valaudit.problem_codes import CODES

    for entry in CODES.values():
        assert entry.code == entry.code.strip() and _CODE.match(entry.code)
        assert entry.title and entry.meaning.endswith((".", ".)")) and entry.fix.endswith(".")
        assert entry.example.count(":") >= 1, entry.code  # "location: message"


def test_the_schemas_point_at_the_error_docs() -> None:
    for name in ("validation", "report"):
        assert "docs/errors.md" in json.dumps(load_schema(name))
    assert (DOCS / "errors.md").is_file()


def test_the_project_cites_only_itself() -> None:
    """The docs and the code stand alone: no section numbers of a contract outside the project."""
    roots = [ROOT / "valaudit", ROOT / "docs", ROOT / "tests", ROOT / "schemas", ROOT / "bench"]
    files = [ROOT / "README.md", *(p for r in roots if r.exists() for p in sorted(r.rglob("*")))]
    citing = [
        str(path.relative_to(ROOT))
        for path in files
        if path.suffix in {".py", ".md", ".yaml", ".json", ".j2"}
        and re.search(r"\bSPEC §", path.read_text(encoding="utf-8", errors="replace"))
        and path.name != "test_docs.py"
    ]
    assert citing == []
