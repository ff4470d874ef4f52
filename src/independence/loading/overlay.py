"""Overlays: partial data sets laid over a catalogue to add, override, disable and shift items.

An overlay file is YAML with an ``overlay`` section (its name) and any of four operations,
applied in this order within a file, and files in the order given:

``add``
    New records of any kind (``sources``, ``bands``, ``categories``, ``responsibilities``,
    ``check_in_policies``, ``escalation_policies``, ``perspectives``), written exactly as in the
    data files. An id that already exists is a problem: use ``override``.
``override``
    Per section, a list of partial records, each with the ``id`` of an existing record and the
    fields to change. The merge rule: a field given replaces the base's field; a mapping
    (such as a check-in policy's ``location``) is merged key by key, the same way; a list
    (``prerequisites``, ``support_ladder``, ``sources``, ...) is replaced whole, never appended
    to; ``null`` clears an optional field. The result must be a valid record.
``disable``
    Per section, a list of ``{id, reason}``: the record leaves the catalogue. Disabling a record
    that others still need (as a prerequisite, category, check-in or escalation policy) is a
    problem that names them.
``shift``
    A list of ``{ids: [...]}`` or ``{category: ...}`` with ``months`` (positive: later) and a
    ``reason``: both ages of each record move by that many months. Shifts in one file never
    add up: a record reached by a second shift entry of the same file (by id or by category)
    is a problem at that entry, and only the first moves it.

The same overlay file given twice (by the same path, a link or a hard link) is refused: the
second is a problem naming it, and the overlay is laid over the data once.

The merged catalogue is checked as a whole; a problem caused by an overlay names the overlay's
file and line. Every record keeps its provenance: the file that defined it and each overlay
that changed it, with the fields it set.
"""

from __future__ import annotations

import os
from typing import Any, Final, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from independence.age import MAX_MONTHS, Age
from independence.errors import KeyPath, Problem, did_you_mean, format_path
from independence.loading.problems import MAX_PROBLEMS, problem_at, read_model, validation_problems
from independence.loading.reader import Document
from independence.model.base import Id, Record, Text, WholeNumber
from independence.model.documents import Sections
from independence.model.sections import KIND_NAMES, REGISTRY, SECTIONS
from independence.records import Change, DisabledRecord, Origin, Parts

__all__ = [
    "Additions",
    "OverlayFile",
    "OverlayInfo",
    "Overrides",
    "Shift",
    "apply_operations",
    "apply_overlay",
]

#: The record model of each section an overlay may touch.
RECORD_MODELS: Final[dict[str, type[BaseModel]]] = {entry.name: entry.model for entry in REGISTRY}

EntryT = TypeVar("EntryT", bound=Record)


class OverlayInfo(Record):
    """What an overlay is for."""

    name: Text
    description: Text | None = None


#: New records, by section, written as in the data files.
Additions = Sections


class Patch(Record):
    """A partial record: the ``id`` of an existing record and the fields to change."""

    model_config = ConfigDict(extra="allow")

    id: Id


class BySection(Record, Generic[EntryT]):
    """Entries of one kind for each section that ``override`` may reach (and ``disable``)."""

    sources: tuple[EntryT, ...] = ()
    bands: tuple[EntryT, ...] = ()
    categories: tuple[EntryT, ...] = ()
    responsibilities: tuple[EntryT, ...] = ()
    check_in_policies: tuple[EntryT, ...] = ()
    escalation_policies: tuple[EntryT, ...] = ()
    schedules: tuple[EntryT, ...] = ()


class Overrides(BySection[Patch]):
    """Partial records, by section."""


class DisableEntry(Record):
    """Take a record out of the catalogue, saying why."""

    id: Id
    reason: Text


class DisableSections(BySection[DisableEntry]):
    """Records to disable, by section."""

    perspectives: tuple[DisableEntry, ...] = ()


class Shift(Record):
    """Move both ages of some responsibilities by ``months`` (later when positive)."""

    ids: tuple[Id, ...] = ()
    category: Id | None = None
    months: WholeNumber = Field(ge=-120, le=120)
    reason: Text

    @model_validator(mode="after")
    def _one_target(self) -> Shift:
        if bool(self.ids) == (self.category is not None):
            raise ValueError("give either ids or a category to shift")
        if self.months == 0:
            raise ValueError("months must not be 0")
        return self


