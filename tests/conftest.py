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

DATA = Path(independence.data_path())
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
    quick = reader._read_quick(data)
    if exact.problems:
        assert quick is reader._UNSURE, exact.problems
    elif quick is not reader._UNSURE:
        assert repr(quick) == repr(exact.value)  # repr: True is not 1, nor a tuple a list
