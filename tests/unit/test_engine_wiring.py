"""Issue #23 wired into the engine: darkness per step from the sun at the child's place, interval
and fixed-time triggers driving a session, and what may be shared when a check-in fails."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import independence
from independence import Age, CheckInSession, SessionState, Timeline
from independence.escalation import Circumstances, SessionStatus
from independence.model import Action, CheckInPolicy, DarknessBasis, DarknessRule, SharedData
from independence.sun import Place, civil_twilight, zone_place

CATALOG = independence.default_catalog()
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
SEVEN = Age.parse("7y")
TEEN = Age.parse("15y")
NEW_YORK = Place(latitude=40.71, longitude=-74.01)


def minutes_after(moment: datetime, start: datetime) -> int:
    return round((moment - start) / timedelta(minutes=1))


def emergency_offset(state_or_line: Timeline | SessionState, deadline: datetime) -> int:
    steps = state_or_line.steps if isinstance(state_or_line, Timeline) else state_or_line.fired
    found = [s for s in steps if s.action is Action.CALL_EMERGENCY_SERVICES]
    return minutes_after(found[0].at, deadline)


def walk_home(due: datetime, **circumstances: Any) -> CheckInSession:
    return CheckInSession.from_catalog(
        CATALOG,
        "walk-to-school",
        due=due,
        circumstances=Circumstances(age=SEVEN, **circumstances),
    )


# --- Darkness from the sun, per step ---------------------------------------------------------


@pytest.mark.parametrize(("month", "dark"), [(12, True), (6, False)])
def test_a_1630_check_in_in_london_escalates_after_dark_in_december_not_in_june(
    month: int, dark: bool
) -> None:
    # issue #23: a 7-year-old due home at 16:30 on 10 December in London got the emergency
    # step 38 minutes after the deadline, as in daylight; civil dusk is at about 16:31
    due = datetime(2026, month, 10, 16, 30, tzinfo=LONDON)
    line = CATALOG.timeline("walk-to-school", due, Circumstances(age=SEVEN))
    assert emergency_offset(line, line.deadline) == (19 if dark else 38)
    session = walk_home(due)
    state = session.state_at(due + timedelta(hours=2))
    assert emergency_offset(state, state.deadline) == (19 if dark else 38)
    assert state.darkness is not None
    assert state.darkness.basis is DarknessBasis.SUN_AT_ZONE
    assert state.darkness.place == zone_place("Europe/London")


@pytest.mark.parametrize(("month", "dark"), [(6, True), (12, False)])
def test_sydney_is_the_other_way_round(month: int, dark: bool) -> None:
    # civil dusk in Sydney is at about 17:20 on 10 June and 20:27 on 10 December; at 16:30 in
    # June every step of the walk would still fire in daylight (the emergency step at 17:18),
    # so the Sydney case is an hour later: due 17:30
    due = datetime(2026, month, 10, 17, 30, tzinfo=SYDNEY)
    line = CATALOG.timeline("walk-to-school", due, Circumstances(age=SEVEN))
    assert emergency_offset(line, line.deadline) == (19 if dark else 38)
    state = walk_home(due).state_at(due + timedelta(hours=2))
    assert emergency_offset(state, state.deadline) == (19 if dark else 38)
    sydney = zone_place("Australia/Sydney")
    assert sydney is not None
    dusk = civil_twilight(datetime(2026, 6, 10).date(), sydney).set
    assert dusk is not None and datetime(2026, 6, 10, 17, 10, tzinfo=SYDNEY) < dusk


def test_the_app_s_place_decides_before_the_zone() -> None:
    # a London family's child in New York: at 16:40 GMT it is 11:40 there, broad daylight
    due = datetime(2026, 12, 10, 16, 30, tzinfo=LONDON)
    line = CATALOG.timeline("walk-to-school", due, Circumstances(age=SEVEN, place=NEW_YORK))
    assert emergency_offset(line, line.deadline) == 38
    assert line.darkness is not None and line.darkness.basis is DarknessBasis.SUN_AT_PLACE
    session = walk_home(due, place=NEW_YORK)
    state = session.state_at(due + timedelta(hours=2))
    assert emergency_offset(state, state.deadline) == 38
    assert state.darkness is not None
    assert state.darkness.basis is DarknessBasis.SUN_AT_PLACE
    assert state.darkness.place == NEW_YORK


def test_a_stored_session_keeps_its_place() -> None:
    session = walk_home(datetime(2026, 12, 10, 16, 30, tzinfo=LONDON), place=NEW_YORK)
    restored = CheckInSession.model_validate_json(session.model_dump_json())
    assert restored == session
    assert restored.circumstances.place == NEW_YORK
    now = datetime(2026, 12, 10, 18, 0, tzinfo=LONDON)
    assert restored.state_at(now) == session.state_at(now)


def test_the_policy_s_own_hours_are_said_to_decide() -> None:
    policy = CATALOG.lookup("walk-to-school", kind="check_in_policies").model_copy(
        update={"darkness": DarknessRule.HOURS}
    )
    session = CheckInSession.start(
        policy,
        CATALOG.lookup(policy.escalation, kind="escalation_policies"),
        due=datetime(2026, 12, 10, 16, 30, tzinfo=LONDON),
        circumstances=Circumstances(age=SEVEN),
    )
    state = session.state_at(datetime(2026, 12, 10, 18, 0, tzinfo=LONDON))
    assert state.darkness is not None and state.darkness.basis is DarknessBasis.POLICY_HOURS
    assert emergency_offset(state, state.deadline) == 38  # 19:00 is after every step


def test_a_forced_after_dark_says_no_rule_decided() -> None:
    session = walk_home(datetime(2026, 6, 10, 16, 30, tzinfo=LONDON), after_dark=True)
    state = session.state_at(datetime(2026, 6, 10, 18, 0, tzinfo=LONDON))
    assert state.darkness is None
    assert emergency_offset(state, state.deadline) == 19


# --- Interval triggers --------------------------------------------------------------------------


def at(hh: int, mm: int) -> datetime:
    return datetime(2026, 11, 27, hh, mm, tzinfo=LONDON)


def babysitting() -> CheckInSession:
    """A teen babysits from 19:00 until the grown-ups are back at 23:00; a message every
    30 minutes, 10 minutes' grace."""
    return CheckInSession.from_catalog(
        CATALOG,
        "babysitting",
        due=at(23, 0),
        started=at(19, 0),
        circumstances=Circumstances(age=TEEN),
    )