class OverlayFile(Record):
    """An overlay file: its description and the operations it applies."""

    overlay: OverlayInfo
    add: Additions = Additions()
    override: Overrides = Overrides()
    disable: DisableSections = DisableSections()
    shift: tuple[Shift, ...] = ()


def apply_overlay(parts: Parts, path: str | os.PathLike[str]) -> list[Problem]:
    """Lay the overlay at ``path`` over ``parts`` (in place); return the problems found."""
    shown = os.fspath(path)
    if not os.path.lexists(path):
        raise FileNotFoundError(f"no overlay at {shown!r}")
    doc, overlay, problems = read_model(
        path, OverlayFile, "an overlay is a mapping with an 'overlay' section"
    )
    if doc is None or overlay is None:
        return problems
    return problems + apply_operations(parts, overlay, doc, shown)


def apply_operations(
    parts: Parts, overlay: OverlayFile, doc: Document, shown: str
) -> list[Problem]:
    """Lay the operations of ``overlay`` over ``parts`` (in place): its additions, then its
    overrides, its disabled records and its shifts, each change kept on the record's origin.

    ``doc`` is the document ``overlay`` was read from, and ``shown`` its file as problems name
    it: every problem (an unknown id, an addition that is already there) is placed in it. This
    is the one parts-to-parts operation: overlay files and regional packs both go through it.
    """
    problems = _add(parts, overlay, doc, shown)
    problems += _override(parts, overlay, doc, shown)
    problems += _disable(parts, overlay, doc, shown)
    problems += _shift(parts, overlay, doc, shown)
    return problems


def _ids(parts: Parts, section: str) -> dict[str, int]:
    return {item.id: index for index, (item, _) in enumerate(parts.section(section).entries)}


def _add(parts: Parts, overlay: OverlayFile, doc: Document, shown: str) -> list[Problem]:
    problems = []
    for section in SECTIONS:
        known = _ids(parts, section)
        for index, record in enumerate(getattr(overlay.add, section)):
            origin = Origin(shown, ("add", section, index), doc)
            if record.id in known:
                line, column = origin.place(("id",) if section != "perspectives" else ())
                problems.append(
                    Problem(
                        shown,
                        line,
                        column,
                        format_path((*origin.path, "id")),
                        f"{record.id!r} already exists: use 'override' to change it",
                    )
                )
                continue
            parts.section(section).entries.append((record, origin))
            known[record.id] = len(parts.section(section).entries) - 1
    return problems


