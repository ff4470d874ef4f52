"""Escalation policies: what to do, and when, once a check-in is missed."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from independence.age import AgeText
from independence.model.base import Id, Record, Text, WholeNumber

__all__ = [
    "Action",
    "Condition",
    "ConditionKind",
    "EscalationPolicy",
    "EscalationStep",
    "Repeat",
    "Resolution",
    "Target",
    "Urgency",
]


class Action(StrEnum):
    """What a grown-up (or the app) does at a step."""

    REMIND_CHILD = "remind-child"
    CALL_CHILD = "call-child"
    TELL_OTHER_GUARDIAN = "tell-other-guardian"
    CONTACT_TRUSTED_ADULT = "contact-trusted-adult"
    GO_TO_LAST_KNOWN_PLACE = "go-to-last-known-place"
    CALL_EMERGENCY_SERVICES = "call-emergency-services"

    @property
    def is_safety_step(self) -> bool:
        """Every action but a reminder nudge protects a child who may really be missing.

        A paused location share may hold back a reminder; it never holds back a safety step.
        """
        return self is not Action.REMIND_CHILD

    @property
    def is_contact_with_child(self) -> bool:
        """Reminding or calling the child: the only steps a condition may skip."""
        return self in (Action.REMIND_CHILD, Action.CALL_CHILD)


class Target(StrEnum):
    """Who a step reaches."""

    CHILD = "child"
    GUARDIAN = "guardian"
    OTHER_GUARDIAN = "other-guardian"
    TRUSTED_ADULT = "trusted-adult"
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
    HIGH_RISK = "high-risk"
    YOUNG_CHILD = "young-child"


class Repeat(Record):
    """Do a step again, ``times`` more times, every ``every_minutes``."""

    times: WholeNumber = Field(ge=1, le=10)
    every_minutes: WholeNumber = Field(ge=1, le=120)


class EscalationStep(Record):
    """One step: after ``after_minutes`` past the missed deadline, do ``action`` for ``target``."""

    after_minutes: WholeNumber = Field(
        ge=0, le=24 * 60, description="Minutes after the missed deadline (due time plus grace)."
    )
    action: Action
    target: Target
    message: Text = Field(description="What to say or send.")
    repeat: Repeat | None = None


class Condition(Record):
    """A circumstance that shortens delays or skips steps while it holds."""

    when: ConditionKind
    delay_percent: WholeNumber = Field(
        default=100,
        ge=10,
        le=100,
        description="Delays are scaled to this percentage (50 halves every delay).",
    )
    skip_actions: tuple[Action, ...] = Field(
        default=(), description="Steps with these actions are skipped."
    )
    under: AgeText | None = Field(
        default=None, description="For ``young-child``: applies to children younger than this."
    )

    @model_validator(mode="after")
    def _complete(self) -> Condition:
        if (self.when is ConditionKind.YOUNG_CHILD) != (self.under is not None):
            raise ValueError("'under' is required for young-child conditions and only for them")
        if self.delay_percent == 100 and not self.skip_actions:
            raise ValueError("a condition must shorten delays (delay_percent) or skip steps")
        unsafe = [a.value for a in self.skip_actions if not a.is_contact_with_child]
        if unsafe:
            raise ValueError(
                f"skip_actions may only skip remind-child or call-child, not {', '.join(unsafe)}"
            )
        return self


class Resolution(Record):
    """What happens once the child is in touch again: always a warm, no-shame debrief first."""

    debrief: Text = Field(description="The first conversation: warm, curious, no blame.")
    reconnection: Text = Field(description="A way to reconnect afterwards.")
    follow_up: tuple[Text, ...] = Field(
        default=(), description="Later steps, such as adjusting the plan together."
    )


class EscalationPolicy(Record):
    """Ordered steps to take once a check-in is missed, with delays, repeats and conditions."""

    id: Id
    title: Text
    summary: Text
    urgency: Urgency
    steps: tuple[EscalationStep, ...] = Field(
        min_length=1,
        description="In order of delay; at least one is a safety step (not only reminders).",
        # the same rule for editors: some step's action is not remind-child
        json_schema_extra={
            "contains": {"properties": {"action": {"not": {"const": "remind-child"}}}}
        },
    )
    conditions: tuple[Condition, ...] = ()
    resolution: Resolution

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
