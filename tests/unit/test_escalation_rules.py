"""Proportionate, explainable escalation in the shipped data, and the loader rules behind it.

Issue 13, item 3: every policy says why its delays are what they are; teenagers home alone or
babysitting have their own policies; every policy used after dark has dark hours; a police
non-emergency step where a child is not young or vulnerable; emergency steps that say "if there
is still no word" and what to tell the operator; every policy ends in the emergency number, and
a 15-year-old's daytime miss never gets there in under 45 minutes, even through an overlay.
Item 5: teen social and travel policies let the teen pause or blur location sharing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import independence
from independence import Age, Catalog, CatalogError
from independence.escalation import Circumstances, Timeline
from independence.escalation_checks import TEEN_AGE, TEEN_DAYTIME_MINUTES, TEEN_FROM
from independence.model import (
    Action,
    CheckInPolicy,
    ConditionKind,
    PauseRole,
    Precision,
    RiskLevel,
    TriggerKind,
)

LONDON = ZoneInfo("Europe/London")
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=LONDON)
EVENING = datetime(2026, 11, 27, 20, 0, tzinfo=LONDON)


def minutes_to_emergency(line: Timeline) -> float:
    first = next(s for s in line.steps if s.action is Action.CALL_EMERGENCY_SERVICES)
    return (first.at - line.deadline).total_seconds() / 60


def used_by(catalog: Catalog, item_id: str) -> CheckInPolicy:
    item = catalog.responsibility(item_id)
    assert item.check_in is not None
    return catalog.lookup(item.check_in, kind="check_in_policies")


# --- The shipped policies ---------------------------------------------------------------------


def test_every_policy_explains_its_delays_and_cites_what_it_follows(catalog: Catalog) -> None:
    for policy in catalog.escalation_policies:
        assert len(policy.rationale.split()) >= 40, policy.id
        assert "minutes" in policy.rationale, policy.id
        assert policy.sources, policy.id
        for source in policy.sources:
            assert catalog.lookup(source, kind="sources").verified, (policy.id, source)


def test_every_policy_ends_in_the_emergency_number_with_what_to_say(catalog: Catalog) -> None:
    for policy in catalog.escalation_policies:
        last = policy.steps[-1]
        assert last.action is Action.CALL_EMERGENCY_SERVICES, policy.id
        for step in policy.steps:
            if step.action is not Action.CALL_EMERGENCY_SERVICES:
                continue
            message = step.message.lower()
            assert "if there is still no word" in message, policy.id
            for detail in ("operator", "age", "wearing", "phone"):
                assert detail in message, (policy.id, detail)


def test_the_non_emergency_step_comes_before_the_emergency_number(catalog: Catalog) -> None:
    with_line = [
        p
        for p in catalog.escalation_policies
        if any(s.action is Action.CALL_POLICE_NON_EMERGENCY for s in p.steps)
    ]
    assert {p.id for p in with_line} >= {"gentle-nudge", "standard-check", "prompt-response"}
    for policy in with_line:
        actions = [s.action for s in policy.steps]
        assert actions.index(Action.CALL_POLICE_NON_EMERGENCY) < len(actions) - 1, policy.id
        step = policy.steps[actions.index(Action.CALL_POLICE_NON_EMERGENCY)]
        assert "non-emergency police number" in step.message, policy.id
        assert "immediate danger" in step.message, policy.id
        # a young or vulnerable child goes straight to the emergency number (UK police)
        for kind in (ConditionKind.YOUNG_CHILD, ConditionKind.VULNERABLE_CHILD):
            for condition in policy.conditions:
                if condition.when is kind:
                    assert Action.CALL_POLICE_NON_EMERGENCY in condition.skip_actions


def test_every_policy_used_after_dark_has_dark_hours(catalog: Catalog) -> None:
    for check_in in catalog.check_in_policies:
        escalation = catalog.lookup(check_in.escalation, kind="escalation_policies")
        if any(c.when is ConditionKind.AFTER_DARK for c in escalation.conditions):
            assert check_in.dark_hours is not None, check_in.id
        late = [t for t in check_in.triggers if t.at is not None and t.at.hour >= 19]
        if late or "late-night" in check_in.contexts:
            assert check_in.dark_hours is not None, check_in.id
            assert check_in.is_after_dark(EVENING), check_in.id


def test_a_teen_out_at_ten_is_after_dark_and_the_evening_policies_agree(catalog: Catalog) -> None:
    night = datetime(2026, 6, 12, 22, 0, tzinfo=LONDON)
    teen = Age.parse("16y")
    social = catalog.timeline("social-outing", night, Circumstances(age=teen))
    evening = catalog.timeline("after-dark", night, Circumstances(age=teen))
    # civil dusk in London on 12 June is at about 22:05: every step, from the 22:20 deadline
    # on, fires in the dark and takes the after-dark timings
    for line in (social, evening):
        dark = catalog.timeline(
            line.check_in_policy, night, Circumstances(age=teen, after_dark=True)
        )
        assert line.steps == dark.steps
    # an hour after the 22:20 deadline, not two: 23:20, where it was 00:20
    assert social.steps[-1].at == datetime(2026, 6, 12, 23, 20, tzinfo=LONDON)
    # the evening-journey policy is quicker, but by 25 minutes, not 90
    assert evening.steps[-1].at == datetime(2026, 6, 12, 22, 55, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("item_id", "check_in_id"),
    [
        ("babysit-younger-siblings-for-an-evening", "babysitting"),
        ("look-after-a-younger-sibling-briefly", "babysitting"),
        ("stay-home-alone-longer", "home-alone-teen"),
        ("learn-to-drive", "learning-to-drive"),
    ],
)
def test_teen_items_have_their_own_policies(
    catalog: Catalog, item_id: str, check_in_id: str
) -> None:
    assert used_by(catalog, item_id).id == check_in_id


def test_a_babysitter_who_misses_one_text_is_not_an_emergency_twenty_minutes_later(
    catalog: Catalog,
) -> None:
    # the case: a 14-year-old babysitting in the evening misses one half-hourly text
    line = catalog.timeline(
        "babysitting", EVENING, Circumstances(age=Age.parse("14y"), risk=RiskLevel.HIGH)
    )
    assert line.conditions == (ConditionKind.AFTER_DARK,)
    assert minutes_to_emergency(line) == 34  # 45 minutes at 75%
    actions = [s.action for s in line.steps]
    # a neighbour at the door and a grown-up on the way home come first
    assert actions.index(Action.CONTACT_TRUSTED_ADULT) < actions.index(
        Action.CALL_EMERGENCY_SERVICES
    )
    assert actions.index(Action.GO_TO_LAST_KNOWN_PLACE) < actions.index(
        Action.CALL_EMERGENCY_SERVICES
    )


def test_a_teen_daytime_miss_takes_at_least_45_minutes_on_every_teen_policy(
    catalog: Catalog,
) -> None:
    teen_check_ins = {
        item.check_in
        for item in catalog.responsibilities
        if item.check_in is not None and item.independent_by > TEEN_FROM
    }
    assert {"babysitting", "home-alone-teen", "learning-to-drive", "social-outing"} <= (
        teen_check_ins
    )
    for check_in_id in teen_check_ins:
        line = catalog.timeline(check_in_id, NOON, Circumstances(age=TEEN_AGE, after_dark=False))
        assert line.conditions == ()
        assert minutes_to_emergency(line) >= TEEN_DAYTIME_MINUTES, check_in_id


def test_the_driving_policy_never_calls_the_driver(catalog: Catalog) -> None:
    check_in = catalog.lookup("learning-to-drive", kind="check_in_policies")
    kinds = {t.kind for t in check_in.triggers}
    assert TriggerKind.INTERVAL not in kinds
    assert {TriggerKind.DEPARTURE, TriggerKind.ARRIVAL} <= kinds
    escalation = catalog.lookup(check_in.escalation, kind="escalation_policies")
    assert escalation.id == "driving-check"
    assert Action.CALL_CHILD not in {s.action for s in escalation.steps}
    for condition in escalation.conditions:  # nor does any condition bring one in
        assert Action.CALL_CHILD not in condition.skip_actions
    # delays count from the expected end of the journey plus the grace for traffic
    arrival = datetime(2026, 6, 1, 17, 0, tzinfo=LONDON)
    line = catalog.timeline("learning-to-drive", arrival, Circumstances(after_dark=False))
    assert (line.deadline - arrival).total_seconds() == check_in.grace_minutes * 60


@pytest.mark.parametrize(
    ("check_in_id", "precision"),
    [
        ("social-outing", Precision.APPROXIMATE),
        ("after-dark", Precision.PRECISE),
        ("first-solo-trip", Precision.PRECISE),
    ],
)
def test_teens_may_pause_sharing_on_social_and_travel_policies(
    catalog: Catalog, check_in_id: str, precision: Precision
) -> None:
    sharing = catalog.lookup(check_in_id, kind="check_in_policies").location
    assert sharing.precision is precision
    assert sharing.pausable
    assert PauseRole.CHILD in sharing.paused_by
    assert sharing.max_pause_minutes is not None  # it always resumes by itself
    assert catalog.lookup(check_in_id, kind="check_in_policies").privacy_note


# --- The loader rules, through an overlay ---------------------------------------------------------


def overlay_problems(catalog: Catalog, path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        independence.with_overlays(catalog, path)
    problems = caught.value.problems
    assert all(p.file == str(path) and p.line is not None for p in problems)
    return [f"{p.path}: {p.message}" for p in problems]


def test_an_overlay_cannot_remove_the_emergency_step(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: cut down}
        override:
          escalation_policies:
            - id: gentle-nudge
              steps:
                - {after_minutes: 0, action: remind-child, target: child, message: Text us.}
                - {after_minutes: 30, action: call-child, target: child, message: Call.}
        """,
    )
    (problem,) = overlay_problems(catalog, overlay)
    assert problem.startswith("override.escalation_policies[0].steps[1].action: ")
    assert "ends in call-child, not call-emergency-services" in problem


