"""A live check-in session: events in, state and the next wake-up out.

:class:`CheckInSession` is one check-in of one policy with the events so far, immutable:
:meth:`~CheckInSession.add` gives a new session. :meth:`~CheckInSession.state_at` says where
it stands at an instant and when to look again. The rules (who may send what, when, and what
each event does; SOS, pauses, re-prompts, the all-clear) are in ``docs/concepts/sessions.md``.
"""

from __future__ import annotations

import bisect
import gettext
import io
import struct
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Protocol, overload
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, PrivateAttr, ValidationError, model_validator

from independence.age import Age
from independence.errors import CatalogError, one_line
from independence.escalation.circumstances import Circumstances
from independence.escalation.engine import Pause, ScheduledStep, pause_window, timeline
from independence.escalation.events import (
    AUTHORS,
    Author,
    AuthorName,
    Event,
    EventKind,
    EventKindName,
    Identifier,
)
from independence.escalation.history import (
    EventName,
    Firing,
    History,
    Holder,
    Link,
    Segment,
    Shared,
    oldest_first,
)
from independence.escalation.state import AllClear, SessionState, SessionStatus, WakeReason
from independence.escalation.times import EARLIEST, LATEST, MINUTE, aware, later, zone
from independence.escalation.triggers import next_fixed_time_due, next_interval_due
from independence.loading.guard import CATALOGUE_BYTES, read_input
from independence.messages import ENGLISH, SOURCE_LOCALE, Messages
from independence.model.base import LOCALES_FOLDER, Record
from independence.model.check_in import (
    CheckInPolicy,
    Darkness,
    Disclosure,
    PauseRole,
    SharedData,
    TriggerKind,
)
from independence.model.escalation import YOUNG_CHILD_UNDER, Action, EscalationPolicy, Target

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
    "PolicySource",
    "SessionState",
    "SessionStatus",
    "WakeReason",
]


class PolicySource(Protocol):
    """What :meth:`CheckInSession.from_catalog` reads from a catalogue (a
    :class:`~independence.Catalog` is one): its check-in and escalation policies by id, and
    the language of its sentences."""

    @property
    def check_in_policies(self) -> Sequence[CheckInPolicy]: ...

    @property
    def locale(self) -> str: ...

    @property
    def messages(self) -> Messages: ...

    @overload
    def lookup(self, id: str, /, *, kind: Literal["check_in_policies"]) -> CheckInPolicy: ...

    @overload
    def lookup(self, id: str, /, *, kind: Literal["escalation_policies"]) -> EscalationPolicy: ...


#: The end of a pause that runs until someone resumes it (the last instant the engine takes).
_FAR = LATEST - timedelta(microseconds=1)

#: After an SOS, the emergency step comes at most this many minutes after the alarm (sooner
#: if the policy has it sooner), unless a grown-up stands the session down first.
SOS_EMERGENCY_MINUTES: Final = 10

