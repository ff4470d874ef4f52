"""The escalate command and the catalogue's escalation shortcuts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run

from independence import Catalog, CheckInSession
from independence.escalation import Circumstances, EscalationStatus


def test_catalog_timeline_uses_the_named_escalation(catalog: Catalog) -> None:
    due = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    plan = catalog.timeline("walk-to-school", due)
    policy = catalog.lookup("walk-to-school", kind="check_in_policies")
    assert plan.escalation_policy == policy.escalation
    assert plan.deadline == due + timedelta(minutes=policy.grace_minutes)
    assert plan.steps[-1].action.value == "call-emergency-services"
    late = catalog.escalation_state(
        plan, due + timedelta(hours=1), check_ins=[due + timedelta(minutes=40)]
    )
    assert late.status is EscalationStatus.RESOLVED
    assert late.on_time is False
    assert (
        late.debrief
        == catalog.lookup(plan.escalation_policy, kind="escalation_policies").resolution.debrief
    )


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
        id="evening-1",
        circumstances=Circumstances(after_dark=False),
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
    assert status == 1  # invalid input, not a usage mistake
    assert err.count("\n") == 1 and f"{log}:2: " in err and "kind:" in err


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


# --- issue #23: a place, the family's zone, interval messages, disclosure ---------------------


def test_a_place_on_the_command_line_decides_after_dark(capsys: pytest.CaptureFixture[str]) -> None:
    due = ["escalate", "walk-to-school", "--due", "2026-12-10T16:30+00:00", "--age", "7y"]
    status, out, _ = run(capsys, *due, "--lat", "51.5", "--lon", "-0.13", "--json")
    assert status == 0
    london = json.loads(out)
    assert london["darkness"]["basis"] == "sun-at-place"
    assert london["darkness"]["place"] == {"latitude": 51.5, "longitude": -0.13}
    # civil dusk there at about 16:31: the emergency step 19 minutes after the 16:40 deadline
    emergency = [s for s in london["steps"] if s["action"] == "call-emergency-services"]
    assert emergency[0]["at"] == "2026-12-10T16:59:00+00:00"
    status, out, _ = run(capsys, *due, "--lat", "40.71", "--lon", "-74.01", "--json")
    new_york = json.loads(out)  # 11:40 in New York: daylight
    emergency = [s for s in new_york["steps"] if s["action"] == "call-emergency-services"]
    assert emergency[0]["at"] == "2026-12-10T17:18:00+00:00"
    status, out, _ = run(capsys, *due, "--tz", "Europe/London")
    assert status == 0
    assert "After dark: light (sun-at-zone at 51.5083, -0.1253)" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lat", "51.5"], "give --lat and --lon together"),
        (["--lon", "-0.1"], "give --lat and --lon together"),
        (["--lat", "north", "--lon", "0"], "--lat: 'north' is not a number of degrees"),
        (["--lat", "nan", "--lon", "0"], "--lat: 'nan' is not a number of degrees"),
        (["--lat", "1e400", "--lon", "0"], "--lat: '1e400' is not a number of degrees"),
        (["--lat", "90.5", "--lon", "0"], "--lat: '90.5' is out of range"),
        (["--lat", "0", "--lon", "-181"], "--lon: '-181' is out of range"),
        (["--tz", "Mars/Base"], "--tz: unknown time zone 'Mars/Base'"),
        (["--tz", "../etc/passwd"], "is not an IANA time zone"),
    ],
)
def test_a_bad_place_or_zone_is_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    status, out, err = run(
        capsys, "escalate", "walk-to-school", "--due", "2026-12-10T16:30+00:00", *options
    )
    assert status == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_an_interval_session_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "escalate",
        "home-alone-teen",
        "--due",
        "2026-11-27T23:00+00:00",
        "--started",
        "2026-11-27T19:00+00:00",
        "--age",
        "15y",
        "--tz",
        "Europe/London",
        "--now",
        "2026-11-27T20:45+00:00",
        "--event",
        "checked-in@2026-11-27T19:25+00:00",
        "--json",
    )
    assert status == 0
    state = json.loads(out)["state"]
    # the hourly message after 19:25 was due at 20:25 and missed at 20:35, not at 23:10
    assert state["due"] == state["message_due"] == "2026-11-27T20:25:00Z"
    assert state["checked_in_at"] == "2026-11-27T19:25:00Z"
    assert state["status"] == "escalating"
    assert state["darkness"]["basis"] == "sun-at-zone"
    assert state["disclosure"] == {
        "items": ["location", "battery", "signal"],
        "precision": "precise",
    }
    status, out, _ = run(
        capsys,
        "escalate",
        "home-alone-teen",
        "--due",
        "2026-11-27T23:00+00:00",
        "--started",
        "2026-11-27T19:00+00:00",
        "--age",
        "15y",
        "--now",
        "2026-11-27T19:30+00:00",
        "--event",
        "checked-in/app@2026-11-27T19:25+00:00",
    )
    assert status == 0
    assert "May be shared now: nothing" in out
    assert "After dark: dark (fallback-hours)" in out


def test_a_fixed_time_session_from_its_departure(capsys: pytest.CaptureFixture[str]) -> None:
    # 22:00 on the night the clocks go forward: 22:00 BST, 21:00 UTC
    base = ["escalate", "social-outing", "--started", "2026-03-29T18:00+00:00", "--age", "15y"]
    base += ["--now", "2026-03-29T18:30+00:00", "--event", "checked-in@2026-03-29T18:10+00:00"]
    status, out, _ = run(capsys, *base, "--tz", "Europe/London", "--json")
    assert status == 0
    assert json.loads(out)["state"]["due"] == "2026-03-29T22:00:00+01:00"
    status, out, err = run(capsys, *base)
    assert (status, out) == (2, "")
    assert "a fixed-time check-in needs the family's zone: give --tz" in err
    walk = ["escalate", "walk-to-school", "--started", "2026-06-12T07:00+00:00", "--age", "9y"]
    status, out, err = run(
        capsys,
        *walk,
        "--now",
        "2026-06-12T07:30+00:00",
        "--event",
        "checked-in@2026-06-12T07:10+00:00",
    )
    assert (status, out) == (2, "")
    assert "--started alone only for a policy with a fixed-time check-in" in err


ENGINE_LOADED = (
    "import sys\n"
    "from independence.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "engine = ('independence.escalation', 'independence.cli.escalate')\n"
    "print(sorted(m for m in sys.modules if m in engine or m.startswith(engine[0] + '.')), "
    "file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    ("command", "engine"),
    [
        (["suggest", "--age", "8"], False),
        (["escalate", "walk-to-school", "--due", "2026-03-09T08:30+00:00", "--age", "9"], True),
    ],
)
def test_only_escalate_imports_the_engine(command: list[str], engine: bool) -> None:
    """suggest's start-up imports no part of the engine; escalate does (so the check sees it)."""
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_LOADED, *command], capture_output=True, text=True, check=True
    )
    loaded = done.stderr.strip().splitlines()[-1]
    assert (loaded != "[]") is engine, loaded
