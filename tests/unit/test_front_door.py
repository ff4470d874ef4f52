"""The front door: one pipeline builds every catalogue (issue #26, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

import independence
from independence import build, regional
from independence.loading import loader


def test_loading_and_the_default_agree_through_every_step() -> None:
    # YAML and the compiled snapshot, through region, translation, forms and numbers
    loaded = independence.load_catalog(
        DATA, locale="es", region="GB", grammatical_gender="feminine"
    )
    default = independence.default_catalog(locale="es", region="GB", grammatical_gender="feminine")
    assert loaded == default
    assert loaded.presentation.locale == default.presentation.locale == "es"
    assert loaded.region == default.region == "GB"
    assert loaded.region_note == default.region_note is not None
    assert loaded.suggest(8) == default.suggest(8)


def test_every_catalogue_goes_through_the_one_pipeline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []
    real = build.build_catalog

    def counted(*args: object, **kwargs: object) -> independence.Catalog:
        calls.append("build")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "build_catalog", counted)
    base = independence.load_catalog(DATA)
    overlay = tmp_path / "o.yaml"
    overlay.write_text("overlay:\n  name: nothing\n", encoding="utf-8")
    independence.with_overlays(base, overlay)
    independence.load_catalog(DATA, locale="ar", region="US")
    assert calls == ["build"] * 3


def test_translation_warnings_build_no_regional_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spanish = independence.load_catalog(DATA, locale="es")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warnings built or checked a regional catalogue")

    monkeypatch.setattr(loader, "checked_parts", refuse)
    monkeypatch.setattr(regional, "checked_parts", refuse)
    monkeypatch.setattr(independence.Catalog, "from_parts", refuse)
    found = spanish.warnings  # every regional pack's texts are compared all the same
    assert all(isinstance(w, independence.DataWarning) for w in found)


def test_with_overlays_over_a_regional_translated_catalogue_keeps_both(tmp_path: Path) -> None:
    base = independence.default_catalog(locale="es", region="AU")
    overlay = tmp_path / "o.yaml"
    overlay.write_text("overlay:\n  name: nothing\n", encoding="utf-8")
    laid = independence.with_overlays(base, overlay)
    assert laid == base and laid.presentation == base.presentation


def test_the_default_messages_speak_the_negotiated_translation() -> None:
    # what the command line's help is shown in, without building a catalogue
    spanish = build.default_messages("es-MX")
    assert spanish is not None
    assert spanish("help:age") == independence.default_catalog(locale="es").messages("help:age")
    assert spanish("help:age") != independence.default_catalog().messages("help:age")
    assert build.default_messages("en-GB") is None  # the data's own language
    with pytest.raises(ValueError, match="is not a language tag"):
        build.default_messages("not a tag!")
