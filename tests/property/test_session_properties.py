"""Issue 22's two properties of check-in sessions, on random event sequences.

(a) For every sequence of events with no arrival and no grown-up's stand-down, a young child's
session reaches the emergency step by a bound reckoned here from the policy alone: the due
time, the grace period, the most time that may be added (time added and plan changes share
``max_added_minutes``), the acknowledgment hold (the child's side may hold steps only before
the deadline) and the young-child delay of the first emergency step. The reckoning is written
here from the policy's fields, not with the engine's helpers.

(b) No event from the child's side (the child or the app) at or after the deadline moves any
safety step later: for every safety action, its first firing from that moment on comes no
later with the event than without it. (An arrival is left out: it resolves the check-in and
cancels what is left, which is the point of it.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import independence
from independence import Age, CheckInSession
from independence.escalation import Circumstances, EventKind
from independence.model import CheckInPolicy, EscalationPolicy

pytestmark = pytest.mark.slow

CATALOG = independence.default_catalog()
MINUTE = timedelta(minutes=1)
DUE = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)  # daylight: the bound needs no dusk
YOUNG = Age.parse("7y")
#: The check-in policies a young child may be on (no ``min_age``).
FOR_EVERY_AGE = sorted(p.id for p in CATALOG.check_in_policies if p.min_age is None)
AUTHORS = ["child", "app", "guardian", "trusted-adult"]
CHILD_SIDE = ["child", "app"]


def half_even(minutes: int, percent: int) -> int:
    exact = Decimal(minutes * percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def emergency_bound(check_in: CheckInPolicy, escalation: EscalationPolicy) -> int:
    """Minutes after the first due time by which a young child's emergency step has fired."""
    percent = 100
    for condition in escalation.conditions:
        if condition.when.value == "young-child":
            percent = max(25, condition.delay_percent)
    first = min(
        half_even(step.after_minutes, percent)
        for step in escalation.steps
        if step.action.value == "call-emergency-services"
    )
    return (
        check_in.grace_minutes
        + check_in.max_added_minutes
        + max(first, check_in.acknowledge_hold_minutes)
    )


@st.composite
def events(draw: st.DrawFn, kinds: list[str], authors: list[str], start: int, end: int) -> Any:
    """``(kind, minute, details)`` in time order, from ``start`` to ``end`` minutes."""
    found = []
    for minute in sorted(draw(st.lists(st.integers(start, end), max_size=12))):
        kind = draw(st.sampled_from(kinds))
        details: dict[str, Any] = {"by": draw(st.sampled_from(authors))}
        if kind == "time-added":
            details["minutes"] = draw(st.integers(1, 70))
        elif kind == "plan-changed":
            details["due"] = draw(st.integers(minute, minute + 240))
        elif kind == "stood-down":
            details["how"] = "said so"
        if kind in ("location-paused", "location-resumed"):
            details["by"] = draw(st.sampled_from(["child", "guardian"]))
        found.append((kind, minute, details))
    return found


def play(
    session: CheckInSession,
    history: list[tuple[str, int, dict[str, Any]]],
    origin: datetime = DUE,
) -> Any:
    """The session after every event it accepts (minutes from ``origin``); an SOS is never
    refused."""
    for kind, minute, details in history:
        given = dict(details)
        if "due" in given:
            given["due"] = origin + given["due"] * MINUTE
        try:
            session = session.add(EventKind(kind), origin + minute * MINUTE, **given)
        except ValueError:
            assert kind != "sos", "an alarm was refused"
    return session


NO_END = [
    "acknowledged",
    "checked-in",
    "time-added",
    "plan-changed",
    "location-paused",
    "location-resumed",
    "sos",
    "alert-acknowledged",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FOR_EVERY_AGE), st.data(), st.sampled_from([False, None]), st.integers(0, 95)
)
def test_a_young_child_reaches_the_emergency_step_within_the_bound(
    policy_id: str, data: st.DataObject, after_dark: bool | None, quarter: int
) -> None:
    """Daylight delays are the slowest (conditions only shorten them), so the bound holds
    when darkness is decided step by step too, at any time of day (``quarter``: the due time's
    quarter hour, from midnight UTC, in the policies' 19:00-07:00 dark hours)."""
    check_in = CATALOG.lookup(policy_id, kind="check_in_policies")
    escalation = CATALOG.lookup(check_in.escalation, kind="escalation_policies")
    bound = emergency_bound(check_in, escalation)
    # stand-downs come only from the child's side here: refused, so the session stays open
    history = data.draw(
        st.one_of(
            events(NO_END, AUTHORS, -check_in.window_minutes, bound),
            events([*NO_END, "stood-down"], CHILD_SIDE, -check_in.window_minutes, bound),
        )
    )
    due = DUE.replace(hour=0, minute=0) + quarter * 15 * MINUTE
    session = CheckInSession.from_catalog(
        CATALOG, policy_id, due=due, circumstances=Circumstances(age=YOUNG, after_dark=after_dark)
    )
    session = play(session, history, due)
    state = session.state_at(due + bound * MINUTE)
    assert state.status.value not in ("resolved", "stood-down")
    assert any(s.action.value == "call-emergency-services" for s in state.fired), (
        f"no emergency step by {bound} minutes after the due time"
    )


CHILD_KINDS = [
    "acknowledged",
    "checked-in",
    "time-added",
    "plan-changed",
    "location-paused",
    "location-resumed",
    "stood-down",
    "sos",
    "alert-acknowledged",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(p.id for p in CATALOG.check_in_policies)),
    st.data(),
    st.sampled_from(CHILD_KINDS),
    st.sampled_from(CHILD_SIDE),
    st.integers(0, 240),
)
def test_no_child_side_event_after_the_deadline_moves_a_safety_step_later(
    policy_id: str, data: st.DataObject, kind: str, by: str, after: int
) -> None:
    check_in = CATALOG.lookup(policy_id, kind="check_in_policies")
    age = check_in.min_age or Age.parse("12y")
    session = CheckInSession.from_catalog(
        CATALOG, policy_id, due=DUE, circumstances=Circumstances(age=age, after_dark=False)
    )
    session = play(session, data.draw(events(NO_END, AUTHORS, -60, 120)))
    last = max([e.at for e in session.events], default=DUE)
    deadline = session.state_at(last).deadline
    moment = max(last, deadline) + after * MINUTE
    details: dict[str, Any] = {
        "by": by if kind not in ("location-paused", "location-resumed") else "child"
    }
    if kind == "time-added":
        details["minutes"] = 5
    elif kind == "plan-changed":
        details["due"] = moment + 30 * MINUTE
    elif kind == "stood-down":
        details["how"] = "I'm fine"
    try:
        changed = session.add(EventKind(kind), moment, **details)
    except ValueError:
        assert kind != "sos", "an alarm was refused"
        return
    far = moment + 3 * 24 * 60 * MINUTE
    before, after_event = session.state_at(far), changed.state_at(far)

    def first(state: independence.SessionState) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for step in state.fired:
            at = step.at.astimezone(UTC)
            if step.safety and at >= moment.astimezone(UTC):
                found.setdefault(step.action.value, at)
        return found

    without, with_it = first(before), first(after_event)
    for action, at in without.items():
        if kind == "sos" and action == "call-police-non-emergency":
            continue  # an alarm goes to the emergency number instead, sooner
        assert action in with_it and with_it[action] <= at, (action, at, with_it.get(action))
