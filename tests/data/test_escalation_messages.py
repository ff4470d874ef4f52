"""A step message that names a number of minutes must stay true when conditions scale the delays.

Conditions (after dark, a young or vulnerable child, high risk) shorten every delay and repeat
interval, so "try again in five minutes" can be wrong: after dark the standard check repeats
the call after 2 minutes. For every shipped policy, every combination of conditions and every
step whose message names a number of minutes, that number must be the time from that step to
the next thing that happens (its own repeat, or else the next step) on the timeline.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest

import independence
from independence import Age
from independence.escalation import Circumstances
from independence.escalation.engine import timeline
from independence.model import EscalationPolicy, RiskLevel

NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90}
MINUTES = re.compile(
    r"\b(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")[ -]minutes?\b",
    re.IGNORECASE,
)
DUE = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
# after_dark, age, risk, vulnerable: each on or off, so every combination of conditions
SWITCHES = list(itertools.product((False, True), repeat=4))


def named_minutes(message: str) -> list[int]:
    """The numbers of minutes a message names ("five minutes", "10 minutes")."""
    return [
        int(found) if found.isdigit() else NUMBERS[found.lower()]
        for found in MINUTES.findall(message)
    ]


def test_the_reader_finds_minutes_in_words_and_digits() -> None:
    assert named_minutes("Call the child; if there is no answer, try again in five minutes.") == [5]
    assert named_minutes("Wait 10 minutes, then a fifteen-minute walk") == [10, 15]
    assert named_minutes("Call again shortly, a few minutes apart.") == []


def _gaps(policy: EscalationPolicy) -> list[tuple[int, str, int, int]]:
    """(step number, message, minutes named, minutes to the next firing) for every case."""
    check_in = independence.default_catalog().check_in_policies[0]
    found: list[tuple[int, str, int, int]] = []
    for dark, young, risky, vulnerable in SWITCHES:
        line = timeline(
            check_in,
            policy,
            DUE,
            Circumstances(
                after_dark=dark,
                age=Age.parse("8y") if young else Age.parse("15y"),
                risk=RiskLevel.HIGH if risky else RiskLevel.LOW,
                vulnerable=vulnerable,
            ),
        )
        for index, fired in enumerate(line.steps):
            if fired.occurrence:
                continue
            named = named_minutes(fired.message)
            if not named:
                continue
            later = [s for s in line.steps[index + 1 :] if s.at > fired.at or s.step != fired.step]
            own = [s for s in later if s.step == fired.step]
            following = own[0] if own else (later[0] if later else None)
            assert following is not None, f"{policy.id} step {fired.step} names minutes but ends"
            gap = int((following.at - fired.at).total_seconds() // 60)
            found.extend((fired.step, fired.message, n, gap) for n in named)
    return found


@pytest.mark.parametrize(
    "policy", independence.default_catalog().escalation_policies, ids=lambda p: p.id
)
def test_no_step_message_names_minutes_that_scaling_makes_wrong(policy: EscalationPolicy) -> None:
    wrong = {
        (step, message, named, gap) for step, message, named, gap in _gaps(policy) if named != gap
    }
    assert not wrong, f"{policy.id}: a message names minutes the timeline does not keep: {wrong}"
