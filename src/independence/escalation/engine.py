"""The escalation engine: when each step of an escalation policy fires, and where things stand.

:func:`timeline` lays out every firing of a policy for one check-in, should it be missed;
:func:`state_at` says where it stands at an instant, given the check-ins and pauses so far. The
rules (aware datetimes, elapsed time, conditions, scaling, repeats, the check-in window, pauses)
are in ``docs/concepts/escalation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Final

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from independence.escalation.circumstances import Circumstances
from independence.escalation.times import MINUTE, aware, later, within_range, zone
from independence.model.base import Record
from independence.model.check_in import CheckInPolicy, Darkness, PauseRole
from independence.model.escalation import (
    MIN_DELAY_PERCENT,
    YOUNG_CHILD_UNDER,
    Action,
    Condition,
    ConditionKind,
    EscalationPolicy,
    EscalationStep,
    Repeat,
    Target,
)
from independence.model.responsibility import RiskLevel

__all__ = [
    "MAX_SPAN",
    "EscalationState",
    "EscalationStatus",
    "Pause",
    "ScheduledStep",
    "Timeline",
    "first_due",
    "pause_window",
    "stacked_percent",
    "state_at",
    "timeline",
]


def _upper_limit(model: type[BaseModel], name: str) -> int:
    """The ``le`` bound the model declares for the field ``name``."""
    for constraint in model.model_fields[name].metadata:
        limit = getattr(constraint, "le", None)
        if isinstance(limit, int):
            return limit
    raise RuntimeError(f"{model.__name__}.{name} has no upper limit")  # pragma: no cover


#: The longest time from the deadline to the last step of any timeline: the longest delay a
#: step may have plus the most repeats at the longest interval (44 hours with today's model).
MAX_SPAN: Final = timedelta(
    minutes=_upper_limit(EscalationStep, "after_minutes")
    + _upper_limit(Repeat, "times") * _upper_limit(Repeat, "every_minutes")
)


class ScheduledStep(Record):
    """One firing of one step of an escalation policy."""

    at: AwareDatetime = Field(description="When the step is due (date and time with a UTC offset).")
    """When it fires, in the zone of the due time."""
    step: int = Field(description="The step's number in the escalation policy, counting from 1.")
    """The 1-based number of the step in the escalation policy."""
    occurrence: int = Field(
        description="Which time the step happens: 1 the first, 2 the first repeat, and so on."
    )
    """0 for the first firing, 1, 2, ... for its repeats."""
    action: Action = Field(description="What to do.")
    target: Target = Field(description="Who the action is aimed at.")
    message: str = Field(description="What to say or send.")
    safety: bool = Field(
        description="Whether this is a safety step (true) "
        "rather than a reminder to the child (false)."
    )
    """Whether the action is a safety step (every action but a reminder); never held back."""
    key: str | None = Field(
        default=None,
        description="In a check-in session: 'session id:step:n', the same for a firing whatever "
        "events come later, so that an app can act exactly once on each; null in a timeline.",
    )
    """In a check-in session: ``session id:step:n``, the same for a firing whatever events
    come later (``n`` counts the firings of that step in the session, from 0), so that an app
    can act exactly once on each; ``None`` in a timeline."""


class Timeline(Record):
    """Every firing of an escalation policy for one missed check-in, in order."""

    check_in_policy: str = Field(description="The id of the check-in policy.")
    """The check-in policy's id."""
    escalation_policy: str = Field(description="The id of the escalation policy it follows.")
    """The escalation policy's id."""
    due: AwareDatetime = Field(description="When the check-in is due.")
    """When the check-in is due."""
    deadline: AwareDatetime = Field(
        description="When the check-in counts as missed: the due time plus the grace period."
    )
    """``due`` plus the grace period (elapsed time), in the zone of ``due``."""
    opens: AwareDatetime = Field(
        description="From when a check-in counts (the window before the due time)."
    )
    """When check-ins start to count: ``due`` minus the policy's ``window_minutes``."""
    conditions: tuple[ConditionKind, ...] = Field(
        description="The conditions that applied, shortening the delays."
    )
    """The conditions that applied, in the policy's order."""
    delay_percent: int = Field(
        description="The percentage the delays were scaled to (100 when no condition applied)."
    )
    """The scaling applied to delays and repeat intervals (100: none)."""
    skipped: tuple[int, ...] = Field(
        description="Numbers of the steps left out "
        "(for example reminders that make no sense at night)."
    )
    """1-based numbers of the steps left out by a condition."""
    steps: tuple[ScheduledStep, ...] = Field(description="Every step, in the order they are due.")
    """Every firing, by time, then step number, then occurrence."""
    darkness: Darkness | None = Field(
        default=None,
        description="How after dark was judged at the due time: whether it was dark and which "
        "rule decided; null when after dark was forced on or off. Each step is judged at the "
        "instant it fires.",
    )
    """How after dark was judged, at the due time: whether it was dark and which rule decided
    (the sun at the app's place, the sun at the zone's reference place, the policy's hours);
    ``None`` when ``after_dark`` was forced. Each step is judged at the instant it fires."""


