"""Checks that span records and files: ids, references, bands, cycles, ages, check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from independence._collector import settle
from independence.age import MAX_MONTHS
from independence.errors import KeyPath
from independence.escalation_checks import check_escalations
from independence.model import (
    Responsibility,
    RiskLevel,
)
from independence.model.sections import SECTIONS
from independence.records import Finding, Origin, Parts
from independence.source_checks import check_sources

__all__ = ["check_parts"]


def check_parts(parts: Parts) -> list[Finding]:
    """Every cross-record problem in ``parts``."""
    findings: list[Finding] = []
    findings += _check_info(parts)
    ids: dict[str, dict[str, tuple[Any, Origin]]] = {}
    for name in SECTIONS:
        ids[name], duplicates = _index(parts.section(name).entries)
        findings += duplicates
    settle()  # a loader's scope: the indexes leave the collector's full passes (else nothing)
    needed: dict[tuple[str, str], list[str]] = {(d.section, d.id): [] for d in parts.disabled}
    findings += _check_bands(parts)
    findings += _check_responsibilities(parts, ids, needed)
    findings += _check_check_ins(parts, ids, needed)
    findings += _check_perspectives(parts, ids)
    findings += _check_cycles(ids["responsibilities"])
    findings += check_sources(parts, ids)
    findings += check_escalations(parts, ids)
    for gone in parts.disabled:
        dependents = needed.get((gone.section, gone.id))
        if dependents:
            findings.append(
                Finding(
                    gone.origin,
                    (),
                    f"{gone.id!r} cannot be disabled: {', '.join(dependents)} still "
                    f"need{'s' * (len(dependents) == 1)} it (disable or override them too)",
                )
            )
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
    for entry in entries:
        item, origin = entry
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
        found[item.id] = entry  # the entry's own pair: no new tuple per record
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
            yield _gap(parts, expected, band.from_month, origin, ("from_month",), band.id)
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
        yield _gap(parts, expected, MAX_MONTHS, origin, ("to_month",), None)


def _gap(
    parts: Parts, start: int, end: int, origin: Origin, subpath: KeyPath, before: str | None
) -> Finding:
    """A gap between bands, at the overlay that disabled a band there, else at the band after."""
    for gone in parts.disabled:
        band = gone.record
        if (
            gone.section == "bands"
            and band is not None
            and band.from_month < end
            and band.to_month > start
        ):
            return Finding(
                gone.origin,
                ("id",),
                f"disabling band {gone.id!r} leaves months {start} to {end} with no band "
                "(add or override a band to cover them)",
            )
    if before is None:
        return Finding(
            origin,
            subpath,
            f"bands end at month {start}: months {start} to {end} belong to no band",
        )
    return Finding(
        origin,
        subpath,
        f"gap before band {before!r}: months {start} to {end} belong to no band",
    )


def _reference(
    origin: Origin,
    subpath: KeyPath,
    value: str,
    kind: str,
    known: dict[str, Any],
    broken: set[str],
    needed: dict[tuple[str, str], list[str]] | None = None,
    section: str = "",
    user: str = "",
) -> Iterator[Finding]:
    if value in known or value in broken:
        return
    if needed is not None and (section, value) in needed:  # disabled by an overlay
        needed[(section, value)].append(user)
        return
    yield Finding(origin, subpath, f"unknown {kind} {value!r}", hint=(value, known))


def _check_responsibilities(
    parts: Parts,
    ids: dict[str, dict[str, tuple[Any, Origin]]],
    needed: dict[tuple[str, str], list[str]],
) -> Iterator[Finding]:
    broken = parts.broken_ids
    known = ids["responsibilities"]

    def reference(
        item: Responsibility, origin: Origin, subpath: KeyPath, value: str, kind: str, section: str
    ) -> Iterator[Finding]:
        yield from _reference(
            origin,
            subpath,
            value,
            kind,
            ids[section],
            broken.get(section, set()),
            needed,
            section,
            repr(item.id),
        )

    # a known id needs no reference check at all: tested first, before any generator is made
    categories, sources = ids["categories"], ids["sources"]
    low = RiskLevel.LOW
    for item, origin in parts.responsibilities.entries:
        if item.category not in categories:
            yield from reference(
                item, origin, ("category",), item.category, "category", "categories"
            )
        if item.prerequisites:
            # months compared directly: ``>`` on ages would fall back to pydantic's ``==``
            start = item.introduce_at.total_months
            for index, prerequisite in enumerate(item.prerequisites):
                before = known.get(prerequisite)
                if before is None:
                    yield from reference(
                        item,
                        origin,
                        ("prerequisites", index),
                        prerequisite,
                        "prerequisite",
                        "responsibilities",
                    )
                elif before[0].introduce_at.total_months > start:
                    yield Finding(
                        origin,
                        ("prerequisites", index),
                        f"prerequisite {prerequisite!r} is introduced at "
                        f"{before[0].introduce_at}, after {item.id!r} itself "
                        f"({item.introduce_at})",
                    )
        for source in item.sources:
            if source not in sources:  # then each unknown one, at its place
                for index, cited in enumerate(item.sources):
                    if cited not in sources:
                        yield from reference(
                            item, origin, ("sources", index), cited, "source", "sources"
                        )
                break
        if item.check_in is not None:
            yield from reference(
                item, origin, ("check_in",), item.check_in, "check-in policy", "check_in_policies"
            )
        elif item.away_from_home:
            yield Finding(
                origin,
                ("away_from_home",),
                f"{item.id!r} happens away from home but has no check_in policy",
                key=True,
            )
        if item.risk is not low and item.safety_note is None:
            yield Finding(
                origin,
                ("risk",),
                f"{item.id!r} is {item.risk.value} risk: add a safety_note saying what must not "
                "be left to chance and what to do instead",
                key=True,
            )


def _check_check_ins(
    parts: Parts,
    ids: dict[str, dict[str, tuple[Any, Origin]]],
    needed: dict[tuple[str, str], list[str]],
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
            needed,
            "escalation_policies",
            f"check-in policy {policy.id!r}",
        )
    broken_check_ins = parts.broken_ids.get("check_in_policies", set())
    for schedule, origin in parts.schedules.entries:
        yield from _reference(
            origin,
            ("check_in",),
            schedule.check_in,
            "check-in policy",
            ids["check_in_policies"],
            broken_check_ins,
            needed,
            "check_in_policies",
            f"schedule {schedule.id!r}",
        )


def _check_perspectives(
    parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]
) -> Iterator[Finding]:
    known_refs: set[str]
    disabled = {(gone.section, gone.id) for gone in parts.disabled}
    for pack, origin in parts.perspectives.entries:
        known_refs = {reference.citation for reference in pack.references}
        for field_name, section, kind in (
            ("bands", "bands", "age band"),
            ("responsibilities", "responsibilities", "responsibility"),
        ):
            for index, note in enumerate(getattr(pack, field_name)):
                if (
                    note.id not in ids[section]
                    and note.id not in parts.broken_ids.get(section, set())
                    and (section, note.id) not in disabled
                ):
                    yield Finding(
                        origin,
                        (field_name, index, "id"),
                        f"unknown {kind} {note.id!r}",
                        hint=(note.id, ids[section]),
                    )
                for position, citation in enumerate(note.references):
                    if citation not in known_refs:
                        yield Finding(
                            origin,
                            (field_name, index, "references", position),
                            f"{citation!r} is not in this pack's references",
                            hint=(citation, known_refs),
                        )


def _check_cycles(known: dict[str, tuple[Any, Origin]]) -> Iterator[Finding]:
    """Report each prerequisite cycle once, at its first member in data order."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    order: dict[str, int] = {}  # each id's place in the data, made when a cycle is found
    for start, (record, _) in known.items():
        if start in state:
            continue
        # the common case: every prerequisite is unknown or done already, so none can lead
        # back here (a finished node's every descendant is visited), and nothing is on a path
        for child in record.prerequisites:
            if child in known and state.get(child) != 2:
                break
        else:
            state[start] = 2
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
                if not order:
                    order.update((id, rank) for rank, id in enumerate(known))
                first = min(cycle, key=order.__getitem__)
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
