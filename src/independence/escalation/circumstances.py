"""The circumstances of one outing that decide an escalation's conditions."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, ValidationError, field_validator

from independence.age import Age
from independence.errors import one_line
from independence.model.base import Record
from independence.model.check_in import iana_zone
from independence.model.responsibility import RiskLevel, RiskLevelName
from independence.sun import Place

__all__ = ["Circumstances", "risk_level"]


def risk_level(risk: RiskLevel | RiskLevelName | str | None) -> RiskLevel | None:
    """``risk`` as a :class:`RiskLevel` (``None`` stays ``None``).

    Anything else is a ``ValueError`` naming the levels: a misspelt ``"hgh"`` must never quietly
    leave out the high-risk condition, which shortens every delay.
    """
    if risk is None or isinstance(risk, RiskLevel):
        return risk
    try:
        return RiskLevel(risk)
    except ValueError:
        levels = ", ".join(level.value for level in RiskLevel)
        raise ValueError(f"risk must be one of {levels}, not {risk!r}") from None


class Circumstances(Record):
    """What the family knows about one outing that changes how fast an escalation runs.

    One frozen value for an escalation timeline (the engine's or a catalogue's) and for a
    check-in session, which keeps it. With nothing given (the default everywhere) it knows
    nothing: after dark judged at each step, no age, no risk level, not marked vulnerable, the
    zone of the due time, no place.

    >>> Circumstances(age=Age.parse("9y"), risk="high").risk
    <RiskLevel.HIGH: 'high'>
    """

    after_dark: bool | None = Field(
        default=None,
        description=(
            "Force the after-dark condition on or off; empty: decided for each step at the "
            "instant it fires, by the check-in policy's darkness rule (the sun at the child's "
            "place, or the policy's own hours)."
        ),
    )
    """``True`` or ``False`` forces the after-dark condition for every step; ``None`` judges
    each step at the instant it fires (:meth:`~independence.model.CheckInPolicy.darkness_at`)."""
    age: Age | None = Field(
        default=None,
        description=(
            "The child's age. Needed when the check-in policy is for children under 12 too, so "
            "that a young child gets the young-child conditions."
        ),
    )
    """The child's age: younger than 12 years applies the young-child condition."""
    risk: RiskLevel | None = Field(default=None, description="The item's risk level.")
    """The item's risk level (a level or its name): ``high`` applies the high-risk condition;
    a misspelt name is a ``ValueError`` naming the levels."""
    tz: str | None = Field(
        default=None,
        description=(
            "The family's IANA zone for after dark: its reference place gives the sun when no "
            "place is known, and the check-in policy's dark hours are read in it when the "
            "policy has no zone of its own; the session's zone when empty."
        ),
    )
    """The family's IANA zone (a name, or a :class:`~zoneinfo.ZoneInfo`, kept as its name)
    for after dark; ``None``: the zone of the due time."""
    vulnerable: bool = Field(
        default=False, description="Whether the family marks the child for the faster path."
    )
    """Whether the family marks a child who needs the faster path (the vulnerable-child
    condition), such as a child with additional needs."""
    place: Place | None = Field(
        default=None,
        description=(
            "Where the child is (latitude and longitude), when the app knows: after dark is "
            "judged from the sun there; empty: at the reference place of the family's zone."
        ),
    )
    """Where the child is, when the app knows: after dark from the sun there."""

    def __init__(
        self,
        *,
        after_dark: bool | None = None,
        age: Age | None = None,
        risk: RiskLevel | RiskLevelName | None = None,
        tz: str | ZoneInfo | None = None,
        vulnerable: bool = False,
        place: Place | None = None,
    ) -> None:
        # written out so that type checkers see each field's type, a level's name included
        values = {
            "after_dark": after_dark,
            "age": age,
            "risk": risk,
            "tz": tz,
            "vulnerable": vulnerable,
            "place": place,
        }
        try:
            BaseModel.__init__(self, **values)
        except ValidationError as error:  # one line naming the field, as the engine's refusals
            raise ValueError(one_line(error)) from None

    @field_validator("risk", mode="before")
    @classmethod
    def _known_risk(cls, value: Any) -> Any:
        return risk_level(value) if isinstance(value, str) else value

    @field_validator("tz", mode="before")
    @classmethod
    def _iana_zone(cls, value: Any) -> Any:
        if isinstance(value, ZoneInfo):
            return value.key
        if isinstance(value, tzinfo):
            raise ValueError(
                f"tz must be an IANA zone name or a ZoneInfo, not {value!r}: a fixed offset "
                "has no sunset and no clock changes"
            )
        return value

    @field_validator("tz", mode="after")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            iana_zone(value)  # the one rule for zone names: an unknown one is a ValueError
        return value
