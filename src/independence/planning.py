"""Queries that read one child's :class:`~independence.Progress` against a catalogue.

:meth:`independence.Catalog.suggest` (with ``progress=``), :meth:`independence.Catalog.reviews_due`
and :meth:`independence.Catalog.search` call these; apps call the catalogue's methods.

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
from independence.model.responsibility import Responsibility, SupportStage, SupportStep
from independence.suggestions import WORTH_CHECKING_MONTHS, AboutItem

if TYPE_CHECKING:
    from independence.catalog import Catalog, _Index
    from independence.progress import ItemProgress, Progress
    from independence.suggestions import Suggestion, SuggestionKind

__all__ = [
    "Review",
    "add_months",
    "derived",
    "interval_for",
    "is_top",
    "mastered_ids",
    "next_step",
    "personalise",
    "reviews_due",
    "search",
    "suggest_from",
    "suggest_mastered",
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


def _checked(index: _Index, progress: Progress) -> None:
    from independence.errors import UnknownIdError

    known = index.responsibilities
    for entry in progress.items:
        if entry.id not in known:
            raise UnknownIdError("responsibility", entry.id, known)


def mastered_ids(index: _Index, progress: Progress) -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids mastered by ``progress``, and those recorded as mastered (in id order).

    The first holds the second and every prerequisite of it, all the way down.
    """
    top = _top_ranks(index)
    rank = _RANK
    explicit = tuple(e.id for e in progress.items if rank[e.stage] >= top[e.id])
    return _closure(index, explicit), explicit


def _top_ranks(index: _Index) -> dict[str, int]:
    top = index.top_rank
    if not top:
        top.update(
            (id, item.support_ladder[-1].stage.rank) for id, item in index.responsibilities.items()
        )
    return top


def _closure(index: _Index, explicit: tuple[str, ...]) -> frozenset[str]:
    if not explicit:
        return frozenset()
    return frozenset(explicit).union(*[_below(index, id) for id in explicit])


def _below(index: _Index, id: str) -> frozenset[str]:
    """Every prerequisite of ``id``, all the way down (memoised on the index)."""
    table = index.below
    found = table.get(id)
    if found is None:
        seen: set[str] = set()
        todo = list(index.needs[id])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(index.needs[current])
        found = table[id] = frozenset(seen)
    return found


class _Derived:
    """What one record (a progress, or a set of mastered ids) means against one catalogue.

    ``done``: mastered (recorded at the top, and everything below those); ``active``: the
    entries recorded below the top and not mastered, in suggestion order; ``recorded``: every
    id the record names. Memoised on the record, with its answers by month.
    """

    __slots__ = (
        "_because",
        "active",
        "active_ids",
        "answers",
        "done",
        "explicit",
        "index",
        "inferred",
        "items",
        "recorded",
    )

    def __init__(
        self,
        index: _Index,
        explicit: tuple[str, ...],
        active: tuple[ItemProgress, ...],
        items: object,
    ) -> None:
        self.index = index
        self.items = items  # a copy with other items must not reuse this reading
        self.explicit = explicit
        self.done = _closure(index, explicit)
        self.inferred = self.done.difference(explicit)  # mastered only by inference
        rank = index.rank
        self.active = tuple(
            sorted((e for e in active if e.id not in self.done), key=lambda e: rank[e.id])
        )
        self.active_ids = frozenset(e.id for e in self.active)
        self.recorded = self.done | self.active_ids
        self.answers: dict[int, tuple[Suggestion, ...]] = {}  # by age in months
        self._because: dict[str, str] | None = None

    @classmethod
    def of_progress(cls, index: _Index, progress: Progress) -> _Derived:
        _checked(index, progress)
        top, rank = _top_ranks(index), _RANK
        explicit = tuple(e.id for e in progress.items if rank[e.stage] >= top[e.id])
        return cls(index, explicit, progress.items, progress.items)

    def cause(self, id: str) -> str:
        """The first item recorded as mastered (in id order) that ``id`` lies under."""
        because = self._because
        if because is None:
            because = {}
            for top in self.explicit:
                for below in _below(self.index, top):
                    because.setdefault(below, top)
            self._because = because
        return because[id]


