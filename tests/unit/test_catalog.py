"""Queries on the catalogue: bands, lookups, the prerequisite graph and suggest()."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from conftest import suggest_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

import independence
from independence import Age, Catalog, Progress
from independence.age import MAX_MONTHS
from independence.errors import UnknownIdError
from independence.model import Schedule
from independence.model.sections import KIND_NAMES, SECTIONS, RecordKind
from independence.suggestions import SuggestionKind

months = st.integers(min_value=0, max_value=MAX_MONTHS - 1)


def test_default_catalog_is_cached_and_shared() -> None:
    results: list[Catalog] = []
    threads = [
        threading.Thread(target=lambda: results.append(independence.default_catalog()))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(found is results[0] for found in results)
    assert independence.default_catalog() is results[0]


def test_catalog_is_immutable(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="frozen"):
        catalog.bands = ()  # type: ignore[misc]
    assert isinstance(catalog.responsibilities, tuple)


def test_data_version_matches_the_package(catalog: Catalog) -> None:
    assert catalog.data_version == independence.DATA_VERSION


def test_bands_cover_every_month_once(catalog: Catalog) -> None:
    covered = [m for band in catalog.bands for m in range(band.from_month, band.to_month)]
    assert covered == list(range(MAX_MONTHS))


@given(months)
def test_band_found_contains_the_age(month: int) -> None:
    catalog = independence.default_catalog()
    age = Age.from_months(month)
    assert catalog.band_for(age).contains(age)


def test_band_for_whole_years(catalog: Catalog) -> None:
    assert catalog.band_for(7) is catalog.band_for(Age(years=7))


@pytest.mark.parametrize("bad", [18, -1, 100])
def test_out_of_range_ages_say_the_range(catalog: Catalog, bad: int) -> None:
    # the same range, in the same words, as Age's own check
    tail = r"out of range: ages run from 0y to 17y11m \(under 18 years\)$"
    with pytest.raises(ValueError, match=tail):
        Age.parse("18y")
    with pytest.raises(ValueError, match=rf"^age {bad} is {tail}"):
        catalog.suggest(bad)
    with pytest.raises(ValueError, match=rf"^age {bad} is {tail}"):
        catalog.band_for(bad)


@pytest.mark.parametrize("bad", [7.5, "7", True, None])
def test_ages_must_be_age_or_int(catalog: Catalog, bad: object) -> None:
    with pytest.raises(TypeError):
        catalog.suggest(bad)  # type: ignore[arg-type]


def test_unknown_id_names_close_matches(catalog: Catalog) -> None:
    with pytest.raises(KeyError) as caught:
        catalog.responsibility("walk-to-scool-alone")
    assert "did you mean 'walk-to-school-alone'" in str(caught.value)
    with pytest.raises(KeyError, match="unknown check-in policy"):
        catalog.lookup("nope", kind="check_in_policies")
    with pytest.raises(KeyError, match="unknown escalation policy"):
        catalog.lookup("nope", kind="escalation_policies")


def test_get_returns_a_default(mini: Catalog) -> None:
    assert mini.get("nope") is None
    assert mini.get("nope", "x") == "x"
    assert mini.get("tidy") is mini.responsibility("tidy")
    assert "tidy" in mini and "nope" not in mini


def test_lookups_by_id(catalog: Catalog) -> None:
    for policy in catalog.check_in_policies:
        assert catalog.lookup(policy.id, kind="check_in_policies") is policy
        assert catalog.lookup(policy.escalation, kind="escalation_policies").id == policy.escalation
    for item in catalog.responsibilities:
        assert catalog.responsibility(item.id) is item
        assert catalog.lookup(item.category, kind="categories").id == item.category


def test_graph_both_ways(mini: Catalog) -> None:
    assert [r.id for r in mini.needs("make-bed")] == ["tidy"]
    assert [r.id for r in mini.unlocks("tidy")] == ["make-bed"]
    assert mini.unlocks("make-bed") == ()
    assert [r.id for r in mini.needs("bus-alone", transitive=True)] == ["walk-route"]
    assert [r.id for r in mini.unlocks("walk-route", transitive=True)] == ["bus-alone"]


def test_graph_is_consistent(catalog: Catalog) -> None:
    for item in catalog.responsibilities:
        for before in catalog.needs(item.id):
            assert item in catalog.unlocks(before.id)


def test_responsibilities_in_band(mini: Catalog) -> None:
    assert [r.id for r in mini.responsibilities_in("young")] == ["tidy", "make-bed", "walk-route"]
    assert [r.id for r in mini.responsibilities_in(mini.lookup("older", kind="bands"))] == [
        "walk-route",
        "bus-alone",
    ]


def test_age_only_suggestions(mini: Catalog) -> None:
    found = mini.suggest(Age.parse("6y6m"))
    assert [s.id for s in found] == ["make-bed", "walk-route"]
    assert all(s.kind is SuggestionKind.NOW for s in found)
    assert found[0].reason == (
        "Fits this age: most children start it with support at 4y and do it on their own by 7y."
    )


def test_personalised_suggestions_presume_what_the_child_has_outgrown(mini: Catalog) -> None:
    # at 10, walk-route closed a year ago: presumed learned, offered only as worth checking;
    # make-bed closed three years ago: presumed learned, not offered at all
    found = mini.suggest(10, mastered={"tidy"})
    assert [(s.id, s.kind) for s in found] == [("walk-route", SuggestionKind.CATCH_UP)]
    assert found[0].reason.startswith("Worth checking:")
    # at 12, bus-alone needs walk-route, unrecorded and outgrown: presumed, so it is ready now
    ready = mini.suggest(12, mastered={"tidy"})
    assert [(s.id, s.kind) for s in ready] == [("bus-alone", SuggestionKind.NOW)]
    assert ready[0].reason.startswith("Fits this age:")  # it claims no mastery
    assert mini.suggest(12, mastered=set()) == ready
    # recorded beats presumed: walk-route recorded below alone holds bus-alone back
    started = Progress().record("walk-route", "nearby", on=date(2026, 1, 1))
    held = mini.suggest(12, progress=started)
    assert [(s.id, s.kind) for s in held] == [("walk-route", SuggestionKind.IN_PROGRESS)]
    built = mini.suggest(12, mastered={"walk-route"})
    assert built[0].reason.startswith("Ready now: builds on 'Walk a short route', already mastered")


def test_an_open_prerequisite_is_not_presumed(mini: Catalog) -> None:
    # at 7y, walk-route (6y to 9y) is still open: make-bed closes, bus-alone is years away;
    # at 11y walk-route is presumed (closed at 9y) but bus-alone opens only at 11y
    assert [s.id for s in mini.suggest(Age.parse("6y6m"), mastered=set())] == [
        "make-bed",
        "walk-route",
    ]
    assert "bus-alone" in [s.id for s in mini.suggest(11, mastered=set())]
    assert "bus-alone" not in [s.id for s in mini.suggest(10, mastered=set())]


def test_never_before_introduce_at(mini: Catalog) -> None:
    assert "bus-alone" not in [s.id for s in mini.suggest(10, mastered={"walk-route"})]


def test_categories_and_limit(mini: Catalog) -> None:
    assert [s.id for s in mini.suggest(8, mastered={"tidy"}, categories={"out"})] == ["walk-route"]
    assert [s.id for s in mini.suggest(8, mastered={"tidy"}, limit=1)] == ["walk-route"]
    assert [s.id for s in mini.suggest(8, mastered={"tidy"})] == ["walk-route", "make-bed"]
    assert mini.suggest(8, mastered={"tidy"}, limit=0) == []
    with pytest.raises(KeyError, match="did you mean 'home'"):
        mini.suggest(5, categories={"hom"})
    with pytest.raises(KeyError, match="did you mean 'tidy'"):
        mini.suggest(5, mastered={"tidyy"})
    with pytest.raises(TypeError, match="collection of ids"):
        mini.suggest(5, mastered="tidy")
    with pytest.raises(ValueError, match="0 or more"):
        mini.suggest(5, limit=-1)


def window_end(item: independence.Responsibility) -> int:
    """Where an item's age-only window closes: ``independent_by``, or 18y if that is 17y11m."""
    end = item.independent_by.total_months
    return MAX_MONTHS if end == MAX_MONTHS - 1 else end


