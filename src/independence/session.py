"""Check-in sessions: one live check-in, fed with what really happens, asked what to do now.

:func:`~independence.escalation.timeline` answers "what would happen if this check-in were
missed?". A :class:`CheckInSession` runs one check-in of one policy from departure to debrief:
an app feeds it the :class:`Event` s that happen (the child acknowledges, arrives, adds time,
changes the plan, pauses location sharing, a guardian stands it down, the child raises the
alarm) and asks :meth:`CheckInSession.state_at` where things stand, which step to take now and
**the exact instant to wake up** for the next one, so that it needs one timer at a time.

A session is immutable: :meth:`CheckInSession.add` returns a new session with one more event
(:meth:`CheckInSession.extend`, with several). Events must come in time order; one that is out
of order, or impossible in the state the session is in at that moment, is a ``ValueError``
that says why. An SOS is the exception: it is never refused.

Starting a session
------------------

``CheckInSession.start(check_in, escalation, due=...)`` ("when I arrive": the due time is
known) or ``CheckInSession.start(check_in, escalation, timer_minutes=..., started=...)``
("after a timer": due ``timer_minutes`` after ``started``); ``CheckInSession.from_catalog``
does the same with a catalogue and a check-in policy id, following the escalation policy it
names (its all-clear messages are then in the catalogue's language). ``after_dark``, ``age``,
``risk``, ``vulnerable`` and ``tz`` mean what they mean for
:func:`~independence.escalation.timeline`. Every time must be timezone-aware and inside the
engine's range (:data:`~independence.escalation.EARLIEST` to
:data:`~independence.escalation.LATEST`); arithmetic is in elapsed time, across clock changes,
by the same code as :func:`~independence.escalation.timeline`. ``id`` names the session (one is
generated without it).

**Ages.** A check-in policy without a ``min_age`` is for children under 12 too: a session on it
needs ``age`` (or ``born``, read on the due date), so that a young child gets the young-child
conditions and never a teenager's timings by omission. A child younger than a policy's
``min_age`` is refused (``from_catalog`` names policies that suit them).

**Zone.** The session keeps the IANA name of the due time's zone (``zone``); a stored session
(``model_dump_json`` and ``model_validate_json``) comes back equal and shows the same local
times across clock changes.

Rules
-----

**Authors.** Every event has an author, ``by``: ``child``, ``guardian``, ``trusted-adult`` or
``app`` (the child's side: the child and the app; the grown-ups: a guardian and a trusted
adult). :data:`AUTHORS` says who may send each kind at all; the rules below say when.
``docs/concepts/sessions.md`` has them as one table. Once the deadline has passed, nothing
from the child's side delays a safety step.

**Ids.** An event may carry an app-given ``id``: the same event again with its id is taken
once (``add`` returns the session unchanged); another event with an id already used is a
``ValueError`` (an SOS excepted: it is taken). Every firing in a state carries a ``key``,
``session id:step:n`` (``n`` counts that step's firings in the session from 0), which does not
change as later events come: an app acts once per key.

**Window.** The session starts at ``started``; without one, at the due time minus the check-in
policy's ``window_minutes`` (two hours by default). No event may come before it: a check-in
from another day never resolves this one (an SOS from before it is taken at the start).

**Steps.** Each firing of the escalation policy is the firing of
:func:`~independence.escalation.timeline` for the current due time, then changed by the events
below. Without events, a session's steps are exactly the timeline's (after-dark aside), then
the re-prompts (below).

**After dark, per step.** When ``after_dark`` is ``None``, the after-dark condition is decided
for each firing at the instant it would fire, as :func:`~independence.escalation.timeline`
decides it (:func:`~independence.escalation.first_due`): by the check-in policy's darkness
rule, the sun at ``place`` (where the child is, when the app gives it), else at the reference
place of the family's zone (``tz``, else the session's zone), or the policy's own hours. A
check-in due at 16:30 in December whose steps run past dusk speeds up from dusk on; darkness
never makes a step later. ``after_dark=True`` or ``False`` forces the rule for every step.
``SessionState.darkness`` says whether it is dark at ``now`` and which rule decided.

**Interval messages.** A policy with an ``interval`` trigger expects a ``checked-in`` message
every ``every_minutes`` from ``started`` (the departure): the first is due that long after it,
each next one that long after the latest message that came before its deadline. While that
due time comes before the arrival's, it is the plan's due time (``SessionState.due`` and
``message_due``; ``arrival_due`` stays the arrival's): a missed message starts the escalation
from its deadline with every rule of a missed arrival. A message after the deadline is
recorded and changes no step (the child's side delays nothing once the deadline has passed).
Added time moves the message's due time with the arrival's.

**Fixed time and departure.** Started with neither ``due`` nor ``timer_minutes``, a session on
a policy with a ``fixed-time`` trigger is due at the first time after ``started`` that the
family's clocks show its ``at`` (:func:`~independence.triggers.next_fixed_time_due`).

**Disclosure.** ``SessionState.disclosure`` is what may be shared at ``now``
(:meth:`~independence.model.check_in.LocationSharing.shared_at`, with the first safety firing
as the failure and the end of the session as the child safe); no location while a pause runs.

**Checked in** (the child's side). A message that is not an arrival: recorded; with an
interval trigger, before its deadline, the next message is due ``every_minutes`` after it.

**Acknowledged** (the child's side; only from the due time on, there is nothing to acknowledge
before). No reminder fires after the first acknowledgment of a plan: the child has answered.
An acknowledgment before the deadline also holds safety steps, never longer than the check-in
policy's ``acknowledge_hold_minutes`` (15 by default): a safety step that falls due during the
hold, ``(acknowledged, acknowledged + hold)``, fires when the hold ends; later ones fire on
time. One after the deadline holds nothing. Acknowledging again does not lengthen the hold.
The status is ``acknowledged`` while the hold runs.

**Arrived** (anyone). Resolves the session: every step after the arrival is cancelled. It is
on time before the current deadline, late from the deadline on (a step at exactly the arrival
instant has fired).

**The cap.** Time added and the extension of a plan change (how much later the new due time
is than the current one) share the check-in policy's ``max_added_minutes`` (60 by default),
whoever asks: asking for more is a ``ValueError`` that says how much is left. And no firing of
a later plan comes after the same firing of the first plan plus the time added by then.

**Time added** (``minutes``, anyone, before the deadline only). The due time moves by
``minutes`` of elapsed time, and with it the deadline and every step.

**Plan changed** (a new ``due`` time, at or after the change, and/or a new ``destination``;
anyone before the deadline, a grown-up after it). From the change on, the steps are those of a
timeline for the new due time; steps that had fired stay fired, steps of the old plan after the
change are dropped. An acknowledgment belongs to its plan: a new plan has reminders again and
a hold of its own.

**Location paused / resumed** (``by`` the child or a guardian). A pause is allowed only as the
check-in policy's location sharing allows (pausable, by whom), as for
:class:`~independence.escalation.Pause`; it ends when resumed (by either) or by itself after
``max_pause_minutes``. Pausing while paused, or resuming while not paused, is a ``ValueError``.
An SOS ends a running pause at once: the alarm always shares where the child is; so does
the first safety step that fires while it runs, and from the first safety step on, until the
session ends, a new pause is a ``ValueError`` whatever changed: a search is never blind.
A reminder that falls due while sharing is paused is held back (not sent, not sent later); a
pause **never** holds back a safety step.

**Stood down** (``by`` a grown-up, and ``how`` they know the child is safe). Ends everything,
whatever the state, even after an SOS: every later step is cancelled, and who stood it down,
and how, is kept. The child's side can never stand a session down.

**SOS** (anyone; the child raised the alarm, see the ``sos`` trigger). The plan's steps still
to come are replaced by the urgent path: each urgent action of the plan in force (every
safety step but the police lines) fires once, at the SOS instant, in the policy's order
(everyone is told at once); the police non-emergency step is not sent (a child who raised the
alarm is a case for the emergency number, never for the non-emergency line), and the emergency
call comes :data:`SOS_EMERGENCY_MINUTES` (10) minutes after the alarm at the latest, sooner if
the policy has it sooner or an emergency prompt was already coming. An SOS is accepted in
every state and for every policy: a second one alerts the urgent targets again, one after an
arrival or a stand-down reopens the session as an emergency, one whose time is before the last
event is taken at the last event's time. After an SOS only a stand-down ends the session: an
``arrived``, ``acknowledged``, ``time-added``, ``plan-changed`` or ``location-paused`` is a
``ValueError``, since an alarm is ended by a grown-up who knows the child is safe.

**Alert acknowledged** (``by`` a grown-up, once a safety step has gone out). Changes no step;
stops the re-prompts.

**Re-prompts.** After the last step of a plan or an alarm, until a grown-up acknowledges an
alert (one that came under that plan or alarm), the last step fires again every
``reprompt.every_minutes``, ``reprompt.times`` times (the escalation policy's ``reprompt``).

**Ended.** After ``arrived`` or ``stood-down`` only an SOS may follow.

State at ``now``
----------------

``now`` may not be before the last event. The status is, in this order: ``stood-down``;
``resolved`` (arrived); ``emergency`` (an SOS); ``acknowledged`` (while a hold runs);
``waiting`` (before the due time); ``grace`` (before the deadline); ``escalating`` (a step of
the current plan has fired); ``missed``. ``fired`` lists the firings at or before ``now`` (each
with the instant it really fired), ``held_back`` the reminders not sent (held by a pause,
skipped after an acknowledgment) whose time has come (after an SOS the plan's steps still to
come are replaced, not listed), ``active`` the latest firing
(while the session is open), ``next`` the next firing. ``wake_at`` is the earliest instant
after ``now`` at which the state changes without a new event (the due time, the deadline, the
next firing, the end of a hold, sharing resuming by itself) and ``wake_for`` says which; both
are ``None`` once the session has ended or nothing is left. An app keeps one timer, for
``wake_at``, and asks again when it rings or when an event comes: no step ever fires between
``now`` and ``wake_at``. ``debrief`` and ``reconnection`` (the escalation policy's resolution)
are given when the session has ended after its deadline, after an SOS or once a step has
fired; an arrival on time needs neither. ``all_clear`` lists, once the child is safe, everyone
already contacted except the child, each with the message to send; ``awaiting_answer`` the
grown-ups alerted who have not acknowledged an alert since.
"""

