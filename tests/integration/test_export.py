"""The export is a contract for apps in any language (issue #27).

It says its language and region, writes every field (defaults included), gives each age in
whole months beside its text, and states the window rule, the suggestion order and the
personalised rule, so that a client knowing only the export (``export_client.py``, which
imports nothing of the library) gives the same answers as ``Catalog.suggest`` at every month.
Its schema names every section as required; every schema compiles under ajv's strict mode and
generates TypeScript without numbered aliases (where Node is available).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run
from export_client import ExportClient
from hypothesis import given, settings
from hypothesis import strategies as st

import independence
from independence import Age, Catalog, Progress
from independence.age import MAX_MONTHS
from independence.export import Export, ExportedResponsibility, export_document
from independence.model import CheckInPolicy, EscalationPolicy, Source, SupportStage
from independence.schema import json_schema
from independence.suggestions import WORTH_CHECKING_MONTHS

HERE = Path(__file__).parent
CHOICES = [(), ("--locale", "ar"), ("--locale", "es"), ("--region", "AU"), ("--region", "US")]


def exported(capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, Any]:
    status, out, err = run(capsys, "export", *options)
    assert status == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def catalog_for(options: tuple[str, ...]) -> Catalog:
    given_options = dict(zip(options[::2], options[1::2], strict=True))
    return independence.default_catalog(
        locale=given_options.get("--locale"), region=given_options.get("--region")
    )


@pytest.mark.parametrize("options", CHOICES)
def test_the_export_says_its_language_and_region(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...]
) -> None:
    document = exported(capsys, *options)
    catalog = catalog_for(options)
    head = document["export"]
    assert next(iter(document)) == "export"
    assert head["language"] == document["catalog"]["language"] == catalog.locale
    assert head["region"] == catalog.region
    if options == ("--locale", "ar"):
        assert head["language"] == "ar"  # an app choosing right-to-left layout gets it right
    if options and options[0] == "--region":
        assert head["region"] == options[1]
    assert head["data_version"] == independence.DATA_VERSION
    assert head["package_version"] == independence.__version__


def test_the_export_writes_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    document = exported(capsys)
    models: dict[str, type[Any]] = {
        "sources": Source,
        "check_in_policies": CheckInPolicy,
        "escalation_policies": EscalationPolicy,
        "responsibilities": ExportedResponsibility,
    }
    for section, model in models.items():
        for record in document[section]:
            assert set(record) == set(model.model_fields), (section, record.get("id"))
    assert all("window_minutes" in p for p in document["check_in_policies"])
    assert all("kind" in s for s in document["sources"])
    assert all("prerequisites" in r for r in document["responsibilities"])
    assert set(document) == set(Export.model_fields)


def test_every_age_carries_its_whole_months_beside_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for record in exported(capsys)["responsibilities"]:
        keys = list(record)
        for name in ("introduce_at", "independent_by"):
            assert record[f"{name}_months"] == Age.parse(record[name]).total_months
            assert keys[keys.index(name) + 1] == f"{name}_months"  # right beside the text


def test_the_rules_are_stated_in_the_export_and_its_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = exported(capsys)["export"]["rules"]
    assert rules["last_month"] == MAX_MONTHS - 1
    assert rules["worth_checking_months"] == WORTH_CHECKING_MONTHS
    assert "introduce_at_months <= m < window_end" in rules["window"]
    assert rules["suggestion_order"] == [
        "independent_by_months",
        "introduce_at_months",
        "category_position",
        "position",
    ]
    assert "Recorded beats presumed" in rules["personalised"]
    schema = json_schema("export")
    assert schema["required"] == list(Export.model_fields)  # every section, always written
    definitions = schema["definitions"]
    for name in ("ExportRules", "ExportInfo", "ExportedResponsibility", "CheckInPolicy", "Source"):
        definition = definitions[name]
        assert definition["required"] == list(definition["properties"]), name
    described = definitions["ExportRules"]["properties"]
    assert rules["window"] in described["window"]["description"]  # the rules, in the schema
    assert rules["suggestion_order_text"] in described["suggestion_order"]["description"]
    assert rules["personalised"] in described["personalised"]["description"]
    shipped = ROOT / "data" / "schemas" / "export.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema


def test_the_client_imports_nothing_of_the_library() -> None:
    tree = ast.parse((HERE / "export_client.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {"__future__", "typing", "collections"}, imported


@pytest.mark.parametrize("options", CHOICES)
def test_a_client_of_the_export_alone_agrees_at_every_month(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...]
) -> None:
    client = ExportClient(exported(capsys, *options))
    catalog = catalog_for(options)
    for month in range(MAX_MONTHS):
        age = Age.from_months(month)
        assert client.by_age(month) == [s.id for s in catalog.suggest(age)], month
        assert client.personalised(month, {}) == [
            (s.id, s.kind.value) for s in catalog.suggest(age, mastered=set())
        ], month
    last = Age.from_months(MAX_MONTHS - 1)  # the window rule's exception matters there
    assert client.by_age(MAX_MONTHS - 1) == [s.id for s in catalog.suggest(last)] != []


EXPORT = ExportClient(json.loads(json.dumps(export_document(independence.default_catalog()))))
IDS = sorted(EXPORT.items)


@settings(max_examples=20)
@given(st.dictionaries(st.sampled_from(IDS), st.sampled_from(list(SupportStage)), max_size=10))
def test_a_client_of_the_export_agrees_on_personalised_answers(
    recorded: dict[str, SupportStage],
) -> None:
    catalog = independence.default_catalog()
    progress = Progress()
    for id, stage in recorded.items():
        progress = progress.record(id, stage, on=date(2026, 1, 1))
    as_text = {id: stage.value for id, stage in recorded.items()}
    for month in range(0, MAX_MONTHS, 5):
        found = catalog.suggest(Age.from_months(month), progress=progress)
        assert EXPORT.personalised(month, as_text) == [(s.id, s.kind.value) for s in found]


@pytest.mark.parametrize("options", [(), ("--region", "AU")])
def test_an_export_loads_back_as_the_same_catalogue(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, options: tuple[str, ...]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported(capsys, *options)), encoding="utf-8")
    catalog = catalog_for(options)
    back = independence.load_catalog(path)
    assert back.responsibilities == catalog.responsibilities
    assert back.check_in_policies == catalog.check_in_policies
    assert back.sources == catalog.sources


def test_months_that_disagree_with_the_age_are_a_placed_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = exported(capsys)
    document["responsibilities"][2]["independent_by_months"] += 1
    document["export"]["format"] = 2
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    with pytest.raises(independence.CatalogError) as raised:
        independence.load_catalog(path)
    messages = {(p.path, p.line is not None) for p in raised.value.problems}
    assert ("responsibilities[2].independent_by_months", True) in messages
    assert ("export.format", True) in messages


def _node_modules() -> str | None:
    found = os.environ.get("INDEPENDENCE_NODE_MODULES")
    if shutil.which("node") is None or not found or not Path(found, "ajv").is_dir():
        return None
    return found


@pytest.mark.skipif(
    _node_modules() is None,
    reason="needs node and INDEPENDENCE_NODE_MODULES (a node_modules with ajv, ajv-formats and "
    "json-schema-to-typescript; .ci/run sets it up where npm can)",
)
def test_every_schema_is_strict_ajv_clean_and_generates_clean_types(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    samples = []
    for n, options in enumerate([(), ("--locale", "ar", "--region", "AU")]):
        path = tmp_path / f"export-{n}.json"
        path.write_text(json.dumps(exported(capsys, *options)), encoding="utf-8")
        samples.append(f"export={path}")
    environment = {**os.environ, "NODE_PATH": str(_node_modules())}
    result = subprocess.run(
        ["node", str(HERE / "schema_check.js"), str(ROOT / "data" / "schemas"), *samples],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_schema_help_lists_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    from independence.schema import SCHEMA_KINDS

    with pytest.raises(SystemExit) as raised:
        run(capsys, "schema", "--help")
    assert raised.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    for kind in SCHEMA_KINDS:
        assert f"{kind} " in shown or f"{kind}," in shown or f"{kind}." in shown, kind
