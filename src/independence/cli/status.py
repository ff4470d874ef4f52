"""The command line's exit statuses."""

from __future__ import annotations

import sys

__all__ = ["EXIT_BUG", "EXIT_INVALID_DATA", "EXIT_IO", "EXIT_OK", "EXIT_USAGE", "to_stderr"]

EXIT_OK = 0
#: The data is invalid (a :class:`~independence.CatalogError`).
EXIT_INVALID_DATA = 1
#: A mistake in how the command was called: a bad option, an unknown id, a missing file.
EXIT_USAGE = 2
#: The output could not be written: standard output closed or full (an I/O failure, not usage).
EXIT_IO = 3
#: A bug in independence itself (``EX_SOFTWARE`` of sysexits.h): a traceback and a request to
#: report it, never a misleading "usage" message.
EXIT_BUG = 70


def to_stderr(line: str) -> None:
    """Write ``line`` to stderr, or nowhere: never to stdout, which holds the results.

    With stderr closed at start, ``sys.stderr`` is ``None`` and ``print(file=None)`` would
    write to stdout; a stderr that fails (full, closed since) is given up on quietly.
    """
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
