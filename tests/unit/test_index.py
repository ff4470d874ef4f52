"""The public seam: ``Index``, ``Presentation``, ``Catalog.from_parts`` and ``catalog.parts()``."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

import independence
from independence.catalog import Presentation
from independence.index import Index
from independence.planning import Planner
from independence.suggestions import Suggester


def test_an_index_is_read_only(mini: independence.Catalog) -> None:
    index = mini.index
    with pytest.raises(AttributeError, match="read-only"):
        index.ordered = ()
    with pytest.raises(TypeError):
        index.responsibilities["x"] = index.ordered[0]  # type: ignore[index]
    with pytest.raises(AttributeError, match="read-only"):
        del index.rank


def test_an_index_built_from_records_matches_the_catalogues(mini: independence.Catalog) -> None:
    built = Index(
        responsibilities=mini.responsibilities,
        bands=reversed(mini.bands),  # any order: youngest first all the same
        categories=mini.categories,
        check_in_policies=mini.check_in_policies,
        escalation_policies=mini.escalation_policies,
    )
    assert built.ordered == mini.index.ordered
    assert built.bands_in_order == mini.bands
    assert built.responsibility_ids == {item.id for item in mini.responsibilities}
    assert [s.responsibility for s in mini.suggest(8)] == list(built.now(8 * 12))


def test_parts_is_a_copy_and_from_parts_builds_an_equal_catalogue(
    mini: independence.Catalog,
) -> None:
    parts = mini.parts()
    parts.responsibilities.entries.clear()
    assert mini.responsibilities  # the catalogue's own records are untouched
    rebuilt = independence.Catalog.from_parts(mini.parts())
    assert rebuilt == mini
    assert rebuilt.provenance(mini.responsibilities[0].id) == mini.provenance(
        mini.responsibilities[0].id
    )


def test_from_parts_runs_the_checks_unless_told_they_passed(mini: independence.Catalog) -> None:
    parts = mini.parts()
    item, origin = parts.responsibilities.entries[0]
    broken = item.model_copy(update={"prerequisites": ("no-such-item",)})
    parts.responsibilities.entries[0] = (broken, origin)
    with pytest.raises(independence.CatalogError, match="no-such-item") as caught:
        independence.Catalog.from_parts(parts)
    (problem,) = caught.value.problems  # placed in the file the record came from
    assert problem.file == origin.file is not None and problem.line is not None


def test_the_presentation_is_given_once_and_frozen(catalog: independence.Catalog) -> None:
    spanish = independence.default_catalog(locale="es", region="GB")
    said = spanish.presentation
    assert (said.locale, said.region) == ("es", "GB")
    assert spanish.locale == "es" and spanish.region == "GB"
    with pytest.raises(dataclasses.FrozenInstanceError):
        said.locale = "en-GB"  # type: ignore[misc]
    english = independence.Catalog.from_parts(spanish.parts())
    assert english.presentation == Presentation()
    assert english.locale == "en-GB" and english.region is None
    again = independence.Catalog.from_parts(spanish.parts(), said)
    assert again.suggest(8) == spanish.suggest(8)  # the same reasons, in Spanish


def test_with_overlays_keeps_the_presentation() -> None:
    spanish = independence.default_catalog(locale="es")
    same = independence.with_overlays(spanish)
    assert same.presentation is spanish.presentation
    assert same.suggest(8) == spanish.suggest(8)


def test_a_planner_reads_an_index_not_a_catalogue(mini: independence.Catalog) -> None:
    planner = Planner(Suggester(mini.index, mini.messages))
    first = mini.responsibilities[0].id
    progress = independence.Progress().record(first, "alone", on=date(2026, 1, 1))
    assert planner.suggest_from(8 * 12, progress) == mini.suggest(8, progress=progress)
    # read once, then kept; a record with other items is read again
    assert planner.reading(progress) is planner.reading(progress)
    other = progress.forget(first)
    assert planner.reading(other) is not planner.reading(progress)
    assert planner.suggest_from(8 * 12, other) == mini.suggest(8, progress=independence.Progress())


def test_progress_files_are_checked_against_ids_not_a_catalogue(
    mini: independence.Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    independence.progress.write_progress(
        independence.Progress().record("nope", "nearby", on=date(2026, 1, 1)), path
    )
    with pytest.raises(independence.CatalogError, match="nope"):
        independence.progress.read_progress(path, mini.index.responsibility_ids)
    with pytest.raises(TypeError, match="responsibility_ids"):
        independence.progress.read_progress(path, mini)  # type: ignore[arg-type]
