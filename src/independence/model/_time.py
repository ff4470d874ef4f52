"""Local clock times written as ``"HH:MM"`` in data files."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

__all__ = ["LocalTime"]

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
