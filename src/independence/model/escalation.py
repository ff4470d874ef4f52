"""Escalation policies: what to do, and when, once a check-in is missed."""

from enum import StrEnum
from typing import Any, Final

from pydantic import Field, field_validator, model_validator

from independence.age import Age
from independence.model.base import Id, Record, Text, WholeNumber

__all__ = [
    "DEFAULT_REPROMPT",
    "MIN_DELAY_PERCENT",
    "YOUNG_CHILD_UNDER",
    "Action",
    "Condition",
    "ConditionKind",
    "EscalationPolicy",
    "EscalationStep",
    "Repeat",
    "Resolution",
    "Target",
    "Urgency",
    "no_safety_step_left",
]


class Action(StrEnum):
    """What a grown-up (or the app) does at a step."""

    REMIND_CHILD = "remind-child"
    CALL_CHILD = "call-child"
    TELL_OTHER_GUARDIAN = "tell-other-guardian"
    CONTACT_TRUSTED_ADULT = "contact-trusted-adult"
    GO_TO_LAST_KNOWN_PLACE = "go-to-last-known-place"
    CALL_POLICE_NON_EMERGENCY = "call-police-non-emergency"
    """Report the child missing on the police non-emergency line (101 in the UK): for a child
    who is not young or vulnerable and not thought to be in immediate danger."""
    CALL_EMERGENCY_SERVICES = "call-emergency-services"

    @property
    def is_safety_step(self) -> bool:
        """Every action but a reminder nudge protects a child who may really be missing.

        A paused location share may hold back a reminder; it never holds back a safety step.
        """
        return self is not Action.REMIND_CHILD

    @property
    def is_contact_with_child(self) -> bool:
        """Reminding or calling the child."""
        return self in (Action.REMIND_CHILD, Action.CALL_CHILD)

    @property
    def may_be_skipped(self) -> bool:
        """The steps a condition may skip: reminding or calling the child, and the police
        non-emergency line (a young or vulnerable child goes straight to the emergency number).
        """
        return self.is_contact_with_child or self is Action.CALL_POLICE_NON_EMERGENCY


class Target(StrEnum):
    """Who a step reaches."""

    CHILD = "child"
    GUARDIAN = "guardian"
    OTHER_GUARDIAN = "other-guardian"
    TRUSTED_ADULT = "trusted-adult"
    POLICE_NON_EMERGENCY = "police-non-emergency"
    EMERGENCY_SERVICES = "emergency-services"


class Urgency(StrEnum):
    """How fast a policy escalates."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    CRITICAL = "critical"


class ConditionKind(StrEnum):
    """Circumstances that make a missed check-in more urgent."""

    AFTER_DARK = "after-dark"
    """The due time falls in the check-in policy's dark hours."""
    HIGH_RISK = "high-risk"
    """The responsibility is high risk."""
    YOUNG_CHILD = "young-child"
    """The child is younger than :data:`YOUNG_CHILD_UNDER` (12 years), the same everywhere."""
    VULNERABLE_CHILD = "vulnerable-child"
    """The family has marked the child as needing the faster path (additional needs, a medical
    condition, a recent worry): police guidance treats a vulnerable child like a young one."""


#: One definition of "young child" for every policy: younger than 12. Under 12 is primary-school
#: age in the UK, and the NSPCC's guidance is that most children under 12 or 13 cannot yet cope
#: with an emergency on their own.
YOUNG_CHILD_UNDER: Final = Age.parse("12y")

#: However many conditions apply, their percentages multiply but never go below this: every
#: step keeps at least a quarter of its delay, so that the calls that usually find a child
#: (the child, the other guardian, the host) still come before the emergency number.
MIN_DELAY_PERCENT: Final = 25


class Repeat(Record):
    """Do a step again, ``times`` more times, every ``every_minutes``."""

    times: WholeNumber = Field(description="How many more times the step is repeated.", ge=1, le=10)
    every_minutes: WholeNumber = Field(description="Minutes between repeats.", ge=1, le=120)


class EscalationStep(Record):
    """One step: after ``after_minutes`` past the missed deadline, do ``action`` for ``target``."""

    after_minutes: WholeNumber = Field(
        ge=0, le=24 * 60, description="Minutes after the missed deadline (due time plus grace)."
    )
    action: Action = Field(
        description="What to do: remind the child, call the child, tell the other "
        "guardian, contact a trusted adult, go to the last known place, or call emergency "
        "services."
    )
    target: Target = Field(description="Who the action is aimed at.")
    message: Text = Field(description="What to say or send.")
    repeat: Repeat | None = Field(
        default=None, description="How the step repeats, or null if it happens once."
    )


