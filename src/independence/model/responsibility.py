"""Responsibilities: one thing a child can learn to do on their own, and how to hand it over."""

from enum import StrEnum
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from independence.age import Age, AgeText
from independence.model.base import Flag, Id, Record, Text, WholeNumber

__all__ = [
    "RegionalNumber",
    "Responsibility",
    "RiskLevel",
    "RiskLevelName",
    "SupportStage",
    "SupportStageName",
    "SupportStep",
]


class RiskLevel(StrEnum):
    """How much harm a mistake can do; it decides what may be left to natural consequences."""

    LOW = "low"
    """Mistakes cost comfort or time (a forgotten jacket): let them teach."""
    MODERATE = "moderate"
    """Mistakes can hurt a little or cost something real: practise with support first."""
    HIGH = "high"
    """Mistakes can cause real harm (traffic, heat, being alone): never left to chance."""


class RegionalNumber(StrEnum):
    """A kind of number that a regional pack adds to an item's safety note: the item's own
    text speaks of it generally ("your local emergency number", "a crisis line"), and the
    region chosen gives the numbers."""

    EMERGENCY = "emergency"
    """The region's emergency number."""
    CRISIS_LINES = "crisis-lines"
    """The region's crisis lines: the helplines a child or a grown-up can call in a crisis."""
    REPORTING = "reporting"
    """The region's reporting services for online sexual abuse of a child (grooming, requests
    for sexual pictures, sextortion): what the items call "the national reporting service"."""
    CHILD_PROTECTION = "child-protection"
    """The region's helplines for an adult worried that a child is being abused or exploited:
    added to the items that send parents to "the police or your local children's services"."""


class SupportStage(StrEnum):
    """Rungs of the support ladder, from doing it together to doing it alone."""

    TOGETHER = "together"
    """We do it together; the grown-up leads."""
    ALONGSIDE = "alongside"
    """The child leads; the grown-up helps and coaches."""
    NEARBY = "nearby"
    """The child does it while the grown-up watches nearby ("I'll be right here")."""
    CHECK_IN = "check-in"
    """On their own, with an agreed check-in."""
    ALONE = "alone"
    """On their own."""

    @property
    def rank(self) -> int:
        return _STAGE_RANK[self._value_]


_STAGE_ORDER = tuple(SupportStage)
#: each stage's place on the ladder by its text, looked up once per step of every record read:
#: by the text, as hashing an enumeration member is a Python call (``Enum.__hash__``)
_STAGE_RANK: dict[str, int] = {stage.value: rank for rank, stage in enumerate(_STAGE_ORDER)}

#: The values of :class:`SupportStage`, for type checkers: where a stage is accepted as text,
#: a misspelt one (``"sideways"``) is a type error, not only a run-time one.
SupportStageName = Literal["together", "alongside", "nearby", "check-in", "alone"]
#: The values of :class:`RiskLevel`, for type checkers.
RiskLevelName = Literal["low", "moderate", "high"]


class SupportStep(Record):
    """One rung of the support ladder: who does what, and what the grown-up can say."""

    stage: SupportStage = Field(description="The rung of the support ladder this step is.")
    description: Text = Field(description="What the step looks like in practice.")


