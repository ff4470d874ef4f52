"""Check-in sessions: one live check-in, fed with what really happens, asked what to do now.

:func:`~independence.escalation.timeline` answers "what would happen if this check-in were
missed?". A :class:`CheckInSession` runs one check-in of one policy from departure to debrief:
an app feeds it the :class:`Event` s that happen (the child acknowledges, arrives, adds time,
changes the plan, pauses location sharing, a guardian stands it down, the child raises the
alarm) and asks :meth:`CheckInSession.state_at` where things stand, which step to take now and
**the exact instant to wake up** for the next one, so that it needs one timer at a time.

A session is immutable: :meth:`CheckInSession.add` returns a new session with one more event.
Events must come in time order; one that is out of order, or impossible in the state the
session is in at that moment, is a ``ValueError`` that says why.

Starting a session
------------------

``CheckInSession.start(check_in, escalation, due=...)`` ("when I arrive": the due time is
known) or ``CheckInSession.start(check_in, escalation, timer_minutes=..., started=...)``
("after a timer": due ``timer_minutes`` after ``started``); ``CheckInSession.from_catalog``
does the same with a catalogue and a check-in policy id, following the escalation policy it
names. ``after_dark``, ``age``, ``risk``, ``vulnerable`` and ``tz`` mean what they mean for
:func:`~independence.escalation.timeline`. Every time must be timezone-aware and inside the
engine's range (:data:`~independence.escalation.EARLIEST` to
:data:`~independence.escalation.LATEST`); arithmetic is in elapsed time, across clock changes,
by the same code as :func:`~independence.escalation.timeline`.

Rules
-----

**Window.** The session starts at ``started``; without one, at the due time minus the check-in
policy's ``window_minutes`` (two hours by default). No event may come before it: a check-in
from another day never resolves this one.

**Steps.** Each firing of the escalation policy is the firing of
:func:`~independence.escalation.timeline` for the current due time, then changed by the events
below. Without events, a session's steps are exactly the timeline's (after-dark aside).

**After dark, per step.** When ``after_dark`` is ``None`` and the check-in policy has
``dark_hours``, the after-dark condition is decided for each firing at the instant it would
fire, not once at the due time: a firing fires at the first instant at which it is due under
the conditions that hold at that instant. With the firing's time ``light`` under daylight rules
and ``dark`` under after-dark rules (``dark`` is never later), it fires at ``dark`` if that is
after dark; otherwise at the first minute after ``dark`` at which darkness begins, if that is
before ``light``; otherwise at ``light`` if that is daylight. (A check-in due at 16:30 in
December whose later steps run past dusk: those steps speed up from dusk on.) A firing that the
after-dark condition skips and that would fire in the dark does not fire. ``after_dark=True``
or ``False`` forces the rule for every step, as for a timeline.

**Acknowledged** (the child replied and is still on the way; only from the due time on, there
is nothing to acknowledge before). No reminder fires after the first acknowledgment of a plan:
the child has answered. Safety steps wait, but never longer than the check-in policy's
``acknowledge_hold_minutes`` (15 by default): a safety step that falls due during the hold,
``(acknowledged, acknowledged + hold)``, fires when the hold ends; later ones fire on time.
Acknowledging again does not lengthen the hold. The status is ``acknowledged`` while the hold
runs.

**Arrived.** Resolves the session: every step after the arrival is cancelled. It is on time
before the current deadline, late from the deadline on (a step at exactly the arrival instant
has fired).

**Time added** (``minutes``, by the child, before the deadline only: once the check-in is
missed, acknowledge instead). The due time moves by ``minutes`` of elapsed time, and with it
the deadline and every step; the time added over the whole session may not exceed the check-in
policy's ``max_added_minutes`` (60 by default): asking for more is a ``ValueError`` that says
how much is left.

**Plan changed** (a new ``due`` time, at or after the change, and/or a new ``destination``).
From the change on, the steps are those of a timeline for the new due time; steps that had
fired stay fired, steps of the old plan after the change are dropped. An acknowledgment
belongs to its plan: a new plan has reminders again and a hold of its own.

**Location paused / resumed** (``by`` the child or a guardian). A pause is allowed only as the
check-in policy's location sharing allows (pausable, by whom), as for
:class:`~independence.escalation.Pause`; it ends when resumed (by either) or by itself after
``max_pause_minutes``. Pausing while paused, or resuming while not paused, is a ``ValueError``.
An SOS ends a running pause at once: the alarm always shares where the child is; so does
the first safety step that fires while it runs, and from then on, while the check-in stays
missed (no acknowledgment, no new plan), a new pause is a ``ValueError``: a search is never
blind.
A reminder that falls due while sharing is paused is held back (not sent, not sent later); a
pause **never** holds back a safety step.

**Stood down** (``by`` whom and ``how``: a guardian heard that the child is safe, from the
host, a teacher, a call). Ends everything, whatever the state, even after an SOS: every later
step is cancelled, and who stood it down, and how, is kept.

**SOS** (the child raised the alarm; see the ``sos`` trigger). The urgent path starts at once:
every reminder still to come is dropped, and so is the police non-emergency step (a child who
raised the alarm is a case for the emergency number, never for the non-emergency line); every
other safety step still to come fires at the SOS instant, in the policy's order (everyone is
told at once: the child called, the other guardian, the trusted adult, someone sent to the last
known place), and the emergency call comes :data:`SOS_EMERGENCY_MINUTES` (10) minutes after the
alarm at the latest, sooner if the policy has it sooner. After an
SOS only a stand-down ends the session: an ``arrived``, ``acknowledged``, ``time-added``,
``plan-changed`` or ``location-paused`` is a ``ValueError``, since an alarm is ended by a
grown-up who knows the child is safe. An SOS is accepted for every policy, with or without an
``sos`` trigger: an alarm is never refused.

**Ended.** After ``arrived`` or ``stood-down`` no event may follow.

State at ``now``
----------------

``now`` may not be before the last event. The status is, in this order: ``stood-down``;
``resolved`` (arrived); ``emergency`` (an SOS); ``acknowledged`` (while a hold runs);
``waiting`` (before the due time); ``grace`` (before the deadline); ``escalating`` (a step of
the current plan has fired); ``missed``. ``fired`` lists the firings at or before ``now`` (each
with the instant it really fired), ``held_back`` the reminders not sent (held by a pause,
skipped after an acknowledgment or an SOS) whose time has come, ``active`` the latest firing
(while the session is open), ``next`` the next firing. ``wake_at`` is the earliest instant
after ``now`` at which the state changes without a new event (the due time, the deadline, the
next firing, the end of a hold, sharing resuming by itself) and ``wake_for`` says which; both
are ``None`` once the session has ended or nothing is left. An app keeps one timer, for
``wake_at``, and asks again when it rings or when an event comes: no step ever fires between
``now`` and ``wake_at``. ``debrief`` and ``reconnection`` (the escalation policy's resolution)
are given when the session has ended after its deadline, after an SOS or once a step has
fired; an arrival on time needs neither.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from pydantic import AwareDatetime, Field, PrivateAttr, model_validator

from independence.age import Age
from independence.escalation import (
    LATEST,
    Pause,
    ScheduledStep,
    _aware,
    _is_dark,
    _later,
    _pause_window,
    _zone,
    timeline,
)
from independence.model.base import Record, Text, WholeNumber
from independence.model.check_in import CheckInPolicy, PauseRole
from independence.model.escalation import Action, EscalationPolicy
from independence.model.responsibility import RiskLevel

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "CheckInSession",
    "Event",
    "EventKind",
    "SessionState",
    "SessionStatus",
    "WakeReason",
]

MINUTE = timedelta(minutes=1)


class EventKind(StrEnum):
    """What happened during a check-in session."""

    ACKNOWLEDGED = "acknowledged"
    """The child replied and is still on the way."""
    ARRIVED = "arrived"
    """The child arrived: the check-in is resolved."""
    TIME_ADDED = "time-added"
    """The child added ``minutes`` to the due time."""
    PLAN_CHANGED = "plan-changed"
    """A new ``due`` time and/or ``destination``."""
    LOCATION_PAUSED = "location-paused"
    """Location sharing was paused ``by`` the child or a guardian."""
    LOCATION_RESUMED = "location-resumed"
    """Location sharing was resumed ``by`` the child or a guardian."""
    STOOD_DOWN = "stood-down"
    """A guardian (``by``) confirmed the child is safe (``how``)."""
    SOS = "sos"
    """The child raised the alarm."""


_ROLE_KINDS = (EventKind.LOCATION_PAUSED, EventKind.LOCATION_RESUMED)


class Event(Record):
    """One thing that happened in a session, at an aware instant ``at``."""

    kind: EventKind
    at: AwareDatetime
    minutes: WholeNumber | None = Field(
        default=None, ge=1, le=240, description="For ``time-added``: the minutes added."
    )
    due: AwareDatetime | None = Field(
        default=None, description="For ``plan-changed``: the new due time."
    )
    destination: Text | None = Field(
        default=None, description="For ``plan-changed``: the new destination."
    )
    by: Text | None = Field(
        default=None,
        description="For pauses: ``child`` or ``guardian``; for ``stood-down``: who.",
    )
    how: Text | None = Field(
        default=None, description="For ``stood-down``: how they know the child is safe."
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Event:
        kind = self.kind
        given = {
            name
            for name in ("minutes", "due", "destination", "by", "how")
            if getattr(self, name) is not None
        }
        allowed: set[str] = {
            EventKind.TIME_ADDED: {"minutes"},
            EventKind.PLAN_CHANGED: {"due", "destination"},
            EventKind.LOCATION_PAUSED: {"by"},
            EventKind.LOCATION_RESUMED: {"by"},
            EventKind.STOOD_DOWN: {"by", "how"},
        }.get(kind, set())
        extra = sorted(given - allowed)
        if extra:
            raise ValueError(f"{', '.join(extra)} is not for {kind.value} events")
        if kind is EventKind.TIME_ADDED and self.minutes is None:
            raise ValueError("a time-added event needs 'minutes'")
        if kind is EventKind.PLAN_CHANGED and not given:
            raise ValueError("a plan-changed event needs a new 'due' time or 'destination'")
        if kind in _ROLE_KINDS and self.by not in {role.value for role in PauseRole}:
            raise ValueError(f"a {kind.value} event needs 'by': child or guardian")
        if kind is EventKind.STOOD_DOWN and (self.by is None or self.how is None):
            raise ValueError("a stood-down event needs 'by' (who) and 'how' (how they know)")
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
    """The child replied and is on the way: safety steps wait while the hold runs."""
    RESOLVED = "resolved"
    """The child arrived."""
    STOOD_DOWN = "stood-down"
    """A guardian confirmed the child is safe."""
    EMERGENCY = "emergency"
    """The child raised the alarm: the urgent path runs."""


class WakeReason(StrEnum):
    """Why an app should wake up at ``wake_at``."""

    DUE = "due"
    DEADLINE = "deadline"
    STEP = "step"
    HOLD_ENDS = "hold-ends"
    SHARING_RESUMES = "sharing-resumes"


class SessionState(Record):
    """Where a session stands at ``now``, and when to look again."""

    status: SessionStatus
    now: AwareDatetime
    opens: AwareDatetime
    """When the session's window opened (its start)."""
    due: AwareDatetime
    """The current due time (after added time and plan changes)."""
    deadline: AwareDatetime
    """The current deadline: ``due`` plus the grace period."""
    destination: str | None
    added_minutes: int
    """Time added so far, in all."""
    fired: tuple[ScheduledStep, ...]
    """Firings at or before ``now``, each with the instant it really fired, in order."""
    held_back: tuple[ScheduledStep, ...]
    """Reminders not sent (pause, acknowledgment, SOS) whose time has come."""
    active: ScheduledStep | None
    """The latest firing, while the session is open."""
    next: ScheduledStep | None
    """The next firing, while the session is open."""
    wake_at: AwareDatetime | None
    """The next instant at which the state changes by itself: set one timer for it."""
    wake_for: WakeReason | None
    acknowledged_at: AwareDatetime | None
    """The first acknowledgment of the current plan."""
    hold_until: AwareDatetime | None
    """When that acknowledgment's hold on safety steps ends."""
    sharing_paused_by: PauseRole | None
    """Who paused location sharing, while it is paused."""
    sharing_resumes_at: AwareDatetime | None
    """When a running pause ends by itself (``None``: when someone resumes it)."""
    sos_at: AwareDatetime | None
    arrived_at: AwareDatetime | None
    on_time: bool | None
    """Whether the arrival came before the deadline."""
    stood_down_at: AwareDatetime | None
    stood_down_by: str | None
    stood_down_how: str | None
    debrief: str | None
    reconnection: str | None


