"""The ``independence`` command line: the library's queries for people and scripts.

Exit status: 0 on success, 1 when the data is invalid, 2 on a usage mistake (a bad age, an
unknown id, a missing file), 3 when the output cannot be written (standard output closed or
full). Results go to stdout; messages go to stderr as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from independence.catalog import Catalog
    from independence.errors import Problem

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
#: The output could not be written: standard output closed or full (an I/O failure, not usage).
EXIT_IO = 3


class UsageError(Exception):
    """A mistake in how the command was called: exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit status."""
    if sys.stdout is None:  # started with its standard output closed: nothing could be shown
        return _fail(EXIT_IO, "standard output is closed: nothing can be written")
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        status = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after we have left
        return status
    except UsageError as error:
        return _fail(EXIT_USAGE, str(error))
    except KeyError as error:  # unknown ids, with close matches in the message
        return _fail(EXIT_USAGE, str(error.args[0]) if error.args else "unknown id")
    except (ValueError, TypeError) as error:
        from independence.errors import CatalogError

        if isinstance(error, CatalogError):
            count = len(error.problems)
            first = error.problems[0]
            return _fail(
                EXIT_INVALID_DATA,
                f"invalid data ({count} problem{'s' * (count != 1)}); first: {first}; "
                "run 'independence validate' on the data to see them all",
            )
        return _fail(EXIT_USAGE, str(error).splitlines()[0])
    except BrokenPipeError:  # the reader went away (``| head``): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except FileNotFoundError as error:  # a path given on the command line that is not there
        return _fail(EXIT_USAGE, str(error) if not error.filename else _os_message(error))
    except OSError as error:  # writing the output failed (a full disk, a closed stream)
        status = _fail(EXIT_IO, f"cannot write the output: {_os_message(error)}")
        _silence_stdout()
        return status


def _os_message(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")


def _silence_stdout() -> None:
    """Drop what is still buffered for a standard output that cannot take it, so that Python's
    own flush at exit does not fail a second time."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):  # nothing more can be done
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(status: int, message: str) -> int:
    print(f"independence: error: {message}", file=sys.stderr)
    return status


# ------------------------------------------------------------------------------ parser


