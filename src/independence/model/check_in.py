"""Check-in policies: how a child away from home stays in touch."""

from datetime import datetime, time, tzinfo
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from independence.age import AgeText
from independence.clock import resolve_zone
from independence.model._time import LocalTime
from independence.model.base import Flag, Id, Record, Text, WholeNumber
from independence.sun import Place, is_dark, zone_place

__all__ = [
    "DEFAULT_WINDOW_MINUTES",
    "FULL_DISCLOSURE",
    "LIMITED_DISCLOSURE",
    "MAX_WINDOW_MINUTES",
    "Channel",
    "CheckInPolicy",
    "Context",
    "Darkness",
    "DarknessBasis",
    "DarknessRule",
    "Disclosure",
    "LocationSharing",
    "PauseRole",
    "Precision",
    "SharedData",
    "SharingMode",
    "TimeWindow",
    "Trigger",
    "TriggerKind",
    "iana_zone",
]


def iana_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/London``, ``UTC``); anything else is a
    ``ValueError`` (see :func:`independence.clock.resolve_zone`, the one rule)."""
    if not isinstance(name, str):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name)")
    zone = resolve_zone(name)
    assert isinstance(zone, ZoneInfo)
    return zone


class TriggerKind(StrEnum):
    """What prompts a check-in."""

    DEPARTURE = "departure"
    """When the child sets off."""
    ARRIVAL = "arrival"
    """When the child arrives."""
    PLAN_CHANGE = "plan-change"
    """Whenever the plan changes (late, somewhere else, a different way home)."""
    FIXED_TIME = "fixed-time"
    """At an agreed clock time (``at``)."""
    INTERVAL = "interval"
    """Every ``every_minutes`` while out."""
    SOS = "sos"
    """The child raises the alarm (an SOS button or an agreed code word): the urgent path of
    the escalation starts at once and reminders are skipped."""


class Channel(StrEnum):
    """How a check-in is sent."""

    TEXT = "text"
    CALL = "call"
    APP = "app"
    """A tap in a family app."""
    ARRIVAL_ALERT = "arrival-alert"
    """An automatic alert when a shared location reaches a place."""
    IN_PERSON = "in-person"
    """Saying hello to a grown-up on arrival (a teacher, a neighbour)."""


class Context(StrEnum):
    """Situations a policy is meant for."""

    TRAVEL = "travel"
    SCHOOL = "school"
    SOCIAL = "social"
    ERRAND = "errand"
    LATE_NIGHT = "late-night"
    HOME_ALONE = "home-alone"


class SharingMode(StrEnum):
    """When location is shared."""

    OFF = "off"
    WHILE_OUT = "while-out"
    ALWAYS = "always"
    ON_FAILURE = "on-failure"
    """Nothing is shared until a safety step fires; from then until the child is safe, what the
    policy lists in ``on_failure`` (after Apple's Check In, which shares data only when a
    check-in fails)."""


class SharedData(StrEnum):
    """What may be shared with the family once a check-in has failed."""

    LOCATION = "location"
    """Where the child's phone is now."""
    BATTERY = "battery"
    """How much charge the phone has left."""
    SIGNAL = "signal"
    """The phone's network signal."""
    ROUTE = "route"
    """The way the child has come since setting off."""


#: Apple's "limited" set: location, battery and network signal.
LIMITED_DISCLOSURE: Final = (SharedData.LOCATION, SharedData.BATTERY, SharedData.SIGNAL)
#: Apple's "full" set: the limited one and the route travelled.
FULL_DISCLOSURE: Final = (*LIMITED_DISCLOSURE, SharedData.ROUTE)


