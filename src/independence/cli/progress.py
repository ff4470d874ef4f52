"""``independence progress``: keep one child's progress in a JSON file, and query from it.

``record``, ``child``, ``show``, ``next`` and ``reviews`` read the file first; a file that does
not parse, has the wrong shape or names an id the catalogue does not know is exit 1 with
``file: path: message``, and the file is left as it was. ``record`` and ``child`` read,
change and write the file under its lock (see :func:`independence.progress.update_progress`), so
several at once lose nothing; writes are atomic (see :func:`independence.progress.write_progress`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from independence.age import Age
from independence.cli import queries
from independence.cli.context import catalog_for
from independence.cli.options import parse_age
from independence.cli.render import print_json, print_suggestions, table_lines
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, to_stderr
from independence.errors import CatalogError, UnknownIdError, UsageError
from independence.model.responsibility import SupportStage
from independence.planning import is_top, next_step
from independence.progress import Progress, read_progress, update_progress

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "load_for_cli",
    "parse_day",
    "report_problems",
    "run_child",
    "run_next",
    "run_record",
    "run_reviews",
    "run_show",
    "run_suggest",
]


def run_suggest(args: argparse.Namespace) -> int:
    """``suggest --progress FILE``: :func:`independence.cli.queries.run_suggest`, with the
    progress file read and checked against the catalogue (exit 1 when it is invalid)."""
    return queries.run_suggest(args, load_for_cli)


def parse_day(option: str, text: str | None) -> date | None:
    """``text`` as a date (``None`` stays ``None``); a usage error names ``option``."""

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date; write it as YYYY-MM-DD") from None


def load_for_cli(path: str, catalog: Catalog, *, missing_ok: bool = False) -> Progress | None:
    """The progress in ``path`` checked against ``catalog``; ``None`` if it is invalid.

    An invalid file has been reported (one line, exit 1 is the caller's); a missing file is
    an empty progress with ``missing_ok``, else the ``FileNotFoundError`` propagates.
    """
    try:
        return read_progress(path, catalog.index.responsibility_ids)
    except FileNotFoundError:
        if missing_ok:
            return Progress()
        raise
    except CatalogError as error:
        report_problems(error)
        return None


def report_problems(error: CatalogError) -> None:
    """Report an invalid progress file on stderr: its first problem, and how many more."""
    first = error.problems[0]
    more = len(error.problems) - 1
    tail = f" (and {more} more problem{'s' * (more != 1)})" if more else ""
    to_stderr(f"independence: error: {first}{tail}")


def _update(
    args: argparse.Namespace, catalog: Catalog, change: Callable[[Progress], Progress]
) -> Progress | None:
    """Apply ``change`` to the progress file, under its lock (see
    :func:`independence.progress.update_progress`); ``None`` if the file was invalid (reported)."""

    def checked(progress: Progress) -> Progress:
        try:
            return change(progress)
        except ValueError as error:
            raise UsageError(str(error)) from None

    try:
        return update_progress(args.file, checked, catalog.index.responsibility_ids)
    except CatalogError as error:
        report_problems(error)
        return None


def run_record(args: argparse.Namespace) -> int:
    on = parse_day("--on", args.on)
    catalog = catalog_for(args)
    try:
        item = catalog.responsibility(args.id)
    except UnknownIdError as error:  # exit 2, naming the argument and close matches
        raise UsageError(f"ID: {error}") from None
    if args.stage not in {stage.value for stage in SupportStage}:
        stages = ", ".join(stage.value for stage in SupportStage)
        raise UsageError(f"STAGE: unknown stage {args.stage!r}: one of {stages}")
    updated = _update(args, catalog, lambda progress: progress.record(item.id, args.stage, on=on))
    if updated is None:
        return EXIT_INVALID_DATA
    entry = updated.item(item.id)
    assert entry is not None
    if args.json:
        print_json({"file": args.file, **entry.model_dump(mode="json")})
        return EXIT_OK
    say = catalog.messages
    what = say("cli:reviewed-at" if entry.reviewed == (on or date.today()) else "cli:now-at")
    stage = say(f"stage:{entry.stage.value}")
    print(
        say("cli:recorded", file=args.file, id=item.id, what=what, stage=stage, since=entry.since)
    )
    return EXIT_OK


def run_child(args: argparse.Namespace) -> int:
    born = parse_day("--born", args.born)
    due = parse_day("--due", args.due)
    assert born is not None
    try:
        age = Age.from_birthdate(born, due=due)
    except ValueError as error:
        raise UsageError(str(error)) from None
    catalog = catalog_for(args)
    updated = _update(args, catalog, lambda progress: progress.with_child(born, due))
    if updated is None:
        return EXIT_INVALID_DATA
    if args.json:
        print_json({"file": args.file, "age": str(age), **updated.model_dump(mode="json")})
        return EXIT_OK
    say = catalog.messages
    print(
        say(
            "cli:child-kept",
            file=args.file,
            born=born,
            due=say("cli:child-due", due=due) if due else "",
            age=say.age(age),
        )
    )
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    catalog = _catalog_of(args)
    progress = load_for_cli(args.file, catalog)
    if progress is None:
        return EXIT_INVALID_DATA
    if args.json:
        print_json(progress.model_dump(mode="json"))
        return EXIT_OK
    say = catalog.messages
    child = (
        say("cli:born", born=progress.birth_date)
        if progress.birth_date
        else say("cli:no-birth-date")
    )
    if progress.due_date:
        child += say("cli:child-due", due=progress.due_date)
    count = len(progress)
    items = say("cli:item" if count == 1 else "cli:items")
    print(say("cli:progress-heading", file=args.file, count=count, items=items, child=child))
    if not count:
        print("  " + say("cli:nothing-recorded"))
    rows = []
    for entry in progress.items:
        item = catalog.responsibility(entry.id)
        step = next_step(item, entry.stage)
        if is_top(item, entry.stage):
            after = say("cli:mastered")
        else:
            after = say("cli:next-stage", stage=say(f"stage:{step.stage.value}")) if step else ""
        stage = say(f"stage:{entry.stage.value}")
        rows.append((entry.id, stage, say("cli:since", since=entry.since), after))
    for line in table_lines(rows, indent="  ", right_to_left=say.right_to_left):
        print(line)
    return EXIT_OK


def run_next(args: argparse.Namespace) -> int:

    on = parse_day("--on", args.on)
    catalog = _catalog_of(args)
    progress = load_for_cli(args.file, catalog)
    if progress is None:
        return EXIT_INVALID_DATA
    if args.age is not None:
        age = parse_age(args.age)
    elif progress.birth_date is not None:
        try:
            age = progress.age(on)
        except ValueError as error:
            raise UsageError(str(error)) from None
    else:
        raise UsageError(
            "give --age, or keep a birth date with 'independence progress child FILE --born DATE'"
        )
    found = catalog.suggest(age, categories=args.category, limit=args.limit, progress=progress)
    args.progress = args.file
    return print_suggestions(args, catalog, age, found)


def run_reviews(args: argparse.Namespace) -> int:

    on = parse_day("--on", args.on) or date.today()
    catalog = _catalog_of(args)
    progress = load_for_cli(args.file, catalog)
    if progress is None:
        return EXIT_INVALID_DATA
    due = catalog.reviews_due(progress, on=on)
    if args.json:
        print_json({"on": on.isoformat(), "reviews": [r.model_dump(mode="json") for r in due]})
        return EXIT_OK
    say = catalog.messages
    reviews = say("cli:review" if len(due) == 1 else "cli:reviews")
    print(say("cli:reviews-heading", file=args.file, count=len(due), reviews=reviews, on=on))
    for review in due:
        line = say(
            "cli:review-line",
            id=review.id,
            stage=say(f"stage:{review.stage.value}"),
            since=review.counted_from,
            due=review.due,
            every=say.plural("cli:n-months", review.interval_months),
        )
        print("  " + line)
        rung = say(
            "cli:next-rung",
            stage=say(f"stage:{review.next_step.stage.value}"),
            description=review.next_step.description,
        )
        print("    " + rung)
        for question in review.guiding_questions:
            print("    " + say("cli:ask", question=question))
    return EXIT_OK


def _catalog_of(args: argparse.Namespace) -> Catalog:

    return catalog_for(args)
