"""Check-in sessions: every event kind, the held rules, the next wake-up, and a reference model.

Policies are read from the packaged data (as in test_escalation) or changed for one test with
``model_validate``. Times are compared as instants: elapsed minutes go through UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import independence
from independence import Age, Catalog, CheckInSession, Event, SessionState
from independence.escalation import (
    Circumstances,
    EventKind,
    ScheduledStep,
    SessionStatus,
    WakeReason,
)
from independence.escalation.engine import timeline
from independence.model import Action, CheckInPolicy, EscalationPolicy, RiskLevel, TriggerKind

DATA = Path(independence.build.data_path())
LONDON = ZoneInfo("Europe/London")
MINUTE = timedelta(minutes=1)


# the shipped policies, as the default catalogue has them
CHECK_INS = {p.id: p for p in independence.default_catalog().check_in_policies}
ESCALATIONS = {p.id: p for p in independence.default_catalog().escalation_policies}


def policy(base: str = "walk-to-school", **changes: Any) -> CheckInPolicy:
    data = CHECK_INS[base].model_dump(mode="json", exclude_none=True)
    data.update(changes)
    return CheckInPolicy.model_validate(data)


#: What the helper below passes on as :class:`Circumstances` rather than as keywords.
CIRCUMSTANCES = tuple(Circumstances.model_fields)


def session(
    base: str = "walk-to-school", due: datetime | None = None, **options: Any
) -> CheckInSession:
    changes = options.pop("changes", {})
    known = {name: options.pop(name) for name in CIRCUMSTANCES if name in options}
    known.setdefault("age", TEEN)  # the timings of a child who is not young
    check_in = policy(base, **changes)
    return CheckInSession.start(
        check_in,
        ESCALATIONS[check_in.escalation],
        due=due or DUE,
        circumstances=Circumstances(**known),
        **options,
    )


def steps(state: SessionState) -> list[tuple[str, str]]:
    """(action, HH:MM in London) of every firing so far."""
    return [(s.action.value, s.at.astimezone(LONDON).strftime("%H:%M")) for s in state.fired]


def utc(moment: datetime) -> datetime:
    """The instant: same-zone datetimes compare by wall clock, which a clock change fools."""
    return moment.astimezone(UTC)


def at(hh: int, mm: int, day: int = 27) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=LONDON)


DUE = at(8, 30)  # walk-to-school: standard-check, deadline 08:40
TEEN = Age.parse("15y")


# --- Starting a session -------------------------------------------------------------------


def plain(fired: tuple[ScheduledStep, ...]) -> tuple[ScheduledStep, ...]:
    """The firings without their session keys, to compare with a timeline's."""
    return tuple(s.model_copy(update={"key": None}) for s in fired)


def follows(fired: tuple[ScheduledStep, ...], line: tuple[ScheduledStep, ...]) -> bool:
    """Whether ``fired`` is the timeline ``line``, then the re-prompts of its last step."""
    head, tail = plain(fired[: len(line)]), fired[len(line) :]
    last = line[-1]
    return head == line and all(
        (s.step, s.occurrence, s.action) == (last.step, last.occurrence + n, last.action)
        for n, s in enumerate(tail, start=1)
    )


def test_without_events_a_session_follows_the_timeline() -> None:
    walk = session()
    line = timeline(walk.check_in, walk.escalation, DUE)
    late = walk.state_at(at(12, 0))
    assert follows(late.fired, line.steps)
    prompt = walk.escalation.reprompt
    assert len(late.fired) == len(line.steps) + prompt.times  # nobody acknowledged an alert
    assert (late.status, late.due, late.deadline) == (
        SessionStatus.ESCALATING,
        DUE,
        line.deadline,
    )


def test_from_the_catalogue_and_with_a_timer(catalog: Catalog) -> None:
    walk = CheckInSession.from_catalog(
        catalog, "walk-to-school", due=DUE, circumstances=Circumstances(age=TEEN)
    )
    assert walk.escalation.id == "standard-check"
    assert walk.started == DUE - 120 * MINUTE
    timer = CheckInSession.from_catalog(
        catalog,
        "walk-to-school",
        timer_minutes=25,
        started=at(8, 5),
        circumstances=Circumstances(age=TEEN),
    )
    assert (timer.due, timer.started) == (DUE, at(8, 5))
    with pytest.raises(ValueError, match="not both or neither"):
        CheckInSession.from_catalog(
            catalog, "walk-to-school", circumstances=Circumstances(age=TEEN)
        )
    with pytest.raises(ValueError, match="needs 'started'"):
        CheckInSession.from_catalog(
            catalog, "walk-to-school", timer_minutes=25, circumstances=Circumstances(age=TEEN)
        )
    with pytest.raises(KeyError, match="walk-to-school"):
        CheckInSession.from_catalog(
            catalog, "walk-to-scool", due=DUE, circumstances=Circumstances(age=TEEN)
        )


def test_the_escalation_must_be_the_one_the_policy_names() -> None:
    with pytest.raises(ValueError, match="follows escalation policy 'standard-check'"):
        CheckInSession.start(
            CHECK_INS["walk-to-school"],
            ESCALATIONS["gentle-nudge"],
            due=DUE,
            circumstances=Circumstances(age=TEEN),
        )


def test_a_session_is_immutable() -> None:
    walk = session()
    later = walk.add("arrived", at(8, 20))
    assert walk.events == () and len(later.events) == 1
    assert walk.state_at(at(8, 20)).status is SessionStatus.WAITING
    with pytest.raises(ValueError, match="frozen"):
        walk.due = at(9, 0)  # type: ignore[misc]


# --- The window: a check-in from another day never counts ------------------------------------


def test_an_arrival_from_the_day_before_is_refused() -> None:
    with pytest.raises(ValueError, match="before the session's window opens"):
        session().add("arrived", at(8, 30, day=26))


