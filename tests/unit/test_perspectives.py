"""Perspective packs: optional, chosen by name, each text saying which pack it came from."""

from __future__ import annotations

import json

import pytest

from independence import Catalog
from independence.cli import main


def test_two_packs_ship(catalog: Catalog) -> None:
    assert sorted(pack.id for pack in catalog.perspectives) == ["interdependence", "islamic"]


def test_never_shown_by_default(catalog: Catalog) -> None:
    assert all(s.perspectives == () for s in catalog.suggest(10))
    assert all(not s.perspectives for s in catalog.suggest(10, mastered=set()))


def test_every_band_has_guidance_in_each_pack(catalog: Catalog) -> None:
    for pack in catalog.perspectives:
        assert {note.id for note in pack.bands} == {band.id for band in catalog.bands}, pack.id
        assert len(pack.responsibilities) >= 10, pack.id


def test_suggestions_carry_chosen_packs(catalog: Catalog) -> None:
    found = catalog.suggest(11, perspectives=["interdependence", "islamic"])
    with_text = [s for s in found if s.perspectives]
    assert with_text
    for suggestion in with_text:
        assert {t.pack for t in suggestion.perspectives} <= {"interdependence", "islamic"}
        assert suggestion.perspectives == catalog.guidance(
            suggestion.id, ["interdependence", "islamic"]
        )


def test_guidance_for_bands_and_items(catalog: Catalog) -> None:
    (text,) = catalog.guidance("toddler", ["islamic"])
    assert text.pack == "islamic"
    assert text.text
    assert catalog.guidance("stay-home-alone-short-time", ["interdependence"])[0].pack == (
        "interdependence"
    )


def test_islamic_pack_cites_its_references(catalog: Catalog) -> None:
    pack = catalog.lookup("islamic", kind="perspectives")
    citations = {reference.citation for reference in pack.references}
    assert {
        "Surah Luqman 31:14",
        "Surah At-Talaq 65:3",
        "Sahih Muslim, Book 33, Hadith 24",
        "Sunan Ibn Majah, Book 1, Hadith 79",
    } <= citations


def test_unknown_pack_lists_those_available(catalog: Catalog) -> None:
    with pytest.raises(KeyError) as caught:
        catalog.suggest(8, perspectives=["islam"])
    assert str(caught.value) == (
        "unknown perspective pack 'islam' (did you mean 'islamic'?); "
        "available: interdependence, islamic"
    )


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "toddler", "--perspective", "islamic"]) == 2  # bands are not shown
    capsys.readouterr()
    assert (
        main(["show", "stay-home-alone-short-time", "--perspective", "interdependence", "--json"])
        == 0
    )
    record = json.loads(capsys.readouterr().out)
    assert record["perspectives"][0]["pack"] == "interdependence"
    assert main(["suggest", "--age", "8", "--perspective", "nope"]) == 2
    assert "available: interdependence, islamic" in capsys.readouterr().err
