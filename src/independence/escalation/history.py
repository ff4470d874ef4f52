"""What a session's events did, kept so that each new event costs the same.

A :class:`~independence.escalation.CheckInSession` is immutable; each event added makes a new
:class:`History` in O(1), sharing the rest (persistent lists of :class:`Link`), and sessions of
one lineage share the plans' firings and the event ids (:class:`Shared`). The rules that use
them are in :mod:`independence.escalation.session`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, NamedTuple, TypeVar

from independence.escalation.engine import ScheduledStep
from independence.escalation.events import Author, Event
from independence.messages import ENGLISH, Messages
from independence.model.check_in import PauseRole

__all__ = [
    "EventName",
    "Firing",
    "History",
    "Holder",
    "Link",
    "Segment",
    "Shared",
    "oldest_first",
]

#: One firing of a plan: (the UTC instant it fires, the firing, whether it is sent).
Firing = tuple[datetime, ScheduledStep, bool]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Link(Generic[_T]):
    """A persistent list, newest first: adding one item shares the rest (O(1))."""

    value: _T
    rest: Link[_T] | None = None


def oldest_first(link: Link[_T] | None) -> list[_T]:
    found: list[_T] = []
    while link is not None:
        found.append(link.value)
        link = link.rest
    found.reverse()
    return found


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the session under one plan, or one alarm.

    A plan segment runs from ``start`` (the session's start, or the plan change) to the next
    segment or the end; an alarm segment (``sos``) adds the urgent path of one SOS, from the
    plan in force (``plan``), and runs to the end.
    """

    number: int  # the number of the event that began it (0: the session's start)
    start: datetime  # UTC
    due: datetime  # the plan's due time, in the session's zone
    ack: datetime | None = None  # UTC: the child's first acknowledgment of this plan
    hold: datetime | None = None  # UTC: when its hold ends (an acknowledgment before the deadline)
    sos: datetime | None = None  # UTC: an alarm segment
    plan: Segment | None = None  # an alarm segment: the plan in force at the alarm
    added: timedelta | None = None  # a later plan: the time added by then (None: the first)
    expect: datetime | None = None  # UTC: the next interval message's due time (None: none)


class History(NamedTuple):
    """What the events so far did; each event makes a new one in O(1), sharing the rest.

    A named tuple: :meth:`with_` (``_replace``) copies it in C, several times faster than
    ``dataclasses.replace``, and it adds one object per event for the cyclic collector to walk.
    """

    seen: int  # how many events it has taken
    segment: Segment  # the newest segment
    plan: Segment  # the newest plan segment
    segments: Link[Segment]
    added: timedelta = timedelta(0)
    destination: str | None = None
    pauses: Link[tuple[datetime, datetime, PauseRole]] | None = None  # closed pauses
    open_pause: tuple[datetime, datetime, PauseRole] | None = None
    ends: Link[tuple[int, datetime]] | None = None  # arrivals and stand-downs: (number, UTC)
    ended: Event | None = None  # the event that ended the session, while it is ended
    arrived: datetime | None = None  # UTC
    stood_down: Event | None = None
    searched: datetime | None = None  # UTC: a safety step fired in a closed segment, or an alarm
    alert_acks: Link[tuple[datetime, Author]] | None = None
    last: datetime | None = None  # UTC
    message: datetime | None = None  # UTC: the latest checked-in message

    def with_(self, **changes: Any) -> History:
        return self._replace(**changes)


class Shared:
    """What sessions of one lineage share: plan firings by due time, and event ids.

    ``ids`` maps an event id to its index; it describes the events of the session that last
    wrote to it (``size`` of them), and every session that holds it has a prefix of those.
    A session whose events are fewer copies it before writing (a fork), so that ids written
    by one branch never count for another.
    """

    __slots__ = ("firings", "ids", "lock", "plans", "size")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.firings: dict[datetime, list[tuple[datetime, ScheduledStep]]] = {}
        self.plans: dict[
            tuple[datetime, datetime | None, datetime | None, timedelta | None], list[Firing]
        ] = {}
        self.ids: dict[str, int] = {}
        self.size = 0

    def __eq__(self, other: object) -> bool:  # a cache: never part of a session's value
        return isinstance(other, Shared)

    def __reduce__(self) -> tuple[type[Shared], tuple[()], None]:
        """A copy (``copy.copy``, ``copy.deepcopy``) is a fresh cache, with no ids: the next
        event added rebuilds them from the events."""
        return (Shared, (), None)

    def __hash__(self) -> int:
        return 0


@dataclass(frozen=True)
class Holder:
    """The engine state of a session, kept out of its value (``==`` compares fields only)."""

    state: History
    shared: Shared
    messages: Messages = field(default=ENGLISH)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Holder)

    def __hash__(self) -> int:
        return 0


class EventName:
    """``event N (kind at time by author)``, made only when a message needs it."""

    __slots__ = ("event", "number")

    def __init__(self, number: int, event: Event) -> None:
        self.number, self.event = number, event

    def __format__(self, spec: str) -> str:
        event = self.event
        return (
            f"event {self.number} ({event.kind.value} at {event.at.isoformat()} by "
            f"{event.by.value})"
        )

    def __str__(self) -> str:
        return format(self)