def _build_parser() -> _Parser:
    from independence._version import DATA_VERSION, __version__

    parser = _Parser(
        prog="independence",
        description="Age-appropriate independence for children: suggestions, responsibilities, "
        "age bands. Guidance, not a screening tool: every child differs.",
    )
    parser.add_argument(
        "--version", action="version", version=f"independence {__version__} (data {DATA_VERSION})"
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", required=True, parser_class=_Parser
    )
    data_only = _Parser(add_help=False)
    data_only.add_argument(
        "--data", metavar="PATH", help="a catalogue file or folder instead of the default data"
    )
    data_only.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="lay an overlay file over the catalogue (repeat for more, applied in order)",
    )
    data_only.add_argument(
        "--locale",
        metavar="TAG",
        default=None,
        help="the language of the texts, a BCP 47 tag such as es, es-MX, ar or en-US "
        "(default: $INDEPENDENCE_LOCALE, else the data's own, en-GB)",
    )
    data_only.add_argument(
        "--region", metavar="CODE", help="apply a regional pack, such as GB, US or AU"
    )
    data = _Parser(add_help=False, parents=[data_only])
    data.add_argument("--json", action="store_true", help="print JSON for programs")
    guided = _Parser(add_help=False)
    guided.add_argument(
        "--perspective",
        action="append",
        default=None,
        metavar="NAME",
        help="add guidance from a perspective pack (repeat for more)",
    )

    suggest = commands.add_parser(
        "suggest",
        parents=[data, guided],
        help="next steps for a child of a given age",
        description="Next steps for a child of a given age, best first, each with a reason.",
    )
    suggest.add_argument("--age", required=True, help="the child's age: 8, 7y6m or 90m")
    known = suggest.add_mutually_exclusive_group()
    known.add_argument(
        "--mastered",
        nargs="+",
        default=None,
        metavar="ID",
        help="ids the child has mastered: personalise the suggestions",
    )
    known.add_argument(
        "--progress",
        metavar="FILE",
        help="a child's progress file: in-progress items first (see 'independence progress')",
    )
    suggest.add_argument(
        "--category",
        action="append",
        default=None,
        metavar="C",
        help="only this category (repeat for more)",
    )
    suggest.add_argument("--limit", type=_count, default=None, metavar="N", help="at most N")

    suggest.set_defaults(handler=_suggest)

    show = commands.add_parser(
        "show",
        parents=[data, guided],
        help="everything about one responsibility",
        description="Everything about one responsibility (or check-in or escalation policy).",
    )
    show.add_argument("id", help="a responsibility, check-in policy or escalation policy id")

    show.set_defaults(handler=_show)

    bands = commands.add_parser(
        "bands", parents=[data], help="the age bands", description="The age bands, youngest first."
    )
    bands.set_defaults(handler=_bands)

    validate = commands.add_parser(
        "validate",
        help="check catalogue files or folders and report every problem",
        description="Check catalogues (files or folders). Every problem is printed as "
        "file:line:column: path: message; exit 1 if there is any. Warnings (valid data that is "
        "probably a mistake) are printed as file:line:column: path: warning: message and do "
        "not change the exit status.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a catalogue file or folder")
    validate.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="check these overlays laid over each PATH (repeat for more, applied in order)",
    )
    validate.add_argument("--json", action="store_true", help="print JSON for CI tools")
    validate.add_argument(
        "--locale",
        metavar="TAG",
        default=None,
        help="also check the translations into TAG: missing, stale and extra texts are "
        "warnings placed in the PO files",
    )
    validate.set_defaults(handler=_validate)

    schema = commands.add_parser(
        "schema",
        help="JSON Schemas of the data files, for editors",
        description="Print the JSON Schema (draft-07) of one kind of data file, or write them all.",
    )
    schema.add_argument(
        "kind",
        nargs="?",
        help="catalog, bands, categories, responsibilities, check-ins, escalation, perspective, "
        "overlay, catalogue (a whole catalogue in one file) or progress (a child's progress file)",
    )
    schema.add_argument("--output", metavar="DIR", help="write every schema into DIR")
    schema.set_defaults(handler=_schema)

    export = commands.add_parser(
        "export",
        parents=[data_only],
        help="the whole catalogue as one JSON document",
        description="The whole catalogue as one JSON document, for apps not written in Python. "
        "It has the shape of a one-file catalogue, so it loads again as one.",
    )
    export.add_argument("--format", choices=["json"], default="json", help="only json for now")
    export.set_defaults(handler=_export)

    escalate = commands.add_parser(
        "escalate",
        parents=[data],
        help="what happens, and when, if a check-in is missed",
        description="The escalation timeline of a check-in policy for a due time, and, with "
        "--now, where things stand. With --event or --events, a check-in session instead: the "
        "events in order, the state at --now and when to wake up next. Times are ISO 8601 "
        "with a UTC offset, from 1900 up to (not including) 3000.",
    )
    escalate.add_argument("policy", metavar="CHECKIN_POLICY_ID", help="a check-in policy id")
    escalate.add_argument("--due", help="when the check-in is due (ISO 8601)")
    escalate.add_argument("--now", help="the moment to report the state at (ISO 8601)")
    escalate.add_argument(
        "--checked-in", nargs="+", default=[], metavar="ISO", help="check-ins received"
    )
    escalate.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="KIND@TIME[:ARG]",
        help="run a check-in session with this event (repeat for more, in order); "
        "KIND is acknowledged, arrived, time-added:MINUTES, plan-changed:DUE[:DESTINATION] "
        "or plan-changed:DESTINATION, location-paused:BY, location-resumed:BY, "
        "stood-down:WHO:HOW or sos",
    )
    escalate.add_argument(
        "--events",
        metavar="FILE",
        help="run a check-in session with the events of a JSON Lines file (one event object "
        "a line, in order; before any --event)",
    )
    escalate.add_argument(
        "--timer",
        type=_count,
        metavar="MINUTES",
        help="a session due MINUTES after --started, instead of --due",
    )
    escalate.add_argument(
        "--started",
        help="when the session started (ISO 8601; default: the policy's window before --due)",
    )
    dark = escalate.add_mutually_exclusive_group()
    dark.add_argument(
        "--after-dark",
        dest="after_dark",
        action="store_true",
        default=None,
        help="treat it as after dark (default: from the policy's dark hours)",
    )
    dark.add_argument(
        "--not-after-dark", dest="after_dark", action="store_false", help="treat it as daylight"
    )
    escalate.add_argument("--age", help="the child's age (young-child conditions)")
    escalate.add_argument("--risk", choices=["low", "moderate", "high"], help="the item's risk")
    escalate.add_argument(
        "--vulnerable",
        action="store_true",
        help="the family marks the child as needing the faster path (vulnerable-child conditions)",
    )
    escalate.set_defaults(handler=_escalate)

    graph = commands.add_parser(
        "graph",
        parents=[data_only],
        help="diagrams of the data (Mermaid)",
        description="Print a diagram of the data as Mermaid text: a category's progression, "
        "the responsibilities across the age bands, or an escalation policy's timeline.",
    )
    graph.add_argument("subject", choices=["category", "bands", "escalation"])
    graph.add_argument("id", nargs="?", help="the category or escalation policy id")
    graph.add_argument("--format", choices=["mermaid"], default="mermaid", help="only mermaid")
    graph.set_defaults(handler=_graph)

    from independence._progress_cli import add_progress_parser

    add_progress_parser(commands, data, _count)
    return parser


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {text!r}")
    return int(text)


