"""The escalation engine: step times, conditions, check-ins, pauses, clock changes, invariants.

Policies are read straight from data/check-ins.yaml and data/escalation.yaml (not through the
catalogue, whose other files may be mid-edit), or built for a test with ``model_validate``.
Elapsed times are always measured in UTC: subtracting two datetimes of the same zone gives
wall-clock minutes, which is exactly what the engine must not do.
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
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import independence
from independence import Age
from independence.escalation import (
    EARLIEST,
    LATEST,
    MAX_SPAN,
    Circumstances,
    EscalationState,
    EscalationStatus,
    Pause,
    ScheduledStep,
    Timeline,
    stacked_percent,
)
from independence.escalation.engine import state_at, timeline
from independence.model import (
    Action,
    CheckInPolicy,
    ConditionKind,
    DarknessRule,
    EscalationPolicy,
    PauseRole,
    RiskLevel,
    Target,
)

DATA = Path(independence.build.data_path())
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
MINUTE = timedelta(minutes=1)


# the shipped policies, as the default catalogue has them
CHECK_INS = {p.id: p for p in independence.default_catalog().check_in_policies}
ESCALATIONS = {p.id: p for p in independence.default_catalog().escalation_policies}


def pair(check_in_id: str) -> tuple[CheckInPolicy, EscalationPolicy]:
    """A real check-in policy and the escalation policy it names."""
    check_in = CHECK_INS[check_in_id]
    return check_in, ESCALATIONS[check_in.escalation]


def elapsed(moment: datetime, start: datetime) -> float:
    """Real minutes from ``start`` to ``moment`` (through UTC, never the wall clock)."""
    return (moment.astimezone(UTC) - start.astimezone(UTC)) / MINUTE


def offsets(line: Timeline) -> list[tuple[int, int, float]]:
    """(step, occurrence, real minutes after the deadline) of every firing."""
    return [(s.step, s.occurrence, elapsed(s.at, line.deadline)) for s in line.steps]


def ids(steps: tuple[ScheduledStep, ...]) -> list[tuple[int, int]]:
    return [(s.step, s.occurrence) for s in steps]


def ident(step: ScheduledStep | None) -> tuple[int, int] | None:
    return None if step is None else (step.step, step.occurrence)


def walls(line: Timeline) -> list[str]:
    return [s.at.strftime("%H:%M") for s in line.steps]


def escalation_policy(
    steps: list[dict[str, Any]], conditions: list[dict[str, Any]] | None = None
) -> EscalationPolicy:
    return EscalationPolicy.model_validate(
        {
            "id": "test-escalation",
            "title": "Test escalation",
            "summary": "A policy built for one test.",
            "urgency": "moderate",
            "steps": steps,
            "conditions": conditions or [],
            "rationale": "Built for one test.",
            "resolution": {"debrief": "Welcome them home.", "reconnection": "Tea together."},
        }
    )


def step(after: int, action: str = "call-child", **extra: Any) -> dict[str, Any]:
    return {"after_minutes": after, "action": action, "target": "child", "message": "Go.", **extra}


def check_in_policy(base: str = "walk-to-school", **changes: Any) -> CheckInPolicy:
    data = CHECK_INS[base].model_dump(mode="json", exclude_none=True)
    data.update(changes)
    return CheckInPolicy.model_validate(data)


# --- Step times --------------------------------------------------------------------------------


def test_exact_step_times_for_the_standard_check() -> None:
    check_in, escalation = pair("walk-to-school")
    due = datetime(2024, 3, 5, 8, 30, tzinfo=LONDON)
    line = timeline(check_in, escalation, due)
    assert line.check_in_policy == "walk-to-school"
    assert line.escalation_policy == "standard-check"
    assert line.due == due
    assert line.deadline == datetime(2024, 3, 5, 8, 40, tzinfo=LONDON)
    assert (line.conditions, line.delay_percent, line.skipped) == ((), 100, ())
    assert walls(line) == ["08:40", "08:50", "08:55", "09:00", "09:10", "09:25", "09:40", "09:55"]
    assert line.steps[-1].at == datetime(2024, 3, 5, 9, 55, tzinfo=LONDON)
    assert ids(line.steps) == [(1, 0), (2, 0), (2, 1), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0)]
    assert [s.action for s in line.steps] == [
        Action.REMIND_CHILD,
        Action.CALL_CHILD,
        Action.CALL_CHILD,
        Action.TELL_OTHER_GUARDIAN,
        Action.CONTACT_TRUSTED_ADULT,
        Action.GO_TO_LAST_KNOWN_PLACE,
        Action.CALL_POLICE_NON_EMERGENCY,
        Action.CALL_EMERGENCY_SERVICES,
    ]
    assert line.steps[3].target is Target.OTHER_GUARDIAN
    assert line.steps[6].target is Target.POLICE_NON_EMERGENCY
    assert [s.safety for s in line.steps] == [False] + [True] * 7
    assert line.steps[0].message == escalation.steps[0].message
    assert all(s.at.tzinfo is LONDON for s in line.steps)


def test_times_stay_in_the_zone_of_the_due_time() -> None:
    check_in, escalation = pair("walk-to-school")
    due = datetime(2024, 3, 5, 8, 30, tzinfo=LONDON).astimezone(NEW_YORK)
    line = timeline(check_in, escalation, due)
    assert line.deadline.tzinfo is NEW_YORK
    assert all(s.at.tzinfo is NEW_YORK for s in line.steps)
    assert line.steps[0].at == datetime(2024, 3, 5, 8, 40, tzinfo=LONDON)


def test_repeats_fire_again_every_interval() -> None:
    check_in, escalation = pair("social-outing")  # gentle-nudge: 3 reminders, 10 minutes apart
    line = timeline(check_in, escalation, datetime(2024, 6, 14, 14, 0, tzinfo=LONDON))
    assert walls(line) == [
        "14:20",
        "14:30",
        "14:40",
        "14:40",
        "14:50",
        "14:50",
        "15:05",
        "15:20",
        "15:50",
        "16:20",
    ]
    assert ids(line.steps)[:4] == [(1, 0), (1, 1), (1, 2), (2, 0)]


def test_a_teen_out_at_ten_at_night_is_after_dark() -> None:
    # The case: social-outing had no dark hours, so 22:00 counted as daytime and the
    # emergency number came at 00:20. It now comes an hour after the 22:20 deadline.
    check_in, escalation = pair("social-outing")
    # Civil dusk in London on 14 June is at about 22:06: each step, from the 22:20 deadline on,
    # fires in the dark and takes the after-dark timings.
    line = timeline(check_in, escalation, datetime(2024, 6, 14, 22, 0, tzinfo=LONDON))
    dark = timeline(check_in, escalation, line.due, Circumstances(after_dark=True))
    assert line.steps == dark.steps
    emergency = [s for s in line.steps if s.action is Action.CALL_EMERGENCY_SERVICES]
    assert [s.at.strftime("%H:%M") for s in emergency] == ["23:20"]


def test_repeats_interleave_with_later_steps_by_time() -> None:
    escalation = escalation_policy(
        [step(0, "remind-child", repeat={"times": 3, "every_minutes": 10}), step(15)]
    )
    line = timeline(CHECK_INS["walk-to-school"], escalation, datetime(2024, 5, 1, 9, tzinfo=UTC))
    assert offsets(line) == [(1, 0, 0), (1, 1, 10), (2, 0, 15), (1, 2, 20), (1, 3, 30)]


def test_same_time_orders_by_step_number() -> None:
    check_in, escalation = pair("home-alone-short")  # immediate-response: two steps at 0
    line = timeline(check_in, escalation, datetime(2024, 5, 1, 16, tzinfo=LONDON))
    assert offsets(line) == [(1, 0, 0), (2, 0, 0), (3, 0, 5), (4, 0, 15)]


# --- Conditions --------------------------------------------------------------------------------

STANDARD = [
    (1, 0, 0),
    (2, 0, 10),
    (2, 1, 15),
    (3, 0, 20),
    (4, 0, 30),
    (5, 0, 45),
    (6, 0, 60),
    (7, 0, 75),
]
#: Standard check at 50%: 22.5 rounds to 22 and 37.5 to 38 (halves to even); 5 * 50% is 2.5 -> 2.
STANDARD_HALF = [
    (1, 0, 0),
    (2, 0, 5),
    (2, 1, 7),
    (3, 0, 10),
    (4, 0, 15),
    (5, 0, 22),
    (6, 0, 30),
    (7, 0, 38),
]
NOON = datetime(2024, 5, 1, 12, tzinfo=LONDON)


def test_after_dark_halves_the_standard_check() -> None:
    check_in, escalation = pair("walk-to-school")
    line = timeline(check_in, escalation, NOON, Circumstances(after_dark=True))
    assert (line.conditions, line.delay_percent) == ((ConditionKind.AFTER_DARK,), 50)
    assert offsets(line) == STANDARD_HALF


@pytest.mark.parametrize(
    ("hour", "minute", "dark"),
    [(18, 59, False), (19, 0, True), (23, 30, True), (2, 0, True), (6, 59, True), (7, 0, False)],
)
def test_after_dark_from_the_policy_dark_hours(hour: int, minute: int, dark: bool) -> None:
    # dark hours 19:00 to 07:00, no time zone of its own; the policy's own hours decide
    check_in = CHECK_INS["after-dark"].model_copy(update={"darkness": DarknessRule.HOURS})
    gentle = ESCALATIONS["gentle-nudge"]
    line = timeline(check_in, gentle, datetime(2024, 11, 20, hour, minute, tzinfo=LONDON))
    assert line.delay_percent == (50 if dark else 100)
    assert line.conditions == ((ConditionKind.AFTER_DARK,) if dark else ())


def test_after_dark_flag_overrides_the_dark_hours() -> None:
    check_in, gentle = CHECK_INS["after-dark"], ESCALATIONS["gentle-nudge"]
    night = datetime(2024, 11, 20, 22, tzinfo=LONDON)
    assert timeline(check_in, gentle, night, Circumstances(after_dark=False)).delay_percent == 100
    assert timeline(check_in, gentle, NOON, Circumstances(after_dark=True)).delay_percent == 50


@pytest.mark.parametrize(
    ("policy_zone", "tz", "dark"),
    [
        (None, None, False),  # the due time's own zone: 18:00 UTC
        (None, "Europe/London", True),  # the caller's zone: 19:00 BST
        (None, LONDON, True),
        ("America/New_York", "Europe/London", False),  # the policy's zone wins: 14:00 EDT
        ("Europe/London", None, True),
    ],
)
def test_dark_hours_are_read_in_the_right_zone(
    policy_zone: str | None, tz: str | ZoneInfo | None, dark: bool
) -> None:
    changes: dict[str, Any] = {
        "darkness": "hours",
        "dark_hours": {"start": "19:00", "end": "07:00"},
    }
    if policy_zone is not None:
        changes["timezone"] = policy_zone
    check_in = check_in_policy(**changes)
    due = datetime(2024, 7, 1, 18, 0, tzinfo=UTC)
    line = timeline(check_in, ESCALATIONS["standard-check"], due, Circumstances(tz=tz))
    assert (ConditionKind.AFTER_DARK in line.conditions) is dark


def test_high_risk_scales_to_three_quarters() -> None:
    check_in, escalation = pair("walk-to-school")
    line = timeline(check_in, escalation, NOON, Circumstances(risk=RiskLevel.HIGH))
    assert (line.conditions, line.delay_percent) == ((ConditionKind.HIGH_RISK,), 75)
    # 7.5 -> 8, then 8 + round(3.75) = 12; 22.5 -> 22; 33.75 -> 34; 56.25 -> 56
    assert offsets(line) == [
        (1, 0, 0),
        (2, 0, 8),
        (2, 1, 12),
        (3, 0, 15),
        (4, 0, 22),
        (5, 0, 34),
        (6, 0, 45),
        (7, 0, 56),
    ]
    assert (
        offsets(timeline(check_in, escalation, NOON, Circumstances(risk=RiskLevel.MODERATE)))
        == STANDARD
    )


def test_young_child_halves_and_goes_straight_to_the_emergency_number() -> None:
    check_in, escalation = pair("walk-to-school")  # young-child: 50%, no reminder, no 101
    line = timeline(check_in, escalation, NOON, Circumstances(age=Age.parse("11y11m")))
    assert line.conditions == (ConditionKind.YOUNG_CHILD,)
    assert (line.delay_percent, line.skipped) == (50, (1, 6))
    assert offsets(line) == [o for o in STANDARD_HALF if o[0] not in (1, 6)]
    assert all(s.action is not Action.REMIND_CHILD for s in line.steps)
    assert all(s.action is not Action.CALL_POLICE_NON_EMERGENCY for s in line.steps)


def test_young_child_means_under_twelve_in_every_policy() -> None:
    assert Age.parse("12y") == independence.model.YOUNG_CHILD_UNDER
    for check_in in CHECK_INS.values():
        escalation = ESCALATIONS[check_in.escalation]
        if not any(c.when is ConditionKind.YOUNG_CHILD for c in escalation.conditions):
            continue
        eleven = timeline(
            check_in, escalation, NOON, Circumstances(age=Age.parse("11y11m"), after_dark=False)
        )
        twelve = timeline(
            check_in, escalation, NOON, Circumstances(age=Age.parse("12y"), after_dark=False)
        )
        assert ConditionKind.YOUNG_CHILD in eleven.conditions, check_in.id
        assert twelve.conditions == (), check_in.id


def test_a_condition_may_no_longer_set_its_own_age() -> None:
    with pytest.raises(ValueError, match="a young child means younger than 12y in every policy"):
        escalation_policy([step(0)], [{"when": "young-child", "under": "10y", "delay_percent": 50}])


def test_young_child_stops_at_the_age_limit() -> None:
    check_in, escalation = pair("walk-to-school")
    line = timeline(check_in, escalation, NOON, Circumstances(age=Age.parse("12y")))
    assert (line.conditions, line.delay_percent, line.skipped) == ((), 100, ())
    assert offsets(line) == STANDARD


def test_conditions_stack_by_multiplying() -> None:
    check_in, escalation = pair("walk-to-school")
    line = timeline(check_in, escalation, NOON, Circumstances(after_dark=True, risk=RiskLevel.HIGH))
    assert line.conditions == (ConditionKind.AFTER_DARK, ConditionKind.HIGH_RISK)
    assert line.delay_percent == 38  # 50% x 75% = 37.5%, halves to even
    # 3.8 -> 4; + 1.9 -> 2; 7.6 -> 8; 11.4 -> 11; 17.1 -> 17; 22.8 -> 23; 28.5 -> 28
    assert offsets(line) == [
        (1, 0, 0),
        (2, 0, 4),
        (2, 1, 6),
        (3, 0, 8),
        (4, 0, 11),
        (5, 0, 17),
        (6, 0, 23),
        (7, 0, 28),
    ]


def test_a_young_child_after_dark_on_a_high_risk_trip_stops_at_the_floor() -> None:
    check_in, escalation = pair("walk-to-school")
    young = Age.parse("9y")
    line = timeline(
        check_in, escalation, NOON, Circumstances(age=young, after_dark=True, risk=RiskLevel.HIGH)
    )
    assert line.conditions == (
        ConditionKind.AFTER_DARK,
        ConditionKind.YOUNG_CHILD,
        ConditionKind.HIGH_RISK,
    )
    # 50% x 50% x 75% = 18.75%, below the floor: 25%
    assert line.delay_percent == independence.model.MIN_DELAY_PERCENT == 25
    assert line.skipped == (1, 6)
    assert offsets(line) == [(2, 0, 2), (2, 1, 3), (3, 0, 5), (4, 0, 8), (5, 0, 11), (7, 0, 19)]
    two = timeline(check_in, escalation, NOON, Circumstances(age=young, risk=RiskLevel.HIGH))
    assert (two.delay_percent, two.skipped) == (38, (1, 6))


@pytest.mark.parametrize(
    ("percents", "stacked"),
    [((), 100), ((50,), 50), ((75, 75), 56), ((50, 75), 38), ((75, 50), 38), ((50, 50, 50), 25)],
)
def test_stacked_percent(percents: tuple[int, ...], stacked: int) -> None:
    assert stacked_percent(percents) == stacked


def test_vulnerable_child_takes_the_faster_path() -> None:
    check_in, escalation = pair("social-outing")  # gentle-nudge, for teens
    teen = Age.parse("15y")
    plain = timeline(check_in, escalation, NOON, Circumstances(age=teen, after_dark=False))
    marked = timeline(
        check_in, escalation, NOON, Circumstances(age=teen, after_dark=False, vulnerable=True)
    )
    assert (plain.conditions, plain.delay_percent) == ((), 100)
    assert (marked.conditions, marked.delay_percent) == ((ConditionKind.VULNERABLE_CHILD,), 50)
    assert all(s.action is not Action.CALL_POLICE_NON_EMERGENCY for s in marked.steps)
    assert elapsed(marked.steps[-1].at, marked.deadline) == 60
    assert elapsed(plain.steps[-1].at, plain.deadline) == 120


def test_skipped_actions_are_united() -> None:
    escalation = escalation_policy(
        [
            step(0, "remind-child", repeat={"times": 2, "every_minutes": 5}),
            step(10, "call-child"),
            step(20, "call-emergency-services"),
        ],
        [
            {"when": "after-dark", "skip_actions": ["remind-child"]},
            {"when": "high-risk", "delay_percent": 80, "skip_actions": ["call-child"]},
        ],
    )
    check_in = CHECK_INS["walk-to-school"]
    dark = timeline(check_in, escalation, NOON, Circumstances(after_dark=True))
    assert (dark.delay_percent, dark.skipped) == (100, (1,))
    assert offsets(dark) == [(2, 0, 10), (3, 0, 20)]
    both = timeline(check_in, escalation, NOON, Circumstances(after_dark=True, risk=RiskLevel.HIGH))
    assert (both.delay_percent, both.skipped) == (80, (1, 2))
    assert offsets(both) == [(3, 0, 16)]


def test_a_circumstance_without_a_condition_changes_nothing() -> None:
    check_in, escalation = pair("home-alone-short")  # immediate-response has no conditions
    line = timeline(
        check_in,
        escalation,
        NOON,
        Circumstances(after_dark=True, risk=RiskLevel.HIGH, age=Age.parse("8y"), vulnerable=True),
    )
    assert (line.conditions, line.delay_percent) == ((), 100)
    check_in, escalation = pair("after-dark")  # prompt-response
    young = timeline(
        check_in, escalation, NOON, Circumstances(age=Age.parse("8y"), after_dark=False)
    )
    assert offsets(young) == [  # 2.5 rounds to 2, 7.5 to 8; the 101 step (5) is skipped
        (1, 0, 0),
        (1, 1, 2),
        (1, 2, 4),
        (2, 0, 5),
        (3, 0, 8),
        (4, 0, 15),
        (6, 0, 30),
    ]


def test_a_scaled_repeat_interval_may_round_to_zero() -> None:
    escalation = escalation_policy(
        [step(3, repeat={"times": 2, "every_minutes": 1})],
        [{"when": "high-risk", "delay_percent": 25}],
    )
    line = timeline(
        CHECK_INS["walk-to-school"], escalation, NOON, Circumstances(risk=RiskLevel.HIGH)
    )
    assert offsets(line) == [(1, 0, 1), (1, 1, 1), (1, 2, 1)]  # 0.75 -> 1, then 0.25 -> 0


def test_unknown_caller_zone_is_refused() -> None:
    check_in, escalation = pair("walk-to-school")
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        timeline(check_in, escalation, NOON, Circumstances(tz="Mars/Olympus"))


# --- Aware datetimes only ---------------------------------------------------------------------


def test_a_naive_due_time_is_refused() -> None:
    check_in, escalation = pair("walk-to-school")
    with pytest.raises(ValueError, match=r"due must be timezone-aware.*naive"):
        timeline(check_in, escalation, datetime(2024, 5, 1, 9, 0))


def test_naive_now_and_check_ins_are_refused() -> None:
    check_in, escalation = pair("walk-to-school")
    line = timeline(check_in, escalation, NOON)
    with pytest.raises(ValueError, match=r"now must be timezone-aware.*naive"):
        state_at(check_in, escalation, line, datetime(2024, 5, 1, 13, 0))
    with pytest.raises(ValueError, match=r"check-in 1 must be timezone-aware.*naive"):
        state_at(check_in, escalation, line, NOON, check_ins=[datetime(2024, 5, 1, 11, 0)])


def test_a_naive_pause_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        Pause(start=datetime(2024, 5, 1, 12), end=NOON + MINUTE, by=PauseRole.CHILD)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, tzinfo=UTC),
        datetime(9999, 12, 31, 20, tzinfo=NEW_YORK),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, 0, 30, tzinfo=LONDON),
        datetime(3000, 1, 1, tzinfo=UTC),
        datetime(1899, 12, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_far_times_are_a_value_error_never_an_overflow(moment: datetime) -> None:
    check_in, escalation, line = standard_line()
    with pytest.raises(ValueError, match="out of range"):
        timeline(check_in, escalation, moment)
    with pytest.raises(ValueError, match="out of range"):
        state_at(check_in, escalation, line, moment)
    with pytest.raises(ValueError, match="out of range"):
        state_at(check_in, escalation, line, NOON, check_ins=[moment])
    with pytest.raises(ValueError, match="out of range"):
        Pause(start=moment, end=moment + MINUTE if moment.year < 9999 else moment, by="child")


def test_the_edges_of_the_range_are_accepted() -> None:
    check_in, escalation = pair("walk-to-school")
    for moment in (EARLIEST, LATEST - MINUTE):
        assert timeline(check_in, escalation, moment).due == moment


def test_a_pause_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="a pause must end after it starts"):
        Pause(start=NOON, end=NOON, by=PauseRole.CHILD)


# --- State at a moment ------------------------------------------------------------------------


def standard_line() -> tuple[CheckInPolicy, EscalationPolicy, Timeline]:
    check_in, escalation = pair("walk-to-school")
    return check_in, escalation, timeline(check_in, escalation, NOON)  # deadline 12:10


def test_waiting_grace_and_missed() -> None:
    check_in, escalation, line = standard_line()

    def at(minutes: float) -> EscalationState:
        return state_at(check_in, escalation, line, NOON + minutes * MINUTE)

    waiting = at(-1)
    assert (waiting.status, waiting.fired, ident(waiting.next)) == (
        EscalationStatus.WAITING,
        (),
        (1, 0),
    )
    assert at(0).status is EscalationStatus.GRACE
    grace = at(10 - 1 / 60)
    assert (grace.status, grace.fired, grace.active, ident(grace.next)) == (
        EscalationStatus.GRACE,
        (),
        None,
        (1, 0),
    )
    due_now = at(10)  # a step exactly at now has fired
    assert (due_now.status, ids(due_now.fired)) == (EscalationStatus.MISSED, [(1, 0)])
    assert (ident(due_now.active), ident(due_now.next)) == ((1, 0), (2, 0))
    later = at(10 + 17)
    assert ids(later.fired) == [(1, 0), (2, 0), (2, 1)]
    assert (ident(later.active), ident(later.next)) == ((2, 1), (3, 0))
    assert later.next is not None and later.next.at == NOON + 30 * MINUTE
    done = at(10 + 75)
    assert (ident(done.active), done.next, len(done.fired)) == ((7, 0), None, 8)
    assert (done.checked_in_at, done.on_time, done.debrief) == (None, None, None)


def test_missed_before_any_step_has_no_active_step() -> None:
    check_in, escalation, line = standard_line()
    young = timeline(
        check_in, escalation, NOON, Circumstances(age=Age.parse("6y"))
    )  # reminder skipped
    state = state_at(check_in, escalation, young, NOON + 12 * MINUTE)
    assert (state.status, state.active, ident(state.next)) == (
        EscalationStatus.MISSED,
        None,
        (2, 0),
    )
    assert ident(state_at(check_in, escalation, line, NOON + 12 * MINUTE).active) == (1, 0)


def test_a_check_in_before_the_deadline_stops_everything() -> None:
    check_in, escalation, line = standard_line()
    check = NOON + 7 * MINUTE
    for now in (check, NOON + 5 * timedelta(hours=1)):
        state = state_at(check_in, escalation, line, now, check_ins=[check])
        assert state.status is EscalationStatus.RESOLVED
        assert (state.fired, state.held_back, state.active, state.next) == ((), (), None, None)
        assert (state.checked_in_at, state.on_time) == (check, True)
        assert (state.debrief, state.reconnection) == (None, None)


def test_a_check_in_before_the_due_time_is_on_time() -> None:
    check_in, escalation, line = standard_line()
    state = state_at(check_in, escalation, line, NOON - MINUTE, check_ins=[NOON - 2 * MINUTE])
    assert (state.status, state.on_time, state.fired) == (EscalationStatus.RESOLVED, True, ())


def test_a_check_in_from_the_day_before_never_resolves_today() -> None:
    """The issue's example: yesterday's arrival message must not stand down today's search."""
    check_in, escalation, line = standard_line()
    yesterday = NOON - timedelta(days=1)
    state = state_at(
        check_in, escalation, line, NOON + 2 * timedelta(hours=1), check_ins=[yesterday]
    )
    assert state.status is EscalationStatus.MISSED
    assert (state.checked_in_at, state.on_time) == (None, None)
    assert state.not_counted == (yesterday,)
    assert state.active is not None and state.active.action is Action.CALL_EMERGENCY_SERVICES


