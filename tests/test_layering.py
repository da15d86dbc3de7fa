"""The package's shape: no import cycles, and no layer importing a layer above it.

Read from the source (every ``import``, also those inside functions, which the package uses
to keep start-up fast; not those under ``if TYPE_CHECKING:``, which never run), so the test
sees what a lazy import would hide until the day it runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "valaudit"
ROOT = "valaudit"

#: Each layer (a subpackage or module, by prefix) and the layers it must never import.
FORBIDDEN = {
    "valaudit.model": ("load", "validate", "analyse", "render", "batch", "cli", "api"),
    "valaudit.load": ("validate", "analyse", "render", "batch", "cli", "api", "onboarding"),
    "valaudit.validate": ("analyse", "render", "batch", "cli", "api", "onboarding"),
    "valaudit.analyse": ("validate", "render", "batch", "cli", "api"),
    "valaudit.render": ("load", "validate", "analyse", "batch", "cli", "api"),
    "valaudit.batch": ("cli",),
    "valaudit.api": ("cli",),
    "valaudit.folder_audit": ("cli", "api", "batch"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(name: str, tree: ast.AST) -> Iterator[str]:
    """The package's modules ``name`` imports (a name imported from a package counts as its
    submodule when it is one, else as the package)."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports.

    The root package's own imports are left out: every module imports ``valaudit`` (for its
    version), and the root only re-exports the api on first attribute access, so counting
    that as a dependency would make every module part of one cycle.
    """
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {m for m in _imported(name, tree) if m in MODULES and m != name}
        graph[name] = set() if name == ROOT else found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for child in sorted(graph[node]):
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in on_stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    """The check above can fail: a planted cycle is reported."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def _layer_of(module: str) -> str | None:
    return next(
        (layer for layer in FORBIDDEN if module == layer or module.startswith(layer + ".")),
        None,
    )


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(importer, imported) pairs where a layer reaches a layer it must not."""
    found = set()
    for module, imported in graph.items():
        layer = _layer_of(module)
        if layer is None:
            continue
        for target in imported:
            for above in FORBIDDEN[layer]:
                prefix = f"{ROOT}.{above}"
                if target == prefix or target.startswith(prefix + "."):
                    found.add((module, target))
    return found


def test_no_layer_imports_a_layer_above_it() -> None:
    assert upward_imports(import_graph()) == set()


@pytest.mark.parametrize(
    ("module", "target"),
    [("valaudit.analyse.audit", "valaudit.render.terminal"), ("valaudit.api", "valaudit.cli")],
)
def test_an_upward_import_is_reported(module: str, target: str) -> None:
    assert upward_imports({module: {target}}) == {(module, target)}
