"""Mermaid pictures of the data: they say what the catalogue says."""

from __future__ import annotations

import re

import pytest

from independence import Catalog
from independence.cli import main
from independence.escalation import Circumstances
from independence.graph import bands_chart, category_flow, escalation_timeline


def test_category_flow_has_every_item_and_every_prerequisite(catalog: Catalog) -> None:
    text = category_flow(catalog, "getting-around")
    assert text.startswith("flowchart LR\n")
    for item in catalog.in_category("getting-around"):
        assert f'  {item.id}["' in text
        for before in item.prerequisites:
            assert f"  {before} --> {item.id}\n" in text


def test_bands_chart_counts(catalog: Catalog) -> None:
    text = bands_chart(catalog)
    bars = re.search(r"bar \[(.*)\]", text)
    assert bars is not None
    assert [int(n) for n in bars[1].split(", ")] == [
        len(catalog.responsibilities_in(band)) for band in catalog.bands
    ]


def test_escalation_timeline_lists_steps_and_repeats(catalog: Catalog) -> None:
    policy = catalog.lookup("standard-check", kind="escalation_policies")
    text = escalation_timeline(policy)
    lines = text.splitlines()
    assert lines[0] == "timeline"
    assert len(lines) == 2 + len(policy.steps)
    assert "10 min : call child (child) : again at 15 min" in text


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["graph", "bands"], 0),
        (["graph", "category", "money"], 0),
        (["graph", "escalation", "gentle-nudge"], 0),
        (["graph", "category"], 2),
        (["graph", "bands", "extra"], 2),
        (["graph", "category", "mony"], 2),
    ],
)
def test_command_line(capsys: pytest.CaptureFixture[str], argv: list[str], status: int) -> None:
    assert main(argv) == status
    out, err = capsys.readouterr()
    assert (out != "") == (status == 0)
    assert (err.count("\n") == 1) == (status == 2)


def test_a_session_picture_shows_events_and_steps_in_time_order(catalog: Catalog) -> None:
    from datetime import UTC, datetime, timedelta

    from independence import Age, CheckInSession
    from independence.graph import session_timeline

    due = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    walk = CheckInSession.from_catalog(
        catalog, "walk-to-school", due=due, circumstances=Circumstances(age=Age.parse("12y"))
    )
    walk = walk.add("acknowledged", due + timedelta(minutes=8))
    lines = session_timeline(walk, due + timedelta(minutes=45)).splitlines()
    assert lines[:2] == ["timeline", "  title Walking to school, minute by minute"]
    assert lines[2:6] == [
        "  120 min before : the window opens",
        "  at the due time : due",
        "  8 min after : the child acknowledges, still on the way",
        "  10 min after : deadline : remind child not sent",
    ]
    # the hold (15 minutes) holds the first call to its end; the second comes on time
    assert lines[6:8] == [
        "  23 min after : call child (child)",
        "  25 min after : call child again (child)",
    ]
    assert lines[-1] == "  55 min after : next go to last known place"
    assert all(line.count(" : ") >= 1 for line in lines[2:])