def test_an_arrival_inside_the_window_resolves_on_time() -> None:
    state = session().add("arrived", at(6, 45)).state_at(at(10, 30))
    assert (state.status, state.on_time, state.fired) == (SessionStatus.RESOLVED, True, ())
    assert (state.debrief, state.wake_at) == (None, None)


def test_a_session_may_open_at_its_own_start() -> None:
    trip = session(started=at(5, 0))
    assert trip.add("arrived", at(5, 30)).state_at(at(9, 0)).status is SessionStatus.RESOLVED


# --- Order and impossible events ----------------------------------------------------------


def test_events_out_of_order_are_refused() -> None:
    walk = session().add("time-added", at(8, 20), minutes=5)
    with pytest.raises(ValueError, match="out of order"):
        walk.add("arrived", at(8, 10))


def test_nothing_after_the_end() -> None:
    done = session().add("arrived", at(8, 25))
    for kind in ("acknowledged", "checked-in", "arrived"):
        with pytest.raises(ValueError, match="already ended"):
            done.add(kind, at(8, 36))


def test_now_before_the_last_event_is_refused() -> None:
    with pytest.raises(ValueError, match="before the last event"):
        session().add("arrived", at(8, 25)).state_at(at(8, 24))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "time-added"}, "needs 'minutes'"),
        ({"kind": "time-added", "minutes": 0}, "greater than or equal to 1"),
        ({"kind": "plan-changed", "by": "guardian"}, "needs a new 'due' time or 'destination'"),
        ({"kind": "plan-changed", "destination": "Sam's"}, "needs 'by'"),
        ({"kind": "location-paused"}, "needs 'by'"),
        ({"kind": "location-paused", "by": "teacher"}, "Input should be 'child'"),
        ({"kind": "location-paused", "by": "app"}, "comes from the child or guardian"),
        ({"kind": "stood-down", "by": "Mum", "how": "a call"}, "Input should be 'child'"),
        ({"kind": "stood-down", "by": "guardian"}, "needs 'how'"),
        ({"kind": "stood-down", "by": "child", "how": "I'm fine"}, "not the child"),
        ({"kind": "stood-down", "by": "app", "how": "geofence"}, "not the app"),
        ({"kind": "acknowledged", "by": "guardian"}, "comes from the app or child"),
        ({"kind": "alert-acknowledged"}, "needs 'by'"),
        ({"kind": "alert-acknowledged", "by": "child"}, "not the child"),
        ({"kind": "arrived", "minutes": 5}, "minutes is not for arrived events"),
        ({"kind": "arrived", "at": "2026-11-27T08:30:00"}, "timezone"),
    ],
)
def test_events_carry_what_their_kind_needs(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Event.model_validate({"at": "2026-11-27T08:30:00+00:00", **fields})


def test_a_naive_or_far_time_is_refused() -> None:
    walk = session()
    with pytest.raises(ValueError, match="timezone-aware"):
        walk.state_at(datetime(2026, 11, 27, 9, 0))
    with pytest.raises(ValueError, match="out of range"):
        walk.state_at(datetime(9999, 12, 31, tzinfo=UTC))
    with pytest.raises(ValueError, match="out of range"):
        session(due=datetime(1, 1, 1, tzinfo=UTC))


# --- Acknowledge is not resolve --------------------------------------------------------------


def test_acknowledge_in_the_grace_period_holds_safety_steps_up_to_the_limit() -> None:
    # standard-check: reminder 08:40, calls 08:50 and 08:55, other guardian 09:00 ...
    walk = session(changes={"acknowledge_hold_minutes": 30}).add("acknowledged", at(8, 35))
    during = walk.state_at(at(9, 4))  # hold 30 minutes, to 09:05
    assert during.status is SessionStatus.ACKNOWLEDGED
    assert steps(during) == []
    assert [s.action for s in during.held_back] == [Action.REMIND_CHILD]
    assert during.hold_until == at(9, 5).astimezone(UTC)
    assert (during.wake_at, during.wake_for) == (at(9, 5), WakeReason.STEP)
    after = walk.state_at(at(9, 5))
    assert after.status is SessionStatus.ESCALATING
    assert steps(after) == [
        ("call-child", "09:05"),
        ("call-child", "09:05"),
        ("tell-other-guardian", "09:05"),
    ]


def test_an_acknowledgment_after_the_deadline_delays_no_safety_step() -> None:
    """Issue 22: once the deadline has passed, nothing from the child's side delays a step."""
    walk = session()
    answered = walk.add("acknowledged", at(8, 45))
    for minutes in range(0, 180, 5):
        now = at(8, 45) + minutes * MINUTE
        assert [s for s in steps(answered.state_at(now)) if s[0] != "remind-child"] == [
            s for s in steps(walk.state_at(now)) if s[0] != "remind-child"
        ]
    assert answered.state_at(at(8, 46)).hold_until is None


def test_acknowledging_again_never_lengthens_the_hold() -> None:
    walk = session().add("acknowledged", at(8, 45)).add("acknowledged", at(8, 58))
    assert walk.state_at(at(9, 0)).status is SessionStatus.ESCALATING


def test_no_reminder_after_an_acknowledgment() -> None:
    nudge = session("social-outing", due=at(21, 0), after_dark=False)  # reminders at 0, 10, 20
    state = nudge.add("acknowledged", at(21, 22)).state_at(at(23, 0))
    assert [s.action for s in state.fired].count(Action.REMIND_CHILD) == 1
    assert [s.action for s in state.held_back] == [Action.REMIND_CHILD] * 2


def test_a_zero_hold_holds_no_safety_step() -> None:
    walk = session(changes={"acknowledge_hold_minutes": 0}).add("acknowledged", at(8, 45))
    assert steps(walk.state_at(at(8, 50)))[-1] == ("call-child", "08:50")


def test_nothing_to_acknowledge_before_the_due_time() -> None:
    with pytest.raises(ValueError, match="nothing to acknowledge before the due time"):
        session().add("acknowledged", at(8, 20))


# --- Arrived --------------------------------------------------------------------------------


def test_a_late_arrival_cancels_later_steps_and_gives_the_debrief() -> None:
    state = session().add("arrived", at(8, 52)).state_at(at(11, 0))
    assert steps(state) == [("remind-child", "08:40"), ("call-child", "08:50")]
    assert (state.status, state.on_time, state.next, state.wake_at) == (
        SessionStatus.RESOLVED,
        False,
        None,
        None,
    )
    assert state.debrief == ESCALATIONS["standard-check"].resolution.debrief
    assert state.reconnection == ESCALATIONS["standard-check"].resolution.reconnection


# --- Time added -----------------------------------------------------------------------------


def test_added_time_moves_the_deadline() -> None:
    walk = session().add("time-added", at(8, 35), minutes=20)
    state = walk.state_at(at(8, 55))
    assert (state.status, state.due, state.added_minutes) == (SessionStatus.GRACE, at(8, 50), 20)
    assert state.wake_at == at(9, 0) and state.wake_for is WakeReason.STEP


def test_added_time_never_passes_the_cap() -> None:
    walk = session().add("time-added", at(8, 20), minutes=45)
    with pytest.raises(ValueError, match="only 15 more minutes may be added"):
        walk.add("time-added", at(8, 25), minutes=20)
    capped = walk.add("time-added", at(8, 25), minutes=15)
    assert capped.state_at(at(8, 26)).due == at(9, 30)


def test_time_is_added_before_the_deadline_only() -> None:
    with pytest.raises(ValueError, match="only be added before the deadline"):
        session().add("time-added", at(8, 40), minutes=5)


# --- Plan changed ---------------------------------------------------------------------------


def test_a_new_plan_keeps_what_fired_and_restarts_from_the_new_due_time() -> None:
    walk = session().add(
        "plan-changed", at(8, 45), by="guardian", due=at(9, 30), destination="Sam's house"
    )
    state = walk.state_at(at(9, 41))
    assert steps(state) == [("remind-child", "08:40"), ("remind-child", "09:40")]
    assert (state.due, state.destination, state.status) == (
        at(9, 30),
        "Sam's house",
        SessionStatus.ESCALATING,
    )


def test_a_new_due_time_in_the_past_is_refused() -> None:
    with pytest.raises(ValueError, match="is before the change"):
        session().add("plan-changed", at(8, 45), by="guardian", due=at(8, 44))


# --- Location pauses ------------------------------------------------------------------------


def test_a_pause_holds_reminders_never_safety_steps() -> None:
    nudge = session("social-outing", due=at(21, 0), after_dark=False)
    # gentle-nudge, deadline 21:20: reminders 21:20, 21:30, 21:40, and a call at 21:40
    paused = nudge.add("location-paused", at(21, 15), by="child")
    state = paused.state_at(at(21, 35))
    assert [s.action for s in state.held_back] == [Action.REMIND_CHILD] * 2
    # the pause would run to 00:15 (three hours), but the call at 21:40 is a safety step: it
    # fires whatever the pause, and it ends the pause (see below)
    assert (state.sharing_paused_by, state.sharing_resumes_at) == ("child", at(21, 40))
    assert paused.state_at(at(21, 45)).fired[-1].action is Action.CALL_CHILD


def test_a_safety_step_ends_a_pause_so_a_search_is_never_blind() -> None:
    nudge = session("social-outing", due=at(21, 0), after_dark=False)
    paused = nudge.add("location-paused", at(21, 15), by="child")
    before = paused.state_at(at(21, 39))
    assert (before.sharing_paused_by, before.sharing_resumes_at) == ("child", at(21, 40))
    assert (before.wake_at, before.wake_for) == (at(21, 40), WakeReason.STEP)
    after = paused.state_at(at(21, 40))
    assert (after.sharing_paused_by, after.sharing_resumes_at) == (None, None)
    # the reminder due with the call is sent, not held: the pause ended at the call
    assert [s.action for s in after.fired] == [Action.REMIND_CHILD, Action.CALL_CHILD]
    # the events agree with the state: sharing is not paused any more, so resuming it is a
    # mistake; and while the search goes on, it cannot be paused again
    with pytest.raises(ValueError, match="not paused"):
        paused.add("location-resumed", at(21, 41), by="child")
    with pytest.raises(
        ValueError, match=r"search began at 2026-11-27T21:40:00\+00:00: sharing stays on"
    ):
        paused.add("location-paused", at(21, 41), by="child")
    # whatever changes, the search is never blind: not after an acknowledgment, not after a
    # grown-up's new plan, not for a guardian
    answered = paused.add("acknowledged", at(21, 45))
    with pytest.raises(ValueError, match="sharing stays on until the session ends"):
        answered.add("location-paused", at(21, 46), by="child")
    replanned = answered.add("plan-changed", at(21, 47), by="guardian", due=at(21, 50))
    for who in ("child", "guardian"):
        with pytest.raises(ValueError, match="sharing stays on until the session ends"):
            replanned.add("location-paused", at(21, 48), by=who)


def test_a_pause_ends_by_itself_at_the_policy_limit() -> None:
    # set off at 20:30: the hourly message would be due after the 21:00 arrival
    dark = session("after-dark", due=at(21, 0), started=at(20, 30))
    paused = dark.add("location-paused", at(21, 0), by="guardian")
    assert paused.state_at(at(21, 5)).wake_at is not None
    state = paused.state_at(at(22, 5))
    assert state.sharing_paused_by is None
    with pytest.raises(ValueError, match="not paused"):
        paused.add("location-resumed", at(22, 5), by="guardian")


def test_pauses_follow_the_policy() -> None:
    with pytest.raises(ValueError, match="not pausable"):
        session().add("location-paused", at(8, 0), by="guardian")
    guardian_only = {"location": {"mode": "while-out", "pausable": True, "paused_by": ["guardian"]}}
    with pytest.raises(ValueError, match="only the guardian may pause"):
        session("after-dark", changes=guardian_only, started=at(7, 59)).add(
            "location-paused", at(8, 0), by="child"
        )
    paused = session("social-outing").add("location-paused", at(8, 0), by="child")
    with pytest.raises(ValueError, match="already paused"):
        paused.add("location-paused", at(8, 1), by="guardian")
    resumed = paused.add("location-resumed", at(8, 2), by="guardian")
    assert resumed.state_at(at(8, 3)).sharing_paused_by is None


# --- Stood down -----------------------------------------------------------------------------


def test_a_guardian_can_stand_it_down_and_it_records_who_and_how() -> None:
    walk = session().add(
        "stood-down", at(9, 5), by="guardian", how="the school rang: she is in class"
    )
    state = walk.state_at(at(9, 30))
    assert state.status is SessionStatus.STOOD_DOWN
    assert (state.stood_down_by, state.stood_down_how, state.stood_down_at) == (
        "guardian",
        "the school rang: she is in class",
        at(9, 5),
    )
    assert steps(state)[-1] == ("tell-other-guardian", "09:00")  # nothing after 09:05
    assert (state.next, state.wake_at, state.active) == (None, None, None)
    assert state.debrief is not None


# --- SOS ------------------------------------------------------------------------------------


def test_sos_starts_the_urgent_path_at_once_without_reminders() -> None:
    walk = session().add("sos", at(8, 10))
    state = walk.state_at(at(8, 10))
    assert state.status is SessionStatus.EMERGENCY
    # standard-check's safety actions each fire once at the alarm, in order, and the
    # emergency call comes 10 minutes later; the police non-emergency step is dropped: an
    # alarm is for the emergency number. Until a grown-up acknowledges, the last step is
    # prompted again.
    assert steps(walk.state_at(at(10, 0))) == [
        ("call-child", "08:10"),
        ("tell-other-guardian", "08:10"),
        ("contact-trusted-adult", "08:10"),
        ("go-to-last-known-place", "08:10"),
        ("call-emergency-services", "08:20"),
        ("call-emergency-services", "08:30"),
        ("call-emergency-services", "08:40"),
        ("call-emergency-services", "08:50"),
    ]
    assert (state.wake_at, state.wake_for) == (at(8, 20), WakeReason.STEP)


def test_an_sos_ends_a_pause_of_location_sharing() -> None:
    paused = session("social-outing").add("location-paused", at(8, 0), by="child")
    assert paused.state_at(at(8, 5)).sharing_paused_by is not None
    alarm = paused.add("sos", at(8, 10))
    state = alarm.state_at(at(8, 10))
    assert state.sharing_paused_by is None
    with pytest.raises(ValueError, match="not paused"):
        alarm.add("location-resumed", at(8, 11), by="child")


def test_after_an_sos_only_a_stand_down_ends_it() -> None:
    alarm = session().add("sos", at(8, 10))
    for kind in ("arrived", "acknowledged"):
        with pytest.raises(ValueError, match="only a grown-up's stand-down ends it"):
            alarm.add(kind, at(8, 40))
    ended = alarm.add("stood-down", at(8, 20), by="guardian", how="picked her up")
    state = ended.state_at(at(9, 0))
    assert state.status is SessionStatus.STOOD_DOWN and state.debrief is not None


def test_sos_during_an_escalation_keeps_what_fired() -> None:
    state = session().add("sos", at(8, 52)).state_at(at(8, 52))
    assert steps(state) == [
        ("remind-child", "08:40"),
        ("call-child", "08:50"),
        ("call-child", "08:52"),
        ("tell-other-guardian", "08:52"),
        ("contact-trusted-adult", "08:52"),
        ("go-to-last-known-place", "08:52"),
    ]
    assert state.wake_at == at(9, 2)  # the emergency call, 10 minutes after the alarm


# --- After dark, per step ---------------------------------------------------------------------


def test_after_dark_is_decided_when_each_step_would_fire() -> None:
    """Due 16:30 in December, dark from 17:00: the steps after dusk speed up from dusk on."""
    winter = session(
        "playing-out",
        due=datetime(2026, 12, 14, 16, 30, tzinfo=LONDON),
        changes={"darkness": "hours", "dark_hours": {"start": "17:00", "end": "07:00"}},
    )
    # standard-check, deadline 16:40; daylight: 16:40 16:50 16:55 17:00 17:10 17:25 17:40 17:55;
    # after dark (50%, halves to even): 16:40 16:45 16:47 16:50 16:55 17:02 17:10 17:18
    state = winter.state_at(datetime(2026, 12, 14, 19, 0, tzinfo=LONDON))
    assert [t for _, t in steps(state)][:8] == [
        "16:40",
        "16:50",
        "16:55",
        "17:00",
        "17:00",
        "17:02",
        "17:10",
        "17:18",
    ]
    line = timeline(winter.check_in, winter.escalation, winter.due, Circumstances(age=TEEN))
    assert line.conditions == ()  # as at the due time, but each step judged as it fires
    assert [s.at.strftime("%H:%M") for s in line.steps] == [t for _, t in steps(state)][:8]


def test_after_dark_forced_applies_to_every_step() -> None:
    forced = session("playing-out", after_dark=True)
    line = timeline(
        forced.check_in, forced.escalation, DUE, Circumstances(after_dark=True, age=TEEN)
    )
    assert follows(forced.state_at(at(12, 0)).fired, line.steps)


# --- Across a clock change -------------------------------------------------------------------


def test_elapsed_time_across_the_autumn_change() -> None:
    night = datetime(2026, 10, 25, 0, 50, tzinfo=LONDON)  # clocks go back at 02:00 BST
    late = session("walk-to-school", due=night, after_dark=False)
    added = late.add("time-added", night + 5 * MINUTE, minutes=60)
    assert added.state_at(night + 6 * MINUTE).due.astimezone(UTC) == (
        night.astimezone(UTC) + 60 * MINUTE
    )
    fired = added.state_at(night + 4 * 60 * MINUTE).fired
    assert (fired[0].at.astimezone(UTC) - night.astimezone(UTC)) / MINUTE == 60 + 10


# --- Properties -----------------------------------------------------------------------------

EVENT_KINDS = list(EventKind)


@st.composite
def histories(draw: st.DrawFn) -> tuple[CheckInSession, int]:
    """A session of a real policy with random events that it accepts, and a minute from due."""
    base = draw(st.sampled_from(sorted(CHECK_INS)))
    walk = session(base, after_dark=draw(st.none() | st.booleans()))
    clock = draw(st.integers(-100, 60))
    for _ in range(draw(st.integers(0, 6))):
        clock += draw(st.integers(0, 40))
        kind = draw(st.sampled_from(EVENT_KINDS))
        details: dict[str, Any] = {}
        if kind is EventKind.TIME_ADDED:
            details["minutes"] = draw(st.integers(1, 70))
        elif kind is EventKind.PLAN_CHANGED:
            details["due"] = DUE + (clock + draw(st.integers(0, 90))) * MINUTE
            details["by"] = draw(st.sampled_from(["child", "guardian"]))
        elif kind in (EventKind.LOCATION_PAUSED, EventKind.LOCATION_RESUMED):
            details["by"] = draw(st.sampled_from(["child", "guardian"]))
        elif kind is EventKind.STOOD_DOWN:
            details.update(by="guardian", how="a call")
        elif kind is EventKind.ALERT_ACKNOWLEDGED:
            details["by"] = "guardian"
        try:
            walk = walk.add(kind, DUE + clock * MINUTE, **details)
        except ValueError:
            continue
    return walk, clock + draw(st.integers(0, 600))


@settings(max_examples=150, deadline=None)
@given(histories())
def test_the_next_wake_up_is_never_in_the_past_and_never_skips_a_step(
    history: tuple[CheckInSession, int],
) -> None:
    walk, minute = history
    now = DUE + minute * MINUTE
    state = walk.state_at(now)
    if state.wake_at is None:
        later = walk.state_at(now + 3 * 24 * 60 * MINUTE)
        assert later.fired == state.fired  # nothing left to wake for
        return
    assert utc(state.wake_at) > utc(now)
    if state.next is not None:
        assert utc(state.wake_at) <= utc(state.next.at)
    just_before = walk.state_at(state.wake_at - timedelta(microseconds=1))
    assert just_before.fired == state.fired  # nothing fires between now and the wake-up
    woken = walk.state_at(state.wake_at)
    assert woken != state.model_copy(update={"now": state.wake_at})  # something changed


# --- Against a reference model, on a fake clock ---------------------------------------------


def half_even(minutes: int, percent: int) -> int:
    exact = Decimal(minutes * percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@dataclass
class Segment:
    """A plan (``sos`` None) or an alarm, begun by event ``made`` (0: the start)."""

    made: int
    start: int
    due: int
    ack: int | None = None
    hold: int | None = None
    sos: int | None = None
    plan: Segment | None = None
    added: int | None = None  # a later plan: the time added by then


GROWN_UPS = {"guardian", "trusted-adult"}
CHILD_SIDE = {"child", "app"}
WHO_MAY = {  # the rules table of docs/concepts/sessions.md, again
    "acknowledged": CHILD_SIDE,
    "arrived": CHILD_SIDE | GROWN_UPS,
    "checked-in": CHILD_SIDE,
    "time-added": CHILD_SIDE | GROWN_UPS,
    "plan-changed": CHILD_SIDE | GROWN_UPS,
    "location-paused": {"child", "guardian"},
    "location-resumed": {"child", "guardian"},
    "stood-down": GROWN_UPS,
    "sos": CHILD_SIDE | GROWN_UPS,
    "alert-acknowledged": GROWN_UPS,
}
NEVER = "refused by the event itself"


class Reference:
    """The session rules again, in whole minutes from the start of the clock: loops only."""

    def __init__(
        self,
        check_in: CheckInPolicy,
        escalation: EscalationPolicy,
        due: int,
        dark: bool | None,
        zone: ZoneInfo,
    ) -> None:
        self.dark = dark
        self.zone = zone
        self.light = self.offsets(escalation, dark=bool(dark))
        self.actions = {n: step.action.value for n, step in enumerate(escalation.steps, start=1)}
        self.night = self.offsets(escalation, dark=True)
        hours = check_in.dark_hours
        self.window = (
            None
            if hours is None
            else (
                hours.start.hour * 60 + hours.start.minute,
                hours.end.hour * 60 + hours.end.minute,
            )
        )
        self.grace = check_in.grace_minutes
        self.hold = check_in.acknowledge_hold_minutes
        self.cap = check_in.max_added_minutes
        self.prompt = (escalation.reprompt.times, escalation.reprompt.every_minutes)
        sharing = check_in.location
        self.roles = {r.value for r in sharing.paused_by} if sharing.pausable else set()
        self.max_pause = sharing.max_pause_minutes
        self.started = due - check_in.window_minutes
        self.segments = [Segment(0, self.started, due)]
        self.plan = self.segments[0]
        self.added = 0
        self.pauses: list[list[int]] = []  # [start, end]; end 10**9 while open with no limit
        self.open: int | None = None
        self.ends: list[tuple[int, int, str]] = []  # (event number, minute, kind)
        self.ended: str | None = None
        self.arrived: int | None = None
        self.alert_acks: list[int] = []
        self.count = 0
        self.last = self.started

    @staticmethod
    def offsets(
        escalation: EscalationPolicy, *, dark: bool
    ) -> dict[tuple[int, int], tuple[int, bool]]:
        """(step, occurrence) -> (minutes after the deadline, is a reminder), after-dark or not."""
        percent, skip = 100, set()
        for condition in escalation.conditions:
            if condition.when == "after-dark" and dark:
                percent = min(percent, condition.delay_percent)
                skip |= set(condition.skip_actions)
        found: dict[tuple[int, int], tuple[int, bool]] = {}
        for number, item in enumerate(escalation.steps, start=1):
            if item.action in skip:
                continue
            minute = half_even(item.after_minutes, percent)
            found[number, 0] = (minute, item.action == "remind-child")
            if item.repeat:
                for occurrence in range(1, item.repeat.times + 1):
                    minute += half_even(item.repeat.every_minutes, percent)
                    found[number, occurrence] = (minute, item.action == "remind-child")
        return found

    def is_dark(self, minute: int) -> bool:
        assert self.window is not None
        local = (START + minute * MINUTE).astimezone(self.zone)
        clock = local.hour * 60 + local.minute
        start, end = self.window
        return start <= clock < end if start < end else clock >= start or clock < end

    def fires_at(self, deadline: int, key: tuple[int, int]) -> int | None:
        """When a firing fires: at the first minute it is due under the rules of that minute."""
        light = deadline + self.light[key][0]
        if self.dark is not None or self.window is None:
            return light
        night = deadline + self.night[key][0] if key in self.night else None
        if night is not None:
            for minute in range(night, light):
                if self.is_dark(minute):
                    return minute
        if not self.is_dark(light) or night is not None:
            return light
        return None

    def searched(self, minute: int) -> bool:
        """Whether a safety step has fired by ``minute``: a search is under way."""
        return any(m <= minute and sent and not r for m, _, _, _, r, sent in self.entries())

    def allowed(self, kind: str, minute: int, by: str = "child", **details: Any) -> bool | str:
        """Whether the event may happen; if so, it is recorded. ``NEVER``: the event itself is
        refused (its author may never send it)."""
        if by not in WHO_MAY[kind]:
            return NEVER
        if kind != "sos" and (minute < self.last or self.ended is not None):
            return False
        minute = max(minute, self.last)  # an SOS is never refused
        if self.open is not None:  # it ended by itself, or at a safety step
            ended = self.cut(self.pauses[self.open], self.entries())
            if ended <= minute:
                self.pauses[self.open][1] = ended
                self.open = None
        plan = self.plan
        deadline = plan.due + self.grace
        alarm = self.segments[-1].sos is not None and self.ended is None
        number = self.count + 1
        if alarm and kind in (
            "arrived",
            "acknowledged",
            "time-added",
            "plan-changed",
            "location-paused",
        ):
            return False
        if kind == "acknowledged":
            if minute < plan.due:
                return False
            if plan.ack is None:
                plan.ack = minute
                plan.hold = minute + self.hold if minute < deadline else None
        elif kind == "arrived":
            self.ends.append((number, minute, kind))
            self.ended, self.arrived = kind, minute
        elif kind == "checked-in":
            pass
        elif kind == "time-added":
            if minute >= deadline or self.added + details["minutes"] > self.cap:
                return False
            self.added += details["minutes"]
            self.new_plan(number, minute, plan.due + details["minutes"])
        elif kind == "plan-changed":
            if details["due"] < minute or (minute >= deadline and by not in GROWN_UPS):
                return False
            more = max(0, details["due"] - plan.due)
            if self.added + more > self.cap:
                return False
            self.added += more
            self.new_plan(number, minute, details["due"])
        elif kind == "location-paused":
            if self.open is not None or by not in self.roles or self.searched(minute):
                return False
            end = minute + self.max_pause if self.max_pause is not None else 10**9
            self.pauses.append([minute, end])
            self.open = len(self.pauses) - 1
        elif kind == "location-resumed":
            if self.open is None:
                return False
            self.pauses[self.open][1] = min(self.pauses[self.open][1], minute)
            self.open = None
        elif kind == "stood-down":
            self.ends.append((number, minute, kind))
            self.ended = kind
        elif kind == "alert-acknowledged":
            if not self.searched(minute):
                return False
            self.alert_acks.append(minute)
        else:
            if self.open is not None:  # an SOS ends a running pause
                self.pauses[self.open][1] = min(self.pauses[self.open][1], minute)
                self.open = None
            self.segments.append(Segment(number, minute, plan.due, sos=minute, plan=plan))
            self.ended, self.arrived = None, None  # reopened: the arrival no longer stands
        self.count = number
        self.last = minute
        return True

    def new_plan(self, number: int, minute: int, due: int) -> None:
        self.plan = Segment(number, minute, due, added=self.added)
        self.segments.append(self.plan)

    @staticmethod
    def cut(pause: list[int], entries: list[tuple[int, int, int, int, bool, bool]]) -> int:
        """When a pause really ends: by itself, or at the first safety step from its start."""
        begun, ended = pause
        for minute, _, _, _, reminder, sent in entries:
            if sent and not reminder and minute >= begun:
                return min(ended, minute)
        return ended

    def state(self, now: int) -> dict[str, Any]:
        entries = self.entries()
        pauses = [[begun, self.cut([begun, ended], entries)] for begun, ended in self.pauses]
        entries = [
            (m, i, n, o, r, sent and not (r and any(b <= m < e for b, e in pauses)))
            for m, i, n, o, r, sent in entries
        ]
        return self.summary(now, entries, pauses)

    def plan_firings(self, plan: Segment) -> list[tuple[int, int, int, bool, bool]]:
        """(minute, step, occurrence, is a reminder, sent) of a plan, its acknowledgment
        applied: no reminder after it; a safety step during its hold at the hold's end."""
        found = []
        first = self.segments[0].due + self.grace
        for (number, occurrence), (_, reminder) in self.light.items():
            minute = self.fires_at(plan.due + self.grace, (number, occurrence))
            if minute is None:
                continue
            before = self.fires_at(first, (number, occurrence))
            if plan.added is not None and before is not None:  # never later than at first
                minute = min(minute, before + plan.added)  # plus the time added by then
            sent = True
            if plan.ack is not None and minute > plan.ack:
                if reminder:
                    sent = False
                elif plan.hold is not None and minute < plan.hold:
                    minute = plan.hold
            found.append((minute, number, occurrence, reminder, sent))
        return found

    def alarm_firings(
        self, alarm: Segment, pending: int | None
    ) -> list[tuple[int, int, int, bool, bool]]:
        """Each urgent action of the plan in force once, at the alarm; the emergency call
        within 10 minutes of it (sooner if the plan had it sooner, or if an emergency prompt
        from before the alarm was still to come)."""
        assert alarm.sos is not None and alarm.plan is not None
        plan = sorted(self.plan_firings(alarm.plan), key=lambda f: (f[1], f[2]))
        found = []
        seen = set()
        for _, number, occurrence, reminder, _ in plan:
            action = self.actions[number]
            if reminder or action in seen or "police" in action or "emergency" in action:
                continue
            seen.add(action)
            found.append((alarm.sos, number, occurrence, False, True))
        calls = [f for f in plan if self.actions[f[1]] == "call-emergency-services" and f[4]]
        if calls:
            first = min(calls)
            latest = alarm.sos + 10 if pending is None else min(alarm.sos + 10, pending)
            minute = max(alarm.sos, min(first[0], latest))
            found.append((minute, first[1], first[2], False, True))
        return found

    def entries(self) -> list[tuple[int, int, int, int, bool, bool]]:
        """(minute, segment, step, occurrence, is a reminder, sent before pauses), sorted."""
        entries: list[tuple[int, int, int, int, bool, bool]] = []
        pending: int | None = None
        for index, segment in enumerate(self.segments):
            following = self.segments[index + 1].start if index + 1 < len(self.segments) else None
            end = next((m for n, m, _ in self.ends if n > segment.made), None)
            if segment.sos is None:
                firings = self.plan_firings(segment)
                stops = [m for m in (following, end) if m is not None]
            else:
                firings = self.alarm_firings(segment, pending)
                stops = [end] if end is not None else []
            until = min(stops) if stops else 10**9
            # the segment as it would run until the end: its steps, then re-prompts of its last
            whole = [f for f in firings if end is None or f[0] <= end]
            safety = [f for f in firings if f[4] and not f[3]]
            if len(whole) == len(firings) and safety:
                last = max(safety)
                answered = [m for m in self.alert_acks if m >= segment.start]
                stop = min([m for m in (end,) if m is not None] + answered[:1] + [10**9])
                times, every = self.prompt
                for again in range(1, times + 1):
                    if last[0] + again * every > stop:
                        break
                    whole.append((last[0] + again * every, last[1], last[2] + again, False, True))
            for minute, number, occurrence, reminder, sent in whole:
                if minute <= until:
                    entries.append((minute, segment.made, number, occurrence, reminder, sent))
            calls = [
                f[0]
                for f in whole
                if f[4]
                and following is not None
                and f[0] > following
                and self.actions[f[1]] == "call-emergency-services"
            ]
            pending = min(calls) if calls else None
        entries.sort(key=lambda e: e[:4])
        return entries

    def summary(
        self,
        now: int,
        entries: list[tuple[int, int, int, int, bool, bool]],
        pauses: list[list[int]],
    ) -> dict[str, Any]:
        fired = [(e[0], e[2], e[3]) for e in entries if e[5] and e[0] <= now]
        held = [(e[0], e[2], e[3]) for e in entries if not e[5] and e[0] <= now]
        coming = [(e[0], e[2], e[3]) for e in entries if e[5] and e[0] > now]
        plan = self.plan
        deadline = plan.due + self.grace
        alarm = self.segments[-1].sos is not None
        if self.ended is not None:
            status = "resolved" if self.ended == "arrived" else "stood-down"
        elif alarm:
            status = "emergency"
        elif plan.hold is not None and now < plan.hold:
            status = "acknowledged"
        elif now < plan.due:
            status = "waiting"
        elif now < deadline:
            status = "grace"
        elif any(e[1] == plan.made and e[5] and e[0] <= now for e in entries):
            status = "escalating"
        else:
            status = "missed"
        wake: int | None = None
        if self.ended is None:
            moments = [c[0] for c in coming[:1]]
            if not alarm:
                moments += [plan.due, deadline]
                if plan.hold is not None:
                    moments.append(plan.hold)
            if self.open is not None and pauses[self.open][1] < 10**9:
                moments.append(pauses[self.open][1])
            moments = [m for m in moments if m > now]
            wake = min(moments) if moments else None
        return {
            "status": status,
            "fired": fired,
            "held": held,
            "next": coming[0] if coming and self.ended is None else None,
            "wake": wake,
            "due": plan.due,
            "on_time": None if self.arrived is None else self.arrived < deadline,
        }


START = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # the night the clocks go back in London
AUTHOR_NAMES = st.sampled_from(["child", "guardian", "trusted-adult", "app"])


class SessionMachine(RuleBasedStateMachine):
    """A check-in on a fake clock: time passes and every kind of event happens, or is refused."""

    @initialize(
        check_in_id=st.sampled_from(sorted(CHECK_INS)),
        due=st.integers(0, 90),
        dark=st.sampled_from([None, None, True, False]),
        zone=st.sampled_from([LONDON, ZoneInfo("America/New_York"), ZoneInfo("UTC")]),
        dusk=st.integers(0, 300),
        dawn=st.integers(0, 23 * 60 + 59),
    )
    def begin(
        self, check_in_id: str, due: int, dark: bool | None, zone: ZoneInfo, dusk: int, dawn: int
    ) -> None:
        """With ``dark`` None, after dark is decided per step from random dark hours, whose
        dusk falls ``dusk`` minutes after the clock starts: while the escalation runs."""
        self.zone = zone
        # the reference knows one due time: interval messages have tests of their own
        triggers = [
            t.model_dump(mode="json", exclude_none=True)
            for t in CHECK_INS[check_in_id].triggers
            if t.kind is not TriggerKind.INTERVAL
        ]
        check_in = policy(check_in_id, triggers=triggers)
        local = (START + dusk * MINUTE).astimezone(zone)
        dusk = local.hour * 60 + local.minute
        if dark is None and dusk == dawn:
            dawn = (dawn + 1) % (24 * 60)
        if dark is None:
            hours = {
                "start": f"{dusk // 60:02d}:{dusk % 60:02d}",
                "end": f"{dawn // 60:02d}:{dawn % 60:02d}",
            }
            check_in = policy(
                check_in_id,
                triggers=triggers,
                darkness="hours",
                dark_hours=hours,
                timezone=zone.key,
            )
        escalation = ESCALATIONS[check_in.escalation]
        self.session = CheckInSession.start(
            check_in,
            escalation,
            due=self.moment(due),
            circumstances=Circumstances(after_dark=dark, age=TEEN),
        )
        self.reference = Reference(check_in, escalation, due, dark, zone)
        self.clock = 0

    def moment(self, minute: int) -> datetime:
        return (START + minute * MINUTE).astimezone(self.zone)

    def minute(self, moment: datetime) -> int:
        return round((moment.astimezone(UTC) - START) / MINUTE)

    def happen(self, kind: str, **details: Any) -> None:
        """The event happens now: both accept it, or the session refuses it with a reason."""
        given = dict(details)
        if "due" in given:
            given["due"] = self.moment(given["due"])
        verdict = self.reference.allowed(kind, self.clock, **details)
        if verdict is True:
            self.session = self.session.add(EventKind(kind), self.moment(self.clock), **given)
        elif verdict == NEVER:
            with pytest.raises(ValueError, match="comes from the"):
                self.session.add(EventKind(kind), self.moment(self.clock), **given)
        else:
            with pytest.raises(ValueError, match=r"^event \d+ \("):
                self.session.add(EventKind(kind), self.moment(self.clock), **given)

    @rule(minutes=st.integers(0, 40))
    def advance(self, minutes: int) -> None:
        self.clock += minutes

    @rule(by=st.integers(-1, 1))
    def advance_to_the_wake_up(self, by: int) -> None:
        wake = self.session.state_at(self.moment(self.clock)).wake_at
        if wake is not None:
            self.clock = max(self.clock, self.minute(wake) + by)

    @rule()
    def acknowledged(self) -> None:
        self.happen("acknowledged")

    @rule(by=AUTHOR_NAMES)
    def arrived(self, by: str) -> None:
        self.happen("arrived", by=by)

    @rule()
    def checked_in(self) -> None:
        self.happen("checked-in")

    @rule(by=st.sampled_from(["guardian", "trusted-adult", "child"]))
    def alert_acknowledged(self, by: str) -> None:
        self.happen("alert-acknowledged", by=by)

    @rule(minutes=st.integers(1, 70))
    def time_added(self, minutes: int) -> None:
        self.happen("time-added", minutes=minutes)

    @rule(later=st.integers(-5, 120), by=AUTHOR_NAMES)
    def plan_changed(self, later: int, by: str) -> None:
        self.happen("plan-changed", due=self.clock + later, by=by)

    @rule(by=st.sampled_from(["child", "guardian"]))
    def location_paused(self, by: str) -> None:
        self.happen("location-paused", by=by)

    @rule(by=st.sampled_from(["child", "guardian"]))
    def location_resumed(self, by: str) -> None:
        self.happen("location-resumed", by=by)

    @rule(by=AUTHOR_NAMES)
    def stood_down(self, by: str) -> None:
        self.happen("stood-down", by=by, how="the host called")

    @rule(by=AUTHOR_NAMES)
    def sos(self, by: str) -> None:
        self.happen("sos", by=by)

    @invariant()
    def agrees_with_the_reference(self) -> None:
        expected = self.reference.state(self.clock)
        state = self.session.state_at(self.moment(self.clock))
        assert state.status.value == expected["status"]
        assert [(self.minute(s.at), s.step, s.occurrence) for s in state.fired] == expected["fired"]
        assert [(self.minute(s.at), s.step, s.occurrence) for s in state.held_back] == expected[
            "held"
        ]
        shown = state.next
        assert (
            None if shown is None else (self.minute(shown.at), shown.step, shown.occurrence)
        ) == expected["next"]
        assert (None if state.wake_at is None else self.minute(state.wake_at)) == expected["wake"]
        assert self.minute(state.due) == expected["due"]
        assert state.on_time == expected["on_time"]

    @invariant()
    def wakes_in_the_future_and_never_past_a_step(self) -> None:
        state = self.session.state_at(self.moment(self.clock))
        if state.wake_at is not None:  # compared as instants: a fold hides an hour otherwise
            assert utc(state.wake_at) > utc(state.now)
            assert state.next is None or utc(state.wake_at) <= utc(state.next.at)


def ids(found: tuple[ScheduledStep, ...]) -> list[tuple[int, int]]:
    return [(s.step, s.occurrence) for s in found]


# seconds of stateful runs: skipped by -m "not slow", run by the README's test command
TestSessionMachine = pytest.mark.slow(SessionMachine.TestCase)
TestSessionMachine.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)


def test_ages_and_risk_reach_the_conditions() -> None:
    young = session(age=Age.parse("8y"), risk=RiskLevel.HIGH)
    line = timeline(
        young.check_in,
        young.escalation,
        DUE,
        Circumstances(age=Age.parse("8y"), risk=RiskLevel.HIGH),
    )
    assert follows(young.state_at(at(12, 0)).fired, line.steps)


def test_a_session_survives_a_json_round_trip() -> None:
    """The tutorial suggests storing sessions as JSON: the state must come back the same."""
    teen = session("social-outing", due=at(21, 0), tz="Europe/London")
    teen = teen.add("location-paused", at(21, 5), by="child").add("acknowledged", at(21, 25))
    back = CheckInSession.model_validate_json(teen.model_dump_json())
    for minutes in (0, 30, 60, 300):
        now = at(21, 30) + minutes * MINUTE
        assert back.state_at(now) == teen.state_at(now)
    assert back.add("arrived", at(21, 40)).state_at(at(22, 0)).status is SessionStatus.RESOLVED
