"""One child's progress: the record, its files, and the suggestions and reviews read from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import independence
from independence import Age, Catalog, CatalogError, Progress, with_overlays
from independence.model import SupportStage
from independence.progress import read_progress, write_progress
from independence.suggestions import SuggestionKind

DAY = date(2026, 3, 1)


# ------------------------------------------------------------------------------ the record


def test_empty_progress_knows_nothing() -> None:
    progress = Progress()
    assert progress.stage("tidy") is None
    assert progress.item("tidy") is None
    assert len(progress) == 0 and "tidy" not in progress


def test_record_returns_a_new_record_and_keeps_the_old_one() -> None:
    empty = Progress()
    progress = empty.record("pack-school-bag", "nearby", on=DAY)
    assert progress.stage("pack-school-bag") is SupportStage.NEARBY
    assert empty.stage("pack-school-bag") is None
    item = progress.item("pack-school-bag")
    assert item is not None and item.since == DAY and item.history == ()
    with pytest.raises(ValueError, match="frozen"):
        progress.birth_date = DAY  # type: ignore[misc]


def test_moving_up_or_down_keeps_the_history() -> None:
    progress = (
        Progress()
        .record("walk-route", "together", on=date(2026, 1, 5))
        .record("walk-route", SupportStage.CHECK_IN, on=date(2026, 2, 5))
        .record("walk-route", "nearby", on=date(2026, 3, 5))  # down a rung: allowed
    )
    item = progress.item("walk-route")
    assert item is not None
    assert item.stage is SupportStage.NEARBY and item.since == date(2026, 3, 5)
    assert [(h.stage.value, h.on) for h in item.history] == [
        ("together", date(2026, 1, 5)),
        ("check-in", date(2026, 2, 5)),
    ]


def test_recording_the_same_stage_is_a_review() -> None:
    first = Progress().record("tidy", "nearby", on=DAY)
    again = first.record("tidy", "nearby", on=date(2026, 5, 1))
    item = again.item("tidy")
    assert item is not None
    assert item.since == DAY and item.reviewed == date(2026, 5, 1) and item.history == ()
    assert item.last_checked == date(2026, 5, 1)


def test_record_refuses_bad_input() -> None:
    progress = Progress().record("tidy", "nearby", on=DAY)
    with pytest.raises(ValueError, match="unknown stage 'halfway': one of together, alongside"):
        progress.record("tidy", "halfway", on=DAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="before the last change recorded"):
        progress.record("tidy", "alone", on=date(2026, 2, 1))
    with pytest.raises(TypeError, match=r"on must be a datetime\.date"):
        progress.record("tidy", "alone", on="2026-04-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pattern"):
        progress.record("Not An Id", "alone", on=DAY)


def test_json_round_trip_and_shape() -> None:
    progress = (
        Progress(birth_date=date(2018, 5, 2), due_date=date(2018, 6, 1))
        .record("walk-route", "together", on=date(2026, 1, 5))
        .record("tidy", "alone", on=DAY)
        .record("walk-route", "nearby", on=DAY)
    )
    text = progress.model_dump_json()
    assert Progress.model_validate_json(text) == progress
    document = json.loads(text)
    assert document["format"] == 1
    assert [item["id"] for item in document["items"]] == ["tidy", "walk-route"]  # id order
    assert document["items"][1]["history"] == [{"stage": "together", "on": "2026-01-05"}]
    assert document["birth_date"] == "2018-05-02"


def test_the_file_format_is_checked() -> None:
    item = {"id": "tidy", "stage": "alone", "since": "2026-03-01"}
    with pytest.raises(ValueError, match="recorded more than once"):
        Progress.model_validate({"items": [item, item]})
    with pytest.raises(ValueError, match="a due_date needs a birth_date"):
        Progress.model_validate({"due_date": "2020-01-01"})
    with pytest.raises(ValueError, match="history must run oldest first"):
        Progress.model_validate(
            {"items": [{**item, "history": [{"stage": "nearby", "on": "2026-04-01"}]}]}
        )
    with pytest.raises(ValueError, match="Extra inputs"):
        Progress.model_validate({"items": [{**item, "colour": "red"}]})
    with pytest.raises(ValueError, match="less than or equal to 1"):
        Progress.model_validate({"format": 2})


def test_the_shipped_schema_accepts_what_the_library_writes() -> None:
    import jsonschema

    schema = json.loads(
        (Path(independence.build.data_path()) / "schemas" / "progress.schema.json").read_text()
    )
    progress = Progress(birth_date=date(2018, 5, 2)).record("tidy", "nearby", on=DAY)
    jsonschema.validate(progress.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"items": [{"id": "tidy", "stage": "done", "since": "x"}]}, schema)


def test_age_from_the_birth_date_kept_on_the_record() -> None:
    progress = Progress().with_child(date(2025, 1, 10), date(2025, 3, 10))
    assert progress.age(date(2026, 1, 10)) == Age(years=0, months=10)  # corrected
    with pytest.raises(ValueError, match="no birth date"):
        Progress().age(DAY)


def test_forget() -> None:
    progress = Progress().record("tidy", "alone", on=DAY).record("make-bed", "nearby", on=DAY)
    assert progress.forget("tidy") == Progress().record("make-bed", "nearby", on=DAY)
    with pytest.raises(KeyError, match="nothing is recorded for 'walk-route'"):
        progress.forget("walk-route")


# ------------------------------------------------------------------------------ files


def test_write_then_read(tmp_path: Path, mini: Catalog) -> None:
    path = tmp_path / "sam.json"
    progress = Progress().record("tidy", "nearby", on=DAY)
    write_progress(progress, path)
    assert read_progress(path, mini.index.responsibility_ids) == progress
    assert [p.name for p in tmp_path.iterdir()] == ["sam.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = tmp_path / "sam.json"
    write_progress(Progress().record("tidy", "nearby", on=DAY), path)
    before = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_progress(Progress().record("tidy", "alone", on=DAY), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["sam.json"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"items": [', ":1:12: <document>: not valid JSON: Expecting value"),
        ('{"items": [{"id": "tidy", "since": "2026-01-01"}]}', ": items[0].stage: Field required"),
        ('{"items": 3}', ": items: Input should be a valid"),
        (
            '{"items": [{"id": "tidyy", "stage": "alone", "since": "2026-01-01"}]}',
            ": items[0].id: unknown responsibility 'tidyy'",
        ),
    ],
)
def test_a_bad_file_is_a_catalog_error_with_positions(
    tmp_path: Path, mini: Catalog, text: str, message: str
) -> None:
    path = tmp_path / "sam.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_progress(path, mini.index.responsibility_ids)
    assert str(caught.value.problems[0]).startswith(str(path) + message)


# ------------------------------------------------------------------------------ suggestions


def test_in_progress_items_come_first_with_their_rungs(mini: Catalog) -> None:
    progress = Progress().record("tidy", "alone", on=DAY).record("walk-route", "nearby", on=DAY)
    found = mini.suggest(Age(years=7), progress=progress)
    first = found[0]
    assert (first.id, first.kind) == ("walk-route", SuggestionKind.IN_PROGRESS)
    assert first.kind.value == "in-progress"
    assert first.stage is SupportStage.NEARBY
    assert first.next_step is not None and first.next_step.stage is SupportStage.CHECK_IN
    assert "at 'nearby'" in first.reason and "next: 'check-in'" in first.reason
    # then the personalised answer for what is mastered (tidy): make-bed is caught up
    assert [(s.id, s.kind.value) for s in found[1:]] == [("make-bed", "catch-up")]


def test_the_top_rung_of_a_short_ladder_is_mastery(mini: Catalog) -> None:
    # walk-route's ladder stops at check-in: at check-in it is mastered and unlocks bus-alone
    progress = Progress().record("walk-route", "check-in", on=DAY)
    found = mini.suggest(Age(years=12), progress=progress)
    assert "walk-route" not in [s.id for s in found]
    assert "bus-alone" in [s.id for s in found]


def test_mastery_counts_every_prerequisite_all_the_way_down(catalog: Catalog) -> None:
    deep = next(
        r for r in catalog.responsibilities if len(catalog.needs(r.id, transitive=True)) >= 3
    )
    below = {r.id for r in catalog.needs(deep.id, transitive=True)}
    # a prerequisite recorded low down the ladder still counts as mastered
    low = sorted(below)[0]
    progress = Progress().record(low, "together", on=DAY).record(deep.id, "alone", on=DAY)
    found = catalog.suggest(Age(years=17), progress=progress)
    assert not below & {s.id for s in found}
    assert deep.id not in {s.id for s in found}
    # mastered= is read by the same rule: each id as if recorded alone
    assert not below & {s.id for s in catalog.suggest(Age(years=17), mastered={deep.id})}


def test_a_reason_says_when_a_prerequisite_counts_by_inference(catalog: Catalog) -> None:
    # an item that builds on X, where X is mastered only because something above X is
    for item in catalog.responsibilities:
        for prerequisite in item.prerequisites:
            above = [r for r in catalog.unlocks(prerequisite) if r.id != item.id]
            if len(item.prerequisites) == 1 and above:
                progress = Progress().record(above[0].id, "alone", on=DAY)
                age = max(item.introduce_at, above[0].introduce_at)
                found = {s.id: s for s in catalog.suggest(age, progress=progress)}
                if item.id in found and found[item.id].kind is SuggestionKind.NOW:
                    reason = found[item.id].reason
                    title = catalog.responsibility(prerequisite).title
                    assert f"'{title}' counts as mastered because '{above[0].title}'" in reason
                    return
    pytest.fail("no item in the default data to show an inferred prerequisite")


def test_progress_ids_must_be_known(mini: Catalog) -> None:
    with pytest.raises(KeyError, match=r"unknown responsibility 'tidyy'.*did you mean 'tidy'"):
        mini.suggest(7, progress=Progress().record("tidyy", "alone", on=DAY))
    with pytest.raises(TypeError, match="progress must be a Progress"):
        mini.suggest(7, progress={"tidy"})  # type: ignore[arg-type]


def test_mastered_and_progress_together_is_a_type_error(mini: Catalog) -> None:
    with pytest.raises(TypeError, match="give mastered or progress, not both"):
        mini.suggest(7, mastered={"tidy"}, progress=Progress())


def test_mastered_is_read_by_the_same_rule_as_progress(mini: Catalog) -> None:
    found = mini.suggest(10, mastered={"tidy"})
    assert [(s.id, s.kind.value) for s in found] == [("walk-route", "catch-up")]
    as_progress = Progress().record("tidy", "alone", on=DAY)
    assert mini.suggest(10, progress=as_progress) == found


@pytest.mark.parametrize("empty", ["mastered", "progress"])
def test_a_new_child_gets_what_fits_now_first(catalog: Catalog, empty: str) -> None:
    age = Age(years=8)
    found = (
        catalog.suggest(age, mastered=set())
        if empty == "mastered"
        else catalog.suggest(age, progress=Progress())
    )
    now = [s.id for s in catalog.suggest(age)]
    fitting = [s.id for s in found if s.kind is SuggestionKind.NOW]
    assert fitting == [id for id in now if id in fitting]  # in the age-only order
    assert fitting == [s.id for s in found[: len(fitting)]]  # and first
    rest = found[len(fitting) :]
    assert rest and all(s.kind is SuggestionKind.CATCH_UP for s in rest)
    closed = [s.responsibility.independent_by for s in rest]
    assert closed == sorted(closed, reverse=True)  # the most recently closed first
    # only a recent span: nothing closed two years ago or more (never infancy at 8)
    assert all(Age(years=6) < s.independent_by <= age for s in rest)
    assert "nothing is recorded for it yet" in rest[0].reason
    # an item whose prerequisite is unrecorded and still open is not offered
    for s in found:
        for p in s.responsibility.prerequisites:
            assert catalog.responsibility(p).independent_by <= age, (s.id, p)


def test_a_child_with_only_items_in_progress_is_still_new(catalog: Catalog) -> None:
    age = Age(years=8)
    item = next(  # an item whose ladder goes past "nearby", so that "nearby" is in progress
        s for s in catalog.suggest(age) if s.responsibility.support_ladder[-1].stage.rank > 2
    )
    found = catalog.suggest(age, progress=Progress().record(item.id, "nearby", on=DAY))
    assert found[0].id == item.id and found[0].kind is SuggestionKind.IN_PROGRESS
    assert [s.id for s in found[1:]] == [
        s.id for s in catalog.suggest(age, mastered=set()) if s.id != item.id
    ]


def test_categories_and_limit_apply_to_progress(mini: Catalog) -> None:
    progress = Progress().record("tidy", "alone", on=DAY).record("walk-route", "nearby", on=DAY)
    found = mini.suggest(7, progress=progress, categories=["home"])
    assert [s.id for s in found] == ["make-bed"]
    assert [s.id for s in mini.suggest(7, progress=progress, limit=1)] == ["walk-route"]


def test_repeated_calls_give_equal_answers_that_callers_cannot_spoil(mini: Catalog) -> None:
    progress = Progress().record("walk-route", "nearby", on=DAY)
    first = mini.suggest(7, progress=progress)
    first.clear()
    assert mini.suggest(7, progress=progress) == mini.suggest(
        7, progress=Progress.model_validate_json(progress.model_dump_json())
    )
    assert mini.suggest(7, progress=progress)


# ------------------------------------------------------------------------------ serialisation


def test_suggestion_dumps_flat_like_the_command_line(catalog: Catalog) -> None:
    progress = Progress().record("pack-school-bag", "nearby", on=DAY)
    found = catalog.suggest(8, progress=progress, limit=3, perspectives=["islamic"])
    dumped = found[0].model_dump()
    assert dumped["id"] == "pack-school-bag"
    assert dumped["kind"] == "in-progress" and dumped["stage"] == "nearby"
    assert dumped["introduce_at"] == str(found[0].responsibility.introduce_at)
    assert "responsibility" not in dumped
    for suggestion in found:
        assert json.loads(suggestion.model_dump_json()) == suggestion.model_dump()


def test_age_serialises_as_text_everywhere(catalog: Catalog) -> None:
    age = Age(years=7, months=6)
    dumped: object = age.model_dump()  # typed as a dict by pydantic; text at run time
    assert dumped == "7y6m"
    assert json.loads(age.model_dump_json()) == "7y6m"
    assert Age.model_validate_json(age.model_dump_json()) == age
    assert Age.model_validate({"years": 7, "months": 6}) == age
    assert Age.model_json_schema()["type"] == "string"
    item = catalog.responsibility("pack-school-bag")
    assert item.model_dump()["introduce_at"] == str(item.introduce_at)


# ------------------------------------------------------------------------------ reviews


def test_reviews_come_due_after_the_bands_interval(mini: Catalog) -> None:
    # no birth date: the band where the item is introduced (young: every 6 months)
    progress = Progress().record("walk-route", "nearby", on=date(2026, 1, 31))
    assert mini.reviews_due(progress, on=date(2026, 7, 30)) == ()
    (review,) = mini.reviews_due(progress, on=date(2026, 7, 31))
    assert (review.id, review.due, review.interval_months) == ("walk-route", date(2026, 7, 31), 6)
    assert review.next_step.stage is SupportStage.CHECK_IN
    assert review.guiding_questions == mini.responsibility("walk-route").guiding_questions
    dumped = review.model_dump()
    assert dumped["id"] == "walk-route" and dumped["due"] == date(2026, 7, 31)


def test_the_childs_band_sets_the_interval(mini: Catalog) -> None:
    # born 2016: 10 on the day the stage was reached, so the older band (every 12 months)
    progress = Progress(birth_date=date(2016, 1, 1)).record("walk-route", "nearby", on=DAY)
    assert mini.reviews_due(progress, on=date(2027, 2, 28)) == ()
    (review,) = mini.reviews_due(progress, on=date(2027, 3, 1))
    assert review.interval_months == 12


def test_an_item_can_set_its_own_interval(mini: Catalog, tmp_path: Path) -> None:
    overlay = tmp_path / "often.yaml"
    overlay.write_text(
        "overlay:\n  name: Often\n  description: Review walking every month.\n"
        "override:\n  responsibilities:\n    - id: walk-route\n      review_interval_months: 1\n",
        encoding="utf-8",
    )
    often = with_overlays(mini, overlay)
    progress = Progress().record("walk-route", "nearby", on=DAY)
    (review,) = often.reviews_due(progress, on=date(2026, 4, 1))
    assert review.interval_months == 1
    assert mini.reviews_due(progress, on=date(2026, 4, 1)) == ()


def test_reviews_oldest_first_skip_mastered_and_restart_after_a_review(mini: Catalog) -> None:
    progress = (
        Progress()
        .record("make-bed", "alongside", on=date(2026, 2, 1))
        .record("walk-route", "nearby", on=date(2026, 1, 1))
        .record("tidy", "alone", on=date(2025, 1, 1))  # mastered: nothing to review
    )
    due = mini.reviews_due(progress, on=date(2026, 12, 1))
    assert [r.id for r in due] == ["walk-route", "make-bed"]
    reviewed = progress.record("walk-route", "nearby", on=date(2026, 11, 1))
    assert [r.id for r in mini.reviews_due(reviewed, on=date(2026, 12, 1))] == ["make-bed"]


def test_reviews_check_ids(mini: Catalog) -> None:
    with pytest.raises(KeyError, match="did you mean 'tidy'"):
        mini.reviews_due(Progress().record("tidyy", "nearby", on=DAY), on=DAY)


# ------------------------------------------------------------------------------ search


def test_search_titles_then_summaries(catalog: Catalog) -> None:
    found = catalog.search("bike")
    assert found and all("bike" in f"{r.title} {r.summary}".lower() for r in found)
    in_title = ["bike" in r.title.lower() for r in found]
    assert in_title == sorted(in_title, reverse=True)
    assert catalog.search("BIKE QUIET") == tuple(
        r for r in found if "quiet" in f"{r.title} {r.summary}".lower()
    )
    assert catalog.search("bike", limit=1) == found[:1]
    assert catalog.search("zebra-crossing-unicorn") == ()
    with pytest.raises(ValueError, match="at least one word"):
        catalog.search("   ")


def test_search_puts_title_matches_before_summary_matches(catalog: Catalog) -> None:
    found = catalog.search("money")
    in_title = ["money" in r.title.lower() for r in found]
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True)  # every title match first
    for group in (True, False):
        ages = [
            (r.independent_by, r.introduce_at)
            for r, t in zip(found, in_title, strict=True)
            if t is group
        ]
        assert ages == sorted(ages)  # then suggestion order


def test_copies_and_pickles_never_reuse_a_stale_reading(mini: Catalog) -> None:
    import copy
    import pickle

    progress = Progress().record("walk-route", "nearby", on=DAY)
    assert mini.suggest(7, progress=progress)[0].id == "walk-route"  # the reading is memoised
    assert progress.stage("walk-route") is SupportStage.NEARBY  # and the index by id
    other = Progress().record("tidy", "alone", on=DAY)
    changed = progress.model_copy(update={"items": other.items})
    assert changed == other
    assert changed.stage("walk-route") is None and changed.stage("tidy") is SupportStage.ALONE
    assert mini.suggest(7, progress=changed) == mini.suggest(7, progress=other)
    for twin in (
        copy.copy(progress),
        copy.deepcopy(progress),
        pickle.loads(pickle.dumps(progress)),
    ):
        assert twin == progress
        assert mini.suggest(7, progress=twin) == mini.suggest(7, progress=progress)


def test_the_interval_at_the_edges_of_childhood(mini: Catalog) -> None:
    # a stage dated before the birth counts from birth (young: 6 months); one reached at 18
    # or later keeps the last band's interval (older: 12 months) rather than failing
    early = Progress(birth_date=date(2026, 6, 1)).record("tidy", "nearby", on=date(2026, 1, 1))
    assert [r.interval_months for r in mini.reviews_due(early, on=date(2027, 1, 1))] == [6]
    grown = Progress(birth_date=date(2000, 1, 1)).record("tidy", "nearby", on=DAY)
    assert [r.interval_months for r in mini.reviews_due(grown, on=date(2027, 3, 1))] == [12]


def test_the_due_date_is_checked_against_the_birth_date() -> None:
    born = date(2024, 6, 1)
    with pytest.raises(ValueError, match="more than 4 weeks before the birth"):
        Progress(birth_date=born, due_date=date(2023, 6, 1))  # a year before the birth
    with pytest.raises(ValueError, match="more than 20 weeks after the birth"):
        Progress(birth_date=born, due_date=date(2025, 1, 1))
    with pytest.raises(ValueError, match="more than 4 weeks before the birth"):
        Progress().with_child(born, date(2024, 4, 1))
    with pytest.raises(ValueError, match="more than 4 weeks before the birth"):
        Age.from_birthdate(born, on=date(2025, 1, 1), due=date(2024, 5, 1))
    # born two weeks late, or ten weeks early: both fine
    assert Progress(birth_date=born, due_date=date(2024, 5, 18)).due_date == date(2024, 5, 18)
    assert Progress(birth_date=born, due_date=date(2024, 8, 10)).age(date(2025, 6, 1)) == Age(
        months=9, years=0
    )
