"""The catalogue: one loaded data set, its indexes and the queries apps make of it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import Field, PrivateAttr, model_validator

from independence._collector import settle
from independence.age import MAX_MONTHS, Age, months_of
from independence.checks import check_parts
from independence.errors import CatalogError, Problem, UnknownIdError, format_path
from independence.messages import ENGLISH, SOURCE_LOCALE, Messages
from independence.model import (
    AgeBand,
    CatalogInfo,
    Category,
    CheckInPolicy,
    EscalationPolicy,
    Responsibility,
    RiskLevel,
    RiskLevelName,
    Schedule,
    Source,
    SupportStage,
)
from independence.model.base import Record
from independence.model.perspective import PerspectivePack
from independence.model.sections import KIND_NAMES, SECTIONS
from independence.records import Origin, Parts, Section
from independence.suggestions import PerspectiveText, Suggestion, SuggestionKind

if TYPE_CHECKING:  # the queries are imported when first used, not for a plain load
    from datetime import date, datetime, tzinfo

    from independence.data_warnings import DataWarning
    from independence.escalation import EscalationState, Pause, Timeline
    from independence.planning import Review
    from independence.progress import Progress
    from independence.sun import Place

__all__ = [
    "Catalog",
    "DisabledItem",
    "PerspectiveText",
    "ProvenanceEntry",
    "Suggestion",
    "SuggestionKind",
]

T = TypeVar("T")


class ProvenanceEntry(Record):
    """One file that shaped a record: where, what it did, and the fields it set."""

    file: str | None = Field(
        description="The file that set it; null for records built in a program."
    )
    line: int | None = Field(
        description="The line in that file, counting from 1; null when unknown."
    )
    action: str = Field(description="``defined``, ``override`` or ``shift``.")
    fields: tuple[str, ...] = Field(description="The fields this file set.")


class DisabledItem(Record):
    """A record an overlay took out of the catalogue, and why."""

    section: str = Field(description="The section the record was in (such as 'responsibilities').")
    id: str = Field(description="The record's id.")
    reason: str = Field(description="Why the overlay took it out.")
    file: str | None = Field(description="The overlay file that took it out; null when unknown.")
    line: int | None = Field(description="The line in that file; null when unknown.")


class Catalog(Record):
    """One validated data set with its indexes. Immutable and safe to share between threads.

    Build one with :func:`independence.load_catalog` or :func:`independence.default_catalog`.
    Built directly from records, the same cross-record checks run (without file positions).
    """

    info: CatalogInfo = Field(description="What the data set is: name, version, language.")
    sources: tuple[Source, ...] = Field(default=(), description="Every source the records cite.")
    bands: tuple[AgeBand, ...] = Field(min_length=1, description="Age bands, youngest first.")
    categories: tuple[Category, ...] = Field(
        default=(), description="The categories, in their order."
    )
    responsibilities: tuple[Responsibility, ...] = Field(
        default=(), description="The responsibilities, in the data's order."
    )
    check_in_policies: tuple[CheckInPolicy, ...] = Field(
        default=(), description="The check-in policies."
    )
    escalation_policies: tuple[EscalationPolicy, ...] = Field(
        default=(), description="The escalation policies."
    )
    schedules: tuple[Schedule, ...] = Field(
        default=(), description="Recurring check-ins (a family's own data; none by default)."
    )
    perspectives: tuple[PerspectivePack, ...] = Field(
        default=(),
        description="Optional perspective packs, shown only when an app asks for one.",
    )
    disabled: tuple[DisabledItem, ...] = Field(
        default=(), description="Records that overlays took out, with their reasons."
    )

    # private attributes are read through _ix() and _kept_parts() (see there), never as self._x
    _index: _Index = PrivateAttr()
    # the loader's records with their origins (files and lines), kept in memory so that
    # provenance() and with_overlays() never read the disk again
    _parts: Parts | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_checks(self) -> Catalog:
        findings = check_parts(self._as_parts())
        if findings:
            raise CatalogError(
                Problem(None, None, None, format_path((*f.origin.path, *f.subpath)), f.text())
                for f in findings
            )
        return self

    def _as_parts(self) -> Parts:
        """The records as loader parts (with their origins when the loader built this)."""
        kept = _kept_parts(self)
        if kept is not None:
            return kept.copy()
        parts = Parts()
        for name in SECTIONS:
            section: Section[Any] = parts.section(name)
            section.entries = [
                (item, Origin(None, (name, index)))
                for index, item in enumerate(getattr(self, name))
            ]
        parts.info.entries = [(self.info, Origin(None, ("info",)))]
        return parts

    @classmethod
    def _from_parts(cls, parts: Parts) -> Catalog:
        """Build from records that the loader has already validated and checked."""
        records: dict[str, Any] = {name: tuple(parts.section(name).items()) for name in SECTIONS}
        # bands youngest first, whatever the order of the files
        records["bands"] = tuple(sorted(records["bands"], key=lambda band: band.from_month))
        catalog = cls.model_construct(
            info=parts.info.items()[0],
            **records,
            disabled=tuple(
                DisabledItem(
                    section=d.section,
                    id=d.id,
                    reason=d.reason,
                    file=d.origin.file,
                    line=d.origin.place()[0],
                )
                for d in parts.disabled
            ),
        )
        catalog._parts = parts.copy()
        return catalog

    def provenance(self, id: str, section: str = "responsibilities") -> tuple[ProvenanceEntry, ...]:
        """Which files shaped the record ``id`` of ``section``, and the fields each one set.

        The first entry is the file that defined it (``action="defined"``, every field); then
        each overlay that changed it, in order (``"override"`` or ``"shift"``).
        """
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}: one of {', '.join(SECTIONS)}")
        parts = _kept_parts(self) or self._as_parts()
        entries = {item.id: origin for item, origin in parts.section(section).entries}
        origin = entries.get(id)
        if origin is None:
            raise UnknownIdError(KIND_NAMES[section], id, entries)
        record = next(item for item, _ in parts.section(section).entries if item.id == id)
        found = [
            ProvenanceEntry(
                file=origin.file,
                line=origin.place()[0],
                action="defined",
                fields=tuple(type(record).model_fields),
            )
        ]
        for change in origin.changes:
            found.append(
                ProvenanceEntry(
                    file=change.origin.file,
                    line=change.origin.place()[0],
                    action=change.action,
                    fields=change.fields,
                )
            )
        return tuple(found)

    def timeline(
        self,
        check_in_policy: str,
        due: datetime,
        *,
        after_dark: bool | None = None,
        age: Age | None = None,
        risk: RiskLevel | RiskLevelName | None = None,
        tz: str | tzinfo | None = None,
        vulnerable: bool = False,
        place: Place | None = None,
    ) -> Timeline:
        """What happens, and when, if the check-in of ``check_in_policy`` due at ``due`` is missed.

        The escalation policy is the one the check-in policy names. See
        :func:`independence.escalation.timeline` for the rules (aware datetimes only, elapsed
        time across DST, conditions, repeats).
        """
        from independence.escalation import timeline

        policy = self.check_in_policy(check_in_policy)
        return timeline(
            policy,
            self.escalation_policy(policy.escalation),
            due,
            after_dark=after_dark,
            age=age,
            risk=risk,
            tz=tz,
            vulnerable=vulnerable,
            place=place,
        )

    def escalation_state(
        self,
        timeline: Timeline,
        now: datetime,
        *,
        check_ins: Iterable[datetime] = (),
        pauses: Iterable[Pause] = (),
    ) -> EscalationState:
        """Where ``timeline`` stands at ``now``, given the check-ins and pauses so far.

        See :func:`independence.escalation.state_at` for the rules.
        """
        from independence.escalation import state_at

        return state_at(
            self.check_in_policy(timeline.check_in_policy),
            self.escalation_policy(timeline.escalation_policy),
            timeline,
            now,
            check_ins=check_ins,
            pauses=pauses,
        )

    @property
    def warnings(self) -> tuple[DataWarning, ...]:
        """What is valid in the data but probably a mistake, each placed like a problem.

        Empty for most data sets; a catalogue with warnings loads all the same. See
        :mod:`independence.data_warnings` for the checks. A translated catalogue adds what its
        locale's translations lack (missing, stale or extra texts, placed in the PO files).
        """
        from independence.data_warnings import catalog_warnings

        index = _ix(self)
        extra = index.locale_warnings() if index.locale_warnings is not None else ()
        return catalog_warnings(self) + tuple(extra)

    @property
    def messages(self) -> Messages:
        """The sentences the catalogue writes itself (reasons, ages), in its locale."""
        return _ix(self).messages

    @property
    def locale(self) -> str:
        """The locale of the texts: ``en-GB`` (the data's own), or the translation chosen."""
        return _ix(self).locale

    def _localised_like(self, other: Catalog) -> Catalog:
        """This catalogue, speaking the locale of ``other`` and in its region (for a catalogue
        built from it)."""
        index = _ix(other)
        self._localise(index.locale, index.messages, index.locale_warnings)
        _ix(self).region = index.region
        _ix(self).region_note = index.region_note
        return self

    @property
    def region(self) -> str | None:
        """The region applied (``"GB"``, see :func:`independence.regions`), or ``None``."""
        return _ix(self).region

    @property
    def region_note(self) -> str | None:
        """The applied region's note (what differs there, such as the law on leaving a child
        alone), in the catalogue's language; ``None`` without a region."""
        return _ix(self).region_note

    def _localise(
        self,
        locale: str,
        messages: Messages,
        warnings: Callable[[], tuple[DataWarning, ...]] | None = None,
    ) -> None:
        """Say the catalogue is in ``locale`` (before any query: reasons are made lazily)."""
        index = _ix(self)
        index.locale = locale
        index.messages = messages
        index.locale_warnings = warnings

    def perspective(self, id: str) -> PerspectivePack:
        """The perspective pack ``id``; an unknown name lists the packs available."""
        found = _ix(self).perspectives.get(id)
        if found is None:
            available = ", ".join(sorted(_ix(self).perspectives)) or "none"
            raise UnknownIdError("perspective pack", id, _ix(self).perspectives, available)
        return found

    def guidance(self, id: str, perspectives: Collection[str]) -> tuple[PerspectiveText, ...]:
        """Perspective text for the responsibility or band ``id`` from the chosen packs.

        In the order the packs are given; items a pack says nothing about give nothing.
        """
        if id not in _ix(self).responsibilities and id not in _ix(self).bands:
            self.responsibility(id)  # raises, naming close matches
        found = []
        for name in _checked_ids(perspectives, "perspectives"):
            note = _ix(self).notes[self.perspective(name).id].get(id)
            if note is not None:
                found.append(PerspectiveText(pack=name, text=note.text, references=note.references))
        return tuple(found)

    def __eq__(self, other: object) -> bool:
        """Catalogues are equal when their records are (indexes are not compared)."""
        if not isinstance(other, Catalog):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in type(self).model_fields)

    def __hash__(self) -> int:
        return hash((self.info, self.responsibilities))

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "bands", tuple(sorted(self.bands, key=lambda b: b.from_month)))
        self._index = _Index(self)

    def to_document(self) -> dict[str, Any]:
        """The whole catalogue as plain JSON-ready data, in the shape of a one-file catalogue.

        ``load_catalog`` reads the result back (as YAML or JSON) into an equal catalogue.
        """
        return {
            "catalog": self.info.model_dump(mode="json", exclude_defaults=True),
            **{
                name: [
                    item.model_dump(mode="json", exclude_defaults=True)
                    for item in getattr(self, name)
                ]
                for name in SECTIONS
            },
        }

    # ----------------------------------------------------------------------------- lookups

    @property
    def data_version(self) -> str:
        """The data's own version, from its ``catalog`` section."""
        return self.info.data_version

    def responsibility(self, id: str) -> Responsibility:
        """The responsibility ``id``; an unknown id is a ``KeyError`` naming close matches."""
        return _lookup(_ix(self).responsibilities, id, KIND_NAMES["responsibilities"])

    def check_in_policy(self, id: str) -> CheckInPolicy:
        """The check-in policy ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).check_ins, id, KIND_NAMES["check_in_policies"])

    def escalation_policy(self, id: str) -> EscalationPolicy:
        """The escalation policy ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).escalations, id, KIND_NAMES["escalation_policies"])

    def schedule(self, id: str) -> Schedule:
        """The schedule ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).schedules, id, KIND_NAMES["schedules"])

    def category(self, id: str) -> Category:
        """The category ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).categories, id, KIND_NAMES["categories"])

    def band(self, id: str) -> AgeBand:
        """The age band ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).bands, id, KIND_NAMES["bands"])

    def source(self, id: str) -> Source:
        """The source ``id`` (``KeyError`` naming close matches if unknown)."""
        return _lookup(_ix(self).sources, id, KIND_NAMES["sources"])

    def get(self, id: str, default: T | None = None) -> Responsibility | T | None:
        """The responsibility ``id``, or ``default`` when there is none."""
        return _ix(self).responsibilities.get(id, default)

    def __contains__(self, id: object) -> bool:
        return id in _ix(self).responsibilities

    def __len__(self) -> int:
        return len(self.responsibilities)

    # ----------------------------------------------------------------------------- queries

    def band_for(self, age: Age | int) -> AgeBand:
        """The band that contains ``age`` (an :class:`Age` or whole years)."""
        return _ix(self).band_by_month[months_of(age)]

    def responsibilities_in(self, band: AgeBand | str) -> tuple[Responsibility, ...]:
        """Responsibilities whose window (``introduce_at`` to ``independent_by``) meets ``band``.

        In suggestion order (see :meth:`suggest`).
        """
        found = self.band(band) if isinstance(band, str) else band
        return tuple(
            item
            for item in _ix(self).ordered
            if item.introduce_at.total_months < found.to_month
            and item.independent_by.total_months > found.from_month
        )

    def in_category(self, category: str) -> tuple[Responsibility, ...]:
        """The responsibilities of ``category``, youngest first."""
        self.category(category)
        return _ix(self).by_category[category]

    def needs(self, id: str, *, transitive: bool = False) -> tuple[Responsibility, ...]:
        """What ``id`` needs first: its prerequisites (with ``transitive``, all the way down)."""
        item = self.responsibility(id)
        if not transitive:
            return tuple(_ix(self).responsibilities[p] for p in item.prerequisites)
        return self._closure(item.id, lambda x: self.responsibility(x).prerequisites)

    def unlocks(self, id: str, *, transitive: bool = False) -> tuple[Responsibility, ...]:
        """What ``id`` opens the way to: items listing it as a prerequisite (or, with
        ``transitive``, everything that builds on it)."""
        self.responsibility(id)
        if not transitive:
            return _ix(self).unlocks.get(id, ())
        return self._closure(id, lambda x: tuple(r.id for r in _ix(self).unlocks.get(x, ())))

    def _closure(self, start: str, step: Any) -> tuple[Responsibility, ...]:
        seen: set[str] = set()
        todo = list(step(start))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(step(current))
        return tuple(item for item in _ix(self).ordered if item.id in seen)

    def suggest(
        self,
        age: Age | int,
        mastered: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        limit: int | None = None,
        perspectives: Collection[str] | None = None,
        *,
        progress: Progress | None = None,
    ) -> list[Suggestion]:
        """Next steps for a child of ``age`` (an :class:`Age` or whole years, 0 to 17).

        With ``mastered=None`` (and no ``progress``) the answer comes from age alone: every
        responsibility whose window ``[introduce_at, independent_by)`` holds the age, in
        suggestion order. A window that closes at 17y11m, the last month of childhood, stays
        open through that month, so the last month has suggestions too.

        *Suggestion order* (deterministic): the earliest ``independent_by`` first, then the
        earliest ``introduce_at``, then the category order of the data, then the data order.

        With a collection of ``mastered`` ids, or a ``progress`` record (a
        :class:`~independence.Progress`; giving both is a ``TypeError``), the answer is
        personalised by one rule, *recorded beats presumed* (a mastered id reads as recorded
        ``alone``, so ``mastered=set()`` and ``Progress()`` give the same answer):

        - an item recorded ``alone`` (or at the top rung of its own ladder) is mastered, with
          every prerequisite, all the way down; an item recorded below that is in progress;
        - an unrecorded item whose window has closed is presumed learned;
        - a prerequisite is met when mastered or presumed, and not met when in progress or
          unrecorded with its window still open.

        The answer lists, in this order: the items in progress (kind ``in-progress``, with
        their ``stage`` and ``next_step``, whatever the age), in suggestion order; the
        unrecorded items whose window holds the age and whose prerequisites are all met (kind
        ``now``), in suggestion order; the unrecorded items whose window closed in the last
        :data:`~independence.suggestions.WORTH_CHECKING_MONTHS` (24) months and whose
        prerequisites are all met (kind ``catch-up``, a reason asking to check whether it is
        already done), the most recently closed first, then in suggestion order. Recording
        one item changes only the suggestions of that item, of what it needs and of what
        needs those. Nothing is ever suggested before its ``introduce_at`` (except an item in
        progress). ``categories`` keeps only those categories; ``limit`` keeps the first
        ``limit`` suggestions.

        ``perspectives`` names perspective packs whose guidance each suggestion then carries
        (none by default). Unknown ids in ``mastered``, ``progress``, ``categories`` or
        ``perspectives`` are a ``KeyError`` naming close matches.
        """
        months = months_of(age)
        index = _ix(self)
        wanted = None
        if categories is not None:
            wanted = frozenset(_checked_ids(categories, "categories"))
            for category in wanted:
                self.category(category)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise TypeError(f"limit must be a whole number or None, not {limit!r}")
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be 0 or more, not {limit}")
        if progress is not None:
            if mastered is not None:
                raise TypeError("give mastered or progress, not both")
            from independence.planning import suggest_from

            found = suggest_from(index, months, progress)
        elif mastered is None:
            found = list(index.now(months))
        else:
            if isinstance(mastered, str):
                raise TypeError(
                    f"mastered must be a collection of ids, not the string {mastered!r}"
                )
            done = frozenset(mastered)
            unknown = done.difference(index.responsibilities)
            if unknown:
                wrong = sorted(unknown, key=repr)[0]
                if not isinstance(wrong, str):
                    raise TypeError(f"mastered must hold ids (text), not {wrong!r}")
                raise UnknownIdError("responsibility", wrong, index.responsibilities)
            from independence.planning import suggest_mastered

            found = suggest_mastered(index, months, done)
        if wanted is not None:
            found = [s for s in found if s.responsibility.category in wanted]
        if limit is not None:
            found = found[:limit]
        if perspectives:
            packs = [
                self.perspective(name).id for name in _checked_ids(perspectives, "perspectives")
            ]
            found = [
                s.model_copy(update={"perspectives": self.guidance(s.id, packs)}) for s in found
            ]
        return found

    def reviews_due(self, progress: Progress, on: date | None = None) -> tuple[Review, ...]:
        """The items of ``progress`` whose review has come due by ``on`` (today), oldest first.

        Each item in progress (recorded, not mastered: see :meth:`suggest`) is due for a
        review a set number of months after the day its current stage was reached, or after
        its last review (recording the same stage again, see
        :meth:`~independence.Progress.record`). The months are the item's own
        ``review_interval_months`` if it has one; else the ``review_interval_months`` of the
        band of the child's age on that day (from the birth date kept on the progress); with no
        birth date, of the band in which the item is introduced. Ordered by due date, then the
        day counted from, then the suggestion order. Each :class:`~independence.Review` says
        what to revisit: the next rung of the ladder and the guiding questions. Unknown ids are
        a ``KeyError`` naming close matches.
        """
        from independence.planning import reviews_due

        return reviews_due(self, _ix(self), progress, on)

    def search(self, text: str, *, limit: int | None = None) -> tuple[Responsibility, ...]:
        """Responsibilities whose title or summary holds every word of ``text``.

        Case does not matter and a word matches inside a longer one (``"bike"`` finds
        "bikes"). Items with every word in the title come first, then those matching through
        the summary; each group in suggestion order. ``limit`` keeps the first ``limit``.
        Text with no word in it is a ``ValueError``.
        """
        from independence.planning import search

        return search(_ix(self), text, limit)


class _Index:
    """Lookups and precomputed orders, built once per catalogue; read-only afterwards."""

    def __init__(self, catalog: Catalog) -> None:
        def by_id(items: Iterable[Any]) -> dict[str, Any]:
            return {item.id: item for item in items}

        #: the sentences the catalogue writes (reasons), in its locale; set before first use
        self.messages: Messages = ENGLISH
        self.locale: str = SOURCE_LOCALE
        self.locale_warnings: Callable[[], tuple[DataWarning, ...]] | None = None
        self.region: str | None = None  # set by independence.regional
        self.region_note: str | None = None  # the region's note, translated

        self.responsibilities: dict[str, Responsibility] = by_id(catalog.responsibilities)
        self.check_ins: dict[str, CheckInPolicy] = by_id(catalog.check_in_policies)
        self.escalations: dict[str, EscalationPolicy] = by_id(catalog.escalation_policies)
        self.schedules: dict[str, Schedule] = by_id(catalog.schedules)
        self.categories: dict[str, Category] = by_id(catalog.categories)
        self.bands: dict[str, AgeBand] = by_id(catalog.bands)
        self.sources: dict[str, Source] = by_id(catalog.sources)
        self.perspectives: dict[str, PerspectivePack] = by_id(catalog.perspectives)
        self.notes = {
            pack.id: {note.id: note for note in (*pack.bands, *pack.responsibilities)}
            for pack in catalog.perspectives
        }
        settle()  # inside a load: what is built leaves the collector's full passes
        self.band_by_month: tuple[AgeBand, ...] = tuple(
            band for band in catalog.bands for _ in range(band.from_month, band.to_month)
        )
        category_rank = {category.id: rank for rank, category in enumerate(catalog.categories)}
        position = {item.id: rank for rank, item in enumerate(catalog.responsibilities)}
        self.ordered: tuple[Responsibility, ...] = tuple(
            sorted(
                catalog.responsibilities,
                key=lambda item: (
                    item.independent_by.total_months,
                    item.introduce_at.total_months,
                    category_rank.get(item.category, len(category_rank)),
                    position[item.id],
                ),
            )
        )
        self.rank = {item.id: rank for rank, item in enumerate(self.ordered)}
        settle()
        unlocks: dict[str, list[Responsibility]] = {}
        for item in self.ordered:
            for prerequisite in item.prerequisites:
                unlocks.setdefault(prerequisite, []).append(item)
        settle()
        self.unlocks = {id: tuple(items) for id, items in unlocks.items()}
        by_category: dict[str, list[Responsibility]] = {c.id: [] for c in catalog.categories}
        for item in sorted(catalog.responsibilities, key=lambda r: r.introduce_at.total_months):
            by_category.setdefault(item.category, []).append(item)
        self.by_category = {id: tuple(items) for id, items in by_category.items()}
        settle()
        # per item: its ages in months and its prerequisites as a set, read without attributes
        self.introduce = {item.id: item.introduce_at.total_months for item in self.ordered}
        self.independent = {item.id: _window_end(item) for item in self.ordered}
        self.needs = {item.id: frozenset(item.prerequisites) for item in self.ordered}
        # memoised per month (at most 216 keys each): a benign race only computes a value twice
        self._now: dict[int, tuple[Suggestion, ...]] = {}
        self._closed: dict[int, tuple[str, ...]] = {}
        self._suggestions: dict[tuple[str, SuggestionKind, bool], Suggestion] = {}
        self._lock = threading.Lock()
        # for progress queries (independence.planning), filled on first use
        self.below: dict[str, frozenset[str]] = {}
        self.active: dict[tuple[str, SupportStage], Suggestion] = {}
        self.unrecorded: dict[str, Suggestion] = {}
        self.mastered_readings: dict[frozenset[str], Any] = {}  # by mastered set
        self.haystacks: list[tuple[Responsibility, str, str]] | None = None
        self.top_rank: dict[str, int] = {}
        self.noted: dict[tuple[str, SuggestionKind, tuple[tuple[str, str], ...]], Suggestion] = {}

    def now(self, months: int) -> tuple[Suggestion, ...]:
        """Age-only suggestions for ``months``, in suggestion order (memoised per month)."""
        found = self._now.get(months)
        if found is None:
            found = tuple(
                self.suggestion(item, SuggestionKind.NOW, False)
                for item in self.ordered
                if self.introduce[item.id] <= months < self.independent[item.id]
            )
            with self._lock:
                self._now[months] = found
        return found

    def recently_closed(self, months: int, span: int) -> tuple[str, ...]:
        """Ids whose window closed in the last ``span`` months (``0 <= months - end < span``).

        The most recently closed first, then in suggestion order (memoised per month).
        """
        found = self._closed.get(months)
        if found is None:
            found = tuple(
                item.id
                for item in sorted(
                    (i for i in self.ordered if 0 <= months - self.independent[i.id] < span),
                    key=lambda i: (-self.independent[i.id], self.rank[i.id]),
                )
            )
            with self._lock:
                self._closed[months] = found
        return found

    def suggestion(
        self, item: Responsibility, kind: SuggestionKind, personalised: bool
    ) -> Suggestion:
        key = (item.id, kind, personalised)
        found = self._suggestions.get(key)
        if found is None:
            found = Suggestion.of(item, kind, self._reason(item, kind, personalised))
            with self._lock:
                self._suggestions[key] = found
        return found

    def _reason(self, item: Responsibility, kind: SuggestionKind, personalised: bool) -> str:
        say = self.messages
        window = self.window(item)
        opens = self.unlocks.get(item.id, ())
        if kind is SuggestionKind.CATCH_UP:
            if opens:
                titles = say.titles([other.title for other in opens])
                return say("reason:catch-up", window=window, titles=titles)
            return say("reason:catch-up-alone", window=window)
        if not personalised:
            return say("reason:fits", window=window)
        if item.prerequisites:
            titles = say.titles([self.responsibilities[p].title for p in item.prerequisites])
            return say("reason:ready-builds", titles=titles, window=window)
        return say("reason:ready-alone", window=window)

    def window(self, item: Responsibility) -> str:
        """ "most children start it ... by ..." for ``item``, in the catalogue's language."""
        say = self.messages
        return say(
            "reason:window",
            start=say.age(item.introduce_at),
            rung=say(f"rung:{item.support_ladder[-1].stage.value}"),
            end=say.age(item.independent_by),
        )


