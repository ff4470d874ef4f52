"""A session stored by an earlier version still loads, and runs the same (issue #26).

``fixtures/sessions/stored-by-0.2.json`` was written by the code on main before the
circumstances became one value: the session (its circumstances as fields of their own) and
the state that code computed at ``now``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from independence import Age, CheckInSession
from independence.escalation import Circumstances, Place
from independence.model import RiskLevel

STORED = Path(__file__).parent.parent / "fixtures" / "sessions" / "stored-by-0.2.json"


def stored() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(STORED.read_text(encoding="utf-8"))
    return document


def test_a_session_stored_by_0_2_loads_with_its_circumstances() -> None:
    document = stored()
    assert "circumstances" not in document["session"] and "age" in document["session"]
    session = CheckInSession.model_validate(document["session"])
    assert session.circumstances == Circumstances(
        age=Age.parse("9y"),
        risk=RiskLevel.HIGH,
        tz="Europe/London",
        vulnerable=True,
        place=Place(latitude=55.95, longitude=-3.19),
    )
    assert [event.kind.value for event in session.events] == ["time-added", "acknowledged"]
    assert session.zone == "Europe/London"


def test_a_session_stored_by_0_2_is_where_0_2_said_it_was() -> None:
    document = stored()
    session = CheckInSession.model_validate_json(json.dumps(document["session"]))
    state = session.state_at(datetime.fromisoformat(document["now"]))
    assert state.model_dump(mode="json") == document["state"]


def test_a_loaded_session_is_written_in_the_new_shape_and_reads_back() -> None:
    session = CheckInSession.model_validate(stored()["session"])
    written = json.loads(session.model_dump_json())
    assert written["circumstances"]["risk"] == "high" and "risk" not in written
    assert CheckInSession.model_validate_json(session.model_dump_json()) == session


def test_the_old_and_the_new_shape_together_are_refused() -> None:
    document = stored()["session"]
    both = {**document, "circumstances": {"age": "12y"}}
    with pytest.raises(ValueError, match="inside 'circumstances', not beside it"):
        CheckInSession.model_validate(both)