def test_the_last_month_of_childhood_keeps_its_suggestions(catalog: Catalog) -> None:
    last = Age.from_months(MAX_MONTHS - 1)
    closing = {r.id for r in catalog.responsibilities if r.independent_by == last}
    assert closing, "the data needs an item whose window closes at 17y11m"
    assert {s.id for s in catalog.suggest(last)} >= closing
    assert {s.id for s in catalog.suggest(Age.from_months(MAX_MONTHS - 2))} >= closing
    # personalised: with their prerequisites mastered, they are offered as fitting now
    roots = {id for id in closing if not set(catalog.responsibility(id).prerequisites) & closing}
    ready = {p for id in roots for p in catalog.responsibility(id).prerequisites}
    personal = {s.id: s.kind for s in catalog.suggest(last, mastered=ready)}
    assert roots and {personal[id] for id in roots} == {SuggestionKind.NOW}


@settings(max_examples=200)
@given(months)
def test_age_only_suggestions_fit_the_age(month: int) -> None:
    catalog = independence.default_catalog()
    for suggestion in catalog.suggest(Age.from_months(month)):
        item = suggestion.responsibility
        assert item.introduce_at.total_months <= month < window_end(item)
        assert suggestion.reason


def test_every_unlocked_item_is_suggested_from_the_month_it_is_introduced(
    catalog: Catalog,
) -> None:
    for item in catalog.responsibilities:
        if not item.prerequisites:
            continue
        mastered = {p.id for p in catalog.needs(item.id, transitive=True)}
        for month in (item.introduce_at.total_months, item.introduce_at.total_months - 1):
            found = catalog.suggest(Age.from_months(month), mastered=mastered)
            assert [(s.id, s.kind.value) for s in found] == suggest_oracle(
                catalog, month, dict.fromkeys(mastered, "alone")
            ), (item.id, month)