def test_an_overlay_cannot_remove_every_safety_step(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: reminders only}
        override:
          escalation_policies:
            - id: gentle-nudge
              steps:
                - {after_minutes: 0, action: remind-child, target: child, message: Text us.}
        """,
    )
    assert any("no safety step" in p for p in overlay_problems(catalog, overlay))


def test_an_overlay_cannot_rush_a_teenager_to_the_emergency_number(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: rushed}
        override:
          escalation_policies:
            - id: teen-home-alone
              steps:
                - {after_minutes: 0, action: call-child, target: child, message: Call.}
                - after_minutes: 20
                  action: call-emergency-services
                  target: emergency-services
                  message: If there is still no word, call the emergency number.
        """,
    )
    (problem,) = overlay_problems(catalog, overlay)
    assert problem.startswith("override.escalation_policies[0].steps[1].after_minutes: ")
    assert "'home-alone-teen' (used by stay-home-alone-longer)" in problem
    assert "20 minutes after the deadline, sooner than 45" in problem


def test_a_condition_may_make_the_teen_path_faster(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    # a faster path is allowed when a condition says why: the rule reads the plain timeline
    overlay = write(
        "o.yaml",
        """
        overlay: {name: faster when vulnerable}
        override:
          escalation_policies:
            - id: teen-home-alone
              conditions:
                - {when: vulnerable-child, delay_percent: 25}
        """,
    )
    adapted = independence.with_overlays(catalog, overlay)
    line = adapted.timeline("home-alone-teen", NOON, Circumstances(age=TEEN_AGE, vulnerable=True))
    assert minutes_to_emergency(line) < TEEN_DAYTIME_MINUTES


def test_an_item_cannot_start_before_its_check_in_policys_min_age(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    # issue 22: a session refuses a child younger than the policy's min_age, so an item that
    # starts younger would send its families to a policy that refuses them
    overlay = write(
        "o.yaml",
        """
        overlay: {name: too young}
        override:
          check_in_policies:
            - id: social-outing
              min_age: 16y
        """,
    )
    (problem,) = overlay_problems(catalog, overlay)
    assert problem.startswith("override.check_in_policies[0].min_age: ")
    assert "'social-outing' is for children from 16y" in problem
    assert "'date-with-respect-and-boundaries', which uses it, starts at 15y" in problem
