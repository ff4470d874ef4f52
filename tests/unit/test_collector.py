"""Loads keep what they build out of the collector's full passes, and leave the process as it was.

A load freezes (``gc.freeze``) what exists and what it builds, step by step, and unfreezes it
all when it ends; these tests check what an app relies on: nothing is left frozen, an app's own
frozen heap is never unfrozen, the collector's on/off state is untouched, garbage made during a
load is still collected afterwards, and a failed load cleans up like a successful one.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import independence
from benchmarks.synthetic import write_catalog
from independence._collector import settle, settled
from independence.build import data_path
from independence.loading.loader import read_parts

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


class _Node:
    """An object that can be in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: object = None


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    """Each test starts and ends with nothing frozen and the collector on."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def _in_collected_generations(item: object) -> bool:
    return any(found is item for found in gc.get_objects())


def test_a_load_leaves_nothing_frozen() -> None:
    independence.load_catalog(MINI)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_failed_load_leaves_nothing_frozen(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("responsibilities: [{id: Not An Id}]\n", encoding="utf-8")
    with pytest.raises(independence.CatalogError):
        independence.load_catalog(broken)
    assert gc.get_freeze_count() == 0


def test_what_is_settled_leaves_the_full_passes_until_the_load_ends() -> None:
    with settled():
        built = [object()]  # a container the collector tracks
        assert _in_collected_generations(built)
        settle()
        assert gc.is_tracked(built) and gc.get_freeze_count() > 0
        assert not _in_collected_generations(built)
    assert _in_collected_generations(built)
    assert gc.get_freeze_count() == 0


def test_settle_outside_a_load_does_nothing() -> None:
    settle()
    assert gc.get_freeze_count() == 0


def test_an_apps_frozen_heap_is_never_unfrozen() -> None:
    kept = [object()]
    gc.freeze()  # as a pre-forking server does before it forks
    frozen = gc.get_freeze_count()
    independence.load_catalog(MINI)
    assert gc.get_freeze_count() == frozen
    assert not _in_collected_generations(kept)


def test_the_collector_switched_off_by_the_app_stays_off_and_nothing_is_frozen() -> None:
    gc.disable()
    independence.load_catalog(MINI)
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_cycle_that_dies_during_a_load_is_collected_after_it() -> None:
    with settled():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watch = weakref.ref(first)
        settle()  # the cycle is frozen while it is still alive
        del first, second
        gc.collect()
        assert watch() is not None  # frozen: not collected during the load
    gc.collect()
    assert watch() is None  # nothing leaked: the first full pass after the load frees it


def test_nested_and_concurrent_loads_unfreeze_once_the_last_one_ends() -> None:
    inside = threading.Event()
    release = threading.Event()

    def other_load() -> None:
        with settled():
            inside.set()
            release.wait(timeout=600)

    thread = threading.Thread(target=other_load)
    thread.start()
    try:
        assert inside.wait(timeout=600)
        with settled():
            settle()
        assert gc.get_freeze_count() > 0  # the other thread's load is still running
    finally:
        release.set()
        thread.join(timeout=600)
    assert gc.get_freeze_count() == 0


def test_reading_a_data_folder_settles_each_file_as_it_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = Path(data_path())
    files = list((data / "responsibilities").glob("*.yaml"))
    freezes: list[int] = []
    freeze = gc.freeze

    def counted() -> None:
        freezes.append(gc.get_freeze_count())
        freeze()

    monkeypatch.setattr(gc, "freeze", counted)
    parts, problems = read_parts(data)
    assert not problems and parts.responsibilities.entries
    assert len(freezes) > len(files)  # the start, then each file at least
    assert gc.get_freeze_count() == 0


def test_a_large_load_gives_the_collector_almost_nothing_to_walk(tmp_path: Path) -> None:
    """What a load builds is frozen every few dozen records, before the young generation
    fills (a freeze starts its count again): the collector, on all along, runs a handful of
    passes during a load of 2,000 records, not one per 700 new objects (about 70 before)."""
    folder = write_catalog(tmp_path / "synthetic", 2_000)
    independence.load_catalog(folder)  # the validators built, as in any later load
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        catalog = independence.load_catalog(folder)
    finally:
        gc.callbacks.remove(count)
    assert len(catalog.responsibilities) == 2_000
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert len(passes) <= 20, passes
