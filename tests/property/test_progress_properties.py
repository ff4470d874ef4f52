"""Properties of progress records, and of the suggestions and reviews read from them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import independence
from independence import Age, Progress
from independence.model import SupportStage
from independence.planning import add_months
from independence.suggestions import SuggestionKind

CATALOG = independence.load_catalog(independence.build.data_path())  # not the cache: read at import
IDS = sorted(r.id for r in CATALOG.responsibilities)
START = date(2024, 1, 1)

stages = st.sampled_from(list(SupportStage))
steps = st.lists(
    st.tuples(st.sampled_from(IDS[:12]), stages, st.integers(min_value=0, max_value=90)),
    max_size=25,
)


def _build(recorded: list[tuple[str, SupportStage, int]]) -> Progress:
    """Record ``(id, stage, days after the previous step)`` in order."""
    progress = Progress()
    day = START
    for id, stage, gap in recorded:
        day += timedelta(days=gap)
        progress = progress.record(id, stage, on=day)
    return progress


@settings(max_examples=150, deadline=None)
@given(steps)
def test_recording_then_reading_back(recorded: list[tuple[str, SupportStage, int]]) -> None:
    progress = _build(recorded)
    last = {id: stage for id, stage, _ in recorded}
    for id in IDS[:12]:
        assert progress.stage(id) is last.get(id)
    assert Progress.model_validate_json(progress.model_dump_json()) == progress
    for item in progress.items:
        changes = [stage for id, stage, _ in recorded if id == item.id]
        moves = sum(1 for a, b in itertools.pairwise(changes) if a is not b)
        assert len(item.history) == moves
        assert [h.on for h in item.history] == sorted(h.on for h in item.history)


progresses = st.dictionaries(st.sampled_from(IDS), stages, max_size=30).map(
    lambda chosen: _build([(id, stage, 0) for id, stage in chosen.items()])
)


@settings(max_examples=150, deadline=None)
@given(progresses, st.integers(min_value=0, max_value=215))
def test_transitive_mastery_never_suggests_a_prerequisite_of_a_mastered_item(
    progress: Progress, month: int
) -> None:
    found = CATALOG.suggest(Age.from_months(month), progress=progress)
    suggested = {s.id for s in found}
    for item in progress.items:
        responsibility = CATALOG.responsibility(item.id)
        top = responsibility.support_ladder[-1].stage
        if item.stage is SupportStage.ALONE or item.stage.rank >= top.rank:
            below = {r.id for r in CATALOG.needs(item.id, transitive=True)}
            assert not below & suggested
            assert item.id not in suggested
    kinds = [s.kind for s in found]
    active = kinds.count(SuggestionKind.IN_PROGRESS)
    assert all(k is SuggestionKind.IN_PROGRESS for k in kinds[:active])  # in progress first
    assert len(suggested) == len(found)  # nothing twice


@settings(max_examples=150, deadline=None)
@given(progresses, st.integers(min_value=0, max_value=3 * 365))
def test_reviews_never_come_due_before_their_interval(progress: Progress, later: int) -> None:
    on = START + timedelta(days=later)
    due = CATALOG.reviews_due(progress, on=on)
    listed = {review.id for review in due}
    for review in due:
        assert review.due <= on
        assert review.due == add_months(review.counted_from, review.interval_months)
        band = CATALOG.band_for(review.responsibility.introduce_at)  # no birth date kept
        assert review.interval_months == band.review_interval_months
    assert [r.due for r in due] == sorted(r.due for r in due)  # oldest first
    suggested = CATALOG.suggest(0, progress=progress)
    in_progress = {s.id for s in suggested if s.kind is SuggestionKind.IN_PROGRESS}
    assert listed <= in_progress
    for id in in_progress - listed:  # not listed: its interval has not passed yet
        item = progress.item(id)
        assert item is not None
        interval = CATALOG.band_for(CATALOG.responsibility(id).introduce_at)
        assert add_months(item.last_checked, interval.review_interval_months) > on