def plan_steps(due: datetime) -> list[tuple[str, datetime]]:
    line = CATALOG.timeline("babysitting", due, Circumstances(age=TEEN))
    return [(s.action.value, s.at) for s in line.steps]


def test_a_babysitter_who_stops_messaging_is_escalated_from_the_first_missed_interval() -> None:
    sitter = babysitting().extend([]).add("checked-in", at(19, 25)).add("checked-in", at(19, 50))
    # the next message was due at 20:20; missed at 20:30 (grace), not at 23:10
    waiting = sitter.state_at(at(20, 0))
    assert waiting.status is SessionStatus.WAITING
    assert waiting.due == waiting.message_due == at(20, 20)
    assert waiting.arrival_due == at(23, 0)
    assert waiting.wake_at == at(20, 20)
    state = sitter.state_at(at(23, 0))
    assert state.deadline == at(20, 30)
    assert state.status is SessionStatus.ESCALATING
    fired = [(s.action.value, s.at) for s in state.fired]
    expected = plan_steps(at(20, 20))
    assert fired[: len(expected)] == expected
    assert fired[0][1] >= at(20, 30)
    assert any(s.safety for s in state.fired)


def test_silent_from_the_start_the_first_message_is_missed() -> None:
    state = babysitting().state_at(at(21, 0))
    assert state.deadline == at(19, 40)
    assert [(s.action.value, s.at) for s in state.fired][:3] == plan_steps(at(19, 30))[:3]


def test_messages_keep_the_escalation_away() -> None:
    sitter = babysitting()
    for minutes in range(25, 240, 25):  # every 25 minutes, until 22:45
        sitter = sitter.add("checked-in", at(19, 0) + timedelta(minutes=minutes))
    state = sitter.state_at(at(23, 0))
    assert state.fired == ()
    assert state.status is SessionStatus.GRACE  # the arrival is due at 23:00
    assert state.message_due is None  # the next message would come after the arrival
    assert state.checked_in_at == at(22, 45)


def test_a_message_in_the_grace_counts_and_the_count_restarts_from_it() -> None:
    sitter = babysitting().add("checked-in", at(19, 35))  # due 19:30, within the 10 minutes
    state = sitter.state_at(at(19, 50))
    assert state.fired == ()
    assert state.message_due == at(20, 5)


