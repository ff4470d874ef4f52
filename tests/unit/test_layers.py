"""The package's import graph: layers with no arrow running back up, no cycle, no reach-in.

Every import of the package's own modules counts: at the top of a module, inside a function,
and under ``if TYPE_CHECKING:`` (an annotation is a dependency too). Every module has its own
row in ``LAYERS``, so a new module must be placed by hand; docs/architecture.md draws them.
At most ``MAX_DEFERRED`` imports sit inside functions, each with a comment saying why; a call
of ``lazy_module`` (:mod:`independence._lazy`) or ``importlib.import_module`` is one of them,
wherever it sits, since it imports later too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import independence

PACKAGE = Path(independence.__file__).parent

#: The most imports of the package's own modules that may sit inside functions. 11 since issue
#: 28's third cold-start push: `loading.snapshot` names the per-file models (`model.documents`)
#: lazily, since only a snapshot that is validated needs them and the packaged one never is.
MAX_DEFERRED = 11

#: The functions that import a module when they run: each call counts as a deferred import.
IMPORTING_CALLS = frozenset({"lazy_module", "import_module"})

LAYERS: dict[str, int] = {
    # a module imported when first used (counted below as a deferred import)
    "independence._lazy": 0,
    # the load's scope for the cyclic collector: needs nothing, and the checks and the index
    # (layers 2 and 4) mark their steps in it
    "independence._collector": 0,
    "independence._dataclasses": 0,
    "independence._snapshot_digest": 0,
    "independence._version": 0,
    "independence.age": 0,
    "independence.clock": 0,
    "independence.errors": 0,
    # the one guarded way in for files: needs only errors, and progress files (layer 2) use it
    "independence.loading.guard": 0,
    "independence.messages": 0,
    "independence.sun": 0,
    "independence.model": 1,
    "independence.model._time": 1,
    "independence.model.band": 1,
    "independence.model.base": 1,
    "independence.model.category": 1,
    "independence.model.check_in": 1,
    "independence.model.documents": 1,
    "independence.model.escalation": 1,
    "independence.model.perspective": 1,
    "independence.model.responsibility": 1,
    "independence.model.schedule": 1,
    "independence.model.sections": 1,
    "independence.model.source": 1,
    "independence.checks": 2,
    "independence.data_warnings": 2,
    "independence.escalation_checks": 2,
    "independence.index": 2,
    "independence.progress": 2,
    "independence.records": 2,
    "independence.source_checks": 2,
    "independence.escalation": 3,
    "independence.escalation.circumstances": 3,
    "independence.escalation.engine": 3,
    "independence.escalation.events": 3,
    "independence.escalation.history": 3,
    "independence.escalation.session": 3,
    "independence.escalation.state": 3,
    "independence.escalation.times": 3,
    "independence.escalation.triggers": 3,
    "independence.planning": 3,
    "independence.suggestions": 3,
    "independence.catalog": 4,
    "independence.export": 4,
    # reads files into records; never builds a catalogue
    "independence.loading": 5,
    "independence.loading.construct": 5,
    "independence.loading.loader": 5,
    "independence.loading.overlay": 5,
    "independence.loading.problems": 5,
    "independence.loading.reader": 5,
    "independence.loading.snapshot": 5,
    "independence.l10n": 6,
    "independence.l10n.catalogues": 6,
    "independence.l10n.coverage": 6,
    "independence.l10n.negotiation": 6,
    "independence.l10n.records": 6,
    # the regional packs and the translations: parts (and a presentation) in, parts out
    "independence.regional": 6,
    # the front door: the one pipeline that builds every catalogue
    "independence.build": 7,
    "independence": 8,
    "independence.__main__": 8,
    # what people and programs call
    "independence.cli": 8,
    "independence.cli.context": 8,
    "independence.cli.escalate": 8,
    "independence.cli.export": 8,
    "independence.cli.mistakes": 8,
    "independence.cli.options": 8,
    "independence.cli.parser": 8,
    "independence.cli.progress": 8,
    "independence.cli.queries": 8,
    "independence.cli.render": 8,
    "independence.cli.status": 8,
    "independence.cli.validate": 8,
    "independence.graph": 8,
    "independence.schema": 8,
    "independence.testing": 8,
    "independence.validation": 8,
}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    names: tuple[str, ...]
    line: int
    deferred: bool  # inside a function, or a call that imports when it runs
    comment: str  # the source line and the one above it


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_in(module: str, source: str, is_package: bool = False) -> list[Import]:
    """Every import of an ``independence`` module in ``source``, wherever it sits."""
    lines = source.splitlines()
    found: list[Import] = []

    def note(
        node: ast.stmt | ast.expr, target: str, names: tuple[str, ...], deferred: bool
    ) -> None:
        if target == "independence" or target.startswith("independence."):
            around = " ".join(lines[max(node.lineno - 2, 0) : node.lineno])
            found.append(Import(module, target, names, node.lineno, deferred, around))

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                note(node, alias.name, (), deferred)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node)
            names = tuple(alias.name for alias in node.names)
            # ``from independence import graph`` imports the module ``independence.graph``
            modules_named = [name for name in names if _is_module(f"{target}.{name}")]
            for name in modules_named:
                note(node, f"{target}.{name}", (), deferred)
            if len(modules_named) < len(names):
                rest = tuple(name for name in names if name not in modules_named)
                note(node, target, rest, deferred)
        elif (
            isinstance(node, ast.Call)
            and _called(node) in IMPORTING_CALLS
            and module != "independence._lazy"  # the machinery: its callers are counted
        ):
            # the module named by a constant; one named at run time is counted as the package
            first = node.args[0] if node.args else None
            named = first.value if isinstance(first, ast.Constant) else None
            note(node, named if isinstance(named, str) else "independence", (), True)
        inner = deferred or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _called(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else None


def every_import() -> list[Import]:
    """Every import of the package's modules, a module's own lazy lookups included."""
    return [
        found
        for path in sorted(PACKAGE.rglob("*.py"))
        for found in imports_in(
            module_name(path), path.read_text(encoding="utf-8"), path.name == "__init__.py"
        )
    ]


def all_imports() -> list[Import]:
    """The arrows of the graph: every import of another module."""
    return [found for found in every_import() if found.target != found.source]


def modules() -> list[str]:
    return sorted(module_name(path) for path in PACKAGE.rglob("*.py"))


def layer(module: str) -> int:
    name = module
    while name not in LAYERS:
        if "." not in name:
            raise AssertionError(f"{module} has no layer: add it to LAYERS and the docs")
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def graph_of(found: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for one in found:
        graph.setdefault(one.source, set()).add(one.target)
    return graph


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


def private_reach_ins(found: list[Import]) -> list[str]:
    return sorted(
        f"{one.source}:{one.line} takes {name} from {one.target}"
        for one in found
        for name in one.names
        if name.startswith("_") and not name.startswith("__")
    )


def test_every_module_has_its_own_layer() -> None:
    assert [module for module in modules() if module not in LAYERS] == []
    assert [module for module in LAYERS if module not in modules()] == []


def test_no_import_runs_back_up_a_layer() -> None:
    assert upward(graph_of(all_imports())) == []


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(graph_of(all_imports())) == []


def test_no_module_takes_another_modules_private_names() -> None:
    assert private_reach_ins(all_imports()) == []


def test_few_imports_sit_inside_functions_and_each_says_why() -> None:
    deferred = [one for one in every_import() if one.deferred]
    where = [f"{one.source}:{one.line} {one.target}" for one in deferred]
    assert len(deferred) <= MAX_DEFERRED, where
    assert [f"{one.source}:{one.line}" for one in deferred if "#" not in one.comment] == []


@pytest.mark.parametrize("core", ["independence.catalog", "independence.model"])
def test_the_core_never_imports_the_loader(core: str) -> None:
    offenders = [
        f"{one.source} imports {one.target}"
        for one in all_imports()
        if (one.source == core or one.source.startswith(core + "."))
        and one.target.startswith("independence.loading")
    ]
    assert offenders == []


def test_the_checks_see_every_kind_of_import() -> None:
    # the tools above, on made-up code, so that a blind walker cannot pass the tests
    source = (
        "from independence.loading import load_catalog\n"
        "if TYPE_CHECKING:\n    from independence.cli import main\n"
        "def f():\n    from independence.catalog import _Index\n"
        "from . import sibling\n"
        "from independence import graph, Age\n"
        "engine = lazy_module('independence.escalation')  # the engine, when first used\n"
        "module = importlib.import_module(name)\n"
    )
    found = imports_in("independence.planning", source)
    assert [(one.target, one.deferred) for one in found] == [
        ("independence.loading", False),
        ("independence.cli", False),
        ("independence.catalog", True),
        ("independence", False),
        ("independence.graph", False),
        ("independence", False),
        ("independence.escalation", True),
        ("independence", True),
    ]
    assert private_reach_ins(found) == [
        "independence.planning:5 takes _Index from independence.catalog"
    ]
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def test_loading_only_reads_files_into_records() -> None:
    # loading/ reads files into Parts; the front door (independence.build) builds catalogues,
    # so nothing in loading/ may name the catalogue, not even for types (the layers forbid
    # the modules above it)
    offenders = [
        f"{one.source}:{one.line} imports {one.target}"
        for one in all_imports()
        if one.source.startswith("independence.loading")
        and one.target in ("independence.catalog", "independence.build")
    ]
    assert offenders == []


def test_the_architecture_page_lists_every_module_at_its_layer() -> None:
    page = PACKAGE.parents[1] / "docs" / "architecture.md"
    table = page.read_text(encoding="utf-8").split("| Layer | Modules | Owns |")[1]
    listed: dict[str, int] = {}
    for row in re.findall(r"^\| (\d) \| (.*?) \| ", table, flags=re.MULTILINE):
        for name in re.findall(r"`([\w.]+)`", row[1]):
            listed[name if name == "independence" else f"independence.{name}"] = int(row[0])
    assert listed == LAYERS
