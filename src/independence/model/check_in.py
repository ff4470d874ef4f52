"""Check-in policies: how a child away from home stays in touch."""

from __future__ import annotations

import re
from datetime import datetime, time, tzinfo
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from independence.model._time import LocalTime
from independence.model.base import Flag, Id, Record, Text, WholeNumber

__all__ = [
    "DEFAULT_WINDOW_MINUTES",
    "MAX_WINDOW_MINUTES",
    "Channel",
    "CheckInPolicy",
    "Context",
    "LocationSharing",
    "PauseRole",
    "Precision",
    "SharingMode",
    "TimeWindow",
    "Trigger",
    "TriggerKind",
    "iana_zone",
]


#: Names the time zone database holds that are not IANA zones: the machine's own zone
#: (``localtime``, whatever it is set to), the rules file and the placeholder zone.
_NOT_ZONES: Final = frozenset({"localtime", "posixrules", "Factory"})
_ZONE_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def iana_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/London``, ``UTC``); anything else is a
    ``ValueError``: a path, ``localtime`` (the machine's own zone, which differs from machine
    to machine), ``posixrules``, ``Factory``, or the ``posix/`` and ``right/`` copies."""
    if (
        not isinstance(name, str)
        or name in _NOT_ZONES
        or not _ZONE_NAME.fullmatch(name)
        or name.startswith(("posix/", "right/"))
    ):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name)") from None


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

    kind: TriggerKind
    description: Text = Field(description="What the child does, in plain words.")
    at: LocalTime | None = Field(
        default=None, description="Clock time, for ``fixed-time`` triggers only."
    )
    every_minutes: WholeNumber | None = Field(
        default=None, ge=5, le=720, description="Interval, for ``interval`` triggers only."
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Trigger:
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

    mode: SharingMode
    precision: Precision = Field(default=Precision.PRECISE)
    pausable: Flag = Field(
        default=False, description="Whether sharing may be paused when it is not needed."
    )
    paused_by: tuple[PauseRole, ...] = Field(default=(), description="Who may pause it.")
    max_pause_minutes: WholeNumber | None = Field(
        default=None,
        ge=5,
        le=24 * 60,
        description="Longest pause before sharing resumes by itself; ``None`` means no limit.",
    )

    @model_validator(mode="after")
    def _pause_rules(self) -> LocationSharing:
        if self.mode is SharingMode.OFF and self.pausable:
            raise ValueError("sharing that is off cannot be pausable")
        if self.pausable and not self.paused_by:
            raise ValueError("a pausable policy must say who may pause (paused_by)")
        if not self.pausable and (self.paused_by or self.max_pause_minutes is not None):
            raise ValueError("paused_by and max_pause_minutes need pausable: true")
        return self


class TimeWindow(Record):
    """A daily window of local time, ``[start, end)``; it may run past midnight."""

    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _not_empty(self) -> TimeWindow:
        if self.start == self.end:
            raise ValueError("start and end are the same time: the window is empty")
        return self

    def contains(self, moment: time) -> bool:
        """Whether the local clock time ``moment`` is inside the window."""
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


#: How long before the due time a check-in counts, unless a policy says otherwise (minutes).
DEFAULT_WINDOW_MINUTES: Final = 120
#: The longest window a policy may set: half a day, so that a check-in from the day before can
#: never count for today's, whatever the policy.
MAX_WINDOW_MINUTES: Final = 12 * 60


class CheckInPolicy(Record):
    """How a child stays in touch while away, and what to do if a check-in is missed."""

    id: Id
    title: Text
    summary: Text
    triggers: tuple[Trigger, ...] = Field(min_length=1)
    channels: tuple[Channel, ...] = Field(min_length=1)
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
    location: LocationSharing
    contexts: tuple[Context, ...] = Field(min_length=1)
    escalation: Id = Field(
        description="The escalation policy (id) to follow when a check-in is missed."
    )
    dark_hours: TimeWindow | None = Field(
        default=None,
        description="Local hours that count as after dark for this policy.",
    )
    timezone: str | None = Field(
        default=None,
        description="IANA time zone for ``dark_hours`` (the caller's zone is used when absent).",
    )
    privacy_note: Text | None = Field(
        default=None, description="How the policy respects the child's privacy."
    )

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
