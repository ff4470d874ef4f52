"""A child's age, in whole months, from birth up to (not including) 18 years."""

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "CORRECTED_UNTIL_MONTHS",
    "MAX_MONTHS",
    "Age",
    "AgeText",
    "check_due_date",
    "months_of",
    "shared_age",
]

#: Ages are whole months in ``[0, MAX_MONTHS)``: under 18 years.
MAX_MONTHS: Final = 216
#: Corrected age for prematurity applies until this chronological age, in months (2 years).
CORRECTED_UNTIL_MONTHS: Final = 24
#: A due date later than this many days after the birth is refused as a likely mistake
#: (20 weeks early: earlier births are outside what corrected age is meant for).
MAX_DAYS_EARLY: Final = 140
#: A due date more than this many days before the birth is refused as a likely mistake:
#: pregnancy is post-term from 42 weeks, and induction is advised by then or soon after
#: (AAFP, "Common Questions About Late-Term and Postterm Pregnancy", 2014,
#: https://www.aafp.org/afp/2014/0801/p160.html), so a birth four weeks past the due date
#: (44 weeks) is already far outside usual care.
MAX_DAYS_LATE: Final = 28

_RANGE = "ages run from 0y to 17y11m (under 18 years)"
_NUMBER = r"(?:0|[1-9][0-9]{0,3})"
_TEXT = re.compile(rf"(?:(?P<y>{_NUMBER})y)?(?:(?P<m>{_NUMBER})m)?")
#: The exact form of an age in data files (and in the JSON Schema): years 0-17 with months 0-11,
#: or months alone, 0-215. No leading zeros, always with a unit.
AGE_PATTERN: Final = (
    r"^(?:(?:1[0-7]|[0-9])y(?:(?:1[01]|[0-9])m)?"
    r"|(?:21[0-5]|20[0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])m)$"
)
_DATA_AGE = re.compile(AGE_PATTERN)


class Age(BaseModel):
    """An age in whole years and months, for example ``Age(years=7, months=6)``.

    Build one from years and months, from text (:meth:`parse`: ``"7y6m"``, ``"7y"``, ``"90m"``,
    ``"7"``), from a month count (:meth:`from_months`) or from a birth date
    (:meth:`from_birthdate`). Ages are ordered, hashable and immutable; ``str(age)`` is the
    text form (``"7y6m"``). Anything at or over 18 years, or negative, is a ``ValueError``.

    An age serialises as that same text everywhere: ``age.model_dump()`` and
    ``age.model_dump(mode="json")`` are ``"7y6m"``, inside other models too, and its JSON Schema
    is a string. It reads back from that text (or from ``{"years": 7, "months": 6}``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)

    years: int = Field(ge=0, le=17, description="Whole years, 0 to 17.")
    months: int = Field(default=0, ge=0, le=11, description="Months past the last birthday.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            parsed = cls.parse(value)
            return {"years": parsed.years, "months": parsed.months}
        return value

    @model_serializer(mode="plain")
    def _as_text(self) -> str:
        return str(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: "CoreSchema", handler: "GetJsonSchemaHandler"
    ) -> "JsonSchemaValue":
        return {
            "type": "string",
            "title": "Age",
            "description": "An age under 18 as text: '7y6m', '7y' or '90m'.",
            "examples": ["7y6m"],
        }

    @property
    def total_months(self) -> int:
        """The age as a whole number of months (``Age(years=7, months=6).total_months == 90``)."""
        return self.years * 12 + self.months

    @classmethod
    def from_months(cls, total_months: int) -> "Age":
        """The age of ``total_months`` whole months (0 to 215)."""
        if isinstance(total_months, bool) or not isinstance(total_months, int):
            raise TypeError(f"an age in months is a whole number, not {total_months!r}")
        if not 0 <= total_months < MAX_MONTHS:
            raise ValueError(f"{total_months} months is out of range: {_RANGE}")
        years, months = divmod(total_months, 12)
        return cls.model_construct(years=years, months=months)  # in range: checked above

    @classmethod
    def parse(cls, text: str) -> "Age":
        """Read ``"7y6m"``, ``"7y"``, ``"90m"`` or a bare number of years such as ``"7"``.

        Months after years must be 0 to 11 (``"7y12m"`` is refused rather than read as 8y).
        """
        if not isinstance(text, str):
            raise TypeError(f"Age.parse() takes text such as '7y6m', not {type(text).__name__}")
        stripped = text.strip()
        if re.fullmatch(_NUMBER, stripped):
            return cls._checked(int(stripped), 0, text)
        match = _TEXT.fullmatch(stripped)
        if not stripped or match is None:
            raise ValueError(
                f"cannot read {text!r} as an age: write years and months as '7y6m', '7y' or '90m'"
            )
        years = int(match["y"]) if match["y"] is not None else None
        months = int(match["m"]) if match["m"] is not None else 0
        if years is None:
            if months >= MAX_MONTHS:
                raise ValueError(f"{text!r} is out of range: {_RANGE}")
            return cls.from_months(months)
        if months > 11:
            raise ValueError(f"{text!r}: months after the years must be 0 to 11")
        return cls._checked(years, months, text)

    @classmethod
    def _checked(cls, years: int, months: int, text: str) -> "Age":
        if years > 17:
            raise ValueError(f"{text!r} is out of range: {_RANGE}")
        if not 0 <= months <= 11:  # pragma: no cover - the callers' patterns make this unreachable
            raise ValueError(f"{text!r}: months after the years must be 0 to 11")
        return cls.model_construct(years=years, months=months)  # in range: checked here

    @classmethod
    def from_birthdate(
        cls, birth: date, *, on: date | None = None, due: date | None = None
    ) -> "Age":
        """The age in whole months of a child born on ``birth``, on the day ``on`` (today).

        A month is complete on the same day of the month as the birth day (a child born on
        31 January is one month old on the last day of February). A birth date after ``on`` is a
        ``ValueError``, and so is an age of 18 years or more.

        ``due`` is the date the child was due. For a child born early (``due`` after ``birth``)
        the answer is the *corrected* age until the child is 24 months old by the calendar:
        the age counted from the due date, which is the chronological age with the time born
        early taken off (never below 0). From 24 months on it is the chronological age, as
        paediatric practice does. A child born on or after the due date is not corrected. A
        due date more than 20 weeks after the birth, or more than 4 weeks before it, is a
        ``ValueError`` (most likely a typo: see :func:`check_due_date`).

        >>> from datetime import date
        >>> Age.from_birthdate(date(2025, 1, 10), on=date(2026, 1, 10), due=date(2025, 3, 10))
        Age(years=0, months=10)
        """
        reference = date.today() if on is None else on
        for name, value in (("birth", birth), ("on", reference)):
            if not isinstance(value, date):
                raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
        if due is not None and not isinstance(due, date):
            raise TypeError(f"due must be a datetime.date or None, not {type(due).__name__}")
        if birth > reference:
            raise ValueError(f"birth date {birth.isoformat()} is after {reference.isoformat()}")
        total = _whole_months(birth, reference)
        if total >= MAX_MONTHS:
            raise ValueError(
                f"born {birth.isoformat()}, the child is 18 or older on {reference.isoformat()}: "
                f"{_RANGE}"
            )
        if due is not None:
            check_due_date(birth, due)
        if due is not None and due > birth and total < CORRECTED_UNTIL_MONTHS:
            total = _whole_months(due, reference) if due <= reference else 0
        return cls.from_months(total)

    def __str__(self) -> str:
        if self.months == 0:
            return f"{self.years}y"
        return f"{self.years}y{self.months}m"

    # Each comparison by months, directly: ``functools.total_ordering`` would make ``<=`` and
    # ``>`` call pydantic's ``==``, which compares every field and is many times slower.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Age):
            return NotImplemented
        return self.years * 12 + self.months < other.years * 12 + other.months

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Age):
            return NotImplemented
        return self.years * 12 + self.months <= other.years * 12 + other.months

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Age):
            return NotImplemented
        return self.years * 12 + self.months > other.years * 12 + other.months

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Age):
            return NotImplemented
        return self.years * 12 + self.months >= other.years * 12 + other.months


def check_due_date(birth: date, due: date) -> None:
    """A ``ValueError`` when ``due`` cannot be the due date of a child born on ``birth``.

    More than 20 weeks after the birth (earlier births are outside what corrected age is for),
    or more than 4 weeks before it (a birth past 44 weeks is far outside usual care): most
    likely a typo in one of the two dates.
    """
    if (due - birth).days > MAX_DAYS_EARLY:
        raise ValueError(
            f"due date {due.isoformat()} is more than 20 weeks after the birth "
            f"({birth.isoformat()}): check the dates"
        )
    if (birth - due).days > MAX_DAYS_LATE:
        raise ValueError(
            f"due date {due.isoformat()} is more than 4 weeks before the birth "
            f"({birth.isoformat()}): check the dates"
        )


def _whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (``start <= end``)."""
    total = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and not _is_last_day(end):
        total -= 1
    return total


