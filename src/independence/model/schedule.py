"""Recurring check-ins: "every school day at 15:30", "Saturdays at 22:00"."""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from pydantic import Field, field_validator, model_validator

from independence.clock import local_instant, resolve_zone
from independence.model._time import LocalDate, LocalTime
from independence.model.base import Id, Record, Text

__all__ = ["MAX_OCCURRENCES", "MAX_SKIPPED", "SCHOOL_DAYS", "Schedule", "Weekday"]


class Weekday(StrEnum):
    """A day of the week, as written in data."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday 0 to Sunday 6, as :meth:`datetime.date.weekday` counts."""
        return list(Weekday).index(self)


#: Monday to Friday: "every school day" (holidays are ``skip`` dates or an ``ends`` date).
SCHOOL_DAYS: Final = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
#: The most occurrences one call gives.
MAX_OCCURRENCES: Final = 1000
#: The most skipped dates a schedule lists (about three years of days).
MAX_SKIPPED: Final = 1100


class Schedule(Record):
    """A check-in that recurs: days of the week at a local time, in a time zone.

    Each occurrence is the due time of one check-in session under the policy ``check_in``.
    Times follow :func:`independence.clock.local_instant` across clock changes: a time the
    clocks skip in spring comes as much later as the skip, a time they repeat in autumn comes
    once, the first time.
    """

    id: Id = Field(description="Stable kebab-case id of the schedule.")
    title: Text = Field(description="What the check-in is, in a few words.")
    check_in: Id = Field(description="The check-in policy (id) each occurrence follows.")
    days: tuple[Weekday, ...] = Field(
        min_length=1, max_length=7, description="The days of the week, such as [mon, tue]."
    )
    at: LocalTime = Field(description="The local clock time of the due time, such as '15:30'.")
    timezone: str = Field(
        max_length=100, description="The IANA time zone of ``at``, such as Europe/London."
    )
    starts: LocalDate | None = Field(default=None, description="The first date it may occur.")
    ends: LocalDate | None = Field(default=None, description="The last date it may occur.")
    skip: tuple[LocalDate, ...] = Field(
        default=(),
        max_length=MAX_SKIPPED,
        description="Dates on which it does not occur (holidays, a day off school).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        resolve_zone(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Schedule":
        if len(set(self.days)) != len(self.days):
            raise ValueError("days names the same day twice")
        if self.starts is not None and self.ends is not None and self.ends < self.starts:
            raise ValueError(f"ends ({self.ends}) is before starts ({self.starts})")
        if len(set(self.skip)) != len(self.skip):
            raise ValueError("skip lists the same date twice")
        return self

    def occurs_on(self, day: date) -> bool:
        """Whether the schedule has an occurrence on the local date ``day``."""
        if self.starts is not None and day < self.starts:
            return False
        if self.ends is not None and day > self.ends:
            return False
        return day.weekday() in {weekday.number for weekday in self.days} and day not in set(
            self.skip
        )

    def next_occurrences(self, after: datetime, count: int = 1) -> tuple[datetime, ...]:
        """The next ``count`` due times strictly after the aware ``after``, in the schedule's zone.

        Fewer (or none) once ``ends`` is reached. ``count`` is between 1 and
        :data:`MAX_OCCURRENCES`; the search is bounded by the schedule's own size, whatever
        the dates.
        """
        if after.tzinfo is None or after.utcoffset() is None:
            raise ValueError("after must be timezone-aware")
        if not 1 <= count <= MAX_OCCURRENCES:
            raise ValueError(f"count must be between 1 and {MAX_OCCURRENCES}, not {count}")
        zone = resolve_zone(self.timezone)
        # from the day before: a late time moved forward over midnight by a clock change
        # belongs to the day before the one it falls on
        day = max(after.astimezone(zone).date(), date.min + timedelta(days=1)) - timedelta(days=1)
        if self.starts is not None and day < self.starts:
            day = self.starts
        weekdays = {weekday.number for weekday in self.days}
        skipped = set(self.skip)
        # every week has at least one matching day, so this many days always yield ``count``
        # occurrences unless the schedule ends first
        budget = 7 * (count + len(skipped) + 1)
        found: list[datetime] = []
        for _ in range(budget):
            if self.ends is not None and day > self.ends:
                break
            if day.weekday() in weekdays and day not in skipped:
                due = local_instant(day, self.at, zone)
                if due > after:
                    found.append(due)
                    if len(found) == count:
                        break
            if day == date.max:
                break
            day += timedelta(days=1)
        return tuple(found)
