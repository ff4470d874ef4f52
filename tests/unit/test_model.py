"""The records' own rules: what each model accepts and refuses, without a catalogue."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, time
from typing import Any

import pytest
from pydantic import ValidationError

from independence import AgeBand, CatalogError, Problem, Responsibility
from independence.age import Age
from independence.model import (
    Action,
    CheckInPolicy,
    Condition,
    LocationSharing,
    TimeWindow,
    Trigger,
)


def band(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "young",
        "title": "Young",
        "from_month": 0,
        "to_month": 30,
        "focus": "Small steps.",
        "review_interval_months": 6,
        "connection_rituals": ["Meals."],
    }
    return base | changes


def test_band_contains_and_label() -> None:
    young = AgeBand.model_validate(band())
    assert young.contains(Age(years=2, months=5))
    assert not young.contains(Age(years=2, months=6))
    assert young.label == "0y-2y6m"
    assert AgeBand.model_validate(band(from_month=180, to_month=216)).label == "15y-18y"


def test_band_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationError, match=r"to_month \(10\) must be after from_month \(10\)"):
        AgeBand.model_validate(band(from_month=10, to_month=10))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"review_interval_months": "6"}, "valid integer"),
        ({"review_interval_months": True}, "valid integer"),
        ({"colour": "blue"}, "Extra inputs are not permitted"),
        ({"id": "Young"}, "String should match pattern"),
        ({"focus": "   "}, "String should match pattern"),
        ({"connection_rituals": []}, "at least 1 item"),
    ],
)
def test_records_are_strict(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AgeBand.model_validate(band(**changes))


def test_records_are_frozen() -> None:
    young = AgeBand.model_validate(band())
    with pytest.raises(ValidationError, match="frozen"):
        young.title = "Other"  # type: ignore[misc]


def test_triggers_match_their_kind() -> None:
    assert Trigger.model_validate({"kind": "fixed-time", "at": "21:30", "description": "x"}).at == (
        time(21, 30)
    )
    with pytest.raises(ValidationError, match="needs 'every_minutes'"):
        Trigger.model_validate({"kind": "interval", "description": "x"})
    with pytest.raises(ValidationError, match="'at' is only for fixed-time"):
        Trigger.model_validate({"kind": "arrival", "at": "09:00", "description": "x"})
    with pytest.raises(ValidationError, match="only for interval triggers, not sos"):
        Trigger.model_validate({"kind": "sos", "every_minutes": 30, "description": "x"})
    with pytest.raises(ValidationError, match="quoted 'HH:MM'"):
        Trigger.model_validate({"kind": "fixed-time", "at": "25:00", "description": "x"})


def test_pause_rules() -> None:
    with pytest.raises(ValidationError, match="who may pause"):
        LocationSharing.model_validate({"mode": "while-out", "pausable": True})
    with pytest.raises(ValidationError, match="cannot be pausable"):
        LocationSharing.model_validate({"mode": "off", "pausable": True, "paused_by": ["child"]})
    with pytest.raises(ValidationError, match="need pausable: true"):
        LocationSharing.model_validate({"mode": "while-out", "paused_by": ["child"]})


def test_time_window_across_midnight() -> None:
    night = TimeWindow.model_validate({"start": "19:00", "end": "07:00"})
    assert night.contains(time(23, 0))
    assert night.contains(time(6, 59))
    assert not night.contains(time(7, 0))
    day = TimeWindow.model_validate({"start": "08:00", "end": "16:00"})
    assert day.contains(time(8, 0))
    assert not day.contains(time(16, 0))
    with pytest.raises(ValidationError, match="window is empty"):
        TimeWindow.model_validate({"start": "08:00", "end": "08:00"})


def policy(**changes: Any) -> CheckInPolicy:
    base: dict[str, Any] = {
        "id": "walk",
        "title": "Walk",
        "summary": "A walk.",
        "triggers": [{"kind": "arrival", "description": "Text on arrival."}],
        "channels": ["text"],
        "grace_minutes": 5,
        "location": {"mode": "while-out"},
        "contexts": ["travel"],
        "escalation": "nudge",
    }
    return CheckInPolicy.model_validate(base | changes)


def test_after_dark_in_the_policy_zone() -> None:
    dark = {"start": "19:00", "end": "07:00"}
    london = policy(dark_hours=dark, timezone="Europe/London")
    assert london.is_after_dark(datetime(2026, 7, 1, 19, 30, tzinfo=UTC))  # 20:30 in London
    assert not london.is_after_dark(datetime(2026, 7, 1, 17, 30, tzinfo=UTC))
    assert not policy().is_after_dark(datetime(2026, 7, 1, 23, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        london.is_after_dark(datetime(2026, 7, 1, 20, 0))
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Base'"):
        policy(timezone="Mars/Base")


def test_conditions() -> None:
    assert Condition.model_validate({"when": "young-child", "delay_percent": 50})
    with pytest.raises(ValidationError, match="'under' is no longer set per policy"):
        Condition.model_validate({"when": "young-child", "under": "10y", "delay_percent": 50})
    with pytest.raises(ValidationError, match="must shorten delays"):
        Condition.model_validate({"when": "after-dark"})
    with pytest.raises(ValidationError, match="may only skip remind-child, call-child or"):
        Condition.model_validate({"when": "high-risk", "skip_actions": ["call-emergency-services"]})
    with pytest.raises(ValidationError, match="greater than or equal to 25"):
        Condition.model_validate({"when": "high-risk", "delay_percent": 20})
    skip_101 = {"when": "vulnerable-child", "skip_actions": ["call-police-non-emergency"]}
    assert Condition.model_validate(skip_101).skip_actions == (Action.CALL_POLICE_NON_EMERGENCY,)
    assert not Action.REMIND_CHILD.is_safety_step
    assert Action.CALL_CHILD.is_safety_step
    assert Action.CALL_POLICE_NON_EMERGENCY.is_safety_step


def test_responsibility_prerequisite_rules() -> None:
    base: dict[str, Any] = {
        "id": "tidy",
        "title": "Tidy",
        "summary": "Tidy up.",
        "category": "home",
        "introduce_at": "2y",
        "independent_by": "4y",
        "support_ladder": [
            {"stage": "together", "description": "a"},
            {"stage": "nearby", "description": "b"},
            {"stage": "alone", "description": "c"},
        ],
        "done_when": ["Done."],
        "risk": "low",
        "guiding_questions": ["Where?", "When?"],
        "trust_framing": "You can.",
        "reconnection": "A hug.",
        "sources": ["src"],
    }
    assert Responsibility.model_validate(base).introduce_at == Age(years=2)
    with pytest.raises(ValidationError, match="cannot be its own prerequisite"):
        Responsibility.model_validate(base | {"prerequisites": ["tidy"]})
    with pytest.raises(ValidationError, match="lists a more than once"):
        Responsibility.model_validate(base | {"prerequisites": ["a", "a"]})
    with pytest.raises(ValidationError, match="'7y12m': months after the years"):
        Responsibility.model_validate(base | {"introduce_at": "7y12m"})


def test_problem_and_error_text() -> None:
    first = Problem("a.yaml", 3, 5, "bands[0].id", "bad id")
    loose = Problem(None, None, None, "", "no bands")
    error = CatalogError([loose, first])
    assert str(first) == "a.yaml:3:5: bands[0].id: bad id"
    assert str(loose) == "<data>: <document>: no bands"
    assert error.problems == (loose, first)
    assert str(error) == "<data>: <document>: no bands\na.yaml:3:5: bands[0].id: bad id"
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    with pytest.raises(ValueError, match="at least one problem"):
        CatalogError([])
