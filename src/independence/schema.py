"""JSON Schemas (draft-07) for each kind of data file, generated from the models.

Editors that speak yaml-language-server give completion and inline errors when a data file
starts with ``# yaml-language-server: $schema=<path to its schema>``. The schemas check the
shape of one file (keys, types, patterns, ranges); checks across records and files (references,
bands, cycles, age order) are the loader's.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel

from independence.export import Export
from independence.loading.overlay import RECORD_MODELS, OverlayFile
from independence.model.documents import (
    CatalogFile,
    DataFile,
)
from independence.model.sections import FILE_MODELS, FOLDER_MODELS, REGISTRY
from independence.progress import Progress
from independence.regional import RegionFile

__all__ = ["SCHEMA_KINDS", "json_schema", "schema_text", "write_schemas"]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"

#: Schema name -> the model of that kind of file. ``catalogue`` is a whole catalogue in one
#: file, ``perspective`` one perspective pack, ``overlay`` an overlay file, ``region`` a
#: regional pack (``regions/<CODE>.yaml``), ``progress`` one
#: child's progress file (see :class:`independence.Progress`; not part of a catalogue),
#: ``export`` the output of ``independence export`` (see :mod:`independence.export`).
SCHEMA_KINDS: Final[dict[str, type[BaseModel]]] = {
    "catalog": CatalogFile,
    **{
        entry.schema: FOLDER_MODELS[entry.path]
        if entry.layout.startswith("folder")
        else FILE_MODELS[entry.path]
        for entry in REGISTRY
        if entry.schema is not None and entry.path is not None
    },
    "overlay": OverlayFile,
    "region": RegionFile,
    "catalogue": DataFile,
    "progress": Progress,
    "export": Export,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The draft-07 JSON Schema of data files of ``kind`` (a key of :data:`SCHEMA_KINDS`)."""
    model = SCHEMA_KINDS.get(kind)
    if model is None:
        raise KeyError(f"unknown schema {kind!r}: choose one of {', '.join(SCHEMA_KINDS)}")
    # the export is what is written (every field, so every field required); the rest is what
    # is read
    mode: Literal["validation", "serialization"] = (
        "serialization" if kind == "export" else "validation"
    )
    schema = model.model_json_schema(ref_template="#/definitions/{model}", mode=mode)
    definitions = schema.pop("$defs", {})
    if "Overrides" in definitions:
        _type_overrides(definitions)
    document: dict[str, Any] = {"$schema": DRAFT_07, "$id": f"{kind}.schema.json"}
    document.update(schema)
    if definitions:
        document["definitions"] = dict(sorted(definitions.items()))
    _untitled(document, top=True)
    _lone_refs(document)
    if kind == "export":
        _all_required(document)
    return document


def _type_overrides(definitions: dict[str, Any]) -> None:
    """Give each section of ``override`` the patch of its own records: every field optional
    (nested mappings too, since the overlay merges them key by key; lists are replaced whole,
    so their items stay complete), unknown keys refused, so that an editor flags ``tilte:``."""
    sections = definitions["Overrides"]["properties"]
    for section, model in RECORD_MODELS.items():
        if section not in sections:
            continue
        name = model.__name__
        if name not in definitions:
            own = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
            for key, value in own.pop("$defs", {}).items():
                definitions.setdefault(key, value)
            definitions[name] = own
        patch = _patch_of(definitions, name)
        definitions[patch]["required"] = ["id"]
        sections[section]["items"] = {"$ref": f"#/definitions/{patch}"}
    definitions.pop("Patch", None)


def _patch_of(definitions: dict[str, Any], name: str) -> str:
    """The name of a copy of the definition ``name`` with no required field (made once)."""
    source = definitions[name]
    if source.get("type") != "object" or "properties" not in source:
        return name  # an enumeration or a plain value: nothing to make optional
    patch_name = f"{name}Patch"
    if patch_name not in definitions:
        patch = copy.deepcopy(source)
        patch.pop("required", None)
        patch["additionalProperties"] = False
        patch["title"] = patch_name
        patch["description"] = (
            f"Fields of {name} to change; each is optional (an overlay merges mappings key by "
            "key and replaces lists whole)."
        )
        definitions[patch_name] = patch
        for key, value in patch["properties"].items():
            value.pop("default", None)
            patch["properties"][key] = _patched(definitions, value)
    return patch_name


def _patched(definitions: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with each nested mapping it names made a patch as well."""
    if "$ref" in value:
        name = value["$ref"].rsplit("/", 1)[1]
        return {**value, "$ref": f"#/definitions/{_patch_of(definitions, name)}"}
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in value:
            value = {**value, combinator: [_patched(definitions, v) for v in value[combinator]]}
    return value


def _untitled(schema: Any, *, top: bool = False) -> None:
    """Drop the titles of everything but the root and the definitions.

    Code generators (json-schema-to-typescript, quicktype) make a named type of every titled
    schema, so a property's title ("Id", "Category") became its own numbered alias (``Id1``,
    ``Id7``); a property's name and description say all the title did.
    """
    if isinstance(schema, dict):
        if not top:
            title = schema.get("title")
            if isinstance(title, str):
                del schema["title"]
        for key, value in schema.items():
            if key == "definitions":
                for definition in value.values():
                    _untitled(definition, top=True)
            elif key in ("properties", "patternProperties"):
                for member in value.values():
                    _untitled(member)
            elif key not in ("const", "enum", "default", "examples"):
                _untitled(value)
    elif isinstance(schema, list):
        for member in schema:
            _untitled(member)


def _lone_refs(schema: Any) -> None:
    """Put a ``$ref`` that has siblings (a description) under ``allOf``.

    In draft-07 the siblings of ``$ref`` are ignored, and code generators make a second,
    numbered type of the referenced one (``SupportStage1``); ``allOf`` with one ``$ref`` keeps
    both the description and the one named type.
    """
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key not in ("const", "enum", "default", "examples"):
                _lone_refs(value)
        if "$ref" in schema and len(schema) > 1:
            schema["allOf"] = [{"$ref": schema.pop("$ref")}]
    elif isinstance(schema, list):
        for member in schema:
            _lone_refs(member)


def _all_required(schema: Any) -> None:
    """Every property of every object required: the export writes every field."""
    if isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            schema["required"] = list(properties)
        for key, value in schema.items():
            if key not in ("const", "enum", "default", "examples"):
                _all_required(value)
    elif isinstance(schema, list):
        for member in schema:
            _all_required(member)


def schema_text(kind: str) -> str:
    """The schema of ``kind`` as the text committed and shipped (stable key order, newline)."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every schema to ``folder`` as ``<kind>.schema.json``; return the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMA_KINDS:
        path = target / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
