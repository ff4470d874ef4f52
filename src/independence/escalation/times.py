"""The engine's clock: the range of instants it accepts, and elapsed-time arithmetic.

Every instant the engine takes must be timezone-aware and lie in ``[EARLIEST, LATEST)``
(:func:`aware`); arithmetic is elapsed time, done in UTC and shown back in the zone of the
instant it started from (:func:`later`), so that a clock change never stretches or shrinks a
delay. Local clock times (fixed-time check-ins, schedules) follow :mod:`independence.clock`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

from independence.model.check_in import iana_zone

__all__ = [
    "EARLIEST",
    "LATEST",
    "MINUTE",
    "aware",
    "in_range",
    "later",
    "within_range",
    "zone",
]

#: The earliest instant the engine accepts (inclusive): every time given must be in
#: ``[EARLIEST, LATEST)``. The range is far wider than any real check-in, and it keeps every sum
#: the engine makes (a window before the due time, a grace period and the longest escalation
#: after it, added time) far from the edges of :class:`datetime.datetime`, which would overflow.
EARLIEST: Final = datetime(1900, 1, 1, tzinfo=UTC)
#: The first instant the engine no longer accepts (exclusive).
LATEST: Final = datetime(3000, 1, 1, tzinfo=UTC)
#: One minute of elapsed time.
MINUTE: Final = timedelta(minutes=1)


def in_range(moment: datetime) -> bool:
    """Whether the aware ``moment`` lies in ``[EARLIEST, LATEST)``, the times the engine
    accepts; never an ``OverflowError``."""
    try:
        instant = moment.astimezone(UTC)
    except OverflowError:  # year 1 with an offset east of UTC, year 9999 west of it
        return False
    return EARLIEST <= instant < LATEST


def within_range(name: str, value: datetime) -> datetime:
    """``value`` if it lies in ``[EARLIEST, LATEST)``; else a ``ValueError`` naming it (as
    ``name``), never an overflow."""
    if not in_range(value):
        raise ValueError(
            f"{name} {value.isoformat()} is out of range: give a time from "
            f"{EARLIEST.date().isoformat()} up to (not including) {LATEST.date().isoformat()} UTC"
        )
    return value


def aware(name: str, value: object) -> datetime:
    """``value`` if it is a timezone-aware datetime in the engine's range; else a ``TypeError``
    (not a datetime) or a ``ValueError`` (naive, or out of range) naming it as ``name``."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware, but {value.isoformat()} is a naive datetime "
            "(give it a tzinfo, such as ZoneInfo('Europe/London'))"
        )
    return within_range(name, value)


def zone(tz: str | tzinfo) -> tzinfo:
    """A ``tzinfo`` from an IANA name (checked as the model checks zones) or a ``tzinfo``."""
    if isinstance(tz, tzinfo):
        return tz
    return iana_zone(tz)


def later(start: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``start`` (before it when negative), in the zone of
    ``start``."""
    where = start.tzinfo
    assert where is not None
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(where)
