"""Sources: specific pages, recorded verification, and a published ground for every age."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI

import independence
from independence import Catalog, CatalogError, load_catalog, with_overlays
from independence.model import SourceKind
from independence.model.source import is_bare_homepage

SOURCES = """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/guide
"""


def mini_with(write: Callable[[str, str], Path], sources: str, *, cite: str = "src") -> Path:
    """The mini catalogue with its ``sources`` section replaced and every item citing ``cite``."""
    text = MINI.read_text(encoding="utf-8")
    assert SOURCES in text
    text = text.replace(SOURCES, sources).replace("sources: [src]", f"sources: [{cite}]")
    return write("data.yaml", text)


def problems(path: Path) -> list[independence.Problem]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("url", "bare"),
    [
        ("https://www.healthychildren.org/", True),
        ("https://raisingchildren.net.au", True),
        ("http://example.org/#top", True),
        ("https://example.org/guide", False),
        ("https://example.org/a/b.html", False),
        ("https://example.org/?p=64056", False),
    ],
)
def test_bare_homepages_are_recognised(url: str, bare: bool) -> None:
    assert is_bare_homepage(url) is bare


def test_a_homepage_source_is_a_positioned_problem(write: Callable[[str, str], Path]) -> None:
    path = mini_with(
        write,
        """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/
""",
    )
    (problem,) = problems(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 10, 10)
    assert problem.path == "sources[0].url"
    assert problem.message == (
        "source 'src' points at a bare homepage (https://example.org/): cite the specific page "
        "that supports the claims citing it"
    )


def test_items_citing_only_inspiration_are_refused(write: Callable[[str, str], Path]) -> None:
    path = mini_with(
        write,
        """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/guide
  - id: ideas
    kind: inspiration
    title: Our own notes
    publisher: Us
""",
        cite="ideas",
    )
    found = problems(path)
    assert [p.path for p in found] == [f"responsibilities[{i}].sources" for i in range(4)]
    assert found[0].message == (
        "'tidy' cites only inspiration sources (ideas): add a published source that supports "
        "its ages"
    )
    assert found[0].line == 54  # the `sources` key of the first responsibility


def test_inspiration_beside_a_published_source_is_fine(write: Callable[[str, str], Path]) -> None:
    path = mini_with(
        write,
        """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/guide
  - id: ideas
    kind: inspiration
    title: Our own notes
    publisher: Us
""",
        cite="ideas, src",
    )
    catalog = load_catalog(path)
    assert catalog.lookup("ideas", kind="sources").kind is SourceKind.INSPIRATION
    assert catalog.lookup("src", kind="sources").kind is SourceKind.PUBLISHED


def test_an_overlay_cannot_leave_an_item_with_only_inspiration(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: seeds only}
        override:
          responsibilities:
            - id: pack-school-bag
              sources: [independence-seeds]
        """,
    )
    with pytest.raises(CatalogError) as caught:
        with_overlays(catalog, overlay)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(overlay), 5)
    assert problem.path == "override.responsibilities[0].sources"
    assert problem.message.startswith("'pack-school-bag' cites only inspiration sources")


def test_verification_must_say_why_and_when(write: Callable[[str, str], Path]) -> None:
    path = mini_with(
        write,
        """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/guide
  - id: unread
    title: A page nobody could open
    publisher: Someone
    url: https://example.org/gone
    verified: false
  - id: undated
    title: A page read once
    publisher: Someone
    verified: true
""",
    )
    found = {(p.line, p.path): p.message for p in problems(path)}
    assert found == {
        (15, "sources[1].verified"): "source 'unread' is not verified: add a "
        "verification_note saying why its page could not be read or checked",
        (19, "sources[2].verified"): "source 'undated' is marked verified but has no url or "
        "checked: say where and when its page was read",
    }


def test_an_unverified_source_with_its_reason_is_kept(write: Callable[[str, str], Path]) -> None:
    path = mini_with(
        write,
        """\
sources:
  - id: src
    title: A source
    publisher: Someone
    url: https://example.org/guide
    checked: "2026-11-27"
    verified: false
    verification_note: The page now redirects to the site's front page.
""",
    )
    source = load_catalog(path).lookup("src", kind="sources")
    assert source.verified is False
    assert source.checked == datetime.date(2026, 11, 27)


