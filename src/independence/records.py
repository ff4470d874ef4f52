"""The records of one data set before they become a catalogue, each with where it came from.

:class:`Parts` holds every section's records with their :class:`Origin` (file, path, position,
and the overlays that changed them); the loader fills it from files, a catalogue built in Python
from its own fields, and the cross-record checks read it. Nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Generic, Protocol, TypeVar

from independence._dataclasses import frozen_dataclass, slotted_dataclass
from independence.errors import KeyPath, Problem, did_you_mean, format_path
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
from independence.model.perspective import PerspectivePack
from independence.model.sections import SECTIONS

__all__ = [
    "Change",
    "DisabledRecord",
    "Finding",
    "Origin",
    "Parts",
    "Positions",
    "Section",
]


T = TypeVar("T")

_set = object.__setattr__  # a frozen dataclass's ``__init__`` sets its slots this way


class Positions(Protocol):
    """Where the keys and values of one document sit (the loader's YAML documents are these)."""

    def position(self, path: KeyPath) -> tuple[int | None, int | None]: ...

    def key_position(self, path: KeyPath) -> tuple[int | None, int | None]: ...


@frozen_dataclass
class Origin:
    """Where a record came from: the file as given, its path in the document, the document.

    ``changes`` lists what later files (overlays) did to the record, in order, so that a
    problem with a field points at the file and line that last set it.
    """

    file: str | None
    path: KeyPath
    doc: Positions | None = field(default=None, compare=False, repr=False)
    changes: tuple[Change, ...] = ()
    #: where the record starts, for a record read without its document (a compiled snapshot)
    at: tuple[int | None, int | None] = (None, None)

    def __init__(
        self,
        file: str | None,
        path: KeyPath,
        doc: Positions | None = None,
        changes: tuple[Change, ...] = (),
        at: tuple[int | None, int | None] = (None, None),
    ) -> None:
        _set(self, "file", file)
        _set(self, "path", path)
        _set(self, "doc", doc)
        _set(self, "changes", changes)
        _set(self, "at", at)

    def place(self, subpath: KeyPath = (), *, key: bool = False) -> tuple[int | None, int | None]:
        if self.doc is None:
            return self.at
        full = (*self.path, *subpath)
        line, column = self.doc.key_position(full) if key else self.doc.position(full)
        return (line, column)

    def locate(
        self, subpath: KeyPath = (), *, key: bool = False
    ) -> tuple[str | None, int | None, int | None, str]:
        """``(file, line, column, dotted path)`` of ``subpath``, in the file that last set it."""
        if subpath:
            for change in reversed(self.changes):
                if subpath[0] in change.fields:
                    inner = subpath if change.action == "override" else ()
                    line, column = change.origin.place(inner, key=key)
                    path = format_path((*change.origin.path, *inner))
                    return change.origin.file, line, column, path
        line, column = self.place(subpath, key=key)
        return self.file, line, column, format_path((*self.path, *subpath))

    def describe(self) -> str:
        line, _ = self.place()
        if self.file is None:
            return format_path(self.path)
        return f"{self.file}:{line}" if line is not None else self.file

    def changed(self, change: Change) -> Origin:
        """This origin with one more change recorded."""
        return Origin(self.file, self.path, self.doc, (*self.changes, change), self.at)


@frozen_dataclass
class Change:
    """One overlay's change to a record: ``action`` (override, shift) and the fields it set."""

    origin: Origin
    action: str
    fields: tuple[str, ...]

    def __init__(self, origin: Origin, action: str, fields: tuple[str, ...]) -> None:
        _set(self, "origin", origin)
        _set(self, "action", action)
        _set(self, "fields", fields)


@frozen_dataclass
class DisabledRecord:
    """A record an overlay disabled, with the overlay's reason and where it said so."""

    section: str
    id: str
    reason: str
    origin: Origin
    #: the record taken out (to say what its absence causes, such as a gap between bands)
    record: Any = field(default=None, compare=False, repr=False)

    def __init__(
        self, section: str, id: str, reason: str, origin: Origin, record: Any = None
    ) -> None:
        _set(self, "section", section)
        _set(self, "id", id)
        _set(self, "reason", reason)
        _set(self, "origin", origin)
        _set(self, "record", record)


@frozen_dataclass
class Finding:
    """A problem found by a cross-record check, placed relative to a record's origin."""

    origin: Origin
    subpath: KeyPath
    message: str
    key: bool = False
    #: ``(name, known names)``: a "did you mean" to add when the finding is shown (computed
    #: only then, so that a data set with thousands of bad references stays cheap to check)
    hint: tuple[str, Any] | None = field(default=None, compare=False, repr=False)

    def __init__(
        self,
        origin: Origin,
        subpath: KeyPath,
        message: str,
        key: bool = False,
        hint: tuple[str, Any] | None = None,
    ) -> None:
        _set(self, "origin", origin)
        _set(self, "subpath", subpath)
        _set(self, "message", message)
        _set(self, "key", key)
        _set(self, "hint", hint)

    def text(self) -> str:
        """The message, with its "did you mean" when there is one."""
        return self.message + (did_you_mean(*self.hint) if self.hint is not None else "")

    def problem(self) -> Problem:
        """This finding as a problem, in the file and line that caused it (the last overlay
        that set the field, if one did)."""
        file, line, column, path = self.origin.locate(self.subpath, key=self.key)
        return Problem(file, line, column, path, self.text())


@slotted_dataclass
class Section(Generic[T]):
    entries: list[tuple[T, Origin]] = field(default_factory=list)

    def __init__(self, entries: list[tuple[T, Origin]] | None = None) -> None:
        self.entries = [] if entries is None else entries

    def items(self) -> list[T]:
        return [item for item, _ in self.entries]


@slotted_dataclass
class Parts:
    """The records of one data set, each with its origin, before they become a catalogue."""

    info: Section[CatalogInfo] = field(default_factory=Section)
    sources: Section[Source] = field(default_factory=Section)
    bands: Section[AgeBand] = field(default_factory=Section)
    categories: Section[Category] = field(default_factory=Section)
    responsibilities: Section[Responsibility] = field(default_factory=Section)
    check_in_policies: Section[CheckInPolicy] = field(default_factory=Section)
    escalation_policies: Section[EscalationPolicy] = field(default_factory=Section)
    schedules: Section[Schedule] = field(default_factory=Section)
    perspectives: Section[PerspectivePack] = field(default_factory=Section)
    #: records disabled by overlays: references to them are reported with their dependents
    disabled: list[DisabledRecord] = field(default_factory=list)
    #: ids of records that failed validation, by section: references to them are not "unknown"
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    #: a file could not be read at all: sections may be missing because of it, not absent
    incomplete: bool = False
    #: where the data set as a whole was read from, for problems with no record to point at
    root: Origin = field(default_factory=lambda: Origin(None, ()))
    #: problems found in records so far: past the loader's budget, records are not checked
    problem_count: int = 0

    def __init__(
        self,
        info: Section[CatalogInfo] | None = None,
        sources: Section[Source] | None = None,
        bands: Section[AgeBand] | None = None,
        categories: Section[Category] | None = None,
        responsibilities: Section[Responsibility] | None = None,
        check_in_policies: Section[CheckInPolicy] | None = None,
        escalation_policies: Section[EscalationPolicy] | None = None,
        schedules: Section[Schedule] | None = None,
        perspectives: Section[PerspectivePack] | None = None,
        disabled: list[DisabledRecord] | None = None,
        broken_ids: dict[str, set[str]] | None = None,
        incomplete: bool = False,
        root: Origin | None = None,
        problem_count: int = 0,
    ) -> None:
        # ``None``: a new empty one, as each field's ``default_factory`` makes it
        self.info = Section() if info is None else info
        self.sources = Section() if sources is None else sources
        self.bands = Section() if bands is None else bands
        self.categories = Section() if categories is None else categories
        self.responsibilities = Section() if responsibilities is None else responsibilities
        self.check_in_policies = Section() if check_in_policies is None else check_in_policies
        self.escalation_policies = Section() if escalation_policies is None else escalation_policies
        self.schedules = Section() if schedules is None else schedules
        self.perspectives = Section() if perspectives is None else perspectives
        self.disabled = [] if disabled is None else disabled
        self.broken_ids = {} if broken_ids is None else broken_ids
        self.incomplete = incomplete
        self.root = Origin(None, ()) if root is None else root
        self.problem_count = problem_count

    def section(self, name: str) -> Section[Any]:
        section: Section[Any] = getattr(self, name)
        return section

    def copy(self) -> Parts:
        """A copy whose sections can change without touching this one (records are shared)."""
        twin = Parts(
            broken_ids={k: set(v) for k, v in self.broken_ids.items()},
            incomplete=self.incomplete,
            root=self.root,
            disabled=list(self.disabled),
        )
        twin.info.entries = list(self.info.entries)
        for name in SECTIONS:
            twin.section(name).entries = list(self.section(name).entries)
        return twin
