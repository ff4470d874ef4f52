"""Regional packs: where law or national guidance differs, and the numbers to call.

A data folder may hold ``regions/<CODE>.yaml`` files (``GB``, ``US``, ``AU``: ISO 3166-1
alpha-2 codes), each with a ``region`` section (its code, name, emergency and police
non-emergency numbers, a note and sources) and the overlay operations ``add``, ``override``
and ``shift`` of :mod:`independence.loading.overlay`, applied the same way and keeping the same
provenance (the region file and line that changed each record).

A region is separate from the language: ``default_catalog(region="GB", locale="es")`` lays the
region over the English data, translates the result, then adds the region's numbers to every
step whose action is ``call-emergency-services`` or ``call-police-non-emergency``, as a
sentence from :mod:`independence.messages` (``region:*`` templates) in the catalogue's locale.
Without a region the messages say "the emergency number" and nothing is added.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

from pydantic import Field

from independence.errors import CatalogError, Problem
from independence.loading.overlay import Additions, Overrides, Shift
from independence.model.base import Id, Record, Text

if TYPE_CHECKING:
    from independence.catalog import Catalog
    from independence.records import Parts

__all__ = [
    "REGIONS_FOLDER",
    "Region",
    "RegionFile",
    "UnknownRegionError",
    "apply_region",
    "build_region",
    "region_file",
    "region_problems",
    "regions_in",
]

#: The sub-folder of a data folder that holds the regional packs, one file per region.
REGIONS_FOLDER: Final = "regions"

RegionCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
PhoneNumber = Annotated[str, Field(pattern=r"^[0-9][0-9 ]{1,14}[0-9]$")]


class Region(Record):
    """A region: its code and name and the numbers a family calls there."""

    code: RegionCode
    name: Text
    emergency_number: PhoneNumber = Field(description="The number for police, fire, ambulance.")
    non_emergency_number: PhoneNumber | None = Field(
        description="The police non-emergency number, or null where there is no single one "
        "(say why in the note)."
    )
    note: Text | None = None
    sources: tuple[Id, ...] = Field(default=(), description="Sources for the numbers.")


class RegionFile(Record):
    """A ``regions/<CODE>.yaml`` file: the region and the overlay operations it applies."""

    region: Region
    add: Additions = Additions()
    override: Overrides = Overrides()
    shift: tuple[Shift, ...] = ()


class UnknownRegionError(ValueError):
    """A region code that the data folder does not ship."""


def regions_in(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The region codes of the data folder ``folder`` (its ``regions/*.yaml`` files), sorted."""
    where = Path(folder) / REGIONS_FOLDER
    if not where.is_dir():
        return ()
    return tuple(sorted(p.stem for p in where.glob("*.yaml") if not p.name.startswith(".")))


def region_file(folder: Path, code: str) -> Path:
    """The file of region ``code`` (matched in any case) in ``folder``."""
    code = code.upper()
    known = regions_in(folder)
    if code not in known:
        listed = ", ".join(known) or "none in this data folder"
        raise UnknownRegionError(f"unknown region {code!r}: known regions are {listed}")
    return folder / REGIONS_FOLDER / f"{code}.yaml"


def apply_region(parts: Parts, path: str | os.PathLike[str]) -> tuple[Region | None, list[Problem]]:
    """Lay the region file at ``path`` over ``parts`` (in place): its region and the problems."""
    from independence.loading.overlay import OverlayFile, OverlayInfo, _add, _override, _shift
    from independence.loading.problems import problem_at, read_model

    shown = os.fspath(path)
    doc, found, problems = read_model(
        path, RegionFile, "a region file is a mapping with a 'region' section"
    )
    if doc is None or found is None:
        return None, problems
    region = found.region
    stem = Path(shown).stem
    if region.code != stem:
        problems.append(
            problem_at(
                doc,
                shown,
                ("region", "code"),
                f"region {region.code!r} in regions/{stem}.yaml: the file name must be the code",
            )
        )
    overlay = OverlayFile(
        overlay=OverlayInfo(name=region.name),
        add=found.add,
        override=found.override,
        shift=found.shift,
    )
    problems += _add(parts, overlay, doc, shown)
    problems += _override(parts, overlay, doc, shown)
    problems += _shift(parts, overlay, doc, shown)
    known = {source.id for source, _ in parts.sources.entries}
    for index, source in enumerate(region.sources):
        if source not in known:
            problems.append(
                problem_at(
                    doc,
                    shown,
                    ("region", "sources", index),
                    f"unknown source {source!r}: add it to the catalogue's sources",
                )
            )
    return region, problems


def build_region(
    parts: Parts, problems: list[Problem], file: Path, overlays: Iterable[str | os.PathLike[str]]
) -> tuple[Catalog, Region]:
    from independence.loading.loader import build_catalog

    region, found = apply_region(parts, file)
    catalog = build_catalog(parts, problems + found, overlays)
    assert region is not None  # a region file that did not validate raised above
    return catalog, region


def with_numbers(catalog: Catalog, region: Region) -> Catalog:
    """``catalog`` with ``region``'s numbers added to its emergency and non-emergency steps."""
    from independence.catalog import Catalog, _ix
    from independence.model.escalation import Action

    messages = catalog.messages
    name = messages.text(f"region:{region.code}#name", region.name)
    emergency = messages("region:emergency-number", region=name, number=region.emergency_number)
    if region.non_emergency_number is not None:
        other = messages(
            "region:non-emergency-number", region=name, number=region.non_emergency_number
        )
    else:
        other = messages("region:no-non-emergency-number", region=name)
    # the non-emergency step also says when to call the emergency number: it gets both
    added = {
        Action.CALL_EMERGENCY_SERVICES: emergency,
        Action.CALL_POLICE_NON_EMERGENCY: f"{other} {emergency}",
    }
    parts = catalog._as_parts()
    entries = parts.escalation_policies.entries
    for position, (policy, origin) in enumerate(entries):
        steps = tuple(
            step.model_copy(update={"message": f"{step.message} {added[step.action]}"})
            if step.action in added
            else step
            for step in policy.steps
        )
        entries[position] = (policy.model_copy(update={"steps": steps}), origin)
    built = Catalog._from_parts(parts)
    index = _ix(catalog)
    built._localise(index.locale, index.messages, index.locale_warnings)
    _ix(built).region = region.code
    if region.note is not None:  # the legal caveats, in the catalogue's language
        _ix(built).region_note = messages.text(f"region:{region.code}#note", region.note)
    return built


def regional_catalog(
    path: str | os.PathLike[str],
    region: str,
    overlays: Iterable[str | os.PathLike[str]] = (),
) -> tuple[Catalog, Region]:
    """The catalogue at ``path`` with its region ``region`` laid over it, in English, and the
    region (the caller translates, then adds the numbers: see :func:`with_numbers`)."""
    from independence.loading.loader import read_parts

    folder = Path(path) if os.path.isdir(path) else Path(path).parent
    file = region_file(folder, region)
    parts, problems = read_parts(path)
    return build_region(parts, problems, file, overlays)


def region_problems(path: str | os.PathLike[str]) -> tuple[Problem, ...]:
    """Every problem of the regions of the data folder ``path``, each laid over its data."""
    from independence.loading.loader import read_parts

    if not os.path.isdir(path):
        return ()
    found: list[Problem] = []
    for code in regions_in(path):
        parts, problems = read_parts(path)
        if problems:
            return ()  # the data's own problems are reported by the caller
        try:
            build_region(parts, [], Path(path) / REGIONS_FOLDER / f"{code}.yaml", ())
        except CatalogError as error:
            found += error.problems
    return tuple(found)
