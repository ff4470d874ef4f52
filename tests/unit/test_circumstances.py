"""Circumstances: the one frozen value that decides an escalation's conditions (issue #26)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

import independence
from independence import Age
from independence.escalation import Circumstances, Place
from independence.escalation.engine import timeline
from independence.model import RiskLevel

DUE = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)


def test_nothing_known_by_default_is_what_no_circumstances_gives() -> None:
    catalog = independence.default_catalog()
    policy = catalog.lookup("walk-to-school", kind="check_in_policies")
    escalation = catalog.lookup(policy.escalation, kind="escalation_policies")
    assert Circumstances() == Circumstances(
        after_dark=None, age=None, risk=None, tz=None, vulnerable=False, place=None
    )
    assert timeline(policy, escalation, DUE) == timeline(policy, escalation, DUE, Circumstances())


def test_it_is_frozen_and_compares_by_value() -> None:
    known = Circumstances(age=Age.parse("9y"), risk="high")
    with pytest.raises(ValidationError):
        known.age = Age.parse("10y")  # type: ignore[misc]
    assert known == Circumstances(age=Age(years=9), risk=RiskLevel.HIGH)
    assert hash(known) == hash(Circumstances(age=Age(years=9), risk=RiskLevel.HIGH))


def test_a_zone_is_kept_as_its_iana_name() -> None:
    assert Circumstances(tz=ZoneInfo("Europe/London")).tz == "Europe/London"
    assert Circumstances(tz="Europe/London") == Circumstances(tz=ZoneInfo("Europe/London"))


@pytest.mark.parametrize("offset", [UTC, timezone(timedelta(hours=1))])
def test_a_fixed_offset_is_not_a_family_zone(offset: timezone) -> None:
    # a bare offset has no reference place and no clock changes: after dark needs a real zone
    with pytest.raises(ValueError, match="an IANA zone name or a ZoneInfo"):
        Circumstances(tz=offset)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"risk": "hgh"}, "risk: risk must be one of low, moderate, high, not 'hgh'"),
        ({"tz": "Mars/Base"}, "tz: unknown time zone 'Mars/Base' (use an IANA name)"),
        ({"tz": "../etc/passwd"}, "use an IANA name"),
    ],
)
def test_a_mistake_is_one_line_naming_the_field(given: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        Circumstances(**given)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_it_round_trips_through_json() -> None:
    known = Circumstances(
        after_dark=False,
        age=Age.parse("7y6m"),
        risk="moderate",
        tz="Australia/Sydney",
        vulnerable=True,
        place=Place(latitude=-33.87, longitude=151.21),
    )
    assert Circumstances.model_validate_json(known.model_dump_json()) == known
