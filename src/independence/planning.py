"""Queries that read one child's :class:`~independence.Progress` against an index.

A :class:`Planner` answers them for one :class:`~independence.index.Index` and one language
(a :class:`~independence.suggestions.Suggester`), keeping its own caches; it never sees a
catalogue. :meth:`independence.Catalog.suggest` (with ``progress=`` or ``mastered=``),
:meth:`independence.Catalog.reviews_due` and :meth:`independence.Catalog.search` call it;
apps call the catalogue's methods.

Mastery: an item is mastered when its recorded stage is ``alone``, or the top rung of its own
ladder (some ladders stop at ``nearby`` or ``check-in``: for a toddler's task, or one that always
keeps a check-in). Every prerequisite of a mastered item is mastered too, all the way down,
whatever stage was recorded for it.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

from pydantic import Field, field_serializer

from independence.age import Age
from independence.errors import UnknownIdError
from independence.index import Index
from independence.model.responsibility import Responsibility, SupportStage, SupportStep
from independence.progress import Progress
from independence.suggestions import (
    WORTH_CHECKING_MONTHS,
    AboutItem,
    Suggester,
    Suggestion,
    SuggestionKind,
)

if TYPE_CHECKING:
    from independence.progress import ItemProgress

__all__ = [
    "Planner",
    "Review",
    "add_months",
    "interval_for",
    "is_top",
    "mastered_ids",
    "next_step",
]

_CACHE_LIMIT = 4096
_RANK = {stage: stage.rank for stage in SupportStage}  # alone is the highest: always the top


class Review(AboutItem):
    """One item whose review has come due: what to sit down and revisit with the child.

    Plain data that reads back from its own JSON: the item's id and title, the stage, the
    dates, and what to revisit.
    """

    stage: SupportStage = Field(description="The current rung of the ladder.")
    counted_from: date = Field(
        description="The day the current stage was reached, or of its last review."
    )
    interval_months: int = Field(description="The review interval that applies, in months.")
    due: date = Field(description="'counted_from' plus the interval: when the review came due.")
    next_step: SupportStep = Field(description="The next rung of the item's ladder, to talk about.")
    guiding_questions: tuple[str, ...] = Field(
        description="Questions that let the child practise the decision."
    )

    @field_serializer("guiding_questions")
    def _as_list(self, value: tuple[str, ...]) -> list[str]:
        return list(value)  # a list, as in JSON: model_dump() equals the parsed JSON

    @classmethod
    def of(
        cls,
        item: Responsibility,
        *,
        stage: SupportStage,
        counted_from: date,
        interval_months: int,
        due: date,
        next_step: SupportStep,
    ) -> Review:
        """The review of ``item`` (kept as its ``responsibility``)."""
        return cls(
            id=item.id,
            title=item.title,
            stage=stage,
            counted_from=counted_from,
            interval_months=interval_months,
            due=due,
            next_step=next_step,
            guiding_questions=item.guiding_questions,
        ).with_record(item)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole ``months``; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def is_top(item: Responsibility, stage: SupportStage) -> bool:
    """Whether ``stage`` is ``alone`` or at (or past) the top rung of ``item``'s ladder."""
    return stage is SupportStage.ALONE or stage.rank >= item.support_ladder[-1].stage.rank


def next_step(item: Responsibility, stage: SupportStage) -> SupportStep | None:
    """The first rung of ``item``'s ladder above ``stage`` (``None`` if there is none)."""
    rank = stage.rank
    return next((step for step in item.support_ladder if step.stage.rank > rank), None)


def _checked(index: Index, progress: Progress) -> None:
    known = index.responsibilities
    for entry in progress.items:
        if entry.id not in known:
            raise UnknownIdError("responsibility", entry.id, known)


