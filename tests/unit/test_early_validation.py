"""Records validated while the reader reads them give what validating them afterwards gives.

The loader hands the reader a function (``loader._early``) that validates each record of a
section as soon as its raw value is read, while it is fresh in the processor's caches; a
record that fails is left raw, and after the first failure in a file every record is, so that
:func:`~independence.loading.loader.read_records` validates and places it as before. These
tests load the same files with and without it and compare everything a user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import independence
from benchmarks.synthetic import write_catalog
from independence.build import data_path
from independence.loading import loader
from independence.loading.reader import read_yaml
from independence.model import Responsibility
from independence.model.sections import FOLDER_MODELS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = sorted((FIXTURES / "invalid").glob("*.yaml"))


def outcome(path: Path) -> tuple[Any, ...]:
    """What a load of ``path`` shows: the catalogue's records and each one's place, or every
    problem with its place."""
    try:
        catalog = independence.load_catalog(path)
    except independence.CatalogError as error:
        return ("problems", [str(problem) for problem in error.problems])
    places = [
        (record.id, origin.file, origin.place())
        for record, origin in catalog.parts().responsibilities.entries
    ]
    return ("catalogue", catalog, places)


def without_early(monkeypatch: pytest.MonkeyPatch, path: Path) -> tuple[Any, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(loader, "_early", lambda kind: None)
        return outcome(path)


@pytest.mark.parametrize("path", [FIXTURES / "mini.yaml", data_path(), *CORPUS], ids=str)
def test_a_load_is_the_same_with_and_without_early_validation(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    assert outcome(path) == without_early(monkeypatch, path)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A valid data folder with categories ``cat-00`` to ``cat-19`` and no records (the
    benchmarks' synthetic catalogue of none), and the given files."""
    root = write_catalog(tmp_path / "data", 0)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def record(id: str, category: str, *, title: str = "A chore", needs: str = "") -> str:
    prerequisites = f"    prerequisites: [{needs}]\n" if needs else ""
    return (
        f"  - id: {id}\n"
        f"    title: {title}\n"
        "    summary: Something to do.\n"
        f"    category: {category}\n"
        "    introduce_at: 3y\n"
        "    independent_by: 5y\n"
        f"{prerequisites}"
        "    support_ladder:\n"
        "      - {stage: together, description: Together.}\n"
        "      - {stage: nearby, description: Nearby.}\n"
        "      - {stage: alone, description: Alone.}\n"
        "    done_when: [Done.]\n"
        "    risk: low\n"
        "    guiding_questions: [What first?, What next?]\n"
        "    trust_framing: I trust you.\n"
        "    reconnection: Tell me.\n"
        "    sources: [aap-chores-by-age]\n"
    )


def test_broken_records_among_good_ones_give_the_same_problems(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    items = [record(f"extra-{k}", "cat-00") for k in range(30)]
    items[3] = record("extra-3", "cat-00", title="''")  # an empty title
    items[20] = record("extra-20", "cat-01")  # in the file of another category
    items[25] = record("extra-25", "cat-00", needs="extra-3")  # needs the broken one
    items[27] = record("extra-27", "cat-00", needs="nowhere")  # needs an unknown one
    root = folder(
        tmp_path, {"responsibilities/cat-00.yaml": "responsibilities:\n" + "".join(items)}
    )
    found = outcome(root)
    assert found[0] == "problems" and len(found[1]) == 3
    assert found == without_early(monkeypatch, root)


def test_records_past_the_budget_are_not_checked_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file spends the budget of problems; the next one's records, validated while read,
    are then not checked, and a record checked before names one of them: it is not reported
    as unknown (it may well exist), as before."""
    uses = record("uses-zz", "cat-00", needs="zz-2")
    broken = "".join(record(f"bad-{k}", "cat-01", title="''") for k in range(loader.MAX_PROBLEMS))
    good = "".join(record(f"zz-{k}", "cat-02") for k in range(5))
    root = folder(
        tmp_path,
        {
            "responsibilities/cat-00.yaml": "responsibilities:\n" + uses,
            "responsibilities/cat-01.yaml": "responsibilities:\n" + broken,
            "responsibilities/cat-02.yaml": "responsibilities:\n" + good,
        },
    )
    found = outcome(root)
    assert found[0] == "problems" and any("not checked" in p for p in found[1])
    assert not any("unknown prerequisite" in p for p in found[1])
    assert found == without_early(monkeypatch, root)


def test_the_reader_gives_each_record_of_a_section_and_keeps_what_comes_back() -> None:
    seen: list[tuple[str, Any]] = []

    def early(key: str, raw: Any) -> Any:
        seen.append((key, raw))
        return ("kept", raw["id"])

    text = (
        b"catalog: {name: x}\n"
        b"responsibilities:\n  - {id: a}\n  - {id: b}\n  - plain\n"
        b"other: [{id: c}]\n"
    )
    value = read_yaml(text, early=early).value
    assert value["responsibilities"] == (("kept", "a"), ("kept", "b"), "plain")
    assert value["other"] == (("kept", "c"),)
    assert value["catalog"] == {"name": "x"}  # a mapping, not a list: left alone
    assert [key for key, _ in seen] == ["responsibilities", "responsibilities", "other"]
    # a text that is not plain (here an ``&``) is read without calls, and so is a nested list
    assert read_yaml(b"a: [{id: x, t: Tom & Jerry}]\n", early=early).value == {
        "a": ({"id": "x", "t": "Tom & Jerry"},)
    }
    assert read_yaml(b"a: [[{id: x}]]\n", early=early).value == {"a": (({"id": "x"},),)}
    assert len(seen) == 3


def spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    validate: Callable[..., Any] = Responsibility.model_validate

    def counted(raw: Any) -> Any:
        calls.append(raw)
        return validate(raw)

    monkeypatch.setattr(Responsibility, "model_validate", counted)
    return calls


def test_after_a_broken_record_the_rest_of_the_file_is_left_raw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """So that a file of many broken records is validated once each, within the budget."""
    early = loader._early(FOLDER_MODELS["responsibilities"])
    assert early is not None
    good = read_yaml(("responsibilities:\n" + record("a", "home")).encode()).value
    raw = good["responsibilities"][0]
    calls = spy(monkeypatch)
    assert isinstance(early("responsibilities", raw), Responsibility)
    broken = {**raw, "title": ""}
    assert early("responsibilities", broken) is broken
    assert early("responsibilities", raw) is raw  # not validated again: left for the loader
    assert len(calls) == 2
