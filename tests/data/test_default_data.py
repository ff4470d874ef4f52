"""The default catalogue: complete, progressive, careful, and every shipped file valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import independence
from independence import Age, Catalog
from independence.age import MAX_MONTHS
from independence.loading.loader import FILE_KINDS, FOLDER_KINDS
from independence.loading.reader import read_yaml
from independence.model import RiskLevel, SupportStage
from independence.schema import SCHEMA_KINDS

DATA = Path(independence.build.data_path())
YAML_FILES = sorted(DATA.rglob("*.yaml"))


def kind_of(path: Path) -> str:
    relative = path.relative_to(DATA)
    if len(relative.parts) == 2 and relative.parts[0] == "regions":
        return "region"
    if len(relative.parts) == 2 and relative.parts[0] in FOLDER_KINDS:
        return {"perspectives": "perspective"}.get(relative.parts[0], relative.parts[0])
    assert relative.name in FILE_KINDS, relative
    return relative.stem


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_shipped_file_is_valid_on_its_own(path: Path) -> None:
    doc = read_yaml(path.read_bytes())
    assert doc.problems == []
    model = SCHEMA_KINDS[kind_of(path)]
    model.model_validate(doc.value)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_shipped_file_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match is not None, first
    schema = (path.parent / match[1]).resolve()
    assert schema == (DATA / "schemas" / f"{kind_of(path)}.schema.json").resolve()
    assert schema.is_file()


def test_coverage(catalog: Catalog) -> None:
    assert len(catalog.responsibilities) >= 150
    assert len(catalog.categories) >= 10
    for band in catalog.bands:
        assert len(catalog.responsibilities_in(band)) >= 12, band.id
    for category in catalog.categories:
        assert len(catalog.in_category(category.id)) >= 8, category.id
    assert len(catalog.check_in_policies) >= 6
    assert len({p.urgency for p in catalog.escalation_policies}) >= 4


def test_prerequisite_graph_is_acyclic(catalog: Catalog) -> None:
    done: set[str] = set()
    remaining = {r.id: set(r.prerequisites) for r in catalog.responsibilities}
    while remaining:
        ready = [id for id, needs in remaining.items() if needs <= done]
        assert ready, f"cycle among {sorted(remaining)}"
        for id in ready:
            done.add(id)
            del remaining[id]


def test_every_category_is_a_progression_across_three_bands(catalog: Catalog) -> None:
    for category in catalog.categories:
        best = 0
        for item in catalog.in_category(category.id):
            chain = [item, *catalog.needs(item.id, transitive=True)]
            same = [r for r in chain if r.category == category.id]
            best = max(best, len({catalog.band_for(r.introduce_at).id for r in same}))
        assert best >= 3, category.id


def test_away_from_home_items_have_a_check_in(catalog: Catalog) -> None:
    for item in catalog.responsibilities:
        if item.away_from_home:
            assert item.check_in is not None, item.id


# The earliest age at which anything tied to each check-in policy may be introduced, from the
# named sources: home alone (NSPCC, AACAP), public transport and town trips (Raising Children
# Network), after dark (later still), walking without an adult (Safe Kids: under 10s cross
# with an adult; a known route with no busy road from about 9).
EARLIEST = {
    "home-alone-short": 11,
    "public-transport": 11,
    "social-outing": 12,
    "after-dark": 14,
    "first-solo-trip": 14,
    "walk-to-school": 9,
    "short-walk-known-place": 9,
    "errand-with-money": 10,
    "playing-out": 9,
    "host-family-visit": 9,
    "first-outings": 12,
    "home-alone-teen": 13,
    "babysitting": 13,
    "learning-to-drive": 15,
}


def test_risky_tasks_never_too_early(catalog: Catalog) -> None:
    for item in catalog.responsibilities:
        if item.check_in is not None:
            assert item.introduce_at.total_months >= EARLIEST[item.check_in] * 12, item.id
        if item.away_from_home:
            assert item.introduce_at.years >= 9, item.id
        if item.risk is RiskLevel.HIGH and re.search(
            r"\b(stove|oven|sharp knife)\b", item.title, re.I
        ):
            assert item.introduce_at.years >= 9, item.id
        if item.risk is not RiskLevel.LOW:
            assert item.safety_note, item.id


SEED_EXAMPLES = {
    "choose-between-two-outfits": "toddler",
    "put-toys-away": "baby-and-young-toddler",
    "pour-own-drink": "toddler",
    "speak-for-themselves": "preschool",
    "pack-school-bag": "preschool",
    "check-weather-before-school": "early-school",
    "walk-familiar-route-with-adult": "early-school",
    "remember-homework": "early-school",
    "manage-time-between-activities": "middle-childhood",
    "manage-own-schedule": "early-teen",
    "communicate-delays": "middle-childhood",
    "run-simple-errand": "middle-childhood",
}


@pytest.mark.parametrize(("id", "band"), SEED_EXAMPLES.items())
def test_seed_examples_are_there_at_the_right_age(catalog: Catalog, id: str, band: str) -> None:
    assert catalog.band_for(catalog.responsibility(id).introduce_at).id == band


def test_every_record_is_complete_and_sourced(catalog: Catalog) -> None:
    for item in catalog.responsibilities:
        assert len(item.support_ladder) >= 3
        assert len(item.guiding_questions) >= 2
        assert item.done_when and item.sources
    cited = {s for item in catalog.responsibilities for s in item.sources}
    assert catalog.info.age_meaning is not None
    cited |= set(catalog.info.age_meaning.sources)
    cited |= {s for policy in catalog.escalation_policies for s in policy.sources}
    for code in independence.regions():  # sources cited only by a regional pack
        regional = independence.default_catalog(region=code)
        cited |= {s for item in regional.responsibilities for s in item.sources}
        cited |= set(_region_sources(code))
    assert cited == {s.id for s in catalog.sources}, "every source is cited, none is unused"


def test_escalation_policies_end_safely_and_resolve_warmly(catalog: Catalog) -> None:
    for policy in catalog.escalation_policies:
        assert policy.steps[-1].action is independence.model.Action.CALL_EMERGENCY_SERVICES, (
            policy.id
        )
        assert policy.resolution.debrief, policy.id
    for check_in in catalog.check_in_policies:
        catalog.lookup(check_in.escalation, kind="escalation_policies")


def test_teen_social_policy_respects_privacy(catalog: Catalog) -> None:
    social = catalog.lookup("social-outing", kind="check_in_policies")
    assert social.location.precision is independence.model.Precision.APPROXIMATE
    assert social.location.pausable
    assert independence.model.PauseRole.CHILD in social.location.paused_by


WORDS = re.compile(r"\b(mum|mom|dad|mummy|daddy|mother|father)s?\b", re.IGNORECASE)
BRANDS = re.compile(
    r"\b(iphone|android|whatsapp|instagram|tiktok|snapchat|youtube|facebook|google|alexa|"
    r"closr|uber|lego|netflix|roblox|minecraft|fortnite)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_inclusive_and_brand_free(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.parent.name != "perspectives":  # a pack may speak of a verse about a mother
        assert not WORDS.findall(text), "say 'grown-up', 'guardian' or 'parent' instead"
    assert not BRANDS.findall(text)


# ---------------------------------------------------------------------------- data 0.2.0


def test_every_month_of_childhood_has_enough_suggestions(catalog: Catalog) -> None:
    thin = {
        str(Age.from_months(month)): count
        for month in range(12, MAX_MONTHS)
        if (count := len(catalog.suggest(Age.from_months(month)))) < 8
    }
    assert not thin, f"fewer than 8 age-only suggestions at {thin}"


def test_the_first_months_are_as_documented(catalog: Catalog) -> None:
    # Nothing is handed over before about six months: milk feeds, sleep and comfort are the
    # grown-up's to give (see docs/data-changelog.md, 0.2.0). From six months, first foods, a
    # cup and settling to sleep begin.
    assert [len(catalog.suggest(Age.from_months(m))) for m in range(6)] == [0] * 6
    assert min(len(catalog.suggest(Age.from_months(m))) for m in range(6, 12)) >= 3


def test_adaptations_where_they_matter(catalog: Catalog) -> None:
    missing = [
        item.id
        for item in catalog.responsibilities
        if (item.away_from_home or item.category in {"safety", "self-care"})
        and not item.adaptations
    ]
    assert not missing, f"no adaptations on {missing}"


# One way of saying "this must not be learned by a mistake" per family of phrasings; each may
# appear at most twice, so the notes read as guidance written for each item.
FORMULAS = {
    "left to chance": re.compile(r"left to chance", re.I),
    "trial and error": re.compile(r"trial[- ]and[- ]error", re.I),
    "the hard way": re.compile(r"the hard way", re.I),
    "never/not the lesson": re.compile(
        r"\b(?:is|are|be) (?:never|not) (?:the|a) (?:safe )?(?:lesson|way to learn)"
        r"|let that be the lesson",
        re.I,
    ),
    "left to teach": re.compile(r"left to (?:teach|play out|be learned)", re.I),
    "learn by getting it wrong": re.compile(
        r"(?:learn|learning) by (?:getting it wrong|mistake)", re.I
    ),
}


def test_safety_notes_do_not_repeat_one_formula(catalog: Catalog) -> None:
    notes = [item.safety_note for item in catalog.responsibilities if item.safety_note]
    counts = {name: sum(bool(p.search(n)) for n in notes) for name, p in FORMULAS.items()}
    assert all(count <= 2 for count in counts.values()), counts


# Mastery is shown by habits and skills, never by a perfect record or by something going wrong.
PERFECTION_OR_MISFORTUNE = re.compile(
    r"every piece|has brought something|raises at least|at least one worry"
    r"|every change of plan|without (?:a|any) single",
    re.I,
)


def test_done_when_asks_for_no_perfection_or_misfortune(catalog: Catalog) -> None:
    found = [
        (item.id, criterion)
        for item in catalog.responsibilities
        for criterion in item.done_when
        if PERFECTION_OR_MISFORTUNE.search(criterion)
    ]
    assert not found


# A natural consequence is allowed to happen, so it must cost only comfort or time.
NOT_LOW_RISK = re.compile(
    r"teas|bull|stranger|follow request|embarrass|flat battery|a call from home", re.I
)


def test_natural_consequences_are_genuinely_low_risk(catalog: Catalog) -> None:
    found = [
        (item.id, text)
        for item in catalog.responsibilities
        for text in item.natural_consequences
        if NOT_LOW_RISK.search(text)
    ]
    assert not found


def test_the_text_is_tagged_british_english(catalog: Catalog) -> None:
    assert catalog.info.language == "en-GB"


def test_an_sos_trigger_wherever_a_child_may_need_to_raise_the_alarm(catalog: Catalog) -> None:
    """Travel, social outings, home alone and after dark: the child can always sound the alarm."""
    alarm_contexts = {"travel", "social", "home-alone", "late-night"}
    needing = [p for p in catalog.check_in_policies if alarm_contexts & set(p.contexts)]
    assert {p.id for p in needing} >= {"after-dark", "home-alone-short", "social-outing"}
    for policy in needing:
        kinds = [trigger.kind.value for trigger in policy.triggers]
        assert kinds.count("sos") == 1, policy.id


def test_urgent_policies_hold_safety_steps_briefly_after_an_acknowledgment(
    catalog: Catalog,
) -> None:
    """A reply buys a child home alone or out after dark minutes, not a quarter of an hour."""
    holds = {p.id: p.acknowledge_hold_minutes for p in catalog.check_in_policies}
    assert holds["home-alone-short"] <= 5
    assert holds["after-dark"] <= 10 and holds["first-solo-trip"] <= 10
    assert max(holds.values()) <= 15


def _region_sources(code: str) -> tuple[str, ...]:
    from independence.regional import RegionFile

    doc = read_yaml((DATA / "regions" / f"{code}.yaml").read_bytes())
    region = RegionFile.model_validate(doc.value).region
    # the sources of the numbers, of each crisis line, reporting service and helpline
    return (
        *region.sources,
        *(s for line in region.crisis_lines for s in line.sources),
        *(s for service in region.reporting_services for s in service.sources),
        *(s for line in region.child_protection_lines for s in line.sources),
    )


def test_learning_to_swim_closes_when_three_in_four_swim_25_metres(catalog: Catalog) -> None:
    # Swim England: 72% of Year 6 pupils (about 11) swim 25 metres unaided, so not by 9
    item = catalog.responsibility("learn-to-swim")
    assert str(item.independent_by) == "11y"
    assert "swim-england-school-swimming" in item.sources
    assert any("25 metres" in signal for signal in item.done_when)


def test_babysitting_without_a_region_waits_for_16_before_the_evening_out(
    catalog: Catalog,
) -> None:
    # the first rungs keep the grown-up at home; the NSPCC's 16 is the age to be left in charge
    item = catalog.responsibility("babysit-younger-siblings-for-an-evening")
    assert (str(item.introduce_at), str(item.independent_by)) == ("14y", "16y")
    note = item.safety_note or ""
    assert "NSPCC" in note and "under 16" in note and "waits until 16" in note
    assert {"aap-chores-by-age", "findlay-red-cross-babysitting-classes"} <= set(item.sources)


def test_an_open_water_outing_checks_in_on_arrival_and_leaving_not_in_the_water(
    catalog: Catalog,
) -> None:
    # a swimmer cannot answer a phone: the check-ins are on arriving, on a change of plan, on
    # setting off home and on getting home, with no timed check-ins while out
    item = catalog.responsibility("swim-safely-in-open-water")
    policy = catalog.lookup(item.check_in or "", kind="check_in_policies")
    kinds = [str(trigger.kind) for trigger in policy.triggers]
    assert kinds.count("arrival") == 2 and "departure" in kinds and "sos" in kinds
    assert "interval" not in kinds and "fixed-time" not in kinds


# ------------------------------------------------------------------ data 0.3.0 (issue 25)

#: The topics parents ask about most (issue 25), each with its item, in the category it fits.
TOPICS = {
    "spot-and-tell-about-online-grooming": "digital-life",
    "say-no-to-requests-for-images": "digital-life",
    "meet-an-online-friend-safely": "friends-and-social",
    "tell-a-grown-up-about-bullying": "friends-and-social",
    "stand-up-for-someone-being-bullied": "friends-and-social",
    "keep-body-safety-and-consent-as-they-grow": "safety",
    "make-choices-about-alcohol-vaping-and-drugs": "health-and-body",
    "get-help-in-a-crisis": "health-and-body",
    "carry-and-use-own-inhaler-or-auto-injector": "health-and-body",
    "stay-safe-around-dogs": "safety",
    "use-a-public-toilet-with-a-grown-up-at-the-door": "self-care",
    "ride-an-e-scooter-only-where-the-law-allows": "getting-around",
    "recognise-criminal-exploitation": "safety",
    "care-for-a-pet-on-their-own": "household",
}

#: The topics that are about telling a grown-up rather than doing something alone.
TELLING = (
    "spot-and-tell-about-online-grooming",
    "say-no-to-requests-for-images",
    "meet-an-online-friend-safely",
    "tell-a-grown-up-about-bullying",
    "keep-body-safety-and-consent-as-they-grow",
    "get-help-in-a-crisis",
    "recognise-criminal-exploitation",
)


def test_every_topic_parents_ask_about_has_an_item(catalog: Catalog) -> None:
    for id, category in TOPICS.items():
        item = catalog.responsibility(id)
        assert item.category == category, id
        assert item.safety_note and item.adaptations, id


def test_telling_a_grown_up_is_what_the_telling_items_ask(catalog: Catalog) -> None:
    """Said in the summary, checked in the done-when, and never handed over to the child alone."""
    for id in TELLING:
        item = catalog.responsibility(id)
        assert "grown-up" in item.summary, id
        # a done-when speaks to the grown-up reading it, so telling them is "tells you"
        told = re.compile(r"\bgrown-ups?\b|\b(?:tells|shows) you\b")
        assert any(told.search(criterion) for criterion in item.done_when), id
        assert item.support_ladder[-1].stage is not SupportStage.ALONE, id


def test_the_risky_new_items_never_end_alone(catalog: Catalog) -> None:
    for id in TOPICS:
        item = catalog.responsibility(id)
        if item.risk is RiskLevel.HIGH:
            assert item.support_ladder[-1].stage is not SupportStage.ALONE, id


def test_body_safety_goes_on_after_six(catalog: Catalog) -> None:
    early = catalog.responsibility("know-body-safety-and-secrets")
    later = catalog.responsibility("keep-body-safety-and-consent-as-they-grow")
    assert early.id in later.prerequisites
    assert later.introduce_at.total_months > early.independent_by.total_months
    for years in (7, 9, 10):
        assert later.id in {s.id for s in catalog.suggest(years, categories=["safety"])}, years


def test_getting_help_in_a_crisis_names_the_emergency_number_and_a_crisis_line(
    catalog: Catalog,
) -> None:
    item = catalog.responsibility("get-help-in-a-crisis")
    for text in (item.summary, item.safety_note or ""):
        assert "local emergency number" in text and "crisis line" in text


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_the_new_items_are_in_every_locale_and_region(catalog: Catalog, locale: str) -> None:
    for region in (None, *independence.regions()):
        translated = independence.default_catalog(locale=locale, region=region)
        for id in TOPICS:
            english = catalog.responsibility(id)
            item = translated.responsibility(id)
            assert (item.introduce_at, item.independent_by) == (
                english.introduce_at,
                english.independent_by,
            ), (id, region)
            if locale != "en-US":
                assert item.title != english.title and item.summary != english.summary, id


def test_the_gb_pack_names_county_lines() -> None:
    id = "recognise-criminal-exploitation"
    assert "county lines" in independence.default_catalog(region="GB").responsibility(id).summary
    assert "county lines" not in independence.default_catalog().responsibility(id).summary
    spanish = independence.default_catalog(region="GB", locale="es").responsibility(id)
    assert "county lines" in spanish.summary and "Gran Bretaña" in spanish.summary
