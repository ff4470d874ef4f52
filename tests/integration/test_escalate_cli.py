"""The escalate command and the catalogue's escalation shortcuts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run

from independence import Catalog, CheckInSession
from independence.escalation import Status


def test_catalog_timeline_uses_the_named_escalation(catalog: Catalog) -> None:
    due = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    plan = catalog.timeline("walk-to-school", due)
    policy = catalog.check_in_policy("walk-to-school")
    assert plan.escalation_policy == policy.escalation
    assert plan.deadline == due + timedelta(minutes=policy.grace_minutes)
    assert plan.steps[-1].action.value == "call-emergency-services"
    late = catalog.escalation_state(
        plan, due + timedelta(hours=1), check_ins=[due + timedelta(minutes=40)]
    )
    assert late.status is Status.RESOLVED
    assert late.on_time is False
    assert late.debrief == catalog.escalation_policy(plan.escalation_policy).resolution.debrief


def test_json_timeline_matches_the_library(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    status, out, _ = run(
        capsys, "escalate", "walk-to-school", "--due", "2026-03-09T08:30+00:00", "--json"
    )
    assert status == 0
    document = json.loads(out)
    plan = catalog.timeline("walk-to-school", datetime(2026, 3, 9, 8, 30, tzinfo=UTC))
    assert [s["at"] for s in document["steps"]] == [s.at.isoformat() for s in plan.steps]
    assert document["steps"][0] == {
        "at": "2026-03-09T08:40:00+00:00",
        "action": "remind-child",
        "target": "child",
        "message": plan.steps[0].message,
        "step": 1,
        "occurrence": 0,
        "safety": False,
    }
    assert document["state"] is None


def test_state_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "escalate",
        "walk-to-school",
        "--due",
        "2026-03-09T08:30+00:00",
        "--now",
        "2026-03-09T08:55+00:00",
        "--json",
    )
    assert status == 0
    state = json.loads(out)["state"]
    assert state["status"] == "missed"
    assert state["active"]["action"] == "call-child"
    assert state["next"]["at"].startswith("2026-03-09T09:00:00")


def test_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "escalate",
        "walk-to-school",
        "--due",
        "2026-03-09T08:30+01:00",
        "--now",
        "2026-03-09T09:05+01:00",
        "--checked-in",
        "2026-03-09T09:02+01:00",
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Check-in walk-to-school: due 2026-03-09T08:30:00+01:00")
    assert "+0 min" in lines[1] and "remind-child" in lines[1]
    assert lines[-1].startswith("At 2026-03-09T09:05:00+01:00: resolved")


def test_a_check_in_from_the_day_before_is_not_counted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue's exact command: it used to say "resolved, on time"."""
    status, out, _ = run(
        capsys,
        "escalate",
        "walk-to-school",
        "--due",
        "2026-11-27T08:30+00:00",
        "--now",
        "2026-11-27T10:30+00:00",
        "--checked-in",
        "2026-11-26T08:30+00:00",
    )
    assert status == 0
    assert "resolved" not in out
    assert "At 2026-11-27T10:30:00+00:00: missed" in out
    assert "Not counted: the check-in at 2026-11-26T08:30:00+00:00" in out


def test_a_check_in_inside_the_window_resolves(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "escalate",
        "walk-to-school",
        "--due",
        "2026-11-27T08:30+00:00",
        "--now",
        "2026-11-27T10:30+00:00",
        "--checked-in",
        "2026-11-27T07:00+00:00",
        "--json",
    )
    assert status == 0
    document = json.loads(out)
    assert document["opens"] == "2026-11-27T06:30:00+00:00"
    assert document["state"]["status"] == "resolved"
    assert document["state"]["on_time"] is True
    assert document["state"]["not_counted"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--due", "2026-03-09T08:30"], "has no UTC offset"),
        (["--due", "tomorrow"], "is not an ISO 8601 date and time"),
        (["--due", "2026-03-09T08:30Z", "--checked-in", "2026-03-09T08:31Z"], "needs --now"),
        (["--due", "2026-03-09T08:30Z", "--age", "19"], "out of range"),
    ],
)
def test_usage_mistakes(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, out, err = run(capsys, "escalate", "walk-to-school", *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--due", "9999-12-31T23:00+00:00"],
        ["--due", "9999-12-31T20:00-05:00"],
        ["--due", "0001-01-01T00:00+00:00"],
        ["--due", "0001-01-01T00:30+01:00"],
        ["--due", "2026-11-27T08:30Z", "--now", "9999-12-31T23:59+00:00"],
        ["--due", "2026-11-27T08:30Z", "--now", "0001-01-01T00:00Z"],
        [
            "--due",
            "2026-11-27T08:30Z",
            "--now",
            "2026-11-27T09:00Z",
            "--checked-in",
            "0001-01-01T00:00Z",
        ],
        [
            "--due",
            "2026-11-27T08:30Z",
            "--now",
            "2026-11-27T09:00Z",
            "--checked-in",
            "9999-12-31T23:59Z",
        ],
    ],
)
def test_far_future_and_far_past_times_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """They used to raise OverflowError with a traceback."""
    status, out, err = run(capsys, "escalate", "walk-to-school", *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "is out of range" in err


def test_unknown_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "escalate", "walk-to-scool", "--due", "2026-03-09T08:30Z")
    assert status == 2
    assert "did you mean 'walk-to-school'" in err