#: The fields a session stored by 0.2 or earlier had where :class:`Circumstances` now is.
_CIRCUMSTANCES: Final = tuple(Circumstances.model_fields)


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
    circumstances: Circumstances = Field(
        default=Circumstances(),
        description=(
            "What decides the escalation's conditions: after dark forced or not, the child's "
            "age, the risk level, the family's zone, whether the child is marked vulnerable, "
            "and where the child is."
        ),
    )
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")] = Field(
        default=SOURCE_LOCALE,
        description="The language of the all-clear messages: the catalogue's.",
    )

    _engine: Holder | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _stored_by_0_2(cls, data: Any) -> Any:
        """A session stored by 0.2 or earlier had the circumstances as fields of their own."""
        if isinstance(data, dict) and any(key in data for key in _CIRCUMSTANCES):
            if "circumstances" in data:
                both = ", ".join(sorted(key for key in _CIRCUMSTANCES if key in data))
                raise ValueError(f"give {both} inside 'circumstances', not beside it")
            data = {key: value for key, value in data.items() if key not in _CIRCUMSTANCES} | {
                "circumstances": {key: data[key] for key in _CIRCUMSTANCES if key in data}
            }
        return data

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
        aware("due", self.due)
        aware("started", self.started)
        if self.started.astimezone(UTC) > self.due.astimezone(UTC):
            raise ValueError(
                f"the session starts at {self.started.isoformat()}, after its due time "
                f"{self.due.isoformat()}"
            )
        if self.zone is not None:
            zone(self.zone)
        _check_age(self.check_in, self.circumstances.age)
        holder = Holder(self._initial(), Shared())
        self._engine = holder
        state = holder.state
        for event in self.events:
            state = self._apply(state, event, holder.shared)
        self._engine = Holder(state, holder.shared)
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
        circumstances: Circumstances | None = None,
        born: date | None = None,
        id: str | None = None,
    ) -> CheckInSession:
        """A new session with no events: give ``due``, or ``timer_minutes`` and ``started``.

        Without ``started``, the session opens ``check_in.window_minutes`` before ``due``.
        ``started`` is the departure: the session opens then, and an ``interval`` trigger
        counts its first message from it. With neither ``due`` nor a timer, a policy with a
        ``fixed-time`` trigger is due at the first time after ``started`` that the family's
        clocks (``circumstances.tz``, else the zone of ``started``) show its ``at``, across
        clock changes. ``circumstances`` decide the escalation's conditions (none known by
        default); its ``age`` (or ``born``, the birth date; the age is then taken on the due
        date) is needed when the check-in policy is for children under 12 too. ``id`` is the
        session's id (one is generated without it).
        """
        if circumstances is None:
            circumstances = Circumstances()
        elif not isinstance(circumstances, Circumstances):
            raise TypeError(
                f"circumstances must be a Circumstances, not {type(circumstances).__name__}"
            )
        if due is None and timer_minutes is None:
            due = _fixed_time_due(check_in, started, circumstances.tz)
        elif due is not None and timer_minutes is not None:
            raise ValueError("give a due time or a timer (timer_minutes), not both or neither")
        if timer_minutes is not None:
            if started is None:
                raise ValueError("a timer needs 'started', the instant it was set")
            if isinstance(timer_minutes, bool) or not isinstance(timer_minutes, int):
                raise TypeError("timer_minutes must be a whole number of minutes")
            if not 1 <= timer_minutes <= 24 * 60:
                raise ValueError(f"timer_minutes must be 1 to 1440, not {timer_minutes}")
            due = later(aware("started", started), timer_minutes)
        assert due is not None
        if started is None:
            started = later(aware("due", due), -check_in.window_minutes)
        if born is not None:
            if circumstances.age is not None:
                raise ValueError("give the child's age or birth date, not both")
            age = Age.from_birthdate(born, on=aware("due", due).date())
            circumstances = circumstances.model_copy(update={"age": age})
        options: dict[str, Any] = {} if id is None else {"id": id}
        try:
            return cls(
                check_in=check_in,
                escalation=escalation,
                due=due,
                started=started,
                circumstances=circumstances,
                **options,
            )
        except ValidationError as error:
            # one clear line, as every other refusal here: the rule broken, not pydantic's
            # dump of the whole policy
            raise ValueError(one_line(error)) from None

    @classmethod
    def from_catalog(
        cls,
        catalog: PolicySource,
        check_in_policy: str,
        *,
        due: datetime | None = None,
        timer_minutes: int | None = None,
        started: datetime | None = None,
        circumstances: Circumstances | None = None,
        born: date | None = None,
        id: str | None = None,
    ) -> CheckInSession:
        """:meth:`start` with the check-in policy ``check_in_policy`` of ``catalog`` and the
        escalation policy it names; the all-clear messages are in the catalogue's language.

        A child younger than the policy's ``min_age`` is refused with the policies of the
        catalogue that suit them.
        """
        policy = catalog.lookup(check_in_policy, kind="check_in_policies")
        age = circumstances.age if isinstance(circumstances, Circumstances) else None
        if born is not None and age is None and due is not None:
            age = Age.from_birthdate(born, on=aware("due", due).date())
            circumstances = (circumstances or Circumstances()).model_copy(update={"age": age})
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
            catalog.lookup(policy.escalation, kind="escalation_policies"),
            due=due,
            timer_minutes=timer_minutes,
            started=started,
            circumstances=circumstances,
            born=born,
            id=id,
        )
        session = session.model_copy(update={"locale": catalog.locale})
        engine = session._holder()
        session._engine = Holder(engine.state, engine.shared, catalog.messages)
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
                    fresh = Shared()
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
            session, "__pydantic_private__", {"_engine": Holder(state, shared, engine.messages)}
        )
        return session

    def _holder(self) -> Holder:
        private = self.__pydantic_private__
        assert private is not None
        engine: Holder | None = private["_engine"]
        assert engine is not None
        return engine

    # ----------------------------------------------------------------------- the rules

    @property
    def _where(self) -> tzinfo:
        """The zone the session's times are shown in."""
        if self.zone is not None:
            return zone(self.zone)
        where = self.due.tzinfo
        assert where is not None
        return where

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

    def _due_of(self, plan: Segment) -> datetime:
        """What a plan waits for first: its next interval message, or the arrival."""
        if plan.expect is not None and plan.expect < plan.due.astimezone(UTC):
            return plan.expect.astimezone(self._where)
        return plan.due

    def _initial(self) -> History:
        every = self._every
        expect = None
        if every is not None:  # the first message is due that long after the departure
            expect = next_interval_due(self.started, (), every).astimezone(UTC)
        first = Segment(
            number=0,
            start=self.started.astimezone(UTC),
            due=self.due.astimezone(self._where),
            expect=expect,
        )
        return History(seen=0, segment=first, plan=first, segments=Link(first))

    def _deadline(self, plan: Segment) -> datetime:
        """When what the plan waits for first is missed: its due time plus the grace."""
        return self._due_of(plan).astimezone(UTC) + timedelta(minutes=self.check_in.grace_minutes)

    def _apply(self, state: History, event: Event, shared: Shared) -> History:
        """The state after ``event``: O(1) in the events before it (a plan's firings are
        computed once per due time and kept in ``shared``)."""
        if not isinstance(event, Event):
            raise TypeError(f"events must be Event records, not {type(event).__name__}")
        number = state.seen + 1
        kind = event.kind
        at = event.at.astimezone(UTC)  # an Event's time is aware; its range is checked below
        if not EARLIEST <= at < LATEST:
            aware(f"event {number} ({kind.value})", event.at)
        name = EventName(number, event)
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
            new = new.with_(arrived=at, ended=event, ends=Link((number, at), state.ends))
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
                target = aware("the new due time", event.due).astimezone(UTC)
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
                start, end = pause_window(policy, Pause(start=event.at, end=_FAR, by=role), at)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
            new = new.with_(open_pause=(start, end, role))
        elif kind is EventKind.LOCATION_RESUMED:
            if state.open_pause is None:
                raise ValueError(f"{name}: location sharing is not paused")
            new = self._close_pause(new, min(state.open_pause[1], at))
        elif kind is EventKind.STOOD_DOWN:
            new = new.with_(stood_down=event, ended=event, ends=Link((number, at), state.ends))
        elif kind is EventKind.ALERT_ACKNOWLEDGED:
            if self._searching_since(state, at, shared) is None:
                raise ValueError(
                    f"{name}: no alert has gone out yet, there is nothing to acknowledge"
                )
            new = new.with_(alert_acks=Link((at, event.by), state.alert_acks))
        else:  # SOS: location sharing resumes at once, whoever paused it
            if state.open_pause is not None:
                new = self._close_pause(new, min(state.open_pause[1], at))
            segment = Segment(number=number, start=at, due=plan.due, sos=at, plan=plan)
            new = new.with_(
                segment=segment,
                segments=Link(segment, state.segments),
                ended=None,  # an alarm after the end reopens the session: a new episode
                arrived=None,
                stood_down=None,
                searched=state.searched or at,
            )
        return new

    def _within_cap(
        self, name: EventName, state: History, extension: timedelta, cap: timedelta
    ) -> None:
        if state.added + extension > cap:
            left = max(timedelta(0), cap - state.added) // MINUTE
            raise ValueError(
                f"{name}: only {left} more minute{'s' * (left != 1)} may be added to the due "
                f"time (check-in policy {self.check_in.id!r} allows "
                f"{self.check_in.max_added_minutes} in all, by added time and plan changes "
                "together)"
            )

    def _with_plan(self, state: History, plan: Segment) -> History:
        """``state`` with its newest plan segment (the newest segment) replaced."""
        assert state.segment is state.plan
        rest = state.segments.rest
        return state.with_(segment=plan, plan=plan, segments=Link(plan, rest))

    def _new_plan(
        self,
        state: History,
        at: datetime,
        due: datetime,
        shared: Shared,
        *,
        expect: datetime | None,
    ) -> History:
        """A new plan from ``at``: the old plan's firings after ``at`` are dropped.

        ``expect`` is its next interval message's due time (UTC), if it has one."""
        old = state.plan
        fired: list[Firing] = []
        if at >= self._deadline(old):  # no firing of a plan comes before its deadline
            fired = [f for f in self._plan_segment(old, shared) if f[0] <= at]
        first = next((t for t, s, sent in fired if sent and s.safety), None)
        searched = state.searched or first
        if state.open_pause is not None:
            start, end, _ = state.open_pause
            cut = next((t for t, s, sent in fired if sent and s.safety and t >= start), None)
            if cut is not None and cut < end:
                state = state.with_(open_pause=(start, cut, state.open_pause[2]))
        plan = Segment(number=state.seen, start=at, due=due, added=state.added, expect=expect)
        return state.with_(
            segment=plan,
            plan=plan,
            segments=Link(plan, state.segments),
            searched=searched,
        )

    def _close_pause(self, state: History, end: datetime) -> History:
        assert state.open_pause is not None
        start, _, role = state.open_pause
        return state.with_(open_pause=None, pauses=Link((start, end, role), state.pauses))

    def _searching_since(self, state: History, at: datetime, shared: Shared) -> datetime | None:
        """When the search for the child began, if a safety step has fired by ``at``."""
        if state.searched is not None:
            return state.searched
        for moment, scheduled, sent in self._plan_segment(state.plan, shared):
            if moment > at:
                break
            if sent and scheduled.safety:
                return moment
        return None

    def _pauses_to(self, state: History, at: datetime, shared: Shared) -> History:
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

    def _plan_firings(self, due: datetime, shared: Shared) -> list[tuple[datetime, ScheduledStep]]:
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
        circumstances = self.circumstances
        if circumstances.tz is None and self.zone is not None:  # the family's zone: the session's
            circumstances = circumstances.model_copy(update={"tz": self.zone})
        line = timeline(self.check_in, self.escalation, due, circumstances)
        return [(s.at.astimezone(UTC), s) for s in line.steps]

    @property
    def _dark_zone(self) -> str | None:
        """The family's zone for after dark: ``tz``, else the session's zone."""
        tz = self.circumstances.tz
        return tz if tz is not None else self.zone

    def darkness_at(self, moment: datetime) -> Darkness | None:
        """Whether it is after dark at ``moment`` for this session, and which rule decided
        (the sun at its place, the sun at its zone's reference place, the policy's hours);
        ``None`` when ``after_dark`` forces the condition."""
        if self.circumstances.after_dark is not None:
            return None
        return self.check_in.darkness_at(
            aware("moment", moment), self._dark_zone or self._where, self.circumstances.place
        )

    def _plan_segment(self, plan: Segment, shared: Shared) -> list[Firing]:
        """A plan's firings with its acknowledgment applied, uncut, by time: a reminder after
        the acknowledgment is not sent; a safety step due during the hold fires when it ends."""
        due = self._due_of(plan)
        key = (due.astimezone(UTC), plan.ack, plan.hold, plan.added)
        known = shared.plans.get(key)
        if known is not None:
            return known
        found: list[Firing] = []
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
        self, segment: Segment, shared: Shared, pending: datetime | None = None
    ) -> list[Firing]:
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
        found: list[Firing] = [(sos, s, True) for s in urgent]
        if emergency_step is not None and emergency is not None:
            latest = _earliest(sos + timedelta(minutes=SOS_EMERGENCY_MINUTES), pending)
            assert latest is not None
            found.append((max(sos, min(emergency, latest)), emergency_step, True))
        return found

    def _schedule(
        self, state: History, shared: Shared
    ) -> tuple[list[tuple[datetime, int, ScheduledStep, bool]], list[Segment]]:
        """Every firing of the session, sorted: ``(instant, segment number, firing, sent)``,
        re-prompts included, pauses not yet applied."""
        segments = oldest_first(state.segments)
        ends = oldest_first(state.ends)
        acks = oldest_first(state.alert_acks)
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
        now_utc = aware("now", now).astimezone(UTC)
        if state.last is not None and now_utc < state.last:
            raise ValueError(
                f"now ({now.isoformat()}) is before the last event "
                f"({self._shown(state.last).isoformat()})"
            )
        zone = self._where
        entries, _ = self._schedule(state, engine.shared)
        pauses = oldest_first(state.pauses)
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
            answered = {who: t for t, who in oldest_first(state.alert_acks)}
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
    path = Path(__file__).parents[1] / "data" / LOCALES_FOLDER / f"{locale}.mo"  # the package's
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
    departed = aware("started", started)
    zone: tzinfo | str | None = tz if tz is not None else departed.tzinfo
    if not isinstance(zone, (str, ZoneInfo)):
        raise ValueError(
            "a fixed-time check-in needs the family's zone: give tz (an IANA name such as "
            "Europe/London) or a started time in a ZoneInfo zone"
        )
    return min(next_fixed_time_due(departed, at, zone) for at in fixed)
