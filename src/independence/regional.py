"""Regional packs: where law or national guidance differs, and the numbers to call.

A data folder may hold ``regions/<CODE>.yaml`` files (``GB``, ``US``, ``AU``: ISO 3166-1
alpha-2 codes), each with a ``region`` section (its code, name, emergency and police
non-emergency numbers, a note and sources) and the overlay operations ``add``, ``override``
and ``shift`` of :mod:`independence.loading.overlay`, applied the same way and keeping the same
provenance (the region file and line that changed each record).

A region is separate from the language: ``default_catalog(region="GB", locale="es")`` lays the
region over the English data, translates the result, then adds the region's numbers, as
sentences from :mod:`independence.messages` (``region:*`` templates) in the catalogue's locale,
from one place (:func:`with_numbers`):

- the emergency number (and the police non-emergency number) to every escalation step whose
  action is ``call-emergency-services`` (or ``call-police-non-emergency``);
- the region's crisis lines (``crisis_lines``: the helplines a child or a grown-up can call in a
  crisis) to every escalation policy's debrief, for a child who turns out to be in distress;
- the region's reporting services (``reporting_services``: where online sexual abuse of a child,
  grooming and sextortion are reported, and images taken down) and its child-protection lines
  (``child_protection_lines``: helplines for a grown-up worried that a child is being abused);
- to the safety note of every responsibility that asks for them in ``regional_numbers``
  (``emergency``, ``crisis-lines``, ``reporting``, ``child-protection``): the items about
  getting help, whose own text speaks of "your local emergency number", "a crisis line", "the
  national reporting service" and "your local children's services".

Without a region nothing is added: the data's own texts say "your local emergency number", "a
crisis line" and "the national reporting service", and the command line's ``--region`` says
how to choose one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

from pydantic import Field

from independence.catalog import Presentation
from independence.errors import CatalogError, Problem, UnknownRegionError
from independence.loading.loader import checked_parts, read_parts
from independence.loading.overlay import (
    Additions,
    OverlayFile,
    OverlayInfo,
    Overrides,
    Shift,
    apply_operations,
)
from independence.loading.problems import problem_at, read_model
from independence.model.base import Id, Record, Text
from independence.model.escalation import Action
from independence.model.responsibility import RegionalNumber

if TYPE_CHECKING:
    from independence.messages import Messages
    from independence.records import Parts

__all__ = [
    "REGIONS_FOLDER",
    "CrisisLine",
    "Region",
    "RegionFile",
    "RegionSentences",
    "ReportingService",
    "apply_region",
    "child_protection_line_context",
    "crisis_line_context",
    "read_region",
    "region_file",
    "region_problems",
    "region_sentences",
    "region_texts",
    "regions_in",
    "reporting_service_context",
    "with_numbers",
]

#: The sub-folder of a data folder that holds the regional packs, one file per region.
REGIONS_FOLDER: Final = "regions"

RegionCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
PhoneNumber = Annotated[str, Field(pattern=r"^[0-9][0-9 ]{1,14}[0-9]$")]


class CrisisLine(Record):
    """A helpline a child or a grown-up can call in a crisis (thoughts of self-harm or suicide,
    abuse, feeling unable to cope), checked on its publisher's page."""

    name: Text = Field(description="The service's own name (Samaritans, Childline, 988).")
    number: PhoneNumber = Field(description="The number to call, as its publisher writes it.")
    who: Text = Field(
        description="Who it is for and when it answers, in a few words (translated): "
        "'anyone, free, day or night'."
    )
    sources: tuple[Id, ...] = Field(
        min_length=1, description="Sources for the number, from its publisher's pages."
    )