from __future__ import annotations

import bisect
import gettext
import io
import struct
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Generic, Literal, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, PrivateAttr, ValidationError, model_validator

from independence.age import Age
from independence.errors import CatalogError, one_line
from independence.escalation import (
    EARLIEST,
    LATEST,
    Pause,
    ScheduledStep,
    _aware,
    _later,
    _pause_window,
    _zone,
    timeline,
)
from independence.loading.guard import CATALOGUE_BYTES, read_input
from independence.messages import ENGLISH, SOURCE_LOCALE, Messages
from independence.model.base import LOCALES_FOLDER, Record, Text, WholeNumber
from independence.model.check_in import (
    CheckInPolicy,
    Darkness,
    Disclosure,
    PauseRole,
    SharedData,
    TriggerKind,
)
from independence.model.escalation import YOUNG_CHILD_UNDER, Action, EscalationPolicy, Target
from independence.model.responsibility import RiskLevel
from independence.sun import Place
from independence.triggers import next_fixed_time_due, next_interval_due

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "AUTHORS",
    "SOS_EMERGENCY_MINUTES",
    "AllClear",
    "Author",
    "AuthorName",
    "CheckInSession",
    "Event",
    "EventKind",
    "EventKindName",
    "SessionState",
    "SessionStatus",
    "WakeReason",
]

MINUTE = timedelta(minutes=1)

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


class SessionStatus(StrEnum):
    """Where a check-in session stands."""

    WAITING = "waiting"
    """Not due yet."""
    GRACE = "grace"
    """Due, within the grace period."""
    MISSED = "missed"
    """The deadline has passed; no step of the current plan has fired yet."""
    ESCALATING = "escalating"
    """The deadline has passed and the escalation is under way."""
    ACKNOWLEDGED = "acknowledged"
    """The child replied before the deadline and is on the way: safety steps wait while the
    hold runs."""
    RESOLVED = "resolved"
    """The child arrived."""
    STOOD_DOWN = "stood-down"
    """A grown-up confirmed the child is safe."""
    EMERGENCY = "emergency"
    """The child raised the alarm: the urgent path runs."""


class WakeReason(StrEnum):
    """Why an app should wake up at the state's wake_at instant."""

    DUE = "due"
    DEADLINE = "deadline"
    STEP = "step"
    HOLD_ENDS = "hold-ends"
    SHARING_RESUMES = "sharing-resumes"


class AllClear(Record):
    """One message of the all-clear: someone who was contacted, and what to tell them."""

    target: Target = Field(description="Who was contacted during the escalation.")
    message: str = Field(description="What to tell them now that the child is safe.")


_TEXT: Final = {
    "status": "Where the session stands.",
    "now": "The moment the state is for.",
    "opens": "When the session's window opened (its start).",
    "due": (
        "The current due time: the arrival's, after added time and plan changes, or the next "
        "interval message's when that comes first."
    ),
    "deadline": "The current deadline: the due time plus the grace period.",
    "destination": "The destination of the latest plan change, if one gave it.",
    "added_minutes": "Time added to the due time so far, by added time and plan changes.",
    "fired": "Every firing at or before now, each with the instant it really fired and its key.",
    "held_back": "Reminders whose time has come but were not sent (a pause, an acknowledgment).",
    "active": "The latest firing, while the session is open.",
    "next": "The next firing, while the session is open.",
    "wake_at": "The next instant at which the state changes by itself: set one timer for it.",
    "wake_for": "Why to wake up then.",
    "acknowledged_at": "The child's first acknowledgment of the current plan.",
    "hold_until": "When the hold of an acknowledgment given before the deadline ends.",
    "sharing_paused_by": "Who paused location sharing, while it is paused.",
    "sharing_resumes_at": "When a running pause ends by itself (empty: when someone resumes it).",
    "sos_at": "The latest alarm.",
    "arrived_at": "When the child arrived.",
    "on_time": "Whether the arrival came before the deadline.",
    "stood_down_at": "When a grown-up stood the session down.",
    "stood_down_by": "Who stood it down: guardian or trusted-adult.",
    "stood_down_how": "How they knew the child was safe.",
    "all_clear": (
        "Once the child is safe: everyone already contacted except the child, each with the "
        "message to send them."
    ),
    "awaiting_answer": (
        "The grown-ups who were alerted and have not acknowledged an alert since, while the "
        "session is open."
    ),
    "debrief": "The escalation policy's debrief, once the session has ended after a step fired.",
    "reconnection": "The escalation policy's reconnection idea, with the debrief.",
    "arrival_due": "When the child is due to arrive, after added time and plan changes.",
    "message_due": (
        "With an interval trigger: when the next checked-in message is due, while it comes "
        "before the arrival (then 'due' is this time)."
    ),
    "checked_in_at": "The child's latest checked-in message.",
    "darkness": (
        "Whether it is after dark at now and which rule decided: sun-at-place (the app's "
        "place), sun-at-zone (the zone's reference place), policy-hours, fallback-hours or "
        "assumed-dark; empty when after_dark is forced."
    ),
    "disclosure": (
        "What may be shared with the family at now: nothing on-failure until a safety step "
        "fires, then what the policy allows; nothing once the child is safe (except mode "
        "always); no location while a pause runs."
    ),
}