def test_a_check_in_inside_the_window_counts() -> None:
    check_in, escalation, line = standard_line()
    assert check_in.window_minutes == 120  # the documented default
    assert line.opens == NOON - timedelta(minutes=120)
    for early in (line.opens, NOON - 30 * MINUTE):
        state = state_at(check_in, escalation, line, NOON + timedelta(hours=2), check_ins=[early])
        assert (state.status, state.checked_in_at, state.on_time) == (
            EscalationStatus.RESOLVED,
            early,
            True,
        )
        assert state.not_counted == ()
    just_before = line.opens - timedelta(seconds=1)
    state = state_at(check_in, escalation, line, NOON, check_ins=[just_before])
    assert (state.status, state.not_counted) == (EscalationStatus.GRACE, (just_before,))


def test_the_window_is_a_policy_field() -> None:
    check_in = check_in_policy(window_minutes=15)
    escalation = ESCALATIONS[check_in.escalation]
    line = timeline(check_in, escalation, NOON)
    assert line.opens == NOON - 15 * MINUTE
    early = NOON - 20 * MINUTE
    state = state_at(check_in, escalation, line, NOON, check_ins=[early, NOON - 10 * MINUTE])
    assert (state.checked_in_at, state.not_counted) == (NOON - 10 * MINUTE, (early,))
    with pytest.raises(ValueError, match="less than or equal to 720"):
        check_in_policy(window_minutes=721)


