"""One child's progress: where they stand on each support ladder, and since when.

A :class:`Progress` is an immutable record, safe to keep as JSON (``model_dump_json()`` and
``model_validate_json()`` round-trip) and to send over an API. It knows nothing of a catalogue:
:meth:`independence.Catalog.suggest` (``progress=``) and :meth:`independence.Catalog.reviews_due`
read it against one, and :func:`read_progress` checks a stored file against a catalogue's known ids.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationError, field_validator, model_validator

from independence.age import Age, check_due_date
from independence.errors import CatalogError, Problem, UnknownIdError
from independence.loading.guard import read_json
from independence.model.base import Id, Record
from independence.model.responsibility import SupportStage, SupportStageName

__all__ = [
    "EARLIEST_DAY",
    "LATEST_DAY",
    "ItemProgress",
    "Progress",
    "StageChange",
    "read_progress",
    "update_progress",
    "write_progress",
]

#: The version of the progress file format, written into every file.
PROGRESS_FORMAT = 1

#: Most problems reported for one progress file (its unknown ids are not all worth naming).
_MAX_PROBLEMS = 100

#: The days a progress record may name: from 1900 up to (not including) 3000, the range of the
#: rest of the library, so that a review counted from any of them is a real date.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


class _Memo:
    """What is worked out from one record: its items by id.

    It remembers the ``items`` it was made from, so a copy with other items (a
    ``model_copy(update=...)`` shares this object) never uses a stale one. Copies, deep copies
    and any other serialised copy start empty.
    """

    __slots__ = ("by_id",)

    def __init__(self) -> None:
        self.by_id: tuple[tuple[ItemProgress, ...], dict[str, ItemProgress]] | None = None

    def __reduce__(self) -> tuple[type[_Memo], tuple[()]]:
        return (_Memo, ())  # what copy and deepcopy use: a new, empty memo


def _in_range(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(
            f"{day.isoformat()} is out of range: days run from {EARLIEST_DAY.isoformat()} "
            f"to {LATEST_DAY.isoformat()}"
        )
    return day


#: A day in a progress record: from 1900 to 2999 (see :data:`EARLIEST_DAY`).
Day = Annotated[date, AfterValidator(_in_range)]


class StageChange(Record):
    """An earlier rung of one item's ladder, and the day it was reached."""

    stage: SupportStage = Field(description="The rung of the ladder reached that day.")
    on: Day = Field(description="The day this stage was reached.")


