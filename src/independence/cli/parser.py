"""The command line's options: one sub-command a query, each naming the function that runs it
by its full dotted name (in :mod:`~independence.cli.queries`, :mod:`~independence.cli.validate`,
:mod:`~independence.cli.export`, :mod:`~independence.cli.escalate` or
:mod:`~independence.cli.progress`), so that its module is imported only when it runs (by
:func:`independence.cli.run`).

Every help text is a sentence of :data:`independence.messages.MESSAGES` (``help:``,
``metavar:`` and argparse's own words as ``argparse:``), so the help is shown in the language
asked for (see :func:`help_locale`) and translated in ``messages.po`` like the rest.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Final, NoReturn, cast

from independence._version import DATA_VERSION, __version__
from independence.build import default_messages
from independence.cli.options import (
    HelpTexts,
    OptionGroups,
    add_command,
    add_selection,
    count,
    option_groups,
)
from independence.errors import InputError, UsageError
from independence.messages import isolate
from independence.model.sections import REGISTRY

__all__ = ["Parser", "asks_for_help", "build_parser", "command_of", "help_locale", "help_texts"]


class Parser(argparse.ArgumentParser):
    """argparse, with a mistake raised as :class:`~independence.errors.UsageError` (exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _LocalisedParser(Parser):
    """A :class:`Parser` whose own words (``usage:``, ``options``, ``-h``'s help) are in the
    language of :attr:`say`: given to each parser's formatter, never installed as a global
    gettext."""

    say: ClassVar[HelpTexts]

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _formatter(self.say))
        super().__init__(*args, **options)


#: The spaces argparse folds into one before it wraps a text (ASCII only: a no-break space
#: stays).
_SPACES: Final = re.compile(r"[ \t\n\r\f\v]+")


def _formatter(say: HelpTexts) -> type[argparse.HelpFormatter]:
    """argparse's formatter, with its own words in the language of ``say``: the usage's
    prefix, the titles of its sections and the help of ``-h``."""
    prefix = say.plain("argparse:usage")
    titles = {
        "positional arguments": say.plain("argparse:positional-arguments"),
        "options": say.plain("argparse:options"),
    }
    helps = {"show this help message and exit": say("argparse:help")}

    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self, usage: str | None, actions: Any, groups: Any, prefix_: str | None = None
        ) -> None:
            super().add_usage(usage, actions, groups, prefix if prefix_ is None else prefix_)

        def start_section(self, heading: str | None) -> None:
            super().start_section(titles.get(heading, heading) if heading else heading)

        # a line breaks at spaces only: never inside a value such as plan-changed:DUE, nor
        # inside a right-to-left text's isolate (which holds no-break spaces only)
        def _split_lines(self, text: str, width: int) -> list[str]:
            text = _SPACES.sub(" ", text).strip()
            return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            text = _SPACES.sub(" ", text).strip()
            return textwrap.fill(
                text,
                width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )

        def add_argument(self, action: argparse.Action) -> None:
            if action.help in helps:  # argparse's own -h: a copy, with the help translated
                action = copy.copy(action)
                action.help = helps[str(action.help)]
            super().add_argument(action)

    return Formatter


#: The options whose value is the language: ``--locale`` and what argparse takes for it.
_LOCALE_OPTIONS = ("--loc", "--loca", "--local", "--locale")


def command_of(words: Sequence[str]) -> str | None:
    """The command ``words`` run: the first that is not an option (nor the value of the
    command line's own ``--locale``; ``--help`` and ``--version`` take none)."""
    after_locale = False
    for word in words:
        if after_locale:
            after_locale = False
        elif word in _LOCALE_OPTIONS:
            after_locale = True
        elif not word.startswith("-"):
            return word
    return None


def asks_for_help(words: Sequence[str]) -> bool:
    """Whether ``words`` ask for help (``-h`` or ``--help``, as argparse reads them)."""
    for word in words:
        if word == "--":
            return False
        if word == "-h" or (len(word) > 2 and "--help".startswith(word)):
            return True
    return False


def help_locale(words: Sequence[str]) -> str | None:
    """The language the help of ``words`` is asked in, known before parsing: ``--locale``
    anywhere in them (``--locale es`` or ``--locale=es``), else ``$INDEPENDENCE_LOCALE``."""
    for index, word in enumerate(words):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if name in _LOCALE_OPTIONS:
            if equals:
                return value or None
            if index + 1 < len(words):
                return words[index + 1] or None
    return os.environ.get("INDEPENDENCE_LOCALE") or None


def help_texts(locale: str | None) -> HelpTexts | None:
    """The help's texts in ``locale`` (negotiated as the data commands do: ``es-MX`` is
    ``es``), from the package's compiled translations; English for ``None``, for a locale
    with no translation and for a catalogue that cannot be read (never an error: the help
    is always shown), given as ``None``: the parser as it always was."""
    if locale is None:
        return None
    try:
        messages = default_messages(locale)
        return None if messages is None else HelpTexts(messages)
    except (InputError, OSError, ValueError, TypeError):
        return None


