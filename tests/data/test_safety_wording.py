"""What a suggestion says about the end of an item's window must never outrun its ladder.

An item whose support ladder stops at a grown-up watching nearby (water, roads, the bath) is
never handed over to a child alone, so the reason a parent reads must not say "on their own".
"""

from __future__ import annotations

import pytest

from independence import Age, Catalog
from independence.model.responsibility import SupportStage

__all__: list[str] = []


def _reasons_for(catalog: Catalog, item_id: str) -> list[str]:
    item = catalog.responsibility(item_id)
    found = catalog.suggest(item.introduce_at, categories=[item.category])
    return [s.reason for s in found if s.id == item_id]


@pytest.mark.parametrize(
    "item_id",
    [
        "learn-to-swim",
        "follow-water-safety-rules",
        "wash-self-in-the-bath",
        "hold-hands-at-the-kerb",
    ],
)
def test_supervised_items_never_read_as_on_their_own(catalog: Catalog, item_id: str) -> None:
    assert catalog.responsibility(item_id).support_ladder[-1].stage is SupportStage.NEARBY
    reasons = _reasons_for(catalog, item_id)
    assert reasons, f"{item_id} is not suggested at its own introduce_at"
    for reason in reasons:
        assert "on their own" not in reason
        assert "with a grown-up watching nearby by" in reason


def test_every_reason_matches_the_last_rung(catalog: Catalog) -> None:
    expected = {
        SupportStage.NEARBY: "with a grown-up watching nearby by",
        SupportStage.CHECK_IN: "on their own, with check-ins, by",
        SupportStage.ALONE: "do it on their own by",
    }
    seen: set[SupportStage] = set()
    ages = [Age(years=months // 12, months=months % 12) for months in range(0, 216, 3)]
    for age in ages:
        for category in catalog.categories:
            found = catalog.suggest(age, categories=[category.id])
            for suggestion in found:
                last = suggestion.responsibility.support_ladder[-1].stage
                assert expected[last] in suggestion.reason, (suggestion.id, suggestion.reason)
                seen.add(last)
    assert seen == set(expected)


def test_a_new_childs_catch_up_reasons_follow_the_last_rung(catalog: Catalog) -> None:
    """The "worth checking" reasons of a child with nothing recorded say the same thing."""
    from independence import Progress

    for months in (36, 96, 150):
        for suggestion in catalog.suggest(Age.from_months(months), progress=Progress()):
            last = suggestion.responsibility.support_ladder[-1].stage
            if last is SupportStage.NEARBY:
                assert "on their own" not in suggestion.reason, suggestion.id
