"""Local clock times (``"HH:MM"``) and dates (``"YYYY-MM-DD"``) as written in data files."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

__all__ = ["LocalDate", "LocalTime"]

_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
_CLOCK = re.compile(_PATTERN)


def _parse(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or _CLOCK.fullmatch(value) is None:
        raise ValueError(f"write a clock time as quoted 'HH:MM' (such as '21:30'), not {value!r}")
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


#: A local time of day: ``"21:30"`` in data, :class:`datetime.time` in Python.
LocalTime = Annotated[
    time,
    BeforeValidator(_parse),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": _PATTERN, "description": "A local time, 'HH:MM'."}
    ),
]


_DATE_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
_DATE = re.compile(_DATE_PATTERN)


def _parse_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        raise ValueError(
            f"write a date as quoted 'YYYY-MM-DD' (such as '2026-09-01'), not {value!r}"
        )
    return date.fromisoformat(value)


#: A calendar date: ``"2026-09-01"`` (quoted) in data, :class:`datetime.date` in Python.
LocalDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": _DATE_PATTERN, "description": "A date, 'YYYY-MM-DD'."}
    ),
]