def derived(index: _Index, progress: Progress) -> _Derived:
    """The memoised reading of ``progress`` against ``index`` (checked on first use).

    ``Progress`` is immutable, so what it means for a catalogue never changes: the reading is
    kept on the record itself (outside its fields: equality and serialisation ignore it).
    """
    from independence.progress import Progress

    if not isinstance(progress, Progress):
        raise TypeError(f"progress must be a Progress, not {type(progress).__name__}")
    memo = progress._memo.readings
    found = memo.get(id(index))
    if found is None or found.index is not index or found.items is not progress.items:
        found = _Derived.of_progress(index, progress)
        if len(memo) >= 4:
            memo.clear()
        memo[id(index)] = found
    return found


def suggest_from(index: _Index, months: int, progress: Progress) -> list[Suggestion]:
    """The personalised answer for one child's record (see :func:`personalise`)."""
    return _answer_for(derived(index, progress), months)


def suggest_mastered(index: _Index, months: int, mastered: frozenset[str]) -> list[Suggestion]:
    """The personalised answer for a set of mastered ids: each as if recorded ``alone``."""
    table = index.mastered_readings
    found = table.get(mastered)
    if found is None:
        found = _Derived(index, tuple(sorted(mastered)), (), mastered)
        if len(table) >= 256:
            table.clear()
        table[mastered] = found
    return _answer_for(found, months)


def _answer_for(reading: _Derived, months: int) -> list[Suggestion]:
    answer = reading.answers.get(months)
    if answer is None:
        answer = tuple(personalise(reading.index, months, reading))
        if len(reading.answers) >= 216:
            reading.answers.clear()
        reading.answers[months] = answer
    return list(answer)


def personalise(index: _Index, months: int, reading: _Derived) -> list[Suggestion]:
    """Recorded beats presumed: the answer for one record at ``months``.

    1. *in-progress*: every item recorded below the top of its ladder and not mastered,
       whatever the age, in suggestion order.
    2. *now*: every unrecorded item whose window ``[introduce_at, independent_by)`` holds the
       age and whose prerequisites are all *met*, in suggestion order.
    3. *catch-up* ("worth checking"): every unrecorded item whose window closed in the last
       :data:`WORTH_CHECKING_MONTHS` months (``0 <= months - independent_by < 24``) and whose
       prerequisites are all met, the most recently closed first, then in suggestion order.

    A prerequisite is met when it is mastered (recorded at the top, or below an item that
    is), or unrecorded with its window closed (presumed learned). One recorded below the top,
    or unrecorded with its window still open, is not met. A *now* item whose prerequisites
    are all mastered is "ready now" (its reason names them); one resting on a presumed
    prerequisite gets the age-only reason, "fits this age".
    """
    from independence.suggestions import SuggestionKind

    done, active_ids, recorded = reading.done, reading.active_ids, reading.recorded
    inferred = reading.inferred
    end, needs = index.independent, index.needs

    def met(ids: frozenset[str]) -> bool:
        for p in ids:
            if p in done:
                continue
            if p in active_ids or end[p] > months:
                return False
        return True

    found = [_in_progress(index, entry) for entry in reading.active]
    for item in index.now(months):
        id = item.responsibility.id
        if id in recorded or not met(needs[id]):
            continue
        if needs[id] <= done:  # every prerequisite mastered (or none): ready now
            made = index.suggestion(item.responsibility, SuggestionKind.NOW, True)
            if inferred and not needs[id].isdisjoint(inferred):
                made = _noted(index, made, reading)
        else:  # some prerequisite only presumed: it fits the age, nothing more is claimed
            made = item
        found.append(made)
    for id in index.recently_closed(months, WORTH_CHECKING_MONTHS):
        if id in recorded or not met(needs[id]):
            continue
        found.append(_worth_checking(index, id))
    return found


def _worth_checking(index: _Index, id: str) -> Suggestion:
    from independence.suggestions import SuggestionKind

    table = index.unrecorded
    made = table.get(id)
    if made is None:
        item = index.responsibilities[id]
        made = table[id] = _construct(
            item,
            SuggestionKind.CATCH_UP,
            index.messages("reason:worth-checking", window=index.window(item)),
        )
    return made


