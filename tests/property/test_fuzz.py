"""Hostile input: whatever the bytes, loading succeeds or raises CatalogError, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import walks_agree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import independence
from independence import CatalogError, load_catalog
from independence._collector import settled
from independence.model import CheckInPolicy, EscalationPolicy, Responsibility

pytestmark = pytest.mark.slow  # see [tool.pytest.ini_options] markers

DATA = Path(independence.build.data_path())
SHIPPED = sorted(p for p in DATA.rglob("*.yaml"))
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def outcome(path: Path) -> str:
    try:
        load_catalog(path)
    except CatalogError as error:
        problems = error.problems
    else:
        return "valid"
    assert problems
    for problem in problems:
        assert problem.message
        assert problem.file is not None
    return "invalid"


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    outcome(path)


YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:- \n\t[]{},'\"&*!|>#?%@`~0123yn")), max_size=300
)


@FUZZ
@given(YAMLISH)
def test_yaml_like_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    outcome(path)


@FUZZ
@given(st.sampled_from(SHIPPED), st.data())
def test_mutations_of_shipped_data(tmp_path: Path, source: Path, data: st.DataObject) -> None:
    """Cut, duplicate or overwrite a slice of a real data file inside a copy of the data."""
    import shutil

    target = tmp_path / "data"
    if not target.exists():
        shutil.copytree(DATA, target)
    original = source.read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 200)))
    insert = data.draw(st.binary(max_size=20) | st.just(original[start:end]))
    mutated = original[:start] + insert + original[end:]
    copy = target / source.relative_to(DATA)
    copy.write_bytes(mutated)
    try:
        outcome(target)
    finally:
        copy.write_bytes(original)


def _round_trip(model: Any, tmp_path: Path, name: str, item: Any) -> None:
    text = yaml.safe_dump(item.model_dump(mode="json", exclude_defaults=True), sort_keys=False)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    value = independence.loading.reader.read_yaml(path.read_bytes()).value
    assert model.model_validate(value) == item


def test_every_record_round_trips_through_yaml(tmp_path: Path) -> None:
    catalog = independence.default_catalog()
    for item in catalog.responsibilities:
        _round_trip(Responsibility, tmp_path, item.id, item)
    for policy in catalog.check_in_policies:
        _round_trip(CheckInPolicy, tmp_path, policy.id, policy)
    for escalation in catalog.escalation_policies:
        _round_trip(EscalationPolicy, tmp_path, escalation.id, escalation)


def test_export_is_plain_json() -> None:
    document = independence.default_catalog().to_document()
    assert json.loads(json.dumps(document)) == document


#: YAML-like text rich in the spellings the scalar rules tell apart (numbers, constants, escapes)
SCALARISH = st.text(
    alphabet=st.sampled_from(
        list("ab:- \n[]{},'\"&*!|>#?~0123456789.eE+-_xo:tTrufalsenul\\\x07\x85\u00e9")
    ),
    max_size=200,
)


#: one scalar's spelling, plain or quoted: numbers, near-numbers, constants and text
SPELLING = st.one_of(
    st.from_regex(r"[-+]?[0-9]{0,3}(\.[0-9]{0,2})?([eE][-+]?[0-9]{1,2})?", fullmatch=True),
    st.sampled_from(["true", "false", "null", "~", "", "yes", "no", "on", "1:30", "0x1F", "010"]),
    st.text(alphabet="abz -.:", max_size=6),
    # escapes, which double quotes turn into other characters (controls among them)
    st.sampled_from(["\\a", "\\x85", "\\u0007", "\\t", "\\n", "\\\\", "\\N", "\\_"]),
).flatmap(lambda text: st.sampled_from([text, f"'{text}'", f'"{text}"']))
#: mappings and flow lists of those spellings, keys included
STRUCTURED = st.lists(
    st.tuples(
        SPELLING, SPELLING | st.lists(SPELLING, max_size=3).map(", ".join).map("[{}]".format)
    ),
    max_size=6,
).map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))


@FUZZ
@given(YAMLISH | SCALARISH | STRUCTURED)
def test_quick_and_exact_walks_agree_on_yaml_like_text(text: str) -> None:
    walks_agree(text.encode("utf-8"))


@FUZZ
@given(st.sampled_from(SHIPPED), st.data())
def test_quick_and_exact_walks_agree_on_mutated_data(source: Path, data: st.DataObject) -> None:
    original = source.read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 200)))
    insert = data.draw(st.binary(max_size=20) | SCALARISH.map(str.encode))
    walks_agree(original[:start] + insert + original[end:])


def _list_item(mapping: str) -> str:
    lines = mapping.splitlines() or ["{}"]
    return "- " + "\n  ".join(lines) + "\n"


@settings(FUZZ, max_examples=15)
@given(st.integers(490, 1020), STRUCTURED, st.data())
def test_quick_and_exact_walks_agree_on_lists_longer_than_a_settle(
    count: int, record: str, data: st.DataObject
) -> None:
    # lists past the interval at which the quick walk settles what it has read (a freeze of
    # the collector's generations) read as the exact walk reads them, with one item changed
    items = [_list_item(record)] * count
    at = data.draw(st.integers(0, count - 1))
    items[at] = _list_item(data.draw(STRUCTURED | SCALARISH))
    text = "responsibilities:\n" + "".join("  " + line for line in "".join(items).splitlines(True))
    with settled():
        walks_agree(text.encode("utf-8"))