class Responsibility(Record):
    """One thing a child can learn to do on their own, with how to hand it over.

    ``introduce_at`` is when most children can start with support; ``independent_by`` when most
    do it on their own. A suggestion never comes before ``introduce_at``.
    """

    id: Id = Field(
        description="The responsibility's id: stable, and unique among the responsibilities."
    )
    title: Text = Field(description="A short name, shown to people.")
    summary: Text = Field(description="What it is, in a sentence or two.")
    category: Id = Field(description="The :class:`~independence.model.Category` id.")
    introduce_at: AgeText = Field(description="Age at which to start, with support.")
    independent_by: AgeText = Field(description="Age by which most children do it on their own.")
    prerequisites: tuple[Id, ...] = Field(
        default=(), description="Responsibilities that come first (ids)."
    )
    support_ladder: tuple[SupportStep, ...] = Field(
        min_length=3, description="Steps from doing it together to doing it alone, in order."
    )
    done_when: tuple[Text, ...] = Field(
        min_length=1, description="Observable criteria that show it is mastered."
    )
    risk: RiskLevel = Field(description="How much harm a mistake can do: low, moderate or high.")
    away_from_home: Flag = Field(
        default=False,
        description="Whether the child is away from home (and from the grown-up) while doing it.",
    )
    natural_consequences: tuple[Text, ...] = Field(
        default=(),
        description="Low-stakes results of a slip that are safe to let happen and learn from.",
    )
    safety_note: Text | None = Field(
        default=None, description="What must not be left to chance, and what to do instead."
    )
    adaptations: Text | None = Field(
        default=None,
        description=(
            "Optional: how to adapt the item for a child with additional needs (more steps, "
            "visual supports, a different pace or route), and for families where it matters "
            "(two homes, kinship or foster care, young carers)."
        ),
    )
    guiding_questions: tuple[Text, ...] = Field(
        min_length=2, description="Questions that let the child practise the decision."
    )
    trust_framing: Text = Field(description="How to hand it over as an honour, not a rejection.")
    reconnection: Text = Field(description="A warm way to reconnect afterwards.")
    check_in: Id | None = Field(
        default=None,
        description="The :class:`~independence.model.CheckInPolicy` to follow while away (id).",
    )
    sources: tuple[Id, ...] = Field(
        min_length=1, description="Ids of the sources that ground the ages and the advice."
    )
    regional_numbers: tuple[RegionalNumber, ...] = Field(
        default=(),
        description="The numbers a regional pack adds to the safety note when a region is "
        "chosen (emergency, crisis-lines, reporting): for items about getting help, whose own "
        "text names them generally.",
    )
    review_interval_months: WholeNumber | None = Field(
        default=None,
        ge=1,
        le=24,
        description="How often to revisit this item while a child is part-way up its ladder, "
        "in months; when left out, the review interval of the child's age band applies.",
    )

    @field_validator("independent_by")
    @classmethod
    def _after_introduction(cls, value: Age, info: ValidationInfo) -> Age:
        introduce_at = info.data.get("introduce_at")
        # months compared directly: ``<=`` on ages would fall back to pydantic's slower ``==``
        if introduce_at is not None and value.total_months <= introduce_at.total_months:
            raise ValueError(
                f"independent_by ({value}) must be later than introduce_at ({introduce_at})"
            )
        return value

    @field_validator("regional_numbers")
    @classmethod
    def _distinct_numbers(cls, value: tuple[RegionalNumber, ...]) -> tuple[RegionalNumber, ...]:
        if len(set(value)) != len(value):
            raise ValueError("regional_numbers lists a number more than once")
        return value

    @field_validator("prerequisites")
    @classmethod
    def _distinct_prerequisites(
        cls, value: tuple[str, ...], info: ValidationInfo
    ) -> tuple[str, ...]:
        if info.data.get("id") in value:
            raise ValueError(f"{info.data['id']!r} cannot be its own prerequisite")
        if len(value) < 2:  # the common case: nothing can be listed twice
            return value
        seen: set[str] = set()
        twice: set[str] = set()
        for item in value:  # linear: a record may list very many
            (twice if item in seen else seen).add(item)
        repeated = sorted(twice)
        if repeated:
            raise ValueError(f"prerequisites lists {', '.join(repeated)} more than once")
        return value

    @field_validator("support_ladder")
    @classmethod
    def _less_support_each_step(cls, value: tuple[SupportStep, ...]) -> tuple[SupportStep, ...]:
        ranks = [_STAGE_RANK[step.stage._value_] for step in value]
        if ranks != sorted(ranks):
            order = " -> ".join(step.stage.value for step in value)
            raise ValueError(f"the ladder must run from more support to less, not {order}")
        return value
