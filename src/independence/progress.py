"""One child's progress: where they stand on each support ladder, and since when.

A :class:`Progress` is an immutable record, safe to keep as JSON (``model_dump_json()`` and
``model_validate_json()`` round-trip) and to send over an API. It knows nothing of a catalogue:
:meth:`independence.Catalog.suggest` (``progress=``) and :meth:`independence.Catalog.reviews_due`
read it against one, and :func:`read_progress` checks a stored file against one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError, field_validator, model_validator

from independence.age import Age, check_due_date
from independence.errors import CatalogError, Problem
from independence.model.base import Id, Record
from independence.model.responsibility import SupportStage, SupportStageName

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["ItemProgress", "Progress", "StageChange", "read_progress", "write_progress"]

#: The version of the progress file format, written into every file.
PROGRESS_FORMAT = 1


class _Memo:
    """What is worked out from one record: its index by id, and its readings by catalogue.

    Each entry remembers the ``items`` it was made from, so a copy with other items (a
    ``model_copy(update=...)`` shares this object) never uses a stale one. Copies, deep copies
    and any other serialised copy start empty.
    """

    __slots__ = ("by_id", "readings")

    def __init__(self) -> None:
        self.by_id: tuple[tuple[ItemProgress, ...], dict[str, ItemProgress]] | None = None
        self.readings: dict[int, Any] = {}

    def __reduce__(self) -> tuple[type[_Memo], tuple[()]]:
        return (_Memo, ())  # what copy and deepcopy use: a new, empty memo


class StageChange(Record):
    """An earlier rung of one item's ladder, and the day it was reached."""

    stage: SupportStage = Field(description="The rung of the ladder reached that day.")
    on: date = Field(description="The day this stage was reached.")


class ItemProgress(Record):
    """Where a child stands on one responsibility's ladder.

    ``stage`` is the current rung, reached on ``since``; ``history`` holds the earlier rungs,
    oldest first (moving down a rung is allowed: support can grow again when life changes).
    ``reviewed`` is the last day the grown-ups looked at it again and kept the stage.
    """

    id: Id = Field(description="The responsibility's id.")
    stage: SupportStage = Field(description="The current rung of the support ladder.")
    since: date = Field(description="The day the current stage was reached.")
    reviewed: date | None = Field(
        default=None,
        description="The last review that kept the stage (recording the same stage again).",
    )
    history: tuple[StageChange, ...] = Field(
        default=(), description="Earlier stages, oldest first."
    )

    @model_validator(mode="after")
    def _in_order(self) -> ItemProgress:
        days = [change.on for change in self.history]
        if days != sorted(days) or (days and days[-1] > self.since):
            raise ValueError("history must run oldest first and end no later than since")
        if self.reviewed is not None and self.reviewed < self.since:
            raise ValueError(
                f"reviewed ({self.reviewed.isoformat()}) is before since ({self.since.isoformat()})"
            )
        return self

    @property
    def last_checked(self) -> date:
        """The day reviews count from: the last review, or the day the stage was reached."""
        return self.reviewed or self.since


