"""Local clock times to instants, the one rule for clock changes.

:func:`local_instant` turns a date and a local clock time in a time zone into the aware
instant at which that zone's clocks show it. Two days a year need a rule:

- **In spring**, a time the clocks skip does not exist (01:30 in London on the last Sunday of
  March). It is **moved forward by the length of the skip**: 01:30 becomes 02:30 BST, the
  instant at which 01:30 would have come had the clocks not changed. The check-in is never
  dropped, and comes as soon after the intended time as the clocks allow.
- **In autumn**, a time the clocks repeat happens twice (01:30 in London on the last Sunday of
  October). It happens **once, at the first**: 01:30 BST, not 01:30 GMT an hour later, so a
  check-in never waits an hour longer than the family expects.

Schedules (:meth:`independence.model.schedule.Schedule.next_occurrences`) and fixed-time
triggers (:func:`independence.escalation.triggers.fixed_time_due`) both use it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["local_instant", "resolve_zone"]

#: Names the time zone database holds that are not IANA zones.
_NOT_ZONES: Final = frozenset({"localtime", "posixrules", "Factory"})
_COPIES: Final = ("posix/", "right/")
_ZONE_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def resolve_zone(zone: str | tzinfo) -> tzinfo:
    """A ``tzinfo`` from an IANA name (``"Europe/London"``) or a ``tzinfo``.

    An unknown name is a ``ValueError`` that says to use an IANA name, and so is a name the
    zone database holds that is not an IANA zone: ``localtime`` (the machine's own zone, which
    differs from machine to machine), ``posixrules``, ``Factory``, the ``posix/`` and
    ``right/`` copies, and anything that is not a plain name (a path).
    """
    if isinstance(zone, tzinfo):
        return zone
    if not isinstance(zone, str):
        raise TypeError(f"a time zone is an IANA name or a tzinfo, not {type(zone).__name__}")
    if zone in _NOT_ZONES or not _ZONE_NAME.fullmatch(zone) or zone.startswith(_COPIES):
        raise ValueError(f"unknown time zone {zone!r} (use an IANA name)")
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a name too long
        raise ValueError(f"unknown time zone {zone!r} (use an IANA name)") from None


def local_instant(on: date, at: time, zone: str | tzinfo) -> datetime:
    """The instant at which the clocks of ``zone`` show ``at`` on ``on``, in that zone.

    A time skipped in spring is moved forward by the skip; a time repeated in autumn is the
    first of the two (see the module's notes). ``at`` must carry no zone of its own.
    """
    if at.tzinfo is not None:
        raise ValueError("the clock time must be local (no tzinfo): the zone is given apart")
    place = resolve_zone(zone)
    wall = datetime.combine(on, at.replace(fold=0), tzinfo=place)
    # fold=0 reads a skipped time with the offset before the change (so it lands after the
    # skip, moved forward by its length) and a repeated time as the first of the two
    return wall.astimezone(UTC).astimezone(place)
