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
from typing import TYPE_CHECKING, Any

from independence.cli.context import catalog_for
from independence.cli.options import (
    OptionGroups,
    add_command,
    add_selection,
    parse_age,
)
from independence.cli.render import print_json, print_suggestions, table_lines
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, to_stderr
from independence.errors import UnknownIdError, UsageError

if TYPE_CHECKING:
    from independence.catalog import Catalog
    from independence.errors import CatalogError
    from independence.progress import Progress

__all__ = ["add_progress_parser", "load_for_cli", "parse_day", "report_problems"]


def add_progress_parser(commands: Any, groups: OptionGroups) -> None:
    """Add ``progress`` and its actions to the command line's subparsers."""

    say = groups.say
    progress = commands.add_parser(
        "progress",
        help=say("help:progress#help"),
        description=say.description("help:progress#description"),
    )
    actions = progress.add_subparsers(
        title=say.plain("help:progress#actions"),
        dest="action",
        required=True,
        parser_class=type(progress),
    )

    def add_action(
        name: str, handler: Callable[[argparse.Namespace], int], **options: Any
    ) -> argparse.ArgumentParser:
        """An action on a progress file: the catalogue's options, then ``FILE``."""
        action = add_command(actions, name, handler, parents=[groups.query], **options)
        action.add_argument("file", metavar=say.metavar("FILE"), help=say("help:progress#file"))
        return action

    record = add_action(
        "record",
        _record,
        help=say("help:progress record#help"),
        description=say.description("help:progress record#description"),
    )
    record.add_argument("id", metavar=say.metavar("ID"), help=say("help:progress record#id"))
    record.add_argument(
        "stage",
        metavar=say.metavar("STAGE"),
        help=say("help:progress record#stage"),
    )
    record.add_argument("--on", metavar=say.metavar("DATE"), help=say("help:progress record#--on"))

    child = add_action(
        "child",
        _child,
        help=say("help:progress child#help"),
        description=say.description("help:progress child#description"),
    )
    child.add_argument(
        "--born",
        metavar=say.metavar("DATE"),
        required=True,
        help=say("help:progress child#--born"),
    )
    child.add_argument("--due", metavar=say.metavar("DATE"), help=say("help:progress child#--due"))

    add_action(
        "show",
        _show,
        help=say("help:progress show#help"),
        description=say.description("help:progress show#description"),
    )

    upcoming = add_action(
        "next",
        _next,
        help=say("help:progress next#help"),
        description=say.description("help:progress next#description"),
        mastered=None,
        perspective=None,
    )
    upcoming.add_argument("--age", metavar=say.metavar("AGE"), help=say("help:age"))
    upcoming.add_argument("--on", metavar=say.metavar("DATE"), help=say("help:progress next#--on"))
    add_selection(upcoming, say)

    reviews = add_action(
        "reviews",
        _reviews,
        help=say("help:progress reviews#help"),
        description=say.description("help:progress reviews#description"),
    )
    reviews.add_argument(
        "--on", metavar=say.metavar("DATE"), help=say("help:progress reviews#--on")
    )


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
    from independence.errors import CatalogError
    from independence.progress import Progress, read_progress

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
    from independence.errors import CatalogError
    from independence.progress import update_progress

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


def _record(args: argparse.Namespace) -> int:
    from independence.model.responsibility import SupportStage

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


def _child(args: argparse.Namespace) -> int:
    from independence.age import Age

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


def _show(args: argparse.Namespace) -> int:
    from independence.planning import is_top, next_step

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


def _next(args: argparse.Namespace) -> int:

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


def _reviews(args: argparse.Namespace) -> int:

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
