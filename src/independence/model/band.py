"""Age bands: named half-open ranges of months that together cover birth to 18."""

from pydantic import Field, ValidationInfo, field_validator

from independence.age import MAX_MONTHS, Age
from independence.model.base import Id, Record, Text, WholeNumber

__all__ = ["AgeBand"]


class AgeBand(Record):
    """A stage of childhood, ``[from_month, to_month)``, with what matters most in it."""

    id: Id = Field(description="The band's id: stable, and unique among the bands.")
    title: Text = Field(description="The band's name, shown to people.")
    from_month: WholeNumber = Field(
        ge=0, lt=MAX_MONTHS, description="First month of the band (inclusive)."
    )
    to_month: WholeNumber = Field(
        gt=0,
        le=MAX_MONTHS,
        description="Month the band ends (exclusive): the next band starts here.",
    )
    focus: Text = Field(description="What independence is mostly about at this stage.")
    review_interval_months: WholeNumber = Field(
        ge=1, le=24, description="How often to sit down and revisit expectations, in months."
    )
    connection_rituals: tuple[Text, ...] = Field(
        min_length=1,
        description="Everyday rituals that keep the bond close while independence grows.",
    )

    @field_validator("to_month")
    @classmethod
    def _after_start(cls, value: int, info: ValidationInfo) -> int:
        start = info.data.get("from_month")
        if start is not None and value <= start:
            raise ValueError(f"to_month ({value}) must be after from_month ({start})")
        return value

    def contains(self, age: Age) -> bool:
        """Whether ``age`` falls in ``[from_month, to_month)``."""
        return self.from_month <= age.total_months < self.to_month

    @property
    def label(self) -> str:
        """The range as people read it, such as ``5y-8y``."""
        end = (
            f"{self.to_month // 12}y"
            if self.to_month % 12 == 0
            else str(Age.from_months(self.to_month))
        )
        return f"{Age.from_months(self.from_month)}-{end}"
