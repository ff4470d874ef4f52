"""The commands of ``independence``: each reads its options, asks the library, prints the answer.

One function a command (the parser in :mod:`independence.cli.parser` names them); the tables
and JSON they print are drawn by :mod:`independence.cli.render`. A mistake in how a command was
called raises :class:`~independence.errors.UsageError`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from independence.cli.context import catalog_for, locale_for
from independence.cli.options import parse_age
from independence.cli.render import (
    print_json,
    print_record,
    print_suggestions,
    table_lines,
)
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE, to_stderr
from independence.errors import Problem, UnknownIdError, UsageError
from independence.messages import PLURALS

if TYPE_CHECKING:
    from independence.catalog import Catalog
    from independence.errors import Problem
    from independence.model.sections import RecordKind

__all__ = [
    "run_bands",
    "run_escalate",
    "run_export",
    "run_graph",
    "run_schema",
    "run_show",
    "run_suggest",
    "run_validate",
]


def run_suggest(args: argparse.Namespace) -> int:
    age = parse_age(args.age)
    catalog = catalog_for(args)
    progress = None
    if args.progress is not None:
        from independence.cli.progress import load_for_cli

        progress = load_for_cli(args.progress, catalog)
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


def run_validate(args: argparse.Namespace) -> int:
    from independence.build import load_catalog
    from independence.errors import CatalogError

    reports: list[tuple[str, Catalog | None, tuple[Problem, ...]]] = []
    for path in args.paths:
        try:
            catalog = load_catalog(path, overlays=args.overlay, locale=locale_for(args))
        except FileNotFoundError as error:
            raise UsageError(str(error)) from None
        except CatalogError as error:
            reports.append((path, None, error.problems))
            continue
        except ValueError as error:  # an unknown or ill-formed --locale
            raise UsageError(f"--locale: {error}") from None
        from independence.regional import region_problems  # each region laid over the data

        regional = region_problems(path)
        reports.append((path, None, regional) if regional else (path, catalog, ()))
    problems = [problem for _, _, found in reports for problem in found]
    if args.json:
        print_json(
            {
                "valid": not problems,
                "catalogs": [
                    {
                        "path": path,
                        "valid": not found,
                        "counts": _counts(catalog) if catalog is not None else None,
                        "problems": [p.as_dict() for p in found],
                        "warnings": [w.as_dict() for w in _warnings(catalog)],
                    }
                    for path, catalog, found in reports
                ],
            }
        )
    else:
        for problem in problems:
            print(problem)
        for path, loaded, _ in reports:
            if loaded is not None:
                warned = _warnings(loaded)
                for warning in warned:
                    print(warning)
                say = loaded.messages
                counts = say("titles:list-separator").join(
                    say.plural(f"count:{name}", n)
                    if f"count:{name}" in PLURALS
                    else _plural(n, _label(name))
                    for name, n in _counts(loaded).items()
                )
                note = (
                    say("cli:warnings", warnings=say.plural("cli:n-warnings", len(warned)))
                    if warned
                    else ""
                )
                print(
                    say(
                        "cli:valid",
                        path=path,
                        counts=counts,
                        version=loaded.data_version,
                        warnings=note,
                    )
                )
    if problems:
        count = len(problems)
        to_stderr(f"independence: {count} problem{'s' * (count != 1)} found")
        return EXIT_INVALID_DATA
    return EXIT_OK


def _warnings(catalog: Catalog | None) -> tuple[Any, ...]:
    """The catalogue's warnings (none when it did not load: its problems come first)."""
    return catalog.warnings if catalog is not None else ()


def _plural(count: int, label: str) -> str:
    """``3 check-in policies``, ``1 check-in policy``."""
    if count == 1:
        return f"1 {label}"
    many = label[:-1] + "ies" if label.endswith("y") else label + "s"
    return f"{count} {many}"


def _label(section: str) -> str:
    from independence.model.sections import section_kind

    return section_kind(section).count_label or section


def _counts(catalog: Catalog) -> dict[str, int]:
    from independence.model.sections import REGISTRY

    return {
        entry.name: len(getattr(catalog, entry.name))
        for entry in REGISTRY
        if entry.count_label is not None
    }


def run_schema(args: argparse.Namespace) -> int:
    from independence.schema import SCHEMA_KINDS, schema_text, write_schemas

    if args.output is not None:
        if args.kind is not None:
            raise UsageError("give a kind or --output DIR, not both")
        written = write_schemas(args.output)
        if args.json:
            print_json([str(path) for path in written])
            return EXIT_OK
        for path in written:
            print(path)
        return EXIT_OK
    if args.kind is None:
        raise UsageError(f"KIND: name one ({', '.join(SCHEMA_KINDS)}) or use --output DIR")
    try:
        text = schema_text(args.kind)
    except KeyError as error:  # an unknown kind, with the known ones in the message
        raise UsageError(f"KIND: {error.args[0]}") from None
    sys.stdout.write(text)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    import pydantic_core

    from independence.export import export_document

    catalog = catalog_for(args)
    # pydantic's own serialiser: the same bytes as json.dumps(indent=2), several times faster
    sys.stdout.write(pydantic_core.to_json(export_document(catalog), indent=2).decode() + "\n")
    return EXIT_OK


def run_escalate(args: argparse.Namespace) -> int:
    """``escalate``: see :mod:`independence.cli.escalate`."""
    # imported here, when the command runs: the engine stays out of every other command's
    # start-up (``suggest`` imports no part of it)
    from independence.cli.escalate import run_escalate as run

    return run(args)


def run_graph(args: argparse.Namespace) -> int:
    from independence import graph

    catalog = catalog_for(args)
    if args.subject == "bands":
        if args.id is not None:
            raise UsageError("'graph bands' takes no id")
        diagram = graph.bands_chart(catalog)
    elif args.id is None:
        raise UsageError(f"'graph {args.subject}' needs an id")
    elif args.subject == "category":
        diagram = graph.category_flow(catalog, args.id)
    else:
        policy = catalog.lookup(args.id, kind="escalation_policies")
        diagram = graph.escalation_timeline(policy, catalog.messages)
    if args.json:
        print_json(
            {"subject": args.subject, "id": args.id, "format": "mermaid", "diagram": diagram}
        )
    else:
        sys.stdout.write(diagram)
    return EXIT_OK
