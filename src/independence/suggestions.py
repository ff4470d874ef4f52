"""What a query suggests: the responsibility, why it was chosen, and the guidance that goes with it.

These records sit below the catalogue: the planning queries build them and the catalogue
returns them.
"""

import threading
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, Literal, Self

from pydantic import Field, PrivateAttr, field_serializer

from independence.age import Age
from independence.model import Responsibility, SupportStage, SupportStep
from independence.model.base import Id, Record

if TYPE_CHECKING:
    from independence.index import Index
    from independence.messages import Messages

__all__ = [
    "WORTH_CHECKING_MONTHS",
    "AboutItem",
    "PerspectiveText",
    "Suggester",
    "Suggestion",
    "SuggestionKind",
    "SuggestionKindName",
]

#: How far back a personalised answer looks for items worth checking: an unrecorded item
#: whose window closed fewer than this many months ago (``0 <= age - independent_by < 24``)
#: is presumed learned and offered, after what fits now, as worth checking. Older ones are
#: presumed learned and not offered (an eight-year-old is not asked about infancy).
WORTH_CHECKING_MONTHS: Final = 24


class SuggestionKind(StrEnum):
    """Why an item is suggested."""

    NOW = "now"
    """It fits the child's age now (and, when personalised, everything it needs is met)."""
    CATCH_UP = "catch-up"
    """Its window closed recently and nothing is recorded for it: worth checking whether it is
    already done (personalised answers only)."""
    IN_PROGRESS = "in-progress"
    """The child is part-way up its support ladder (from a :class:`~independence.Progress`)."""


#: The values of :class:`SuggestionKind`, for type checkers: ``"now"``, ``"catch-up"`` or
#: ``"in-progress"``.
SuggestionKindName = Literal["now", "catch-up", "in-progress"]


class PerspectiveText(Record):
    """Guidance from a perspective pack for one item, saying which pack it came from."""

    pack: str = Field(description="The id of the perspective pack the text comes from.")
    text: str = Field(description="The pack's guidance for the item.")
    references: tuple[str, ...] = Field(
        default=(), description="Where the guidance comes from (texts, chapters, verses)."
    )

    @field_serializer("references")
    def _as_list(self, value: tuple[str, ...]) -> list[str]:
        return list(value)  # a list, as in JSON: model_dump() equals the parsed JSON


class AboutItem(Record):
    """An answer about one responsibility, named by its id and title.

    Plain data: it reads back from its own JSON. The whole responsibility record is kept
    beside it (as ``responsibility``) when the answer comes from a catalogue; it is not part of
    the data: one read back from JSON has only the id.
    """

    id: Id = Field(description="The responsibility's id.")
    title: str = Field(description="The responsibility's title, in the catalogue's language.")
    _responsibility: Responsibility | None = PrivateAttr(default=None)

    @property
    def responsibility(self) -> Responsibility:
        """The whole responsibility record this answer is about.

        A ``LookupError`` for an answer read back from JSON, which carries only the id: look
        the record up with ``catalog.responsibility(answer.id)``.
        """
        found = self.__pydantic_private__["_responsibility"]  # type: ignore[index]
        if found is None:
            raise LookupError(
                f"this answer about {self.id!r} was read back from data and holds only its id: "
                f"look the responsibility up with catalog.responsibility({self.id!r})"
            )
        item: Responsibility = found
        return item

    def with_record(self, item: Responsibility) -> Self:
        """This answer with ``item``, the record it is about, kept as its ``responsibility``.

        A ``ValueError`` if ``item`` has another id.
        """
        if item.id != self.id:
            raise ValueError(f"this answer is about {self.id!r}, not {item.id!r}")
        made = self.model_copy()
        made.__pydantic_private__["_responsibility"] = item  # type: ignore[index]
        return made

    def __eq__(self, other: object) -> bool:
        """Equal when the data is: the responsibility kept beside it is not compared."""
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, AboutItem)
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))


