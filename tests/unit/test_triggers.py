"""Due times of interval and fixed-time triggers (independence.escalation.triggers)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import independence
from independence.escalation.triggers import (
    fixed_time_due,
    interval_missed_at,
    next_fixed_time_due,
    next_interval_due,
)

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
OUT = datetime(2026, 3, 7, 19, 0, tzinfo=LONDON)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def test_the_first_message_is_due_an_interval_after_departure() -> None:
    assert next_interval_due(OUT, [], 30) == OUT + minutes(30)


def test_a_babysitter_silent_after_one_message_is_missed_from_the_first_missed_interval(
    catalog: independence.Catalog,
) -> None:
    """Issue #23: a babysitter who stops messaging is escalated from the first missed interval."""
    policy = catalog.lookup("babysitting", kind="check_in_policies")
    every = next(t.every_minutes for t in policy.triggers if t.every_minutes is not None)
    assert every == 30
    messages = [OUT + minutes(28)]
    due = next_interval_due(OUT, messages, every)
    assert due == OUT + minutes(58)  # not the end of the evening
    missed = interval_missed_at(OUT, messages, every, policy.grace_minutes)
    assert missed == OUT + minutes(58 + policy.grace_minutes)


def test_messages_resumed_after_a_miss_restart_the_count() -> None:
    # due at 19:30, missed; a message at 19:50 (late) sets the next one for 20:20
    messages = [OUT + minutes(50)]
    assert next_interval_due(OUT, messages, 30) == OUT + minutes(80)


def test_the_latest_message_counts_in_any_order() -> None:
    messages = [OUT + minutes(55), OUT + minutes(20), OUT + minutes(40)]
    assert next_interval_due(OUT, messages, 30) == OUT + minutes(85)


def test_a_message_from_before_the_departure_belongs_to_another_outing() -> None:
    assert next_interval_due(OUT, [OUT - minutes(5)], 30) == OUT + minutes(30)


def test_interval_due_times_are_elapsed_time_across_a_clock_change() -> None:
    # London springs forward at 01:00 GMT on 29 March: 60 minutes after 00:30 GMT is 02:30 BST
    night = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    due = next_interval_due(night, [], 60)
    assert due.astimezone(UTC) - night.astimezone(UTC) == minutes(60)
    assert due.time() == time(2, 30) and due.tzinfo == LONDON


def test_interval_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_interval_due(datetime(2026, 3, 7, 19, 0), [], 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_interval_due(OUT, [datetime(2026, 3, 7, 19, 10)], 30)
    with pytest.raises(ValueError, match="between 5 and 720"):
        next_interval_due(OUT, [], 2)
    with pytest.raises(TypeError, match="whole number"):
        next_interval_due(OUT, [], True)
    with pytest.raises(ValueError, match="between 0 and 240"):
        interval_missed_at(OUT, [], 30, 241)


def test_a_fixed_time_is_read_on_the_familys_clock() -> None:
    assert fixed_time_due(date(2026, 3, 7), time(22, 0), "Europe/London") == datetime(
        2026, 3, 7, 22, 0, tzinfo=LONDON
    )
    summer = fixed_time_due(date(2026, 7, 4), time(22, 0), LONDON)
    assert summer.astimezone(UTC).hour == 21


def test_a_fixed_time_across_london_clock_changes() -> None:
    spring = fixed_time_due(date(2026, 3, 29), time(1, 30), LONDON)
    assert spring.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    autumn = fixed_time_due(date(2026, 10, 25), time(1, 30), LONDON)
    assert autumn.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first


def test_a_fixed_time_across_sydney_clock_changes() -> None:
    spring = fixed_time_due(date(2026, 10, 4), time(2, 30), SYDNEY)
    assert spring.time() == time(3, 30) and spring.utcoffset() == timedelta(hours=11)
    autumn = fixed_time_due(date(2026, 4, 5), time(2, 30), SYDNEY)
    assert autumn.utcoffset() == timedelta(hours=11)  # the first 02:30, still AEDT


def test_the_next_fixed_time_is_today_or_tomorrow() -> None:
    at = time(22, 0)
    assert next_fixed_time_due(OUT, at, LONDON) == datetime(2026, 3, 7, 22, 0, tzinfo=LONDON)
    late = datetime(2026, 3, 7, 23, 0, tzinfo=LONDON)
    assert next_fixed_time_due(late, at, LONDON) == datetime(2026, 3, 8, 22, 0, tzinfo=LONDON)
    # read on the family's clock, whatever the zone of the instant given
    in_sydney = datetime(2026, 3, 8, 8, 0, tzinfo=SYDNEY)  # 21:00 on the 7th in London
    assert next_fixed_time_due(in_sydney, at, "Europe/London") == datetime(
        2026, 3, 7, 22, 0, tzinfo=LONDON
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        next_fixed_time_due(datetime(2026, 3, 7, 19, 0), at, LONDON)


def test_the_grace_is_elapsed_time_too() -> None:
    # due 00:55 GMT on 29 March; ten minutes' grace ends at 02:05 BST, ten real minutes later
    night = datetime(2026, 3, 29, 0, 25, tzinfo=LONDON)
    missed = interval_missed_at(night, [], 30, 10)
    assert missed.astimezone(UTC) == datetime(2026, 3, 29, 1, 5, tzinfo=UTC)
    assert missed.time() == time(2, 5)