def test_a_late_check_in_cancels_every_later_step() -> None:
    check_in, escalation, line = standard_line()
    check = NOON + (10 + 12) * MINUTE  # after the first call, before its repeat
    for now in (check, check + timedelta(hours=3)):
        state = state_at(check_in, escalation, line, now, check_ins=[check])
        assert state.status is EscalationStatus.RESOLVED
        assert ids(state.fired) == [(1, 0), (2, 0)]
        assert (state.active, state.next, state.on_time) == (None, None, False)
        assert state.debrief == escalation.resolution.debrief
        assert state.reconnection == escalation.resolution.reconnection


def test_a_check_in_at_the_deadline_is_late() -> None:
    check_in, escalation, line = standard_line()
    deadline = line.deadline
    state = state_at(check_in, escalation, line, deadline, check_ins=[deadline])
    assert (state.on_time, ids(state.fired)) == (False, [(1, 0)])


def test_the_earliest_check_in_counts() -> None:
    check_in, escalation, line = standard_line()
    early, late = NOON + 5 * MINUTE, NOON + 50 * MINUTE
    for check_ins in ([late, early], [early, late]):
        state = state_at(check_in, escalation, line, late, check_ins=check_ins)
        assert (state.checked_in_at, state.on_time, state.fired) == (early, True, ())


