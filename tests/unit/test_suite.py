"""The suite's own hygiene: no test's outcome may depend on how fast or busy the machine is.

Timings live in ``python -m benchmarks``; these checks read the test files themselves, so a new
test that times something, or that gives Hypothesis back a deadline or its too_slow health check,
fails here before it can fail on a busy CI machine.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parents[1]
#: A subprocess or wait given less than this is a timing, not a guard against a hang.
HANG_GUARD_SECONDS = 600
CLOCKS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time"}


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Call):
                yield path, node


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(TESTS)}:{getattr(node, 'lineno', '?')}"


def test_the_hypothesis_profile_has_no_deadline_and_no_too_slow_check() -> None:
    loaded = settings.default
    assert loaded is not None
    assert loaded.deadline is None
    assert HealthCheck.too_slow in loaded.suppress_health_check


def test_no_test_gives_hypothesis_a_deadline() -> None:
    found = [
        _where(path, call)
        for path, call in _calls()
        if (value := _keyword(call, "deadline")) is not None
        and not (isinstance(value, ast.Constant) and value.value is None)
    ]
    assert not found, f"a per-example deadline is a timing: {found}"


def test_every_own_health_check_list_keeps_too_slow_off() -> None:
    found = [
        _where(path, call)
        for path, call in _calls()
        if (value := _keyword(call, "suppress_health_check")) is not None
        and "too_slow" not in ast.unparse(value)
    ]
    assert not found, f"a suppress_health_check list without too_slow: {found}"


def test_every_timeout_only_catches_a_hang() -> None:
    found = [
        _where(path, call)
        for path, call in _calls()
        if isinstance(value := _keyword(call, "timeout"), ast.Constant)
        and isinstance(value.value, int | float)
        and value.value < HANG_GUARD_SECONDS
    ]
    assert not found, f"a timeout shorter than {HANG_GUARD_SECONDS} s: {found}"


def test_no_test_reads_a_clock() -> None:
    found = [
        _where(path, call)
        for path, call in _calls()
        if isinstance(call.func, ast.Attribute)
        and call.func.attr in CLOCKS
        and ast.unparse(call.func.value) == "time"
    ]
    assert not found, f"timings belong in benchmarks/: {found}"


def test_the_pre_commit_hooks_run_what_ci_runs() -> None:
    config = yaml.safe_load((TESTS.parent / ".pre-commit-config.yaml").read_text("utf-8"))
    ci = (TESTS.parent / ".ci" / "run").read_text("utf-8")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hooks
    for hook in hooks:
        command = hook["entry"].removeprefix(".venv/bin/")
        if command.startswith("python -m pytest"):
            continue  # CI runs the README's test command: every test, slow ones included
        assert command in ci, command