def test_age_meaning_names_known_sources(write: Callable[[str, str], Path]) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "  description: A tiny catalogue for tests.\n",
        "  description: A tiny catalogue for tests.\n"
        "  age_meaning:\n"
        "    introduce_at: When to offer it.\n"
        "    independent_by: When most children do it alone.\n"
        "    caveat: Not a screening tool.\n"
        "    sources: [src, scr-missing]\n"
        "    unbacked: [tidy, tidyy]\n",
    )
    path = write("data.yaml", text)
    found = {(p.line, p.path): p.message for p in problems(path)}
    assert found == {
        (10, "catalog.age_meaning.sources[1]"): "unknown source 'scr-missing'",
        (11, "catalog.age_meaning.unbacked[1]"): "unknown responsibility 'tidyy' "
        "(did you mean 'tidy'?)",
    }


def test_the_items_with_unbacked_ages_are_named(catalog: Catalog) -> None:
    meaning = catalog.info.age_meaning
    assert meaning is not None
    unbacked = set(meaning.unbacked)
    assert unbacked <= {item.id for item in catalog.responsibilities}
    # Ages backed by a checklist or by age-by-age guidance are not listed as unbacked.
    assert not unbacked & {"use-the-toilet", "stay-home-alone-short-time", "walk-to-school-alone"}


# The shipped data.


def test_every_shipped_source_records_its_verification(catalog: Catalog) -> None:
    for source in catalog.sources:
        assert source.checked is not None, source.id
        assert source.verified is not None, source.id
        if source.verified is False:
            assert source.verification_note, source.id
        if source.kind is SourceKind.PUBLISHED:
            assert source.url is not None and not is_bare_homepage(source.url), source.id


def test_every_item_cites_a_verified_published_source(catalog: Catalog) -> None:
    for item in catalog.responsibilities:
        grounds = [catalog.lookup(s, kind="sources") for s in item.sources]
        assert any(s.kind is SourceKind.PUBLISHED and s.verified for s in grounds), (
            f"{item.id} has no verified published source"
        )


def test_the_seeds_are_inspiration_only(catalog: Catalog) -> None:
    assert catalog.lookup("independence-seeds", kind="sources").kind is SourceKind.INSPIRATION
    # Items the content review found with no counterpart in the seeds no longer cite them.
    for id in (
        "look-after-books",
        "bring-home-school-letters",
        "follow-a-school-timetable",
        "stand-firm-under-peer-pressure",
        "invite-a-friend-over",
        "balance-commitments-and-rest",
    ):
        assert "independence-seeds" not in catalog.responsibility(id).sources, id


def test_cdc_checklists_are_cited_only_for_what_they_contain(catalog: Catalog) -> None:
    # Not in the CDC 2022 checklists (toilet use was in the pre-2022 list).
    for id in (
        "use-the-toilet",
        "say-please-and-thank-you",
        "brush-teeth-with-grown-up-finishing",
        "help-stir-and-tip-ingredients",
        "help-wash-vegetables",
        "spread-with-butter-knife",
    ):
        cited = catalog.responsibility(id).sources
        assert not any(s.startswith("cdc-milestones") for s in cited), id


def test_the_named_miscitations_are_gone(catalog: Catalog) -> None:
    ids = {s.id for s in catalog.sources}
    assert "nhtsa-teen-driving" not in catalog.responsibility("stay-out-in-the-evening").sources
    assert not ids & {"aap-healthychildren", "raising-children-network", "ada-mouthhealthy"}
    think = catalog.lookup("think-road-safety", kind="sources")
    assert think.verified and think.note is not None
    assert "8 to 10" not in think.note and "under 9" in think.note


def test_the_catalogue_says_what_an_age_means(catalog: Catalog) -> None:
    meaning = catalog.info.age_meaning
    assert meaning is not None
    assert "75%" in meaning.independent_by
    assert "not a screening or diagnostic tool" in meaning.caveat
    assert {"cdc-milestones-18-months", "cdc-ltsae-about"} <= set(meaning.sources)
