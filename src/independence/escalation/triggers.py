"""The due times of ``interval`` and ``fixed-time`` triggers: pure functions for the engine.

- :func:`next_interval_due`: with an ``interval`` trigger the child sends a ``checked-in``
  message every ``every_minutes`` while out; the next one is due that long after the latest of
  the departure and the messages so far. :func:`interval_missed_at` adds the policy's grace: the
  moment the message counts as missed, from which the escalation runs with the same rules as a
  missed arrival.
- :func:`fixed_time_due`: a ``fixed-time`` trigger's due time on a date, from its local clock
  time (``at``) in the family's zone; :func:`next_fixed_time_due` is the first one after an
  instant. Both follow :func:`independence.clock.local_instant` across clock changes: a time
  skipped in spring comes as much later as the skip, a repeated one comes once, the first time.

Every instant given must be timezone-aware; results are in the zone of ``departed`` (interval)
or of the family (fixed time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

from independence.clock import local_instant, resolve_zone

__all__ = [
    "MAX_EVERY_MINUTES",
    "MIN_EVERY_MINUTES",
    "fixed_time_due",
    "interval_missed_at",
    "next_fixed_time_due",
    "next_interval_due",
]

#: The shortest and longest intervals, as a check-in policy's ``every_minutes`` allows.
MIN_EVERY_MINUTES: Final = 5
MAX_EVERY_MINUTES: Final = 720


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _later(moment: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``moment`` (never wall-clock arithmetic), in UTC."""
    return moment.astimezone(UTC) + timedelta(minutes=minutes)


def next_interval_due(
    departed: datetime, check_ins: Iterable[datetime], every_minutes: int
) -> datetime:
    """When the next ``checked-in`` message of an interval trigger is due.

    ``every_minutes`` after the latest of ``departed`` and the messages received
    (``check_ins``, in any order); a message from before the departure belongs to another
    outing and is left out. A message after a missed one restarts the count from itself
    (messages resumed after a miss).
    """
    _aware(departed, "departed")
    if isinstance(every_minutes, bool) or not isinstance(every_minutes, int):
        raise TypeError("every_minutes must be a whole number")
    if not MIN_EVERY_MINUTES <= every_minutes <= MAX_EVERY_MINUTES:
        raise ValueError(
            f"every_minutes must be between {MIN_EVERY_MINUTES} and {MAX_EVERY_MINUTES}, "
            f"not {every_minutes}"
        )
    latest = departed
    for message in check_ins:
        _aware(message, "every check-in")
        if message > latest:
            latest = message
    # elapsed time: added in UTC, so that an interval over a clock change is still N minutes
    return _later(latest, every_minutes).astimezone(departed.tzinfo)


def interval_missed_at(
    departed: datetime,
    check_ins: Iterable[datetime],
    every_minutes: int,
    grace_minutes: int = 0,
) -> datetime:
    """When the next interval message counts as missed: its due time plus the grace.

    The escalation of a missed interval message counts from this instant, as that of a missed
    arrival counts from the due time plus the grace (the deadline).
    """
    if isinstance(grace_minutes, bool) or not isinstance(grace_minutes, int):
        raise TypeError("grace_minutes must be a whole number")
    if not 0 <= grace_minutes <= 240:
        raise ValueError(f"grace_minutes must be between 0 and 240, not {grace_minutes}")
    due = next_interval_due(departed, check_ins, every_minutes)
    return _later(due, grace_minutes).astimezone(departed.tzinfo)


def fixed_time_due(on: date, at: time, zone: str | tzinfo) -> datetime:
    """The due time of a ``fixed-time`` trigger on the local date ``on``, in ``zone``."""
    return local_instant(on, at, zone)


def next_fixed_time_due(after: datetime, at: time, zone: str | tzinfo) -> datetime:
    """The first due time of a ``fixed-time`` trigger strictly after ``after``, in ``zone``.

    Today's, in the family's zone, if it is still to come; else tomorrow's (a teen who sets
    off at 23:00 with a 22:00 check-in has the next day's).
    """
    _aware(after, "after")
    place = resolve_zone(zone)
    day = after.astimezone(place).date()
    for offset in (-1, 0, 1, 2):  # a moved-forward time may land on the next date
        due = fixed_time_due(day + timedelta(days=offset), at, place)
        if due > after:
            return due
    raise AssertionError("unreachable: a clock time comes every day")  # pragma: no cover
