"""Events of a check-in session: what happened, when, and who says so.

Each kind has the authors who may send it (:data:`AUTHORS`); the session decides the rest
(see ``docs/concepts/sessions.md`` for the rules table).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, Field, model_validator

from independence.model.base import Record, Text, WholeNumber

__all__ = [
    "AUTHORS",
    "Author",
    "AuthorName",
    "Event",
    "EventKind",
    "EventKindName",
    "Identifier",
]

#: An id an app gives a session or an event: letters, digits, ``.``, ``_``, ``-`` and ``:``,
#: up to 128 characters (a UUID fits), so that it can be part of a firing's key.
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]


class EventKind(StrEnum):
    """What happened during a check-in session."""

    ACKNOWLEDGED = "acknowledged"
    """The child replied and is still on the way."""
    ARRIVED = "arrived"
    """The child arrived: the check-in is resolved."""
    CHECKED_IN = "checked-in"
    """A message from the child that is not an arrival (an interval or fixed-time check-in)."""
    TIME_ADDED = "time-added"
    """``minutes`` added to the due time, before the deadline."""
    PLAN_CHANGED = "plan-changed"
    """A new ``due`` time and/or ``destination``."""
    LOCATION_PAUSED = "location-paused"
    """Location sharing was paused ``by`` the child or a guardian."""
    LOCATION_RESUMED = "location-resumed"
    """Location sharing was resumed ``by`` the child or a guardian."""
    STOOD_DOWN = "stood-down"
    """A grown-up (``by``) confirmed the child is safe (``how``)."""
    SOS = "sos"
    """The child raised the alarm."""
    ALERT_ACKNOWLEDGED = "alert-acknowledged"
    """A grown-up (``by``) has seen an alert and is acting on it: re-prompting stops."""


class Author(StrEnum):
    """Who an event comes from."""

    CHILD = "child"
    """The child, from their phone or in person."""
    GUARDIAN = "guardian"
    """A parent or carer (either of them)."""
    TRUSTED_ADULT = "trusted-adult"
    """The trusted adult of the escalation policy (a neighbour, a host, a teacher)."""
    APP = "app"
    """The app by itself, such as an arrival alert from the child's phone: the child's side."""

    @property
    def is_grown_up(self) -> bool:
        """A guardian or a trusted adult; the child and the app are the child's side."""
        return self in (Author.GUARDIAN, Author.TRUSTED_ADULT)


#: The event kinds as their string values, for type checkers (``session.add("arrived", t)``).
EventKindName = Literal[
    "acknowledged",
    "arrived",
    "checked-in",
    "time-added",
    "plan-changed",
    "location-paused",
    "location-resumed",
    "stood-down",
    "sos",
    "alert-acknowledged",
]
#: The authors as their string values.
AuthorName = Literal["child", "guardian", "trusted-adult", "app"]

_CHILD_SIDE: Final = frozenset({Author.CHILD, Author.APP})
_GROWN_UPS: Final = frozenset({Author.GUARDIAN, Author.TRUSTED_ADULT})
_EVERYONE: Final = frozenset(Author)
_PAUSERS: Final = frozenset({Author.CHILD, Author.GUARDIAN})

#: Who may send each kind of event at all (the state decides the rest; see the rules table in
#: the module documentation and in ``docs/concepts/sessions.md``).
AUTHORS: Final[dict[EventKind, frozenset[Author]]] = {
    EventKind.ACKNOWLEDGED: _CHILD_SIDE,
    EventKind.ARRIVED: _EVERYONE,
    EventKind.CHECKED_IN: _CHILD_SIDE,
    EventKind.TIME_ADDED: _EVERYONE,
    EventKind.PLAN_CHANGED: _EVERYONE,
    EventKind.LOCATION_PAUSED: _PAUSERS,
    EventKind.LOCATION_RESUMED: _PAUSERS,
    EventKind.STOOD_DOWN: _GROWN_UPS,
    EventKind.SOS: _EVERYONE,
    EventKind.ALERT_ACKNOWLEDGED: _GROWN_UPS,
}

#: Kinds whose author is the child unless one is given; every other kind needs ``by``.
_BY_THE_CHILD: Final = frozenset(
    {
        EventKind.ACKNOWLEDGED,
        EventKind.ARRIVED,
        EventKind.CHECKED_IN,
        EventKind.TIME_ADDED,
        EventKind.SOS,
    }
)


class Event(Record):
    """One thing that happened in a session, at an aware instant ``at``, from ``by``."""

    kind: EventKind = Field(description="What happened.")
    at: AwareDatetime = Field(description="When it happened, with its UTC offset.")
    by: Author = Field(
        default=Author.CHILD,
        description=(
            "Who it comes from: child, guardian, trusted-adult or app. It may be left out only "
            "for acknowledged, arrived, checked-in, time-added and sos, which are then the "
            "child's."
        ),
    )
    id: Identifier | None = Field(
        default=None,
        description=(
            "An id the app gives the event. The same event sent again with its id is taken "
            "once; another event with an id already used is refused."
        ),
    )
    minutes: WholeNumber | None = Field(
        default=None, ge=1, le=240, description="For time-added: the minutes added."
    )
    due: AwareDatetime | None = Field(
        default=None, description="For plan-changed: the new due time."
    )
    destination: Text | None = Field(
        default=None, description="For plan-changed: the new destination."
    )
    how: Text | None = Field(
        default=None, description="For stood-down: how the grown-up knows the child is safe."
    )

    @model_validator(mode="before")
    @classmethod
    def _author_given(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("by") is None:
            kind = data.get("kind")
            try:
                known = EventKind(kind) if isinstance(kind, str) else None
            except ValueError:
                known = None
            if known is not None and known not in _BY_THE_CHILD:
                who = " or ".join(sorted(a.value for a in AUTHORS[known]))
                raise ValueError(f"a {known.value} event needs 'by' (who it comes from: {who})")
            data = {key: value for key, value in data.items() if key != "by"}
        return data

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Event:
        kind = self.kind
        given = set()
        if self.minutes is not None:
            given.add("minutes")
        if self.due is not None:
            given.add("due")
        if self.destination is not None:
            given.add("destination")
        if self.how is not None:
            given.add("how")
        allowed: set[str] = {
            EventKind.TIME_ADDED: {"minutes"},
            EventKind.PLAN_CHANGED: {"due", "destination"},
            EventKind.STOOD_DOWN: {"how"},
        }.get(kind, set())
        extra = sorted(given - allowed)
        if extra:
            raise ValueError(f"{', '.join(extra)} is not for {kind.value} events")
        if kind is EventKind.TIME_ADDED and self.minutes is None:
            raise ValueError("a time-added event needs 'minutes'")
        if kind is EventKind.PLAN_CHANGED and not given:
            raise ValueError("a plan-changed event needs a new 'due' time or 'destination'")
        if kind is EventKind.STOOD_DOWN and self.how is None:
            raise ValueError("a stood-down event needs 'how' (how they know the child is safe)")
        if self.by not in AUTHORS[kind]:
            who = " or ".join(sorted(a.value for a in AUTHORS[kind]))
            raise ValueError(f"a {kind.value} event comes from the {who}, not the {self.by.value}")
        return self