# ------------------------------------------------------------------------------ commands


def _locale(args: argparse.Namespace) -> str | None:
    """``--locale``, else ``$INDEPENDENCE_LOCALE``, else none (the data's own language)."""
    import os

    chosen: str | None = getattr(args, "locale", None) or os.environ.get("INDEPENDENCE_LOCALE")
    return chosen or None


def _catalog(args: argparse.Namespace) -> Catalog:
    locale = _locale(args)
    try:
        if args.data is None:
            from independence._default import default_catalog

            catalog = default_catalog(locale=locale, region=args.region)
            return catalog.with_overlays(*args.overlay) if args.overlay else catalog
        from independence.loading import load_catalog

        return load_catalog(args.data, overlays=args.overlay, locale=locale, region=args.region)
    except ValueError as error:
        from independence.errors import CatalogError
        from independence.regional import UnknownRegionError

        if isinstance(error, CatalogError):
            raise
        if isinstance(error, UnknownRegionError):
            raise UsageError(f"--region: {error}") from None
        raise UsageError(f"--locale: {error}") from None


def _suggest(args: argparse.Namespace) -> int:
    from independence.age import Age

    try:
        age = Age.parse(args.age)
    except ValueError as error:
        raise UsageError(f"--age: {error}") from None
    catalog = _catalog(args)
    progress = None
    if args.progress is not None:
        from independence._progress_cli import load_for_cli

        progress = load_for_cli(args.progress, catalog)
        if progress is None:
            return EXIT_INVALID_DATA
    found = catalog.suggest(
        age,
        mastered=args.mastered,
        categories=args.category,
        limit=args.limit,
        perspectives=args.perspective,
        progress=progress,
    )
    return _print_suggestions(args, catalog, age, found)


