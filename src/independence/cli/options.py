"""What the command line's commands share, each declared once: the option groups several of
them take (the catalogue to read, ``--json``, perspective packs, which suggestions to show), the
``count`` type, and the way a command is added with the function that runs it."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from independence.age import Age
from independence.errors import UsageError
from independence.messages import ENGLISH, Messages

__all__ = [
    "HelpTexts",
    "OptionGroups",
    "add_command",
    "add_selection",
    "count",
    "option_groups",
    "parse_age",
]

#: What a metavar's punctuation is: what is left of it without its letters and digits.
_WORDS = re.compile(r"\w+")


# The two classes below are named tuples, not dataclasses: as immutable, and made without the
# compiled methods a frozen dataclass gets (a cost of every start of the command line).


class HelpTexts(NamedTuple):
    """The help's texts (``help:``, ``metavar:`` and ``argparse:`` sentences of
    :data:`~independence.messages.MESSAGES`) in one language: English by default."""

    messages: Messages = ENGLISH

    def __call__(self, context: str, /, **values: object) -> str:
        """A help text, as argparse takes it: it formats ``%`` in an option's help, so a ``%``
        of the text is doubled."""
        return self.plain(context, **values).replace("%", "%%")

    def plain(self, context: str, /, **values: object) -> str:
        """A title or a prefix: a text argparse shows as it is."""
        return self.messages(context, **values)

    def description(self, context: str, /) -> str:
        """A command's description: argparse formats one that holds ``%(prog)``, so its
        ``%`` are doubled then."""
        text = self.plain(context)
        return text.replace("%", "%%") if "%(prog)" in text else text

    def metavar(self, name: str) -> str:
        """How the help shows an option's value (``FILE``): a translation is used only if it
        has the English's punctuation (the brackets argparse's usage line reads, no space and
        no ``%``, which argparse formats), and at most 60 characters; else the English."""
        translated = self.plain(f"metavar:{name}")
        if translated == name or not 0 < len(translated) <= 60:
            return name
        same = _WORDS.sub("", translated) == _WORDS.sub("", name)
        return translated if same and _WORDS.search(translated) else name


def count(text: str) -> int:
    """A whole number of 0 or more, as an option's type."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {text!r}")
    return int(text)


def parse_age(text: str) -> Age:
    """The text of ``--age`` as an :class:`~independence.Age`; a usage error names ``--age``."""
    try:
        return Age.parse(text)
    except ValueError as error:
        raise UsageError(f"--age: {error}") from None


class OptionGroups(NamedTuple):
    """The option groups that commands take as ``parents``."""

    catalogue: argparse.ArgumentParser
    """The catalogue to read: ``--data``, ``--overlay``, ``--locale``, ``--region``,
    ``--gender`` and ``--addressee``."""
    query: argparse.ArgumentParser
    """The catalogue and ``--json``: what every query command takes."""
    perspectives: argparse.ArgumentParser
    """``--perspective``: guidance from perspective packs."""
    say: HelpTexts
    """The help's texts, in the language of the help."""


def option_groups(say: HelpTexts) -> OptionGroups:
    """The shared option groups, their help in the language of ``say``."""
    catalogue = argparse.ArgumentParser(add_help=False)
    catalogue.add_argument("--data", metavar=say.metavar("PATH"), help=say("help:catalogue#--data"))
    catalogue.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar=say.metavar("FILE"),
        help=say("help:catalogue#--overlay"),
    )
    catalogue.add_argument(
        "--locale",
        metavar=say.metavar("TAG"),
        default=None,
        help=say("help:catalogue#--locale"),
    )
    catalogue.add_argument(
        "--region",
        metavar=say.metavar("CODE"),
        help=say("help:catalogue#--region"),
    )
    catalogue.add_argument(
        "--gender",
        choices=("feminine", "masculine"),
        default=None,
        help=say("help:catalogue#--gender"),
    )
    catalogue.add_argument(
        "--addressee",
        choices=("feminine", "masculine"),
        default=None,
        help=say("help:catalogue#--addressee"),
    )
    query = argparse.ArgumentParser(add_help=False, parents=[catalogue])
    query.add_argument("--json", action="store_true", help=say("help:query#--json"))
    perspectives = argparse.ArgumentParser(add_help=False)
    perspectives.add_argument(
        "--perspective",
        action="append",
        default=None,
        metavar=say.metavar("NAME"),
        help=say("help:perspectives#--perspective"),
    )
    return OptionGroups(catalogue=catalogue, query=query, perspectives=perspectives, say=say)


def add_command(
    commands: Any,
    name: str,
    handler: str,
    *,
    help: str,
    description: str,
    parents: Sequence[argparse.ArgumentParser] = (),
    **defaults: Any,
) -> argparse.ArgumentParser:
    """Add the command ``name`` to the subparsers ``commands``, run by ``handler``: the full
    dotted name of its function (``independence.cli.queries.run_suggest``), whose module is
    imported only when the command runs (see :func:`independence.cli.run`)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, parents=list(parents), help=help, description=description
    )
    parser.set_defaults(handler=handler, **defaults)
    return parser


def add_selection(parser: argparse.ArgumentParser, say: HelpTexts) -> None:
    """Which suggestions to show: ``--category`` (repeatable) and ``--limit``."""
    parser.add_argument(
        "--category",
        action="append",
        default=None,
        metavar=say.metavar("C"),
        help=say("help:selection#--category"),
    )
    parser.add_argument(
        "--limit",
        type=count,
        default=None,
        metavar=say.metavar("N"),
        help=say("help:selection#--limit"),
    )
