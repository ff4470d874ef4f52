"""The one error type for data problems, and the problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CatalogError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, and where.

    ``file`` is the path as given to the loader (``None`` for data built in Python), ``line`` and
    ``column`` count from 1 (``None`` when unknown), ``path`` is the dotted path inside the
    document (``responsibilities[3].title``) and ``message`` says what is wrong and, where it
    can, what to write instead.
    """

    file: str | None
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        place = ":".join(
            str(part)
            for part in (self.file or "<data>", self.line, self.column)
            if part is not None
        )
        return f"{place}: {self.path or '<document>'}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.path, self.message)


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

    def __reduce__(self) -> tuple[type[CatalogError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))
