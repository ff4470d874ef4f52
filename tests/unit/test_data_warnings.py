"""Warnings: valid data that is probably a mistake, placed like problems, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI

from independence import Catalog, DataWarning, load_catalog
from independence.cli import main
from independence.loading.loader import read_parts
from independence.model import EscalationPolicy

#: The mini catalogue's escalation policy, made unreachable in three ways.
UNREACHABLE = """\
    steps:
      - {after_minutes: 0, action: remind-child, target: child, message: Check in please.,
         repeat: {times: 3, every_minutes: 15}}
      - {after_minutes: 30, action: call-emergency-services, target: emergency-services,
         message: Call.}
      - {after_minutes: 40, action: go-to-last-known-place, target: guardian, message: Go.}
      - {after_minutes: 50, action: call-emergency-services, target: emergency-services,
         message: Call again.}
"""
SKIP_ALL = """\
    steps:
      - {after_minutes: 0, action: remind-child, target: child, message: Check in please.}
      - {after_minutes: 10, action: call-child, target: child, message: Call.}
    conditions:
      - {when: young-child, skip_actions: [remind-child, call-child]}
"""
MINI_STEPS = (
    "    steps:\n"
    "      - {after_minutes: 0, action: remind-child, target: child, message: Check in please.}\n"
    "      - {after_minutes: 30, action: call-emergency-services, target: emergency-services,"
    " message: Call.}\n"
)


def variant(tmp_path: Path, steps: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert MINI_STEPS in text
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace(MINI_STEPS, steps), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_shipped_data_has_no_warnings(catalog: Catalog) -> None:
    assert catalog.warnings == ()


def test_unreachable_steps_are_warned_about_with_their_place(tmp_path: Path) -> None:
    path = variant(tmp_path, UNREACHABLE)
    catalog = load_catalog(path)  # loads: warnings are not problems
    found = catalog.warnings
    assert all(isinstance(w, DataWarning) for w in found)
    by_path = {w.path: w for w in found}
    assert set(by_path) == {
        "escalation_policies[0].steps[0].repeat",
        "escalation_policies[0].steps[2]",
        "escalation_policies[0].steps[3]",
    }
    after = by_path["escalation_policies[0].steps[2]"]
    assert "comes after the emergency step (step 2)" in after.message
    assert (after.file, after.line) == (str(path), line_of(path, "go-to-last-known-place"))
    repeat = by_path["escalation_policies[0].steps[0].repeat"]
    assert "repeats until 45 minutes, after step 2 starts (30 minutes)" in repeat.message
    assert "its last repeat comes once the escalation has moved on" in repeat.message
    assert repeat.line == line_of(path, "repeat: {times: 3")
    assert str(after).startswith(f"{path}:{after.line}:")
    assert ": warning: " in str(after)


def test_a_condition_that_skips_every_safety_step_is_an_error(tmp_path: Path) -> None:
    # It was a warning on records read without the cross-record checks; the model now refuses
    # it, in a file as in code (issue 22): a young child's missed check-in would alert nobody.
    path = variant(tmp_path, SKIP_ALL)
    _, problems = read_parts(path)
    (problem,) = problems
    assert "no safety step left when young-child apply together" in problem.message
    assert problem.line is not None


def test_warnings_of_a_catalogue_built_in_python(catalog: Catalog) -> None:
    policy = EscalationPolicy.model_validate(
        {
            **catalog.lookup("immediate-response", kind="escalation_policies").model_dump(
                mode="json"
            ),
            "steps": [
                {
                    "after_minutes": 0,
                    "action": "call-emergency-services",
                    "target": "child",
                    "message": "Call.",
                },
                {"after_minutes": 5, "action": "call-child", "target": "child", "message": "Go."},
                {
                    "after_minutes": 60,
                    "action": "call-emergency-services",
                    "target": "emergency-services",
                    "message": "Call again.",
                },
            ],
        }
    )
    fields = {name: getattr(catalog, name) for name in Catalog.model_fields}
    fields["escalation_policies"] = tuple(
        policy if p.id == policy.id else p for p in catalog.escalation_policies
    )
    built = Catalog(**fields)
    first, second = built.warnings
    assert first.file is None and first.path.endswith(".steps[1]")
    assert second.path.endswith(".steps[2]")


def test_validate_prints_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = variant(tmp_path, UNREACHABLE)
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len([line for line in lines if ": warning: " in line]) == 3
    assert lines[-1].endswith("; 3 warnings")
    assert err == ""
    assert main(["validate", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is True
    (report,) = document["catalogs"]
    assert [w["path"] for w in report["warnings"]] == [
        "escalation_policies[0].steps[0].repeat",
        "escalation_policies[0].steps[2]",
        "escalation_policies[0].steps[3]",
    ]
    assert set(report["warnings"][0]) == {"file", "line", "column", "path", "message"}


def test_a_policy_with_no_safety_step_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = variant(
        tmp_path,
        """\
    steps:
      - {after_minutes: 0, action: remind-child, target: child, message: Check in please.}
""",
    )
    assert main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert "escalation_policies[0].steps: no safety step" in out