def _d(name: str) -> Any:
    return Field(description=_TEXT[name])


class SessionState(Record):
    """Where a session stands at ``now``, and when to look again."""

    status: SessionStatus = _d("status")
    now: AwareDatetime = _d("now")
    opens: AwareDatetime = _d("opens")
    due: AwareDatetime = _d("due")
    deadline: AwareDatetime = _d("deadline")
    destination: str | None = _d("destination")
    added_minutes: int = _d("added_minutes")
    fired: tuple[ScheduledStep, ...] = _d("fired")
    held_back: tuple[ScheduledStep, ...] = _d("held_back")
    active: ScheduledStep | None = _d("active")
    next: ScheduledStep | None = _d("next")
    wake_at: AwareDatetime | None = _d("wake_at")
    wake_for: WakeReason | None = _d("wake_for")
    acknowledged_at: AwareDatetime | None = _d("acknowledged_at")
    hold_until: AwareDatetime | None = _d("hold_until")
    sharing_paused_by: PauseRole | None = _d("sharing_paused_by")
    sharing_resumes_at: AwareDatetime | None = _d("sharing_resumes_at")
    sos_at: AwareDatetime | None = _d("sos_at")
    arrived_at: AwareDatetime | None = _d("arrived_at")
    on_time: bool | None = _d("on_time")
    stood_down_at: AwareDatetime | None = _d("stood_down_at")
    stood_down_by: Author | None = _d("stood_down_by")
    stood_down_how: str | None = _d("stood_down_how")
    all_clear: tuple[AllClear, ...] = _d("all_clear")
    awaiting_answer: tuple[Author, ...] = _d("awaiting_answer")
    debrief: str | None = _d("debrief")
    reconnection: str | None = _d("reconnection")
    # added with issue #23: defaults, so that a state stored before still loads
    arrival_due: AwareDatetime | None = Field(default=None, description=_TEXT["arrival_due"])
    message_due: AwareDatetime | None = Field(default=None, description=_TEXT["message_due"])
    checked_in_at: AwareDatetime | None = Field(default=None, description=_TEXT["checked_in_at"])
    darkness: Darkness | None = Field(default=None, description=_TEXT["darkness"])
    disclosure: Disclosure = Field(
        default=Disclosure(items=(), precision=None), description=_TEXT["disclosure"]
    )


# ----------------------------------------------------------------------------- the engine state

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Link(Generic[_T]):
    """A persistent list, newest first: adding one item shares the rest (O(1))."""

    value: _T
    rest: _Link[_T] | None = None


def _oldest_first(link: _Link[_T] | None) -> list[_T]:
    found: list[_T] = []
    while link is not None:
        found.append(link.value)
        link = link.rest
    found.reverse()
    return found


@dataclass(frozen=True, slots=True)
class _Segment:
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
    plan: _Segment | None = None  # an alarm segment: the plan in force at the alarm
    added: timedelta | None = None  # a later plan: the time added by then (None: the first)
    expect: datetime | None = None  # UTC: the next interval message's due time (None: none)


class _State(NamedTuple):
    """What the events so far did; each event makes a new one in O(1), sharing the rest.

    A named tuple: :meth:`with_` (``_replace``) copies it in C, several times faster than
    ``dataclasses.replace``, and it adds one object per event for the cyclic collector to walk.
    """

    seen: int  # how many events it has taken
    segment: _Segment  # the newest segment
    plan: _Segment  # the newest plan segment
    segments: _Link[_Segment]
    added: timedelta = timedelta(0)
    destination: str | None = None
    pauses: _Link[tuple[datetime, datetime, PauseRole]] | None = None  # closed pauses
    open_pause: tuple[datetime, datetime, PauseRole] | None = None
    ends: _Link[tuple[int, datetime]] | None = None  # arrivals and stand-downs: (number, UTC)
    ended: Event | None = None  # the event that ended the session, while it is ended
    arrived: datetime | None = None  # UTC
    stood_down: Event | None = None
    searched: datetime | None = None  # UTC: a safety step fired in a closed segment, or an alarm
    alert_acks: _Link[tuple[datetime, Author]] | None = None
    last: datetime | None = None  # UTC
    message: datetime | None = None  # UTC: the latest checked-in message

    def with_(self, **changes: Any) -> _State:
        return self._replace(**changes)


class _Shared:
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
            tuple[datetime, datetime | None, datetime | None, timedelta | None], list[_Firing]
        ] = {}
        self.ids: dict[str, int] = {}
        self.size = 0

    def __eq__(self, other: object) -> bool:  # a cache: never part of a session's value
        return isinstance(other, _Shared)

    def __reduce__(self) -> tuple[type[_Shared], tuple[()], None]:
        """A copy (``copy.copy``, ``copy.deepcopy``) is a fresh cache, with no ids: the next
        event added rebuilds them from the events."""
        return (_Shared, (), None)

    def __hash__(self) -> int:
        return 0


@dataclass(frozen=True)
class _Holder:
    """The engine state of a session, kept out of its value (``==`` compares fields only)."""

    state: _State
    shared: _Shared
    messages: Messages = field(default=ENGLISH)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Holder)

    def __hash__(self) -> int:
        return 0


class _Name:
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


#: The end of a pause that runs until someone resumes it (the last instant the engine takes).
_FAR = LATEST - timedelta(microseconds=1)

#: After an SOS, the emergency step comes at most this many minutes after the alarm (sooner
#: if the policy has it sooner), unless a grown-up stands the session down first.
SOS_EMERGENCY_MINUTES: Final = 10

_Firing = tuple[datetime, ScheduledStep, bool]  # (UTC instant, firing, sent)


