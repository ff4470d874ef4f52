"""Categories group responsibilities (self-care, getting around, money, ...)."""

from __future__ import annotations

from independence.model.base import Id, Record, Text

__all__ = ["Category"]


class Category(Record):
    """A kind of responsibility, such as ``getting-around``; its order in the data is kept."""

    id: Id
    title: Text
    description: Text
