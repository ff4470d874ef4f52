"""Checks on escalation policies and on the check-in policies that lead to them.

Every rule here yields a positioned :class:`~independence.records.Finding`. They run on
the data set as a whole, after overlays, so that an overlay can no more break them than the
base data can:

- every source an escalation policy cites exists;
- every escalation policy ends in a ``call-emergency-services`` step: whatever happens before,
  a child who really is missing reaches the people whose job it is to find them (the model
  already requires at least one safety step besides reminders);
- a teenager's missed daytime check-in is not escalated to the emergency number in a rush:
  for every check-in policy that an item a teenager may be learning uses (an item whose
  ``independent_by`` is later than :data:`TEEN_FROM`), the timeline for a child of
  :data:`TEEN_AGE`, in daylight, with no other condition, reaches the first emergency step no
  sooner than :data:`TEEN_DAYTIME_MINUTES` after the deadline. A faster path is for a
  condition to give, with its reason (after dark, high risk, a young or vulnerable child);
- no check-in policy has a ``min_age`` above the age at which an item that uses it starts: a
  check-in session would refuse the child the item is introduced to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from independence.age import Age
from independence.model.escalation import Action, EscalationPolicy
from independence.records import Finding

if TYPE_CHECKING:
    from independence.records import Origin, Parts

__all__ = ["TEEN_AGE", "TEEN_DAYTIME_MINUTES", "TEEN_FROM", "check_escalations"]

#: The age at which the teen rule computes the timeline.
TEEN_AGE: Final = Age.parse("15y")
#: Items whose ``independent_by`` is later than this are ones a teenager may be learning.
TEEN_FROM: Final = Age.parse("13y")
#: The soonest a teenager's daytime missed check-in may reach the emergency number, in minutes
#: after the deadline, when no condition applies.
TEEN_DAYTIME_MINUTES: Final = 45

#: Any daytime instant will do: without conditions the delays do not depend on the clock.


def check_escalations(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    """Every problem with the escalation policies of ``parts`` and the paths that lead to them."""
    known = ids["sources"]
    broken = parts.broken_ids.get("sources", set())
    for policy, origin in parts.escalation_policies.entries:
        for index, source in enumerate(policy.sources):
            if source not in known and source not in broken:
                yield Finding(
                    origin,
                    ("sources", index),
                    f"escalation policy {policy.id!r} cites unknown source {source!r}",
                    hint=(source, known),
                )
        last = policy.steps[-1]
        if last.action is not Action.CALL_EMERGENCY_SERVICES:
            yield Finding(
                origin,
                ("steps", len(policy.steps) - 1, "action"),
                f"escalation policy {policy.id!r} ends in {last.action.value}, not "
                "call-emergency-services: every escalation ends with the emergency number, for "
                "the child who really is missing",
            )

    yield from _check_teen_daytime(parts, ids)
    yield from _check_min_age(parts, ids)


def _check_min_age(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    check_ins = ids["check_in_policies"]
    youngest: dict[str, tuple[Any, str]] = {}  # policy id -> (introduce_at, item id)
    for item, _ in parts.responsibilities.entries:
        if item.check_in in check_ins:
            known = youngest.get(item.check_in)
            if known is None or item.introduce_at < known[0]:
                youngest[item.check_in] = (item.introduce_at, item.id)
    for policy_id, (age, item_id) in sorted(youngest.items()):
        policy, origin = check_ins[policy_id]
        if policy.min_age is not None and age < policy.min_age:
            yield Finding(
                origin,
                ("min_age",),
                f"check-in policy {policy_id!r} is for children from {policy.min_age}, but "
                f"{item_id!r}, which uses it, starts at {age}: a check-in session would "
                "refuse the child; lower min_age, or give the item a policy for their age",
            )


def _check_teen_daytime(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    users: dict[str, list[str]] = {}
    for item, _ in parts.responsibilities.entries:
        if item.check_in is not None and item.independent_by > TEEN_FROM:
            users.setdefault(item.check_in, []).append(item.id)
    check_ins = ids["check_in_policies"]
    escalations = ids["escalation_policies"]
    reported: set[tuple[str, str]] = set()
    for check_in_id, items in users.items():
        if check_in_id not in check_ins:
            continue  # an unknown check-in policy is reported on its own
        check_in = check_ins[check_in_id][0]
        if check_in.escalation not in escalations:
            continue
        escalation: EscalationPolicy
        escalation, origin = escalations[check_in.escalation]
        # In daylight, for a teen who is neither young nor marked vulnerable and with no risk
        # given, no condition applies (each one needs dark, an age under YOUNG_CHILD_UNDER, a
        # risk or the vulnerable mark), so each step fires its own after_minutes after the
        # deadline: exactly what escalation.timeline gives, without calling up into the engine.
        first_index = next(
            (
                n
                for n, s in enumerate(escalation.steps)
                if s.action is Action.CALL_EMERGENCY_SERVICES
            ),
            None,
        )
        if first_index is None:
            continue  # the policy has no emergency step: reported above
        minutes = escalation.steps[first_index].after_minutes
        if minutes >= TEEN_DAYTIME_MINUTES or (check_in_id, escalation.id) in reported:
            continue
        reported.add((check_in_id, escalation.id))
        yield Finding(
            origin,
            ("steps", first_index, "after_minutes"),
            f"a teenager's ({TEEN_AGE}) missed daytime check-in under check-in policy "
            f"{check_in_id!r} (used by {', '.join(sorted(items))}) reaches the emergency "
            f"number {minutes} minutes after the deadline, sooner than "
            f"{TEEN_DAYTIME_MINUTES}: give teenagers their own policy, or make the faster path "
            "a condition that says why",
        )
