"""The catalogue: one loaded data set, its indexes and the queries apps make of it."""

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from pydantic import Field, PrivateAttr, model_validator

from independence._dataclasses import frozen_dataclass
from independence._lazy import lazy_module
from independence.age import Age, months_of
from independence.checks import check_parts
from independence.errors import CatalogError, Problem, UnknownIdError, format_path
from independence.index import Index
from independence.messages import ENGLISH, SOURCE_LOCALE, Messages
from independence.model import (
    AgeBand,
    CatalogInfo,
    Category,
    CheckInPolicy,
    EscalationPolicy,
    Responsibility,
    Schedule,
    Source,
)
from independence.model.base import Record
from independence.model.perspective import PerspectivePack
from independence.model.sections import KIND_NAMES, SECTIONS, RecordKind
from independence.records import Origin, Parts, Section
from independence.suggestions import PerspectiveText, Suggester, Suggestion

if TYPE_CHECKING:
    from datetime import date, datetime

    import independence.data_warnings as data_warnings
    import independence.escalation.engine as engine
    import independence.planning as planning
    from independence.data_warnings import DataWarning
    from independence.escalation import Circumstances, EscalationState, Pause, Timeline
    from independence.planning import Planner, Review
    from independence.progress import Progress
else:  # the queries beyond an age's suggestions, imported when first used: start-up time
    # (the command line's cold start, an age-only suggest, loads none of them)
    data_warnings = lazy_module("independence.data_warnings")  # the warnings' checks
    engine = lazy_module("independence.escalation.engine")  # the check-in engine, zoneinfo's data
    planning = lazy_module("independence.planning")  # personalised queries, progress files