class _ProgressFile(argparse.Action):
    """``suggest --progress FILE``: the suggestions are then run by the progress commands'
    module (:func:`independence.cli.progress.run_suggest`, which reads the file), so that an
    age-only ``suggest`` never imports the progress files' code."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.handler = "independence.cli.progress.run_suggest"


class _Unbuilt:
    """What a command that will not run is built as: every call made on it does nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return lambda *args, **kwargs: self


class _Only:
    """The subparsers, with only ``command``'s parser built in full: every other command gets
    its name and its line of help, so the list of commands, ``--help`` and the message for an
    unknown command read the same as with every parser built. The others are not parsers at
    all (argparse keeps them only to run them, and they cannot run): :meth:`make`, given to
    argparse as the parser class, builds a parser for ``command`` alone."""

    def __init__(self, parser_class: type[Parser], command: str) -> None:
        self.parser_class = parser_class
        self.command = command
        self.commands: Any = None
        self.building = False

    def make(self, **options: Any) -> Any:
        return self.parser_class(**options) if self.building else _Unbuilt()

    def add_parser(self, name: str, **options: Any) -> Any:
        self.building = name == self.command
        if self.building:
            return self.commands.add_parser(name, **options)
        self.commands.add_parser(name, help=options.get("help"))
        return _Unbuilt()


def build_parser(command: str | None = None, *, say: HelpTexts | None = None) -> Parser:
    """The command line's parser; with ``command`` (the first word that is not an option),
    only that command's options are built (the others cannot be run by these arguments).
    Its help is in the language of ``say`` (English by default: see :func:`help_texts`)."""
    parser_class: type[Parser] = Parser
    if say is None:
        say = HelpTexts()
    else:
        parser_class = type("Parser", (_LocalisedParser,), {"say": say})
    parser = parser_class(
        prog="independence", description=say.description("help:independence#description")
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"independence {__version__} (data {DATA_VERSION})",
        help=say("argparse:version"),
    )
    parser.add_argument(
        "--locale",
        dest="top_locale",
        metavar=say.metavar("TAG"),
        default=None,
        help=say("help:independence#--locale"),
    )
    only = None if command is None else _Only(parser_class, command)
    commands: Any = parser.add_subparsers(
        title=say.plain("help:independence#commands"),
        dest="command",
        required=True,
        # argparse only calls its parser class: _Only.make builds the one parser that runs
        parser_class=parser_class if only is None else cast("type[Parser]", only.make),
    )
    if only is not None:
        only.commands, commands = commands, only
    groups = option_groups(say)
    suggest = add_command(
        commands,
        "suggest",
        "independence.cli.queries.run_suggest",
        parents=[groups.query, groups.perspectives],
        help=say("help:suggest#help"),
        description=say.description("help:suggest#description"),
    )
    suggest.add_argument("--age", required=True, metavar=say.metavar("AGE"), help=say("help:age"))
    known = suggest.add_mutually_exclusive_group()
    known.add_argument(
        "--mastered",
        nargs="+",
        default=None,
        metavar=say.metavar("ID"),
        help=say("help:suggest#--mastered"),
    )
    known.add_argument(
        "--progress",
        action=_ProgressFile,
        metavar=say.metavar("FILE"),
        help=say("help:suggest#--progress"),
    )
    add_selection(suggest, say)

    show = add_command(
        commands,
        "show",
        "independence.cli.queries.run_show",
        parents=[groups.query, groups.perspectives],
        help=say("help:show#help"),
        description=say.description("help:show#description"),
    )
    show.add_argument("id", metavar=say.metavar("id"), help=say("help:show#id"))

    add_command(
        commands,
        "bands",
        "independence.cli.queries.run_bands",
        parents=[groups.query],
        help=say("help:bands#help"),
        description=say.description("help:bands#description"),
    )

    validate = add_command(
        commands,
        "validate",
        "independence.cli.validate.run_validate",
        help=say("help:validate#help"),
        description=say.description("help:validate#description"),
    )
    validate.add_argument(
        "paths", nargs="+", metavar=say.metavar("PATH"), help=say("help:validate#paths")
    )
    validate.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar=say.metavar("FILE"),
        help=say("help:validate#--overlay"),
    )
    validate.add_argument("--json", action="store_true", help=say("help:validate#--json"))
    validate.add_argument(
        "--locale",
        metavar=say.metavar("TAG"),
        default=None,
        help=say("help:validate#--locale"),
    )

    schema = add_command(
        commands,
        "schema",
        "independence.cli.validate.run_schema",
        help=say("help:schema#help"),
        description=say.description("help:schema#description"),
    )
    schema.add_argument(
        "kind",
        nargs="?",
        metavar=say.metavar("kind"),
        help=_schema_kinds_help(say),
    )
    schema.add_argument("--output", metavar=say.metavar("DIR"), help=say("help:schema#--output"))
    schema.add_argument("--json", action="store_true", help=say("help:schema#--json"))

    export = add_command(
        commands,
        "export",
        "independence.cli.export.run_export",
        parents=[groups.catalogue],
        help=say("help:export#help"),
        description=say.description("help:export#description"),
    )
    export.add_argument(
        "--format", choices=["json"], default="json", help=say("help:export#--format")
    )
    export.add_argument("--json", action="store_true", help=say("help:export#--json"))

    escalate = add_command(
        commands,
        "escalate",
        "independence.cli.escalate.run_escalate",
        parents=[groups.query],
        help=say("help:escalate#help"),
        description=say.description("help:escalate#description"),
    )
    escalate.add_argument(
        "policy", metavar=say.metavar("CHECKIN_POLICY_ID"), help=say("help:escalate#policy")
    )
    escalate.add_argument("--due", metavar=say.metavar("DUE"), help=say("help:escalate#--due"))
    escalate.add_argument("--now", metavar=say.metavar("NOW"), help=say("help:escalate#--now"))
    escalate.add_argument(
        "--checked-in",
        nargs="+",
        default=[],
        metavar=say.metavar("ISO"),
        help=say("help:escalate#--checked-in"),
    )
    escalate.add_argument(
        "--event",
        action="append",
        default=[],
        metavar=say.metavar("KIND[/BY][#ID]@TIME[:ARG]"),
        help=say("help:escalate#--event"),
    )
    escalate.add_argument(
        "--events", metavar=say.metavar("FILE"), help=say("help:escalate#--events")
    )
    escalate.add_argument(
        "--session-id", metavar=say.metavar("ID"), help=say("help:escalate#--session-id")
    )
    escalate.add_argument(
        "--timer",
        type=count,
        metavar=say.metavar("MINUTES"),
        help=say("help:escalate#--timer"),
    )
    escalate.add_argument(
        "--started", metavar=say.metavar("STARTED"), help=say("help:escalate#--started")
    )
    dark = escalate.add_mutually_exclusive_group()
    dark.add_argument(
        "--after-dark",
        dest="after_dark",
        action="store_true",
        default=None,
        help=say("help:escalate#--after-dark"),
    )
    dark.add_argument(
        "--not-after-dark",
        dest="after_dark",
        action="store_false",
        help=say("help:escalate#--not-after-dark"),
    )
    escalate.add_argument("--age", metavar=say.metavar("AGE"), help=say("help:escalate#--age"))
    escalate.add_argument("--tz", metavar=say.metavar("ZONE"), help=say("help:escalate#--tz"))
    escalate.add_argument("--lat", metavar=say.metavar("DEGREES"), help=say("help:escalate#--lat"))
    escalate.add_argument("--lon", metavar=say.metavar("DEGREES"), help=say("help:escalate#--lon"))
    escalate.add_argument(
        "--risk", choices=["low", "moderate", "high"], help=say("help:escalate#--risk")
    )
    escalate.add_argument(
        "--vulnerable", action="store_true", help=say("help:escalate#--vulnerable")
    )

    graph = add_command(
        commands,
        "graph",
        "independence.cli.export.run_graph",
        parents=[groups.catalogue],
        help=say("help:graph#help"),
        description=say.description("help:graph#description"),
    )
    graph.add_argument("subject", choices=["category", "bands", "escalation"])
    graph.add_argument("id", nargs="?", metavar=say.metavar("id"), help=say("help:graph#id"))
    graph.add_argument(
        "--format", choices=["mermaid"], default="mermaid", help=say("help:graph#--format")
    )
    graph.add_argument("--json", action="store_true", help=say("help:graph#--json"))

    add_progress_parser(commands, groups)
    return parser