@dataclass
class _Plan:
    start: datetime  # UTC: from when this plan holds
    due: datetime  # aware, in the caller's zone
    ack: datetime | None = None  # UTC: the first acknowledgment of this plan


@dataclass
class _Replay:
    plans: list[_Plan]
    added: int = 0
    destination: str | None = None
    pauses: list[tuple[datetime, datetime, PauseRole]] = field(default_factory=list)
    open_pause: int | None = None
    arrived: datetime | None = None
    stood_down: Event | None = None
    sos: datetime | None = None
    last: datetime | None = None


#: The end of a pause that runs until someone resumes it (the last instant the engine takes).
_FAR = LATEST - timedelta(microseconds=1)


class CheckInSession(Record):
    """One check-in of one policy, with the events so far. Immutable; see the module rules."""

    check_in: CheckInPolicy
    escalation: EscalationPolicy
    due: AwareDatetime
    """The due time the session started with."""
    started: AwareDatetime
    """When the session (and its window) opened."""
    events: tuple[Event, ...] = ()
    after_dark: bool | None = None
    age: Age | None = None
    risk: RiskLevel | None = None
    tz: str | None = None
    vulnerable: bool = False

    _replay: _Replay | None = PrivateAttr(default=None)

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
        self._replay = self._replay_events(self.events)
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
        risk: RiskLevel | None = None,
        tz: str | None = None,
        vulnerable: bool = False,
    ) -> CheckInSession:
        """A new session with no events: give ``due``, or ``timer_minutes`` and ``started``.

        Without ``started``, the session opens ``check_in.window_minutes`` before ``due``.
        """
        if (due is None) == (timer_minutes is None):
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
        )

    @classmethod
    def from_catalog(cls, catalog: Catalog, check_in_policy: str, **options: Any) -> CheckInSession:
        """:meth:`start` with the check-in policy ``check_in_policy`` of ``catalog`` and the
        escalation policy it names; ``options`` as for :meth:`start`."""
        policy = catalog.check_in_policy(check_in_policy)
        return cls.start(policy, catalog.escalation_policy(policy.escalation), **options)

    def add(
        self, event: Event | EventKind | str, at: datetime | None = None, **details: Any
    ) -> CheckInSession:
        """A new session with ``event`` added: an :class:`Event`, or its kind, ``at`` and
        details (``session.add("time-added", t, minutes=10)``).

        A ``ValueError`` if the event is out of order or impossible at that moment.
        """
        if not isinstance(event, Event):
            if at is None:
                raise ValueError("give the event's time, 'at'")
            event = Event(kind=EventKind(event), at=at, **details)
        elif at is not None or details:
            raise ValueError("give an Event, or a kind with its time and details, not both")
        events = (*self.events, event)
        replay = self._replay_events(events)
        session = self.model_copy(update={"events": events})
        session._replay = replay
        return session

    # ----------------------------------------------------------------------- replay

    def _replay_events(self, events: tuple[Event, ...]) -> _Replay:
        """Check ``events`` in order and gather what they did; ``ValueError`` on the first
        event that is out of order or impossible."""
        policy = self.check_in
        started = self.started.astimezone(UTC)
        replay = _Replay(plans=[_Plan(start=started, due=self.due)])
        for number, event in enumerate(events, start=1):
            if not isinstance(event, Event):
                raise TypeError(f"events must be Event records, not {type(event).__name__}")
            at = _aware(f"event {number} ({event.kind.value})", event.at).astimezone(UTC)
            name = f"event {number} ({event.kind.value} at {event.at.isoformat()})"
            if replay.last is not None and at < replay.last:
                raise ValueError(f"{name} is out of order: it comes before the event before it")
            if at < started:
                raise ValueError(
                    f"{name} is before the session's window opens at "
                    f"{self.started.isoformat()}: it belongs to another check-in"
                )
            ended = replay.arrived or (replay.stood_down.at if replay.stood_down else None)
            if ended is not None:
                raise ValueError(f"{name}: the session has already ended")
            kind = event.kind
            plan = replay.plans[-1]
            if replay.sos is not None and kind in (
                EventKind.ARRIVED,
                EventKind.ACKNOWLEDGED,
                EventKind.TIME_ADDED,
                EventKind.PLAN_CHANGED,
                EventKind.LOCATION_PAUSED,
                EventKind.SOS,
            ):
                raise ValueError(
                    f"{name}: the child raised the alarm at {_shown(replay.sos, self.due)}; "
                    "only a guardian's stand-down ends it now"
                )
            self._pauses_to(replay, at)
            if kind is EventKind.ACKNOWLEDGED:
                if at < plan.due.astimezone(UTC):
                    raise ValueError(
                        f"{name}: nothing to acknowledge before the due time {plan.due.isoformat()}"
                    )
                if plan.ack is None:
                    plan.ack = at
            elif kind is EventKind.ARRIVED:
                replay.arrived = at
            elif kind is EventKind.TIME_ADDED:
                assert event.minutes is not None
                deadline = _later(plan.due, policy.grace_minutes)
                if at >= deadline.astimezone(UTC):
                    raise ValueError(
                        f"{name}: the check-in was missed at {deadline.isoformat()}; time can "
                        "only be added before the deadline (acknowledge instead)"
                    )
                left = policy.max_added_minutes - replay.added
                if event.minutes > left:
                    raise ValueError(
                        f"{name}: only {left} more minute{'s' * (left != 1)} may be added "
                        f"(check-in policy {policy.id!r} allows {policy.max_added_minutes} "
                        "in all)"
                    )
                replay.added += event.minutes
                replay.plans.append(_Plan(start=at, due=_later(plan.due, event.minutes)))
            elif kind is EventKind.PLAN_CHANGED:
                if event.destination is not None:
                    replay.destination = event.destination
                if event.due is not None:
                    new = _aware("the new due time", event.due)
                    if new.astimezone(UTC) < at:
                        raise ValueError(
                            f"{name}: the new due time {new.isoformat()} is before the change"
                        )
                    replay.plans.append(_Plan(start=at, due=new))
            elif kind is EventKind.LOCATION_PAUSED:
                if replay.open_pause is not None:
                    begun = replay.pauses[replay.open_pause][0]
                    raise ValueError(
                        f"{name}: sharing is already paused (since {_shown(begun, self.due)})"
                    )
                searching = self._searching_since(replay, at)
                if searching is not None:
                    raise ValueError(
                        f"{name}: the check-in is missed and the search began at "
                        f"{_shown(searching, self.due).isoformat()}: sharing stays on until the "
                        "child acknowledges, the plan changes or the session ends"
                    )
                assert event.by is not None
                role = PauseRole(event.by)
                try:
                    start, end = _pause_window(policy, Pause(start=event.at, end=_FAR, by=role), at)
                except ValueError as error:
                    raise ValueError(f"{name}: {error}") from None
                replay.pauses.append((start, end, role))
                replay.open_pause = len(replay.pauses) - 1
            elif kind is EventKind.LOCATION_RESUMED:
                if replay.open_pause is None:
                    raise ValueError(f"{name}: location sharing is not paused")
                start, end, role = replay.pauses[replay.open_pause]
                replay.pauses[replay.open_pause] = (start, min(end, at), role)
                replay.open_pause = None
            elif kind is EventKind.STOOD_DOWN:
                replay.stood_down = event
            else:  # SOS: location sharing resumes at once, whoever paused it
                replay.sos = at
                if replay.open_pause is not None:
                    start, end, role = replay.pauses[replay.open_pause]
                    replay.pauses[replay.open_pause] = (start, min(end, at), role)
                    replay.open_pause = None
            replay.last = at
        return replay

    def _searching_since(self, replay: _Replay, at: datetime) -> datetime | None:
        """When the search for the child began, if one is under way at ``at``: the first
        safety step of the plan in force that fired by ``at``, and after the acknowledgment if
        there was one (a hold that ran out without the child arriving starts it again)."""
        current = len(replay.plans) - 1
        ack = replay.plans[current].ack
        for fired, index, scheduled, sent in self._entries(replay):
            if fired > at:
                break
            if index == current and sent and scheduled.safety and (ack is None or fired > ack):
                return fired
        return None

    def _pauses_to(self, replay: _Replay, at: datetime) -> None:
        """Close a running pause that has ended by ``at``: by itself, or at a safety step."""
        if replay.open_pause is None:
            return
        start, end, role = replay.pauses[replay.open_pause]
        if end > at:  # the events so far settle every firing before ``at``
            end = _cut_pauses([(start, end, role)], self._entries(replay))[0][1]
        if end <= at:
            replay.pauses[replay.open_pause] = (start, end, role)
            replay.open_pause = None

    # ----------------------------------------------------------------------- firings

    def _firings(self, plan: _Plan) -> list[tuple[datetime, ScheduledStep]]:
        """The plan's firings, each at the UTC instant it fires, after dark decided per step."""
        options: dict[str, Any] = {
            "age": self.age,
            "risk": self.risk,
            "tz": self.tz,
            "vulnerable": self.vulnerable,
        }
        if self.after_dark is not None or self.check_in.dark_hours is None:
            line = timeline(
                self.check_in, self.escalation, plan.due, after_dark=self.after_dark, **options
            )
            return [(s.at.astimezone(UTC), s) for s in line.steps]
        light = timeline(self.check_in, self.escalation, plan.due, after_dark=False, **options)
        dark = timeline(self.check_in, self.escalation, plan.due, after_dark=True, **options)
        in_dark = {(s.step, s.occurrence): s.at.astimezone(UTC) for s in dark.steps}
        zone = _zone(self.tz) if self.tz is not None else None
        memo: dict[datetime, bool] = {}

        def is_dark(moment: datetime) -> bool:
            found = memo.get(moment)
            if found is None:
                found = memo[moment] = _is_dark(
                    self.check_in, moment.astimezone(plan.due.tzinfo), None, zone
                )
            return found

        found: list[tuple[datetime, ScheduledStep]] = []
        for scheduled in light.steps:
            late = scheduled.at.astimezone(UTC)
            early = in_dark.get((scheduled.step, scheduled.occurrence))
            at = _first_due(early, late, is_dark)
            if at is not None:
                moved = scheduled.model_copy(update={"at": at.astimezone(plan.due.tzinfo)})
                found.append((at, moved))
        found.sort(key=lambda item: (item[0], item[1].step, item[1].occurrence))
        return found

    def _entries(self, replay: _Replay) -> list[tuple[datetime, int, ScheduledStep, bool]]:
        """Every firing that is not superseded, sorted: ``(instant, plan number, firing,
        sent)``, where ``sent`` is ``False`` for a reminder skipped (after an acknowledgment or
        an SOS) and pauses are not yet applied (see :func:`_cut_pauses`)."""
        hold = timedelta(minutes=self.check_in.acknowledge_hold_minutes)
        entries: list[tuple[datetime, int, ScheduledStep, bool]] = []
        for index, plan in enumerate(replay.plans):
            until = replay.plans[index + 1].start if index + 1 < len(replay.plans) else _FAR
            for at, scheduled in self._firings(plan):
                if at > until:
                    continue
                if plan.ack is not None and at > plan.ack:
                    if not scheduled.safety:
                        entries.append((at, index, scheduled, False))
                        continue
                    if at < plan.ack + hold:
                        at = plan.ack + hold
                    if at > until:
                        continue
                entries.append((at, index, scheduled, True))
        if replay.sos is not None:
            sos = replay.sos
            latest = sos + timedelta(minutes=SOS_EMERGENCY_MINUTES)
            entries = [
                (at, index, scheduled, sent)
                if at <= sos
                else (_after_sos(at, scheduled, sos, latest), index, scheduled, _urgent(scheduled))
                for at, index, scheduled, sent in entries
            ]
        end = replay.arrived or (
            replay.stood_down.at.astimezone(UTC) if replay.stood_down else None
        )
        if end is not None:
            entries = [e for e in entries if e[0] <= end]
        entries.sort(key=lambda e: (e[0], e[1], e[2].step, e[2].occurrence))
        return entries

    # ----------------------------------------------------------------------- state

    def state_at(self, now: datetime) -> SessionState:
        """Where the session stands at ``now`` (not before the last event); see the rules."""
        replay = self._replay
        assert replay is not None
        now_utc = _aware("now", now).astimezone(UTC)
        if replay.last is not None and now_utc < replay.last:
            raise ValueError(
                f"now ({now.isoformat()}) is before the last event "
                f"({self.events[-1].at.isoformat()})"
            )
        hold = timedelta(minutes=self.check_in.acknowledge_hold_minutes)
        zone = self.due.tzinfo
        entries = self._entries(replay)
        pauses = _cut_pauses(replay.pauses, entries)
        entries = [
            (at, index, scheduled, sent and (scheduled.safety or not _in_pause(at, pauses)))
            for at, index, scheduled, sent in entries
        ]
        end = replay.arrived or (
            replay.stood_down.at.astimezone(UTC) if replay.stood_down else None
        )

        def placed(at: datetime, scheduled: ScheduledStep) -> ScheduledStep:
            if scheduled.at.astimezone(UTC) == at:
                return scheduled
            return scheduled.model_copy(update={"at": at.astimezone(zone)})

        fired = [(at, i, placed(at, s)) for at, i, s, sent in entries if sent and at <= now_utc]
        held = tuple(placed(at, s) for at, _, s, sent in entries if not sent and at <= now_utc)
        upcoming = [(at, placed(at, s)) for at, _, s, sent in entries if sent and at > now_utc]
        plan = replay.plans[-1]
        due = plan.due
        deadline = _later(due, self.check_in.grace_minutes)
        due_utc, deadline_utc = due.astimezone(UTC), deadline.astimezone(UTC)
        hold_until = plan.ack + hold if plan.ack is not None else None
        pause = pauses[replay.open_pause] if replay.open_pause is not None else None
        if pause is not None and pause[1] <= now_utc:
            pause = None
        stood = replay.stood_down

        if stood is not None:
            status = SessionStatus.STOOD_DOWN
        elif replay.arrived is not None:
            status = SessionStatus.RESOLVED
        elif replay.sos is not None:
            status = SessionStatus.EMERGENCY
        elif hold_until is not None and now_utc < hold_until:
            status = SessionStatus.ACKNOWLEDGED
        elif now_utc < due_utc:
            status = SessionStatus.WAITING
        elif now_utc < deadline_utc:
            status = SessionStatus.GRACE
        elif any(i == len(replay.plans) - 1 for _, i, _ in fired):
            status = SessionStatus.ESCALATING
        else:
            status = SessionStatus.MISSED
        is_open = end is None

        wake: tuple[datetime, WakeReason] | None = None
        if is_open:
            candidates = [(at, WakeReason.STEP) for at, _ in upcoming[:1]]
            if replay.sos is None:
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
        ended_late = end is not None and (
            end >= deadline_utc or replay.sos is not None or bool(fired)
        )
        arrived = replay.arrived
        resolution = self.escalation.resolution
        return SessionState(
            status=status,
            now=now,
            opens=self.started,
            due=due,
            deadline=deadline,
            destination=replay.destination,
            added_minutes=replay.added,
            fired=tuple(s for _, _, s in fired),
            held_back=held,
            active=fired[-1][2] if is_open and fired else None,
            next=upcoming[0][1] if is_open and upcoming else None,
            wake_at=wake[0].astimezone(zone) if wake else None,
            wake_for=wake[1] if wake else None,
            acknowledged_at=_shown(plan.ack, self.due) if plan.ack else None,
            hold_until=_shown(hold_until, self.due) if hold_until else None,
            sharing_paused_by=pause[2] if pause is not None and is_open else None,
            sharing_resumes_at=(
                _shown(pause[1], self.due)
                if pause is not None and is_open and pause[1] < _FAR
                else None
            ),
            sos_at=_shown(replay.sos, self.due) if replay.sos else None,
            arrived_at=_shown(arrived, self.due) if arrived else None,
            on_time=arrived < deadline_utc if arrived is not None else None,
            stood_down_at=stood.at if stood else None,
            stood_down_by=stood.by if stood else None,
            stood_down_how=stood.how if stood else None,
            debrief=resolution.debrief if ended_late else None,
            reconnection=resolution.reconnection if ended_late else None,
        )