# --- Sessions: an event log in, the state and the next wake-up out ---------------------------

SESSION = ["escalate", "walk-to-school", "--due", "2026-11-27T08:30+00:00", "--age", "12"]


def test_a_session_from_events_prints_the_state_and_the_wake_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        capsys,
        *SESSION,
        "--now",
        "2026-11-27T08:50+00:00",
        "--event",
        "time-added@2026-11-27T08:20+00:00:10",
        "--event",
        "acknowledged@2026-11-27T08:43+00:00",
    )
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Session walk-to-school: due 2026-11-27T08:40:00+00:00")
    assert "  2026-11-27T08:20:00+00:00  time-added (by child, minutes 10)" in lines
    assert "  2026-11-27T08:50:00+00:00  not sent: remind-child" in lines
    assert lines[-2].startswith("At 2026-11-27T08:50:00+00:00: acknowledged")
    assert lines[-1] == "Wake up at 2026-11-27T08:58:00+00:00 (hold-ends)"


def test_session_json_matches_the_library(
    capsys: pytest.CaptureFixture[str], catalog: Catalog, tmp_path: Path
) -> None:
    log = tmp_path / "events.jsonl"
    log.write_text(
        '{"kind": "location-paused", "at": "2026-11-27T21:10+00:00", "by": "child"}\n'
        "\n"
        '{"kind": "stood-down", "at": "2026-11-27T21:50+00:00", "by": "guardian", "how": "host"}'
        "\n",
        encoding="utf-8",
    )
    argv = ["escalate", "social-outing", "--due", "2026-11-27T21:00+00:00", "--json"]
    argv += ["--session-id", "evening-1"]
    status, out, _ = run(
        capsys, *argv, "--not-after-dark", "--events", str(log), "--now", "2026-11-27T22:00Z"
    )
    assert status == 0
    document = json.loads(out)
    session = CheckInSession.from_catalog(
        catalog,
        "social-outing",
        due=datetime(2026, 11, 27, 21, tzinfo=UTC),
        after_dark=False,
        id="evening-1",
    )
    session = session.add("location-paused", datetime(2026, 11, 27, 21, 10, tzinfo=UTC), by="child")
    session = session.add(
        "stood-down", datetime(2026, 11, 27, 21, 50, tzinfo=UTC), by="guardian", how="host"
    )
    expected = session.state_at(datetime(2026, 11, 27, 22, tzinfo=UTC))
    assert document["state"] == expected.model_dump(mode="json")
    assert document["state"]["status"] == "stood-down"
    assert [e["kind"] for e in document["events"]] == ["location-paused", "stood-down"]