class EscalationStatus(StrEnum):
    """Where a check-in stands in an escalation timeline (a session's status is SessionStatus)."""

    WAITING = "waiting"
    """Not due yet."""
    GRACE = "grace"
    """Due, within the grace period."""
    MISSED = "missed"
    """The deadline has passed without a check-in: the escalation runs."""
    RESOLVED = "resolved"
    """The child checked in."""


class Pause(Record):
    """A pause of location sharing, ``[start, end)``; ``end`` may be the planned end."""

    start: AwareDatetime = Field(description="When location sharing was paused.")
    end: AwareDatetime = Field(description="When it was resumed.")
    by: PauseRole = Field(description="Who paused it: the child or a guardian.")
    """Who paused it."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Pause:
        within_range("start", self.start)
        within_range("end", self.end)
        if self.end.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError(
                f"a pause must end after it starts ({self.end.isoformat()} is not after "
                f"{self.start.isoformat()})"
            )
        return self


class EscalationState(Record):
    """Where an escalation stands at ``now``."""

    status: EscalationStatus = Field(
        description="Where things stand: waiting, checked in, overdue, escalating, and so on."
    )
    now: AwareDatetime = Field(description="The moment the state is for.")
    due: AwareDatetime = Field(description="When the check-in is due.")
    deadline: AwareDatetime = Field(description="When the check-in counts as missed.")
    fired: tuple[ScheduledStep, ...] = Field(description="The steps already due, in order.")
    """Steps whose time has come (at or before ``now``, or the late check-in), in order, minus
    the held-back reminders."""
    held_back: tuple[ScheduledStep, ...] = Field(
        description="Steps that would be due but are held back while the child's side "
        "is paused (never safety steps)."
    )
    """Reminder steps held back by a valid pause (whose time has come)."""
    active: ScheduledStep | None = Field(description="The step now in force, or null.")
    """The latest fired step (``missed`` only; ``None`` before the first)."""
    next: ScheduledStep | None = Field(description="The next step to come, or null.")
    """The next step to fire (``waiting``, ``grace`` and ``missed``; ``None`` when none is left)."""
    checked_in_at: AwareDatetime | None = Field(description="When the child checked in, or null.")
    """The check-in that counts (the earliest inside the window), if any."""
    not_counted: tuple[AwareDatetime, ...] = Field(
        default=(), description="Check-ins received that did not count (before the window opened)."
    )
    """Check-ins given from before the window (``Timeline.opens``): they do not count."""
    on_time: bool | None = Field(
        description="Whether the child checked in by the deadline; null while there is no check-in."
    )
    """Whether that check-in came before the deadline (``None`` without a check-in)."""
    debrief: str | None = Field(
        description="Once the child is safe, the warm, no-shame debrief to have; else null."
    )
    """The resolution's debrief, after a late check-in."""
    reconnection: str | None = Field(
        description="Once the child is safe, a way to reconnect; else null."
    )
    """The resolution's reconnection, after a late check-in."""


def _scaled(minutes: int, percent: int) -> int:
    """``round(minutes * percent / 100)``, exactly, halves to even; never below 0."""
    return max(0, round(Fraction(minutes * percent, 100)))