class ReportingService(Record):
    """Where online sexual abuse of a child is reported (grooming, requests for sexual
    pictures, sextortion) or such images are taken down, checked on its publisher's pages:
    what the items call "the national reporting service"."""

    name: Text = Field(description="The service's own name (CEOP, NCMEC CyberTipline).")
    number: PhoneNumber | None = Field(
        default=None, description="Its phone number, or null where it takes reports online only."
    )
    how: Text = Field(
        description="How to reach it and what it takes, in a few words (translated): "
        "'report online at ceop.police.uk'."
    )
    sources: tuple[Id, ...] = Field(
        min_length=1, description="Sources for the service, from its publisher's pages."
    )


class Region(Record):
    """A region: its code and name and the numbers a family calls there."""

    code: RegionCode
    name: Text = Field(description="The region's name, shown to people.")
    emergency_number: PhoneNumber = Field(description="The number for police, fire, ambulance.")
    non_emergency_number: PhoneNumber | None = Field(
        description="The police non-emergency number, or null where there is no single one "
        "(say why in the note)."
    )
    crisis_lines: tuple[CrisisLine, ...] = Field(
        default=(),
        max_length=5,
        description="The crisis lines to give, most general first: added to every escalation "
        "debrief and to the items about getting help.",
    )
    child_protection_lines: tuple[CrisisLine, ...] = Field(
        default=(),
        max_length=5,
        description="The helplines for a grown-up worried that a child is being abused or "
        "exploited (name, number, who, sources, like a crisis line): added to the items that "
        "ask for `child-protection`.",
    )
    reporting_services: tuple[ReportingService, ...] = Field(
        default=(),
        max_length=5,
        description="Where online sexual abuse of a child, grooming and sextortion are "
        "reported, and such images taken down: added to the items that speak of the national "
        "reporting service.",
    )
    note: Text | None = Field(
        default=None,
        description="What changes in this region, in a sentence or two; null for none.",
    )
    sources: tuple[Id, ...] = Field(default=(), description="Sources for the numbers.")


class RegionFile(Record):
    """A ``regions/<CODE>.yaml`` file: the region and the overlay operations it applies."""

    region: Region
    add: Additions = Additions()
    override: Overrides = Overrides()
    shift: tuple[Shift, ...] = ()


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
    """Lay the region file at ``path`` over ``parts`` (in place): its region and the problems.

    The region's operations go through
    :func:`~independence.loading.overlay.apply_operations`, as an overlay's do."""
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
    problems += apply_operations(parts, overlay, doc, shown)
    known = {source.id for source, _ in parts.sources.entries}
    cited: list[tuple[tuple[str | int, ...], str]] = [
        (("region", "sources", index), source) for index, source in enumerate(region.sources)
    ]
    for line, crisis_line in enumerate(region.crisis_lines):
        cited += [
            (("region", "crisis_lines", line, "sources", index), source)
            for index, source in enumerate(crisis_line.sources)
        ]
    for line, protection_line in enumerate(region.child_protection_lines):
        cited += [
            (("region", "child_protection_lines", line, "sources", index), source)
            for index, source in enumerate(protection_line.sources)
        ]
    for at, service in enumerate(region.reporting_services):
        cited += [
            (("region", "reporting_services", at, "sources", index), source)
            for index, source in enumerate(service.sources)
        ]
    for where, source in cited:
        if source not in known:
            problems.append(
                problem_at(
                    doc,
                    shown,
                    where,
                    f"unknown source {source!r}: add it to the catalogue's sources",
                )
            )
    return region, problems


def read_region(folder: Path, code: str) -> Region:
    """The region ``code`` of the data folder ``folder``, read from its file (not laid over
    any data); a :class:`~independence.CatalogError` if the file is not a valid region file."""
    path = region_file(folder, code)
    _, found, problems = read_model(
        path, RegionFile, "a region file is a mapping with a 'region' section"
    )
    if found is None or problems:
        raise CatalogError(problems)
    return found.region


def crisis_line_context(code: str, index: int) -> str:
    """The translation context of the ``who`` of crisis line ``index`` of region ``code``."""
    return f"region:{code}#crisis_lines[{index}].who"


