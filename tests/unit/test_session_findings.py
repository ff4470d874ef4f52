"""Issue 22, finding by finding: each test reproduces one report and failed on the main the
issue started from (commit fe647e2), where it was checked.

The sessions below are the issue's own: ``walk-to-school`` (standard-check, 10 minutes' grace)
due 08:00 UTC on 9 March 2026, so that without events the emergency call comes at 09:25 for a
child who is not young, and 08:48 for a young one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import independence
from independence import Age, CatalogError, CheckInSession, Event
from independence.escalation import Circumstances, EventKind
from independence.model import EscalationPolicy

MINUTE = timedelta(minutes=1)
DUE = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
TWELVE = Age.parse("12y")
SEVEN = Age.parse("7y")
CATALOG = independence.default_catalog()
FIXTURES = Path(__file__).parent.parent / "fixtures"


def walk(age: Age = TWELVE, **options: Any) -> CheckInSession:
    return CheckInSession.from_catalog(
        CATALOG, "walk-to-school", due=DUE, circumstances=Circumstances(age=age), **options
    )


def t(minutes: int) -> datetime:
    return DUE + minutes * MINUTE


def emergency_calls(session: CheckInSession, now: datetime) -> list[datetime]:
    return [
        s.at.astimezone(UTC)
        for s in session.state_at(now).fired
        if s.action.value == "call-emergency-services"
    ]


# --- A plan change silences a search that has begun -----------------------------------------


@pytest.mark.parametrize(
    ("kind", "refusal"),
    [
        ("plan-changed", "a plan-changed event needs 'by'"),
        ("plan-changed/child", "after the deadline only a grown-up"),
        ("plan-changed/app", "after the deadline only a grown-up"),
        ("plan-changed/guardian", "only 60 more minutes may be added"),
    ],
)
def test_a_plan_change_cannot_silence_a_search_that_has_begun(
    capsys: pytest.CaptureFixture[str], kind: str, refusal: str
) -> None:
    """The issue's command: a change to 2999, 40 minutes after the due time."""
    from independence.cli import main

    status = main(
        [
            "escalate",
            "walk-to-school",
            "--due",
            "2026-03-09T08:00+00:00",
            "--now",
            "2026-03-09T10:00+00:00",
            "--age",
            "12",
            "--event",
            f"{kind}@2026-03-09T08:40+00:00:2999-01-01T00:00+00:00",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert refusal in err and err.count("\n") == 1


def test_a_grown_ups_plan_change_cannot_put_off_a_step_beyond_the_cap() -> None:
    with pytest.raises(ValueError, match="only 60 more minutes may be added"):
        walk().add("plan-changed", t(40), by="guardian", due=datetime(2999, 1, 1, tzinfo=UTC))
    changed = walk().add("plan-changed", t(40), by="guardian", due=t(60))
    assert emergency_calls(changed, t(24 * 60))[0] == t(85 + 60)  # put off by the cap, no more


def test_48_plan_changes_cannot_push_the_due_time_a_day() -> None:
    session = walk().add("plan-changed", t(-60), by="guardian", due=t(60))
    with pytest.raises(ValueError, match="only 0 more minutes may be added"):
        session.add("plan-changed", t(-50), by="guardian", due=t(120))
    # time added and plan changes share the one cap
    with pytest.raises(ValueError, match="only 0 more minutes may be added"):
        session.add("time-added", t(-50), minutes=5)
    assert emergency_calls(session, t(24 * 60))[0] == t(60 + 85)


def test_rounds_of_acknowledge_then_change_leave_the_emergency_call_in_place() -> None:
    session, refused = walk(), []
    for round_ in range(20):
        moment = t(10 + 14 * round_)
        session = session.add("acknowledged", moment)
        try:
            session = session.add("plan-changed", moment, by="guardian", due=moment + 14 * MINUTE)
        except ValueError as error:
            refused.append(str(error))
    assert refused and all("more minutes may be added" in reason for reason in refused)
    # the first emergency call: 09:25 without events, never more than the cap (60) later
    assert emergency_calls(session, t(24 * 60))[0] <= t(85 + 60)


def test_a_pause_stays_refused_while_a_search_runs_whatever_changed() -> None:
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    searching = teen.state_at(t(45)).fired[-1]  # social-outing's first call: 20 + 20 minutes
    assert searching.safety
    changed = teen.add("plan-changed", t(45), by="guardian", due=t(50))
    for who in ("child", "guardian"):
        with pytest.raises(ValueError, match="sharing stays on until the session ends"):
            changed.add("location-paused", t(46), by=who)


# --- Anyone can stand down ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["child", "app", "Mum", "anyone"])
def test_only_a_grown_up_stands_down_never_the_child_side(who: str) -> None:
    alarm = walk().add("sos", t(-20))
    with pytest.raises(ValueError, match=r"stood-down event comes from|Input should be"):
        alarm.add("stood-down", t(-19), by=who, how="all fine")  # type: ignore[arg-type]
    assert alarm.add("stood-down", t(-19), by="guardian", how="rang her").state_at(
        t(-18)
    ).status.value == ("stood-down")


# --- An alarm is refused --------------------------------------------------------------------


def test_a_second_sos_re_alerts_the_urgent_targets() -> None:
    twice = walk().add("sos", t(-20)).add("sos", t(-12))
    state = twice.state_at(t(-12))
    again = [s for s in state.fired if s.at.astimezone(UTC) == t(-12)]
    assert [s.action.value for s in again] == [
        "call-child",
        "tell-other-guardian",
        "contact-trusted-adult",
        "go-to-last-known-place",
    ]
    assert state.status.value == "emergency"


@pytest.mark.parametrize(
    "end",
    [
        ("arrived", {}),
        ("stood-down", {"by": "guardian", "how": "the school rang"}),
    ],
)
def test_an_sos_after_the_end_reopens_the_session_as_an_emergency(
    end: tuple[str, dict[str, Any]],
) -> None:
    kind, details = end
    done = walk().add(kind, t(5), **details)  # type: ignore[arg-type]
    reopened = done.add("sos", t(30))
    state = reopened.state_at(t(30))
    assert state.status.value == "emergency" and state.wake_at is not None
    assert state.next is not None and state.next.action.value == "call-emergency-services"
    assert state.next.at.astimezone(UTC) == t(40)
    assert (state.arrived_at, state.stood_down_at, state.on_time) == (None, None, None)
    again = reopened.add("stood-down", t(45), by="guardian", how="with her now")
    assert again.state_at(t(45)).status.value == "stood-down"


def test_one_sos_fires_each_urgent_action_once() -> None:
    state = walk().add("sos", t(-20)).state_at(t(-20))
    actions = [s.action.value for s in state.fired]
    assert actions.count("call-child") == 1 and len(actions) == len(set(actions))


def test_an_sos_is_taken_even_when_its_clock_is_behind() -> None:
    session = walk().add("checked-in", t(-10)).add("sos", t(-15))
    assert session.state_at(t(-10)).sos_at == t(-10)
    early = walk().add("sos", t(-24 * 60))  # before the window opens (two hours before)
    assert early.state_at(t(-120)).sos_at == t(-120)
    taken = walk().add("arrived", t(-5), id="a1").add("sos", t(-4), id="a1")  # a used id
    assert taken.state_at(t(-4)).status.value == "emergency"


# --- No all-clear ---------------------------------------------------------------------------


def test_the_all_clear_reaches_everyone_already_contacted_except_the_child() -> None:
    late = walk().add("arrived", t(72))  # 08:30 other guardian, 08:40 trusted adult, 08:55 ...
    state = late.state_at(t(80))
    assert [c.target.value for c in state.all_clear] == [
        "other-guardian",
        "trusted-adult",
        "guardian",
        "police-non-emergency",
    ]
    assert all(c.message for c in state.all_clear)
    assert walk().add("arrived", t(-5)).state_at(t(0)).all_clear == ()
    assert walk().state_at(t(80)).all_clear == ()  # not while the child is missing


def test_the_all_clear_is_in_the_catalogues_language() -> None:
    spanish = independence.default_catalog(locale="es")
    session = CheckInSession.from_catalog(
        spanish, "walk-to-school", due=DUE, circumstances=Circumstances(age=TWELVE)
    )
    state = session.add("arrived", t(40)).state_at(t(40))
    english = walk().add("arrived", t(40)).state_at(t(40))
    assert [c.target for c in state.all_clear] == [c.target for c in english.all_clear]
    assert [c.message for c in state.all_clear] != [c.message for c in english.all_clear]
    back = CheckInSession.model_validate_json(session.model_dump_json())
    assert back.add("arrived", t(40)).state_at(t(40)).all_clear == state.all_clear


# --- No follow-up on the grown-ups ----------------------------------------------------------


def test_grown_ups_are_prompted_again_until_one_acknowledges() -> None:
    prompt = walk().escalation.reprompt
    quiet = walk().state_at(t(24 * 60))
    last = quiet.fired[-1 - prompt.times]
    again = quiet.fired[-prompt.times :]
    assert last.action.value == "call-emergency-services"
    assert [s.at - last.at for s in again] == [
        n * prompt.every_minutes * MINUTE for n in range(1, prompt.times + 1)
    ]
    assert [s.action for s in again] == [last.action] * prompt.times
    assert quiet.awaiting_answer == ("guardian", "trusted-adult")
    seen = walk().add("alert-acknowledged", t(86), by="guardian")
    state = seen.state_at(t(24 * 60))
    assert [s.at.astimezone(UTC) for s in state.fired][-1] == t(85)  # no re-prompt after it
    assert state.awaiting_answer == ("trusted-adult",)


def test_nothing_to_acknowledge_before_an_alert() -> None:
    with pytest.raises(ValueError, match="no alert has gone out yet"):
        walk().add("alert-acknowledged", t(5), by="guardian")


# --- Teen timings by omission ---------------------------------------------------------------


def test_a_policy_for_young_children_too_needs_the_childs_age() -> None:
    with pytest.raises(ValueError, match="give the child's age"):
        CheckInSession.from_catalog(CATALOG, "walk-to-school", due=DUE)
    born = walk(age=SEVEN)
    assert emergency_calls(born, t(24 * 60))[0] == t(48)  # not 75 minutes after the deadline
    by_birth = CheckInSession.from_catalog(
        CATALOG, "walk-to-school", due=DUE, born=datetime(2019, 1, 1).date()
    )
    assert by_birth.circumstances.age == Age.parse("7y2m")  # on the due date


def test_a_young_child_on_a_teen_policy_is_refused_with_a_suitable_one_named() -> None:
    with pytest.raises(ValueError, match=r"from 15y, not 7y.*such as .*'playing-out'"):
        CheckInSession.from_catalog(
            CATALOG, "social-outing", due=DUE, circumstances=Circumstances(age=SEVEN)
        )
    policy = CATALOG.lookup("social-outing", kind="check_in_policies")
    escalation = CATALOG.lookup(policy.escalation, kind="escalation_policies")
    with pytest.raises(ValueError, match="is for children from 15y, not 7y"):
        CheckInSession.start(policy, escalation, due=DUE, circumstances=Circumstances(age=SEVEN))


# --- A stored session loses its zone --------------------------------------------------------


def test_a_stored_session_keeps_its_zone_across_the_clock_change() -> None:
    london = ZoneInfo("Europe/London")
    night = datetime(2026, 3, 29, 0, 40, tzinfo=london)
    session = CheckInSession.from_catalog(
        CATALOG, "walk-to-school", due=night, circumstances=Circumstances(age=TWELVE)
    )
    back = CheckInSession.model_validate_json(session.model_dump_json())
    assert back == session and back.zone == "Europe/London"
    now = datetime(2026, 3, 29, 2, 30, tzinfo=london)
    shown, kept = session.state_at(now), back.state_at(now)
    assert kept == shown
    assert kept.next is not None and shown.next is not None
    assert kept.next.at.utcoffset() == timedelta(hours=1)  # BST, not the stored +00:00
    assert kept.next.at.isoformat() == shown.next.at.isoformat()
    state = SessionStateRoundTrip.of(kept)
    assert state == kept


class SessionStateRoundTrip:
    @staticmethod
    def of(state: independence.SessionState) -> independence.SessionState:
        return independence.SessionState.model_validate_json(state.model_dump_json())


# --- No ids ---------------------------------------------------------------------------------


def test_a_retried_event_with_its_id_is_taken_once() -> None:
    once = walk().add("acknowledged", t(12), id="evt-1")
    twice = once.add("acknowledged", t(12), id="evt-1")
    assert twice is once and len(twice.events) == 1


def test_another_event_with_a_used_id_is_refused() -> None:
    once = walk().add("acknowledged", t(12), id="evt-1")
    with pytest.raises(ValueError, match="event id 'evt-1' is already used by event 1"):
        once.add("arrived", t(13), id="evt-1")
    # a branch that never saw evt-1 may use it
    assert len(walk().add("arrived", t(13), id="evt-1").events) == 1


def test_every_firing_has_a_stable_key() -> None:
    session = walk(id="walk-0309")
    before = session.state_at(t(31)).fired
    assert [s.key for s in before] == [
        "walk-0309:1:0",
        "walk-0309:2:0",
        "walk-0309:2:1",
        "walk-0309:3:0",
    ]
    later = session.add("plan-changed", t(31), by="guardian", due=t(45)).state_at(t(24 * 60))
    assert later.fired[: len(before)] == before  # what fired keeps its key
    keys = [s.key for s in later.fired]
    assert len(keys) == len(set(keys))
    assert "walk-0309:1:1" in keys  # the new plan's reminder: the second firing of step 1


# --- Cost: add() replayed every event -------------------------------------------------------


def test_adding_an_event_does_not_replay_the_events_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Structural, not timed: the timeline is laid out once per due time, however many events."""
    from independence.escalation.engine import timeline

    calls = 0
    real = timeline

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr("independence.escalation.session.timeline", counting)
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    for n in range(200):
        kind = EventKind.LOCATION_PAUSED if n % 2 == 0 else EventKind.LOCATION_RESUMED
        teen = teen.add(kind, t(-100) + n * timedelta(seconds=10), by="child")
    assert calls <= 2  # once for the one due time (twice when after dark is decided per step)


# --- Policies built in code ------------------------------------------------------------------


def nudge(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "nudge",
        "title": "Nudge",
        "summary": "Calls only.",
        "urgency": "low",
        "rationale": "A policy for tests.",
        "steps": [
            {"after_minutes": 0, "action": "remind-child", "target": "child", "message": "Hi."},
            {"after_minutes": 10, "action": "call-child", "target": "child", "message": "Call."},
        ],
        "conditions": [{"when": "young-child", "skip_actions": ["call-child"]}],
        "resolution": {"debrief": "Warm welcome.", "reconnection": "A snack together."},
    }
    data.update(changes)
    return data


def test_a_code_built_policy_that_leaves_no_safety_step_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no safety step left when young-child apply") as built:
        EscalationPolicy.model_validate(nudge())
    message = str(built.value).split("Value error, ")[1].split(" [type=")[0]
    # the same message as `validate` gives for the same policy in a file
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    head = text[: text.index("escalation_policies:")]
    policy = "escalation_policies:\n  - " + json.dumps(nudge()) + "\n"
    (tmp_path / "catalog.yaml").write_text(head + policy, encoding="utf-8")
    with pytest.raises(CatalogError) as loaded:
        independence.load_catalog(tmp_path / "catalog.yaml")
    assert message in str(loaded.value)


def test_a_plan_change_into_daylight_puts_off_no_step_beyond_what_was_added() -> None:
    """Darkness is decided per step: a due time moved from before dawn into daylight would
    move the later steps from the after-dark pace to the daylight one, later than the time
    added. No step fires later than under the first plan plus the time added."""
    london = ZoneInfo("Europe/London")
    dawn = datetime(2026, 6, 10, 6, 0, tzinfo=london)  # dark hours 19:00-07:00
    early = CheckInSession.from_catalog(
        CATALOG, "walk-to-school", due=dawn, circumstances=Circumstances(age=TWELVE)
    )
    first = emergency_calls(early, dawn + 24 * 60 * MINUTE)[0]
    later = early.add("plan-changed", dawn, by="guardian", due=dawn + 40 * MINUTE)
    moved = emergency_calls(later, dawn + 24 * 60 * MINUTE)[0]
    assert moved <= first + 40 * MINUTE
    assert moved > first  # it did move: by the plan change, within what was added


# --- The rules table of docs/concepts/sessions.md is the engine's ----------------------------

DOCS = Path(__file__).parents[2] / "docs" / "concepts" / "sessions.md"


def rules_table() -> dict[str, list[str]]:
    """``kind -> [who, before the deadline, after it, after an SOS, once ended]``."""
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| Event | Who (`by`) |") :].split("\n\n")[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_docs_table_says_who_may_send_each_event_as_the_engine_does() -> None:
    from independence.escalation import AUTHORS

    table = rules_table()
    assert sorted(table) == sorted(kind.value for kind in AUTHORS)
    for kind, allowed in AUTHORS.items():
        who = table[kind.value][0].split(" (")[0]
        assert sorted(who.split(", ")) == sorted(a.value for a in allowed), kind


def test_the_docs_table_says_what_the_engine_refuses_in_each_state() -> None:
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    states = {  # the session, and when the event comes: one column of the table each
        1: (teen, t(5)),  # in the grace period (grace 20), nothing has fired
        2: (teen, t(60)),  # the first call fired at 40 minutes
        3: (teen.add("sos", t(5)), t(6)),
        4: (teen.add("arrived", t(5)), t(6)),
    }
    details: dict[str, dict[str, Any]] = {
        "time-added": {"minutes": 5},
        "plan-changed": {"destination": "Sam's house"},
        "stood-down": {"how": "the host rang"},
    }
    checked = 0
    for kind, cells in rules_table().items():
        if kind == "location-resumed":
            continue  # its cells need a pause running: see the pause tests
        who = cells[0].split(" (")[0].split(", ")[-1]  # a grown-up when one may send it
        for column, (session, moment) in states.items():
            cell = cells[column]
            if cell.startswith(("once", "(")):
                continue  # conditional: covered by the tests of that event
            given = {"by": who, **details.get(kind, {})}
            if cell.startswith("refused"):
                with pytest.raises(ValueError, match=r"^event \d+ \("):
                    session.add(EventKind(kind), moment, **given)
            else:
                session.add(EventKind(kind), moment, **given)
            checked += 1
    assert checked >= 30


def test_ids_hold_across_branches_threads_copies_and_extend() -> None:
    import copy
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    base = walk().add("checked-in", t(-30), id="c0")

    def branch(n: int) -> CheckInSession:
        return base.add("checked-in", t(-20), id=f"c{n}").add("checked-in", t(-10), id="x")

    with ThreadPoolExecutor(8) as pool:
        branches = list(pool.map(branch, range(1, 41)))
    for n, session in enumerate(branches, start=1):
        assert [e.id for e in session.events] == ["c0", f"c{n}", "x"]
        # each branch knows its own ids, and only its own
        assert session.add("checked-in", t(-20), id=f"c{n}") is session  # a retry
        with pytest.raises(ValueError, match=f"event id 'c{n}' is already used by event 2"):
            session.add("arrived", t(-5), id=f"c{n}")
        other = f"c{n % 40 + 1}"
        assert len(session.add("checked-in", t(-5), id=other).events) == 4
    for copied in (copy.deepcopy(base), pickle.loads(pickle.dumps(base))):
        assert copied == base
        with pytest.raises(ValueError, match="event id 'c0' is already used"):
            copied.add("arrived", t(-5), id="c0")
    log = [
        Event(kind=EventKind.CHECKED_IN, at=t(-20), id="e1"),
        Event(kind=EventKind.CHECKED_IN, at=t(-20), id="e1"),  # a retry inside the log
        Event(kind=EventKind.ARRIVED, at=t(-10), id="e2"),
    ]
    loaded = walk().extend(log)
    assert [e.id for e in loaded.events] == ["e1", "e2"]
    assert loaded.state_at(t(0)).status.value == "resolved"
    with pytest.raises(ValueError, match="event id 'e1' is already used by event 1"):
        walk().extend([log[0], Event(kind=EventKind.ARRIVED, at=t(-10), id="e1")])


def test_every_public_field_of_the_session_records_says_what_it_is_in_plain_text() -> None:
    """For apps that read the OpenAPI schema: a description on every field, no reST."""
    from independence import Event, SessionState

    for model in (CheckInSession, SessionState, Event):
        schema = model.model_json_schema()
        for name, field in schema["properties"].items():
            text = field.get("description", "")
            assert text, f"{model.__name__}.{name} has no description"
            assert "``" not in text and ":class:" not in text, (model.__name__, name, text)


def test_a_session_state_round_trips_with_equality() -> None:
    from independence import SessionState

    session = walk().add("sos", t(5)).add("stood-down", t(30), by="guardian", how="found her")
    state = session.state_at(t(40))
    assert SessionState.model_validate_json(state.model_dump_json()) == state
    assert state.all_clear  # the alarm reached people: they hear she is safe


def test_a_second_alarm_never_puts_off_an_emergency_prompt_already_coming() -> None:
    """Found by the property that no child-side event moves a safety step later: the first
    alarm's emergency call is prompted again at 10-minute steps; a second alarm at t+5 must
    not move the prompt due at t+10 to its own 10 minutes, t+15."""
    first = walk().add("sos", t(-30))  # emergency at -20, prompted again at -10, 0 and 10
    second = first.add("sos", t(5))
    calls = [c for c in emergency_calls(second, t(60)) if c >= t(5)]
    assert calls[0] == t(10)
