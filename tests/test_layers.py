"""Inputs flow one way: load -> validate -> analyse -> render, and no module of the core
imports one above it or forms a cycle with its neighbours.

Read from the source (every import statement, including those inside functions and under
``TYPE_CHECKING``), so that an upward import is caught even where it is deferred.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "valaudit"

#: What each part of the core may import, besides itself.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "limits": set(),
    "model": {"errors"},
    "load": {"errors", "limits", "model"},
    "validate": {"errors", "limits", "model", "load", "schemas"},
    "analyse": {"errors", "limits", "model", "load", "data"},
}

#: Parts whose modules must not import each other in a circle.
ACYCLIC = ("load", "validate")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    base = ROOT / Path(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """Every valaudit module ``path`` imports, with the line of the import."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "valaudit":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "valaudit":
                continue
            for alias in node.names:  # `from valaudit import limits` imports valaudit.limits
                full = f"{node.module}.{alias.name}"
                yield (full if is_module(full) else node.module), node.lineno


def part_of(module: str) -> str:
    """``valaudit.load.csv_reader`` -> ``load``; ``valaudit`` -> ``valaudit``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


@cache
def graph() -> dict[str, list[tuple[str, int]]]:
    return {module_name(path): list(imports_of(path)) for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_no_part_of_the_core_imports_one_above_it(part: str) -> None:
    allowed = ALLOWED[part] | {part, "valaudit"}
    upward = [
        f"{module} line {line}: imports {imported}"
        for module, imports in graph().items()
        if part_of(module) == part and module != "valaudit"
        for imported, line in imports
        if part_of(imported) not in allowed
    ]
    assert upward == []


def test_load_and_validate_have_no_import_cycles() -> None:
    edges = {
        module: sorted({imported for imported, _ in imports if part_of(imported) in ACYCLIC})
        for module, imports in graph().items()
        if part_of(module) in ACYCLIC
    }
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the current path, "done" once left

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in edges.get(module, []):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layer_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The check itself: a deferred upward import is an import like any other."""
    source = tmp_path / "probe.py"
    source.write_text(
        "from valaudit import limits\n"
        "def f():\n"
        "    from valaudit.validate.thesis import check_thesis_file\n"
        "    import valaudit.render.html\n",
        encoding="utf-8",
    )
    assert list(imports_of(source)) == [
        ("valaudit.limits", 1),
        ("valaudit.validate.thesis", 3),
        ("valaudit.render.html", 4),
    ]