def test_a_check_in_after_now_is_refused() -> None:
    check_in, escalation, line = standard_line()
    with pytest.raises(ValueError, match=r"check-in 1 at .* is after now"):
        state_at(check_in, escalation, line, NOON, check_ins=[NOON + MINUTE])


def test_the_timeline_must_match_the_policies() -> None:
    check_in, escalation, line = standard_line()
    with pytest.raises(ValueError, match="escalation policy 'standard-check', not 'gentle-nudge'"):
        state_at(check_in, ESCALATIONS["gentle-nudge"], line, NOON)
    with pytest.raises(ValueError, match="check-in policy 'walk-to-school', not 'after-dark'"):
        state_at(CHECK_INS["after-dark"], escalation, line, NOON)


# --- Pauses -----------------------------------------------------------------------------------

#: social-outing: pausable by the child or a guardian, at most 180 minutes; gentle-nudge.
#: Due 21:00, deadline 21:20: reminders 21:20, 21:30, 21:40; the call 21:50, then 22:05, 22:20,
#: 22:50 and 23:20.
EVENING = datetime(2024, 6, 14, 21, 0, tzinfo=LONDON)


def at_evening(hour: int, minute: int) -> datetime:
    return datetime(2024, 6, 14, hour, minute, tzinfo=LONDON)


def social_line() -> tuple[CheckInPolicy, EscalationPolicy, Timeline]:
    check_in, escalation = pair("social-outing")  # in daylight: 21:00 on a June evening
    return (
        check_in,
        escalation,
        timeline(check_in, escalation, EVENING, Circumstances(after_dark=False)),
    )


def test_a_pause_holds_back_reminders_only() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(21, 15), end=at_evening(21, 45), by=PauseRole.CHILD)
    state = state_at(check_in, escalation, line, at_evening(21, 45), pauses=[pause])
    # reminders at 21:20 and 21:30 are held; the call at 21:40 is a safety step, which ends
    # the pause, so the reminder due with it goes out too
    assert ids(state.held_back) == [(1, 0), (1, 1)]
    assert ids(state.fired) == [(1, 2), (2, 0)]
    assert ident(state.active) == (2, 0)


def test_a_running_pause_passes_over_reminders_for_next() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(21, 15), end=at_evening(21, 45), by=PauseRole.GUARDIAN)
    state = state_at(check_in, escalation, line, at_evening(21, 25), pauses=[pause])
    assert ids(state.held_back) == [(1, 0)]
    # 21:30 is held; the pause ends with the call at 21:40, so the reminder then is next
    assert (state.status, state.active, ident(state.next)) == (
        EscalationStatus.MISSED,
        None,
        (1, 2),
    )