def _in_progress(index: _Index, entry: ItemProgress) -> Suggestion:
    from independence.suggestions import SuggestionKind

    key = (entry.id, entry.stage)
    table = index.active
    found = table.get(key)
    if found is None:
        item = index.responsibilities[entry.id]
        step = next_step(item, entry.stage)
        assert step is not None  # not mastered, so below the top rung: a higher rung exists
        say = index.messages
        found = _construct(
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


def _construct(
    item: Responsibility,
    kind: SuggestionKind,
    reason: str,
    *,
    stage: SupportStage | None = None,
    next_step: SupportStep | None = None,
) -> Suggestion:
    from independence.suggestions import Suggestion

    return Suggestion.of(item, kind, reason, stage=stage, next_step=next_step)


def _noted(index: _Index, suggestion: Suggestion, reading: _Derived) -> Suggestion:
    """``suggestion``, its reason saying which prerequisites count as mastered by inference."""
    item = suggestion.responsibility
    inferred = tuple((p, reading.cause(p)) for p in item.prerequisites if p in reading.inferred)
    key = (item.id, suggestion.kind, inferred)
    found = index.noted.get(key)
    if found is not None:
        return found
    items = index.responsibilities
    say = index.messages
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
        window=index.window(item),
    )
    found = _construct(item, suggestion.kind, reason)
    if len(index.noted) >= _CACHE_LIMIT:
        index.noted.clear()
    index.noted[key] = found
    return found


# ------------------------------------------------------------------------------ reviews


def reviews_due(
    catalog: Catalog, index: _Index, progress: Progress, on: date | None
) -> tuple[Review, ...]:
    """See :meth:`independence.Catalog.reviews_due` (``index`` is the catalogue's)."""
    reading = derived(index, progress)
    day = date.today() if on is None else on
    if not isinstance(day, date):
        raise TypeError(f"on must be a datetime.date, not {type(day).__name__}")
    found = []
    for entry in reading.active:
        item = index.responsibilities[entry.id]
        step = next_step(item, entry.stage)
        assert step is not None  # in progress, so below the top rung
        interval = interval_for(catalog, item, progress, entry.last_checked)
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


def interval_for(catalog: Catalog, item: Responsibility, progress: Progress, since: date) -> int:
    """The review interval of ``item`` for this child, counted from ``since``.

    The item's own ``review_interval_months`` if it has one; else that of the band of the
    child's age on ``since`` (from the birth date kept on the progress, corrected for
    prematurity; the first band for a day before the birth, the last from 18 on); with no
    birth date, that of the band in which the item is introduced.
    """
    if item.review_interval_months is not None:
        return item.review_interval_months
    if progress.birth_date is not None:
        when = max(since, progress.birth_date)  # a stage dated before the birth: at birth
        try:
            age = Age.from_birthdate(progress.birth_date, on=when, due=progress.due_date)
        except ValueError:  # 18 or older by then: the oldest band still applies
            return catalog.bands[-1].review_interval_months
        return catalog.band_for(age).review_interval_months
    return catalog.band_for(item.introduce_at).review_interval_months


# ------------------------------------------------------------------------------ search


def search(index: _Index, text: str, limit: int | None) -> tuple[Responsibility, ...]:
    """See :meth:`independence.Catalog.search` (``index`` is the catalogue's)."""
    if not isinstance(text, str):
        raise TypeError(f"search text must be a string, not {type(text).__name__}")
    words = text.casefold().split()
    if not words:
        raise ValueError("search for at least one word")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a whole number of 0 or more, not {limit!r}")
    haystacks = index.haystacks
    if haystacks is None:
        haystacks = index.haystacks = [
            (item, item.title.casefold(), f"{item.title} {item.summary}".casefold())
            for item in index.ordered
        ]
    in_title: list[Responsibility] = []
    in_summary: list[Responsibility] = []
    for item, title, both in haystacks:
        if all(word in both for word in words):
            (in_title if all(word in title for word in words) else in_summary).append(item)
    found = (*in_title, *in_summary)
    return found if limit is None else found[:limit]