@settings(max_examples=100)
@given(months)
def test_a_new_child_gets_what_fits_now_then_catch_up(month: int) -> None:
    catalog = independence.default_catalog()
    age = Age.from_months(month)
    found = catalog.suggest(age, mastered=set())
    assert [(s.id, s.kind.value) for s in found] == suggest_oracle(catalog, month, {})
    now = {s.id for s in catalog.suggest(age)}  # what fits now is a part of the age-only answer
    assert {s.id for s in found if s.kind is SuggestionKind.NOW} <= now


def test_building_a_catalog_in_python_runs_the_same_checks(mini: Catalog) -> None:
    rebuilt = Catalog(
        info=mini.info,
        sources=mini.sources,
        bands=mini.bands,
        categories=mini.categories,
        responsibilities=mini.responsibilities,
        check_in_policies=mini.check_in_policies,
        escalation_policies=mini.escalation_policies,
    )
    assert rebuilt.suggest(7) == mini.suggest(7)
    with pytest.raises(ValueError, match="unknown escalation policy 'nudge'"):
        Catalog(
            info=mini.info,
            sources=mini.sources,
            bands=mini.bands,
            categories=mini.categories,
            responsibilities=mini.responsibilities,
            check_in_policies=mini.check_in_policies,
        )


@pytest.fixture(scope="module")
def with_a_schedule(catalog: Catalog) -> Catalog:
    """The default data with one schedule (it ships none)."""
    home = Schedule.model_validate(
        {
            "id": "home-from-school",
            "title": "Home from school",
            "check_in": "walk-to-school",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "at": "15:30",
            "timezone": "Europe/London",
        }
    )
    fields = {name: getattr(catalog, name) for name in SECTIONS}
    return Catalog(info=catalog.info, **{**fields, "schedules": (home,)})


@pytest.mark.parametrize("kind", SECTIONS)
def test_one_lookup_finds_every_record_of_every_kind(
    with_a_schedule: Catalog, kind: RecordKind
) -> None:
    catalog = with_a_schedule
    records = getattr(catalog, kind)
    assert records, f"the default data has no {kind} to look up"
    for record in records:
        assert catalog.lookup(record.id, kind=kind) is record
        assert catalog.get(record.id, kind=kind) is record
    assert catalog.get("no-such-id", kind=kind) is None
    assert catalog.get("no-such-id", "fallback", kind=kind) == "fallback"
    first = records[0].id
    with pytest.raises(
        UnknownIdError, match=rf"unknown {KIND_NAMES[kind]} .*did you mean"
    ) as raised:
        catalog.lookup(first[:-1] + "#", kind=kind)
    assert isinstance(raised.value, KeyError) and repr(first) in str(raised.value)


def test_a_lookup_without_kind_is_of_responsibilities(catalog: Catalog) -> None:
    assert catalog.lookup("pack-school-bag") is catalog.responsibility("pack-school-bag")
    assert catalog.get("walk-to-school") is None  # a check-in policy, not a responsibility


def test_an_unknown_kind_lists_the_kinds(catalog: Catalog) -> None:
    kinds = "unknown kind 'check_ins': one of sources, bands"
    with pytest.raises(ValueError, match=kinds):
        catalog.lookup("walk-to-school", kind="check_ins")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match=kinds):
        catalog.get("walk-to-school", kind="check_ins")  # type: ignore[call-overload]


def test_an_unknown_perspective_pack_lists_the_packs(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError, match=r"available: interdependence, islamic$"):
        catalog.lookup("islamc", kind="perspectives")


def test_the_six_lookups_are_gone(catalog: Catalog) -> None:
    # one form: lookup(id, kind=...) and get(id, default, kind=...); responsibility(id) stays
    for name in ("check_in_policy", "escalation_policy", "schedule", "category", "band"):
        assert not hasattr(catalog, name)
    assert not hasattr(catalog, "source") and not hasattr(catalog, "perspective")