def test_a_reminder_at_the_end_of_a_pause_fires() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(21, 15), end=at_evening(21, 30), by=PauseRole.CHILD)
    state = state_at(check_in, escalation, line, at_evening(21, 45), pauses=[pause])
    assert (ids(state.held_back), ids(state.fired)) == ([(1, 0)], [(1, 1), (1, 2), (2, 0)])


def test_a_long_pause_is_clipped_to_the_longest_allowed() -> None:
    check_in, escalation, line = social_line()
    # 270 minutes asked for; sharing resumes by itself after 180, at 21:30
    pause = Pause(start=at_evening(18, 30), end=at_evening(23, 0), by=PauseRole.CHILD)
    state = state_at(check_in, escalation, line, at_evening(21, 45), pauses=[pause])
    assert ids(state.held_back) == [(1, 0)]
    assert ids(state.fired) == [(1, 1), (1, 2), (2, 0)]


def test_a_pause_never_holds_back_a_safety_step() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(21, 15), end=at_evening(23, 59), by=PauseRole.CHILD)
    state = state_at(check_in, escalation, line, at_evening(23, 30), pauses=[pause])
    safety = [(s.step, s.occurrence) for s in line.steps if s.safety]
    assert [i for i in ids(state.fired) if i in safety] == safety
    # only reminders before the first safety step are held: that step ends the pause
    first = next(s.at for s in line.steps if s.safety)
    assert state.held_back
    assert all(not s.safety and s.at < first for s in state.held_back)


def test_no_pause_starts_while_the_child_is_looked_for() -> None:
    check_in, escalation, line = social_line()  # the first safety step, a call, at 21:40
    pause = Pause(start=at_evening(21, 40), end=at_evening(22, 30), by=PauseRole.CHILD)
    with pytest.raises(ValueError, match="after the search began"):
        state_at(check_in, escalation, line, at_evening(21, 45), pauses=[pause])
    # a check-in before the pause settles it: the pause is the child's again
    came = at_evening(21, 38)
    state = state_at(
        check_in, escalation, line, at_evening(21, 45), check_ins=[came], pauses=[pause]
    )
    assert state.status is EscalationStatus.RESOLVED


def test_a_guardian_pause_on_a_policy_without_reminders_holds_nothing() -> None:
    check_in, escalation = pair("first-solo-trip")  # prompt-response: every step a safety step
    due = datetime(2024, 6, 14, 15, 0, tzinfo=LONDON)
    line = timeline(check_in, escalation, due)
    pause = Pause(start=due, end=due + timedelta(minutes=60), by=PauseRole.GUARDIAN)
    now = due + timedelta(minutes=45)
    with_pause = state_at(check_in, escalation, line, now, pauses=[pause])
    without = state_at(check_in, escalation, line, now)
    assert with_pause.held_back == ()
    assert with_pause.fired == without.fired
    assert len(with_pause.fired) == 6


def test_sharing_that_is_not_pausable_cannot_be_paused() -> None:
    check_in, escalation, line = standard_line()
    pause = Pause(start=NOON, end=NOON + 30 * MINUTE, by=PauseRole.GUARDIAN)
    with pytest.raises(ValueError, match="'walk-to-school' is not pausable: nobody may pause"):
        state_at(check_in, escalation, line, NOON + MINUTE, pauses=[pause])


def test_only_the_roles_listed_may_pause() -> None:
    sharing = {
        "mode": "while-out",
        "pausable": True,
        "paused_by": ["guardian"],
        "max_pause_minutes": 60,
    }
    check_in = check_in_policy("after-dark", location=sharing)  # paused_by: guardian only
    escalation = ESCALATIONS[check_in.escalation]
    due = datetime(2024, 11, 20, 20, tzinfo=LONDON)
    line = timeline(check_in, escalation, due)
    pause = Pause(start=due, end=due + 30 * MINUTE, by=PauseRole.CHILD)
    with pytest.raises(ValueError, match=r"only the guardian may pause .* not the child"):
        state_at(check_in, escalation, line, due + MINUTE, pauses=[pause])


def test_a_pause_after_now_is_refused() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(22, 0), end=at_evening(22, 30), by=PauseRole.CHILD)
    with pytest.raises(ValueError, match="has not happened yet"):
        state_at(check_in, escalation, line, at_evening(21, 30), pauses=[pause])


def test_a_late_check_in_keeps_held_back_reminders_apart() -> None:
    check_in, escalation, line = social_line()
    pause = Pause(start=at_evening(21, 25), end=at_evening(21, 35), by=PauseRole.CHILD)
    check = at_evening(21, 45)
    state = state_at(check_in, escalation, line, check, check_ins=[check], pauses=[pause])
    assert ids(state.fired) == [(1, 0), (1, 2), (2, 0)]
    assert ids(state.held_back) == [(1, 1)]


# --- Clock changes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "change"),
    [
        (LONDON, datetime(2024, 3, 31)),
        (LONDON, datetime(2024, 10, 27)),
        (NEW_YORK, datetime(2024, 3, 10)),
        (NEW_YORK, datetime(2024, 11, 3)),
    ],
    ids=["london-spring", "london-autumn", "new-york-spring", "new-york-autumn"],
)
@pytest.mark.parametrize("check_in_id", sorted(CHECK_INS))
def test_same_local_time_either_side_of_a_clock_change(
    zone: ZoneInfo, change: datetime, check_in_id: str
) -> None:
    check_in, escalation = pair(check_in_id)
    lines = [
        timeline(check_in, escalation, (change + days).replace(hour=21, tzinfo=zone))
        for days in (timedelta(days=-1), timedelta(days=1))
    ]
    before, after = lines
    assert before.due.utcoffset() != after.due.utcoffset()
    assert elapsed(before.deadline, before.due) == elapsed(after.deadline, after.due)
    assert elapsed(before.deadline, before.due) == check_in.grace_minutes
    assert offsets(before) == offsets(after)
    assert [s.at.strftime("%H:%M") for s in before.steps] == walls(after)


def test_a_timeline_across_the_spring_change_in_london() -> None:
    check_in, escalation = pair("social-outing")  # grace 20, gentle-nudge
    due = datetime(2024, 3, 31, 0, 30, tzinfo=LONDON)
    line = timeline(check_in, escalation, due, Circumstances(after_dark=False))  # undimmed delays
    # clocks go from 01:00 GMT to 02:00 BST: 10 minutes after 00:50 is 02:00
    assert walls(line) == [
        "00:50",
        "02:00",
        "02:10",
        "02:10",
        "02:20",
        "02:20",
        "02:35",
        "02:50",
        "03:20",
        "03:50",
    ]
    assert [o for _, _, o in offsets(line)] == [0, 10, 20, 20, 30, 30, 45, 60, 90, 120]


def test_a_timeline_across_the_autumn_change_in_london() -> None:
    check_in, escalation = pair("social-outing")
    due = datetime(2024, 10, 27, 0, 30, tzinfo=LONDON)
    line = timeline(check_in, escalation, due, Circumstances(after_dark=False))
    # clocks go back from 02:00 BST to 01:00 GMT: 01:20 and 01:50 happen twice
    hour = timedelta(hours=1)
    assert [(s.at.strftime("%H:%M"), s.at.fold, s.at.utcoffset()) for s in line.steps] == [
        ("00:50", 0, hour),
        ("01:00", 0, hour),
        ("01:10", 0, hour),
        ("01:10", 0, hour),
        ("01:20", 0, hour),
        ("01:20", 0, hour),
        ("01:35", 0, hour),
        ("01:50", 0, hour),
        ("01:20", 1, timedelta(0)),
        ("01:50", 1, timedelta(0)),
    ]
    assert [o for _, _, o in offsets(line)] == [0, 10, 20, 20, 30, 30, 45, 60, 90, 120]
    # 01:30 GMT, after 01:50 BST: compared as instants, not as wall-clock times
    now = datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=LONDON)
    state = state_at(check_in, escalation, line, now)
    assert ident(state.active) == (6, 0)
    assert ident(state.next) == (7, 0)
    assert len(state.fired) == 9