class Condition(Record):
    """A circumstance that shortens delays or skips steps while it holds."""

    when: ConditionKind = Field(
        description="The circumstance that shortens the delays "
        "(such as after dark or a high-risk activity)."
    )
    delay_percent: WholeNumber = Field(
        default=100,
        ge=MIN_DELAY_PERCENT,
        le=100,
        description=(
            "Delays are scaled to this percentage (50 halves every delay). When several "
            "conditions apply, their percentages multiply, never below 25."
        ),
    )
    skip_actions: tuple[Action, ...] = Field(
        default=(), description="Steps with these actions are skipped."
    )

    @model_validator(mode="before")
    @classmethod
    def _no_own_age(cls, data: Any) -> Any:
        if isinstance(data, dict) and "under" in data:
            raise ValueError(
                "'under' is no longer set per policy: a young child means younger than "
                f"{YOUNG_CHILD_UNDER} in every policy (remove 'under')"
            )
        return data

    @model_validator(mode="after")
    def _complete(self) -> "Condition":
        if self.delay_percent == 100 and not self.skip_actions:
            raise ValueError("a condition must shorten delays (delay_percent) or skip steps")
        unsafe = [a.value for a in self.skip_actions if not a.may_be_skipped]
        if unsafe:
            raise ValueError(
                "skip_actions may only skip remind-child, call-child or "
                f"call-police-non-emergency, not {', '.join(unsafe)}"
            )
        return self


#: How often a session asks the grown-ups again, after its last step, until one of them
#: acknowledges the alert: every 10 minutes, 3 times, unless a policy says otherwise.
DEFAULT_REPROMPT: Final = {"times": 3, "every_minutes": 10}


class Resolution(Record):
    """What happens once the child is in touch again: always a warm, no-shame debrief first."""

    debrief: Text = Field(description="The first conversation: warm, curious, no blame.")
    reconnection: Text = Field(description="A way to reconnect afterwards.")
    follow_up: tuple[Text, ...] = Field(
        default=(), description="Later steps, such as adjusting the plan together."
    )


class EscalationPolicy(Record):
    """Ordered steps to take once a check-in is missed, with delays, repeats and conditions."""

    id: Id = Field(description="The policy's id: stable, and unique among the escalation policies.")
    title: Text = Field(description="The policy's name, shown to people.")
    summary: Text = Field(description="What the policy is for, in a sentence or two.")
    urgency: Urgency = Field(description="How urgent a missed check-in under this policy is.")
    rationale: Text = Field(
        description=(
            "Why the delays are what they are: what usually explains a missed check-in in this "
            "situation, what each wait gives time for, and the guidance the timings follow."
        )
    )
    steps: tuple[EscalationStep, ...] = Field(
        min_length=1,
        description="In order of delay; at least one is a safety step (not only reminders).",
        # the same rule for editors: some step's action is not remind-child
        json_schema_extra={
            "contains": {
                "type": "object",
                "properties": {"action": {"not": {"const": "remind-child"}}},
            }
        },
    )
    conditions: tuple[Condition, ...] = Field(
        default=(), description="Circumstances that shorten the delays, each with its percentage."
    )
    reprompt: Repeat = Field(
        # a constant (a test validates it): built without building Repeat's validator
        default_factory=lambda: Repeat.model_construct(
            times=DEFAULT_REPROMPT["times"], every_minutes=DEFAULT_REPROMPT["every_minutes"]
        ),
        description=(
            "In a check-in session: after the last step, prompt the grown-ups again this many "
            "times, every this many minutes, until one of them acknowledges the alert. "
            "Default: 3 times, every 10 minutes."
        ),
    )
    resolution: Resolution = Field(
        description="What to do once the child is safe: a warm debrief and a way to reconnect."
    )
    sources: tuple[Id, ...] = Field(
        default=(), description="Sources (ids) for the guidance the rationale follows."
    )

    @field_validator("steps")
    @classmethod
    def _delays_forward(cls, steps: tuple[EscalationStep, ...]) -> tuple[EscalationStep, ...]:
        if steps and not any(step.action.is_safety_step for step in steps):
            raise ValueError(
                "no safety step: reminders alone never reach a child who is really missing; "
                "add a step that calls the child, tells someone or goes to look"
            )
        for index in range(1, len(steps)):
            before, after = steps[index - 1].after_minutes, steps[index].after_minutes
            if after < before:
                raise ValueError(
                    f"step {index + 1} comes after {after} minutes, before step {index} "
                    f"({before} minutes): delays must not go backwards"
                )
        return steps

    @model_validator(mode="after")
    def _a_safety_step_whatever_applies(self) -> "EscalationPolicy":
        message = no_safety_step_left(self)
        if message is not None:
            raise ValueError(message)
        return self


def no_safety_step_left(policy: EscalationPolicy) -> str | None:
    """Why ``policy`` leaves no safety step when its conditions apply together, or ``None``.

    Conditions stack, so the worst case is every condition at once: the union of their
    ``skip_actions``. The same message for a policy in a file (``validate``) and one built in
    code.
    """
    skipped = {action for condition in policy.conditions for action in condition.skip_actions}
    if any(s.action.is_safety_step and s.action not in skipped for s in policy.steps):
        return None
    if not any(s.action.is_safety_step for s in policy.steps):
        return None  # reported by the steps' own rule
    kinds = ", ".join(c.when.value for c in policy.conditions if c.skip_actions)
    return (
        f"no safety step left when {kinds} apply together: every safety step is skipped "
        "(a child who is really missing would alert nobody); keep a step these conditions do "
        "not skip"
    )
