"""One guarded way in for every file the library reads.

:func:`read_data_file` reads the bytes of every file: the YAML data (through
:mod:`independence.loading.reader`, which adds its own caps on depth, values and digits), the
packaged snapshot, progress files (JSON), event logs (JSON Lines) and translation catalogues
(``.po`` and ``.mo``). The guards:

- only regular files (symlinks followed), checked before a byte is read, so a FIFO never
  hangs and ``/dev/zero`` never fills memory;
- a byte cap (:data:`MAX_INPUT_BYTES` for progress files and event logs, the YAML reader's
  :data:`~independence.loading.reader.MAX_BYTES` for translation catalogues), never more than
  the cap plus one byte read;
- strict UTF-8 (a byte order mark is allowed), a bad byte reported at its line and column;
- for JSON: nesting at most :data:`MAX_JSON_DEPTH` deep, whole numbers of at most
  :data:`MAX_DIGITS` digits, at most :data:`MAX_JSON_VALUES` values, no ``NaN`` or
  ``Infinity``.

Every failure is one :class:`~independence.errors.InputError` (a
:class:`~independence.CatalogError`) naming the file, and the line where there is one; the
command line reports it with exit status 1.
"""

from __future__ import annotations

import io
import json
import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from independence.errors import InputError, Problem

__all__ = [
    "CATALOGUE_BYTES",
    "MAX_BYTES",
    "MAX_DIGITS",
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_JSON_VALUES",
    "MAX_LOG_ENTRIES",
    "check_json_line",
    "input_lines",
    "parse_json",
    "read_data_file",
    "read_input",
    "read_input_text",
    "read_json",
    "too_big",
]

#: Largest progress file or event log read, in bytes (4 MiB): one child's progress over every
#: responsibility is a few tens of kilobytes.
MAX_INPUT_BYTES: Final = 4 * 1024 * 1024
#: Largest file read, in bytes (16 MiB); larger files are refused before any byte is read.
MAX_BYTES: Final = 16 * 1024 * 1024
#: Largest translation catalogue (``.po`` or ``.mo``) read: the YAML reader's cap (16 MiB).
CATALOGUE_BYTES: Final = MAX_BYTES
#: Deepest nesting of JSON arrays and objects accepted (the formats need four levels at most).
MAX_JSON_DEPTH: Final = 40
#: Longest whole number read, in digits: far past any count or year, far below Python's limit.
MAX_DIGITS: Final = 30
#: Most values (numbers, texts, arrays, objects...) read from one JSON document.
MAX_JSON_VALUES: Final = 200_000
#: Most entries (lines that are not blank) of a JSON Lines file. The byte cap alone allows two
#: million one-character lines; a session's events cost a constant time each to add, and the
#: 4 MiB of events the byte cap allows (some 57,000) replay in about 3 s, so this cap sits
#: above any log that cap lets through in practice and stops logs of tiny lines.
MAX_LOG_ENTRIES: Final = 100_000


def read_data_file(
    path: str | os.PathLike[str], *, limit: int = MAX_BYTES
) -> tuple[bytes | None, str | None]:
    """The bytes of the regular file at ``path`` (symlinks followed), or why it cannot be read.

    Bounded: the type and size are checked before a byte is read (a FIFO, device or socket is
    refused without opening it for reading, so ``/dev/zero`` or a pipe never hangs or fills
    memory), and no more than ``limit`` (:data:`MAX_BYTES`) + 1 bytes are ever read, even if
    the file grows meanwhile.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return (
                None,
                f"not a regular file ({_file_type(info.st_mode)}): only data files are read",
            )
        if info.st_size > limit:
            return None, too_big(info.st_size, limit=limit)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(path, flags)
    except OSError as error:
        return None, f"cannot read it: {error.strerror or error}"
    try:
        info = os.fstat(descriptor)  # what was opened, in case the name changed since
        if not stat.S_ISREG(info.st_mode):
            return (
                None,
                f"not a regular file ({_file_type(info.st_mode)}): only data files are read",
            )
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        return None, f"cannot read it: {error.strerror or error}"
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        return None, too_big(len(data), more=True, limit=limit)
    return data, None


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def too_big(size: int, *, more: bool = False, limit: int = MAX_BYTES) -> str:
    """Why a file of ``size`` bytes is refused (``more``: at least that many were read)."""
    return f"file is {'over ' if more else ''}{size:,} bytes; the limit is {limit:,} bytes"


def _fail(
    file: str, message: str, line: int | None = None, column: int | None = None
) -> InputError:
    return InputError([Problem(file, line, column, "", message)])


def read_input(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    A missing file is ``FileNotFoundError`` (callers decide what a missing file means); anything
    else that stops the reading is an :class:`~independence.errors.InputError`.
    """
    name = os.fspath(path)
    data, why = read_data_file(name, limit=limit)
    if data is None:
        if why is not None and not os.path.lexists(name):
            raise FileNotFoundError(2, "No such file or directory", name)
        raise _fail(name, why or "cannot read it")
    return data


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise _fail(
            file, f"not valid UTF-8 (byte 0x{data[error.start]:02x})", line, column
        ) from None


