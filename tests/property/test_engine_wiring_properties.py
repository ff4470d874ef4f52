"""Safety properties of the engine with the sun and interval triggers wired in (Hypothesis).

- Darkness never makes a step later: for random places (the poles included), dates and zones,
  every firing of a timeline and of a session (each step judged at the instant it fires) is no
  later than the same firing in daylight, and no safety step of the daylight timeline is
  missing.
- An interval session whose messages stop reaches the emergency step no later than a bound
  computed from the policy alone: the first missed message's due time, plus the grace, plus
  the emergency step's delay (conditions only shorten delays).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
from hypothesis import assume, example, given, settings

import independence
from independence import Age, CheckInSession
from independence.escalation import Circumstances
from independence.escalation.engine import timeline
from independence.model import Action, TriggerKind
from independence.sun import Place

CATALOG = independence.default_catalog()
PAIRS = [
    (policy, CATALOG.lookup(policy.escalation, kind="escalation_policies"))
    for policy in CATALOG.check_in_policies
]
INTERVAL_POLICIES = sorted(
    policy.id
    for policy in CATALOG.check_in_policies
    if any(t.kind is TriggerKind.INTERVAL for t in policy.triggers)
)
ZONES = [
    "Europe/London",
    "Australia/Sydney",
    "Atlantic/Reykjavik",
    "Asia/Singapore",
    "America/Anchorage",
    "Pacific/Auckland",
    "UTC",
]

instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
places = st.none() | st.builds(
    Place,
    latitude=st.floats(min_value=-90, max_value=90, allow_nan=False)
    | st.sampled_from([-90.0, -78.0, 69.6, 78.2, 90.0]),
    longitude=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
ages = st.sampled_from([Age.parse("7y"), Age.parse("10y"), Age.parse("15y"), Age.parse("17y")])


@settings(max_examples=60, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    instant=instants,
    zone=st.sampled_from(ZONES),
    place=places,
    age=ages,
)
def test_darkness_never_makes_a_step_later(
    pair: tuple[independence.model.CheckInPolicy, independence.model.EscalationPolicy],
    instant: datetime,
    zone: str,
    place: Place | None,
    age: Age,
) -> None:
    check_in, escalation = pair
    due = instant.astimezone(ZoneInfo(zone))
    judged = timeline(check_in, escalation, due, Circumstances(age=age, place=place))
    light = timeline(check_in, escalation, due, Circumstances(age=age, after_dark=False))
    # instants in UTC: one zone's times compare by wall clock, which repeats in autumn
    daylight = {(s.step, s.occurrence): s.at.astimezone(UTC) for s in light.steps}
    for scheduled in judged.steps:
        assert scheduled.at.astimezone(UTC) <= daylight[(scheduled.step, scheduled.occurrence)]
    kept = {(s.step, s.occurrence) for s in judged.steps}
    assert {key for key, _ in daylight.items()} - kept <= {
        (s.step, s.occurrence) for s in light.steps if not s.safety
    }
    # a session judges its steps in the same way
    if check_in.min_age is not None and age < check_in.min_age:
        return
    session = CheckInSession.start(
        check_in,
        escalation,
        due=due,
        started=due,
        circumstances=Circumstances(age=age, place=place, tz=zone),
    )
    state = session.state_at(due + timedelta(days=3))
    for scheduled in state.fired:
        key = (scheduled.step, scheduled.occurrence)
        if key in daylight:  # re-prompts aside
            assert scheduled.at.astimezone(UTC) <= daylight[key]


@settings(max_examples=60, deadline=None)
@example(  # the night Sydney's clocks go back: the interval is elapsed time, not wall clock
    policy_id="after-dark",
    departed=datetime(2024, 4, 6, 13, 37, tzinfo=UTC),
    zone="Australia/Sydney",
    place=None,
    age=Age(years=7),
    gaps=[13, 60],
    after_dark=None,
)
@given(
    policy_id=st.sampled_from(INTERVAL_POLICIES),
    departed=instants,
    zone=st.sampled_from(ZONES),
    place=places,
    age=ages,
    gaps=st.lists(st.integers(min_value=1, max_value=720), max_size=5),
    after_dark=st.none() | st.booleans(),
)
def test_silence_reaches_the_emergency_step_within_the_bound(
    policy_id: str,
    departed: datetime,
    zone: str,
    place: Place | None,
    age: Age,
    gaps: list[int],
    after_dark: bool | None,
) -> None:
    policy = CATALOG.lookup(policy_id, kind="check_in_policies")
    escalation = CATALOG.lookup(policy.escalation, kind="escalation_policies")
    assume(policy.min_age is None or not age < policy.min_age)
    every = min(
        t.every_minutes
        for t in policy.triggers
        if t.kind is TriggerKind.INTERVAL and t.every_minutes is not None
    )
    # every sum in UTC: an aware datetime plus a timedelta keeps its wall clock, so across a
    # clock change the same sum in the family's zone is an hour away from the elapsed time
    family = ZoneInfo(zone)
    started = departed.astimezone(UTC)
    # messages on time (each within its interval), then silence; the arrival far later
    messages: list[datetime] = []
    last = started
    for gap in gaps:
        last = last + timedelta(minutes=min(gap, every))
        messages.append(last)
    due = last + timedelta(hours=30)
    session = CheckInSession.start(
        policy,
        escalation,
        due=due.astimezone(family),
        started=started.astimezone(family),
        circumstances=Circumstances(age=age, place=place, tz=zone, after_dark=after_dark),
    )
    for message in messages:
        session = session.add("checked-in", message.astimezone(family))
    emergency = [
        step.after_minutes
        for step in escalation.steps
        if step.action is Action.CALL_EMERGENCY_SERVICES
    ]
    assume(emergency)
    missed = last + timedelta(minutes=every + policy.grace_minutes)
    bound = missed + timedelta(minutes=min(emergency))
    state = session.state_at(bound.astimezone(family))
    assert state.deadline <= missed
    assert any(s.action is Action.CALL_EMERGENCY_SERVICES for s in state.fired)
    assert all(s.at.astimezone(UTC) >= missed for s in state.fired)
