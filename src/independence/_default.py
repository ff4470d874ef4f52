"""The packaged default catalogue: its compiled snapshot, read once, shared by every caller."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from independence.catalog import Catalog

__all__ = ["SNAPSHOT", "data_path", "default_catalog"]

#: The compiled snapshot of the default data, beside this module (see
#: :mod:`independence.loading.snapshot`).
SNAPSHOT = "default_catalog.json"

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

    It is read from the package's compiled snapshot of ``data/`` (validated JSON, checked
    against the YAML by the test suite), not parsed from YAML, and nothing is written to disk.
    Thread-safe; the catalogue is immutable, so it can be shared freely.
    """
    global _cached
    found = _cached
    if found is None:
        with _lock:
            if _cached is None:
                _cached = _load()
            found = _cached
    return found


def _load() -> Catalog:
    from independence.loading.snapshot import parts_from_snapshot

    data = (resources.files("independence") / SNAPSHOT).read_bytes()
    return Catalog._from_parts(parts_from_snapshot(data, str(data_path())))
