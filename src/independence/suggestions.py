"""What a query suggests: the responsibility, why it was chosen, and the guidance that goes with it.

These records sit below the catalogue: the planning queries build them and the catalogue
returns them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import Field, computed_field, field_serializer

from independence.age import Age
from independence.model import Responsibility, SupportStage, SupportStep
from independence.model.base import Record

__all__ = ["AboutItem", "PerspectiveText", "Suggestion", "SuggestionKind"]


class SuggestionKind(StrEnum):
    """Why an item is suggested."""

    NOW = "now"
    """It fits the child's age now (and, when personalised, everything it needs is mastered)."""
    CATCH_UP = "catch-up"
    """Most children manage it alone by this age and it is not mastered yet."""
    IN_PROGRESS = "in-progress"
    """The child is part-way up its support ladder (from a :class:`~independence.Progress`)."""


class PerspectiveText(Record):
    """Guidance from a perspective pack for one item, saying which pack it came from."""

    pack: str
    text: str
    references: tuple[str, ...] = ()


class AboutItem(Record):
    """An answer about one responsibility: the whole record for Python callers (not
    serialised), its ``id`` and ``title`` in ``model_dump()``."""

    responsibility: Responsibility = Field(exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """The responsibility's id."""
        return self.responsibility.id

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        """The responsibility's title."""
        return self.responsibility.title


class Suggestion(AboutItem):
    """One suggested next step: the responsibility, why, and which kind of suggestion it is.

    ``perspectives`` holds guidance from the perspective packs the caller chose (none unless
    asked for). For an ``in-progress`` suggestion, ``stage`` is the child's current rung and
    ``next_step`` the next rung of the item's ladder (both ``None`` for other kinds).

    ``model_dump()`` gives flat, JSON-ready data: ``id``, ``title``, ``category``, ``kind``,
    ``introduce_at`` and ``independent_by`` (as ``"7y6m"``), ``reason``, ``stage``,
    ``next_step`` and ``perspectives``; exactly what ``independence suggest --json`` prints for
    each suggestion, so a web API can return suggestions as they are. The whole
    :class:`Responsibility` stays on ``responsibility`` for Python callers (it is not
    serialised: look it up by id).
    """

    kind: SuggestionKind
    reason: str
    stage: SupportStage | None = None
    next_step: SupportStep | None = None
    perspectives: tuple[PerspectiveText, ...] = ()

    @field_serializer("perspectives")
    def _as_list(self, value: tuple[PerspectiveText, ...]) -> list[PerspectiveText]:
        return list(value)  # a list, as in JSON: model_dump() equals the parsed JSON

    @computed_field  # type: ignore[prop-decorator]
    @property
    def category(self) -> str:
        """The responsibility's category (id)."""
        return self.responsibility.category

    @computed_field  # type: ignore[prop-decorator]
    @property
    def introduce_at(self) -> Age:
        """When most children start it with support."""
        return self.responsibility.introduce_at

    @computed_field  # type: ignore[prop-decorator]
    @property
    def independent_by(self) -> Age:
        """When most children do it on their own."""
        return self.responsibility.independent_by

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        yield "id", self.responsibility.id
        yield "kind", self.kind.value
        yield "reason", self.reason
