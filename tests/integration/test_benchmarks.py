"""The benchmarks run (at small sizes) so that they cannot rot; timings are not asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # see [tool.pytest.ini_options] markers

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmarks_run() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--profile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "cold start" in done.stdout
    assert "x  <= 1.5x" in done.stdout  # a ratio is printed beside its goal
    assert "suggest, 30-item progress vs 30 mastered" in done.stdout
    # the throughput of the largest synthetic load, beside libyaml's events, judged
    assert re.search(r"load 300 items .*MB/s .* >= 20 MB/s  (met|missed by \d+%)", done.stdout)
    # a goal that is missed says why, on the line under it
    lines = done.stdout.splitlines()
    for number, line in enumerate(lines):
        if "missed by" in line and ("cold start" in line or "MB/s" in line):
            assert lines[number + 1].startswith("    why: "), line
    # the profile of that load names the reader and the validation
    assert "by cumulative time" in done.stdout and "load_catalog" in done.stdout
    assert "read_yaml" in done.stdout and "model_validate" in done.stdout
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


def test_verdicts_say_met_or_by_how_much_a_goal_is_missed() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.__main__ import verdict
    finally:
        sys.path.remove(str(ROOT))
    assert verdict(1.5, "<= 1.5x") == "met"
    assert verdict(2.04, "<= 1.3x") == "missed by 57%"
    assert verdict(20.0, ">= 20") == "met"
    assert verdict(5.0, ">= 20 MB/s") == "missed by 75%"
    assert verdict(1023.9, "< 1,024 MiB") == "met"
    assert verdict(1024.0, "< 1,024 MiB") == "missed by 0%"