def child_protection_line_context(code: str, index: int) -> str:
    """The translation context of the ``who`` of child-protection line ``index`` of region
    ``code``."""
    return f"region:{code}#child_protection_lines[{index}].who"


def reporting_service_context(code: str, index: int) -> str:
    """The translation context of the ``how`` of reporting service ``index`` of region
    ``code``."""
    return f"region:{code}#reporting_services[{index}].how"


def region_sentences(region: Region, messages: Messages) -> RegionSentences:
    """What :func:`with_numbers` adds, in the language of ``messages``: the one place where a
    region's numbers become sentences."""
    name = messages.text(f"region:{region.code}#name", region.name)
    emergency = messages("region:emergency-number", region=name, number=region.emergency_number)
    if region.non_emergency_number is not None:
        other = messages(
            "region:non-emergency-number", region=name, number=region.non_emergency_number
        )
    else:
        other = messages("region:no-non-emergency-number", region=name)
    lines = [
        messages(
            "region:crisis-line",
            name=line.name,
            number=line.number,
            who=messages.text(crisis_line_context(region.code, index), line.who),
        )
        for index, line in enumerate(region.crisis_lines)
    ]
    joined = messages("region:crisis-line-separator").join(lines)
    crisis = messages("region:crisis-lines", region=name, lines=joined) if lines else ""
    debrief = messages("region:debrief-crisis-lines", lines=crisis) if lines else ""
    services = [
        messages(
            "region:reporting-service" if service.number is None else "region:reporting-line",
            name=service.name,
            number=service.number or "",
            how=messages.text(reporting_service_context(region.code, index), service.how),
        )
        for index, service in enumerate(region.reporting_services)
    ]
    joined = messages("region:reporting-service-separator").join(services)
    reporting = (
        messages("region:reporting-services", region=name, services=joined) if services else ""
    )
    protection = [
        messages(
            "region:crisis-line",
            name=line.name,
            number=line.number,
            who=messages.text(child_protection_line_context(region.code, index), line.who),
        )
        for index, line in enumerate(region.child_protection_lines)
    ]
    joined = messages("region:crisis-line-separator").join(protection)
    child_protection = (
        messages("region:child-protection-lines", region=name, lines=joined) if protection else ""
    )
    return RegionSentences(
        emergency, f"{other} {emergency}", crisis, debrief, reporting, child_protection
    )


@dataclass(frozen=True, slots=True)
class RegionSentences:
    """A region's numbers as the sentences added to escalation steps, debriefs and items."""

    emergency: str
    """Added to ``call-emergency-services`` steps and to items asking for ``emergency``."""
    non_emergency: str
    """Added to ``call-police-non-emergency`` steps (it also says the emergency number)."""
    crisis_lines: str
    """Added to items asking for ``crisis-lines``; empty when the region lists none."""
    debrief: str
    """Added to every escalation policy's debrief; empty when the region lists none."""
    reporting: str
    """Added to items asking for ``reporting``; empty when the region lists none."""
    child_protection: str
    """Added to items asking for ``child-protection``; empty when the region lists none."""


def _appended(text: str | None, *sentences: str) -> str | None:
    added = " ".join(s for s in sentences if s)
    if not added:
        return text
    return added if text is None else f"{text} {added}"