class CheckInSession(Record):
    """One check-in of one policy, with the events so far. Immutable; see the module rules."""

    id: Identifier = Field(
        default_factory=lambda: uuid.uuid4().hex,
        description=(
            "The session's id, given by the app or generated; with a step and an occurrence it "
            "makes the key of each firing."
        ),
    )
    check_in: CheckInPolicy = Field(description="The check-in policy the session follows.")
    escalation: EscalationPolicy = Field(
        description="The escalation policy the check-in policy names."
    )
    due: AwareDatetime = Field(description="The due time the session started with.")
    started: AwareDatetime = Field(description="When the session (and its window) opened.")
    zone: (
        Annotated[str, Field(pattern=r"^[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*$", max_length=64)]
        | None
    ) = Field(
        default=None,
        description=(
            "The IANA time zone the session's times are shown in (such as Europe/London): "
            "taken from the due time when it carries one, so that a stored session keeps its "
            "local times across clock changes."
        ),
    )
    events: tuple[Event, ...] = Field(default=(), description="The events so far, in order.")
    after_dark: bool | None = Field(
        default=None,
        description=(
            "Force the after-dark condition on or off; empty: decided for each step at the "
            "instant it fires, by the check-in policy's darkness rule (the sun at the child's "
            "place, or the policy's own hours)."
        ),
    )
    age: Age | None = Field(
        default=None,
        description=(
            "The child's age. Needed when the check-in policy is for children under 12 too, so "
            "that a young child gets the young-child conditions."
        ),
    )
    risk: RiskLevel | None = Field(default=None, description="The item's risk level.")
    tz: str | None = Field(
        default=None,
        description=(
            "The family's IANA zone for after dark: its reference place gives the sun when no "
            "place is known, and the check-in policy's dark hours are read in it when the "
            "policy has no zone of its own; the session's zone when empty."
        ),
    )
    vulnerable: bool = Field(
        default=False, description="Whether the family marks the child for the faster path."
    )
    place: Place | None = Field(
        default=None,
        description=(
            "Where the child is (latitude and longitude), when the app knows: after dark is "
            "judged from the sun there; empty: at the reference place of the family's zone."
        ),
    )
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")] = Field(
        default=SOURCE_LOCALE,
        description="The language of the all-clear messages: the catalogue's.",
    )

    _engine: _Holder | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _zone_of_due(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("zone") is None:
            due = data.get("due")
            if isinstance(due, datetime) and isinstance(due.tzinfo, ZoneInfo):
                data = {**data, "zone": due.tzinfo.key}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> CheckInSession:
        if self.check_in.escalation != self.escalation.id:
            raise ValueError(
                f"check-in policy {self.check_in.id!r} follows escalation policy "
                f"{self.check_in.escalation!r}, not {self.escalation.id!r}"
            )
        _aware("due", self.due)
        _aware("started", self.started)
        if self.started.astimezone(UTC) > self.due.astimezone(UTC):
            raise ValueError(
                f"the session starts at {self.started.isoformat()}, after its due time "
                f"{self.due.isoformat()}"
            )
        if self.tz is not None:
            _zone(self.tz)
        if self.zone is not None:
            _zone(self.zone)
        _check_age(self.check_in, self.age)
        holder = _Holder(self._initial(), _Shared())
        self._engine = holder
        state = holder.state
        for event in self.events:
            state = self._apply(state, event, holder.shared)
        self._engine = _Holder(state, holder.shared)
        return self

    # ----------------------------------------------------------------------- building

    @classmethod
    def start(
        cls,
        check_in: CheckInPolicy,
        escalation: EscalationPolicy,
        *,
        due: datetime | None = None,
        timer_minutes: int | None = None,
        started: datetime | None = None,
        after_dark: bool | None = None,
        age: Age | None = None,
        born: date | None = None,
        risk: RiskLevel | None = None,
        tz: str | None = None,
        vulnerable: bool = False,
        id: str | None = None,
        place: Place | None = None,
    ) -> CheckInSession:
        """A new session with no events: give ``due``, or ``timer_minutes`` and ``started``.

        Without ``started``, the session opens ``check_in.window_minutes`` before ``due``.
        ``started`` is the departure: the session opens then, and an ``interval`` trigger
        counts its first message from it. With neither ``due`` nor a timer, a policy with a
        ``fixed-time`` trigger is due at the first time after ``started`` that the family's
        clocks (``tz``, else the zone of ``started``) show its ``at``, across clock changes.
        ``age`` (or ``born``, the birth date; the age is taken on the due date) is needed when
        the check-in policy is for children under 12 too; ``id`` is the session's id (one is
        generated without it); ``place`` is where the child is (after dark from the sun there).
        """
        if due is None and timer_minutes is None:
            due = _fixed_time_due(check_in, started, tz)
        elif due is not None and timer_minutes is not None:
            raise ValueError("give a due time or a timer (timer_minutes), not both or neither")
        if timer_minutes is not None:
            if started is None:
                raise ValueError("a timer needs 'started', the instant it was set")
            if isinstance(timer_minutes, bool) or not isinstance(timer_minutes, int):
                raise TypeError("timer_minutes must be a whole number of minutes")
            if not 1 <= timer_minutes <= 24 * 60:
                raise ValueError(f"timer_minutes must be 1 to 1440, not {timer_minutes}")
            due = _later(_aware("started", started), timer_minutes)
        assert due is not None
        if started is None:
            started = _later(_aware("due", due), -check_in.window_minutes)
        if born is not None:
            if age is not None:
                raise ValueError("give the child's age or birth date, not both")
            age = Age.from_birthdate(born, on=_aware("due", due).date())
        options: dict[str, Any] = {} if id is None else {"id": id}
        try:
            return cls(
                check_in=check_in,
                escalation=escalation,
                due=due,
                started=started,
                after_dark=after_dark,
                age=age,
                risk=risk,
                tz=tz,
                vulnerable=vulnerable,
                place=place,
                **options,
            )
        except ValidationError as error:
            # one clear line, as every other refusal here: the rule broken, not pydantic's
            # dump of the whole policy
            raise ValueError(one_line(error)) from None

    @classmethod
    def from_catalog(
        cls,
        catalog: Catalog,
        check_in_policy: str,
        *,
        due: datetime | None = None,
        timer_minutes: int | None = None,
        started: datetime | None = None,
        after_dark: bool | None = None,
        age: Age | None = None,
        born: date | None = None,
        risk: RiskLevel | None = None,
        tz: str | None = None,
        vulnerable: bool = False,
        id: str | None = None,
        place: Place | None = None,
    ) -> CheckInSession:
        """:meth:`start` with the check-in policy ``check_in_policy`` of ``catalog`` and the
        escalation policy it names; the all-clear messages are in the catalogue's language.

        A child younger than the policy's ``min_age`` is refused with the policies of the
        catalogue that suit them.
        """
        policy = catalog.check_in_policy(check_in_policy)
        if born is not None and age is None and due is not None:
            age = Age.from_birthdate(born, on=_aware("due", due).date())
            born = None
        if age is not None and policy.min_age is not None and age < policy.min_age:
            suitable = [
                other.id
                for other in catalog.check_in_policies
                if (other.min_age is None or not age < other.min_age)
                and set(other.contexts) & set(policy.contexts)
            ]
            raise ValueError(
                f"check-in policy {policy.id!r} is for children from {policy.min_age}, not "
                f"{age}: use one made for them"
                + (f", such as {', '.join(repr(s) for s in suitable)}" if suitable else "")
            )
        session = cls.start(
            policy,
            catalog.escalation_policy(policy.escalation),
            due=due,
            timer_minutes=timer_minutes,
            started=started,
            after_dark=after_dark,
            age=age,
            born=born,
            risk=risk,
            tz=tz,
            vulnerable=vulnerable,
            id=id,
            place=place,
        )
        session = session.model_copy(update={"locale": catalog.locale})
        engine = session._holder()
        session._engine = _Holder(engine.state, engine.shared, catalog.messages)
        return session

    def add(
        self,
        event: Event | EventKind | EventKindName,
        at: datetime | None = None,
        *,
        by: Author | AuthorName | None = None,
        id: str | None = None,
        minutes: int | None = None,
        due: datetime | None = None,
        destination: str | None = None,
        how: str | None = None,
    ) -> CheckInSession:
        """A new session with ``event`` added: an :class:`Event`, or its kind, ``at`` and
        details (``session.add("time-added", t, minutes=10)``).

        A ``ValueError`` if the event is out of order or impossible at that moment, or if its
        id is already used by another event; the same event with the same id again gives this
        session back unchanged. An SOS is never refused. The engine's work for an event is the
        same however many came before (only the event tuple is copied: :meth:`extend` adds a
        long log at once).
        """
        details = {
            "by": by,
            "id": id,
            "minutes": minutes,
            "due": due,
            "destination": destination,
            "how": how,
        }
        given = {name: value for name, value in details.items() if value is not None}
        if not isinstance(event, Event):
            if at is None:
                raise ValueError("give the event's time, 'at'")
            event = Event.model_validate({"kind": EventKind(event), "at": at, **given})
        elif at is not None or given:
            raise ValueError("give an Event, or a kind with its time and details, not both")
        return self.extend((event,))

    def extend(self, events: Iterable[Event]) -> CheckInSession:
        """A new session with ``events`` added in order, as :meth:`add` adds each one (the
        same checks, retries and errors), building the event log once: the way to load a
        stored or streamed log of any length in time proportional to its length."""
        engine = self._holder()
        shared = engine.shared
        log = self.events
        added: list[Event] = []
        state = engine.state
        for event in events:
            if not isinstance(event, Event):
                raise TypeError(f"events must be Event records, not {type(event).__name__}")
            count = len(log) + len(added)
            with shared.lock:  # check, apply and record as one step: sessions may be shared
                if shared.size != count:  # another branch wrote to the shared ids: copy ours
                    fresh = _Shared()
                    fresh.firings, fresh.plans = shared.firings, shared.plans
                    fresh.ids = {e.id: n for n, e in enumerate((*log, *added)) if e.id is not None}
                    fresh.size = count
                    shared = fresh
                if event.id is not None:
                    index = shared.ids.get(event.id)
                    if index is not None:
                        used = log[index] if index < len(log) else added[index - len(log)]
                        if used == event:
                            continue  # a retry: already taken
                        if event.kind is not EventKind.SOS:
                            raise ValueError(
                                f"event id {event.id!r} is already used by event {index + 1} "
                                f"({used.kind.value} at {used.at.isoformat()})"
                            )
                state = self._apply(state, event, shared)
                if event.id is not None and event.id not in shared.ids:
                    shared.ids[event.id] = count
                shared.size = count + 1
            added.append(event)
        if not added:
            return self
        # a shallow copy with the new events, made by hand: model_copy's generic path costs
        # more than the rest of an event (the fields are already valid, the model is frozen)
        session = object.__new__(CheckInSession)
        new_log = log + tuple(added)
        object.__setattr__(session, "__dict__", {**self.__dict__, "events": new_log})
        object.__setattr__(session, "__pydantic_fields_set__", self.__pydantic_fields_set__)
        object.__setattr__(session, "__pydantic_extra__", None)
        object.__setattr__(
            session, "__pydantic_private__", {"_engine": _Holder(state, shared, engine.messages)}
        )
        return session

    def _holder(self) -> _Holder:
        private = self.__pydantic_private__
        assert private is not None
        engine: _Holder | None = private["_engine"]
        assert engine is not None
        return engine

    # ----------------------------------------------------------------------- the rules

    @property
    def _where(self) -> tzinfo:
        """The zone the session's times are shown in."""
        if self.zone is not None:
            return _zone(self.zone)
        zone = self.due.tzinfo
        assert zone is not None
        return zone

    def _shown(self, moment: datetime) -> datetime:
        return moment.astimezone(self._where)

    @property
    def _every(self) -> int | None:
        """The policy's interval between ``checked-in`` messages (minutes), if it has one."""
        found = [
            t.every_minutes
            for t in self.check_in.triggers
            if t.kind is TriggerKind.INTERVAL and t.every_minutes is not None
        ]
        return min(found) if found else None

    def _due_of(self, plan: _Segment) -> datetime:
        """What a plan waits for first: its next interval message, or the arrival."""
        if plan.expect is not None and plan.expect < plan.due.astimezone(UTC):
            return plan.expect.astimezone(self._where)
        return plan.due

    def _initial(self) -> _State:
        every = self._every
        expect = None
        if every is not None:  # the first message is due that long after the departure
            expect = next_interval_due(self.started, (), every).astimezone(UTC)
        first = _Segment(
            number=0,
            start=self.started.astimezone(UTC),
            due=self.due.astimezone(self._where),
            expect=expect,
        )
        return _State(seen=0, segment=first, plan=first, segments=_Link(first))

    def _deadline(self, plan: _Segment) -> datetime:
        """When what the plan waits for first is missed: its due time plus the grace."""
        return self._due_of(plan).astimezone(UTC) + timedelta(minutes=self.check_in.grace_minutes)

    def _apply(self, state: _State, event: Event, shared: _Shared) -> _State:
        """The state after ``event``: O(1) in the events before it (a plan's firings are
        computed once per due time and kept in ``shared``)."""
        if not isinstance(event, Event):
            raise TypeError(f"events must be Event records, not {type(event).__name__}")
        number = state.seen + 1
        kind = event.kind
        at = event.at.astimezone(UTC)  # an Event's time is aware; its range is checked below
        if not EARLIEST <= at < LATEST:
            _aware(f"event {number} ({kind.value})", event.at)
        name = _Name(number, event)
        opens = self.started.astimezone(UTC)
        if kind is EventKind.SOS:  # never refused: a late or early clock is taken as now
            at = max(at, opens, state.last or opens)
        elif state.last is not None and at < state.last:
            raise ValueError(f"{name} is out of order: it comes before the event before it")
        elif at < opens:
            raise ValueError(
                f"{name} is before the session's window opens at "
                f"{self.started.isoformat()}: it belongs to another check-in"
            )
        if kind is not EventKind.SOS and state.ended is not None:
            raise ValueError(f"{name}: the session has already ended (only an SOS reopens it)")
        emergency = state.segment.sos is not None and state.ended is None
        if emergency and kind in (
            EventKind.ARRIVED,
            EventKind.ACKNOWLEDGED,
            EventKind.TIME_ADDED,
            EventKind.PLAN_CHANGED,
            EventKind.LOCATION_PAUSED,
        ):
            raise ValueError(
                f"{name}: the child raised the alarm at "
                f"{self._shown(state.segment.sos or at).isoformat()}; only a grown-up's "
                "stand-down ends it now"
            )
        state = self._pauses_to(state, at, shared)
        plan = state.plan
        deadline = self._deadline(plan)
        policy = self.check_in
        cap = timedelta(minutes=policy.max_added_minutes)
        new = state.with_(seen=number, last=at)
        if kind is EventKind.ACKNOWLEDGED:
            if at < self._due_of(plan).astimezone(UTC):
                raise ValueError(
                    f"{name}: nothing to acknowledge before the due time "
                    f"{self._shown(self._due_of(plan)).isoformat()}"
                )
            if plan.ack is None:
                hold = None
                if at < deadline:  # once the deadline has passed the child's side delays nothing
                    hold = at + timedelta(minutes=policy.acknowledge_hold_minutes)
                new = self._with_plan(new, replace(plan, ack=at, hold=hold))
        elif kind is EventKind.ARRIVED:
            new = new.with_(arrived=at, ended=event, ends=_Link((number, at), state.ends))
        elif kind is EventKind.CHECKED_IN:
            new = new.with_(message=at)  # a message, never an arrival
            every = self._every
            awaited = plan.expect is not None and plan.expect < plan.due.astimezone(UTC)
            if every is not None and awaited and not emergency and at < deadline:
                # on time (or in the grace): the next message is due that long after this one;
                # after the miss the escalation runs on (the child's side delays no step)
                expect = next_interval_due(self.started, (event.at,), every).astimezone(UTC)
                new = self._new_plan(new, at, plan.due, shared, expect=expect)
        elif kind is EventKind.TIME_ADDED:
            assert event.minutes is not None
            if at >= deadline:
                raise ValueError(
                    f"{name}: the check-in was missed at "
                    f"{self._shown(deadline).isoformat()}; time can only be added before the "
                    "deadline (the child acknowledges instead; a grown-up may change the plan)"
                )
            extension = timedelta(minutes=event.minutes)
            self._within_cap(name, state, extension, cap)
            new_due = (plan.due.astimezone(UTC) + extension).astimezone(self._where)
            moved = plan.expect + extension if plan.expect is not None else None
            new = self._new_plan(
                new.with_(added=state.added + extension), at, new_due, shared, expect=moved
            )
        elif kind is EventKind.PLAN_CHANGED:
            if at >= deadline and not event.by.is_grown_up:
                raise ValueError(
                    f"{name}: the check-in was missed at {self._shown(deadline).isoformat()}; "
                    "after the deadline only a grown-up (guardian or trusted-adult) may change "
                    "the plan"
                )
            if event.due is not None:
                target = _aware("the new due time", event.due).astimezone(UTC)
                if target < at:
                    raise ValueError(
                        f"{name}: the new due time {event.due.isoformat()} is before the change"
                    )
                extension = max(timedelta(0), target - plan.due.astimezone(UTC))
                self._within_cap(name, state, extension, cap)
                new = self._new_plan(
                    new.with_(added=state.added + extension),
                    at,
                    target.astimezone(self._where),
                    shared,
                    expect=plan.expect,
                )
            if event.destination is not None:
                new = new.with_(destination=event.destination)
        elif kind is EventKind.LOCATION_PAUSED:
            if state.open_pause is not None:
                begun = state.open_pause[0]
                raise ValueError(
                    f"{name}: sharing is already paused (since {self._shown(begun).isoformat()})"
                )
            searching = self._searching_since(state, at, shared)
            if searching is not None:
                raise ValueError(
                    f"{name}: the search began at {self._shown(searching).isoformat()}: sharing "
                    "stays on until the session ends"
                )
            role = PauseRole(event.by.value)
            try:
                start, end = _pause_window(policy, Pause(start=event.at, end=_FAR, by=role), at)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
            new = new.with_(open_pause=(start, end, role))
        elif kind is EventKind.LOCATION_RESUMED:
            if state.open_pause is None:
                raise ValueError(f"{name}: location sharing is not paused")
            new = self._close_pause(new, min(state.open_pause[1], at))
        elif kind is EventKind.STOOD_DOWN:
            new = new.with_(stood_down=event, ended=event, ends=_Link((number, at), state.ends))
        elif kind is EventKind.ALERT_ACKNOWLEDGED:
            if self._searching_since(state, at, shared) is None:
                raise ValueError(
                    f"{name}: no alert has gone out yet, there is nothing to acknowledge"
                )
            new = new.with_(alert_acks=_Link((at, event.by), state.alert_acks))
        else:  # SOS: location sharing resumes at once, whoever paused it
            if state.open_pause is not None:
                new = self._close_pause(new, min(state.open_pause[1], at))
            segment = _Segment(number=number, start=at, due=plan.due, sos=at, plan=plan)
            new = new.with_(
                segment=segment,
                segments=_Link(segment, state.segments),
                ended=None,  # an alarm after the end reopens the session: a new episode
                arrived=None,
                stood_down=None,
                searched=state.searched or at,
            )
        return new

    def _within_cap(self, name: _Name, state: _State, extension: timedelta, cap: timedelta) -> None:
        if state.added + extension > cap:
            left = max(timedelta(0), cap - state.added) // MINUTE
            raise ValueError(
                f"{name}: only {left} more minute{'s' * (left != 1)} may be added to the due "
                f"time (check-in policy {self.check_in.id!r} allows "
                f"{self.check_in.max_added_minutes} in all, by added time and plan changes "
                "together)"
            )

    def _with_plan(self, state: _State, plan: _Segment) -> _State:
        """``state`` with its newest plan segment (the newest segment) replaced."""
        assert state.segment is state.plan
        rest = state.segments.rest
        return state.with_(segment=plan, plan=plan, segments=_Link(plan, rest))

    def _new_plan(
        self,
        state: _State,
        at: datetime,
        due: datetime,
        shared: _Shared,
        *,
        expect: datetime | None,
    ) -> _State:
        """A new plan from ``at``: the old plan's firings after ``at`` are dropped.

        ``expect`` is its next interval message's due time (UTC), if it has one."""
        old = state.plan
        fired: list[_Firing] = []
        if at >= self._deadline(old):  # no firing of a plan comes before its deadline
            fired = [f for f in self._plan_segment(old, shared) if f[0] <= at]
        first = next((t for t, s, sent in fired if sent and s.safety), None)
        searched = state.searched or first
        if state.open_pause is not None:
            start, end, _ = state.open_pause
            cut = next((t for t, s, sent in fired if sent and s.safety and t >= start), None)
            if cut is not None and cut < end:
                state = state.with_(open_pause=(start, cut, state.open_pause[2]))
        plan = _Segment(number=state.seen, start=at, due=due, added=state.added, expect=expect)
        return state.with_(
            segment=plan,
            plan=plan,
            segments=_Link(plan, state.segments),
            searched=searched,
        )

    def _close_pause(self, state: _State, end: datetime) -> _State:
        assert state.open_pause is not None
        start, _, role = state.open_pause
        return state.with_(open_pause=None, pauses=_Link((start, end, role), state.pauses))

    def _searching_since(self, state: _State, at: datetime, shared: _Shared) -> datetime | None:
        """When the search for the child began, if a safety step has fired by ``at``."""
        if state.searched is not None:
            return state.searched
        for moment, scheduled, sent in self._plan_segment(state.plan, shared):
            if moment > at:
                break
            if sent and scheduled.safety:
                return moment
        return None

    def _pauses_to(self, state: _State, at: datetime, shared: _Shared) -> _State:
        """Close a running pause that has ended by ``at``: by itself, or at a safety step."""
        if state.open_pause is None:
            return state
        start, end, _ = state.open_pause
        if state.segment.sos is None:
            for moment, scheduled, sent in self._plan_segment(state.plan, shared):
                if sent and scheduled.safety and moment >= start:
                    end = min(end, moment)
                    break
        if end <= at:
            return self._close_pause(state, end)
        return state

    # ----------------------------------------------------------------------- firings

    def _plan_firings(self, due: datetime, shared: _Shared) -> list[tuple[datetime, ScheduledStep]]:
        """The firings of a plan due at ``due``, each at the UTC instant it fires, after dark
        decided per step; computed once per due time."""
        key = due.astimezone(UTC)
        found = shared.firings.get(key)
        if found is None:
            found = shared.firings[key] = self._compute_firings(due.astimezone(self._where))
        return found

    def _compute_firings(self, due: datetime) -> list[tuple[datetime, ScheduledStep]]:
        """The firings of :func:`~independence.escalation.timeline` for ``due``: after dark
        judged for each step at the instant it fires, at the session's place or zone."""
        line = timeline(
            self.check_in,
            self.escalation,
            due,
            after_dark=self.after_dark,
            age=self.age,
            risk=self.risk,
            tz=self._dark_zone,
            vulnerable=self.vulnerable,
            place=self.place,
        )
        return [(s.at.astimezone(UTC), s) for s in line.steps]

    @property
    def _dark_zone(self) -> str | None:
        """The family's zone for after dark: ``tz``, else the session's zone."""
        return self.tz if self.tz is not None else self.zone

    def darkness_at(self, moment: datetime) -> Darkness | None:
        """Whether it is after dark at ``moment`` for this session, and which rule decided
        (the sun at its place, the sun at its zone's reference place, the policy's hours);
        ``None`` when ``after_dark`` forces the condition."""
        if self.after_dark is not None:
            return None
        return self.check_in.darkness_at(
            _aware("moment", moment), self._dark_zone or self._where, self.place
        )

    def _plan_segment(self, plan: _Segment, shared: _Shared) -> list[_Firing]:
        """A plan's firings with its acknowledgment applied, uncut, by time: a reminder after
        the acknowledgment is not sent; a safety step due during the hold fires when it ends."""
        due = self._due_of(plan)
        key = (due.astimezone(UTC), plan.ack, plan.hold, plan.added)
        known = shared.plans.get(key)
        if known is not None:
            return known
        found: list[_Firing] = []
        ceiling: dict[tuple[int, int], datetime] = {}
        if plan.added is not None:  # never later than under the first plan, plus what was added
            ceiling = {
                (s.step, s.occurrence): moment + plan.added
                for moment, s in self._plan_firings(self.due, shared)
            }
        for moment, scheduled in self._plan_firings(due, shared):
            limit = ceiling.get((scheduled.step, scheduled.occurrence))
            if limit is not None and limit < moment:
                moment = limit
                scheduled = scheduled.model_copy(update={"at": moment.astimezone(self._where)})
            if plan.ack is not None and moment > plan.ack:
                if not scheduled.safety:
                    found.append((moment, scheduled, False))
                    continue
                if plan.hold is not None and moment < plan.hold:
                    moment = plan.hold
            found.append((moment, scheduled, True))
        found.sort(key=lambda f: (f[0], f[1].step, f[1].occurrence))
        shared.plans[key] = found
        return found

    def _alarm_segment(
        self, segment: _Segment, shared: _Shared, pending: datetime | None = None
    ) -> list[_Firing]:
        """One SOS: every urgent action of the plan in force once, at the alarm, in the
        policy's order; the emergency call by :data:`SOS_EMERGENCY_MINUTES` after it, and no
        later than an emergency prompt already ``pending`` from before the alarm."""
        assert segment.sos is not None and segment.plan is not None
        sos = segment.sos
        plan = self._plan_segment(segment.plan, shared)
        seen: set[Action] = set()
        urgent: list[ScheduledStep] = []
        emergency: datetime | None = None
        emergency_step: ScheduledStep | None = None
        for moment, scheduled, sent in sorted(plan, key=lambda f: (f[1].step, f[1].occurrence)):
            action = scheduled.action
            if action is Action.CALL_EMERGENCY_SERVICES:
                if sent and (emergency is None or moment < emergency):
                    emergency, emergency_step = moment, scheduled
            elif _urgent(scheduled) and action not in seen:
                seen.add(action)
                urgent.append(scheduled)
        found: list[_Firing] = [(sos, s, True) for s in urgent]
        if emergency_step is not None and emergency is not None:
            latest = _earliest(sos + timedelta(minutes=SOS_EMERGENCY_MINUTES), pending)
            assert latest is not None
            found.append((max(sos, min(emergency, latest)), emergency_step, True))
        return found

    def _schedule(
        self, state: _State, shared: _Shared
    ) -> tuple[list[tuple[datetime, int, ScheduledStep, bool]], list[_Segment]]:
        """Every firing of the session, sorted: ``(instant, segment number, firing, sent)``,
        re-prompts included, pauses not yet applied."""
        segments = _oldest_first(state.segments)
        ends = _oldest_first(state.ends)
        acks = _oldest_first(state.alert_acks)
        prompt = self.escalation.reprompt
        entries: list[tuple[datetime, int, ScheduledStep, bool]] = []
        pending: datetime | None = None  # an emergency prompt due after the next segment began
        for index, segment in enumerate(segments):
            following = segments[index + 1].start if index + 1 < len(segments) else None
            later = bisect.bisect_right(ends, (segment.number, _FAR))
            end = ends[later][1] if later < len(ends) else None  # the first end after it began
            if segment.sos is None:
                until = _earliest(following, end)
                nxt = segments[index + 1] if index + 1 < len(segments) else None
                if (
                    nxt is not None
                    and nxt.sos is None
                    and until is not None
                    and until < self._deadline(segment)
                ):
                    # replaced before its deadline by another plan: nothing of it fires (an
                    # interval message in time, a change before the deadline)
                    pending = None
                    continue
                firings = self._plan_segment(segment, shared)
            else:
                firings = self._alarm_segment(segment, shared, pending)
                until = end
            sent_safety = [f for f in firings if f[2] and f[1].safety]
            full = [f for f in firings if end is None or f[0] <= end]
            if sent_safety and len(full) == len(firings):  # re-prompts follow the last step
                last_at, last, _ = max(
                    sent_safety, key=lambda f: (f[0], f[1].step, f[1].occurrence)
                )
                answered = next((t for t, _ in acks if t >= segment.start), None)
                stop = _earliest(end, answered)
                for times in range(1, prompt.times + 1):
                    moment = last_at + timedelta(minutes=prompt.every_minutes * times)
                    if stop is not None and moment > stop:
                        break
                    again = last.model_copy(update={"occurrence": last.occurrence + times})
                    full.append((moment, again, True))
            kept = [f for f in full if until is None or f[0] <= until]
            for moment, scheduled, sent in kept:
                entries.append((moment, segment.number, scheduled, sent))
            pending = None
            if following is not None:  # an alarm never puts off an emergency prompt
                pending = min(
                    (
                        moment
                        for moment, scheduled, sent in full
                        if sent
                        and moment > following
                        and scheduled.action is Action.CALL_EMERGENCY_SERVICES
                    ),
                    default=None,
                )
        entries.sort(key=lambda e: (e[0], e[1], e[2].step, e[2].occurrence))
        return entries, segments

    # ----------------------------------------------------------------------- state

    def state_at(self, now: datetime) -> SessionState:
        """Where the session stands at ``now`` (not before the last event); see the rules."""
        engine = self._holder()
        state = engine.state
        now_utc = _aware("now", now).astimezone(UTC)
        if state.last is not None and now_utc < state.last:
            raise ValueError(
                f"now ({now.isoformat()}) is before the last event "
                f"({self._shown(state.last).isoformat()})"
            )
        zone = self._where
        entries, _ = self._schedule(state, engine.shared)
        pauses = _oldest_first(state.pauses)
        if state.open_pause is not None:
            pauses.append(state.open_pause)
        pauses = _cut_pauses(pauses, entries)
        entries = [
            (at, index, scheduled, sent and (scheduled.safety or not _in_pause(at, pauses)))
            for at, index, scheduled, sent in entries
        ]
        counts: dict[int, int] = {}
        keyed: list[tuple[datetime, int, ScheduledStep, bool]] = []
        for at, number, scheduled, sent in entries:
            update: dict[str, Any] = {}
            if scheduled.at.astimezone(UTC) != at or scheduled.at.tzinfo is not zone:
                update["at"] = at.astimezone(zone)
            if sent:
                count = counts.get(scheduled.step, 0)
                counts[scheduled.step] = count + 1
                update["key"] = f"{self.id}:{scheduled.step}:{count}"
            shown = scheduled.model_copy(update=update) if update else scheduled
            keyed.append((at, number, shown, sent))
        fired = [(at, s) for at, _, s, sent in keyed if sent and at <= now_utc]
        held = tuple(s for at, _, s, sent in keyed if not sent and at <= now_utc)
        upcoming = [(at, s) for at, _, s, sent in keyed if sent and at > now_utc]
        plan_fired = any(
            n == state.plan.number for at, n, _, sent in keyed if sent and at <= now_utc
        )
        plan = state.plan
        due = self._due_of(plan).astimezone(zone)
        deadline_utc = self._deadline(plan)
        due_utc = due.astimezone(UTC)
        hold_until = plan.hold
        pause = pauses[-1] if state.open_pause is not None else None
        if pause is not None and pause[1] <= now_utc:
            pause = None
        ended = state.ended
        sos = state.segment.sos
        if ended is not None and ended.kind is EventKind.STOOD_DOWN:
            status = SessionStatus.STOOD_DOWN
        elif ended is not None:
            status = SessionStatus.RESOLVED
        elif sos is not None:
            status = SessionStatus.EMERGENCY
        elif hold_until is not None and now_utc < hold_until:
            status = SessionStatus.ACKNOWLEDGED
        elif now_utc < due_utc:
            status = SessionStatus.WAITING
        elif now_utc < deadline_utc:
            status = SessionStatus.GRACE
        elif plan_fired:
            status = SessionStatus.ESCALATING
        else:
            status = SessionStatus.MISSED
        is_open = ended is None

        wake: tuple[datetime, WakeReason] | None = None
        if is_open:
            candidates = [(at, WakeReason.STEP) for at, _ in upcoming[:1]]
            if sos is None:
                candidates += [(due_utc, WakeReason.DUE), (deadline_utc, WakeReason.DEADLINE)]
                if hold_until is not None:
                    candidates.append((hold_until, WakeReason.HOLD_ENDS))
            if pause is not None and pause[1] < _FAR:
                candidates.append((pause[1], WakeReason.SHARING_RESUMES))
            later = [c for c in candidates if c[0] > now_utc]
            if later:
                first = min(at for at, _ in later)
                reasons = [r for at, r in later if at == first]
                wake = (first, WakeReason.STEP if WakeReason.STEP in reasons else reasons[0])
        end = state.last if ended is not None else None
        ended_late = end is not None and (end >= deadline_utc or bool(fired))
        contacted: list[Target] = []
        if not is_open:
            for _, scheduled in fired:
                if scheduled.target is not Target.CHILD and scheduled.target not in contacted:
                    contacted.append(scheduled.target)
        say = engine.messages if engine.messages is not ENGLISH else _messages(self.locale)
        awaiting: list[Author] = []
        alerts = [at for at, s in fired if s.safety]
        if is_open and alerts:
            answered = {who: t for t, who in _oldest_first(state.alert_acks)}
            prompted = {Author.GUARDIAN: max(alerts)}
            trusted = [at for at, s in fired if s.target is Target.TRUSTED_ADULT]
            if trusted:
                prompted[Author.TRUSTED_ADULT] = max(trusted)
            awaiting = [
                who for who, t in prompted.items() if who not in answered or answered[who] < t
            ]
        arrived = state.arrived
        resolution = self.escalation.resolution
        stood = state.stood_down
        disclosure = self.check_in.location.shared_at(
            now, failed_at=min(alerts, default=None), safe_at=end
        )
        if pause is not None and is_open and SharedData.LOCATION in disclosure.items:
            disclosure = Disclosure(  # a pause holds location back only until a safety step
                items=tuple(i for i in disclosure.items if i is not SharedData.LOCATION),
                precision=None,
            )
        expect = plan.expect
        message_due = None
        if is_open and sos is None and expect is not None and expect < plan.due.astimezone(UTC):
            message_due = expect.astimezone(zone)
        return SessionState(
            status=status,
            now=now,
            opens=self._shown(self.started),
            due=due,
            deadline=deadline_utc.astimezone(zone),
            destination=state.destination,
            added_minutes=-(-state.added // MINUTE),
            fired=tuple(s for _, s in fired),
            held_back=held,
            active=fired[-1][1] if is_open and fired else None,
            next=upcoming[0][1] if is_open and upcoming else None,
            wake_at=wake[0].astimezone(zone) if wake else None,
            wake_for=wake[1] if wake else None,
            acknowledged_at=plan.ack.astimezone(zone) if plan.ack else None,
            hold_until=hold_until.astimezone(zone) if hold_until else None,
            sharing_paused_by=pause[2] if pause is not None and is_open else None,
            sharing_resumes_at=(
                pause[1].astimezone(zone)
                if pause is not None and is_open and pause[1] < _FAR
                else None
            ),
            sos_at=sos.astimezone(zone) if sos else None,
            arrived_at=arrived.astimezone(zone) if arrived else None,
            on_time=arrived < deadline_utc if arrived is not None else None,
            stood_down_at=stood.at.astimezone(zone) if stood else None,
            stood_down_by=stood.by if stood else None,
            stood_down_how=stood.how if stood else None,
            all_clear=tuple(
                AllClear(target=target, message=say(f"all-clear:{target.value}"))
                for target in contacted
            ),
            awaiting_answer=tuple(awaiting),
            debrief=resolution.debrief if ended_late else None,
            reconnection=resolution.reconnection if ended_late else None,
            arrival_due=plan.due.astimezone(zone),
            message_due=message_due,
            checked_in_at=state.message.astimezone(zone) if state.message else None,
            darkness=self.darkness_at(now),
            disclosure=disclosure,
        )


def _earliest(*moments: datetime | None) -> datetime | None:
    given = [m for m in moments if m is not None]
    return min(given) if given else None


def _messages(locale: str) -> Messages:
    """The library's sentences in ``locale``, from the package's compiled translations (a
    session restored without its catalogue); English when there are none."""
    if locale == SOURCE_LOCALE:
        return ENGLISH
    path = Path(__file__).parent / "data" / LOCALES_FOLDER / f"{locale}.mo"
    try:  # the one guarded way in; anything amiss leaves the sentences in English
        data = read_input(path, limit=CATALOGUE_BYTES)
        return Messages(gettext.GNUTranslations(io.BytesIO(data)), locale)
    except (OSError, CatalogError, struct.error, UnicodeError, ValueError, LookupError):
        return ENGLISH


def _check_age(check_in: CheckInPolicy, age: Age | None) -> None:
    """A policy for children under 12 too needs the age; a younger child than the policy's
    ``min_age`` is refused."""
    if age is None:
        if check_in.min_age is None or check_in.min_age < YOUNG_CHILD_UNDER:
            raise ValueError(
                f"check-in policy {check_in.id!r} is for children under {YOUNG_CHILD_UNDER} "
                "too: give the child's age (age= or born=), so that a young child gets the "
                "young-child conditions and never a teenager's timings"
            )
        return
    if check_in.min_age is not None and age < check_in.min_age:
        raise ValueError(
            f"check-in policy {check_in.id!r} is for children from {check_in.min_age}, not "
            f"{age}: use a policy made for them"
        )


def _cut_pauses(
    pauses: list[tuple[datetime, datetime, PauseRole]],
    entries: list[tuple[datetime, int, ScheduledStep, bool]],
) -> list[tuple[datetime, datetime, PauseRole]]:
    """The pauses as they really ran: each ends, at the latest, when the first safety step at
    or after its start fires (a search for a child is never made without their location)."""
    safety = [at for at, _, scheduled, sent in entries if sent and scheduled.safety]
    cut = []
    for start, end, role in pauses:
        index = bisect.bisect_left(safety, start)
        cut.append((start, min(end, safety[index]) if index < len(safety) else end, role))
    return cut


def _in_pause(at: datetime, pauses: list[tuple[datetime, datetime, PauseRole]]) -> bool:
    return any(start <= at < end for start, end, _ in pauses)


def _urgent(scheduled: ScheduledStep) -> bool:
    """Whether a firing comes at an SOS: every safety step but the non-emergency line (and
    the emergency call, which has its own time)."""
    return scheduled.safety and scheduled.action not in (
        Action.CALL_POLICE_NON_EMERGENCY,
        Action.CALL_EMERGENCY_SERVICES,
    )


def _fixed_time_due(check_in: CheckInPolicy, started: datetime | None, tz: str | None) -> datetime:
    """The due time of a session given neither a due time nor a timer: the policy's
    ``fixed-time`` trigger, the first time after ``started`` in the family's zone."""
    fixed = [t.at for t in check_in.triggers if t.kind is TriggerKind.FIXED_TIME and t.at]
    if not fixed:
        raise ValueError("give a due time or a timer (timer_minutes), not both or neither")
    if started is None:
        raise ValueError(
            f"check-in policy {check_in.id!r} has a fixed-time check-in at {fixed[0]}: give "
            "'started' (the departure) to find the next one, or a due time"
        )
    departed = _aware("started", started)
    zone: tzinfo | str | None = tz if tz is not None else departed.tzinfo
    if not isinstance(zone, (str, ZoneInfo)):
        raise ValueError(
            "a fixed-time check-in needs the family's zone: give tz (an IANA name such as "
            "Europe/London) or a started time in a ZoneInfo zone"
        )
    return min(next_fixed_time_due(departed, at, zone) for at in fixed)
