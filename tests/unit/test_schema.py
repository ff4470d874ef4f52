"""JSON Schemas: committed and fresh, draft-07, and in agreement with the loader."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DATA, MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import independence
from independence.build import load_catalog
from independence.errors import CatalogError
from independence.loading.loader import read_parts
from independence.schema import SCHEMA_KINDS, json_schema, schema_text

SCHEMAS = Path(independence.build.data_path()) / "schemas"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_is_fresh(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        "stale schema: run 'independence schema --output data/schemas'"
    )


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_draft_07(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)


def test_schema_accepts_every_shipped_file() -> None:
    from independence.loading.reader import read_yaml

    data = Path(independence.build.data_path())
    for path in data.rglob("*.yaml"):
        kind = path.parent.name if path.parent != data else path.stem
        kind = {"perspectives": "perspective", "regions": "region"}.get(kind, kind)
        value = json.loads(json.dumps(read_yaml(path.read_bytes()).value))  # tuples as lists
        jsonschema.validate(value, json_schema(kind), cls=jsonschema.Draft7Validator)


def test_unknown_kind() -> None:
    with pytest.raises(KeyError, match="unknown schema 'band'"):
        json_schema("band")


# ------------------------------------------------------------------ schema and loader agree


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


REPLACEMENTS = st.sampled_from([None, True, 7, 2.5, "text", [], {}, ["x"], {"k": 1}])


def _loader_accepts(document: dict[str, Any], tmp: Path) -> bool:
    path = tmp / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _, problems = read_parts(path)
    return not problems


BASE = load_catalog(MINI).to_document()
BASE_PATHS = [p for p in _paths(BASE) if p]


@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(BASE_PATHS),
    st.sampled_from(["replace", "delete", "add-key"]),
    REPLACEMENTS,
)
def test_schema_and_loader_agree_on_single_file_documents(
    tmp_path: Path, path: tuple[Any, ...], operation: str, replacement: Any
) -> None:
    """Mutate one node of a valid one-file catalogue: both accept it, or both refuse it.

    Only the shape of a file is compared (keys, types, patterns, ranges); references between
    records are the loader's alone. A replacement is never of the original's own type, so the
    loader's cross-field rules (age order, ladder order) cannot be what decides.
    """
    document = copy.deepcopy(BASE)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    original = parent[last]
    if operation == "replace":
        if type(replacement) is type(original):
            return
        parent[last] = replacement
    elif operation == "delete":
        if isinstance(parent, list):
            del parent[last]
        else:
            del parent[last]
    elif isinstance(original, dict):
        original["unexpected_key"] = replacement
    else:
        return
    schema_ok = jsonschema.Draft7Validator(json_schema("catalogue")).is_valid(document)
    assert schema_ok == _loader_accepts(document, tmp_path), (path, operation, replacement)


def test_export_round_trips(tmp_path: Path) -> None:
    catalog = independence.default_catalog()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(catalog.to_document()), encoding="utf-8")
    again = load_catalog(path)
    assert again == catalog
    assert again.to_document() == catalog.to_document()
    jsonschema.validate(catalog.to_document(), json_schema("catalogue"))


def test_loader_is_the_stricter_one_for_references(tmp_path: Path) -> None:
    document = copy.deepcopy(BASE)
    document["responsibilities"][1]["prerequisites"] = ["nowhere"]
    jsonschema.validate(document, json_schema("catalogue"))
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CatalogError, match="unknown prerequisite 'nowhere'"):
        load_catalog(path)


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_schema_descriptions_are_plain_text(kind: str) -> None:
    """Editors and OpenAPI pages show descriptions as they are: no Sphinx roles, no ``code``."""
    text = json.dumps(json_schema(kind))
    assert ":class:" not in text
    assert "``" not in text


def test_model_schemas_for_apis_are_plain_text() -> None:
    text = json.dumps(independence.Responsibility.model_json_schema())
    assert "The Category id." in text
    assert ":class:" not in text


@pytest.mark.parametrize("kind", ["overlay", "region"])
def test_an_override_patch_is_typed_per_section(kind: str) -> None:
    from independence.loading.reader import read_yaml

    validator = jsonschema.Draft7Validator(json_schema(kind))
    if kind == "overlay":
        head: dict[str, object] = {"overlay": {"name": "ours"}}
    else:  # a shipped regional pack, its own overrides taken out
        gb = json.loads(json.dumps(read_yaml((DATA / "regions" / "GB.yaml").read_bytes()).value))
        head = {key: value for key, value in gb.items() if key != "override"}

    def errors(override: dict[str, object]) -> list[str]:
        return [error.message for error in validator.iter_errors({**head, "override": override})]

    assert errors({"responsibilities": [{"id": "tidy", "title": "Tidy up"}]}) == []
    assert errors({"check_in_policies": [{"id": "x", "location": {"mode": "while-out"}}]}) == []
    misspelt = errors({"responsibilities": [{"id": "tidy", "tilte": "Tidy up"}]})
    assert any("'tilte' was unexpected" in message for message in misspelt), misspelt
    assert errors({"bands": [{"id": "b", "review_interval_months": "six"}]}) != []
    assert errors({"responsibilities": [{"title": "no id"}]}) != []
