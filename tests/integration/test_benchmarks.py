"""The benchmarks run (at small sizes) so that they cannot rot.

Nothing here depends on the figures: a verdict is a measurement, so the run is checked for the
report's shape (every row present, every goal judged as "met" or "missed by N%", a why line
under every row that has a goal), and the verdict logic is checked on made-up figures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import independence

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.__main__ import WHY, hostile_verdict, row_lines, verdict  # noqa: E402
from benchmarks.hostile import HOSTILE  # noqa: E402
from benchmarks.synthetic import write_catalog  # noqa: E402

#: Every row of a quick run, by the start of its name.
QUICK_ROWS = (
    "cold start: suggest --age 8 vs one-model process, s",
    "cold start: suggest --age 8 vs pydantic + yaml imports, s",
    "one-model process vs pydantic + yaml imports, s",
    "cold start: suggest --age 8 --locale es vs none",
    "default load: snapshot vs validate_json + build, s",
    "default load: YAML path vs snapshot, s",
    "default YAML load vs bare C parse, s",
    "default YAML load vs C load + validate, s",
    "load 100 items vs bare C parse, s",
    "load 100 items vs C load + validate, s",
    "load 300 items vs bare C parse, s",
    "load 300 items vs C load + validate, s",
    "load 300 items (",
    "peak memory loading 100 items, MiB",
    "peak memory loading 300 items, MiB",
    "load growth 300 / 100 (3x the items)",
    "suggest age-only, es vs no locale, us",
    "suggest personalised, es vs no locale, us",
    "suggest age-only, default catalogue, us",
    "suggest personalised (30 mastered), us",
    "suggest, 30-item progress vs 30 mastered, us",
    "the same, a new Progress object each call, us",
    "band_for, us",
    "responsibility(id), us",
    "suggest age-only, 300 items, us",
    "suggest personalised, 300 items, us",
)

GOAL = re.compile(r"\s(<=|>=|<|>) \d")
VERDICT = re.compile(r"  (met|missed by \d+%)( \(.+\))?$")


@pytest.fixture(scope="module")
def report() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--profile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,  # catches a hang only
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.slow
def test_every_row_is_reported(report: list[str]) -> None:
    measures = [line.strip() for line in report if line.startswith("  ")]
    for name in QUICK_ROWS:
        assert any(line.startswith(name) for line in measures), name
    for name in HOSTILE:
        assert any(line.startswith(name) for line in measures), name
    assert report[-1] == "benchmarks: done"


@pytest.mark.slow
def test_every_goal_has_a_verdict_and_a_why_line_under_it(report: list[str]) -> None:
    judged = 0
    hostile = False
    for number, line in enumerate(report):
        hostile = hostile or "hostile inputs at scale" in line
        stripped = line.strip()
        if stripped.startswith("why:") or "hostile inputs at scale" in line:
            continue
        if GOAL.search(line) or (hostile and line.startswith("    ")):
            judged += 1
            assert VERDICT.search(line), line
            assert report[number + 1].strip().startswith("why: "), line
    assert judged >= 14 + len(HOSTILE)


@pytest.mark.slow
def test_the_profile_is_printed_from_the_load_down(report: list[str]) -> None:
    # which functions make the top of a profile is itself a timing: only its shape is checked,
    # and the load itself, which holds every other call, is always first
    start = next(n for n, line in enumerate(report) if "by cumulative time" in line)
    assert "ncalls" in report[start + 1] and "cumtime" in report[start + 1]
    assert "load_catalog" in report[start + 2]


def test_verdicts_say_met_or_by_how_much_a_goal_is_missed() -> None:
    assert verdict(1.5, "<= 1.5x") == "met"
    assert verdict(2.04, "<= 1.3x") == "missed by 57%"
    assert verdict(20.0, ">= 20") == "met"
    assert verdict(5.0, ">= 20 MB/s") == "missed by 75%"
    assert verdict(1023.9, "< 1,024 MiB") == "met"
    assert verdict(1024.0, "< 1,024 MiB") == "missed by 0%"


@pytest.mark.parametrize(("ours", "judged"), [(1.0, "met"), (2.6, "missed by 100%")])
def test_a_goal_row_has_its_why_line_met_or_missed(ours: float, judged: str) -> None:
    lines = row_lines("cold start: made up, s", ours, 1.0, "s", "<= 1.3x", why="cold start")
    assert lines[0].endswith(f"<= 1.3x  {judged}")
    assert lines[1] == f"    why: {WHY['cold start']}"
    assert len(lines) == 2


def test_a_row_without_a_floor_is_judged_on_its_value() -> None:
    met, missed = (
        row_lines("band_for, us", value, None, "us", "<= 1 us", why="band_for")
        for value in (0.4, 1.5)
    )
    assert met[0].endswith("<= 1 us  met") and missed[0].endswith("<= 1 us  missed by 50%")
    assert met[1].startswith("    why: ") and missed[1].startswith("    why: ")


def test_a_context_row_is_not_judged_and_has_no_why_line() -> None:
    lines = row_lines("default load: YAML path vs snapshot, s", 9.0, 1.0, "s", "(why it ships)")
    assert lines == [lines[0]] and lines[0].endswith("(why it ships)")
    assert not VERDICT.search(lines[0])


def test_a_goal_without_a_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="names no reason"):
        row_lines("new row, s", 1.0, 1.0, "s", "<= 1.2x")


def test_a_hostile_input_is_judged_on_the_worse_bound_and_on_its_error() -> None:
    assert hostile_verdict(2.0, 40.0, "CatalogError (1 problems)") == "met"
    assert hostile_verdict(45.0, 40.0, "CatalogError (1 problems)") == "missed by 50%"
    assert hostile_verdict(45.0, 4096.0, "CatalogError (1 problems)") == "missed by 100%"
    assert hostile_verdict(1.0, 40.0, "loaded") == "missed by 100% (no CatalogError)"


@pytest.mark.slow
def test_synthetic_catalogue_is_valid(tmp_path: Path) -> None:
    catalog = independence.load_catalog(write_catalog(tmp_path / "syn", 250))
    assert len(catalog) == 250
    assert catalog.needs("item-000009", transitive=True)[0].id == "item-000000"
