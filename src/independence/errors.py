"""Every error type of the package, the problems they carry, and how both word a name or a path.

:class:`CatalogError` is the one error for data problems; :class:`UnknownIdError` is the
``KeyError`` a lookup raises for an id the catalogue does not hold; :class:`UsageError` is a
mistake in how the command line was called. This module sits at the
bottom of the package: it imports nothing from it.
"""

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "CatalogError",
    "DataProblems",
    "InputError",
    "KeyPath",
    "Placed",
    "Problem",
    "UnknownIdError",
    "UnknownRegionError",
    "UsageError",
    "did_you_mean",
    "format_path",
    "one_line",
]

#: A path inside a document: keys and list indexes, such as ``("responsibilities", 3, "title")``.
KeyPath = tuple[str | int, ...]


class Placed(BaseModel):
    """Something said about the data, and where: the fields of a problem and of a warning.

    A frozen record that reads back from its own JSON. Built by position,
    Problem(file, line, column, path, message), or by name.
    """

    # the schema is built on the first problem, not on import: the command line's clean
    # path never builds a validator (nor loads pydantic's plugins)
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)

    file: str | None = Field(
        description="The file as given to the loader; null for data built in a program."
    )
    line: int | None = Field(description="The line, counting from 1; null when unknown.")
    column: int | None = Field(description="The column, counting from 1; null when unknown.")
    path: str = Field(
        description="The dotted path inside the document, such as 'responsibilities[3].title'; "
        "empty for the document as a whole."
    )
    message: str = Field(description="What is wrong and, where it can, what to write instead.")

    def __init__(
        self,
        file: str | None,
        line: int | None,
        column: int | None,
        path: str,
        message: str,
    ) -> None:
        super().__init__(file=file, line=line, column=column, path=path, message=message)

    def where(self) -> str:
        """``file:line:column`` (``<data>`` for data built in Python; unknown parts left out)."""
        return ":".join(
            str(part)
            for part in (self.file or "<data>", self.line, self.column)
            if part is not None
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.path, self.message)

    def as_dict(self) -> dict[str, str | int | None]:
        """The fields as a dictionary, for JSON: the same as ``model_dump()``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class Problem(Placed):
    """One thing wrong with the data, and where.

    'file' is the path as given to the loader (null for data built in a program), 'line' and
    'column' count from 1 (null when unknown), 'path' is the dotted path inside the document
    ('responsibilities[3].title') and 'message' says what is wrong and, where it can, what to
    write instead.
    """

    def __init__(
        self,
        file: str | None,
        line: int | None,
        column: int | None,
        path: str,
        message: str,
    ) -> None:
        super().__init__(file, line, column, path, message)

    def __str__(self) -> str:
        return f"{self.where()}: {self.path or '<document>'}: {self.message}"


class CatalogError(ValueError):
    """Everything found wrong with a data set, all at once.

    ``problems`` holds every :class:`Problem`, sorted by file, line and column; ``str()`` shows
    one ``file:line:column: path: message`` line per problem.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        ordered = tuple(sorted(set(problems), key=Problem.sort_key))
        if not ordered:
            raise ValueError("a CatalogError needs at least one problem")
        self.problems = ordered
        super().__init__("\n".join(str(problem) for problem in ordered))

    def __reduce__(self) -> "tuple[type[CatalogError], tuple[tuple[Problem, ...]]]":
        return (type(self), (self.problems,))


class InputError(CatalogError):
    """A file given to the library as input (a progress file, an event log, a translation
    catalogue) that cannot be read safely: not a regular file, too large, not UTF-8, nested too
    deeply, a number too long. A :class:`CatalogError` whose problems name the file (and the
    line where there is one); the command line reports it with exit status 1."""


class UnknownRegionError(ValueError):
    """A region code that the data folder does not ship (the message lists those it does)."""


class DataProblems(Exception):
    """The positioned problems of one data file, one line each (the pytest plugin's failure)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class UsageError(Exception):
    """A mistake in how the command line was called: exit 2 with a one-line message."""


class UnknownIdError(KeyError):
    """An id that the catalogue does not hold; the message names the closest ids it does."""

    def __init__(
        self, kind: str, wanted: str, known: Iterable[str], available: str | None = None
    ) -> None:
        self.kind = kind
        self.wanted = wanted
        tail = f"; available: {available}" if available is not None else ""
        super().__init__(f"unknown {kind} {wanted!r}{did_you_mean(wanted, known)}{tail}")

    def __str__(self) -> str:
        return str(self.args[0])


def format_path(path: KeyPath) -> str:
    """``("responsibilities", 3, "title")`` as ``responsibilities[3].title``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


#: Most names a "did you mean" compares with: in a larger set only names that share the first
#: letter and are about as long are compared, at most this many, so one lookup stays cheap
#: however many ids a catalogue has.
_MAX_CANDIDATES = 500


def did_you_mean(name: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing.

    The closest by spelling; failing that, those that start with ``name`` (a cut-off id such as
    ``pay-at-til``). Bounded: at most :data:`_MAX_CANDIDATES` names are compared (see there).
    """
    if not isinstance(name, str):
        return ""
    if len(choices) > _MAX_CANDIDATES:
        first, size = name[:1], len(name)
        choices = [
            choice
            for choice in choices
            if isinstance(choice, str)
            and choice[:1] == first
            and (abs(len(choice) - size) <= 3 or choice.startswith(name))
        ][:_MAX_CANDIDATES]
    import difflib  # noqa: PLC0415 - only a problem needs it: kept off the cold start

    ordered = sorted(choice for choice in choices if isinstance(choice, str))
    close = difflib.get_close_matches(name, ordered, n=3, cutoff=0.6)
    if not close and len(name) >= 3:
        close = [choice for choice in ordered if choice.startswith(name)][:3]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(item) for item in close) + "?)"


def one_line(error: ValueError) -> str:
    """A refusal in one line: for a pydantic ``ValidationError``, its first problem as
    ``field: message`` in plain words (no input dump, no link); for another ``ValueError``,
    its first line."""
    if not isinstance(error, ValidationError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    bounds = re.fullmatch(r"Input should be (less|greater) than or equal to (\S+)", message)
    if bounds is not None:
        message = f"must be at {'most' if bounds[1] == 'less' else 'least'} {bounds[2]}"
    return f"{where}: {message}" if where else message