def read_input_text(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES) -> str:
    """The text of the regular file at ``path``: :func:`read_input`, then strict UTF-8."""
    return _decode(read_input(path, limit=limit), os.fspath(path))


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _whole(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _Refused(f"a whole number of {digits:,} digits is too large to be data")
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:40]!r} is too large")
    return value


def _constant(text: str) -> Any:
    raise _Refused(f"{text} is not a number JSON allows")


def parse_json(text: str, file: str, *, line: int | None = None) -> Any:
    """``text`` as one JSON value, under the caps of this module.

    ``line`` is the line ``text`` starts on (JSON Lines); positions are counted from it. Every
    failure is an :class:`~independence.errors.InputError` at its line and column.
    """
    try:
        value = json.loads(text, parse_int=_whole, parse_float=_real, parse_constant=_constant)
    except json.JSONDecodeError as error:
        where = error.lineno + (line - 1 if line is not None else 0)
        raise _fail(file, f"not valid JSON: {error.msg}", where, error.colno) from None
    except _Refused as error:
        raise _fail(file, error.message, line) from None
    except RecursionError:
        raise _fail(file, _too_deep(), line) from None
    _check_shape(value, file, line)
    return value


def _too_deep() -> str:
    return f"nested more than {MAX_JSON_DEPTH} levels deep"


def _check_shape(value: Any, file: str, line: int | None) -> None:
    """Refuse a value nested too deeply or holding too many values (iteratively: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    count = 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_JSON_VALUES:
            raise _fail(file, f"more than {MAX_JSON_VALUES:,} values in one document", line)
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= MAX_JSON_DEPTH:
            raise _fail(file, _too_deep(), line)
        stack.extend((child, depth + 1) for child in children)


def read_json(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES) -> Any:
    """The JSON document in the regular file at ``path``, read under every guard of this module."""
    name = os.fspath(path)
    return parse_json(read_input_text(name, limit=limit), name)


def check_json_line(text: str, file: str, line: int) -> None:
    """Refuse one line of a JSON Lines file that breaks a cap (depth, digits, values).

    A line that is simply not JSON passes: its reader says so in its own words.
    """
    try:
        parse_json(text, file, line=line)
    except InputError as error:
        if not error.problems[0].message.startswith("not valid JSON"):
            raise


@contextmanager
def input_lines(
    path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES, json_lines: bool = False
) -> Iterator[list[str]]:
    """The lines of the regular file at ``path`` (each with its line break), read guarded.

    With ``json_lines``, the file may hold at most :data:`MAX_LOG_ENTRIES` entries (lines that
    are not blank), and each is checked by :func:`check_json_line` first, so a reader of JSON
    Lines never meets a line, or a number of lines, that would exhaust it.
    """
    name = os.fspath(path)
    # split at line feeds only, as a text file is read (not at U+2028 or form feeds)
    lines = io.StringIO(read_input_text(name, limit=limit)).readlines()
    if json_lines:
        entries = 0
        for number, text in enumerate(lines, start=1):
            if text.strip():
                entries += 1
                if entries > MAX_LOG_ENTRIES:
                    raise _fail(
                        name,
                        f"more than {MAX_LOG_ENTRIES:,} entries in one file; nothing was read",
                        number,
                    )
                check_json_line(text, name, number)
    yield lines