def test_messages_resumed_after_a_miss_do_not_silence_the_escalation() -> None:
    # missed at 19:40; the sitter writes again at 19:50: the child's side delays no safety step
    # once the deadline has passed, so the escalation runs on until a grown-up stands it down
    silent = babysitting()
    resumed = silent.add("checked-in", at(19, 50)).add("checked-in", at(20, 10))
    now = at(21, 0)
    assert resumed.state_at(now).fired == silent.state_at(now).fired
    state = resumed.state_at(now)
    assert state.checked_in_at == at(20, 10)
    assert state.status is SessionStatus.ESCALATING
    stood = resumed.add(
        "stood-down", at(21, 0), by="guardian", how="called the sitter, all well at home"
    )
    after = stood.state_at(at(21, 5))
    assert after.status is SessionStatus.STOOD_DOWN
    assert after.all_clear


def test_the_arrival_ends_an_interval_session() -> None:
    state = babysitting().add("checked-in", at(19, 20)).add("arrived", at(19, 45), by="guardian")
    assert state.state_at(at(23, 30)).status is SessionStatus.RESOLVED


def test_a_message_is_never_an_arrival_and_comes_from_the_child_s_side() -> None:
    walk = walk_home(datetime(2026, 12, 10, 16, 30, tzinfo=LONDON))  # no interval trigger
    state = walk.add("checked-in", datetime(2026, 12, 10, 16, 0, tzinfo=LONDON), by="app")
    assert state.state_at(datetime(2026, 12, 10, 17, 30, tzinfo=LONDON)).fired
    with pytest.raises(ValueError, match="checked-in event comes from the app or child"):
        walk.add("checked-in", datetime(2026, 12, 10, 16, 0, tzinfo=LONDON), by="guardian")


# --- Fixed-time triggers --------------------------------------------------------------------


def fixed_at(clock: str) -> CheckInPolicy:
    policy = CATALOG.lookup("social-outing", kind="check_in_policies")
    triggers = [
        t.model_dump(mode="json", exclude_none=True)
        for t in policy.triggers
        if t.kind.value != "fixed-time"
    ] + [{"kind": "fixed-time", "at": clock, "description": "A message at an agreed time."}]
    return CheckInPolicy.model_validate(
        {**policy.model_dump(mode="json", exclude_none=True), "triggers": triggers}
    )


@pytest.mark.parametrize(
    ("started", "clock", "due"),
    [
        # an ordinary evening: 22:00 the same day
        (
            datetime(2026, 6, 12, 19, 0, tzinfo=LONDON),
            "22:00",
            datetime(2026, 6, 12, 21, 0, tzinfo=UTC),
        ),
        # set off after 22:00: tomorrow's
        (
            datetime(2026, 6, 12, 22, 30, tzinfo=LONDON),
            "22:00",
            datetime(2026, 6, 13, 21, 0, tzinfo=UTC),
        ),
        # 01:30 is skipped in London on 29 March 2026: moved forward by the skip, 02:30 BST
        (
            datetime(2026, 3, 28, 23, 0, tzinfo=LONDON),
            "01:30",
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        ),
        # 01:30 comes twice on 25 October 2026: the first, 01:30 BST
        (
            datetime(2026, 10, 24, 23, 0, tzinfo=LONDON),
            "01:30",
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        ),
    ],
)
def test_a_fixed_time_check_in_is_due_at_the_family_s_clock_time(
    started: datetime, clock: str, due: datetime
) -> None:
    policy = fixed_at(clock)
    session = CheckInSession.start(
        policy,
        CATALOG.lookup(policy.escalation, kind="escalation_policies"),
        started=started,
        circumstances=Circumstances(tz="Europe/London", age=TEEN),
    )
    # (an ambiguous local time compares unequal across zones: compare the instants)
    assert session.due.astimezone(UTC) == due
    assert session.due.astimezone(LONDON).time() == (
        time(2, 30)
        if due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        else time.fromisoformat(clock)
    )
    assert session.zone == "Europe/London"


def test_a_fixed_time_session_needs_its_departure_and_zone() -> None:
    with pytest.raises(ValueError, match="give 'started'"):
        CheckInSession.from_catalog(CATALOG, "social-outing", circumstances=Circumstances(age=TEEN))
    with pytest.raises(ValueError, match="needs the family's zone"):
        CheckInSession.from_catalog(
            CATALOG,
            "social-outing",
            started=datetime(2026, 6, 12, 19, 0, tzinfo=UTC),
            circumstances=Circumstances(age=TEEN),
        )
    with pytest.raises(ValueError, match="give a due time or a timer"):
        CheckInSession.from_catalog(
            CATALOG,
            "walk-to-school",
            started=datetime(2026, 6, 12, 7, 0, tzinfo=LONDON),
            circumstances=Circumstances(age=SEVEN),
        )