class Disclosure(BaseModel):
    """What may be shared at one instant, as the policy's location sharing allows."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    items: tuple[SharedData, ...] = Field(description="What may be shared; empty when nothing may.")
    precision: "Precision | None" = Field(
        description="How exact the shared location is; null when no location is shared."
    )


class Precision(StrEnum):
    """How exact the shared location is."""

    PRECISE = "precise"
    APPROXIMATE = "approximate"
    """Neighbourhood level: enough for safety, more privacy for older children."""


class PauseRole(StrEnum):
    """Who may pause location sharing."""

    CHILD = "child"
    GUARDIAN = "guardian"


class Trigger(Record):
    """One moment at which the child checks in."""

    kind: TriggerKind = Field(
        description="When the check-in happens: on departure, on arrival, when plans "
        "change, at a fixed time or at an interval."
    )
    description: Text = Field(description="What the child does, in plain words.")
    at: LocalTime | None = Field(
        default=None, description="Clock time, for ``fixed-time`` triggers only."
    )
    every_minutes: WholeNumber | None = Field(
        default=None, ge=5, le=720, description="Interval, for ``interval`` triggers only."
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> "Trigger":
        if self.kind is TriggerKind.FIXED_TIME and self.at is None:
            raise ValueError("a fixed-time trigger needs 'at' (such as '21:00')")
        if self.kind is TriggerKind.INTERVAL and self.every_minutes is None:
            raise ValueError("an interval trigger needs 'every_minutes'")
        if self.kind is not TriggerKind.FIXED_TIME and self.at is not None:
            raise ValueError(f"'at' is only for fixed-time triggers, not {self.kind.value}")
        if self.kind is not TriggerKind.INTERVAL and self.every_minutes is not None:
            raise ValueError(
                f"'every_minutes' is only for interval triggers, not {self.kind.value}"
            )
        return self


class LocationSharing(Record):
    """How location is shared while the policy is in force, and who may pause it."""

    mode: SharingMode = Field(description="When location is shared: off, while out, or always.")
    precision: Precision = Field(
        description="How precise the shared location is: precise or approximate.",
        default=Precision.PRECISE,
    )
    pausable: Flag = Field(
        default=False, description="Whether sharing may be paused when it is not needed."
    )
    paused_by: tuple[PauseRole, ...] = Field(default=(), description="Who may pause it.")
    max_pause_minutes: WholeNumber | None = Field(
        default=None,
        ge=5,
        le=24 * 60,
        description="Longest pause before sharing resumes by itself; null means no limit.",
    )
    on_failure: tuple[SharedData, ...] = Field(
        default=(),
        max_length=len(SharedData),
        description=(
            "For mode ``on-failure`` only: what is shared once a safety step has fired, until "
            "the child is safe (``location`` always among them). Apple's limited set is "
            "location, battery and signal; the full set adds the route."
        ),
    )

    @model_validator(mode="after")
    def _pause_rules(self) -> "LocationSharing":
        if self.mode is SharingMode.ON_FAILURE:
            if not self.on_failure:
                raise ValueError(
                    "sharing on failure must say what is shared (on_failure), such as "
                    "[location, battery, signal]"
                )
            if SharedData.LOCATION not in self.on_failure:
                raise ValueError("on_failure must include location: it is what finds a child")
            if len(set(self.on_failure)) != len(self.on_failure):
                raise ValueError("on_failure names the same item twice")
            if self.pausable:
                raise ValueError(
                    "sharing on failure cannot be pausable: nothing is shared until a safety "
                    "step fires, and no pause is taken once one has"
                )
        elif self.on_failure:
            raise ValueError(f"on_failure is only for mode on-failure, not {self.mode.value}")
        if self.mode is SharingMode.OFF and self.pausable:
            raise ValueError("sharing that is off cannot be pausable")
        if self.pausable and not self.paused_by:
            raise ValueError("a pausable policy must say who may pause (paused_by)")
        if not self.pausable and (self.paused_by or self.max_pause_minutes is not None):
            raise ValueError("paused_by and max_pause_minutes need pausable: true")
        return self

    def shared_at(
        self,
        instant: datetime,
        *,
        failed_at: datetime | None = None,
        safe_at: datetime | None = None,
    ) -> Disclosure:
        """What may be shared at ``instant`` during an outing (a check-in session).

        ``failed_at`` is when the first safety step fired (``None``: none has), ``safe_at``
        when the child was known to be safe (arrived or stood down; ``None``: not yet). Mode
        ``off`` shares nothing; ``always`` the location at every instant; ``while-out`` the
        location until the child is safe; ``on-failure`` nothing before ``failed_at``, then
        :attr:`on_failure` until the child is safe. Pauses are the engine's business: a pause
        holds back location only before a safety step, and the first one ends it.
        """
        for moment in (instant, failed_at, safe_at):
            if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
                raise ValueError("instants must be timezone-aware")
        safe = safe_at is not None and instant >= safe_at
        failed = failed_at is not None and instant >= failed_at
        items: tuple[SharedData, ...] = ()
        if self.mode is SharingMode.ALWAYS or (self.mode is SharingMode.WHILE_OUT and not safe):
            items = (SharedData.LOCATION,)
        elif self.mode is SharingMode.ON_FAILURE and failed and not safe:
            items = self.on_failure
        return Disclosure(
            items=items, precision=self.precision if SharedData.LOCATION in items else None
        )


class TimeWindow(Record):
    """A daily window of local time, ``[start, end)``; it may run past midnight."""

    start: LocalTime = Field(description="The local time the window starts, as 'HH:MM'.")
    end: LocalTime = Field(
        description="The local time the window ends, as 'HH:MM' "
        "(before the start when it runs past midnight)."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> "TimeWindow":
        if self.start == self.end:
            raise ValueError("start and end are the same time: the window is empty")
        return self

    def contains(self, moment: time) -> bool:
        """Whether the local clock time ``moment`` is inside the window."""
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class DarknessRule(StrEnum):
    """How a policy decides what counts as after dark."""

    SUN = "sun"
    """Dark from civil dusk to civil dawn at the child's place and date (the default): the
    app's place, else the reference place of the family's time zone; the policy's
    ``dark_hours``, when it has them, only where neither is known."""
    HOURS = "hours"
    """The policy's own ``dark_hours``, whatever the sun does."""