def test_timelines_across_the_changes_in_new_york() -> None:
    check_in, escalation = pair("public-transport")  # grace 15, standard-check
    spring_due = datetime(2024, 3, 10, 1, 30, tzinfo=NEW_YORK)
    spring = timeline(check_in, escalation, spring_due, Circumstances(after_dark=False))
    assert walls(spring) == [
        "01:45",
        "01:55",
        "03:00",
        "03:05",
        "03:15",
        "03:30",
        "03:45",
        "04:00",
    ]
    assert offsets(spring) == STANDARD
    autumn_due = datetime(2024, 11, 3, 0, 45, tzinfo=NEW_YORK)
    autumn = timeline(check_in, escalation, autumn_due, Circumstances(after_dark=False))
    assert walls(autumn) == [
        "01:00",
        "01:10",
        "01:15",
        "01:20",
        "01:30",
        "01:45",
        "01:00",
        "01:15",
    ]
    assert [s.at.fold for s in autumn.steps] == [0, 0, 0, 0, 0, 0, 1, 1]
    assert offsets(autumn) == STANDARD
    # wall-clock arithmetic would call the emergency number an hour late
    wall_clock = autumn.deadline + timedelta(minutes=75)
    assert elapsed(wall_clock, autumn.deadline) == 135
    assert elapsed(autumn.steps[-1].at, autumn.deadline) == 75


# --- The bound --------------------------------------------------------------------------------


def test_max_span_comes_from_the_model_limits() -> None:
    assert timedelta(minutes=1440 + 10 * 120) == MAX_SPAN
    worst = escalation_policy(
        [step(1440, "call-emergency-services", repeat={"times": 10, "every_minutes": 120})]
    )
    line = timeline(CHECK_INS["walk-to-school"], worst, NOON)
    assert line.steps[-1].at.astimezone(UTC) - line.deadline.astimezone(UTC) == MAX_SPAN


def test_every_real_policy_ends_within_max_span() -> None:
    for check_in in CHECK_INS.values():
        for escalation in ESCALATIONS.values():
            line = timeline(check_in, escalation, NOON)
            assert elapsed(line.steps[-1].at, line.deadline) <= MAX_SPAN / MINUTE


# --- Properties -------------------------------------------------------------------------------

ZONES = [
    ZoneInfo(name)
    for name in ("UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")
]
CONTACT = [Action.REMIND_CHILD, Action.CALL_CHILD, Action.CALL_POLICE_NON_EMERGENCY]
dues = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.sampled_from(ZONES),
)
ages = st.none() | st.integers(0, 215).map(Age.from_months)
risks = st.none() | st.sampled_from(RiskLevel)


@st.composite
def escalation_policies(draw: st.DrawFn) -> EscalationPolicy:
    delays = sorted(draw(st.lists(st.integers(0, 1440), min_size=1, max_size=6)))
    steps = []
    for delay in delays:
        item = step(delay, draw(st.sampled_from(Action)).value)
        if draw(st.booleans()):
            item["repeat"] = {
                "times": draw(st.integers(1, 10)),
                "every_minutes": draw(st.integers(1, 120)),
            }
        steps.append(item)
    if all(item["action"] == "remind-child" for item in steps):  # a policy needs a safety step
        steps[-1]["action"] = draw(st.sampled_from([a for a in Action if a.is_safety_step])).value
    conditions = []
    for kind in draw(st.lists(st.sampled_from(ConditionKind), max_size=4)):
        skip = draw(st.lists(st.sampled_from(CONTACT), unique=True, max_size=3))
        condition: dict[str, Any] = {
            "when": kind.value,
            "delay_percent": draw(st.integers(25, 100 if skip else 99)),
            "skip_actions": [action.value for action in skip],
        }
        conditions.append(condition)
    skipped = {action for condition in conditions for action in condition["skip_actions"]}
    if all(item["action"] == "remind-child" or item["action"] in skipped for item in steps):
        steps[-1]["action"] = "tell-other-guardian"  # a safety step that every condition keeps
    return escalation_policy(steps, conditions)


@st.composite
def check_in_policies(draw: st.DrawFn) -> CheckInPolicy:
    changes: dict[str, Any] = {"grace_minutes": draw(st.integers(0, 240))}
    if draw(st.booleans()):
        start, end = draw(
            st.lists(st.integers(0, 23), min_size=2, max_size=2, unique=True).map(sorted)
        )
        night = draw(st.booleans())
        changes["dark_hours"] = {
            "start": f"{end if night else start:02d}:00",
            "end": f"{start if night else end:02d}:00",
        }
        zone = draw(st.none() | st.sampled_from(ZONES))
        if zone is not None:
            changes["timezone"] = zone.key
    return check_in_policy(**changes)


def half_even(minutes: int, percent: int) -> int:
    exact = Decimal(minutes * percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@settings(max_examples=150, deadline=None)
@given(check_in_policies(), escalation_policies(), dues, st.none() | st.booleans(), ages, risks)
def test_steps_never_go_backwards_and_never_start_before_the_deadline(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    due: datetime,
    after_dark: bool | None,
    age: Age | None,
    risk: RiskLevel | None,
) -> None:
    line = timeline(
        check_in, escalation, due, Circumstances(after_dark=after_dark, age=age, risk=risk)
    )
    assert elapsed(line.deadline, due) == check_in.grace_minutes
    keys = [(s.at.astimezone(UTC), s.step, s.occurrence) for s in line.steps]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    for scheduled in line.steps:
        assert scheduled.at.tzinfo is due.tzinfo
        assert 0 <= elapsed(scheduled.at, line.deadline) <= MAX_SPAN / MINUTE
        assert scheduled.safety is scheduled.action.is_safety_step


@settings(max_examples=100, deadline=None)
@given(check_in_policies(), escalation_policies(), dues)
def test_dark_hours_decide_as_the_policy_says(
    check_in: CheckInPolicy, escalation: EscalationPolicy, due: datetime
) -> None:
    # without a caller's zone, the conditions are those of CheckInPolicy.darkness_at at the
    # due time (the sun at the due time's zone, or the policy's hours), and each step fires no
    # later than in daylight and no earlier than after dark
    decided = timeline(check_in, escalation, due)
    darkness = check_in.darkness_at(due)
    assert decided.darkness == darkness
    told = timeline(check_in, escalation, due, Circumstances(after_dark=darkness.dark))
    assert (decided.conditions, decided.delay_percent) == (told.conditions, told.delay_percent)
    # instants compared in UTC: two times of one zone compare by their wall clocks, which
    # repeat in the autumn hour (PEP 495)
    light = {
        (s.step, s.occurrence): s.at.astimezone(UTC)
        for s in timeline(check_in, escalation, due, Circumstances(after_dark=False)).steps
    }
    dark = {
        (s.step, s.occurrence): s.at.astimezone(UTC)
        for s in timeline(check_in, escalation, due, Circumstances(after_dark=True)).steps
    }
    for scheduled in decided.steps:
        key = (scheduled.step, scheduled.occurrence)
        assert dark.get(key, light[key]) <= scheduled.at.astimezone(UTC) <= light[key]


def reckoned_percent(percents: list[int]) -> int:
    """Multiply exactly, round half to even, never below 25 (100 when nothing applies)."""
    product = Decimal(100)
    for percent in percents:
        product = product * Decimal(percent) / Decimal(100)
    if product == 100:
        return 100
    return max(25, int(product.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)))