def mastered_ids(index: Index, progress: Progress) -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids mastered by ``progress``, and those recorded as mastered (in id order).

    The first holds the second and every prerequisite of it, all the way down.
    """
    top, rank = index.top_rank, _RANK
    explicit = tuple(e.id for e in progress.items if rank[e.stage] >= top[e.id])
    if not explicit:
        return frozenset(), explicit
    return frozenset(explicit).union(*[index.below(id) for id in explicit]), explicit


class _Derived:
    """What one record (a progress, or a set of mastered ids) means against one index.

    ``done``: mastered (recorded at the top, and everything below those); ``active``: the
    entries recorded below the top and not mastered, in suggestion order; ``recorded``: every
    id the record names. Memoised by the planner, with its answers by month.
    """

    __slots__ = (
        "_because",
        "active",
        "active_ids",
        "answers",
        "done",
        "explicit",
        "inferred",
        "items",
        "planner",
        "recorded",
    )

    def __init__(
        self,
        planner: Planner,
        explicit: tuple[str, ...],
        active: tuple[ItemProgress, ...],
        items: object,
    ) -> None:
        self.planner = planner
        self.items = items  # a copy with other items must not reuse this reading
        self.explicit = explicit
        self.done = planner.closure(explicit)
        self.inferred = self.done.difference(explicit)  # mastered only by inference
        rank = planner.index.rank
        self.active = tuple(
            sorted((e for e in active if e.id not in self.done), key=lambda e: rank[e.id])
        )
        self.active_ids = frozenset(e.id for e in self.active)
        self.recorded = self.done | self.active_ids
        self.answers: dict[int, tuple[Suggestion, ...]] = {}  # by age in months
        self._because: dict[str, str] | None = None

    def cause(self, id: str) -> str:
        """The first item recorded as mastered (in id order) that ``id`` lies under."""
        because = self._because
        if because is None:
            because = {}
            for top in self.explicit:
                for below in self.planner.below(top):
                    because.setdefault(below, top)
            self._because = because
        return because[id]


class Planner:
    """The personalised queries over one index, in one language, with their caches.

    Built from a :class:`~independence.suggestions.Suggester` (the index and the sentences of
    the reasons). Every answer depends only on the index, the language and the query's
    arguments, so each is worked out once and kept (each cache bounded); a race between threads
    only works a value out twice. A catalogue keeps one, made on first use.
    """

    def __init__(self, suggester: Suggester) -> None:
        self.suggester = suggester
        self.index = suggester.index
        self._below: dict[str, frozenset[str]] = {}
        self._active: dict[tuple[str, SupportStage], Suggestion] = {}
        self._unrecorded: dict[str, Suggestion] = {}
        self._by_mastered: dict[frozenset[str], _Derived] = {}
        # by the identity of a progress record's items (the reading holds them, so an id is
        # never reused while its entry lives): what each record means, with its answers
        self._by_progress: dict[int, _Derived] = {}
        self._haystacks: tuple[tuple[Responsibility, str, str], ...] | None = None
        self._noted_cache: dict[
            tuple[str, SuggestionKind, tuple[tuple[str, str], ...]], Suggestion
        ] = {}

    # -------------------------------------------------------------------------- readings

    def below(self, id: str) -> frozenset[str]:
        """Every prerequisite of ``id``, all the way down (memoised)."""
        found = self._below.get(id)
        if found is None:
            found = self._below[id] = self.index.below(id)
        return found

    def closure(self, explicit: tuple[str, ...]) -> frozenset[str]:
        """``explicit`` and every prerequisite of each, all the way down."""
        if not explicit:
            return frozenset()
        return frozenset(explicit).union(*[self.below(id) for id in explicit])

    def reading(self, progress: Progress) -> _Derived:
        """What ``progress`` means against the index (checked on first use, then kept)."""
        if not isinstance(progress, Progress):
            raise TypeError(f"progress must be a Progress, not {type(progress).__name__}")
        items = progress.items
        table = self._by_progress
        found = table.get(id(items))
        if found is None or found.items is not items:
            index = self.index
            _checked(index, progress)
            top, rank = index.top_rank, _RANK
            explicit = tuple(e.id for e in items if rank[e.stage] >= top[e.id])
            found = _Derived(self, explicit, items, items)
            if len(table) >= 256:
                table.clear()
            table[id(items)] = found
        return found

    # -------------------------------------------------------------------------- suggestions

    def suggest_from(self, months: int, progress: Progress) -> list[Suggestion]:
        """The personalised answer for one child's record (see :meth:`personalise`)."""
        return self._answer_for(self.reading(progress), months)

    def suggest_mastered(self, months: int, mastered: frozenset[str]) -> list[Suggestion]:
        """The personalised answer for a set of mastered ids: each as if recorded ``alone``."""
        table = self._by_mastered
        found = table.get(mastered)
        if found is None:
            found = _Derived(self, tuple(sorted(mastered)), (), mastered)
            if len(table) >= 256:
                table.clear()
            table[mastered] = found
        return self._answer_for(found, months)

    def _answer_for(self, reading: _Derived, months: int) -> list[Suggestion]:
        answer = reading.answers.get(months)
        if answer is None:
            answer = tuple(self.personalise(months, reading))
            if len(reading.answers) >= 216:
                reading.answers.clear()
            reading.answers[months] = answer
        return list(answer)

    def personalise(self, months: int, reading: _Derived) -> list[Suggestion]:
        """Recorded beats presumed: the answer for one record at ``months``.

        1. *in-progress*: every item recorded below the top of its ladder and not mastered,
           whatever the age, in suggestion order.
        2. *now*: every unrecorded item whose window ``[introduce_at, independent_by)`` holds
           the age and whose prerequisites are all *met*, in suggestion order.
        3. *catch-up* ("worth checking"): every unrecorded item whose window closed in the last
           :data:`WORTH_CHECKING_MONTHS` months (``0 <= months - independent_by < 24``) and
           whose prerequisites are all met, the most recently closed first, then in suggestion
           order.

        A prerequisite is met when it is mastered (recorded at the top, or below an item that
        is), or unrecorded with its window closed (presumed learned). One recorded below the
        top, or unrecorded with its window still open, is not met. A *now* item whose
        prerequisites are all mastered is "ready now" (its reason names them); one resting on
        a presumed prerequisite gets the age-only reason, "fits this age".
        """
        done, active_ids, recorded = reading.done, reading.active_ids, reading.recorded
        inferred = reading.inferred
        index, suggester = self.index, self.suggester
        end, needs = index.independent, index.needs

        def met(ids: frozenset[str]) -> bool:
            for p in ids:
                if p in done:
                    continue
                if p in active_ids or end[p] > months:
                    return False
            return True

        found = [self._in_progress(entry) for entry in reading.active]
        for item in suggester.now(months):
            id = item.responsibility.id
            if id in recorded or not met(needs[id]):
                continue
            if needs[id] <= done:  # every prerequisite mastered (or none): ready now
                made = suggester.suggestion(item.responsibility, SuggestionKind.NOW, True)
                if inferred and not needs[id].isdisjoint(inferred):
                    made = self._noted(made, reading)
            else:  # some prerequisite only presumed: it fits the age, nothing more is claimed
                made = item
            found.append(made)
        for id in suggester.recently_closed(months, WORTH_CHECKING_MONTHS):
            if id in recorded or not met(needs[id]):
                continue
            found.append(self._worth_checking(id))
        return found

    def _worth_checking(self, id: str) -> Suggestion:
        table = self._unrecorded
        made = table.get(id)
        if made is None:
            item = self.index.responsibilities[id]
            say = self.suggester.messages
            made = table[id] = Suggestion.of(
                item,
                SuggestionKind.CATCH_UP,
                say("reason:worth-checking", window=self.suggester.window(item)),
            )
        return made

    def _in_progress(self, entry: ItemProgress) -> Suggestion:
        key = (entry.id, entry.stage)
        table = self._active
        found = table.get(key)
        if found is None:
            item = self.index.responsibilities[entry.id]
            step = next_step(item, entry.stage)
            assert step is not None  # not mastered, so below the top rung: a higher rung exists
            say = self.suggester.messages
            found = Suggestion.of(
                item,
                SuggestionKind.IN_PROGRESS,
                say(
                    "reason:in-progress",
                    stage=say("titles:quoted", title=say(f"stage:{entry.stage.value}")),
                    next=say("titles:quoted", title=say(f"stage:{step.stage.value}")),
                    description=step.description.rstrip(".。"),
                ),
                stage=entry.stage,
                next_step=step,
            )
            if len(table) >= _CACHE_LIMIT:
                table.clear()
            table[key] = found
        return found

    def _noted(self, suggestion: Suggestion, reading: _Derived) -> Suggestion:
        """``suggestion``, its reason saying which prerequisites count as mastered by
        inference."""
        item = suggestion.responsibility
        inferred = tuple((p, reading.cause(p)) for p in item.prerequisites if p in reading.inferred)
        key = (item.id, suggestion.kind, inferred)
        table = self._noted_cache
        found = table.get(key)
        if found is not None:
            return found
        items = self.index.responsibilities
        say = self.suggester.messages
        notes = "; ".join(
            say(
                "reason:inferred",
                title=say("titles:quoted", title=items[p].title),
                by=say("titles:quoted", title=items[by].title),
            )
            for p, by in inferred
        )
        reason = say(
            "reason:ready-builds-inferred",
            titles=say.titles([items[p].title for p in item.prerequisites]),
            notes=notes,
            window=self.suggester.window(item),
        )
        found = Suggestion.of(item, suggestion.kind, reason)
        if len(table) >= _CACHE_LIMIT:
            table.clear()
        table[key] = found
        return found

    # -------------------------------------------------------------------------- reviews

    def reviews_due(self, progress: Progress, on: date | None) -> tuple[Review, ...]:
        """See :meth:`independence.Catalog.reviews_due`."""
        reading = self.reading(progress)
        index = self.index
        day = date.today() if on is None else on
        if not isinstance(day, date):
            raise TypeError(f"on must be a datetime.date, not {type(day).__name__}")
        found = []
        for entry in reading.active:
            item = index.responsibilities[entry.id]
            step = next_step(item, entry.stage)
            assert step is not None  # in progress, so below the top rung
            interval = interval_for(index, item, progress, entry.last_checked)
            due = add_months(entry.last_checked, interval)
            if due <= day:
                found.append(
                    Review.of(
                        item,
                        stage=entry.stage,
                        counted_from=entry.last_checked,
                        interval_months=interval,
                        due=due,
                        next_step=step,
                    )
                )
        found.sort(key=lambda r: (r.due, r.counted_from, index.rank[r.id]))
        return tuple(found)

    # -------------------------------------------------------------------------- search

    def search(self, text: str, limit: int | None) -> tuple[Responsibility, ...]:
        """See :meth:`independence.Catalog.search`."""
        if not isinstance(text, str):
            raise TypeError(f"search text must be a string, not {type(text).__name__}")
        words = text.casefold().split()
        if not words:
            raise ValueError("search for at least one word")
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise ValueError(f"limit must be a whole number of 0 or more, not {limit!r}")
        haystacks = self._haystacks
        if haystacks is None:
            haystacks = self._haystacks = tuple(
                (item, item.title.casefold(), f"{item.title} {item.summary}".casefold())
                for item in self.index.ordered
            )
        in_title: list[Responsibility] = []
        in_summary: list[Responsibility] = []
        for item, title, both in haystacks:
            if all(word in both for word in words):
                (in_title if all(word in title for word in words) else in_summary).append(item)
        found = (*in_title, *in_summary)
        return found if limit is None else found[:limit]


def interval_for(index: Index, item: Responsibility, progress: Progress, since: date) -> int:
    """The review interval of ``item`` for this child, counted from ``since``.

    The item's own ``review_interval_months`` if it has one; else that of the band of the
    child's age on ``since`` (from the birth date kept on the progress, corrected for
    prematurity; the first band for a day before the birth, the last from 18 on); with no
    birth date, that of the band in which the item is introduced.
    """
    if item.review_interval_months is not None:
        return item.review_interval_months
    by_month = index.band_by_month
    if progress.birth_date is not None:
        when = max(since, progress.birth_date)  # a stage dated before the birth: at birth
        try:
            age = Age.from_birthdate(progress.birth_date, on=when, due=progress.due_date)
        except ValueError:  # 18 or older by then: the oldest band still applies
            return index.bands_in_order[-1].review_interval_months
        return by_month[age.total_months].review_interval_months
    return by_month[item.introduce_at.total_months].review_interval_months
