"""The corrections of issue 25, each re-read against its page (docs/data-changelog.md, 0.3.0):
a test per correction, so that none of them slips back."""

from __future__ import annotations

import pytest

import independence
from independence import Catalog
from independence.model import RiskLevel, SupportStage


def ages(catalog: Catalog, id: str) -> tuple[str, str]:
    item = catalog.responsibility(id)
    return str(item.introduce_at), str(item.independent_by)


def test_gb_puts_nobody_under_16_in_charge_of_a_younger_sibling() -> None:
    # NSPCC (East Sussex County Council's page): "no one under 16 should be left alone to look
    # after young children"; the item's last rung leaves the older child in charge alone
    gb = independence.default_catalog(region="GB")
    item = gb.responsibility("look-after-a-younger-sibling-briefly")
    assert ages(gb, item.id) == ("16y", "17y")
    assert item.support_ladder[-1].stage is SupportStage.CHECK_IN
    assert "no one under 16" in (item.safety_note or "")
    assert "east-sussex-home-alone-babysitting" in item.sources
    # babysitting builds on it and still comes no earlier
    babysit = gb.responsibility("babysit-younger-siblings-for-an-evening")
    assert item.id in babysit.prerequisites
    assert babysit.introduce_at >= item.introduce_at
    # nothing in Great Britain leaves an under-16 alone in charge of another child
    for other in gb.responsibilities:
        if other.id in (item.id, babysit.id):
            assert str(other.introduce_at) >= "16y"


def test_no_child_under_ten_crosses_a_street_without_a_grown_up_at_their_side() -> None:
    # Safe Kids: children under 10 cross streets with an adult (they cannot judge traffic)
    catalog = independence.default_catalog()
    crossing = catalog.responsibility("cross-a-quiet-street-with-an-adult-watching")
    assert crossing.risk is RiskLevel.HIGH
    assert "until about ten" in crossing.summary
    watching = next(s for s in crossing.support_ladder if s.stage is SupportStage.NEARBY)
    assert watching.description.startswith("From about ten")
    # the watching rung is the last: most reach it by 11, a year after 10, not by 10
    assert crossing.support_ladder[-1].stage is SupportStage.NEARBY
    assert str(crossing.independent_by) == "11y"
    ladder = [step.description for step in crossing.support_ladder]
    text = " ".join([crossing.summary, crossing.safety_note or "", *ladder]).lower()
    assert "nine" not in text and "under-tens" in text
    play = catalog.responsibility("play-out-with-friends")
    assert "Until at least ten the boundaries include no road crossings" in (play.safety_note or "")
    assert "safe-kids-pedestrian" in crossing.sources and "safe-kids-pedestrian" in play.sources


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_the_crossing_corrections_are_translated(locale: str) -> None:
    english = independence.default_catalog()
    translated = independence.default_catalog(locale=locale)
    for id in ("cross-a-quiet-street-with-an-adult-watching", "play-out-with-friends"):
        note = translated.responsibility(id).safety_note or ""
        if locale == "en-US":
            assert "curb" in note and "kerb" not in note  # translated, not the British text
        else:  # a stale translation would fall back to the English
            assert note != english.responsibility(id).safety_note


def test_au_gives_the_northern_territory_licence_at_16_years_6_months() -> None:
    au = independence.default_catalog(region="AU")
    item = au.responsibility("learn-to-drive")
    assert "16 years 6 months in the Northern Territory" in item.summary
    assert "17 at the earliest in most states" in item.summary
    assert "lawinfo-nt-how-can-i-get-a-licence" in item.sources
    from independence.regional import read_region

    region = read_region(independence.build.data_path(), "AU")
    assert "Northern Territory licenses from 16 years 6 months" in " ".join(
        (region.note or "").split()
    )


def test_us_says_social_media_ages_differ_by_state() -> None:
    us = independence.default_catalog(region="US")
    item = us.responsibility("start-social-media")
    assert ages(us, item.id) == ("13y", "15y")  # the federal age stays the catalogue's
    assert "Florida's HB 3" in item.summary and "under 14" in item.summary
    assert "consent at 14 and 15" in item.summary and "challenged in court" in item.summary
    assert {"fkks-florida-hb3", "washington-county-news-hb3-stay-2025"} <= set(item.sources)
    from independence.regional import read_region

    region = read_region(independence.build.data_path(), "US")
    note = " ".join((region.note or "").split())
    assert "as in the catalogue" not in note
    assert "Florida's HB 3" in note and "check the law of your state" in note
    # other regions and no region keep the general text
    assert "Florida" not in independence.default_catalog().responsibility(item.id).summary


def test_gb_learning_to_drive_does_not_claim_most_drive_alone_before_18() -> None:
    gb = independence.default_catalog(region="GB")
    item = gb.responsibility("learn-to-drive")
    assert ages(gb, item.id) == ("15y", "17y11m")
    assert "only because childhood does" in item.summary
    assert "road-safety-observatory-nts-2016" in item.sources
    meaning = independence.default_catalog().info.age_meaning
    assert meaning is not None and "learn-to-drive" in meaning.unbacked


def test_the_sources_not_found_are_refound_or_replaced() -> None:
    catalog = independence.default_catalog()
    sources = {s.id: s for s in catalog.sources}
    # re-found and re-read: kept, with the new date
    for id in ("our-health-nwa-cdc-milestones", "vic-education-sunsmart"):
        assert str(sources[id].checked) == "2026-12-06" and sources[id].verified
    # not found: replaced
    assert "kent-nhs-teen-life-skills" not in sources
    cook = catalog.responsibility("cook-a-week-of-meals")
    assert "suffolk-local-offer-independent-living-skills" in cook.sources
    # the PANTS note gives the NSPCC's own ages, 4 to 8, from a page that was read
    pants = sources["nspcc-pants"]
    assert pants.note is not None and "4 to 8" in pants.note and "5 to 11" not in pants.note
    assert pants.url is not None and "parentinfo.org" not in pants.url
    assert "4 to 8" in (sources["woodhouse-west-talk-pants"].note or "")