def _window_end(item: Responsibility) -> int:
    """The first month in which ``item`` no longer fits an age-only suggestion.

    That is its ``independent_by``, except at the very end of childhood: an item that most
    children do alone by 17y11m (the last month there is) stays open through that month, since
    there is no later age at which it could become catch-up.
    """
    end = item.independent_by.total_months
    return MAX_MONTHS if end == MAX_MONTHS - 1 else end


# The one way private attributes are read: straight from pydantic's storage (its own attribute
# lookup costs about 2 microseconds, more than a whole band_for). Written the ordinary way.


def _ix(catalog: Catalog) -> _Index:
    """The catalogue's index."""
    index: _Index = catalog.__pydantic_private__["_index"]  # type: ignore[index]
    return index


def _kept_parts(catalog: Catalog) -> Parts | None:
    """The loader's records with their origins, when the loader built ``catalog``."""
    parts: Parts | None = catalog.__pydantic_private__["_parts"]  # type: ignore[index]
    return parts


def _checked_ids(values: Collection[str], name: str) -> Iterable[str]:
    if isinstance(values, str):
        raise TypeError(f"{name} must be a collection of ids, not the string {values!r}")
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name} must hold ids (text), not {value!r}")
        yield value


def _lookup(table: dict[str, T], id: str, kind: str) -> T:
    found = table.get(id)
    if found is None:
        raise UnknownIdError(kind, id, table)
    return found
