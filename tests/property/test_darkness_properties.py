"""Properties of darkness from the sun (Hypothesis).

- Darkness judged at an instant agrees with civil dawn and dusk: it is light exactly between a
  day's civil dawn and its civil dusk (away from the minute around each, where the two
  computations may round differently).
- With the ``sun`` rule, darkness never makes a step later: for every default policy, child and
  instant, every step of the timeline chosen by :meth:`CheckInPolicy.darkness_at` fires no later
  than the same step of the daylight timeline, and no safety step of the daylight timeline is
  missing from it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
from hypothesis import given, settings

import independence
from independence.escalation import Circumstances
from independence.escalation.engine import timeline
from independence.model import RiskLevel
from independence.sun import Place, civil_twilight, is_dark, solar_day

CATALOG = independence.default_catalog()
PAIRS = [
    (policy, CATALOG.lookup(policy.escalation, kind="escalation_policies"))
    for policy in CATALOG.check_in_policies
]

instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
# up to 60 degrees there is a civil dawn and dusk every day of the year
temperate = st.builds(
    Place,
    latitude=st.floats(min_value=-60, max_value=60, allow_nan=False),
    longitude=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
anywhere = st.builds(
    Place,
    latitude=st.floats(min_value=-90, max_value=90, allow_nan=False),
    longitude=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
MARGIN = timedelta(seconds=90)


@settings(max_examples=150, deadline=None)
@given(instant=instants, place=temperate)
def test_dark_exactly_outside_civil_dawn_to_dusk(instant: datetime, place: Place) -> None:
    day = solar_day(instant, place)
    light_spans = []
    for offset in (-1, 0, 1):
        twilight = civil_twilight(day + timedelta(days=offset), place)
        assert twilight.polar is None
        assert twilight.rise is not None and twilight.set is not None
        if min(abs(instant - twilight.rise), abs(instant - twilight.set)) < MARGIN:
            return  # on the line itself
        light_spans.append((twilight.rise, twilight.set))
    light = any(rise <= instant < dusk for rise, dusk in light_spans)
    assert is_dark(instant, place) is not light


@settings(max_examples=120, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    due=instants,
    place=st.none() | anywhere,
    zone=st.sampled_from(["Europe/London", "Australia/Sydney", "Atlantic/Reykjavik", "UTC"]),
    years=st.integers(min_value=0, max_value=17),
    risk=st.none() | st.sampled_from(list(RiskLevel)),
    vulnerable=st.booleans(),
)
def test_darkness_from_the_sun_never_makes_a_step_later(
    pair: tuple[independence.model.CheckInPolicy, independence.model.EscalationPolicy],
    due: datetime,
    place: Place | None,
    zone: str,
    years: int,
    risk: RiskLevel | None,
    vulnerable: bool,
) -> None:
    policy, escalation = pair
    deadline = due + timedelta(minutes=policy.grace_minutes)
    judged = policy.darkness_at(deadline, zone, place=place)
    age = independence.Age(years=years)

    def plan(dark: bool) -> independence.Timeline:
        return timeline(
            policy,
            escalation,
            due,
            Circumstances(after_dark=dark, age=age, risk=risk, vulnerable=vulnerable),
        )

    chosen, daylight = plan(judged.dark), plan(False)
    # instants in UTC: one zone's times compare by wall clock, which repeats in autumn
    fires = {(step.step, step.occurrence): step.at.astimezone(UTC) for step in chosen.steps}
    for step in daylight.steps:
        key = (step.step, step.occurrence)
        if key in fires:
            assert fires[key] <= step.at.astimezone(UTC), (policy.id, step.action, judged)
        else:
            assert not step.safety, (policy.id, step.action, "a safety step went missing")