class Progress(Record):
    """One child's progress over the catalogue's responsibilities: immutable, JSON-ready.

    ``Progress()`` is empty. :meth:`record` returns a new record with one stage added;
    :meth:`stage` reads the current stage of an item. ``items`` holds one
    :class:`ItemProgress` per recorded responsibility, in id order. ``birth_date`` (and
    ``due_date``, for a child born early) may be kept on it, so the child's age (corrected for
    prematurity until 24 months, see :meth:`Age.from_birthdate`) can be worked out on any day.

    >>> from datetime import date
    >>> p = Progress().record("pack-school-bag", "nearby", on=date(2026, 9, 1))
    >>> p.stage("pack-school-bag")
    <SupportStage.NEARBY: 'nearby'>
    >>> Progress.model_validate_json(p.model_dump_json()) == p
    True
    """

    format: int = Field(
        default=PROGRESS_FORMAT,
        ge=PROGRESS_FORMAT,
        le=PROGRESS_FORMAT,
        strict=True,
        description="The version of the progress file format (1).",
    )
    birth_date: date | None = Field(default=None, description="The child's birth date.")
    due_date: date | None = Field(
        default=None, description="The date the child was due (for a child born early)."
    )
    items: tuple[ItemProgress, ...] = Field(
        default=(), description="One entry per responsibility recorded, in id order."
    )

    @field_validator("items")
    @classmethod
    def _one_entry_per_id(cls, value: tuple[ItemProgress, ...]) -> tuple[ItemProgress, ...]:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise ValueError(f"{item.id!r} is recorded more than once")
            seen.add(item.id)
        return tuple(sorted(value, key=lambda item: item.id))

    @model_validator(mode="after")
    def _dates(self) -> Progress:
        if self.due_date is not None and self.birth_date is None:
            raise ValueError("a due_date needs a birth_date")
        if self.due_date is not None and self.birth_date is not None:
            check_due_date(self.birth_date, self.due_date)
        return self

    @cached_property
    def _memo(self) -> _Memo:
        # kept outside the fields: equality, hashing and serialisation never see it
        return _Memo()

    @property
    def _by_id(self) -> dict[str, ItemProgress]:
        memo = self._memo
        found = memo.by_id
        if found is None or found[0] is not self.items:
            found = memo.by_id = (self.items, {item.id: item for item in self.items})
        return found[1]

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def stage(self, id: str) -> SupportStage | None:
        """The current stage of ``id``, or ``None`` if it was never recorded."""
        found = self._by_id.get(id)
        return None if found is None else found.stage

    def item(self, id: str) -> ItemProgress | None:
        """Everything recorded about ``id`` (stage, since, history), or ``None``."""
        return self._by_id.get(id)

    def record(
        self, id: str, stage: SupportStage | SupportStageName, *, on: date | None = None
    ) -> Progress:
        """A new :class:`Progress` with ``id`` at ``stage`` from the day ``on`` (today).

        A new stage moves the current one into the history (up or down a rung: both are
        fine). Recording the stage the item is already at is a review that keeps it: ``since``
        stays and ``reviewed`` becomes ``on``, which restarts the review clock
        (see :meth:`independence.Catalog.reviews_due`). ``on`` before the day already recorded
        for the item is a ``ValueError``: record changes in the order they happened.
        """
        day = date.today() if on is None else on
        if not isinstance(day, date):
            raise TypeError(f"on must be a datetime.date, not {type(day).__name__}")
        if not isinstance(id, str):
            raise TypeError(f"id must be text, not {id!r}")
        try:
            step = SupportStage(stage)
        except ValueError:
            stages = ", ".join(s.value for s in SupportStage)
            raise ValueError(f"unknown stage {stage!r}: one of {stages}") from None
        current = self._by_id.get(id)
        if current is None:
            entry = ItemProgress(id=id, stage=step, since=day)
        else:
            if day < current.last_checked:
                raise ValueError(
                    f"{id}: {day.isoformat()} is before the last change recorded "
                    f"({current.last_checked.isoformat()}); record changes in order"
                )
            if step is current.stage:
                entry = current.model_copy(update={"reviewed": day})
            else:
                entry = ItemProgress(
                    id=id,
                    stage=step,
                    since=day,
                    history=(*current.history, StageChange(stage=current.stage, on=current.since)),
                )
        items = {**self._by_id, id: entry}
        return self._with(items=tuple(items[key] for key in sorted(items)))

    def forget(self, id: str) -> Progress:
        """A new :class:`Progress` without anything recorded for ``id`` (``KeyError`` if none)."""
        if id not in self._by_id:
            raise KeyError(f"nothing is recorded for {id!r}")
        return self._with(items=tuple(item for item in self.items if item.id != id))

    def with_child(self, birth_date: date | None, due_date: date | None = None) -> Progress:
        """A new :class:`Progress` keeping the child's birth date (and due date)."""
        return Progress(birth_date=birth_date, due_date=due_date, items=self.items)

    def age(self, on: date | None = None) -> Age:
        """The child's age on ``on`` (today), corrected for prematurity until 24 months.

        A ``ValueError`` if no birth date is kept.
        """
        if self.birth_date is None:
            raise ValueError("no birth date is kept on this progress record")
        return Age.from_birthdate(self.birth_date, on=on, due=self.due_date)

    def _with(self, *, items: tuple[ItemProgress, ...]) -> Progress:
        return Progress.model_construct(
            format=self.format, birth_date=self.birth_date, due_date=self.due_date, items=items
        )