class DarknessBasis(StrEnum):
    """Which rule decided whether it is dark."""

    SUN_AT_PLACE = "sun-at-place"
    """The sun at the place the app gave."""
    SUN_AT_ZONE = "sun-at-zone"
    """The sun at the reference place of the time zone (the tz database's ``zone1970.tab``)."""
    POLICY_HOURS = "policy-hours"
    """The policy fixes its own hours (``darkness: hours``)."""
    FALLBACK_HOURS = "fallback-hours"
    """The sun was wanted but no place was known (a zone such as ``UTC``): the policy's
    ``dark_hours``."""
    ASSUMED_DARK = "assumed-dark"
    """No place and no hours: judged dark, the side on which no safety step comes later."""


class Darkness(BaseModel):
    """Whether it is dark at an instant, and which rule decided (the answer of a check-in
    policy's darkness_at)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    dark: bool = Field(description="Whether it is dark at that instant.")
    basis: DarknessBasis = Field(
        description="Which rule decided: the sun at the app's place, the sun at the zone's "
        "reference place, or the policy's own hours."
    )
    place: Place | None = Field(
        default=None,
        description="The place whose sun decided (sun-at-place and sun-at-zone only); null "
        "for the policy's own hours.",
    )


#: How long before the due time a check-in counts, unless a policy says otherwise (minutes).
DEFAULT_WINDOW_MINUTES: Final = 120
#: The longest window a policy may set: half a day, so that a check-in from the day before can
#: never count for today's, whatever the policy.
MAX_WINDOW_MINUTES: Final = 12 * 60


class CheckInPolicy(Record):
    """How a child stays in touch while away, and what to do if a check-in is missed."""

    id: Id = Field(description="The policy's id: stable, and unique among the check-in policies.")
    title: Text = Field(description="The policy's name, shown to people.")
    summary: Text = Field(description="What the policy is for, in a sentence or two.")
    triggers: tuple[Trigger, ...] = Field(description="When the child checks in.", min_length=1)
    channels: tuple[Channel, ...] = Field(
        description="How the child checks in (message, call, app).", min_length=1
    )
    grace_minutes: WholeNumber = Field(
        ge=0, le=240, description="Minutes after the due time before a check-in counts as missed."
    )
    window_minutes: WholeNumber = Field(
        default=DEFAULT_WINDOW_MINUTES,
        ge=0,
        le=MAX_WINDOW_MINUTES,
        description=(
            "How long before the due time a check-in starts to count for it (minutes). "
            "An earlier check-in belongs to another outing and never resolves this one. "
            "Default 120: room for an early arrival on any everyday journey, while a check-in "
            "from the day before, or from the morning for an evening check-in, never counts."
        ),
    )
    acknowledge_hold_minutes: WholeNumber = Field(
        default=15,
        ge=0,
        le=60,
        description=(
            "In a check-in session: once the child acknowledges ('still on my way'), how long "
            "safety steps wait before the escalation goes on (minutes). Default 15, about the "
            "time that personal safety check-in features give before telling a contact."
        ),
    )
    max_added_minutes: WholeNumber = Field(
        default=60,
        ge=0,
        le=240,
        description=(
            "In a check-in session: the most time the child may add to the due time, in all "
            "(minutes). Default 60: a missed bus or a match running late; anything longer is "
            "a new plan, agreed with a grown-up (plan-changed)."
        ),
    )
    location: LocationSharing = Field(description="How location is shared while the child is out.")
    min_age: AgeText | None = Field(
        default=None,
        description=(
            "The youngest child the policy is for (such as '13y' for a teenagers' policy). A "
            "check-in session refuses a younger child; without it the policy is for every age, "
            "and a session needs the child's age, so that a young child gets the young-child "
            "conditions."
        ),
    )
    contexts: tuple[Context, ...] = Field(
        description="The situations the policy is meant for (travel, social time, late night).",
        min_length=1,
    )
    escalation: Id = Field(
        description="The escalation policy (id) to follow when a check-in is missed."
    )
    darkness: DarknessRule = Field(
        default=DarknessRule.SUN,
        description=(
            "What counts as after dark: ``sun`` (the default) is from civil dusk to civil dawn "
            "at the child's place and date; ``hours`` is the policy's own ``dark_hours``."
        ),
    )
    dark_hours: TimeWindow | None = Field(
        default=None,
        description=(
            "Local hours that count as after dark: the rule itself with ``darkness: hours``; "
            "with ``darkness: sun``, the hours used only where no place is known."
        ),
    )
    timezone: str | None = Field(
        default=None,
        description="IANA time zone for ``dark_hours`` (the caller's zone is used when absent).",
    )
    privacy_note: Text | None = Field(
        default=None, description="How the policy respects the child's privacy."
    )

    @model_validator(mode="after")
    def _hours_for_hours(self) -> "CheckInPolicy":
        if self.darkness is DarknessRule.HOURS and self.dark_hours is None:
            raise ValueError("darkness: hours needs dark_hours (such as 19:00 to 07:00)")
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            iana_zone(value)
        return value

    def is_after_dark(self, moment: datetime, tz: tzinfo | None = None) -> bool:
        """Whether the aware ``moment`` falls in :attr:`dark_hours`.

        The clock read is the policy's own :attr:`timezone` when it has one, else ``tz`` (the
        caller's zone) when given, else the zone ``moment`` carries. This is the one rule for
        "after dark"; the escalation engine asks it too.
        """
        if moment.tzinfo is None:
            raise ValueError("moment must be timezone-aware")
        if self.dark_hours is None:
            return False
        if self.timezone is not None:
            zone: tzinfo | None = ZoneInfo(self.timezone)
        else:
            zone = tz if tz is not None else moment.tzinfo
        return self.dark_hours.contains(moment.astimezone(zone).time())

    def darkness_at(
        self,
        instant: datetime,
        zone: str | tzinfo | None = None,
        place: Place | None = None,
    ) -> Darkness:
        """Whether it is after dark at the aware ``instant``, and which rule decided.

        ``zone`` is the family's time zone (an IANA name or a ``tzinfo``; the instant's own
        zone when absent), ``place`` where the child is, when the app knows. With
        ``darkness: hours`` the policy's :attr:`dark_hours` decide, read as
        :meth:`is_after_dark` reads them. With ``darkness: sun`` (the default) it is dark from
        civil dusk to civil dawn (:func:`independence.sun.is_dark`) at ``place``, else at the
        reference place of ``zone``, of the instant's zone or of the policy's
        :attr:`timezone`, the first known; where none is known (``UTC``, a fixed offset), the
        policy's :attr:`dark_hours` decide, and without them it is judged dark, the side on
        which no safety step comes later.
        """
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError("instant must be timezone-aware")
        family = _zone(zone)
        if self.darkness is DarknessRule.HOURS:
            return Darkness(
                dark=self.is_after_dark(instant, family), basis=DarknessBasis.POLICY_HOURS
            )
        if place is not None:
            return Darkness(
                dark=is_dark(instant, place), basis=DarknessBasis.SUN_AT_PLACE, place=place
            )
        for candidate in (family, instant.tzinfo, self.timezone):
            reference = zone_place(candidate)
            if reference is not None:
                return Darkness(
                    dark=is_dark(instant, reference),
                    basis=DarknessBasis.SUN_AT_ZONE,
                    place=reference,
                )
        if self.dark_hours is not None:
            return Darkness(
                dark=self.is_after_dark(instant, family), basis=DarknessBasis.FALLBACK_HOURS
            )
        return Darkness(dark=True, basis=DarknessBasis.ASSUMED_DARK)


def _zone(zone: str | tzinfo | None) -> tzinfo | None:
    """A ``tzinfo`` from an IANA name, a ``tzinfo`` or ``None``; a ``ValueError`` for a bad name."""
    if zone is None:
        return zone
    return resolve_zone(zone)
