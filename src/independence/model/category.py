"""Categories group responsibilities (self-care, getting around, money, ...)."""

from pydantic import Field

from independence.model.base import Id, Record, Text

__all__ = ["Category"]


class Category(Record):
    """A kind of responsibility, such as ``getting-around``; its order in the data is kept."""

    id: Id = Field(description="The category's id: stable, and unique among the categories.")
    title: Text = Field(description="The category's name, shown to people.")
    description: Text = Field(description="What the category covers, in a sentence or two.")