def with_numbers(
    parts: Parts, region: Region, presentation: Presentation
) -> tuple[Parts, Presentation]:
    """``parts`` with ``region``'s numbers added, as sentences in the language of
    ``presentation``: the emergency and non-emergency numbers to the escalation steps that call
    them, the crisis lines to every debrief, and both to the safety notes of the items that ask
    for them (``regional_numbers``); and ``presentation`` naming the region, with its note.

    The last step of the front door's pipeline (:mod:`independence.build`): after the
    translation, so the sentences are in the catalogue's language. ``parts`` is copied."""
    messages = presentation.messages
    said = region_sentences(region, messages)
    added = {
        Action.CALL_EMERGENCY_SERVICES: said.emergency,
        # the non-emergency step also says when to call the emergency number: it gets both
        Action.CALL_POLICE_NON_EMERGENCY: said.non_emergency,
    }
    for_items = {
        RegionalNumber.EMERGENCY: said.emergency,
        RegionalNumber.CRISIS_LINES: said.crisis_lines,
        RegionalNumber.REPORTING: said.reporting,
        RegionalNumber.CHILD_PROTECTION: said.child_protection,
    }
    parts = parts.copy()
    entries = parts.escalation_policies.entries
    for position, (policy, origin) in enumerate(entries):
        steps = tuple(
            step.model_copy(update={"message": f"{step.message} {added[step.action]}"})
            if step.action in added
            else step
            for step in policy.steps
        )
        resolution = policy.resolution.model_copy(
            update={"debrief": _appended(policy.resolution.debrief, said.debrief)}
        )
        entries[position] = (
            policy.model_copy(update={"steps": steps, "resolution": resolution}),
            origin,
        )
    items = parts.responsibilities.entries
    for position, (item, origin) in enumerate(items):
        if item.regional_numbers:
            note = _appended(item.safety_note, *(for_items[n] for n in item.regional_numbers))
            items[position] = (item.model_copy(update={"safety_note": note}), origin)
    note = None
    if region.note is not None:  # the legal caveats, in the catalogue's language
        note = messages.text(f"region:{region.code}#note", region.note)
    return parts, replace(presentation, region=region.code, region_note=note)


def region_problems(path: str | os.PathLike[str]) -> tuple[Problem, ...]:
    """Every problem of the regions of the data folder ``path``, each laid over its data (and
    checked as a whole, without building a catalogue)."""
    if not os.path.isdir(path):
        return ()
    found: list[Problem] = []
    for code in regions_in(path):
        parts, problems = read_parts(path)
        if problems:
            return ()  # the data's own problems are reported by the caller
        _, laid = apply_region(parts, Path(path) / REGIONS_FOLDER / f"{code}.yaml")
        try:
            checked_parts(parts, laid)
        except CatalogError as error:
            found += error.problems
    return tuple(found)


def region_texts(
    parts: Parts, folder: Path, english_texts: Callable[[Parts], dict[str, str]]
) -> dict[tuple[str, str], str]:
    """``{(region code, context): English}`` of what each regional pack of ``folder`` changes
    in the texts of the English records ``parts``, each region's name, what each of its crisis
    lines is for and how each reporting service is reached (what its PO file translates, and
    :func:`independence.l10n.coverage.translation_warnings` checks). ``english_texts`` reads
    the translated texts of records (:func:`independence.l10n.records.english_texts`), given
    so that a regional pack never loads the translations.

    Each pack's operations are laid over a copy of ``parts`` and its texts compared: no
    catalogue is built and nothing is checked (the packs' problems are
    :func:`region_problems`'s)."""
    base = english_texts(parts)
    found: dict[tuple[str, str], str] = {}
    for code in regions_in(folder):
        laid = parts.copy()
        region, _ = apply_region(laid, region_file(folder, code))
        if region is None:
            continue  # a region file that does not read: reported by region_problems
        found[(code, f"region:{code}#name")] = region.name
        if region.note is not None:
            found[(code, f"region:{code}#note")] = region.note
        for index, line in enumerate(region.crisis_lines):
            found[(code, crisis_line_context(code, index))] = line.who
        for index, service in enumerate(region.reporting_services):
            found[(code, reporting_service_context(code, index))] = service.how
        for index, line in enumerate(region.child_protection_lines):
            found[(code, child_protection_line_context(code, index))] = line.who
        for context, text in english_texts(laid).items():
            if base.get(context) != text:
                found[(code, context)] = text
    return found
