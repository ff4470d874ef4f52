"""Every refusal is one clear line naming what the user gave (issue 27, item 5): no pydantic
dump of the whole input, no link, no parameter name where an option was typed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import run

import independence
from independence.errors import one_line
from independence.escalation import Circumstances

DUE = "2026-03-09T08:00+00:00"


def test_an_unknown_zone_is_one_line_without_the_input(catalog: independence.Catalog) -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'") as refused:
        independence.CheckInSession.from_catalog(
            catalog,
            "walk-to-school",
            due=datetime(2026, 3, 9, 8, tzinfo=UTC),
            circumstances=Circumstances(age=independence.Age.parse("9y"), tz="Mars/Base"),
        )
    message = str(refused.value)
    assert "\n" not in message
    assert "input_value" not in message and "errors.pydantic.dev" not in message


def test_a_bound_reads_as_words() -> None:
    with pytest.raises(ValueError, match="less than or equal to 240") as refused:
        independence.Event.model_validate({"kind": "time-added", "at": DUE, "minutes": 500})
    assert one_line(refused.value) == "minutes: must be at most 240"
    assert one_line(ValueError("first line\nsecond")) == "first line"


def test_the_timer_option_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        *("escalate", "walk-to-school", "--age", "9", "--timer", "100000"),
        *("--started", "2026-03-09T07:00+00:00", "--now", DUE),
        *("--event", "arrived@2026-03-09T07:10+00:00"),
    )
    assert (status, out) == (2, "")
    assert err == "independence: error: --timer must be 1 to 1440 minutes, not 100000\n"


def test_the_minutes_of_an_event_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    event = "time-added@2026-03-09T07:30+00:00:500"
    status, out, err = run(
        capsys,
        *("escalate", "walk-to-school", "--age", "9", "--due", DUE, "--now", DUE),
        *("--event", event),
    )
    assert (status, out) == (2, "")
    assert err == f"independence: error: --event: {event!r}: MINUTES must be at most 240\n"