class ItemProgress(Record):
    """Where a child stands on one responsibility's ladder.

    ``stage`` is the current rung, reached on ``since``; ``history`` holds the earlier rungs,
    oldest first (moving down a rung is allowed: support can grow again when life changes).
    ``reviewed`` is the last day the grown-ups looked at it again and kept the stage.
    """

    id: Id = Field(description="The responsibility's id.")
    stage: SupportStage = Field(description="The current rung of the support ladder.")
    since: Day = Field(description="The day the current stage was reached.")
    reviewed: Day | None = Field(
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
    birth_date: Day | None = Field(default=None, description="The child's birth date.")
    due_date: Day | None = Field(
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
        _in_range(day)
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


def read_progress(path: str | os.PathLike[str], known: AbstractSet[str] | None = None) -> Progress:
    """Read a progress file (JSON), checked against the ``known`` responsibility ids when they
    are given (``catalog.index.responsibility_ids``).

    The file is read through the guards of :mod:`independence.loading.guard`: a regular file
    of at most 4 MiB, strict UTF-8, JSON nested at most 40 deep, whole numbers of at most 30
    digits. Every problem is a :class:`independence.CatalogError` whose problems read
    ``file: path: message`` (``file:line:column: ...`` for JSON that does not parse): a
    damaged file, a field of the wrong shape, or an id the catalogue does not know (naming
    close matches; at most :data:`~independence.loading.problems.MAX_PROBLEMS` of them). A
    missing file is ``FileNotFoundError``.
    """
    name = os.fspath(path)
    document = read_json(name)
    try:
        progress = Progress.model_validate(document)
    except ValidationError as error:
        raise CatalogError(
            Problem(name, None, None, _dotted(issue["loc"]), issue["msg"])
            for issue in error.errors(include_url=False)[:_MAX_PROBLEMS]
        ) from None
    if known is not None:
        problems = check_progress(progress, known, name)
        if problems:
            raise CatalogError(problems)
    return progress


def check_progress(
    progress: Progress, known: AbstractSet[str], file: str | None = None
) -> list[Problem]:
    """The problems of ``progress`` against the ``known`` responsibility ids (a set, such as
    ``catalog.index.responsibility_ids``): the ids it names that are not known."""
    if not isinstance(known, AbstractSet):
        raise TypeError(
            "known must be a set of responsibility ids (catalog.index.responsibility_ids), "
            f"not {type(known).__name__}"
        )
    found: list[Problem] = []
    unknown = [(n, item.id) for n, item in enumerate(progress.items) if item.id not in known]
    for position, id in unknown[:_MAX_PROBLEMS]:
        message = str(UnknownIdError("responsibility", id, known))
        found.append(Problem(file, None, None, f"items[{position}].id", message))
    if len(unknown) > _MAX_PROBLEMS:
        found.append(
            Problem(
                file,
                None,
                None,
                "items",
                f"{len(unknown) - _MAX_PROBLEMS:,} more unknown ids (not listed: only the "
                f"first {_MAX_PROBLEMS:,} are)",
            )
        )
    return found


def write_progress(progress: Progress, path: str | os.PathLike[str]) -> None:
    """Write ``progress`` to ``path`` as JSON, atomically.

    The text goes to a temporary file beside the file that then replaces it in one step, so a
    reader sees the old file or the new one, never half of one. A symlink is followed: its
    target is updated and the link stays a link. An existing file keeps its permissions; a new
    one is readable and writable by its owner only (``0600``: it holds a child's data). A file
    without write permission is refused (``PermissionError``), never replaced. Every
    ``OSError`` names ``path``, never the temporary file.

    Writing alone does not stop two writers from losing each other's changes: to read, change
    and write a file that others may write too, use :func:`update_progress`.
    """
    name = os.fspath(path)
    target = Path(os.path.realpath(name))  # through a symlink, to the file it names
    text = json.dumps(progress.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        mode = 0o600
    except OSError as error:
        raise _named(error, name) from None
    else:
        if not stat.S_ISREG(existing.st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file: it was left as it is", name)
        if not existing.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
            target, os.W_OK
        ):
            raise PermissionError(errno.EACCES, "the file is read-only: it was left as it is", name)
        mode = stat.S_IMODE(existing.st_mode)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _named(error, name) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _named(error, name) from None
        raise


def _named(error: OSError, name: str) -> OSError:
    """``error`` again, naming the user's file (``name``) rather than a temporary one."""
    return type(error)(error.errno or 0, error.strerror or str(error), name)


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """Hold the lock of the progress file ``path``: ``<file>.lock`` beside the file (through a
    symlink, beside its target), locked whole with ``fcntl.flock`` (``msvcrt.locking`` on
    Windows). The lock file is created once, ``0600``, and left in place: removing it could
    let two writers lock two different files."""
    target = os.path.realpath(path)
    lock_path = target + ".lock"
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:  # named as the user's file: the lock file is ours
        raise _named(error, path) from None
    try:
        _lock(descriptor)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(descriptor: int) -> None:
        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError as error:
                if error.errno != errno.EDEADLK:
                    raise

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def update_progress(
    path: str | os.PathLike[str],
    change: Callable[[Progress], Progress],
    known: AbstractSet[str] | None = None,
) -> Progress:
    """Read the progress file at ``path``, apply ``change`` to it and write the result back,
    holding the file's lock all along; return what was written.

    Writers that all go through this function (the command line's ``progress record`` and
    ``progress child`` do) are serialised, so none loses another's record. A missing file is
    read as an empty :class:`Progress`. The file is read with :func:`read_progress` (checked
    against the ``known`` ids when they are given) and written with :func:`write_progress`; an
    exception from ``change`` leaves the file as it was.
    """
    name = os.fspath(path)
    with _locked(name):
        try:
            current = read_progress(name, known)
        except FileNotFoundError:
            current = Progress()
        updated = change(current)
        write_progress(updated, name)
    return updated


def _dotted(location: tuple[int | str, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
