"""A validated cache: a loaded catalogue kept on disk, keyed by a hash of every input byte.

A repeat load of the same files (the default data on every command-line run, say) skips YAML
parsing and validation. The key covers the package, pydantic and Python versions and the name
and content of every file read (data files, overlays), so an edited file is a new key and
stale data is never served. Only valid catalogues are cached. A cache that cannot be read or
written is ignored: it is an optimisation, never a source of truth.

Where: ``$INDEPENDENCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/independence``, else
``~/.cache/independence``. ``INDEPENDENCE_CACHE=0`` turns it off. The files are pickles
written by this library into the user's own cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from independence.model._base import SCHEMA_FOLDER

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["cache_dir", "cache_key", "load", "store"]


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is turned off."""
    if os.environ.get("INDEPENDENCE_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("INDEPENDENCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "independence"


def _files(root: Path) -> Iterable[Path]:
    """Every file the loader reads (or reports) under ``root``; the schemas folder is not one."""
    if root.is_dir():
        for directory, folders, files in os.walk(root):
            folders[:] = sorted(
                name
                for name in folders
                if not name.startswith(".")
                and not (Path(directory) == root and name == SCHEMA_FOLDER)
            )
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(directory, name)
    else:
        yield root


def cache_key(path: str | os.PathLike[str], overlays: Iterable[str | os.PathLike[str]]) -> str:
    """A hash of everything that decides what loading ``path`` with ``overlays`` gives."""
    import pydantic

    from independence._version import __version__

    digest = hashlib.sha256()
    digest.update(f"{__version__}|{pydantic.VERSION}|{sys.version_info[:3]}|".encode())
    root = Path(path)
    digest.update(os.fspath(path).encode() + b"\0")
    for file in _files(root):
        digest.update(os.fspath(file.relative_to(root) if file != root else file).encode())
        digest.update(b"\0" + file.read_bytes() + b"\0")
    for overlay in overlays:
        digest.update(b"overlay\0" + os.fspath(overlay).encode() + b"\0")
        digest.update(Path(overlay).read_bytes() + b"\0")
    return digest.hexdigest()


def load(key: str) -> Catalog | None:
    """The cached catalogue for ``key``, or ``None`` (missing, unreadable or off)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # a missing, partial or foreign file: load the data instead
        return None
    from independence.catalog import Catalog

    return found if isinstance(found, Catalog) else None


def store(key: str, catalog: Catalog) -> None:
    """Keep ``catalog`` under ``key``; failures (read-only home, full disk) are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(catalog, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
