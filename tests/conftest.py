"""Shared fixtures and helpers: the default catalogue, the mini catalogue, small data sets, and
one way to run the command line.

Test modules import :data:`MINI` and :func:`run` from here (``from conftest import MINI, run``).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import independence

# No test asserts a timing (benchmarks/ measures them): Hypothesis's per-example deadline and its
# too_slow health check (data generation timed against a budget) would turn a busy shared machine
# into a red run, so both are off for every property test. A test that names its own
# suppress_health_check list names too_slow again (tests/unit/test_suite.py checks it).
settings.register_profile(
    "independence", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("independence")

DATA = Path(independence.build.data_path())
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the benchmarks package (hostile inputs) is imported by tests
    sys.path.insert(0, str(ROOT))


#: A small catalogue in one file: two bands, two categories, four responsibilities, one
#: check-in policy, one escalation policy, one source.
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


@pytest.fixture(scope="session")
def catalog() -> independence.Catalog:
    return independence.default_catalog()


@pytest.fixture(scope="session")
def mini() -> independence.Catalog:
    """The catalogue of :data:`MINI`."""
    return independence.load_catalog(MINI)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``independence *argv`` in this process: ``(exit status, stdout, stderr)``."""
    from independence.cli import main

    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` (dedented) to ``tmp_path / name`` and return the path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


pytest_plugins = ["pytester"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/snapshots/ from the current data instead of comparing",
    )


def walks_agree(data: bytes) -> None:
    """The YAML reader's quick walk reads a clean file as the exact walk does, and leaves every
    problem to it (so every message is worded and placed by the one walker the corpus checks)."""
    from independence.loading import reader

    exact = reader._read(data, track=True)
    # the quick walk as a load takes it, and both of its forms: the one that looks for
    # anchors, tags and control characters on every event, and the plain one, taken for a
    # text that cannot hold any of them
    walks = [reader._read_quick(data), reader._read_quick(data, plain=False)]
    try:
        plain = reader._is_plain(data)
    except UnicodeDecodeError:  # a load reads such bytes no further
        plain = False
    if plain:
        walks.append(reader._read_quick(data, plain=True))
    for quick in walks:
        if exact.problems:
            assert quick is reader._UNSURE, exact.problems
        elif quick is not reader._UNSURE:
            assert repr(quick) == repr(exact.value)  # repr: True is not 1, nor a tuple a list


def suggest_oracle(
    catalog: independence.Catalog, month: int, recorded: dict[str, str]
) -> list[tuple[str, str]]:
    """``(id, kind)`` of the personalised answer, by brute force over every item.

    The rule of ``docs/concepts/progress.md`` written out plainly, from the records alone
    (none of the catalogue's indexes): ``recorded`` maps ids to stage values, as a
    ``Progress`` would (a ``mastered`` set is each id at ``alone``).
    """
    from independence.model import SupportStage

    items = {item.id: item for item in catalog.responsibilities}
    category_rank = {category.id: rank for rank, category in enumerate(catalog.categories)}
    position = {item.id: rank for rank, item in enumerate(catalog.responsibilities)}

    def end(id: str) -> int:  # a window closing at 17y11m stays open through that month
        months = items[id].independent_by.total_months
        return 216 if months == 215 else months

    def rank(id: str) -> tuple[int, int, int, int]:
        item = items[id]
        return (
            item.independent_by.total_months,
            item.introduce_at.total_months,
            category_rank[item.category],
            position[id],
        )

    def below(id: str) -> set[str]:
        found: set[str] = set()
        for prerequisite in items[id].prerequisites:
            found |= {prerequisite} | below(prerequisite)
        return found

    mastered: set[str] = set()
    for id, stage in recorded.items():
        top = items[id].support_ladder[-1].stage
        if stage == "alone" or SupportStage(stage).rank >= top.rank:
            mastered |= {id} | below(id)
    active = {id for id in recorded if id not in mastered}

    def met(id: str) -> bool:
        return all(
            p in mastered or (p not in active and end(p) <= month) for p in items[id].prerequisites
        )

    free = [id for id in items if id not in mastered and id not in active and met(id)]
    now = [id for id in free if items[id].introduce_at.total_months <= month < end(id)]
    worth = [id for id in free if 0 <= month - end(id) < 24]
    return (
        [(id, "in-progress") for id in sorted(active, key=rank)]
        + [(id, "now") for id in sorted(now, key=rank)]
        + [(id, "catch-up") for id in sorted(worth, key=lambda id: (-end(id), rank(id)))]
    )