__all__ = [
    "Catalog",
    "DisabledItem",
    "Presentation",
    "ProvenanceEntry",
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


@frozen_dataclass
class Presentation:
    """How a catalogue speaks: its locale and sentences, and the region applied.

    One frozen value, given to a catalogue when it is built (:meth:`Catalog.from_parts`) and
    never changed afterwards. A catalogue built in Python speaks the data's own English with no
    region. The front door (:func:`independence.load_catalog`,
    :func:`independence.default_catalog`) makes it from the locale and region asked for.
    """

    locale: str = SOURCE_LOCALE
    """The locale of the texts: ``en-GB`` (the data's own), or the translation chosen."""
    messages: Messages = ENGLISH
    """The sentences the catalogue writes itself (reasons, ages), in ``locale``."""
    region: str | None = None
    """The region applied (``"GB"``), or ``None``."""
    region_note: str | None = None
    """The applied region's note, in ``locale``; ``None`` without one."""
    locale_warnings: "Callable[[], tuple[DataWarning, ...]] | None" = None
    """What the locale's translations lack, worked out when first asked for (``None`` for the
    data's own language)."""

    def __init__(
        self,
        locale: str = SOURCE_LOCALE,
        messages: Messages = ENGLISH,
        region: str | None = None,
        region_note: str | None = None,
        locale_warnings: "Callable[[], tuple[DataWarning, ...]] | None" = None,
    ) -> None:
        object.__setattr__(self, "locale", locale)
        object.__setattr__(self, "messages", messages)
        object.__setattr__(self, "region", region)
        object.__setattr__(self, "region_note", region_note)
        object.__setattr__(self, "locale_warnings", locale_warnings)


class _State:
    """What a catalogue holds beside its fields: set when it is built; only ``planner`` (a
    cache of the personalised queries) is filled later, on first use."""

    __slots__ = ("index", "parts", "planner", "presentation", "suggester")

    def __init__(self, index: Index, presentation: Presentation, parts: Parts | None) -> None:
        self.index = index
        self.presentation = presentation
        self.parts = parts
        self.suggester = Suggester(index, presentation.messages)
        self.planner: Planner | None = None


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

    # the index, the presentation and the loader's records with their origins (kept in memory
    # so that provenance() and with_overlays() never read the disk again); read through
    # _state() and _index(), never as self._x (the index on its own: the lookups read it first)
    _state: _State = PrivateAttr()
    _index: Index = PrivateAttr()

    @model_validator(mode="after")
    def _cross_checks(self) -> "Catalog":
        findings = check_parts(self.parts())
        if findings:
            raise CatalogError(
                Problem(None, None, None, format_path((*f.origin.path, *f.subpath)), f.text())
                for f in findings
            )
        return self

    def parts(self) -> Parts:
        """The records as :class:`~independence.records.Parts`, each with its origin (the file
        and line that defined it, and the overlays that changed it) when it was loaded.

        A copy: changing it changes nothing here. Laying an overlay or a region over it and
        building a new catalogue with :meth:`from_parts` is how derived catalogues are made.
        """
        kept = _state(self).parts
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
    def from_parts(
        cls, parts: Parts, presentation: Presentation | None = None, *, checked: bool = False
    ) -> "Catalog":
        """The catalogue of ``parts``, speaking as ``presentation`` says (English, no region,
        when ``None``).

        The records are validated already (they are records); the checks between them
        (:func:`independence.checks.check_parts`) run unless ``checked`` says they have passed
        already (the loader and the compiled snapshot say so), and a problem is a
        :class:`~independence.CatalogError`. ``parts`` is copied: changing it afterwards
        changes nothing here. The origins are kept for :meth:`provenance`.
        """
        if not checked:
            findings = check_parts(parts)
            if findings:  # placed in the files the records came from, at most 1,000 listed
                problems = [f.problem() for f in findings[:_MAX_LISTED]]
                if len(findings) > _MAX_LISTED:
                    left = len(findings) - _MAX_LISTED
                    problems.append(
                        Problem(None, None, None, "", f"{left:,} more problems not listed")
                    )
                raise CatalogError(problems)
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
        state = _state(catalog)
        catalog._state = _State(state.index, presentation or Presentation(), parts.copy())
        return catalog

    @property
    def index(self) -> Index:
        """The lookups and orders of the records (see :class:`~independence.index.Index`)."""
        return _index(self)

    @property
    def presentation(self) -> Presentation:
        """How the catalogue speaks: locale, sentences, region (see :class:`Presentation`)."""
        return _state(self).presentation

    def provenance(self, id: str, section: str = "responsibilities") -> tuple[ProvenanceEntry, ...]:
        """Which files shaped the record ``id`` of ``section``, and the fields each one set.

        The first entry is the file that defined it (``action="defined"``, every field); then
        each overlay that changed it, in order (``"override"`` or ``"shift"``).
        """
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}: one of {', '.join(SECTIONS)}")
        parts = _state(self).parts or self.parts()
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
        due: "datetime",
        circumstances: "Circumstances | None" = None,
    ) -> "Timeline":
        """What happens, and when, if the check-in of ``check_in_policy`` due at ``due`` is missed.

        The escalation policy is the one the check-in policy names; ``circumstances`` (none
        known by default) decide its conditions. See :func:`independence.escalation.engine.timeline`
        for the rules (aware datetimes only, elapsed time across DST, conditions, repeats).
        """
        policy = self.lookup(check_in_policy, kind="check_in_policies")
        return engine.timeline(
            policy, self.lookup(policy.escalation, kind="escalation_policies"), due, circumstances
        )

    def escalation_state(
        self,
        timeline: "Timeline",
        now: "datetime",
        *,
        check_ins: "Iterable[datetime]" = (),
        pauses: "Iterable[Pause]" = (),
    ) -> "EscalationState":
        """Where ``timeline`` stands at ``now``, given the check-ins and pauses so far.

        See :func:`independence.escalation.engine.state_at` for the rules.
        """
        return engine.state_at(
            self.lookup(timeline.check_in_policy, kind="check_in_policies"),
            self.lookup(timeline.escalation_policy, kind="escalation_policies"),
            timeline,
            now,
            check_ins=check_ins,
            pauses=pauses,
        )

    @property
    def warnings(self) -> "tuple[DataWarning, ...]":
        """What is valid in the data but probably a mistake, each placed like a problem.

        Empty for most data sets; a catalogue with warnings loads all the same. See
        :mod:`independence.data_warnings` for the checks. A translated catalogue adds what its
        locale's translations lack (missing, stale or extra texts, placed in the PO files).
        """
        extra = _state(self).presentation.locale_warnings
        return data_warnings.warnings_in(self.parts()) + (extra() if extra is not None else ())

    @property
    def messages(self) -> Messages:
        """The sentences the catalogue writes itself (reasons, ages), in its locale."""
        return _state(self).presentation.messages

    @property
    def locale(self) -> str:
        """The locale of the texts: ``en-GB`` (the data's own), or the translation chosen."""
        return _state(self).presentation.locale

    @property
    def region(self) -> str | None:
        """The region applied (``"GB"``, see :func:`independence.regions`), or ``None``."""
        return _state(self).presentation.region

    @property
    def region_note(self) -> str | None:
        """The applied region's note (what differs there, such as the law on leaving a child
        alone), in the catalogue's language; ``None`` without a region."""
        return _state(self).presentation.region_note

    def guidance(self, id: str, perspectives: Collection[str]) -> tuple[PerspectiveText, ...]:
        """Perspective text for the responsibility or band ``id`` from the chosen packs.

        In the order the packs are given; items a pack says nothing about give nothing.
        """
        if id not in _index(self).responsibilities and id not in _index(self).bands:
            self.responsibility(id)  # raises, naming close matches
        found = []
        for name in _checked_ids(perspectives, "perspectives"):
            note = _index(self).notes[self.lookup(name, kind="perspectives").id].get(id)
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
        index = Index(**{name: getattr(self, name) for name in _INDEXED})
        self._state = _State(index, Presentation(), None)
        self._index = index

    def to_document(self) -> dict[str, Any]:
        """The whole catalogue as plain JSON-ready data, in the shape of a one-file catalogue.

        ``load_catalog`` reads the result back (as YAML or JSON) into an equal catalogue. This
        is the data format: its ``catalog`` section, each record without the fields left at
        their defaults, and nothing an overlay took out. ``model_dump()``, which every record
        has from pydantic, is the catalogue's fields as Python sees them (``info``,
        ``disabled``, every field with its default) and is not a data file;
        :func:`independence.export.export_document` writes every field for apps in other
        languages.
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
        """The responsibility ``id``; an unknown id is a ``KeyError`` naming close matches.

        The everyday form of ``lookup(id)`` (see :meth:`lookup`).
        """
        return _lookup(_index(self).responsibilities, id, KIND_NAMES["responsibilities"])

    @overload
    def lookup(
        self, id: str, *, kind: Literal["responsibilities"] = "responsibilities"
    ) -> Responsibility: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["bands"]) -> AgeBand: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["categories"]) -> Category: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["check_in_policies"]) -> CheckInPolicy: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["escalation_policies"]) -> EscalationPolicy: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["schedules"]) -> Schedule: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["sources"]) -> Source: ...
    @overload
    def lookup(self, id: str, *, kind: Literal["perspectives"]) -> PerspectivePack: ...

    def lookup(self, id: str, *, kind: RecordKind = "responsibilities") -> Record:
        """The record ``id`` of the section ``kind`` (responsibilities unless said otherwise).

        ``kind`` names a section of the record-kind registry
        (:data:`independence.model.sections.SECTIONS`): ``responsibilities``, ``bands``,
        ``categories``, ``check_in_policies``, ``escalation_policies``, ``schedules``,
        ``sources`` or ``perspectives``; the type checker knows the record type of each. An
        unknown id is an :class:`~independence.UnknownIdError` (a ``KeyError``) naming close
        matches; an unknown ``kind`` is a ``ValueError`` listing the kinds.
        """
        table = _table(self, kind)
        found: Record | None = table.get(id) if isinstance(id, str) else None
        if found is None:
            available = None
            if kind == "perspectives":  # a short list, chosen by name: say what there is
                available = ", ".join(sorted(table)) or "none"
            raise UnknownIdError(KIND_NAMES[kind], str(id), table, available)
        return found

    @overload
    def get(
        self,
        id: str,
        default: None = None,
        *,
        kind: Literal["responsibilities"] = "responsibilities",
    ) -> Responsibility | None: ...
    @overload
    def get(
        self, id: str, default: T, *, kind: Literal["responsibilities"] = "responsibilities"
    ) -> Responsibility | T: ...
    @overload
    def get(self, id: str, default: None = None, *, kind: Literal["bands"]) -> AgeBand | None: ...
    @overload
    def get(self, id: str, default: T, *, kind: Literal["bands"]) -> AgeBand | T: ...
    @overload
    def get(
        self, id: str, default: None = None, *, kind: Literal["categories"]
    ) -> Category | None: ...
    @overload
    def get(self, id: str, default: T, *, kind: Literal["categories"]) -> Category | T: ...
    @overload
    def get(
        self, id: str, default: None = None, *, kind: Literal["check_in_policies"]
    ) -> CheckInPolicy | None: ...
    @overload
    def get(
        self, id: str, default: T, *, kind: Literal["check_in_policies"]
    ) -> CheckInPolicy | T: ...
    @overload
    def get(
        self, id: str, default: None = None, *, kind: Literal["escalation_policies"]
    ) -> EscalationPolicy | None: ...
    @overload
    def get(
        self, id: str, default: T, *, kind: Literal["escalation_policies"]
    ) -> EscalationPolicy | T: ...
    @overload
    def get(
        self, id: str, default: None = None, *, kind: Literal["schedules"]
    ) -> Schedule | None: ...
    @overload
    def get(self, id: str, default: T, *, kind: Literal["schedules"]) -> Schedule | T: ...
    @overload
    def get(self, id: str, default: None = None, *, kind: Literal["sources"]) -> Source | None: ...
    @overload
    def get(self, id: str, default: T, *, kind: Literal["sources"]) -> Source | T: ...
    @overload
    def get(
        self, id: str, default: None = None, *, kind: Literal["perspectives"]
    ) -> PerspectivePack | None: ...
    @overload
    def get(self, id: str, default: T, *, kind: Literal["perspectives"]) -> PerspectivePack | T: ...

    def get(
        self, id: str, default: object = None, *, kind: RecordKind = "responsibilities"
    ) -> object:
        """The record ``id`` of the section ``kind``, or ``default`` when there is none.

        Like :meth:`lookup` (the same ``kind``, responsibilities unless said otherwise), but an
        unknown id gives ``default`` instead of raising; an unknown ``kind`` is still a
        ``ValueError``.
        """
        return _table(self, kind).get(id, default)

    def __contains__(self, id: object) -> bool:
        return id in _index(self).responsibilities

    def __len__(self) -> int:
        return len(self.responsibilities)

    # ----------------------------------------------------------------------------- queries

    def band_for(self, age: Age | int) -> AgeBand:
        """The band that contains ``age`` (an :class:`Age` or whole years)."""
        return _index(self).band_by_month[months_of(age)]

    def responsibilities_in(self, band: AgeBand | str) -> tuple[Responsibility, ...]:
        """Responsibilities whose window (``introduce_at`` to ``independent_by``) meets ``band``.

        In suggestion order (see :meth:`suggest`).
        """
        found = self.lookup(band, kind="bands") if isinstance(band, str) else band
        return tuple(
            item
            for item in _index(self).ordered
            if item.introduce_at.total_months < found.to_month
            and item.independent_by.total_months > found.from_month
        )

    def in_category(self, category: str) -> tuple[Responsibility, ...]:
        """The responsibilities of ``category``, youngest first."""
        self.lookup(category, kind="categories")
        return _index(self).by_category[category]

    def needs(self, id: str, *, transitive: bool = False) -> tuple[Responsibility, ...]:
        """What ``id`` needs first: its prerequisites (with ``transitive``, all the way down)."""
        item = self.responsibility(id)
        if not transitive:
            return tuple(_index(self).responsibilities[p] for p in item.prerequisites)
        return self._closure(item.id, lambda x: self.responsibility(x).prerequisites)

    def unlocks(self, id: str, *, transitive: bool = False) -> tuple[Responsibility, ...]:
        """What ``id`` opens the way to: items listing it as a prerequisite (or, with
        ``transitive``, everything that builds on it)."""
        self.responsibility(id)
        if not transitive:
            return _index(self).unlocks.get(id, ())
        return self._closure(id, lambda x: tuple(r.id for r in _index(self).unlocks.get(x, ())))

    def _closure(self, start: str, step: Any) -> tuple[Responsibility, ...]:
        seen: set[str] = set()
        todo = list(step(start))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(step(current))
        return tuple(item for item in _index(self).ordered if item.id in seen)

    def suggest(
        self,
        age: Age | int,
        mastered: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        limit: int | None = None,
        perspectives: Collection[str] | None = None,
        *,
        progress: "Progress | None" = None,
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
        wanted = None
        if categories is not None:
            wanted = frozenset(_checked_ids(categories, "categories"))
            for category in wanted:
                self.lookup(category, kind="categories")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise TypeError(f"limit must be a whole number or None, not {limit!r}")
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be 0 or more, not {limit}")
        if progress is not None:
            if mastered is not None:
                raise TypeError("give mastered or progress, not both")
            found = _planner(self).suggest_from(months, progress)
        elif mastered is None:
            found = list(_state(self).suggester.now(months))
        else:
            if isinstance(mastered, str):
                raise TypeError(
                    f"mastered must be a collection of ids, not the string {mastered!r}"
                )
            done = frozenset(mastered)
            index = _index(self)
            unknown = done.difference(index.responsibility_ids)  # a set: only `done` is walked
            if unknown:
                wrong = sorted(unknown, key=repr)[0]
                if not isinstance(wrong, str):
                    raise TypeError(f"mastered must hold ids (text), not {wrong!r}")
                raise UnknownIdError("responsibility", wrong, index.responsibilities)
            found = _planner(self).suggest_mastered(months, done)
        if wanted is not None:
            found = [s for s in found if s.responsibility.category in wanted]
        if limit is not None:
            found = found[:limit]
        if perspectives:
            packs = [
                self.lookup(name, kind="perspectives").id
                for name in _checked_ids(perspectives, "perspectives")
            ]
            found = [
                s.model_copy(update={"perspectives": self.guidance(s.id, packs)}) for s in found
            ]
        return found

    def reviews_due(self, progress: "Progress", on: "date | None" = None) -> "tuple[Review, ...]":
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
        return _planner(self).reviews_due(progress, on)

    def search(self, text: str, *, limit: int | None = None) -> tuple[Responsibility, ...]:
        """Responsibilities whose title or summary holds every word of ``text``.

        Case does not matter and a word matches inside a longer one (``"bike"`` finds
        "bikes"). Items with every word in the title come first, then those matching through
        the summary; each group in suggestion order. ``limit`` keeps the first ``limit``.
        Text with no word in it is a ``ValueError``.
        """
        return _planner(self).search(text, limit)


# What a catalogue holds beside its fields, read straight from pydantic's storage (its own
# attribute lookup costs about 2 microseconds, more than a whole band_for).


def _state(catalog: Catalog) -> _State:
    state: _State = catalog.__pydantic_private__["_state"]  # type: ignore[index]
    return state


def _index(catalog: Catalog) -> Index:
    index: Index = catalog.__pydantic_private__["_index"]  # type: ignore[index]
    return index


def _planner(catalog: Catalog) -> "Planner":
    """The catalogue's cache of personalised queries, made on first use."""
    state = _state(catalog)
    planner = state.planner
    if planner is None:  # a race makes two; either serves
        planner = state.planner = planning.Planner(state.suggester)
    return planner


#: Most problems :meth:`Catalog.from_parts` lists (the loader's own limit); the rest are counted.
_MAX_LISTED = 1000

#: The sections an index is built from.
_INDEXED = (
    "responsibilities",
    "bands",
    "categories",
    "check_in_policies",
    "escalation_policies",
    "schedules",
    "sources",
    "perspectives",
)


def _checked_ids(values: Collection[str], name: str) -> Iterable[str]:
    if isinstance(values, str):
        raise TypeError(f"{name} must be a collection of ids, not the string {values!r}")
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name} must hold ids (text), not {value!r}")
        yield value


#: The index table of each record kind, where its name differs from the section's.
_TABLES = {"check_in_policies": "check_ins", "escalation_policies": "escalations"}


def _table(catalog: Catalog, kind: str) -> Mapping[str, Record]:
    if kind not in KIND_NAMES:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(SECTIONS)}")
    table: Mapping[str, Record] = getattr(_index(catalog), _TABLES.get(kind, kind))
    return table


def _lookup(table: Mapping[str, T], id: str, kind: str) -> T:
    found = table.get(id)
    if found is None:
        raise UnknownIdError(kind, id, table)
    return found
