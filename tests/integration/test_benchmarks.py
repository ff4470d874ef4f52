"""The benchmarks run (at small sizes) so that they cannot rot; timings are not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # see [tool.pytest.ini_options] markers

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmarks_run() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "cold start" in done.stdout
    assert "x  <= 1.5x" in done.stdout  # a ratio is printed beside its goal
    assert "suggest, 30-item progress vs 30 mastered" in done.stdout
    assert done.stdout.rstrip().endswith("benchmarks: done")


def test_synthetic_catalogue_is_valid(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.synthetic import write_catalog
    finally:
        sys.path.remove(str(ROOT))
    import independence

    catalog = independence.load_catalog(write_catalog(tmp_path / "syn", 250))
    assert len(catalog) == 250
    assert catalog.needs("item-000009", transitive=True)[0].id == "item-000000"
