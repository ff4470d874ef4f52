"""The package's import graph: layers with no arrow running back up, and no cycle.

Every import counts, at the top of a module or inside a function, except those under
``if TYPE_CHECKING:`` (annotations only, never run). Layers, lowest first:
``errors, age -> model -> records and checks -> queries -> catalog -> loading -> cli / testing /
schema / graph``; docs/architecture.md draws them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import independence

PACKAGE = Path(independence.__file__).parent

#: The layer of each module (by dotted name; a package's modules share its layer unless named).
LAYERS: dict[str, int] = {
    "independence.errors": 0,
    "independence.age": 0,
    "independence._version": 0,
    "independence._snapshot_digest": 0,
    "independence.messages": 0,
    "independence.sun": 0,
    "independence.clock": 0,
    # the one guarded way in for files: needs only errors, and progress files (layer 2) use it
    "independence.loading.guard": 0,
    # the load's scope for the cyclic collector: needs nothing, and the checks and the index
    # (layers 2 and 4) mark their steps in it
    "independence._collector": 0,
    "independence.model": 1,
    "independence.records": 2,
    "independence.index": 2,
    "independence.checks": 2,
    "independence.source_checks": 2,
    "independence.escalation_checks": 2,
    "independence.data_warnings": 2,
    "independence.progress": 2,
    "independence.suggestions": 3,
    "independence.planning": 3,
    "independence.escalation": 3,
    "independence.catalog": 4,
    "independence.export": 4,
    # reads files into records; never builds a catalogue
    "independence.loading": 5,
    # the regional packs and the translations: parts (and a presentation) in, parts out
    "independence.regional": 6,
    "independence.l10n": 6,
    # the front door: the one pipeline that builds every catalogue
    "independence.build": 7,
    "independence.cli": 8,
    "independence.testing": 8,
    "independence.schema": 8,
    "independence.graph": 8,
    "independence.__main__": 8,
    "independence": 8,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    name = module
    while name not in LAYERS:
        if "." not in name:
            raise AssertionError(f"{module} has no layer: add it to LAYERS and the docs")
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(source: str) -> set[str]:
    """The ``independence`` modules a module's code imports when it runs."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for orelse in node.orelse:
                visit(orelse)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return {name for name in found if name == "independence" or name.startswith("independence.")}


def import_graph() -> dict[str, set[str]]:
    return {
        module_name(path): runtime_imports(path.read_text(encoding="utf-8")) - {module_name(path)}
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in graph.items()
        for target in targets
        if layer(target) > layer(source)
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected knot of ``graph`` (empty when acyclic)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_import_runs_back_up_a_layer() -> None:
    assert upward(import_graph()) == []


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("core", ["independence.catalog", "independence.model"])
def test_the_core_never_imports_the_loader(core: str) -> None:
    graph = import_graph()
    offenders = {
        source: sorted(t for t in targets if t.startswith("independence.loading"))
        for source, targets in graph.items()
        if source == core or source.startswith(core + ".")
    }
    assert {source: found for source, found in offenders.items() if found} == {}


def test_the_checks_see_an_upward_arrow_and_a_cycle() -> None:
    # the tools above, on a made-up graph, so that a blind walker cannot pass the tests
    source = "from independence.loading import load_catalog\nif TYPE_CHECKING:\n    import x\n"
    assert runtime_imports(source) == {"independence.loading"}
    graph = {"independence.catalog": {"independence.loading.loader"}}
    assert upward(graph) == [
        "independence.catalog (layer 4) imports independence.loading.loader (layer 5)"
    ]
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def _every_import(source: str) -> set[str]:
    """Every ``independence`` module a source names in an import, ``TYPE_CHECKING`` ones too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return {name for name in found if name.startswith("independence.")}


def test_loading_only_reads_files_into_records() -> None:
    # loading/ reads files into Parts; the front door (independence.build) builds catalogues,
    # so nothing in loading/ may name the catalogue or the modules above it, not even for types
    above = (
        "independence.catalog",
        "independence.regional",
        "independence.l10n",
        "independence.build",
    )
    offenders = {
        module_name(path): sorted(
            name
            for name in _every_import(path.read_text(encoding="utf-8"))
            if name.startswith(above)
        )
        for path in sorted((PACKAGE / "loading").rglob("*.py"))
    }
    assert {module: found for module, found in offenders.items() if found} == {}
