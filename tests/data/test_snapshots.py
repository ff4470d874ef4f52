"""Snapshots of query output: any change to the data shows up in review.

Regenerate after an intended data change with:

    .venv/bin/python -m pytest tests/data/test_snapshots.py --update-snapshots
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from independence import Catalog

SNAPSHOT = Path(__file__).parents[1] / "snapshots" / "suggest.json"


def current(catalog: Catalog) -> str:
    answer = {
        f"{years}y": [
            {"id": s.id, "kind": s.kind.value, "reason": s.reason} for s in catalog.suggest(years)
        ]
        for years in range(1, 18)
    }
    return json.dumps({"data_version": catalog.data_version, "suggest": answer}, indent=1) + "\n"


def test_suggest_at_every_year_matches_the_snapshot(
    catalog: Catalog, request: pytest.FixtureRequest
) -> None:
    text = current(catalog)
    if request.config.getoption("--update-snapshots"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text, (
        "suggest() changed: review the difference, then run "
        "'.venv/bin/python -m pytest tests/data/test_snapshots.py --update-snapshots'"
    )
