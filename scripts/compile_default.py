"""Compile the default data (data/) into the package snapshot (default_catalog.json).

    python scripts/compile_default.py          # write it, and its digest
    python scripts/compile_default.py --check  # exit 1 if either is stale

Run it after every change to data/; tests/unit/test_trust.py fails while it is stale. The
snapshot's SHA-256 goes into src/independence/_snapshot_digest.py: the package builds its
snapshot without validating it again only while the bytes match it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from independence.build import load_catalog
from independence.loading.snapshot import FORMAT, digest_of
from independence.model.sections import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "independence" / "default_catalog.json"
DIGEST = ROOT / "src" / "independence" / "_snapshot_digest.py"


def compile_snapshot(path: str | os.PathLike[str]) -> bytes:
    """The snapshot of the data folder at ``path`` (validated first: a ``CatalogError`` if not).

    The output is stable: the same data gives the same bytes. Its shape is
    :class:`independence.loading.snapshot.Snapshot`.
    """
    catalog = load_catalog(path)
    parts = catalog.parts()
    root = os.fspath(path)
    origins: dict[str, list[list[Any]]] = {}
    for name in ("info", *SECTIONS):
        places = origins.setdefault(name, [])
        for _, origin in parts.section(name).entries:
            line, column = origin.place()
            file = os.path.relpath(origin.file or root, root).replace(os.sep, "/")
            places.append([file, line or 1, column or 1, list(origin.path)])
    document = {
        "format": FORMAT,
        "catalogue": catalog.to_document(),
        "origins": origins,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def digest_module(snapshot: bytes) -> str:
    """The text of ``_snapshot_digest.py`` for ``snapshot``'s bytes."""
    return (
        '"""The SHA-256 of ``default_catalog.json``, written by scripts/compile_default.py '
        "(do not\nedit).\n\n"
        "The package's snapshot is built without validating it again only while its bytes match\n"
        'this; any other bytes are validated."""\n\n'
        f'DIGEST = "{digest_of(snapshot)}"\n'
    )


def main() -> int:
    fresh = compile_snapshot(ROOT / "data")
    module = digest_module(fresh)
    if "--check" in sys.argv[1:]:
        stale = [
            path.relative_to(ROOT)
            for path, text in ((TARGET, fresh), (DIGEST, module.encode("utf-8")))
            if not path.is_file() or path.read_bytes() != text
        ]
        for path in stale:
            print(f"{path} is stale: run python scripts/compile_default.py")
        return 1 if stale else 0
    TARGET.write_bytes(fresh)
    DIGEST.write_text(module, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(fresh):,} bytes) and its digest")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