def _print_suggestions(args: argparse.Namespace, catalog: Catalog, age: Any, found: Any) -> int:
    band = catalog.band_for(age)
    if args.json:
        _print_json(
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
            range=say(
                "age:range", start=say.months(band.from_month), end=say.months(band.to_month)
            ),
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
    widths = [max((_width(row[i]) for row in rows), default=0) for i in range(5)]
    for row, s in zip(rows, found, strict=True):
        print(
            "  "
            + "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[5]
        )
        print(" " * (widths[0] + 4) + s.reason)
        for text in s.perspectives:
            print(" " * (widths[0] + 4) + f"[{text.pack}] {text.text}")
    return EXIT_OK


def _width(text: str) -> int:
    """How many columns a terminal gives ``text``: combining marks none, wide characters two."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _show(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
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
        _print_json(record)
        return EXIT_OK
    _print_record(record)
    return EXIT_OK


def _bands(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.json:
        _print_json([band.model_dump(mode="json") for band in catalog.bands])
        return EXIT_OK
    rows = [
        (band.id, band.label, f"review every {band.review_interval_months} months", band.title)
        for band in catalog.bands
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[3]
        )
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from independence.errors import CatalogError
    from independence.loading import load_catalog

    reports: list[tuple[str, Catalog | None, tuple[Problem, ...]]] = []
    for path in args.paths:
        try:
            catalog = load_catalog(path, overlays=args.overlay, locale=_locale(args))
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
        _print_json(
            {
                "valid": not problems,
                "catalogs": [
                    {
                        "path": path,
                        "valid": not found,
                        "counts": _counts(catalog) if catalog is not None else None,
                        "problems": [
                            {
                                "file": p.file,
                                "line": p.line,
                                "column": p.column,
                                "path": p.path,
                                "message": p.message,
                            }
                            for p in found
                        ],
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
                counts = ", ".join(_plural(n, name) for name, n in _counts(loaded).items())
                note = f"; {len(warned)} warning{'s' * (len(warned) != 1)}" if warned else ""
                print(f"{path}: valid: {counts} (data version {loaded.data_version}){note}")
    if problems:
        count = len(problems)
        print(f"independence: {count} problem{'s' * (count != 1)} found", file=sys.stderr)
        return EXIT_INVALID_DATA
    return EXIT_OK


def _warnings(catalog: Catalog | None) -> tuple[Any, ...]:
    """The catalogue's warnings (none when it did not load: its problems come first)."""
    return catalog.warnings if catalog is not None else ()


def _plural(count: int, section: str) -> str:
    """``3 check-in policies``, ``1 check-in policy``."""
    from independence.model._base import KIND_NAMES

    one = {"bands": "band", "sources": "source"}.get(section, KIND_NAMES.get(section, section))
    if count == 1:
        return f"1 {one}"
    many = one[:-1] + "ies" if one.endswith("y") else one + "s"
    return f"{count} {many}"


def _counts(catalog: Catalog) -> dict[str, int]:
    return {
        "bands": len(catalog.bands),
        "categories": len(catalog.categories),
        "responsibilities": len(catalog.responsibilities),
        "check_in_policies": len(catalog.check_in_policies),
        "escalation_policies": len(catalog.escalation_policies),
        "sources": len(catalog.sources),
    }


def _schema(args: argparse.Namespace) -> int:
    from independence.schema import SCHEMA_KINDS, schema_text, write_schemas

    if args.output is not None:
        if args.kind is not None:
            raise UsageError("give a kind or --output DIR, not both")
        for path in write_schemas(args.output):
            print(path)
        return EXIT_OK
    if args.kind is None:
        raise UsageError(f"name a kind ({', '.join(SCHEMA_KINDS)}) or use --output DIR")
    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    import pydantic_core

    catalog = _catalog(args)
    # pydantic's own serialiser: the same bytes as json.dumps(indent=2), several times faster
    sys.stdout.write(pydantic_core.to_json(catalog.to_document(), indent=2).decode() + "\n")
    return EXIT_OK


def _moment(option: str, text: str) -> Any:
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise UsageError(
            f"{option}: {text!r} has no UTC offset; write it like 2026-03-09T08:30+00:00"
        )
    from independence.escalation import EARLIEST, LATEST

    try:
        instant = moment.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        instant = None
    if instant is None or not EARLIEST <= instant < LATEST:
        raise UsageError(
            f"{option}: {text!r} is out of range: give a time from {EARLIEST.year} up to "
            f"(not including) {LATEST.year}"
        )
    return moment


def _escalate(args: argparse.Namespace) -> int:
    from independence.age import Age
    from independence.model import RiskLevel

    age = None
    if args.age is not None:
        try:
            age = Age.parse(args.age)
        except ValueError as error:
            raise UsageError(f"--age: {error}") from None
    if args.event or args.events is not None or args.timer is not None:
        return _session(args, age)
    if args.due is None:
        raise UsageError("--due is required (or --timer with --started, for a session)")
    if args.started is not None:
        raise UsageError("--started is for sessions: add --event, --events or --timer")
    due = _moment("--due", args.due)
    now = _moment("--now", args.now) if args.now is not None else None
    checked = [_moment("--checked-in", text) for text in args.checked_in]
    if checked and now is None:
        raise UsageError("--checked-in needs --now (the moment to report the state at)")
    catalog = _catalog(args)
    plan = catalog.timeline(
        args.policy,
        due,
        after_dark=args.after_dark,
        age=age,
        risk=RiskLevel(args.risk) if args.risk else None,
        vulnerable=args.vulnerable,
    )
    state = catalog.escalation_state(plan, now, check_ins=checked) if now is not None else None
    if args.json:
        _print_json(
            {
                "check_in_policy": plan.check_in_policy,
                "escalation_policy": plan.escalation_policy,
                "due": plan.due.isoformat(),
                "deadline": plan.deadline.isoformat(),
                "opens": plan.opens.isoformat(),
                "conditions": [c.value for c in plan.conditions],
                "delay_percent": plan.delay_percent,
                "skipped": list(plan.skipped),
                "steps": [
                    {
                        "at": step.at.isoformat(),
                        "action": step.action.value,
                        "target": step.target.value,
                        "message": step.message,
                        "step": step.step,
                        "occurrence": step.occurrence,
                        "safety": step.safety,
                    }
                    for step in plan.steps
                ],
                "state": state.model_dump(mode="json") if state is not None else None,
            }
        )
        return EXIT_OK
    conditions = ", ".join(c.value for c in plan.conditions) or "none"
    print(
        f"Check-in {plan.check_in_policy}: due {plan.due.isoformat()}, missed at "
        f"{plan.deadline.isoformat()} (escalation {plan.escalation_policy}, "
        f"conditions: {conditions})"
    )
    rows = [
        (
            step.at.isoformat(),
            f"+{int((step.at - plan.deadline).total_seconds() // 60)} min",
            step.action.value + (f" (again {step.occurrence})" if step.occurrence else ""),
            step.target.value,
        )
        for step in plan.steps
    ]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    for row, step in zip(rows, plan.steps, strict=True):
        cells = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print(f"  {cells}  {step.message}")
    if state is not None:
        print(f"At {state.now.isoformat()}: {_describe_state(state)}")
        for moment in state.not_counted:
            print(
                f"Not counted: the check-in at {moment.isoformat()} is before this check-in's "
                f"window, which opens at {plan.opens.isoformat()}"
            )
    return EXIT_OK


#: An ISO 8601 time as ``--event`` takes it; what follows it after a colon is the ARG.
_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?"


def _event_option(text: str) -> Any:
    """``KIND@TIME[:ARG]`` as an :class:`~independence.session.Event`."""
    import re

    from independence.session import Event, EventKind

    found = re.fullmatch(rf"(?P<kind>[a-z-]+)@(?P<time>{_TIME})(?::(?P<arg>.*))?", text)
    if found is None:
        raise UsageError(
            f"--event: {text!r} is not KIND@TIME[:ARG] (such as arrived@2026-03-09T08:31+00:00)"
        )
    try:
        kind = EventKind(found["kind"])
    except ValueError:
        kinds = ", ".join(k.value for k in EventKind)
        raise UsageError(f"--event: unknown kind {found['kind']!r} (one of {kinds})") from None
    at = _moment("--event", found["time"])
    arg = found["arg"]
    details: dict[str, Any] = {}
    needs = {
        EventKind.TIME_ADDED: "MINUTES",
        EventKind.PLAN_CHANGED: "DUE[:DESTINATION] or DESTINATION",
        EventKind.LOCATION_PAUSED: "BY (child or guardian)",
        EventKind.LOCATION_RESUMED: "BY (child or guardian)",
        EventKind.STOOD_DOWN: "WHO:HOW",
    }
    if kind not in needs:
        if arg is not None:
            raise UsageError(f"--event: {kind.value} takes no ':ARG' ({text!r})")
    elif not arg:
        raise UsageError(f"--event: {kind.value} needs ':{needs[kind]}' ({text!r})")
    elif kind is EventKind.TIME_ADDED:
        if not arg.isdigit():
            raise UsageError(f"--event: time-added needs whole minutes, not {arg!r}")
        details["minutes"] = int(arg)
    elif kind is EventKind.PLAN_CHANGED:
        due = re.fullmatch(rf"(?P<due>{_TIME})(?::(?P<rest>.+))?", arg)
        if due is not None:
            details["due"] = _moment("--event", due["due"])
            if due["rest"]:
                details["destination"] = due["rest"]
        else:
            details["destination"] = arg
    elif kind is EventKind.STOOD_DOWN:
        who, _, how = arg.partition(":")
        if not who or not how:
            raise UsageError(f"--event: stood-down needs ':WHO:HOW', not {arg!r}")
        details.update(by=who, how=how)
    else:
        details["by"] = arg
    try:
        return Event(kind=kind, at=at, **details)
    except ValueError as error:
        raise UsageError(f"--event: {text!r}: {_first_error(error)}") from None


def _first_error(error: ValueError) -> str:
    """The first message of a validation error, without pydantic's framing."""
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(error).splitlines()[0]


def _events_file(path: str) -> list[Any]:
    """The events of a JSON Lines file, in order; a bad line is a usage error naming it."""
    import json

    from independence.session import Event

    events = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise UsageError(f"{path}:{number}: not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise UsageError(f"{path}:{number}: an event is a JSON object, not {record!r}")
            for key in ("at", "due"):
                if isinstance(record.get(key), str):
                    record[key] = _moment(f"{path}:{number}: {key}", record[key])
            try:
                events.append(Event.model_validate(record))
            except ValueError as error:
                raise UsageError(f"{path}:{number}: {_first_error(error)}") from None
    return events


def _session(args: argparse.Namespace, age: Any) -> int:
    from independence.model import RiskLevel
    from independence.session import CheckInSession

    if args.checked_in:
        raise UsageError("--checked-in is for timelines; in a session use --event arrived@TIME")
    if (args.due is None) == (args.timer is None):
        raise UsageError("give --due or --timer (with --started), not both or neither")
    if args.timer is not None and args.started is None:
        raise UsageError("--timer needs --started (when the timer was set)")
    if args.now is None:
        raise UsageError("a session needs --now (the moment to report the state at)")
    due = _moment("--due", args.due) if args.due is not None else None
    started = _moment("--started", args.started) if args.started is not None else None
    now = _moment("--now", args.now)
    events = _events_file(args.events) if args.events is not None else []
    events += [_event_option(text) for text in args.event]
    catalog = _catalog(args)
    session = CheckInSession.from_catalog(
        catalog,
        args.policy,
        due=due,
        timer_minutes=args.timer,
        started=started,
        after_dark=args.after_dark,
        age=age,
        risk=RiskLevel(args.risk) if args.risk else None,
        vulnerable=args.vulnerable,
    )
    for event in events:
        session = session.add(event)
    state = session.state_at(now)
    if args.json:
        _print_json(
            {
                "check_in_policy": session.check_in.id,
                "escalation_policy": session.escalation.id,
                "started": session.started.isoformat(),
                "events": [e.model_dump(mode="json", exclude_none=True) for e in session.events],
                "state": state.model_dump(mode="json"),
            }
        )
        return EXIT_OK
    print(
        f"Session {session.check_in.id}: due {state.due.isoformat()}, missed at "
        f"{state.deadline.isoformat()}, window from {session.started.isoformat()} "
        f"(escalation {session.escalation.id})"
    )
    from datetime import UTC

    lines: list[tuple[Any, int, str]] = []  # (instant, order, text): one log, in time order
    for order, event in enumerate(session.events):
        extra = ", ".join(
            f"{name} {value.isoformat() if hasattr(value, 'isoformat') else value}"
            for name, value in event.model_dump(exclude_none=True).items()
            if name not in ("kind", "at")
        )
        text = f"{event.kind.value}" + (f" ({extra})" if extra else "")
        lines.append((event.at, order, f"  {event.at.isoformat()}  {text}"))
    for step in state.fired:
        text = f"fired: {step.action.value} ({step.target.value}): {step.message}"
        lines.append((step.at, len(lines), f"  {step.at.isoformat()}  {text}"))
    for step in state.held_back:
        text = f"not sent: {step.action.value}"
        lines.append((step.at, len(lines), f"  {step.at.isoformat()}  {text}"))
    for _, _, text in sorted(lines, key=lambda line: (line[0].astimezone(UTC), line[1])):
        print(text)
    print(f"At {state.now.isoformat()}: {_describe_session(state)}")
    if state.wake_at is not None and state.wake_for is not None:
        print(f"Wake up at {state.wake_at.isoformat()} ({state.wake_for.value})")
    else:
        print("Nothing left to wake up for")
    return EXIT_OK


def _describe_session(state: Any) -> str:
    parts = [state.status.value]
    if state.active is not None:
        parts.append(f"active: step {state.active.step} {state.active.action.value}")
    if state.next is not None:
        parts.append(f"next: {state.next.action.value} at {state.next.at.isoformat()}")
    if state.stood_down_by is not None:
        parts.append(f"stood down by {state.stood_down_by} ({state.stood_down_how})")
    if state.arrived_at is not None:
        parts.append(f"arrived {'on time' if state.on_time else 'late'}")
    if state.debrief:
        parts.append(f"then: {state.debrief}")
    return "; ".join(parts)


def _describe_state(state: Any) -> str:
    status = state.status.value
    parts = [status]
    if state.active is not None:
        parts.append(f"active: step {state.active.step} {state.active.action.value}")
    if state.next is not None:
        parts.append(f"next: {state.next.action.value} at {state.next.at.isoformat()}")
    if state.checked_in_at is not None:
        parts.append(f"checked in at {state.checked_in_at.isoformat()}")
    if state.debrief:
        parts.append(f"then: {state.debrief}")
    return "; ".join(parts)


def _graph(args: argparse.Namespace) -> int:
    from independence import graph

    catalog = _catalog(args)
    if args.subject == "bands":
        if args.id is not None:
            raise UsageError("'graph bands' takes no id")
        sys.stdout.write(graph.bands_chart(catalog))
        return EXIT_OK
    if args.id is None:
        raise UsageError(f"'graph {args.subject}' needs an id")
    if args.subject == "category":
        sys.stdout.write(graph.category_flow(catalog, args.id))
    else:
        sys.stdout.write(graph.escalation_timeline(catalog.escalation_policy(args.id)))
    return EXIT_OK


# ------------------------------------------------------------------------------ output


def _print_json(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _print_record(value: dict[str, Any], indent: int = 0) -> None:
    pad = " " * indent
    for key, item in value.items():
        label = key.replace("_", " ")
        if isinstance(item, dict):
            print(f"{pad}{label}:")
            _print_record(item, indent + 2)
        elif isinstance(item, list):
            if not item:
                continue
            print(f"{pad}{label}:")
            for entry in item:
                if isinstance(entry, dict):
                    first, *rest = entry.items()
                    print(f"{pad}  - {first[0].replace('_', ' ')}: {first[1]}")
                    _print_record(dict(rest), indent + 4)
                else:
                    print(f"{pad}  - {entry}")
        else:
            print(f"{pad}{label}: {item}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
