"""Reading data: strict YAML with positions, validation, cross-record checks, overlays.

Only :func:`load_catalog` lives here; it imports the loading machinery on a cache miss, so a
catalogue served from the validated cache costs no YAML parsing and no validation.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["load_catalog"]


def load_catalog(
    path: str | os.PathLike[str],
    overlays: Iterable[str | os.PathLike[str]] = (),
    *,
    cache: bool = False,
) -> Catalog:
    """Load, validate and index the catalogue at ``path``: one YAML file or a data folder.

    A single file may hold every section (``catalog``, ``sources``, ``bands``, ``categories``,
    ``responsibilities``, ``check_in_policies``, ``escalation_policies``, ``perspectives``). A
    folder is laid out by name: ``catalog.yaml``, ``bands.yaml``, ``categories.yaml``,
    ``check-ins.yaml``, ``escalation.yaml``, ``responsibilities/<category>.yaml`` and
    ``perspectives/<pack>.yaml``.

    ``overlays`` are overlay files laid over the catalogue in order (see
    :mod:`independence.loading.overlay`); the result is checked as a whole, and a problem caused
    by an overlay names the overlay's file and line.

    Raises :class:`~independence.CatalogError` with every problem found, each with its file,
    line, column and path, and ``FileNotFoundError`` if ``path`` (or an overlay) does not
    exist.

    With ``cache=True`` a valid result is kept in the validated cache (see
    :mod:`independence._cache`) and a repeat load of the very same bytes is served from it.
    """
    overlays = tuple(overlays)
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"no catalogue at {os.fspath(path)!r}: give a YAML file or a data folder"
        )
    # Loading creates many objects and no cycles: the cyclic collector's repeated passes over
    # them made large loads grow faster than linearly, so it is paused (and restored) here.
    collecting = gc.isenabled()
    gc.disable()
    try:
        key = None
        if cache:
            from independence import _cache

            key = _cache.cache_key(path, overlays)
            found = _cache.load(key)
            if found is not None:
                found._source = (os.fspath(path), tuple(os.fspath(o) for o in overlays))
                return found
        from independence.loading.loader import build_catalog, read_parts

        parts, problems = read_parts(path)
        catalog = build_catalog(parts, problems, overlays)
        if key is not None:
            _cache.store(key, catalog)
        return catalog
    finally:
        if collecting:
            gc.enable()
