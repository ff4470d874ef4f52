"""Type checkers catch the mistakes an app makes with the public API (issue #27).

A file of deliberate mistakes, each line marked ``# expect``, is checked with ``mypy --strict``
(and with pyright where it is installed); every marked line must be reported, and nothing else.
The same file without its mistakes must check clean, so the expectations are not met by some
unrelated error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import independence
from independence.model import RiskLevel, SupportStage
from independence.suggestions import SuggestionKind

pytestmark = pytest.mark.slow  # runs a type checker: seconds (see pyproject's markers)

PROGRAM = """
from datetime import date, datetime, timezone

import independence
import independence.model
import independence.suggestions
from independence import Age, Circumstances, Progress
from independence.model import RiskLevel, SupportStage

catalog = independence.default_catalog()
progress = Progress()
due = datetime(2026, 3, 9, 8, 30, tzinfo=timezone.utc)

# right: enums and their values are both accepted
progress.record("pack-school-bag", SupportStage.NEARBY, on=date(2026, 3, 1))
progress.record("pack-school-bag", "check-in", on=date(2026, 3, 1))
catalog.timeline("walk-to-school", due, Circumstances(risk="high"))
catalog.timeline("walk-to-school", due, Circumstances(risk=RiskLevel.LOW))
kind: independence.suggestions.SuggestionKindName = "catch-up"
stage_name: independence.model.SupportStageName = "alone"
first: str = catalog.suggest(Age(years=8), mastered={"pack-school-bag"})[0].id
grace: int = catalog.lookup("walk-to-school", kind="check_in_policies").grace_minutes
title: str = catalog.lookup("pack-school-bag").title
maybe: independence.Responsibility | None = catalog.get("pack-school-bag")

# wrong: each line below is a mistake a type checker must report
progress.record("pack-school-bag", "sideways", on=date(2026, 3, 1))  # expect
catalog.timeline("walk-to-school", due, Circumstances(risk="hgh"))  # expect
catalog.timeline("walk-to-school", due, Circumstances(risks="high"))  # expect
catalog.timeline("walk-to-school", due, risk="high")  # expect
bad_kind: independence.suggestions.SuggestionKindName = "later"  # expect
bad_stage: independence.model.SupportStageName = "halfway"  # expect
catalog.suggest(8, limit="3")  # expect
number: int = catalog.suggest(8)[0].reason  # expect
catalog.suggest(8)[0].responsibility.titel  # expect
catalog.lookup("walk-to-school", kind="check_in_polices")  # expect
catalog.lookup("walk-to-school", kind="check_in_policies").title_typo  # expect
later: int = catalog.get("walk-to-school", kind="check_in_policies").grace_minutes  # expect
independence.RiskLevel.HIGH  # expect
"""


def marked(text: str) -> set[int]:
    return {n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# expect")}


def without_mistakes(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.endswith("# expect")) + "\n"


def reported(output: str, name: str) -> set[int]:
    """Line numbers of the errors reported for the file ``name``."""
    found = set()
    for line in output.splitlines():
        match = re.search(rf"{re.escape(name)}:(\d+):\d+:?\s*(?:-\s*)?error", line)
        if match:
            found.add(int(match.group(1)))
    return found


def test_the_literal_types_list_the_enumerations_values() -> None:
    for alias, enum in (
        (independence.model.SupportStageName, SupportStage),
        (independence.model.RiskLevelName, RiskLevel),
        (independence.suggestions.SuggestionKindName, SuggestionKind),
    ):
        assert list(typing.get_args(alias)) == [member.value for member in enum]


def test_mypy_strict_reports_every_mistake(tmp_path: Path) -> None:
    program = tmp_path / "mistakes.py"
    program.write_text(PROGRAM, encoding="utf-8")
    clean = tmp_path / "clean.py"
    clean.write_text(without_mistakes(PROGRAM), encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir"]
    command += [str(tmp_path / ".mypy_cache"), "--show-column-numbers"]
    result = subprocess.run(
        [*command, str(program)], capture_output=True, text=True, timeout=600, check=False
    )
    assert reported(result.stdout, "mistakes.py") == marked(PROGRAM), result.stdout
    result = subprocess.run(
        [*command, str(clean)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout


def _pyright() -> str | None:
    beside = str(Path(sys.executable).parent)  # in the virtual environment running the tests
    # or the npm package that .ci/run installs where Node is (INDEPENDENCE_NODE_MODULES)
    node_bin = str(Path(os.environ.get("INDEPENDENCE_NODE_MODULES", "/nonexistent")) / ".bin")
    found = (
        shutil.which("pyright")
        or shutil.which("pyright", path=beside)
        or shutil.which("pyright", path=node_bin)
    )
    if found is None:
        return None
    try:
        probe = subprocess.run(
            [found, "--version"], capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found if probe.returncode == 0 else None


def test_pyright_reports_every_mistake(tmp_path: Path) -> None:
    pyright = _pyright()
    if pyright is None:
        pytest.skip(
            "pyright is not installed (npm install pyright, with INDEPENDENCE_NODE_MODULES "
            "naming its node_modules, as .ci/run does where Node is)"
        )
    program = tmp_path / "mistakes.py"
    program.write_text(PROGRAM, encoding="utf-8")
    clean = tmp_path / "clean.py"
    clean.write_text(without_mistakes(PROGRAM), encoding="utf-8")
    command = [pyright, "--pythonpath", sys.executable]
    result = subprocess.run(
        [*command, str(program)], capture_output=True, text=True, timeout=600, check=False
    )
    assert reported(result.stdout, "mistakes.py") == marked(PROGRAM), result.stdout
    result = subprocess.run(
        [*command, str(clean)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout
