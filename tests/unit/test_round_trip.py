"""Every result reads back: ``type(x).model_validate_json(x.model_dump_json()) == x``.

An app caches suggestions, queues reviews, stores timelines and session states, and logs
problems and warnings as JSON; each must come back equal, from the JSON alone.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import MINI
from pydantic import BaseModel

import independence
from independence import (
    Age,
    Catalog,
    CatalogError,
    CheckInSession,
    DataWarning,
    Problem,
    Progress,
    Suggestion,
)
from independence.escalation import Circumstances
from independence.planning import Review

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 1)


def reads_back(value: BaseModel) -> BaseModel:
    text = value.model_dump_json()
    again = type(value).model_validate_json(text)
    assert again == value
    assert again.model_dump_json() == text  # and writes the same JSON again
    assert type(value).model_validate(json.loads(text)) == value  # from parsed JSON too
    return again


def test_every_kind_of_suggestion_reads_back(catalog: Catalog) -> None:
    progress = Progress().record("pack-school-bag", "nearby", on=DAY)
    found = catalog.suggest(Age(years=8), progress=progress, perspectives=["interdependence"])
    kinds = {s.kind.value for s in found}
    assert kinds == {"in-progress", "now", "catch-up"}
    assert any(s.perspectives for s in found) and any(s.next_step for s in found)
    for suggestion in found:
        again = reads_back(suggestion)
        assert isinstance(again, Suggestion)
        assert (again.id, again.title, again.category) == (
            suggestion.responsibility.id,
            suggestion.responsibility.title,
            suggestion.responsibility.category,
        )
        assert again.introduce_at == suggestion.responsibility.introduce_at
    for suggestion in catalog.suggest(Age(years=8)):  # age only
        reads_back(suggestion)


def test_a_suggestion_read_back_keeps_only_the_id(catalog: Catalog) -> None:
    suggestion = catalog.suggest(8)[0]
    again = Suggestion.model_validate_json(suggestion.model_dump_json())
    with pytest.raises(LookupError, match=r"catalog\.responsibility\("):
        _ = again.responsibility
    whole = again.with_record(catalog.responsibility(again.id))
    assert whole.responsibility is catalog.responsibility(again.id) and whole == suggestion
    with pytest.raises(ValueError, match="this answer is about"):
        again.with_record(catalog.responsibilities[-1])


def test_a_suggestion_with_a_wrong_field_is_refused() -> None:
    document = independence.default_catalog().suggest(8)[0].model_dump(mode="json")
    with pytest.raises(ValueError, match="kind"):
        Suggestion.model_validate({**document, "kind": "sideways"})
    with pytest.raises(ValueError, match="extra"):
        Suggestion.model_validate({**document, "responsibility": {}})


def test_reviews_read_back(catalog: Catalog) -> None:
    progress = Progress().record("pack-school-bag", "nearby", on=DAY)
    reviews = catalog.reviews_due(progress, on=date(2027, 3, 1))
    assert reviews
    for review in reviews:
        again = reads_back(review)
        assert isinstance(again, Review) and again.id == "pack-school-bag"


@pytest.mark.parametrize("zone", [ZoneInfo("UTC"), LONDON])
def test_timelines_and_escalation_states_read_back(catalog: Catalog, zone: ZoneInfo) -> None:
    policy = catalog.check_in_policies[0].id
    due = datetime(2026, 11, 27, 18, 0, tzinfo=zone)
    timeline = catalog.timeline(policy, due)
    assert timeline.steps
    reads_back(timeline)
    for minutes in (0, 30, 300):
        now = due + timedelta(minutes=minutes)
        reads_back(catalog.escalation_state(timeline, now))


def test_session_states_read_back(catalog: Catalog) -> None:
    due = datetime(2026, 11, 27, 8, 30, tzinfo=LONDON)
    session = CheckInSession.from_catalog(
        catalog, "walk-to-school", due=due, circumstances=Circumstances(age=Age.parse("9y"))
    )
    reads_back(session)
    for hh, mm in ((8, 0), (8, 45), (9, 30), (12, 0)):
        reads_back(session.state_at(datetime(2026, 11, 27, hh, mm, tzinfo=LONDON)))


def test_problems_read_back() -> None:
    with pytest.raises(CatalogError) as raised:
        independence.load_catalog(MINI.parent / "invalid")
    problems = raised.value.problems
    assert problems
    for problem in problems:
        again = reads_back(problem)
        assert isinstance(again, Problem) and str(again) == str(problem)
    built = Problem("a.yaml", 3, 5, "bands[0].id", "not an id")
    assert built == Problem(
        file="a.yaml", line=3, column=5, path="bands[0].id", message="not an id"
    )
    assert built.as_dict() == built.model_dump()


def test_warnings_read_back() -> None:
    warning = DataWarning("escalation.yaml", 12, 7, "steps[3]", "may never be reached")
    again = reads_back(warning)
    assert isinstance(again, DataWarning) and str(again) == str(warning)
    assert str(again).endswith(": steps[3]: warning: may never be reached")
    with pytest.raises(ValueError, match="valid integer"):
        DataWarning.model_validate({**warning.model_dump(), "line": "12"})  # strict: no "12"