def _applies(condition: Condition, circumstances: Circumstances, *, dark: bool) -> bool:
    if condition.when is ConditionKind.AFTER_DARK:
        return dark
    if condition.when is ConditionKind.HIGH_RISK:
        return circumstances.risk == RiskLevel.HIGH
    if condition.when is ConditionKind.VULNERABLE_CHILD:
        return circumstances.vulnerable
    age = circumstances.age
    return age is not None and age < YOUNG_CHILD_UNDER


def stacked_percent(percents: Iterable[int]) -> int:
    """The delay percentage of several conditions together: the product, to a whole percent.

    ``stacked_percent([50, 75])`` is 38 (37.5, halves to even); no percentages give 100; the
    result is never below :data:`~independence.model.escalation.MIN_DELAY_PERCENT`.
    """
    product = Fraction(100)
    for percent in percents:
        product = product * percent / 100
    return max(MIN_DELAY_PERCENT, round(product)) if product < 100 else 100


def _layout(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    due: datetime,
    circumstances: Circumstances,
    *,
    dark: bool,
) -> tuple[tuple[ConditionKind, ...], int, tuple[int, ...], list[ScheduledStep]]:
    """The conditions, percentage, skipped steps and firings (by time) with ``dark`` fixed."""
    applied = [
        condition
        for condition in escalation.conditions
        if _applies(condition, circumstances, dark=dark)
    ]
    kinds = tuple(dict.fromkeys(condition.when for condition in applied))
    once = {condition.when: condition for condition in reversed(applied)}
    percent = stacked_percent(once[kind].delay_percent for kind in kinds)
    skip = {action for condition in applied for action in condition.skip_actions}
    deadline = later(due, check_in.grace_minutes)

    skipped: list[int] = []
    fired: list[tuple[datetime, int, int, ScheduledStep]] = []
    for number, step in enumerate(escalation.steps, start=1):
        if step.action in skip:
            skipped.append(number)
            continue
        times, every = (step.repeat.times, step.repeat.every_minutes) if step.repeat else (0, 0)
        offset = _scaled(step.after_minutes, percent)
        for occurrence in range(times + 1):
            if occurrence:
                offset += _scaled(every, percent)
            at = later(deadline, offset)
            scheduled = ScheduledStep(
                at=at,
                step=number,
                occurrence=occurrence,
                action=step.action,
                target=step.target,
                message=step.message,
                safety=step.action.is_safety_step,
            )
            fired.append((at.astimezone(UTC), number, occurrence, scheduled))
    fired.sort(key=lambda item: item[:3])
    return kinds, percent, tuple(skipped), [item[3] for item in fired]


