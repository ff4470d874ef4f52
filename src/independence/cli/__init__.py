"""The ``independence`` command line: the library's queries for people and scripts.

Exit status: 0 on success, 1 when the data is invalid, 2 on a usage mistake (a bad option, an
unknown id, a missing file), 3 when the output cannot be written (standard output closed or
full). Results go to stdout; messages go to stderr as one line. Anything else is a bug in
independence: its traceback goes to stderr with a request to report it, and the status is 70.

The package: :mod:`~independence.cli.parser` (options), :mod:`~independence.cli.options` (the
options several commands share, and how a command is added), one module a group of commands,
each importing what its commands need and imported only when one of them runs
(:mod:`~independence.cli.queries`: ``suggest``, ``show``, ``bands``;
:mod:`~independence.cli.validate`: ``validate``, ``schema``; :mod:`~independence.cli.export`:
``export``, ``graph``; :mod:`~independence.cli.escalate`; :mod:`~independence.cli.progress`:
the ``progress`` commands),
:mod:`~independence.cli.render` (tables and JSON), :mod:`~independence.cli.context` (the
catalogue the options ask for) and :mod:`~independence.cli.status` (exit statuses).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from independence.cli.parser import (
    asks_for_help,
    build_parser,
    command_of,
    help_locale,
    help_texts,
)
from independence.cli.status import (
    EXIT_BUG,
    EXIT_INVALID_DATA,
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    to_stderr,
)
from independence.errors import CatalogError, InputError, UnknownIdError, UsageError

if TYPE_CHECKING:
    from independence.messages import Messages

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit status."""
    if sys.stdout is None:  # started with its standard output closed: nothing could be shown
        return _fail(EXIT_IO, "standard output is closed: nothing can be written")
    words = sys.argv[1:] if argv is None else list(argv)
    # only the parser of the command that runs; its help in the language asked for, whose
    # translations are read only when help is asked for in a language other than English
    say = help_texts(help_locale(words)) if asks_for_help(words) else None
    parser = build_parser(command_of(words), say=say)
    try:
        try:
            args = parser.parse_args(words)
        except SystemExit:  # --help or --version has been printed: output like any other,
            sys.stdout.flush()  # so a full disk is exit 3 here, not Python's own 120 at exit
            raise
        status = run(args.handler, args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after we have left
        return status
    except UsageError as error:
        return _fail(EXIT_USAGE, str(error), words)
    except UnknownIdError as error:  # with close matches in the message
        return _fail(EXIT_USAGE, str(error), words)
    except InputError as error:  # a file given as input (progress, events, translations)
        count = len(error.problems)
        said = _messages(words) if count > 1 else None
        if said is not None:
            more = said.plural("cli:more-problems", count - 1)
        else:
            more = f" (and {count - 1} more problem{'s' * (count != 2)})" if count > 1 else ""
        return _fail(EXIT_INVALID_DATA, f"{error.problems[0]}{more}", words, as_is=True)
    except CatalogError as error:
        count = len(error.problems)
        first = error.problems[0]
        said = _messages(words)
        if said is not None:  # the problem itself as it is: a place, and the data quoted
            message = said.plural("cli:invalid-data", count, first=str(first))
        else:
            message = (
                f"invalid data ({count} problem{'s' * (count != 1)}); first: {first}; "
                "run 'independence validate' on the data to see them all"
            )
        return _fail(EXIT_INVALID_DATA, message, words, as_is=True)
    except BrokenPipeError:  # the reader went away (``| head``): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except FileNotFoundError as error:  # a path given on the command line that is not there
        return _fail(EXIT_USAGE, str(error) if not error.filename else _os_message(error), words)
    except OSError as error:  # writing the output failed (a full disk, a closed stream)
        status = _fail(EXIT_IO, f"cannot write the output: {_os_message(error)}", words)
        _silence_stdout()
        return status
    except Exception:  # a bug of ours: show it as one, not as a mistake of the caller's
        import traceback  # noqa: PLC0415 - start-up time: only a bug of ours needs it

        if sys.stderr is not None:  # never onto stdout
            traceback.print_exc()
        return _fail(
            EXIT_BUG,
            "this is a bug in independence, not a mistake of yours: please report it, with "
            "the command you ran and the traceback above",
        )


def run(handler: str, args: argparse.Namespace) -> int:
    """Run the command whose function is named ``handler`` (a full dotted name, given by the
    parser) with ``args``; return its exit status."""
    module, _, name = handler.rpartition(".")
    # the one place a command's module is imported, when it runs: start-up time (each command's
    # own imports, the engine, the YAML reader, the schemas, stay off every other's cold start)
    function: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return function(args)


def _os_message(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")


def _silence_stdout() -> None:
    """Drop what is still buffered for a standard output that cannot take it, so that Python's
    own flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError):  # nothing more can be done
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _messages(words: Sequence[str]) -> Messages | None:
    """The sentences of the language ``words`` ask for (``--locale``, else
    ``$INDEPENDENCE_LOCALE``, as for the help); ``None`` for English, and for a language that
    has no translation (never an error: the mistake is still said)."""
    texts = help_texts(help_locale(words))
    return None if texts is None else texts.messages


def _fail(
    status: int, message: str, words: Sequence[str] | None = None, *, as_is: bool = False
) -> int:
    """Say ``message`` on stderr, or nowhere: never on stdout, which holds results. With the
    ``words`` of the command line, in the language they ask for (see
    :mod:`independence.cli.mistakes`); English as it is. A message already in that language
    (a data problem, which is shown as it is) is only given the prefix (``as_is``)."""
    line = f"independence: error: {message}"
    if words is not None:
        try:
            say = _messages(words)
            if say is not None:
                # start-up time: only a mistake said in another language needs it
                from independence.cli.mistakes import localise  # noqa: PLC0415

                said = message if as_is else localise(message, say)
                line = say("cli:error", message=said)
        except Exception:  # a mistake is always said: in English if it cannot be translated
            line = f"independence: error: {message}"
    to_stderr(line)
    return status