def _schema_kinds_help(say: HelpTexts) -> str:
    """Every kind ``independence schema`` knows, from the registry of sections (so a section
    added there is listed without a change here; a test keeps this equal to SCHEMA_KINDS)."""
    files = [e.schema for e in REGISTRY if e.schema is not None and e.path is not None]
    if say.messages.right_to_left:  # each its own isolate, so a line may break between them
        files = [isolate(file) for file in files]
    return say("help:schema#kind", files=say.plain("titles:list-separator").join(files))


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

    def add_action(name: str, handler: str, **options: Any) -> argparse.ArgumentParser:
        """An action on a progress file: the catalogue's options, then ``FILE``."""
        action = add_command(actions, name, handler, parents=[groups.query], **options)
        action.add_argument("file", metavar=say.metavar("FILE"), help=say("help:progress#file"))
        return action

    record = add_action(
        "record",
        "independence.cli.progress.run_record",
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
        "independence.cli.progress.run_child",
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
        "independence.cli.progress.run_show",
        help=say("help:progress show#help"),
        description=say.description("help:progress show#description"),
    )

    upcoming = add_action(
        "next",
        "independence.cli.progress.run_next",
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
        "independence.cli.progress.run_reviews",
        help=say("help:progress reviews#help"),
        description=say.description("help:progress reviews#description"),
    )
    reviews.add_argument(
        "--on", metavar=say.metavar("DATE"), help=say("help:progress reviews#--on")
    )
