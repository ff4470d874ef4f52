"""Properties of recurring schedules across clock changes (Hypothesis).

For any days, local time, zone and starting instant: occurrences come strictly after the
instant and in order, at most one a local date, each on a chosen day, and each at the chosen
clock time, except where the clocks skip it (then as much later as the skip, never earlier).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
from hypothesis import given, settings

from independence.model import Schedule, Weekday

ZONES = ["Europe/London", "Australia/Sydney", "America/New_York", "Australia/Lord_Howe"]


@settings(max_examples=100, deadline=None)
@given(
    days=st.sets(st.sampled_from(list(Weekday)), min_size=1),
    # often in the small hours, when clocks change
    at=st.times() | st.builds(time, st.integers(0, 3), st.sampled_from([0, 15, 30, 45])),
    zone=st.sampled_from(ZONES),
    # often in the weeks before a change (March, April, September, October, November)
    after=st.builds(
        lambda year, month, day, hour: datetime(year, month, day, hour, tzinfo=UTC),
        st.integers(2020, 2039),
        st.sampled_from([1, 3, 4, 6, 9, 10, 11]),
        st.integers(1, 28),
        st.integers(0, 23),
    ),
)
def test_occurrences_keep_to_the_days_and_the_clock(
    days: set[Weekday], at: time, zone: str, after: datetime
) -> None:
    clock = at.replace(second=0, microsecond=0)
    schedule = Schedule(
        id="any",
        title="Any",
        check_in="walk-to-school",
        days=tuple(sorted(days, key=lambda day: day.number)),
        at=clock,
        timezone=zone,
    )
    found = schedule.next_occurrences(after, 20)
    assert len(found) == 20
    place = ZoneInfo(zone)
    instants = [moment.astimezone(UTC) for moment in found]
    assert instants[0] > after
    assert all(a < b for a, b in pairwise(instants))
    dates = []
    for moment in found:
        local = moment.astimezone(place)
        shown = local.replace(tzinfo=None)
        wall = datetime.combine(local.date(), clock)
        # on the chosen clock time, or moved forward by a skip (at most an hour in these zones)
        assert timedelta(0) <= shown - wall <= timedelta(hours=1)
        assert schedule.occurs_on(local.date())
        dates.append(local.date())
    assert len(set(dates)) == len(dates)