@settings(max_examples=150, deadline=None)
@given(check_in_policies(), escalation_policies(), dues, st.booleans(), ages, risks, st.booleans())
def test_offsets_match_an_independent_reckoning(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    due: datetime,
    after_dark: bool,
    age: Age | None,
    risk: RiskLevel | None,
    vulnerable: bool,
) -> None:
    skip: set[Action] = set()
    kinds: list[ConditionKind] = []
    percents: list[int] = []
    for condition in escalation.conditions:
        if condition.when is ConditionKind.AFTER_DARK:
            holds = after_dark
        elif condition.when is ConditionKind.HIGH_RISK:
            holds = risk is RiskLevel.HIGH
        elif condition.when is ConditionKind.VULNERABLE_CHILD:
            holds = vulnerable
        else:
            holds = age is not None and age.total_months < 12 * 12
        if holds:
            skip.update(condition.skip_actions)
            if condition.when not in kinds:  # each kind counts once: its first condition
                kinds.append(condition.when)
                percents.append(condition.delay_percent)
    percent = reckoned_percent(percents)
    expected = []
    for number, item in enumerate(escalation.steps, start=1):
        if item.action in skip:
            continue
        minute = half_even(item.after_minutes, percent)
        expected.append((minute, number, 0))
        if item.repeat is not None:
            for occurrence in range(1, item.repeat.times + 1):
                minute += half_even(item.repeat.every_minutes, percent)
                expected.append((minute, number, occurrence))
    line = timeline(
        check_in,
        escalation,
        due,
        Circumstances(after_dark=after_dark, age=age, risk=risk, vulnerable=vulnerable),
    )
    assert (line.delay_percent, list(line.conditions)) == (percent, kinds)
    assert [(m, s, o) for s, o, m in offsets(line)] == sorted(expected)
    assert set(line.skipped) == {
        n for n, item in enumerate(escalation.steps, start=1) if item.action in skip
    }


@settings(max_examples=150, deadline=None)
@given(
    check_in_policies(),
    escalation_policies(),
    dues,
    ages,
    risks,
    st.integers(-300, 4000),
    st.integers(0, 3000),
)
def test_a_check_in_cancels_every_step_after_it(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    due: datetime,
    age: Age | None,
    risk: RiskLevel | None,
    check_after: int,
    later: int,
) -> None:
    line = timeline(check_in, escalation, due, Circumstances(age=age, risk=risk))
    check = line.deadline.astimezone(UTC) + check_after * MINUTE
    state = state_at(check_in, escalation, line, check + later * MINUTE, check_ins=[check])
    if check < line.opens:
        assert state.status is not EscalationStatus.RESOLVED and state.not_counted == (check,)
        return
    assert (state.status, state.active, state.next) == (EscalationStatus.RESOLVED, None, None)
    assert state.on_time is (check_after < 0)
    assert all(s.at.astimezone(UTC) <= check for s in state.fired)
    if check_after < 0:
        assert state.fired == ()
    else:
        assert state.fired == tuple(s for s in line.steps if s.at.astimezone(UTC) <= check)


# --- Against a reference model, on a fake clock ----------------------------------------------

#: Fake clocks start shortly before a clock change (in the zone the times are given in), so
#: that timelines run across it, and on an ordinary afternoon.
STARTS = [
    (datetime(2024, 3, 31, 0, 0, tzinfo=UTC), LONDON),
    (datetime(2024, 10, 26, 23, 30, tzinfo=UTC), LONDON),
    (datetime(2024, 3, 10, 6, 0, tzinfo=UTC), NEW_YORK),
    (datetime(2024, 11, 3, 4, 30, tzinfo=UTC), NEW_YORK),
    (datetime(2024, 7, 1, 12, 0, tzinfo=UTC), LONDON),
]
#: Location sharing for the machine's check-in policy: as in the data (``None``), or pausable
#: by some, more often, with short limits often, so that long pauses end early by themselves.
pausable = st.fixed_dictionaries(
    {
        "mode": st.just("while-out"),
        "pausable": st.just(True),
        "paused_by": st.lists(st.sampled_from(["child", "guardian"]), min_size=1, unique=True),
        "max_pause_minutes": st.none() | st.integers(5, 30) | st.integers(5, 240),
    },
)
sharing = st.none() | pausable | pausable
#: The policies with reminders (which a pause may hold back) come up more often.
escalation_ids = st.sampled_from(
    [*sorted(ESCALATIONS), "gentle-nudge", "gentle-nudge", "standard-check"]
)


@dataclass
class Firing:
    minute: int
    step: int
    occurrence: int
    reminder: bool


class Reference:
    """The rules, again, in whole minutes from the start of the clock: simple loops only."""

    def __init__(
        self,
        check_in: CheckInPolicy,
        escalation: EscalationPolicy,
        due: int,
        after_dark: bool,
        age: Age | None,
        risk: RiskLevel | None,
    ) -> None:
        skip: list[Action] = []
        seen: dict[str, int] = {}
        for condition in escalation.conditions:
            if condition.when == "after-dark":
                holds = after_dark
            elif condition.when == "high-risk":
                holds = risk == "high"
            elif condition.when == "vulnerable-child":
                holds = False
            else:
                holds = age is not None and age.total_months < 144
            if holds:
                seen.setdefault(condition.when, condition.delay_percent)
                skip += list(condition.skip_actions)
        percent = reckoned_percent(list(seen.values()))
        self.due = due
        self.opens = due - check_in.window_minutes
        self.deadline = due + check_in.grace_minutes
        self.max_pause = check_in.location.max_pause_minutes
        self.firings: list[Firing] = []
        for number, item in enumerate(escalation.steps, start=1):
            if item.action in skip:
                continue
            minute = self.deadline + half_even(item.after_minutes, percent)
            reminder = item.action == "remind-child"
            self.firings.append(Firing(minute, number, 0, reminder))
            if item.repeat:
                for occurrence in range(1, item.repeat.times + 1):
                    minute = minute + half_even(item.repeat.every_minutes, percent)
                    self.firings.append(Firing(minute, number, occurrence, reminder))
        self.firings.sort(key=lambda f: (f.minute, f.step, f.occurrence))

    def held(self, firing: Firing, pauses: list[list[int]]) -> bool:
        if not firing.reminder:
            return False
        for start, end in pauses:
            if self.max_pause is not None and end > start + self.max_pause:
                end = start + self.max_pause
            for other in self.firings:  # the first safety step from the start ends it
                if not other.reminder and other.minute >= start:
                    end = min(end, other.minute)
                    break
            if start <= firing.minute < end:
                return True
        return False

    def state(
        self, now: int, check_ins: list[int], pauses: list[list[int]]
    ) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]], tuple[int, int] | None]:
        """(status, fired, held back, next)."""
        check_ins = [m for m in check_ins if m >= self.opens]
        if check_ins:
            first = min(check_ins)
            fired: list[tuple[int, int]] = []
            held: list[tuple[int, int]] = []
            if first >= self.deadline:
                for f in self.firings:
                    if f.minute <= first:
                        (held if self.held(f, pauses) else fired).append((f.step, f.occurrence))
            return "resolved", fired, held, None
        fired, held = [], []
        coming: tuple[int, int] | None = None
        for f in self.firings:
            if f.minute <= now:
                (held if self.held(f, pauses) else fired).append((f.step, f.occurrence))
            elif coming is None and not self.held(f, pauses):
                coming = (f.step, f.occurrence)
        if now < self.due:
            status = "waiting"
        elif now < self.deadline:
            status = "grace"
        else:
            status = "missed"
        return status, fired, held, coming


