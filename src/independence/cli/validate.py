"""The commands for the data's authors, ``validate`` and ``schema``: every problem and warning
of a catalogue (its regional packs and translations too), and the JSON Schemas of its files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from independence.build import load_catalog
from independence.catalog import Catalog
from independence.cli.context import locale_for
from independence.cli.render import print_json
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, to_stderr
from independence.errors import CatalogError, Problem, UsageError
from independence.messages import PLURALS
from independence.model.sections import REGISTRY, section_kind
from independence.regional import region_problems
from independence.schema import SCHEMA_KINDS, schema_text, write_schemas

__all__ = ["run_schema", "run_validate", "section_counts"]


def run_validate(args: argparse.Namespace) -> int:
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
        regional = region_problems(path)  # each region laid over the data
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
                        "counts": section_counts(catalog) if catalog is not None else None,
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
                    for name, n in section_counts(loaded).items()
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
    return section_kind(section).count_label or section


def section_counts(catalog: Catalog) -> dict[str, int]:
    """How many records of each counted section ``catalog`` holds, in the registry's order."""
    return {
        entry.name: len(getattr(catalog, entry.name))
        for entry in REGISTRY
        if entry.count_label is not None
    }


def run_schema(args: argparse.Namespace) -> int:
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
