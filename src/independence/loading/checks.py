"""Checks that span records and files: ids, references, bands, cycles, ages, check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from independence.age import MAX_MONTHS
from independence.loading.problems import did_you_mean, format_path
from independence.loading.reader import Document, Path
from independence.model import (
    AgeBand,
    CatalogInfo,
    Category,
    CheckInPolicy,
    EscalationPolicy,
    Responsibility,
    RiskLevel,
    Source,
)

__all__ = ["Finding", "Origin", "Parts", "check_parts"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: the file as given, its path in the document, the document."""

    file: str | None
    path: Path
    doc: Document | None = field(default=None, compare=False, repr=False)

    def place(self, subpath: Path = (), *, key: bool = False) -> tuple[int | None, int | None]:
        if self.doc is None:
            return (None, None)
        full = (*self.path, *subpath)
        line, column = self.doc.key_position(full) if key else self.doc.position(full)
        return (line, column)

    def describe(self) -> str:
        line, _ = self.place()
        if self.file is None:
            return format_path(self.path)
        return f"{self.file}:{line}" if line is not None else self.file


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found by a cross-record check, placed relative to a record's origin."""

    origin: Origin
    subpath: Path
    message: str
    key: bool = False


@dataclass(slots=True)
class Section(Generic[T]):
    entries: list[tuple[T, Origin]] = field(default_factory=list)

    def items(self) -> list[T]:
        return [item for item, _ in self.entries]


@dataclass(slots=True)
class Parts:
    """The records of one data set, each with its origin, before they become a catalogue."""

    info: Section[CatalogInfo] = field(default_factory=Section)
    sources: Section[Source] = field(default_factory=Section)
    bands: Section[AgeBand] = field(default_factory=Section)
    categories: Section[Category] = field(default_factory=Section)
    responsibilities: Section[Responsibility] = field(default_factory=Section)
    check_in_policies: Section[CheckInPolicy] = field(default_factory=Section)
    escalation_policies: Section[EscalationPolicy] = field(default_factory=Section)
    #: ids of records that failed validation, by section: references to them are not "unknown"
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    #: a file could not be read at all: sections may be missing because of it, not absent
    incomplete: bool = False
    #: where the data set as a whole was read from, for problems with no record to point at
    root: Origin = field(default_factory=lambda: Origin(None, ()))

    def section(self, name: str) -> Section[Any]:
        section: Section[Any] = getattr(self, name)
        return section


def check_parts(parts: Parts) -> list[Finding]:
    """Every cross-record problem in ``parts``."""
    findings: list[Finding] = []
    findings += _check_info(parts)
    ids: dict[str, dict[str, tuple[Any, Origin]]] = {}
    for name in (
        "sources",
        "bands",
        "categories",
        "responsibilities",
        "check_in_policies",
        "escalation_policies",
    ):
        ids[name], duplicates = _index(parts.section(name).entries)
        findings += duplicates
    findings += _check_bands(parts)
    findings += _check_responsibilities(parts, ids)
    findings += _check_check_ins(parts, ids)
    findings += _check_cycles(ids["responsibilities"])
    return findings


def _check_info(parts: Parts) -> Iterator[Finding]:
    entries = parts.info.entries
    if not entries and "info" not in parts.broken_ids and not parts.incomplete:
        yield Finding(
            parts.root, (), "no 'catalog' section: say what the data set is (name, data_version)"
        )
    for _, origin in entries[1:]:
        yield Finding(
            origin, (), f"a second 'catalog' section (the first is at {entries[0][1].describe()})"
        )


def _index(
    entries: Iterable[tuple[Any, Origin]],
) -> tuple[dict[str, tuple[Any, Origin]], list[Finding]]:
    found: dict[str, tuple[Any, Origin]] = {}
    duplicates = []
    for item, origin in entries:
        first = found.get(item.id)
        if first is not None:
            duplicates.append(
                Finding(
                    origin,
                    ("id",),
                    f"duplicate id {item.id!r}: already defined at {first[1].describe()}",
                )
            )
            continue
        found[item.id] = (item, origin)
    return found, duplicates


