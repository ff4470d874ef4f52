"""The validated cache: faster repeat loads, never stale data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import independence
from independence import _cache, load_catalog

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INDEPENDENCE_CACHE_DIR", str(folder))
    return folder


def test_repeat_load_is_served_from_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "cat.yaml"
    shutil.copy(MINI, data)
    first = load_catalog(data, cache=True)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    again = load_catalog(data, cache=True)
    assert again == first
    assert again is not first
    assert again.suggest(12, mastered={"tidy"}) == first.suggest(12, mastered={"tidy"})


def test_an_edited_file_is_never_served_stale(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "cat.yaml"
    shutil.copy(MINI, data)
    assert load_catalog(data, cache=True).responsibility("tidy").title == "Tidy toys"
    data.write_text(MINI.read_text("utf-8").replace("Tidy toys", "Tidy all toys"), "utf-8")
    assert load_catalog(data, cache=True).responsibility("tidy").title == "Tidy all toys"


def test_an_edited_file_in_a_folder_is_never_served_stale(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(independence.data_path(), data)
    before = load_catalog(data, cache=True)
    bands = data / "bands.yaml"
    bands.write_text(bands.read_text("utf-8").replace("title: Toddlers", "title: Little ones"))
    after = load_catalog(data, cache=True)
    assert after.band("toddler").title == "Little ones"
    assert before.band("toddler").title == "Toddlers"


def test_invalid_data_is_not_cached(cache_dir: Path, write: object, tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(
        MINI.read_text("utf-8").replace("risk: low\n    natural", "risk: x\n    natural")
    )
    for _ in range(2):
        with pytest.raises(independence.CatalogError):
            load_catalog(data, cache=True)
    assert not list(cache_dir.glob("*.pickle"))


def test_a_corrupt_cache_file_is_ignored(cache_dir: Path) -> None:
    key = _cache.cache_key(MINI, ())
    cache_dir.mkdir(parents=True)
    (cache_dir / f"{key}.pickle").write_bytes(b"not a pickle")
    assert load_catalog(MINI, cache=True).info.name == "mini"


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.setenv("INDEPENDENCE_CACHE", "0")
    load_catalog(MINI, cache=True)
    assert not cache_dir.exists()


def test_cached_catalogue_still_knows_its_positions(cache_dir: Path) -> None:
    overlay = Path(__file__).parents[1] / "docs" / "examples" / "overlays" / "busy-road.yaml"
    load_catalog(independence.data_path(), overlays=[overlay], cache=True)
    cached = load_catalog(independence.data_path(), overlays=[overlay], cache=True)
    history = cached.provenance("walk-to-school-alone")
    assert [h.action for h in history] == ["defined", "override"]
    assert history[0].line is not None


def test_unwritable_cache_folder_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("INDEPENDENCE_CACHE_DIR", str(blocker / "sub"))
    assert load_catalog(MINI, cache=True).info.name == "mini"
    assert os.path.isfile(blocker)