# ------------------------------------------------------------------------------ files


def read_progress(path: str | os.PathLike[str], catalog: Catalog | None = None) -> Progress:
    """Read a progress file (JSON), checked against ``catalog`` when one is given.

    Every problem is a :class:`independence.CatalogError` whose problems read
    ``file: path: message`` (``file:line:column: ...`` for JSON that does not parse): a
    damaged file, a field of the wrong shape, or an id the catalogue does not know (naming
    close matches). A missing file is ``FileNotFoundError``.
    """
    name = os.fspath(path)
    raw = _read_bounded(name)
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        if isinstance(error, json.JSONDecodeError):
            raise CatalogError(
                [Problem(name, error.lineno, error.colno, "", f"not valid JSON: {error.msg}")]
            ) from None
        raise CatalogError([Problem(name, None, None, "", "not UTF-8 text")]) from None
    try:
        progress = Progress.model_validate(document)
    except ValidationError as error:
        raise CatalogError(
            Problem(name, None, None, _dotted(issue["loc"]), issue["msg"])
            for issue in error.errors(include_url=False)
        ) from None
    if catalog is not None:
        problems = check_progress(progress, catalog, name)
        if problems:
            raise CatalogError(problems)
    return progress


#: The largest progress file read (16 MiB: a record of every item, with years of history, is
#: a few hundred kilobytes); a larger one is refused before it is parsed.
MAX_PROGRESS_BYTES = 16 * 1024 * 1024


def _read_bounded(name: str) -> bytes:
    """The bytes of the progress file ``name``: a regular file of at most
    :data:`MAX_PROGRESS_BYTES` (a folder, a device or an endless stream is a problem)."""
    import stat

    try:
        # without blocking: opening a named pipe would otherwise wait for a writer
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise CatalogError([Problem(name, None, None, "", "not a regular file")])
            os.set_blocking(descriptor, True)
            raw = stream.read(MAX_PROGRESS_BYTES + 1)
    except IsADirectoryError:
        raise CatalogError(
            [Problem(name, None, None, "", "a folder, not a progress file")]
        ) from None
    except PermissionError as error:
        raise CatalogError(
            [Problem(name, None, None, "", f"cannot read it: {error.strerror}")]
        ) from None
    if len(raw) > MAX_PROGRESS_BYTES:
        raise CatalogError(
            [Problem(name, None, None, "", f"larger than {MAX_PROGRESS_BYTES // 2**20} MiB")]
        )
    return raw


def check_progress(progress: Progress, catalog: Catalog, file: str | None = None) -> list[Problem]:
    """The problems of ``progress`` against ``catalog``: ids the catalogue does not know."""
    from independence.errors import UnknownIdError

    found = []
    known = {item.id for item in catalog.responsibilities}
    for position, item in enumerate(progress.items):
        if item.id not in known:
            message = str(UnknownIdError("responsibility", item.id, known))
            found.append(Problem(file, None, None, f"items[{position}].id", message))
    return found


def write_progress(progress: Progress, path: str | os.PathLike[str]) -> None:
    """Write ``progress`` to ``path`` as JSON, atomically.

    The text goes to a temporary file beside ``path`` that then replaces it in one step, so a
    reader sees the old file or the new one, never half of one.
    """
    target = Path(os.fspath(path))
    text = json.dumps(progress.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _dotted(location: tuple[int | str, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
