"""The index of one set of records: lookups by id and the orders the queries read.

An :class:`Index` is built from records (those of a :class:`~independence.Catalog`, or any
others) and holds only what follows from them: tables by id, the suggestion order, what each
item unlocks, the band of every month. It knows no language and no region, and it is never
changed after it is built, so it is safe to share between threads and between catalogues that
hold the same records in different languages. The queries of :mod:`independence.planning`
take it; :attr:`Catalog.index <independence.Catalog.index>` gives a catalogue's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from independence._collector import settle
from independence.age import MAX_MONTHS
from independence.model import (
    AgeBand,
    Category,
    CheckInPolicy,
    EscalationPolicy,
    Responsibility,
    Schedule,
    Source,
)
from independence.model.perspective import PerspectiveNote, PerspectivePack

__all__ = ["Index", "window_end"]

T = TypeVar("T")

#: records indexed between two calls of :func:`~independence._collector.settle`: few enough
#: that the young generation never fills in between (see :mod:`independence._collector`)
_SETTLE_EVERY = 50


def _by_id(items: Iterable[T]) -> dict[str, T]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]


def window_end(item: Responsibility) -> int:
    """The first month in which ``item`` no longer fits an age-only suggestion.

    That is its ``independent_by``, except at the very end of childhood: an item that most
    children do alone by 17y11m (the last month there is) stays open through that month, since
    there is no later age at which it could become catch-up.
    """
    return _window_end(item.independent_by.total_months)


def _window_end(end: int) -> int:
    """:func:`window_end` of an item whose ``independent_by`` is ``end`` months."""
    return MAX_MONTHS if end == MAX_MONTHS - 1 else end


class Index:
    """Lookups and orders of one set of records, built once and read-only afterwards.

    Every table is a read-only mapping; assigning an attribute after construction is an
    ``AttributeError``. *Suggestion order* (``ordered``, ``rank``): the earliest
    ``independent_by`` first, then the earliest ``introduce_at``, then the category order of
    the records, then their own order. Records that share an id (a catalogue refuses them; an
    index takes any records): each table by id describes the last one given, as
    ``responsibilities`` does, and ``rank`` is the later place of the two; ``ordered``,
    ``unlocks`` and ``by_category`` hold both.
    """

    __slots__ = (
        "band_by_month",
        "bands",
        "bands_in_order",
        "by_category",
        "categories",
        "check_ins",
        "escalations",
        "independent",
        "introduce",
        "needs",
        "notes",
        "ordered",
        "perspectives",
        "rank",
        "responsibilities",
        "responsibility_ids",
        "schedules",
        "sources",
        "top_rank",
        "unlocks",
    )

    responsibilities: Mapping[str, Responsibility]
    """The responsibilities by id."""
    responsibility_ids: frozenset[str]
    """The ids of every responsibility (what a progress record is checked against)."""
    check_ins: Mapping[str, CheckInPolicy]
    """The check-in policies by id."""
    escalations: Mapping[str, EscalationPolicy]
    """The escalation policies by id."""
    schedules: Mapping[str, Schedule]
    """The schedules by id."""
    categories: Mapping[str, Category]
    """The categories by id, in their order."""
    bands: Mapping[str, AgeBand]
    """The age bands by id."""
    bands_in_order: tuple[AgeBand, ...]
    """The age bands, youngest first."""
    sources: Mapping[str, Source]
    """The sources by id."""
    perspectives: Mapping[str, PerspectivePack]
    """The perspective packs by id."""
    notes: Mapping[str, Mapping[str, PerspectiveNote]]
    """Per perspective pack, its notes by the id of the band or item they are about."""
    band_by_month: tuple[AgeBand, ...]
    """The band of each month of age, from 0."""
    ordered: tuple[Responsibility, ...]
    """The responsibilities in suggestion order."""
    rank: Mapping[str, int]
    """Each responsibility's place in suggestion order."""
    unlocks: Mapping[str, tuple[Responsibility, ...]]
    """Per id, the items that list it as a prerequisite, in suggestion order."""
    by_category: Mapping[str, tuple[Responsibility, ...]]
    """Per category, its responsibilities, youngest first."""
    introduce: Mapping[str, int]
    """Per id, its ``introduce_at`` in months."""
    independent: Mapping[str, int]
    """Per id, the first month it no longer fits an age-only suggestion (:func:`window_end`)."""
    needs: Mapping[str, frozenset[str]]
    """Per id, its prerequisites."""
    top_rank: Mapping[str, int]
    """Per id, the rank of the top rung of its support ladder."""

    def __init__(
        self,
        *,
        responsibilities: Iterable[Responsibility] = (),
        bands: Iterable[AgeBand] = (),
        categories: Iterable[Category] = (),
        check_in_policies: Iterable[CheckInPolicy] = (),
        escalation_policies: Iterable[EscalationPolicy] = (),
        schedules: Iterable[Schedule] = (),
        sources: Iterable[Source] = (),
        perspectives: Iterable[PerspectivePack] = (),
    ) -> None:
        items = tuple(responsibilities)
        in_order = tuple(sorted(bands, key=lambda band: band.from_month))
        groups = tuple(categories)
        packs = tuple(perspectives)
        category_rank = {category.id: rank for rank, category in enumerate(groups)}
        table = _by_id(items)
        # Each record is read once, here, in the data's order, for everything the tables need;
        # the passes in suggestion order read only these lists. At scale, reading every record
        # again in another order costs far more than the work done with it (the records lie all
        # over memory), and so do tuples holding records, which the collector looks through.
        # Suggestion order's last key is the record's place in the data (the last place of an
        # id given twice, which only records that a catalogue refuses can have).
        last = None if len(table) == len(items) else {item.id: n for n, item in enumerate(items)}
        unranked = len(category_rank)
        keys: list[tuple[int, int, int, int, int]] = []  # numbers only: see above
        ids: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        needed: list[tuple[str, ...]] = []
        grouped: list[str] = []
        tops: list[int] = []
        for n, item in enumerate(items):
            id_ = item.id
            start = item.introduce_at.total_months
            end = item.independent_by.total_months
            ids.append(id_)
            starts.append(start)
            ends.append(_window_end(end))
            needed.append(item.prerequisites)
            grouped.append(item.category)
            tops.append(item.support_ladder[-1].stage.rank)
            keys.append(
                (
                    end,
                    start,
                    category_rank.get(item.category, unranked),
                    n if last is None else last[id_],
                    n,
                )
            )
            if not n % _SETTLE_EVERY:  # inside a load: what is built leaves the collector's
                settle()  # passes before the young generation fills
        keys.sort()  # ``n`` is never the same twice
        settle()
        # each record's place in suggestion order, by its place in the data: the tables by id
        # are then made in the data's order, from lists (an id given twice: its last record)
        place_of = [0] * len(items)
        for place, key in enumerate(keys):
            place_of[key[4]] = place
        ordered = tuple(items[key[4]] for key in keys)
        del keys
        settle()
        rank: dict[str, int] = {}
        if last is None:
            rank = dict(zip(ids, place_of, strict=True))
        else:  # an id given twice: its later place in suggestion order
            for id_, place in zip(ids, place_of, strict=True):
                rank[id_] = max(place, rank.get(id_, place))
        introduce = dict(zip(ids, starts, strict=True))
        independent = dict(zip(ids, ends, strict=True))
        needs = dict(zip(ids, map(frozenset, needed), strict=True))
        top_rank = dict(zip(ids, tops, strict=True))
        settle()
        # what each item unlocks, in suggestion order: the places of its dependants, sorted
        opening: dict[str, list[int]] = {}
        for n, prerequisites in enumerate(needed):
            for prerequisite in prerequisites:
                opened = opening.get(prerequisite)
                if opened is None:
                    opening[prerequisite] = [place_of[n]]
                else:
                    opened.append(place_of[n])
        del needed
        settle()
        unlocked = {
            id: tuple(ordered[place] for place in sorted(places)) for id, places in opening.items()
        }
        del opening
        settle()
        by_category: dict[str, list[Responsibility]] = {c.id: [] for c in groups}
        for n in sorted(range(len(items)), key=starts.__getitem__):  # stable: data order
            group = by_category.get(grouped[n])
            if group is None:
                by_category[grouped[n]] = [items[n]]
            else:
                group.append(items[n])
        settle()
        set_ = object.__setattr__
        set_(self, "responsibilities", MappingProxyType(table))
        set_(self, "responsibility_ids", frozenset(table))
        set_(self, "check_ins", MappingProxyType(_by_id(check_in_policies)))
        set_(self, "escalations", MappingProxyType(_by_id(escalation_policies)))
        set_(self, "schedules", MappingProxyType(_by_id(schedules)))
        set_(self, "categories", MappingProxyType(_by_id(groups)))
        set_(self, "bands", MappingProxyType(_by_id(in_order)))
        set_(self, "bands_in_order", in_order)
        set_(self, "sources", MappingProxyType(_by_id(sources)))
        set_(self, "perspectives", MappingProxyType(_by_id(packs)))
        set_(
            self,
            "notes",
            MappingProxyType(
                {
                    pack.id: MappingProxyType(
                        {note.id: note for note in (*pack.bands, *pack.responsibilities)}
                    )
                    for pack in packs
                }
            ),
        )
        set_(
            self,
            "band_by_month",
            tuple(band for band in in_order for _ in range(band.from_month, band.to_month)),
        )
        set_(self, "ordered", ordered)
        set_(self, "rank", MappingProxyType(rank))
        set_(self, "unlocks", MappingProxyType(unlocked))
        set_(self, "by_category", MappingProxyType({id: tuple(v) for id, v in by_category.items()}))
        set_(self, "introduce", MappingProxyType(introduce))
        set_(self, "independent", MappingProxyType(independent))
        set_(self, "needs", MappingProxyType(needs))
        set_(self, "top_rank", MappingProxyType(top_rank))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an Index is read-only: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Index is read-only: {name!r} cannot be deleted")

    def __repr__(self) -> str:
        return f"Index({len(self.responsibilities)} responsibilities, {len(self.bands)} bands)"

    def now(self, months: int) -> tuple[Responsibility, ...]:
        """The items whose window holds ``months`` (``introduce <= months < end``), in
        suggestion order."""
        introduce, end = self.introduce, self.independent
        return tuple(i for i in self.ordered if introduce[i.id] <= months < end[i.id])

    def recently_closed(self, months: int, span: int) -> tuple[str, ...]:
        """Ids whose window closed in the last ``span`` months (``0 <= months - end < span``).

        The most recently closed first, then in suggestion order.
        """
        end, rank = self.independent, self.rank
        return tuple(
            item.id
            for item in sorted(
                (i for i in self.ordered if 0 <= months - end[i.id] < span),
                key=lambda i: (-end[i.id], rank[i.id]),
            )
        )

    def below(self, id: str) -> frozenset[str]:
        """Every prerequisite of ``id``, all the way down."""
        needs = self.needs
        seen: set[str] = set()
        todo = list(needs[id])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(needs[current])
        return frozenset(seen)
