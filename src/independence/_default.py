"""The packaged default catalogue: found with importlib.resources, loaded once, cached."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from independence.catalog import Catalog
from independence.loading import load_catalog

__all__ = ["data_path", "default_catalog"]

_lock = threading.Lock()
_cached: Catalog | None = None


def data_path() -> Path:
    """The folder of the packaged default data (inside the installed package)."""
    folder = resources.files("independence") / "data"
    if not isinstance(folder, Path):  # pragma: no cover - only for zipped installs
        raise RuntimeError("independence must be installed as files, not from a zip archive")
    return folder


def default_catalog() -> Catalog:
    """The packaged default catalogue: loaded on first use, then the same object every time.

    Thread-safe; the catalogue is immutable, so it can be shared freely. Repeat runs are served
    from the validated cache (see :mod:`independence._cache`) while the data is unchanged.
    """
    global _cached
    found = _cached
    if found is None:
        with _lock:
            if _cached is None:
                _cached = load_catalog(data_path(), cache=True)
            found = _cached
    return found
