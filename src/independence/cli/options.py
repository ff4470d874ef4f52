"""What the command line's commands share, each declared once: the option groups several of
them take (the catalogue to read, ``--json``, perspective packs, which suggestions to show), the
``count`` type, and the way a command is added with the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from independence.errors import UsageError

if TYPE_CHECKING:
    from independence.age import Age

__all__ = [
    "AGE_HELP",
    "OptionGroups",
    "add_command",
    "add_selection",
    "count",
    "option_groups",
    "parse_age",
]

#: The help of ``--age`` where it is the age to suggest for.
AGE_HELP = "the child's age: 8, 7y6m or 90m"


def count(text: str) -> int:
    """A whole number of 0 or more, as an option's type."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {text!r}")
    return int(text)


def parse_age(text: str) -> Age:
    """The text of ``--age`` as an :class:`~independence.Age`; a usage error names ``--age``."""
    from independence.age import Age

    try:
        return Age.parse(text)
    except ValueError as error:
        raise UsageError(f"--age: {error}") from None


@dataclass(frozen=True, slots=True)
class OptionGroups:
    """The option groups that commands take as ``parents``."""

    catalogue: argparse.ArgumentParser
    """The catalogue to read: ``--data``, ``--overlay``, ``--locale`` and ``--region``."""
    query: argparse.ArgumentParser
    """The catalogue and ``--json``: what every query command takes."""
    perspectives: argparse.ArgumentParser
    """``--perspective``: guidance from perspective packs."""


def option_groups() -> OptionGroups:
    catalogue = argparse.ArgumentParser(add_help=False)
    catalogue.add_argument(
        "--data", metavar="PATH", help="a catalogue file or folder instead of the default data"
    )
    catalogue.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="lay an overlay file over the catalogue (repeat for more, applied in order)",
    )
    catalogue.add_argument(
        "--locale",
        metavar="TAG",
        default=None,
        help="the language of the texts, a BCP 47 tag such as es, es-MX, ar or en-US "
        "(default: $INDEPENDENCE_LOCALE, else the data's own, en-GB)",
    )
    catalogue.add_argument(
        "--region",
        metavar="CODE",
        help="apply a regional pack (GB, US or AU): its laws and ages, and its emergency "
        "number, crisis lines and services for reporting online abuse in escalation steps, "
        "debriefs and the items about getting help; without one, texts say 'your local "
        "emergency number', 'a crisis line' and 'the national reporting service'",
    )
    query = argparse.ArgumentParser(add_help=False, parents=[catalogue])
    query.add_argument("--json", action="store_true", help="print JSON for programs")
    perspectives = argparse.ArgumentParser(add_help=False)
    perspectives.add_argument(
        "--perspective",
        action="append",
        default=None,
        metavar="NAME",
        help="add guidance from a perspective pack (repeat for more)",
    )
    return OptionGroups(catalogue=catalogue, query=query, perspectives=perspectives)


def add_command(
    commands: Any,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
    parents: Sequence[argparse.ArgumentParser] = (),
    **defaults: Any,
) -> argparse.ArgumentParser:
    """Add the command ``name`` to the subparsers ``commands``, run by ``handler``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, parents=list(parents), help=help, description=description
    )
    parser.set_defaults(handler=handler, **defaults)
    return parser


def add_selection(parser: argparse.ArgumentParser) -> None:
    """Which suggestions to show: ``--category`` (repeatable) and ``--limit``."""
    parser.add_argument(
        "--category",
        action="append",
        default=None,
        metavar="C",
        help="only this category (repeat for more)",
    )
    parser.add_argument("--limit", type=count, default=None, metavar="N", help="at most N")
