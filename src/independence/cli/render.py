"""How the command line draws its answers: JSON for programs, aligned tables and records for
people."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from independence.age import Age
from independence.cli.status import EXIT_OK
from independence.messages import ENGLISH, MESSAGES, Messages

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "FSI",
    "PDI",
    "RLM",
    "print_json",
    "print_record",
    "print_suggestions",
    "table_lines",
    "width",
]


#: Right-to-left mark, first strong isolate, pop directional isolate (see :func:`table_lines`).
RLM = "\u200f"
FSI = "\u2068"
PDI = "\u2069"


def width(text: str) -> int:
    """How many columns a terminal gives ``text``: combining marks and format characters (such
    as the bidirectional isolates) none, wide characters two."""
    if text.isascii() and text.isprintable():  # most cells: one column per character
        return len(text)
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


def table_lines(
    rows: Sequence[Sequence[str]], indent: str = "", right_to_left: bool = False
) -> Iterable[str]:
    """``rows`` as aligned lines: every cell but the last padded to its column's width (as a
    terminal shows it), the last (free text, perhaps right to left) left as it is.

    With ``right_to_left`` (an Arabic table), each cell is a bidirectional isolate (FSI ...
    PDI), so no cell's text can reorder its neighbours, and each line starts with a
    right-to-left mark: a terminal that lays text out by the Unicode bidirectional algorithm
    shows the first column on the right, as a right-to-left reader expects; one that does not
    shows the same columns, aligned, from the left. The marks take no column."""
    columns = max((len(row) for row in rows), default=1) - 1
    widths = [max((width(row[i]) for row in rows), default=0) for i in range(columns)]
    for row in rows:
        cells = [
            _cell(cell, right_to_left) + " " * (size - width(cell))
            for cell, size in zip(row, widths, strict=False)
        ]
        line = "  ".join([*cells, _cell(row[-1], right_to_left)]).rstrip()
        yield (RLM if right_to_left else "") + indent + line


def _cell(text: str, right_to_left: bool) -> str:
    return f"{FSI}{text}{PDI}" if right_to_left and text else text


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def print_record(value: dict[str, Any], say: Messages = ENGLISH, indent: int = 0) -> None:
    """``value`` (a record as JSON) as indented ``label: value`` lines, each field named and
    each stage, risk and yes/no said in the catalogue's language (``say``)."""
    pad = ("\u200f" if say.right_to_left else "") + " " * indent
    for key, item in value.items():
        label = _label(say, key)
        if isinstance(item, dict):
            print(f"{pad}{label}:")
            print_record(item, say, indent + 2)
        elif isinstance(item, list):
            if not item:
                continue
            print(f"{pad}{label}:")
            for entry in item:
                if isinstance(entry, dict):
                    first, *rest = entry.items()
                    shown = _value(say, first[0], first[1])
                    print(f"{pad}  - {_label(say, first[0])}: {shown}")
                    print_record(dict(rest), say, indent + 4)
                else:
                    print(f"{pad}  - {_value(say, key, entry)}")
        else:
            print(f"{pad}{label}: {_value(say, key, item)}")


def _label(say: Messages, key: str) -> str:
    """A field's name in words: translated where the library knows the field."""
    return say(f"field:{key}") if f"field:{key}" in MESSAGES else key.replace("_", " ")


#: The fields of a record that hold an age.
_AGES = frozenset({"introduce_at", "independent_by", "min_age"})


def _value(say: Messages, key: str, item: Any) -> Any:
    """A value as words: a stage, a risk, a channel, shared data, yes or no in the catalogue's
    language; else as is."""
    if isinstance(item, bool):
        return say("cli:yes" if item else "cli:no")
    if key in ("stage", "risk") and f"{key}:{item}" in MESSAGES:
        return say(f"{key}:{item}")
    if key in _AGES and isinstance(item, str):  # "7y6m": in words, with the language's plurals
        return say.age(Age.parse(item))
    # a check-in's channels and what its phone shares when a check-in fails, in words
    kind = {
        "channels": "channel",
        "on_failure": "shared",
        "kind": "trigger",
        "mode": "sharing",
        "precision": "precision",
        "contexts": "context",
        "darkness": "darkness-rule",
        "urgency": "urgency",
    }.get(key)
    if kind is not None and f"{kind}:{item}" in MESSAGES:
        return say(f"{kind}:{item}")
    return item


def print_suggestions(args: argparse.Namespace, catalog: Catalog, age: Any, found: Any) -> int:
    band = catalog.band_for(age)
    if args.json:
        print_json(
            {
                "age": str(age),
                "months": age.total_months,
                "band": band.id,
                "mastered": args.mastered,
                "progress": args.progress,
                "data_version": catalog.data_version,
                # each exactly Suggestion.model_dump(), its id first for people reading it
                "suggestions": [{"id": s.id, **s.model_dump(mode="json")} for s in found],
            }
        )
        return EXIT_OK
    say = catalog.messages
    if args.progress is not None:
        mode = say("cli:mode-progress", file=args.progress)
    else:
        mode = say("cli:mode-personal" if args.mastered is not None else "cli:mode-age")
    print(
        say(
            "cli:suggest-heading",
            age=say.age(age),
            band=band.title,
            range=say.month_range(band.from_month, band.to_month),
            count=len(found),
            suggestions=say("cli:suggestion" if len(found) == 1 else "cli:suggestions"),
            mode=mode,
        )
    )
    categories = {category.id: category.title for category in catalog.categories}
    rows = [
        (
            f"{number}.",
            s.id,
            say(f"kind:{s.kind.value}"),
            categories[s.responsibility.category],
            say.window(s.responsibility.introduce_at, s.responsibility.independent_by),
            s.responsibility.title,
        )
        for number, s in enumerate(found, 1)
    ]
    # aligned by the width a terminal gives each cell (accents and Arabic marks take none); the
    # title, the only cell that may run right to left, comes last so it cannot shift the others
    indent = " " * (len(str(len(found))) + 5)
    mark = "\u200f" if say.right_to_left else ""  # each line in the table's direction
    for line, s in zip(
        table_lines(rows, indent="  ", right_to_left=say.right_to_left), found, strict=True
    ):
        print(line)
        print(mark + indent + s.reason)
        for text in s.perspectives:
            print(mark + indent + f"[{text.pack}] {text.text}")
    return EXIT_OK