class Suggestion(AboutItem):
    """One suggested next step: which responsibility, which kind of suggestion, and why.

    Plain data that reads back from its own JSON: the item's id, title, category and ages,
    the kind, the reason, and for an in-progress suggestion the current stage and the next
    rung of the ladder. Perspective texts are included only when asked for.
    """

    category: Id = Field(description="The id of the responsibility's category.")
    kind: SuggestionKind = Field(
        description="Why it is suggested: 'in-progress' (recorded part-way up its ladder), "
        "'now' (fits the age now) or 'catch-up' (its window closed recently and nothing is "
        "recorded for it: worth checking)."
    )
    introduce_at: Age = Field(description="The age at which most children start it, with support.")
    independent_by: Age = Field(description="The age by which most children do it on their own.")
    reason: str = Field(description="Why it was chosen, in one or two sentences.")
    stage: SupportStage | None = Field(
        default=None,
        description="For an in-progress suggestion, the child's current rung; otherwise null.",
    )
    next_step: SupportStep | None = Field(
        default=None,
        description="For an in-progress suggestion, the next rung of the ladder; otherwise null.",
    )
    perspectives: tuple[PerspectiveText, ...] = Field(
        default=(),
        description="Guidance from the perspective packs the caller chose (empty unless asked).",
    )

    @field_serializer("perspectives")
    def _as_list(self, value: tuple[PerspectiveText, ...]) -> list[PerspectiveText]:
        return list(value)  # a list, as in JSON: model_dump() equals the parsed JSON

    @classmethod
    def of(
        cls,
        item: Responsibility,
        kind: SuggestionKind,
        reason: str,
        *,
        stage: SupportStage | None = None,
        next_step: SupportStep | None = None,
    ) -> "Suggestion":
        """A suggestion of ``item`` (kept as its ``responsibility``), trusted as built."""
        made = cls.model_construct(
            id=item.id,
            title=item.title,
            category=item.category,
            kind=kind,
            introduce_at=item.introduce_at,
            independent_by=item.independent_by,
            reason=reason,
            stage=stage,
            next_step=next_step,
            perspectives=(),
        )
        made.__pydantic_private__["_responsibility"] = item  # type: ignore[index]
        return made

    def __repr_args__(self) -> Iterable[tuple[str | None, Any]]:
        yield "id", self.id
        yield "kind", self.kind.value
        yield "reason", self.reason


class Suggester:
    """The age-only suggestions of one :class:`~independence.index.Index`, with their reasons
    in one language (``messages``): each made once, then shared.

    A catalogue holds one (its records' index and its locale's sentences); the personalised
    queries of :mod:`independence.planning` build on it. Memoised per month of age (at most 216
    keys) and per item and kind; a race between threads only makes a value twice.
    """

    __slots__ = ("_closed", "_lock", "_made", "_now", "index", "messages")

    def __init__(self, index: "Index", messages: "Messages") -> None:
        self.index: Final = index
        self.messages: Final = messages
        self._now: dict[int, tuple[Suggestion, ...]] = {}
        self._closed: dict[int, tuple[str, ...]] = {}
        self._made: dict[tuple[str, SuggestionKind, bool], Suggestion] = {}
        self._lock = threading.Lock()

    def now(self, months: int) -> tuple[Suggestion, ...]:
        """Age-only suggestions for ``months``, in suggestion order."""
        found = self._now.get(months)
        if found is None:
            found = tuple(
                self.suggestion(item, SuggestionKind.NOW, False) for item in self.index.now(months)
            )
            with self._lock:
                self._now[months] = found
        return found

    def recently_closed(self, months: int, span: int) -> tuple[str, ...]:
        """:meth:`Index.recently_closed <independence.index.Index.recently_closed>`, memoised
        per month (``span`` is always the same for one suggester)."""
        found = self._closed.get(months)
        if found is None:
            found = self.index.recently_closed(months, span)
            with self._lock:
                self._closed[months] = found
        return found

    def suggestion(
        self, item: Responsibility, kind: SuggestionKind, personalised: bool
    ) -> Suggestion:
        """The suggestion of ``item`` as ``kind``, with the reason an age-only answer
        (``personalised=False``) or a personalised one gives."""
        key = (item.id, kind, personalised)
        found = self._made.get(key)
        if found is None:
            found = Suggestion.of(item, kind, self._reason(item, kind, personalised))
            with self._lock:
                self._made[key] = found
        return found

    def _reason(self, item: Responsibility, kind: SuggestionKind, personalised: bool) -> str:
        say = self.messages
        window = self.window(item)
        opens = self.index.unlocks.get(item.id, ())
        if kind is SuggestionKind.CATCH_UP:
            if opens:
                titles = say.titles([other.title for other in opens])
                return say("reason:catch-up", window=window, titles=titles)
            return say("reason:catch-up-alone", window=window)
        if not personalised:
            return say("reason:fits", window=window)
        if item.prerequisites:
            items = self.index.responsibilities
            titles = say.titles([items[p].title for p in item.prerequisites])
            return say("reason:ready-builds", titles=titles, window=window)
        return say("reason:ready-alone", window=window)

    def window(self, item: Responsibility) -> str:
        """ "most children start it ... by ..." for ``item``, in the suggester's language."""
        say = self.messages
        return say(
            "reason:window",
            start=say.at_age(item.introduce_at),
            rung=say(f"rung:{item.support_ladder[-1].stage.value}"),
            end=say.by_age(item.independent_by),
        )
