"""The index's tables against the documented rules written out plainly, on drawn records.

The index builds its tables in one pass over the records in the data's order and another in
suggestion order (so that a large catalogue is read once, in the order it lies in memory);
this reference reads the records again for every table, as the docstrings say it. Ids are
drawn from a small set so that prerequisites name known and unknown items, categories are
known or not, and an id is sometimes given twice (which the index takes, though a catalogue
refuses it).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from independence.age import MAX_MONTHS, Age
from independence.checks import check_parts
from independence.index import Index
from independence.model import Category, Responsibility, SupportStage
from independence.records import Origin, Parts

IDS = [f"item-{k}" for k in range(8)]
CATEGORIES = ["home", "out", "self"]
STAGES = list(SupportStage)
#: the fields every drawn record shares
FIELDS: dict[str, Any] = {
    "title": "A drawn item",
    "summary": "Drawn for the index's and the cycle check's properties.",
    "done_when": ["Done."],
    "guiding_questions": ["What is the plan?", "Who can help?"],
    "risk": "low",
    "trust_framing": "I trust you.",
    "reconnection": "Tell me how it went.",
    "sources": ["drawn"],
}


@st.composite
def records(draw: st.DrawFn) -> Responsibility:
    # few ages, so that records often tie on them and the later keys decide; 215 months is
    # the last month there is, which ``independent`` keeps open (see ``window_end``)
    start = draw(st.sampled_from([0, 12, 24, 200]))
    end = min(start + draw(st.sampled_from([12, 15])), MAX_MONTHS - 1)
    rungs = sorted(draw(st.sets(st.sampled_from(range(len(STAGES))), min_size=3)))
    data: dict[str, Any] = {
        **FIELDS,
        "id": draw(st.sampled_from(IDS)),
        "category": draw(st.sampled_from([*CATEGORIES, "elsewhere"])),
        "introduce_at": str(Age.from_months(start)),
        "independent_by": str(Age.from_months(end)),
        "prerequisites": draw(st.lists(st.sampled_from([*IDS, "gone"]), max_size=3, unique=True)),
        "support_ladder": [
            {"stage": STAGES[rung].value, "description": "A step."} for rung in rungs
        ],
    }
    data["prerequisites"] = [p for p in data["prerequisites"] if p != data["id"]]
    return Responsibility.model_validate(data)


#: a valid record whose id and prerequisites the cycle property replaces
TEMPLATE = Responsibility.model_validate(
    {
        **FIELDS,
        "id": "template",
        "category": "home",
        "introduce_at": "1y",
        "independent_by": "2y",
        "support_ladder": [
            {"stage": stage, "description": "A step."} for stage in ("together", "nearby", "alone")
        ],
    }
)

GROUPS = tuple(Category(id=c, title=c.title(), description="Drawn.") for c in CATEGORIES)


def months(age: Age) -> int:
    return age.years * 12 + age.months


def reference(items: list[Responsibility]) -> dict[str, Any]:
    """The tables as the docstrings say them, each read from the records on its own."""
    category_rank = {c.id: rank for rank, c in enumerate(GROUPS)}
    last = {item.id: n for n, item in enumerate(items)}  # the place of an id's last record
    ordered = sorted(
        items,
        key=lambda i: (
            months(i.independent_by),
            months(i.introduce_at),
            category_rank.get(i.category, len(GROUPS)),
            last[i.id],
        ),
    )  # stable: records with equal keys keep the data's order
    rank: dict[str, int] = {}
    for place, item in enumerate(ordered):
        rank[item.id] = place  # an id given twice: its later place in suggestion order
    table = {item.id: item for item in items}  # an id given twice: its last record
    unlocks = {
        needed: tuple(i for i in ordered for p in i.prerequisites if p == needed)
        for needed in {p for i in items for p in i.prerequisites}
    }
    by_category: dict[str, list[Responsibility]] = {c.id: [] for c in GROUPS}
    for item in sorted(items, key=lambda i: months(i.introduce_at)):
        by_category.setdefault(item.category, []).append(item)
    return {
        "ordered": tuple(ordered),
        "rank": rank,
        "responsibilities": table,
        "unlocks": unlocks,
        "by_category": {c: tuple(v) for c, v in by_category.items()},
        "introduce": {id: months(i.introduce_at) for id, i in table.items()},
        # the last month there is stays open through that month (see ``window_end``)
        "independent": {
            id: MAX_MONTHS
            if months(i.independent_by) == MAX_MONTHS - 1
            else months(i.independent_by)
            for id, i in table.items()
        },
        "needs": {id: frozenset(i.prerequisites) for id, i in table.items()},
        "top_rank": {id: STAGES.index(i.support_ladder[-1].stage) for id, i in table.items()},
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(records(), max_size=12))
def test_every_table_is_the_documented_rule(items: list[Responsibility]) -> None:
    index = Index(responsibilities=items, categories=GROUPS)
    expected = reference(items)
    for name, table in expected.items():
        got = getattr(index, name)
        assert (got if name == "ordered" else dict(got)) == table, name
    # the order of the categories' lists and of each list is part of the rule
    assert list(index.by_category) == list(expected["by_category"])
    assert index.responsibility_ids == frozenset(expected["responsibilities"])


def has_cycle(graph: dict[str, tuple[str, ...]]) -> bool:
    """Whether ``graph`` (id -> prerequisites among its ids) has a cycle: Kahn's algorithm,
    which peels off items that need nothing left; a cycle is what can never be peeled."""
    needs = {id: {p for p in prerequisites if p in graph} for id, prerequisites in graph.items()}
    free = [id for id, left in needs.items() if not left]
    peeled = 0
    while free:
        done = free.pop()
        peeled += 1
        for id, left in needs.items():
            if done in left:
                left.discard(done)
                if not left:
                    free.append(id)
    return peeled < len(graph)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(IDS),
        st.lists(st.sampled_from([*IDS, "gone"]), max_size=3, unique=True),
        min_size=1,
    )
)
def test_cycles_are_found_when_there_is_one_and_each_is_real(graph: dict[str, list[str]]) -> None:
    """The prerequisite cycle check (``checks._check_cycles`` through ``check_parts``): a
    finding exactly when the graph has a cycle (an item listing itself is refused by the
    model, so self-loops are left out), and each reported cycle a real one, written from its
    member that comes first in the data."""
    parts = Parts()
    order = list(graph)
    cleaned = {id: tuple(p for p in needs if p != id) for id, needs in graph.items()}
    for place, (id, needs) in enumerate(cleaned.items()):
        item = TEMPLATE.model_copy(update={"id": id, "prerequisites": needs})
        parts.responsibilities.entries.append((item, Origin(None, ("responsibilities", place))))
    found = [
        f.message for f in check_parts(parts) if f.message.startswith("prerequisites form a cycle")
    ]
    assert bool(found) == has_cycle(cleaned)
    for message in found:
        members = message.removeprefix("prerequisites form a cycle: ").split(" -> ")
        assert members[0] == members[-1]
        assert members[0] == min(members, key=order.index)
        for before, after in pairwise(members):
            assert after in cleaned[before]  # each arrow is a prerequisite