def _check_bands(parts: Parts) -> Iterator[Finding]:
    entries = sorted(parts.bands.entries, key=lambda entry: entry[0].from_month)
    if not entries:
        if "bands" not in parts.broken_ids and not parts.incomplete:
            yield Finding(parts.root, (), "no age bands: they must cover 0 to 216 months")
        return
    expected = 0
    for band, origin in entries:
        if band.from_month > expected:
            yield Finding(
                origin,
                ("from_month",),
                f"gap before band {band.id!r}: months {expected} to {band.from_month} "
                "belong to no band",
            )
        elif band.from_month < expected:
            yield Finding(
                origin,
                ("from_month",),
                f"band {band.id!r} overlaps the band before it: months {band.from_month} to "
                f"{min(expected, band.to_month)} are in both",
            )
        expected = max(expected, band.to_month)
    if expected < MAX_MONTHS:
        band, origin = entries[-1]
        yield Finding(
            origin,
            ("to_month",),
            f"bands end at month {expected}: months {expected} to {MAX_MONTHS} belong to no band",
        )


def _reference(
    origin: Origin,
    subpath: Path,
    value: str,
    kind: str,
    known: dict[str, Any],
    broken: set[str],
) -> Iterator[Finding]:
    if value not in known and value not in broken:
        yield Finding(origin, subpath, f"unknown {kind} {value!r}{did_you_mean(value, known)}")


def _check_responsibilities(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    broken = parts.broken_ids
    known = ids["responsibilities"]
    for item, origin in parts.responsibilities.entries:
        yield from _reference(
            origin,
            ("category",),
            item.category,
            "category",
            ids["categories"],
            broken.get("categories", set()),
        )
        for index, prerequisite in enumerate(item.prerequisites):
            yield from _reference(
                origin,
                ("prerequisites", index),
                prerequisite,
                "prerequisite",
                known,
                broken.get("responsibilities", set()),
            )
            before = known.get(prerequisite)
            if before is not None and before[0].introduce_at > item.introduce_at:
                yield Finding(
                    origin,
                    ("prerequisites", index),
                    f"prerequisite {prerequisite!r} is introduced at {before[0].introduce_at}, "
                    f"after {item.id!r} itself ({item.introduce_at})",
                )
        for index, source in enumerate(item.sources):
            yield from _reference(
                origin,
                ("sources", index),
                source,
                "source",
                ids["sources"],
                broken.get("sources", set()),
            )
        if item.check_in is not None:
            yield from _reference(
                origin,
                ("check_in",),
                item.check_in,
                "check-in policy",
                ids["check_in_policies"],
                broken.get("check_in_policies", set()),
            )
        elif item.away_from_home:
            yield Finding(
                origin,
                ("away_from_home",),
                f"{item.id!r} happens away from home but has no check_in policy",
                key=True,
            )
        if item.risk is not RiskLevel.LOW and item.safety_note is None:
            yield Finding(
                origin,
                ("risk",),
                f"{item.id!r} is {item.risk.value} risk: add a safety_note saying what must not "
                "be left to chance and what to do instead",
                key=True,
            )


def _check_check_ins(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    broken = parts.broken_ids.get("escalation_policies", set())
    for policy, origin in parts.check_in_policies.entries:
        yield from _reference(
            origin,
            ("escalation",),
            policy.escalation,
            "escalation policy",
            ids["escalation_policies"],
            broken,
        )


def _check_cycles(known: dict[str, tuple[Any, Origin]]) -> Iterator[Finding]:
    """Report each prerequisite cycle once, at its first member in data order."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in known:
        if start in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(known[start][0].prerequisites))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if child not in known:
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child) :]
                first = min(cycle, key=list(known).index)
                turn = cycle.index(first)
                ordered = cycle[turn:] + cycle[:turn] + [first]
                _, origin = known[first]
                yield Finding(
                    origin,
                    ("prerequisites",),
                    "prerequisites form a cycle: " + " -> ".join(ordered),
                )
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(known[child][0].prerequisites)))
