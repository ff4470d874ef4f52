"""The query commands, ``suggest``, ``show`` and ``bands``: each reads its options, asks the
catalogue, prints the answer (drawn by :mod:`independence.cli.render`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from independence.cli.context import catalog_for
from independence.cli.options import parse_age
from independence.cli.render import print_json, print_record, print_suggestions, table_lines
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE
from independence.errors import UnknownIdError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from independence.catalog import Catalog
    from independence.model.sections import RecordKind
    from independence.progress import Progress

__all__ = ["run_bands", "run_show", "run_suggest"]


def run_suggest(
    args: argparse.Namespace,
    read_progress: Callable[[str, Catalog], Progress | None] | None = None,
) -> int:
    """``suggest``; with ``--progress FILE``, the parser runs
    :func:`independence.cli.progress.run_suggest` instead, which gives ``read_progress`` (so
    that an age-only ``suggest`` never imports the progress files' code)."""
    age = parse_age(args.age)
    catalog = catalog_for(args)
    progress = None
    if args.progress is not None:
        if read_progress is None:
            # a bug of ours: the parser has independence.cli.progress.run_suggest read the file
            raise TypeError("suggest --progress needs read_progress")
        progress = read_progress(args.progress, catalog)
        if progress is None:
            return EXIT_INVALID_DATA
    # each id is checked here, so the message names the option it came from
    kinds: tuple[tuple[str, list[str] | None, RecordKind], ...] = (
        ("--mastered", args.mastered, "responsibilities"),
        ("--category", args.category, "categories"),
        ("--perspective", args.perspective, "perspectives"),
    )
    for option, ids, kind in kinds:
        for id in ids or ():
            try:
                catalog.lookup(id, kind=kind)
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
        item = catalog.lookup(args.id, kind="check_in_policies")
    elif args.id in {p.id for p in catalog.escalation_policies}:
        item = catalog.lookup(args.id, kind="escalation_policies")
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
            say.month_range(band.from_month, band.to_month),
            say("cli:review-every", months=say.plural("cli:n-months", band.review_interval_months)),
            band.title,
        )
        for band in catalog.bands
    ]
    for line in table_lines(rows, right_to_left=say.right_to_left):
        print(line)
    return EXIT_OK