class EscalationMachine(RuleBasedStateMachine):
    """A family's evening on a fake clock: time passes, the child checks in, sharing pauses."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = 0
        self.check_ins: list[int] = []
        self.pauses: list[list[int]] = []
        self.roles: list[PauseRole] = []
        self.open: int | None = None

    @initialize(
        check_in_id=st.sampled_from(sorted(CHECK_INS)),
        escalation_id=escalation_ids,
        location=sharing,
        start=st.sampled_from(STARTS),
        due=st.integers(0, 90),
        after_dark=st.booleans(),
        age=ages,
        risk=risks,
    )
    def begin(
        self,
        check_in_id: str,
        escalation_id: str,
        location: dict[str, Any] | None,
        start: tuple[datetime, ZoneInfo],
        due: int,
        after_dark: bool,
        age: Age | None,
        risk: RiskLevel | None,
    ) -> None:
        changes: dict[str, Any] = {"escalation": escalation_id}
        if location is not None:
            changes["location"] = location
        self.check_in = check_in_policy(check_in_id, **changes)
        self.escalation = ESCALATIONS[escalation_id]
        self.start, self.zone = start
        self.line = timeline(
            self.check_in,
            self.escalation,
            self.moment(due),
            Circumstances(after_dark=after_dark, age=age, risk=risk),
        )
        self.reference = Reference(self.check_in, self.escalation, due, after_dark, age, risk)

    def moment(self, minute: int) -> datetime:
        return (self.start + minute * MINUTE).astimezone(self.zone)

    def pause_records(self) -> list[Pause]:
        return [
            Pause(start=self.moment(start), end=self.moment(end), by=role)
            for (start, end), role in zip(self.pauses, self.roles, strict=True)
        ]

    def observed(
        self, check_ins: list[int] | None = None, pauses: list[Pause] | None = None
    ) -> EscalationState:
        return state_at(
            self.check_in,
            self.escalation,
            self.line,
            self.moment(self.clock),
            check_ins=[
                self.moment(m) for m in (self.check_ins if check_ins is None else check_ins)
            ],
            pauses=self.pause_records() if pauses is None else pauses,
        )

    def next_firing(self) -> int | None:
        return min(
            (f.minute for f in self.reference.firings if f.minute > self.clock), default=None
        )

    @rule(minutes=st.integers(0, 45))
    def advance(self, minutes: int) -> None:
        self.clock += minutes

    @rule(event=st.sampled_from(["due", "deadline", "step", "pause-end"]), by=st.integers(-1, 1))
    def advance_to(self, event: str, by: int) -> None:
        """Move the clock to just before, at or just after the next moment that matters."""
        if event == "due":
            moment: int | None = self.reference.due
        elif event == "deadline":
            moment = self.reference.deadline
        elif event == "step":
            moment = self.next_firing()
        else:
            moment = min((end for _, end in self.pauses if end > self.clock), default=None)
        if moment is not None:
            self.clock = max(self.clock, moment + by)

    # Checking in at every moment is already compared, as if, by the second invariant; a real
    # check-in ends the escalation, so it waits for the deadline to leave room to explore.
    @precondition(lambda self: self.clock >= self.reference.deadline and len(self.check_ins) < 2)
    @rule()
    def check_in_now(self) -> None:
        self.check_ins.append(self.clock)

    @precondition(lambda self: self.check_in.location.pausable)
    @rule(minutes=st.integers(1, 240), to_next_step=st.booleans(), data=st.data())
    def pause(self, minutes: int, to_next_step: bool, data: st.DataObject) -> None:
        """Someone allowed to pauses sharing for ``minutes``, or until exactly the next step."""
        by = data.draw(st.sampled_from(self.check_in.location.paused_by))
        upcoming = self.next_firing()
        if to_next_step and upcoming is not None:
            minutes = upcoming - self.clock
        first_safety = min(
            (f.minute for f in self.reference.firings if not f.reminder), default=None
        )
        came = [m for m in self.check_ins if m >= self.reference.opens and m <= self.clock]
        if first_safety is not None and first_safety <= self.clock and not came:
            # the child is being looked for: a new pause is refused, and nothing changes
            attempt = Pause(
                start=self.moment(self.clock), end=self.moment(self.clock + minutes), by=by
            )
            with pytest.raises(ValueError, match="after the search began"):
                self.observed(pauses=[*self.pause_records(), attempt])
            return
        self.pauses.append([self.clock, self.clock + minutes])
        self.roles.append(by)
        self.open = len(self.pauses) - 1

    @rule(by=st.sampled_from(PauseRole))
    def pause_refused(self, by: PauseRole) -> None:
        """Someone not allowed to tries to pause sharing: refused, and nothing changes."""
        sharing = self.check_in.location
        if sharing.pausable and by in sharing.paused_by:
            return
        record = Pause(start=self.moment(self.clock), end=self.moment(self.clock + 30), by=by)
        with pytest.raises(ValueError, match="may pause"):
            self.observed(pauses=[*self.pause_records(), record])

    @precondition(lambda self: self.open is not None)
    @rule()
    def resume(self) -> None:
        assert self.open is not None
        start, end = self.pauses[self.open]
        if self.clock == start:
            del self.pauses[self.open], self.roles[self.open]
        else:
            self.pauses[self.open][1] = min(end, self.clock)
        self.open = None

    def compare(self, check_ins: list[int]) -> None:
        status, fired, held, coming = self.reference.state(self.clock, check_ins, self.pauses)
        state = self.observed(check_ins=check_ins)
        assert state.status == status
        assert ids(state.fired) == fired
        assert ids(state.held_back) == held
        assert ident(state.next) == coming
        expected_active = fired[-1] if status == "missed" and fired else None
        assert ident(state.active) == expected_active
        minutes = {(f.step, f.occurrence): f.minute for f in self.reference.firings}
        shown = (*state.fired, *state.held_back, *([state.next] if state.next else []))
        for scheduled in shown:
            assert (
                elapsed(scheduled.at, self.start) == minutes[scheduled.step, scheduled.occurrence]
            )

    @invariant()
    def agrees_with_the_reference(self) -> None:
        self.compare(self.check_ins)

    @invariant()
    def agrees_had_the_child_checked_in_just_now(self) -> None:
        self.compare([*self.check_ins, self.clock])


# stateful runs: skipped by -m "not slow", run by the README's test command
TestEscalationMachine = pytest.mark.slow(EscalationMachine.TestCase)
TestEscalationMachine.settings = settings(max_examples=50, stateful_step_count=30, deadline=None)


def test_every_entry_point_takes_the_circumstances_as_one_value() -> None:
    """escalation.timeline, Catalog.timeline and CheckInSession (start, from_catalog and its
    fields) take one Circumstances, with none known by default, and none of its fields apart;
    Circumstances writes out its fields' names and defaults, so that help() and editors show
    them."""
    import inspect

    from independence.escalation.engine import timeline

    def parameters(function: Any) -> dict[str, object]:
        found = inspect.signature(function).parameters.values()
        return {p.name: p.default for p in found if p.name not in ("self", "cls")}

    names = set(Circumstances.model_fields)
    assert names == {"after_dark", "age", "risk", "tz", "vulnerable", "place"}
    entries = (
        timeline,
        independence.Catalog.timeline,
        independence.CheckInSession.start,
        independence.CheckInSession.from_catalog,
    )
    for entry in entries:
        given = parameters(entry)
        assert given["circumstances"] is None, entry
        assert not names & set(given), entry
    fields = independence.CheckInSession.model_fields
    assert fields["circumstances"].default == Circumstances()
    assert not names & set(fields)
    written = parameters(Circumstances.__init__)
    assert written == {name: field.default for name, field in Circumstances.model_fields.items()}


def test_a_misspelt_risk_is_refused_not_ignored() -> None:
    # a typo must never quietly leave out the high-risk condition, which shortens every delay
    catalog = independence.default_catalog()
    due = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="risk must be one of low, moderate, high, not 'hgh'"):
        catalog.timeline("walk-to-school", due, Circumstances(risk="hgh"))  # type: ignore[arg-type]
    assert catalog.timeline("walk-to-school", due, Circumstances(risk="high")) == catalog.timeline(
        "walk-to-school", due, Circumstances(risk=independence.model.RiskLevel.HIGH)
    )