def _shown(moment: datetime, like: datetime) -> datetime:
    """``moment`` in the zone of ``like``."""
    return moment.astimezone(like.tzinfo)


def _first_due(early: datetime | None, late: datetime, is_dark: Any) -> datetime | None:
    """The first instant a firing is due under the conditions holding at that instant.

    ``early`` is its time under after-dark rules (``None``: skipped after dark), ``late`` under
    daylight rules; darkness changes only on whole minutes.
    """
    if early is not None:
        if is_dark(early):
            return early
        moment = early.replace(second=0, microsecond=0) + MINUTE
        while moment < late:
            if is_dark(moment):
                return moment
            moment += MINUTE
    if not is_dark(late):
        return late
    return late if early is not None else None


#: After an SOS, the emergency step comes at most this many minutes after the alarm (sooner
#: if the policy has it sooner), unless a guardian stands the session down first.
SOS_EMERGENCY_MINUTES: Final = 10


def _after_sos(at: datetime, scheduled: ScheduledStep, sos: datetime, latest: datetime) -> datetime:
    """When a step still to come fires once the child has raised the alarm.

    Every safety step but the emergency call fires at the alarm itself, in the policy's order
    (everyone is told at once, as a phone's emergency features do); the emergency call comes
    by :data:`SOS_EMERGENCY_MINUTES` after the alarm; reminders and the non-emergency line are
    not sent (see :func:`_urgent`).
    """
    if not scheduled.safety:
        return at
    if scheduled.action is Action.CALL_EMERGENCY_SERVICES:
        return max(sos, min(at, latest))
    return sos


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
    """Whether a firing still comes after an SOS: every safety step but the non-emergency line."""
    return scheduled.safety and scheduled.action is not Action.CALL_POLICE_NON_EMERGENCY