def _merge(base: Any, patch: Any) -> Any:
    """The documented merge: mappings key by key, everything else (lists too) replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return patch


def _override(parts: Parts, overlay: OverlayFile, doc: Document, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    for section, model in RECORD_MODELS.items():
        if section == "perspectives":
            continue
        entries = parts.section(section).entries
        known = _ids(parts, section)
        patches = getattr(overlay.override, section)
        again, repeated = _repeated(tuple(p.id for p in patches), doc, shown, ("override", section))
        problems += repeated
        for index, patch in enumerate(patches):
            where: KeyPath = ("override", section, index)
            position = known.get(patch.id)
            if index in again or len(problems) >= MAX_PROBLEMS:
                continue
            if position is None:
                problems.append(
                    problem_at(
                        doc,
                        shown,
                        (*where, "id"),
                        f"cannot override unknown {KIND_NAMES[section]} "
                        f"{patch.id!r}{did_you_mean(patch.id, known)}",
                    )
                )
                continue
            changes = dict(patch.model_extra or {})
            record, origin = entries[position]
            merged = _merge(record.model_dump(mode="json"), changes)
            try:
                updated = model.model_validate(merged)
            except ValidationError as error:
                # the merge is the overlay's doing: every problem points into the overlay, at
                # the field when the overlay sets it, at the patch otherwise
                entry_line, entry_column = doc.position(where)
                for (line, column), at, message in validation_problems(error, model, doc, where):
                    field = at[len(where)] if len(at) > len(where) else None
                    if field is not None and field not in changes:
                        line, column = entry_line, entry_column
                    problems.append(Problem(shown, line, column, format_path(at), message))
                continue
            change = Change(Origin(shown, where, doc), "override", tuple(changes))
            entries[position] = (updated, origin.changed(change))
    return problems


def _repeated(
    ids: tuple[str, ...], doc: Document, shown: str, where: KeyPath, field: str | None = "id"
) -> tuple[set[int], list[Problem]]:
    """Positions of ids that an overlay list gives a second time, and a problem for each."""
    first: dict[str, int] = {}
    again: set[int] = set()
    problems = []
    for index, id in enumerate(ids):
        if id in first:
            again.add(index)
            at = (*where, index, field) if field else (*where, index)
            problems.append(
                problem_at(
                    doc,
                    shown,
                    at,
                    f"{id!r} is listed twice (first at {format_path((*where, first[id]))}): "
                    "give each id once",
                )
            )
        else:
            first[id] = index
    return again, problems


def _disable(parts: Parts, overlay: OverlayFile, doc: Document, shown: str) -> list[Problem]:
    problems = []
    for section in SECTIONS:
        requests = getattr(overlay.disable, section)
        if not requests:
            continue
        again, problems_here = _repeated(
            tuple(r.id for r in requests), doc, shown, ("disable", section)
        )
        problems += problems_here
        entries = parts.section(section).entries
        known = _ids(parts, section)
        gone: set[int] = set()
        for index, request in enumerate(requests):
            if index in again:
                continue
            where: KeyPath = ("disable", section, index)
            position = known.get(request.id)
            if position is None:
                if len(problems) >= MAX_PROBLEMS:
                    continue
                problems.append(
                    problem_at(
                        doc,
                        shown,
                        (*where, "id"),
                        f"cannot disable unknown {KIND_NAMES[section]} "
                        f"{request.id!r}{did_you_mean(request.id, known)}",
                    )
                )
                continue
            gone.add(position)
            parts.disabled.append(
                DisabledRecord(
                    section,
                    request.id,
                    request.reason,
                    Origin(shown, where, doc),
                    entries[position][0],
                )
            )
        if gone:  # one pass, however many records the overlay disables
            entries[:] = [entry for index, entry in enumerate(entries) if index not in gone]
    return problems


def _shift(parts: Parts, overlay: OverlayFile, doc: Document, shown: str) -> list[Problem]:
    problems = []
    entries = parts.responsibilities.entries
    known = _ids(parts, "responsibilities")
    categories = {item.id for item, _ in parts.categories.entries}
    shifted: dict[int, int] = {}  # responsibility position -> the shift entry that moved it
    for index, shift in enumerate(overlay.shift):
        where: KeyPath = ("shift", index)
        if shift.category is not None and shift.category not in categories:
            problems.append(
                problem_at(
                    doc,
                    shown,
                    (*where, "category"),
                    f"unknown category {shift.category!r}"
                    + did_you_mean(shift.category, categories),
                )
            )
            continue
        targets = []
        again, repeated = _repeated(shift.ids, doc, shown, (*where, "ids"), field=None)
        problems += repeated
        for position, name in enumerate(shift.ids):
            if position in again or len(problems) >= MAX_PROBLEMS:
                continue
            if name not in known:
                problems.append(
                    problem_at(
                        doc,
                        shown,
                        (*where, "ids", position),
                        f"unknown responsibility {name!r}{did_you_mean(name, known)}",
                    )
                )
            else:
                targets.append(known[name])
        if shift.category is not None:
            targets = [i for i, (item, _) in enumerate(entries) if item.category == shift.category]
        for position in targets:
            item, origin = entries[position]
            if position in shifted:  # shifts in one file never add up: one per responsibility
                if len(problems) < MAX_PROBLEMS:
                    problems.append(
                        problem_at(
                            doc,
                            shown,
                            where,
                            f"{item.id!r} is already shifted by shift[{shifted[position]}] of "
                            "this file: give each responsibility one shift",
                        )
                    )
                continue
            shifted[position] = index
            start = item.introduce_at.total_months + shift.months
            end = item.independent_by.total_months + shift.months
            if not (start >= 0 and end < MAX_MONTHS):
                problems.append(
                    problem_at(
                        doc,
                        shown,
                        (*where, "months"),
                        f"shifting {item.id!r} by {shift.months} months takes its ages "
                        f"out of range (0 to 17y11m)",
                    )
                )
                continue
            updated = item.model_copy(
                update={
                    "introduce_at": Age.from_months(start),
                    "independent_by": Age.from_months(end),
                }
            )
            change = Change(Origin(shown, where, doc), "shift", ("introduce_at", "independent_by"))
            entries[position] = (updated, origin.changed(change))
    return problems