def first_due(
    early: datetime | None, late: datetime, is_dark: Callable[[datetime], bool]
) -> datetime | None:
    """The first instant a firing is due under the conditions holding at that instant.

    ``early`` is its time under after-dark rules (``None``: skipped after dark), ``late`` under
    daylight rules (``early`` is never later); ``is_dark`` judges an instant. It fires at
    ``early`` if that is dark; else at the first whole minute after ``early`` at which it is
    dark, if that is before ``late``; else at ``late`` if that is light. A firing skipped
    after dark that would fire in the dark does not fire (``None``). The result is never
    later than ``late``: darkness only brings a step forward.
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


def timeline(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    due: datetime,
    circumstances: Circumstances | None = None,
) -> Timeline:
    """Every firing of ``escalation`` should the check-in of ``check_in`` due at ``due`` be missed.

    ``due`` must be timezone-aware; every time in the result is in its zone.
    ``circumstances`` (none known by default) decide the conditions: its ``after_dark``
    forces the after-dark condition on or off for every step; ``None`` (the default) judges
    each step at the instant it fires with :meth:`CheckInPolicy.darkness_at`: the sun at its
    ``place`` (where the child is, when the app knows), else at the reference place of the
    family's zone ``tz`` (the due time's own zone when absent), or the policy's own
    ``dark_hours``. Its ``age``, ``risk`` and ``vulnerable`` decide the young-child, high-risk
    and vulnerable-child conditions. See ``docs/concepts/escalation.md`` for the rules.
    """
    aware("due", due)
    if circumstances is None:
        circumstances = Circumstances()
    elif not isinstance(circumstances, Circumstances):
        raise TypeError(
            f"circumstances must be a Circumstances, not {type(circumstances).__name__}"
        )
    after_dark, place = circumstances.after_dark, circumstances.place
    where = zone(circumstances.tz) if circumstances.tz is not None else None
    darkness: Darkness | None = None
    if after_dark is not None:
        kinds, percent, skipped, steps = _layout(
            check_in, escalation, due, circumstances, dark=after_dark
        )
    else:
        darkness = check_in.darkness_at(due, where, place)
        light = _layout(check_in, escalation, due, circumstances, dark=False)
        dark = _layout(check_in, escalation, due, circumstances, dark=True)
        kinds, percent = (dark if darkness.dark else light)[:2]
        in_dark = {(s.step, s.occurrence): s.at.astimezone(UTC) for s in dark[3]}
        memo: dict[datetime, bool] = {}

        def is_dark(moment: datetime) -> bool:
            known = memo.get(moment)
            if known is None:
                known = memo[moment] = check_in.darkness_at(
                    moment.astimezone(due.tzinfo), where, place
                ).dark
            return known

        timed: list[tuple[datetime, int, int, ScheduledStep]] = []
        for scheduled in light[3]:
            late = scheduled.at.astimezone(UTC)
            moment = first_due(in_dark.get((scheduled.step, scheduled.occurrence)), late, is_dark)
            if moment is not None:
                if moment != late:
                    scheduled = scheduled.model_copy(update={"at": moment.astimezone(due.tzinfo)})
                timed.append((moment, scheduled.step, scheduled.occurrence, scheduled))
        timed.sort(key=lambda item: item[:3])
        steps = [item[3] for item in timed]
        left = {s.step for s in steps}
        skipped = tuple(n for n in range(1, len(escalation.steps) + 1) if n not in left)
    return Timeline(
        check_in_policy=check_in.id,
        escalation_policy=escalation.id,
        due=due,
        deadline=later(due, check_in.grace_minutes),
        opens=later(due, -check_in.window_minutes),
        conditions=kinds,
        delay_percent=percent,
        skipped=skipped,
        steps=tuple(steps),
        darkness=darkness,
    )


def pause_window(check_in: CheckInPolicy, pause: Pause, now: datetime) -> tuple[datetime, datetime]:
    """The ``[start, end)`` of a valid pause in UTC, clipped to the longest pause allowed."""
    if not isinstance(pause, Pause):
        raise TypeError(f"pauses must be Pause records, not {type(pause).__name__}")
    sharing = check_in.location
    if not sharing.pausable:
        raise ValueError(
            f"location sharing in check-in policy {check_in.id!r} is not pausable: "
            "nobody may pause it"
        )
    if pause.by not in sharing.paused_by:
        allowed = " or ".join(role.value for role in sharing.paused_by)
        raise ValueError(
            f"only the {allowed} may pause location sharing in check-in policy "
            f"{check_in.id!r}, not the {pause.by.value}"
        )
    start, end = pause.start.astimezone(UTC), pause.end.astimezone(UTC)
    if start > now:
        raise ValueError(
            f"a pause starting at {pause.start.isoformat()} is after now "
            f"({now.isoformat()}): it has not happened yet"
        )
    if sharing.max_pause_minutes is not None:
        end = min(end, start + timedelta(minutes=sharing.max_pause_minutes))
    return start, end


def _ended_by_safety(
    start: datetime, end: datetime, safety: list[datetime]
) -> tuple[datetime, datetime]:
    """A pause ends, at the latest, when the first safety step at or after its start fires."""
    first = next((at for at in safety if at >= start), None)
    return start, end if first is None else min(end, first)


def state_at(
    check_in: CheckInPolicy,
    escalation: EscalationPolicy,
    timeline: Timeline,
    now: datetime,
    *,
    check_ins: Iterable[datetime] = (),
    pauses: Iterable[Pause] = (),
) -> EscalationState:
    """Where the escalation laid out in ``timeline`` stands at ``now``.

    ``state_at(check_in, escalation, timeline, now, *, check_ins=(), pauses=())``

    ``check_in`` and ``escalation`` are the policies ``timeline`` was built from (a
    ``ValueError`` otherwise): the first says who may pause location sharing and for how long,
    the second gives the debrief. ``check_ins`` are the times the child checked in (the earliest
    counts; none may be after ``now``), ``pauses`` the location-sharing pauses taken (none may
    start after ``now``). Every datetime must be timezone-aware. See the module documentation
    for the rules.
    """
    if timeline.check_in_policy != check_in.id:
        raise ValueError(
            f"the timeline is for check-in policy {timeline.check_in_policy!r}, not {check_in.id!r}"
        )
    if timeline.escalation_policy != escalation.id:
        raise ValueError(
            f"the timeline is for escalation policy {timeline.escalation_policy!r}, "
            f"not {escalation.id!r}"
        )
    now_utc = aware("now", now).astimezone(UTC)
    opens = timeline.opens.astimezone(UTC)
    checked_in: datetime | None = None
    not_counted: list[datetime] = []
    for index, moment in enumerate(check_ins):
        when = aware(f"check-in {index + 1}", moment).astimezone(UTC)
        if when > now_utc:
            raise ValueError(
                f"check-in {index + 1} at {moment.isoformat()} is after now ({now.isoformat()})"
            )
        if when < opens:
            not_counted.append(moment)
        elif checked_in is None or when < checked_in.astimezone(UTC):
            checked_in = moment
    safety = [s.at.astimezone(UTC) for s in timeline.steps if s.safety]
    windows = [
        _ended_by_safety(*pause_window(check_in, pause, now_utc), safety) for pause in pauses
    ]
    first_check_in = min((when.astimezone(UTC) for when in check_ins), default=None)
    for start, _ in windows:
        if safety and safety[0] <= start and (first_check_in is None or first_check_in > start):
            raise ValueError(
                f"a pause starting at {start.isoformat()} comes after the search began "
                f"({safety[0].isoformat()}, the first safety step): sharing stays on until "
                "the child checks in"
            )

    def held(scheduled: ScheduledStep) -> bool:
        at = scheduled.at.astimezone(UTC)
        return not scheduled.safety and any(start <= at < end for start, end in windows)

    due = timeline.due.astimezone(UTC)
    deadline = timeline.deadline.astimezone(UTC)
    if checked_in is not None:
        cutoff = checked_in.astimezone(UTC)
        on_time = cutoff < deadline
        came = () if on_time else [s for s in timeline.steps if s.at.astimezone(UTC) <= cutoff]
        return EscalationState(
            status=EscalationStatus.RESOLVED,
            now=now,
            due=timeline.due,
            deadline=timeline.deadline,
            fired=tuple(s for s in came if not held(s)),
            held_back=tuple(s for s in came if held(s)),
            active=None,
            next=None,
            checked_in_at=checked_in,
            not_counted=tuple(not_counted),
            on_time=on_time,
            debrief=None if on_time else escalation.resolution.debrief,
            reconnection=None if on_time else escalation.resolution.reconnection,
        )

    came = [s for s in timeline.steps if s.at.astimezone(UTC) <= now_utc]
    fired = tuple(s for s in came if not held(s))
    upcoming = (s for s in timeline.steps if s.at.astimezone(UTC) > now_utc and not held(s))
    if now_utc < due:
        status = EscalationStatus.WAITING
    elif now_utc < deadline:
        status = EscalationStatus.GRACE
    else:
        status = EscalationStatus.MISSED
    return EscalationState(
        status=status,
        now=now,
        due=timeline.due,
        deadline=timeline.deadline,
        fired=fired,
        held_back=tuple(s for s in came if held(s)),
        active=fired[-1] if status is EscalationStatus.MISSED and fired else None,
        next=next(upcoming, None),
        checked_in_at=None,
        not_counted=tuple(not_counted),
        on_time=None,
        debrief=None,
        reconnection=None,
    )
