"""The query commands, ``suggest``, ``show`` and ``bands``: each reads its options, asks the
catalogue, prints the answer (drawn by :mod:`independence.cli.render`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from independence._lazy import lazy_module
from independence.cli.context import catalog_for
from independence.cli.options import parse_age
from independence.cli.render import print_json, print_record, print_suggestions, table_lines
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE
from independence.errors import UnknownIdError, UsageError

if TYPE_CHECKING:
    import independence.cli.progress as progress_files
else:  # start-up time: only `suggest --progress` reads a progress file (independence.progress,
    # its file lock), so the cold start of `suggest --age 8` never loads it
    progress_files = lazy_module("independence.cli.progress")

__all__ = ["run_bands", "run_show", "run_suggest"]


def run_suggest(args: argparse.Namespace) -> int:
    age = parse_age(args.age)
    catalog = catalog_for(args)
    progress = None
    if args.progress is not None:
        progress = progress_files.load_for_cli(args.progress, catalog)
        if progress is None:
            return EXIT_INVALID_DATA
    # each id is checked here, so the message names the option it came from
    for option, ids, lookup in (
        ("--mastered", args.mastered, catalog.responsibility),
        ("--category", args.category, catalog.category),
        ("--perspective", args.perspective, catalog.perspective),
    ):
        for id in ids or ():
            try:
                lookup(id)
            except UnknownIdError as error:
                raise UsageError(f"{option}: {error}") from None
    found = catalog.suggest(
        age,
        mastered=args.mastered,
        categories=args.category,
        limit=args.limit,
        perspectives=args.perspective,
        progress=progress,
    )
    return print_suggestions(args, catalog, age, found)


def run_show(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    item: Any
    if args.id in catalog:
        item = catalog.responsibility(args.id)
    elif args.id in {p.id for p in catalog.check_in_policies}:
        item = catalog.check_in_policy(args.id)
    elif args.id in {p.id for p in catalog.escalation_policies}:
        item = catalog.escalation_policy(args.id)
    else:
        catalog.responsibility(args.id)  # raises, naming close matches
        return EXIT_USAGE  # pragma: no cover
    record = item.model_dump(mode="json", exclude_none=True)
    if args.perspective:
        record["perspectives"] = [
            text.model_dump(mode="json") for text in catalog.guidance(args.id, args.perspective)
        ]
    if args.json:
        print_json(record)
        return EXIT_OK
    print_record(record, catalog.messages)
    return EXIT_OK


def run_bands(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    if args.json:
        print_json([band.model_dump(mode="json") for band in catalog.bands])
        return EXIT_OK
    say = catalog.messages
    rows = [
        (
            band.id,
            say("age:range", start=say.months(band.from_month), end=say.months(band.to_month)),
            say("cli:review-every", months=say.plural("cli:n-months", band.review_interval_months)),
            band.title,
        )
        for band in catalog.bands
    ]
    for line in table_lines(rows, right_to_left=say.right_to_left):
        print(line)
    return EXIT_OK