# --- Disclosure on failure -----------------------------------------------------------------


def test_sharing_on_failure_shares_nothing_until_a_safety_step_then_the_policy_s_set() -> None:
    teen = CheckInSession.from_catalog(
        CATALOG,
        "home-alone-teen",
        due=at(22, 0),
        started=at(18, 0),
        circumstances=Circumstances(age=TEEN),
    )
    assert teen.state_at(at(18, 30)).disclosure.items == ()
    # the hourly message due at 19:00 is missed at 19:10; nothing until the first safety step
    state = teen.state_at(at(19, 10))
    first = next(s for s in teen.state_at(at(22, 0)).fired if s.safety)
    before = teen.state_at(first.at - timedelta(seconds=1))
    assert before.disclosure.items == ()
    during = teen.state_at(first.at)
    assert during.disclosure.items == (SharedData.LOCATION, SharedData.BATTERY, SharedData.SIGNAL)
    assert during.disclosure.precision is not None
    safe = teen.add("arrived", first.at + timedelta(minutes=5), by="guardian")
    assert safe.state_at(first.at + timedelta(minutes=6)).disclosure.items == ()
    assert state.status in (SessionStatus.MISSED, SessionStatus.ESCALATING)


def test_an_sos_shares_at_once_with_sharing_on_failure() -> None:
    teen = CheckInSession.from_catalog(
        CATALOG,
        "home-alone-teen",
        due=at(22, 0),
        started=at(18, 0),
        circumstances=Circumstances(age=TEEN),
    )
    alarm = teen.add("sos", at(18, 20))
    assert alarm.state_at(at(18, 20)).disclosure.items[0] is SharedData.LOCATION


def test_while_out_sharing_stops_once_the_child_is_safe() -> None:
    walk = walk_home(datetime(2026, 12, 10, 16, 30, tzinfo=LONDON))
    assert walk.state_at(datetime(2026, 12, 10, 16, 0, tzinfo=LONDON)).disclosure.items == (
        SharedData.LOCATION,
    )
    home = walk.add("arrived", datetime(2026, 12, 10, 16, 20, tzinfo=LONDON))
    assert home.state_at(datetime(2026, 12, 10, 16, 21, tzinfo=LONDON)).disclosure.items == ()


def test_a_missed_message_follows_the_rules_of_a_missed_arrival() -> None:
    sitter = babysitting()  # the first message is due at 19:30, missed at 19:40
    held = sitter.add("acknowledged", at(19, 35)).state_at(at(19, 36))
    assert held.status is SessionStatus.ACKNOWLEDGED  # in the grace: a hold, as for an arrival
    alarm = sitter.add("sos", at(19, 45)).state_at(at(19, 45))
    assert alarm.status is SessionStatus.EMERGENCY
    assert any(s.safety for s in alarm.fired)
    with pytest.raises(ValueError, match="after the deadline only a grown-up"):
        sitter.add("plan-changed", at(19, 45), by="child", due=at(20, 30))
    with pytest.raises(ValueError, match="time can only be added before the deadline"):
        sitter.add("time-added", at(19, 45), minutes=10)


def test_time_added_moves_the_message_due_too() -> None:
    state = babysitting().add("time-added", at(19, 20), minutes=15).state_at(at(19, 21))
    assert state.message_due == at(19, 45)
    assert state.arrival_due == at(23, 15)


def test_a_message_nobody_awaits_changes_nothing() -> None:
    # set off at 22:45: the next message would be due at 23:15, after the 23:00 arrival
    late = CheckInSession.from_catalog(
        CATALOG,
        "babysitting",
        due=at(23, 0),
        started=at(22, 45),
        circumstances=Circumstances(age=TEEN),
    )
    replied = late.add("acknowledged", at(23, 2))
    state = replied.add("checked-in", at(23, 5)).state_at(at(23, 6))
    assert state.status is SessionStatus.ACKNOWLEDGED
    assert state == replied.state_at(at(23, 6)).model_copy(update={"checked_in_at": at(23, 5)})


def test_a_state_stored_before_the_new_fields_still_loads() -> None:
    state = babysitting().state_at(at(19, 10))
    stored = state.model_dump(mode="json")
    for name in ("arrival_due", "message_due", "checked_in_at", "darkness", "disclosure"):
        del stored[name]
    loaded = SessionState.model_validate(stored)
    assert loaded.disclosure.items == ()
    assert SessionState.model_validate_json(state.model_dump_json()) == state
