"""The command line's options: one sub-command a query, each naming its function in
:mod:`independence.cli.commands`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, NoReturn

from independence._version import DATA_VERSION, __version__
from independence.cli.commands import (
    run_bands,
    run_escalate,
    run_export,
    run_graph,
    run_schema,
    run_show,
    run_suggest,
    run_validate,
)
from independence.cli.options import AGE_HELP, add_command, add_selection, count, option_groups
from independence.cli.progress import add_progress_parser
from independence.errors import UsageError

__all__ = ["Parser", "build_parser"]


class Parser(argparse.ArgumentParser):
    """argparse, with a mistake raised as :class:`~independence.errors.UsageError` (exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _Unbuilt:
    """What a command that will not run is built as: every call made on it does nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return lambda *args, **kwargs: self


class _Only:
    """The subparsers, with only ``command``'s parser built in full: every other command gets
    its name and its line of help, so the list of commands, ``--help`` and the message for an
    unknown command read the same as with every parser built."""

    def __init__(self, commands: Any, command: str) -> None:
        self.commands = commands
        self.command = command

    def add_parser(self, name: str, **options: Any) -> Any:
        if name == self.command:
            return self.commands.add_parser(name, **options)
        self.commands.add_parser(name, help=options.get("help"), add_help=False)
        return _Unbuilt()


def build_parser(command: str | None = None) -> Parser:
    """The command line's parser; with ``command`` (the first word that is not an option),
    only that command's options are built (the others cannot be run by these arguments)."""
    parser = Parser(
        prog="independence",
        description="Age-appropriate independence for children: suggestions, responsibilities, "
        "age bands. Guidance, not a screening tool: every child differs.",
    )
    parser.add_argument(
        "--version", action="version", version=f"independence {__version__} (data {DATA_VERSION})"
    )
    commands: Any = parser.add_subparsers(
        title="commands", dest="command", required=True, parser_class=Parser
    )
    if command is not None:
        commands = _Only(commands, command)
    groups = option_groups()

    suggest = add_command(
        commands,
        "suggest",
        run_suggest,
        parents=[groups.query, groups.perspectives],
        help="next steps for a child of a given age",
        description="Next steps for a child of a given age, best first, each with a reason.",
    )
    suggest.add_argument("--age", required=True, help=AGE_HELP)
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
    add_selection(suggest)

    show = add_command(
        commands,
        "show",
        run_show,
        parents=[groups.query, groups.perspectives],
        help="everything about one responsibility",
        description="Everything about one responsibility (or check-in or escalation policy).",
    )
    show.add_argument("id", help="a responsibility, check-in policy or escalation policy id")

    add_command(
        commands,
        "bands",
        run_bands,
        parents=[groups.query],
        help="the age bands",
        description="The age bands, youngest first.",
    )

    validate = add_command(
        commands,
        "validate",
        run_validate,
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

    schema = add_command(
        commands,
        "schema",
        run_schema,
        help="JSON Schemas of the data files, for editors",
        description="Print the JSON Schema (draft-07) of one kind of data file, or write them all.",
    )
    schema.add_argument(
        "kind",
        nargs="?",
        help=_schema_kinds_help(),
    )
    schema.add_argument("--output", metavar="DIR", help="write every schema into DIR")
    schema.add_argument(
        "--json",
        action="store_true",
        help="the same for one kind (a schema is JSON); with --output, the paths as a JSON list",
    )

    export = add_command(
        commands,
        "export",
        run_export,
        parents=[groups.catalogue],
        help="the whole catalogue as one JSON document",
        description="The whole catalogue as one JSON document, for apps not written in Python. "
        "It has the shape of a one-file catalogue, so it loads again as one.",
    )
    export.add_argument("--format", choices=["json"], default="json", help="only json for now")
    export.add_argument("--json", action="store_true", help="the same: the export is always JSON")

    escalate = add_command(
        commands,
        "escalate",
        run_escalate,
        parents=[groups.query],
        help="what happens, and when, if a check-in is missed",
        description="The escalation timeline of a check-in policy for a due time, and, with "
        "--now, where things stand. With --event or --events, a check-in session instead: the "
        "events in order, the state at --now and when to wake up next. Times are ISO 8601 "
        "with a UTC offset, from 1900 up to (not including) 3000. Without --region the steps "
        "say 'your local emergency number'; with --region GB, US or AU they give that "
        "region's numbers, and the debrief its crisis lines.",
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
        metavar="KIND[/BY][#ID]@TIME[:ARG]",
        help="run a check-in session with this event (repeat for more, in order); "
        "KIND is acknowledged, arrived, checked-in, time-added:MINUTES, "
        "plan-changed:DUE[:DESTINATION] or plan-changed:DESTINATION, location-paused, "
        "location-resumed, stood-down:HOW, sos or alert-acknowledged; BY is who it comes from "
        "(child, guardian, trusted-adult or app; the child when left out, where allowed); ID "
        "is the app's event id (a repeat with the same id is taken once)",
    )
    escalate.add_argument(
        "--events",
        metavar="FILE",
        help="run a check-in session with the events of a JSON Lines file (one event object "
        "a line, in order; before any --event)",
    )
    escalate.add_argument(
        "--session-id",
        metavar="ID",
        help="the session's id, the first part of each firing's key (default: generated)",
    )
    escalate.add_argument(
        "--timer",
        type=count,
        metavar="MINUTES",
        help="a session due MINUTES after --started, instead of --due",
    )
    escalate.add_argument(
        "--started",
        help="when the session started: the departure, from which interval messages count "
        "(ISO 8601; default: the policy's window before --due)",
    )
    dark = escalate.add_mutually_exclusive_group()
    dark.add_argument(
        "--after-dark",
        dest="after_dark",
        action="store_true",
        default=None,
        help="treat every step as after dark (default: each step judged as it fires, by the "
        "sun at --lat/--lon or at the zone's reference place, or by the policy's own hours)",
    )
    dark.add_argument(
        "--not-after-dark", dest="after_dark", action="store_false", help="treat it as daylight"
    )
    escalate.add_argument(
        "--age",
        help="the child's age (young-child conditions); a session needs it unless the check-in "
        "policy is for teenagers only",
    )
    escalate.add_argument(
        "--tz",
        metavar="ZONE",
        help="the family's IANA time zone (such as Europe/London): after dark from the sun at "
        "its reference place when no --lat/--lon is given (a UTC offset alone has no place: "
        "the policy's hours are used then)",
    )
    escalate.add_argument(
        "--lat",
        metavar="DEGREES",
        help="the child's latitude (-90 to 90, north positive; with --lon): after dark is "
        "judged from the sun there (default: at the reference place of the due time's zone)",
    )
    escalate.add_argument(
        "--lon",
        metavar="DEGREES",
        help="the child's longitude (-180 to 180, east positive; with --lat)",
    )
    escalate.add_argument("--risk", choices=["low", "moderate", "high"], help="the item's risk")
    escalate.add_argument(
        "--vulnerable",
        action="store_true",
        help="the family marks the child as needing the faster path (vulnerable-child conditions)",
    )

    graph = add_command(
        commands,
        "graph",
        run_graph,
        parents=[groups.catalogue],
        help="diagrams of the data (Mermaid)",
        description="Print a diagram of the data as Mermaid text: a category's progression, "
        "the responsibilities across the age bands, or an escalation policy's timeline.",
    )
    graph.add_argument("subject", choices=["category", "bands", "escalation"])
    graph.add_argument("id", nargs="?", help="the category or escalation policy id")
    graph.add_argument("--format", choices=["mermaid"], default="mermaid", help="only mermaid")
    graph.add_argument(
        "--json",
        action="store_true",
        help='print JSON for programs: {"subject", "id", "format": "mermaid", "diagram"}',
    )

    add_progress_parser(commands, groups)
    return parser


def _schema_kinds_help() -> str:
    """Every kind ``independence schema`` knows, from the registry of sections (so a section
    added there is listed without a change here; a test keeps this equal to SCHEMA_KINDS)."""
    from independence.model.sections import REGISTRY

    files = [e.schema for e in REGISTRY if e.schema is not None and e.path is not None]
    return (
        f"catalog, {', '.join(files)}, overlay, region (a regional pack), catalogue (a whole "
        "catalogue in one file), progress (a child's progress file) or export (what "
        "'independence export' writes)"
    )
