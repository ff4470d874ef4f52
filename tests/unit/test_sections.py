"""The registry of sections (independence.model.sections) and what must agree with it.

What is derived from the registry cannot drift; these tests check the typed declarations that
are written out (so that type checkers see their types) and name what to add when a record
kind joins the registry.
"""

from __future__ import annotations

import dataclasses
import typing

import pytest

from independence.catalog import Catalog
from independence.cli.validate import section_counts
from independence.loading.loader import FILE_KINDS, FOLDER_KINDS
from independence.loading.overlay import RECORD_MODELS, DisableSections, Overrides
from independence.model.documents import Sections
from independence.model.sections import REGISTRY, SECTIONS, RecordKind, SectionKind
from independence.records import Parts
from independence.schema import SCHEMA_KINDS

NAMES = [entry.name for entry in REGISTRY]


def record_type(model: type, field: str) -> object:
    annotation = model.model_fields[field].annotation  # type: ignore[attr-defined]
    return annotation.__args__[0]


@pytest.mark.parametrize("entry", REGISTRY, ids=NAMES)
def test_the_catalogue_and_the_parts_have_a_field_for_each_section(entry: SectionKind) -> None:
    assert record_type(Catalog, entry.name) is entry.model, f"add Catalog.{entry.name}"
    parts = {field.name for field in dataclasses.fields(Parts)}
    assert entry.name in parts, f"add Parts.{entry.name}"


@pytest.mark.parametrize("entry", REGISTRY, ids=NAMES)
def test_overlays_reach_each_section(entry: SectionKind) -> None:
    assert record_type(Sections, entry.name) is entry.model, f"add Sections.{entry.name}"
    assert entry.name in DisableSections.model_fields, f"add DisableSections.{entry.name}"
    assert (entry.name in Overrides.model_fields) == entry.overridable
    assert RECORD_MODELS[entry.name] is entry.model


def _kinds_typed(method: object) -> dict[str, object]:
    """What each overload of ``method`` returns, by the ``kind`` it takes."""
    found = {}
    for overload in typing.get_overloads(method):  # type: ignore[arg-type]
        hints = typing.get_type_hints(overload)
        (kind,) = typing.get_args(hints["kind"])
        found[kind] = typing.get_args(hints["return"])[0] if "default" in hints else hints["return"]
    return found


@pytest.mark.parametrize("entry", REGISTRY, ids=NAMES)
def test_the_one_lookup_is_typed_for_each_section(entry: SectionKind) -> None:
    assert entry.name in typing.get_args(RecordKind), f"add {entry.name!r} to RecordKind"
    lookup = _kinds_typed(Catalog.lookup)
    assert lookup.get(entry.name) is entry.model, "add an overload of Catalog.lookup"
    get = _kinds_typed(Catalog.get)
    assert get.get(entry.name) is entry.model, "add overloads of Catalog.get"


def test_nothing_is_declared_for_a_section_the_registry_lacks() -> None:
    assert set(typing.get_args(RecordKind)) == set(SECTIONS)
    extra = set(Sections.model_fields) | set(DisableSections.model_fields)
    assert extra == set(SECTIONS)
    record_fields = set(Catalog.model_fields) - {"info", "disabled"}
    assert record_fields == set(SECTIONS)


def test_the_file_layout_and_schemas_come_from_the_registry() -> None:
    for entry in REGISTRY:
        if entry.layout == "file":
            assert entry.name in FILE_KINDS[entry.path].model_fields  # type: ignore[index]
            assert SCHEMA_KINDS[entry.schema] is FILE_KINDS[entry.path]  # type: ignore[index]
        elif entry.layout.startswith("folder"):
            assert SCHEMA_KINDS[entry.schema] is FOLDER_KINDS[entry.path]  # type: ignore[index]
    assert list(FILE_KINDS) == [
        "catalog.yaml",
        "bands.yaml",
        "categories.yaml",
        "check-ins.yaml",
        "escalation.yaml",
        "schedules.yaml",
    ]
    assert list(FOLDER_KINDS) == ["responsibilities", "perspectives"]


def test_the_command_line_counts_every_counted_section(mini: Catalog) -> None:
    counted = [entry.name for entry in REGISTRY if entry.count_label is not None]
    assert list(section_counts(mini)) == counted
    assert section_counts(mini)["responsibilities"] == len(mini.responsibilities) == 4