def _is_last_day(day: date) -> bool:
    return (day.toordinal() + 1) == date(
        day.year + (day.month == 12), day.month % 12 + 1, 1
    ).toordinal()


#: One shared :class:`Age` per age text read from data: ages are immutable, and a large
#: catalogue names the same few hundred ages again and again (two per record), so sharing them
#: saves the allocations and the collector's work. Only texts that match :data:`AGE_PATTERN`
#: are kept, so it holds at most 432 entries (216 ages, each written in years or in months).
_SHARED: dict[str, Age] = {}


def _age_from_data(value: Any) -> Any:
    if isinstance(value, Age):
        return value
    if not isinstance(value, str):
        raise ValueError("write an age as text such as '7y6m', '7y' or '90m'")
    found = _SHARED.get(value)
    if found is not None:
        return found
    if _DATA_AGE.fullmatch(value) is None:
        Age.parse(value)  # raises the most specific message it can
        raise ValueError(f"write {value!r} as '7y6m', '7y' or '90m' (a unit, no leading zeros)")
    found = _SHARED[value] = Age.parse(value)
    return found


def shared_age(text: str) -> Age:
    """The one shared :class:`Age` of an age text from data (``"7y6m"``), as an age field reads
    it; a ``ValueError`` for text that is not a data age."""
    found: Age = _age_from_data(text)
    return found


#: An age field in data files: text such as ``"7y6m"`` in YAML and JSON, an :class:`Age` in Python.
AgeText = Annotated[
    Age,
    BeforeValidator(_age_from_data),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": AGE_PATTERN,
            "description": "An age under 18: '7y6m', '7y' or '90m'.",
        }
    ),
]


def months_of(age: Age | int) -> int:
    """The whole months of ``age``: an :class:`Age`, or a whole number of years (``8`` is 96).

    The one range check of an age given as years, with the same message as :class:`Age`'s.
    """
    if isinstance(age, Age):
        return age.total_months
    if isinstance(age, bool) or not isinstance(age, int):
        raise TypeError(f"an age is an Age or a whole number of years, not {age!r}")
    if not 0 <= age * 12 < MAX_MONTHS:
        raise ValueError(f"age {age} is out of range: {_RANGE}")
    return age * 12
