"""What ``independence validate`` checks in a catalogue, for the test helpers and the pytest
plugin of :mod:`independence.testing`, which import this module when a check first runs (so
that the plugin, loaded in every test run of an app, costs nothing while it is idle)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from independence.build import load_catalog
from independence.catalog import Catalog
from independence.errors import CatalogError, DataProblems, Problem
from independence.l10n import locales_in
from independence.regional import region_problems

__all__ = ["DataProblems", "assert_valid_catalog", "catalog_problems"]


def catalog_problems(
    path: str | os.PathLike[str], overlays: Sequence[str | os.PathLike[str]] = ()
) -> tuple[Problem, ...]:
    """See :func:`independence.testing.catalog_problems`."""
    try:
        load_catalog(path, overlays)
    except CatalogError as error:
        return error.problems  # the data's own problems first: the rest is built on it
    found: list[Problem] = list(region_problems(path))
    folder = Path(os.fspath(path))
    for locale in locales_in(folder) if folder.is_dir() else ():
        try:
            load_catalog(path, overlays, locale=locale)
        except CatalogError as error:
            found += error.problems
    return tuple(found)


def assert_valid_catalog(
    path: str | os.PathLike[str], overlays: Sequence[str | os.PathLike[str]] = ()
) -> Catalog:
    """See :func:`independence.testing.assert_valid_catalog`."""
    problems = catalog_problems(path, overlays)
    if problems:
        count = len(problems)
        raise AssertionError(
            f"{os.fspath(path)}: {count} problem{'s' * (count != 1)}\n{CatalogError(problems)}"
        )
    return load_catalog(path, overlays)