def test_a_timer_session(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "escalate",
        "walk-to-school",
        "--timer",
        "25",
        "--started",
        "2026-11-27T08:05+00:00",
        "--age",
        "9",
        "--now",
        "2026-11-27T08:06+00:00",
        "--json",
    )
    assert status == 0
    state = json.loads(out)["state"]
    assert (state["status"], state["due"], state["wake_for"]) == (
        "waiting",
        "2026-11-27T08:30:00Z",
        "due",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--event", "arrived@2026-11-27T08:31+00:00"], "needs --now"),
        (["--now", "2026-11-27T09:00Z", "--event", "landed@2026-11-27T08:31Z"], "unknown kind"),
        (["--now", "2026-11-27T09:00Z", "--event", "arrived"], "is not KIND[/BY][#ID]@TIME[:ARG]"),
        (["--now", "2026-11-27T09:00Z", "--event", "arrived@2026-11-27T08:31"], "no UTC offset"),
        (["--now", "2026-11-27T09:00Z", "--event", "time-added@2026-11-27T08:20Z"], "MINUTES"),
        (["--now", "2026-11-27T09:00Z", "--event", "time-added@2026-11-27T08:20Z:ten"], "whole"),
        (["--now", "2026-11-27T09:00Z", "--event", "arrived@2026-11-27T08:20Z:x"], "no ':ARG'"),
        (["--now", "2026-11-27T09:00Z", "--event", "stood-down@2026-11-27T08:50Z:Mum"], "'/WHO'"),
        (
            ["--now", "2026-11-27T09:00Z", "--event", "location-paused@2026-11-27T08:50Z:dog"],
            "Input should be 'child'",
        ),
        (["--now", "2026-11-27T09:00Z", "--event", "sos@9999-12-31T23:00Z"], "out of range"),
        (
            ["--now", "2026-11-27T09:00Z", "--event", "arrived@2026-11-26T08:30Z"],
            "before the session's window opens",
        ),
        (
            [
                "--now",
                "2026-11-27T09:00Z",
                "--event",
                "checked-in@2026-11-27T08:50Z",
                "--event",
                "checked-in@2026-11-27T08:40Z",
            ],
            "out of order",
        ),
        (
            ["--now", "2026-11-27T08:00Z", "--event", "arrived@2026-11-27T08:50Z"],
            "before the last event",
        ),
        (
            [
                "--now",
                "2026-11-27T09:00Z",
                "--event",
                "arrived@2026-11-27T08:50Z",
                "--checked-in",
                "2026-11-27T08:50Z",
            ],
            "--checked-in is for timelines",
        ),
    ],
)
def test_session_usage_mistakes(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *SESSION, *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_a_bad_line_in_an_events_file_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = tmp_path / "events.jsonl"
    log.write_text('{"kind": "arrived", "at": "2026-11-27T08:31Z"}\n{"kind": "landed"}\n')
    status, _, err = run(capsys, *SESSION, "--now", "2026-11-27T09:00Z", "--events", str(log))
    assert status == 2
    assert err.count("\n") == 1 and f"{log}:2: " in err


def test_timer_needs_started(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "escalate", "walk-to-school", "--timer", "25", "--now", "2026-11-27T09:00Z"
    )
    assert status == 2 and "--timer needs --started" in err


def test_vulnerable_takes_the_faster_path(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["escalate", "social-outing", "--due", "2026-06-12T14:00:00Z", "--json"]
    status, out, _ = run(capsys, *argv, "--vulnerable")
    assert status == 0
    marked = json.loads(out)
    _, out, _ = run(capsys, *argv)
    plain = json.loads(out)
    assert marked["conditions"] == ["vulnerable-child"] and plain["conditions"] == []
    assert "call-police-non-emergency" in [s["action"] for s in plain["steps"]]
    assert "call-police-non-emergency" not in [s["action"] for s in marked["steps"]]
    # a session too: at the 14:20 deadline the next reminder comes 5 minutes on, not 10
    session = ["escalate", "social-outing", "--timer", "20", "--started", "2026-06-12T13:40:00Z"]
    session += ["--now", "2026-06-12T14:21:00Z", "--json"]
    nexts = []
    for extra in (["--vulnerable"], []):
        status, out, err = run(capsys, *session, *extra)
        assert status == 0, err
        nexts.append(json.loads(out)["state"]["next"]["at"])
    assert nexts == ["2026-06-12T14:25:00Z", "2026-06-12T14:30:00Z"]


def test_a_session_for_young_children_too_needs_the_age(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["escalate", "walk-to-school", "--due", "2026-11-27T08:30+00:00"]
    argv += ["--now", "2026-11-27T09:00Z", "--event", "arrived@2026-11-27T08:20Z"]
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert "give the child's age" in err and "--age" in err
    status, _, err = run(capsys, *argv, "--age", "7")
    assert status == 0, err
    status, _, err = run(
        capsys,
        "escalate",
        "social-outing",
        "--due",
        "2026-11-27T21:00+00:00",
        "--now",
        "2026-11-27T21:30Z",
        "--age",
        "8",
        "--event",
        "checked-in@2026-11-27T21:00Z",
    )
    assert status == 2 and "is for children from 15y, not 8y" in err and "'playing-out'" in err
