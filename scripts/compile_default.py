"""Compile the default data (data/) into the package snapshot (default_catalog.json).

    python scripts/compile_default.py          # write it
    python scripts/compile_default.py --check  # exit 1 if it is stale

Run it after every change to data/; tests/unit/test_trust.py fails while it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from independence.loading.snapshot import compile_snapshot

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "independence" / "default_catalog.json"


def main() -> int:
    fresh = compile_snapshot(ROOT / "data")
    if "--check" in sys.argv[1:]:
        if not TARGET.is_file() or TARGET.read_bytes() != fresh:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python scripts/compile_default.py")
            return 1
        return 0
    TARGET.write_bytes(fresh)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(fresh):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
