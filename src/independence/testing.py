"""Helpers for the test suites of apps that ship their own catalogue data, and a pytest plugin.

In a test::

    from independence.testing import assert_valid_catalog

    def test_our_data_is_valid():
        assert_valid_catalog("data/")

As a plugin (installed with the package, idle until configured): name your data files by glob
in ``pytest.ini`` (or ``[tool.pytest.ini_options]``) and each becomes a test item that fails
with the positioned problems found in that file::

    [pytest]
    independence_data = data/**/*.yaml

A file inside a data folder (one that holds ``catalog.yaml``) is checked as part of its whole
catalogue, so references between files are checked too; any other file is a catalogue on its
own. Every problem of the catalogue fails some item: a file's own problems fail its item, and
the problems of files the globs do not name (or of no file) fail the item of ``catalog.yaml``,
or of the folder's first named file when ``catalog.yaml`` is not named. The items check what
``independence validate`` checks (see :func:`catalog_problems`): a data folder's regional
packs and compiled translation catalogues too, and the overlay files named by
``independence_overlays`` (globs, laid in order over every catalogue). This module imports
only pytest's hooks at start-up; the library loads when an item runs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from independence._lazy import lazy_module

if TYPE_CHECKING:
    import pytest

    import independence.validation as validation
    from independence.catalog import Catalog
    from independence.errors import Problem
else:  # start-up time: pytest loads this plugin in every test run of an app, where it stays
    # idle until configured; the library (pydantic, YAML) loads when a check first runs
    validation = lazy_module("independence.validation")

__all__ = ["DataFileItem", "assert_valid_catalog", "catalog_problems"]

INI_OPTION = "independence_data"
#: Globs (from the rootdir) of overlay files laid, in order, over every catalogue checked.
OVERLAYS_OPTION = "independence_overlays"


def catalog_problems(
    path: str | os.PathLike[str], overlays: Sequence[str | os.PathLike[str]] = ()
) -> tuple[Problem, ...]:
    """Every problem ``independence validate`` would find in the catalogue at ``path``, and in
    every locale it ships: the data with ``overlays`` laid over it, each regional pack
    (``regions/<CODE>.yaml``) laid over the data, and each compiled translation catalogue
    (``locales/<LOCALE>.mo``: an empty, damaged or oversized one is a problem naming it).
    Each problem is positioned (``file:line:column`` where there is one).
    """
    return validation.catalog_problems(path, overlays)


def assert_valid_catalog(
    path: str | os.PathLike[str], overlays: Sequence[str | os.PathLike[str]] = ()
) -> Catalog:
    """Load the catalogue at ``path`` and return it; fail with every positioned problem.

    Raises ``AssertionError`` (so test runners show a failure, not an error) whose message has
    one ``file:line:column: path: message`` line per problem. Everything
    :func:`catalog_problems` checks is checked: ``overlays`` laid over the data, the regional
    packs of a data folder (``regions/<CODE>.yaml``) each laid over it, and its compiled
    translation catalogues (``locales/<LOCALE>.mo``).
    """
    return validation.assert_valid_catalog(path, overlays)


# ---------------------------------------------------------------------------- pytest plugin


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI_OPTION,
        type="args",
        default=[],
        help="independence: globs (from the rootdir) of catalogue data files to validate",
    )
    parser.addini(
        OVERLAYS_OPTION,
        type="args",
        default=[],
        help="independence: globs (from the rootdir) of overlay files laid over the catalogues",
    )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    patterns: list[str] = config.getini(INI_OPTION)
    if not patterns:
        return
    project = config.rootpath
    _overlays[:] = [
        path for pattern in config.getini(OVERLAYS_OPTION) for path in sorted(project.glob(pattern))
    ]
    found: dict[Path, None] = {}
    for pattern in patterns:
        matches = sorted(path for path in project.glob(pattern) if path.is_file())
        if not matches:
            items.append(DataFileItem.from_parent(session, name=pattern, path=project / pattern))
        for path in matches:
            found[path] = None
    for path in found:
        _collected.add(path.resolve())
        root = _catalogue_root(path)
        if root != path:  # catalog.yaml, else the first file of the folder, takes the problems
            # of files that have no item (and of no file), so none is lost
            current = _owners.get(root)
            if current is None or (path.name == "catalog.yaml" and current.name != path.name):
                _owners[root] = path.resolve()
        # named by the path from the project root: two data folders never give the same name
        items.append(
            DataFileItem.from_parent(session, name=path.relative_to(project).as_posix(), path=path)
        )


def _catalogue_root(path: Path) -> Path:
    """The data folder holding ``path`` (the nearest with a catalog.yaml), or the file itself."""
    for folder in path.parents:
        if (folder / "catalog.yaml").is_file():
            return folder
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            break
    return path


_results: dict[Path, tuple[Problem, ...]] = {}
_collected: set[Path] = set()
_owners: dict[Path, Path] = {}
_overlays: list[Path] = []


def _problems_in(root: Path) -> tuple[Problem, ...]:
    """Every problem of the catalogue at ``root`` (checked once per session), as
    :func:`catalog_problems` finds them: with the configured overlays, its regional packs and
    its translation catalogues."""
    if root not in _results:
        _results[root] = catalog_problems(root, _overlays)
    return _results[root]


try:
    import pytest as _pytest  # noqa: PT013 - the helpers above work without pytest
except ImportError:  # pragma: no cover - the helpers work without pytest
    pass
else:

    class DataFileItem(_pytest.Item):
        """One data file, validated (with its whole catalogue when it sits in a data folder)."""

        def runtest(self) -> None:
            if not self.path.is_file():
                raise validation.DataProblems([f"{self.name}: no data file matches this pattern"])
            root = _catalogue_root(self.path)
            problems = _problems_in(root)
            if root != self.path:  # a file of a data folder: its own problems; catalog.yaml
                # also takes those of files that have no item of their own (nothing is lost)
                here = self.path.resolve()
                owner = _owners.get(root) == here
                problems = tuple(
                    problem
                    for problem in problems
                    if _owner(problem) == here or (owner and _owner(problem) not in _collected)
                )
            if problems:
                raise validation.DataProblems([str(problem) for problem in problems])

        def repr_failure(self, excinfo: Any, style: Any = None) -> str:
            if isinstance(excinfo.value, validation.DataProblems):
                return "\n".join(excinfo.value.lines)
            return str(super().repr_failure(excinfo))

        def reportinfo(self) -> tuple[Path, int | None, str]:
            return self.path, None, f"independence data: {self.name}"


def _owner(problem: Problem) -> Path | None:
    return Path(problem.file).resolve() if problem.file is not None else None
