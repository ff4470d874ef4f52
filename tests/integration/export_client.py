"""A client of ``independence export`` that knows only the export: no import of the library.

It stands for an app in another language: everything it needs (ages in months, the window
rule, the suggestion order, the personalised rule and its span) it reads from the export
document itself, as the export's ``export.rules`` section states them. The tests compare its
answers with ``Catalog.suggest`` at every month.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Record = dict[str, Any]
Key = Callable[[Record, int], int]

#: The stages from doing it together to doing it alone, as the schema's SupportStage lists them.
STAGES = ("together", "alongside", "nearby", "check-in", "alone")


class ExportClient:
    """Suggestions from an export document (a parsed ``independence export``)."""

    def __init__(self, document: Record) -> None:
        rules = document["export"]["rules"]
        self.last_month: int = rules["last_month"]
        self.span: int = rules["worth_checking_months"]
        self.items: dict[str, Record] = {r["id"]: r for r in document["responsibilities"]}
        category_position = {c["id"]: n for n, c in enumerate(document["categories"])}
        keys: dict[str, Key] = {
            "independent_by_months": lambda r, n: r["independent_by_months"],
            "introduce_at_months": lambda r, n: r["introduce_at_months"],
            "category_position": lambda r, n: category_position[r["category"]],
            "position": lambda r, n: n,
        }
        order = [keys[name] for name in rules["suggestion_order"]]
        self.rank = {
            r["id"]: tuple(key(r, n) for key in order)
            for n, r in enumerate(document["responsibilities"])
        }

    def window_end(self, id: str) -> int:
        end: int = self.items[id]["independent_by_months"]
        return self.last_month + 1 if end == self.last_month else end

    def fits(self, id: str, month: int) -> bool:
        start: int = self.items[id]["introduce_at_months"]
        return start <= month < self.window_end(id)

    def by_age(self, month: int) -> list[str]:
        """The age-only answer: every item whose window holds ``month``, in suggestion order."""
        return sorted((id for id in self.items if self.fits(id, month)), key=self.rank.__getitem__)

    def personalised(self, month: int, recorded: dict[str, str]) -> list[tuple[str, str]]:
        """``(id, kind)`` for a record of stages by id (a mastered id is ``"alone"``)."""
        mastered: set[str] = set()

        def master(id: str) -> None:
            if id not in mastered:
                mastered.add(id)
                for prerequisite in self.items[id]["prerequisites"]:
                    master(prerequisite)

        for id, stage in recorded.items():
            top = self.items[id]["support_ladder"][-1]["stage"]
            if stage == "alone" or STAGES.index(stage) >= STAGES.index(top):
                master(id)
        active = [id for id in recorded if id not in mastered]

        def met(id: str) -> bool:
            return all(
                p in mastered or (p not in active and self.window_end(p) <= month)
                for p in self.items[id]["prerequisites"]
            )

        free = [id for id in self.items if id not in mastered and id not in active and met(id)]
        now = [id for id in free if self.fits(id, month)]
        worth = [id for id in free if 0 <= month - self.window_end(id) < self.span]
        rank = self.rank.__getitem__
        return (
            [(id, "in-progress") for id in sorted(active, key=rank)]
            + [(id, "now") for id in sorted(now, key=rank)]
            + [
                (id, "catch-up")
                for id in sorted(worth, key=lambda id: (-self.window_end(id), rank(id)))
            ]
        )
