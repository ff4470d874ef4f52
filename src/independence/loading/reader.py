"""Strict YAML reading: plain data with the position of every node, or problems with theirs.

The reader walks libyaml's event stream itself (no composer, no constructor), so it can:

- refuse nesting deeper than :data:`MAX_DEPTH` as soon as it is seen, before a recursive
  composer could exhaust the C stack, and before nested flow collections cost quadratic time;
- refuse anchors and aliases (an alias bomb is refused at its first alias, in bounded memory);
- refuse every tag but the standard ones, and construct nothing from a tag;
- resolve plain scalars by a small, strict rule set: only ``true``/``false`` are booleans, only
  ``null``/``~``/empty is null, only canonical decimals are numbers; ``no``, ``on``, ``1:30``,
  ``010`` and ``2024-01-01`` stay text, and a field that expects something else says so;
- report duplicate keys with both lines, and all of its findings in one pass.

Sequences become tuples and mappings dicts; keys are always text.

A file is read first by a quick walk that keeps no positions and writes no messages: it gives
up at the first sign of a problem (or at anything rare, such as a tag), and the exact walk,
which keeps positions and words every problem, reads the file again. A clean file is read
once, quickly; a file with a problem gets the same messages, at the same places, as before.
A text that cannot hold an anchor, alias, tag or control character (no ``&``, ``*``, ``!``,
backslash or control in it: most data files) takes a plain form of the quick walk that does
not look for them on every event.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from independence._collector import settle
from independence.errors import KeyPath
from independence.loading.guard import MAX_BYTES, read_data_file, too_big

try:  # libyaml's parser when PyYAML was built with it, the pure-Python one otherwise
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _PyParser.__init__(self)


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_FILE_PROBLEMS",
    "MAX_KEYS",
    "MAX_NODES",
    "Document",
    "Early",
    "Place",
    "Position",
    "read_data_file",
    "read_file",
    "read_yaml",
]

#: Deepest nesting of mappings and sequences accepted; the shipped data needs fewer than 8.
MAX_DEPTH: Final = 40
#: Most values (scalars, mappings, sequences) read from one file. Real data averages about 25
#: bytes a value, so a file at the size limit holds some 700,000; a million leaves room, and
#: stops files of empty records (``[{}, {}, ...]``) that cost far more to check than to read.
MAX_NODES: Final = 1_000_000

#: Most problems the reader reports in one file: past these it stops reading the file, so a
#: file of half a million duplicate keys gives a bounded message, not 57 MB of one.
MAX_FILE_PROBLEMS: Final = 1000

#: Most keys in one mapping: records have a few dozen fields at most, so a mapping of thousands
#: of keys is refused whole rather than checked key by key.
MAX_KEYS: Final = 1000

#: 1-based ``(line, column)``.
Position = tuple[int, int]
#: A position, or ``(None, None)`` where it cannot be known (the file changed since it was read).
Place = tuple[int | None, int | None]

#: C0 and C1 control characters (and DEL); line feeds and tabs are ordinary text.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_INT_RE: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_RE: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_NULLS: Final = frozenset({"", "~", "null"})


@dataclass(slots=True)
class Document:
    """What reading one file gave: the value (``None`` when unreadable), positions, problems.

    ``positions`` maps a path (``("responsibilities", 3, "title")``) to where its value starts;
    ``key_positions`` maps the path of a mapping entry to where its key starts.
    """

    value: Any = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    problems: list[tuple[Position, KeyPath, str]] = field(default_factory=list)
    #: whether ``positions`` are filled; a clean file is read without them (much less memory
    #: and time at scale) and read again, from ``source``, the first time one is asked for
    tracked: bool = True
    source: Callable[[], bytes | None] | None = field(default=None, repr=False)
    #: a digest of the bytes read, so that positions read again later come from the same bytes
    digest: bytes = b""
    #: the positions could not be read again (the file changed or went away since)
    lost: bool = False

    def _track(self) -> None:
        if not self.tracked and self.source is not None:
            data = self.source()
            if data is None or _digest(data) != self.digest:
                self.lost = True
            else:
                again = read_yaml(data, track=True)
                self.positions, self.key_positions = again.positions, again.key_positions
        self.tracked = True

    def position(self, path: KeyPath) -> Place:
        """Where ``path`` (or its closest enclosing node) starts; ``(None, None)`` if unknown."""
        if not self.tracked:
            self._track()
        if self.lost:
            return (None, None)
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def key_position(self, path: KeyPath) -> Place:
        """Where the key of the entry at ``path`` starts (its value's position as a fallback)."""
        if not self.tracked:
            self._track()
        return self.key_positions.get(path) or self.position(path)


def _digest(data: bytes) -> bytes:
    # SHA-256: as strong as any, and where the processor has SHA extensions (x86 since about
    # 2017, ARMv8) twice as fast as BLAKE2b here (4 ms against 7.5 ms for 7 MB)
    return hashlib.sha256(data).digest()


#: What :func:`read_yaml` may call with each record of a section as soon as it is read (see
#: there): the section's key and the record's raw value in, what takes its place out.
Early = Callable[[str, Any], Any]


def read_file(
    path: str | os.PathLike[str], *, early: Early | None = None
) -> tuple[Document | None, str | None]:
    """Read the file at ``path`` once (see :func:`read_data_file`) as a strict YAML document.

    Returns the document, or ``None`` and why the file could not be read. Positions asked for
    later are read again from the file and used only if it still holds the same bytes.
    ``early``: see :func:`read_yaml`.
    """
    data, why = read_data_file(path)
    if data is None:
        return None, why
    return read_yaml(data, source=lambda: read_data_file(path)[0], early=early), None


def read_yaml(
    data: bytes,
    *,
    track: bool = False,
    source: Callable[[], bytes | None] | None = None,
    early: Early | None = None,
) -> Document:
    """Read one YAML document from ``data`` strictly; see the module docstring for the rules.

    Positions are recorded when ``track`` is true or when the file has a problem; otherwise
    they are filled in on first use by reading ``source()`` (or ``data``) again, and used only
    if those bytes are the same as ``data``.

    ``early``, when given, may be called with each mapping in a list under a key of the top
    mapping (a record of a section: ``responsibilities: [{...}, ...]``) and that key, as soon
    as the record is read; what it returns takes the record's place in the value. A loader
    validates records there while they are fresh in the processor's caches, and the raw values
    are let go at once. It is a chance, not a promise: only the quick walk of a plain text
    calls it (see :func:`_is_plain`), and a file that the exact walk reads again (one with a
    problem) comes back raw, even where ``early`` was called.
    """
    if not track:
        value = _read_quick(data, early=early)
        if value is not _UNSURE:
            return Document(
                value=value,
                tracked=False,
                source=source if source is not None else (lambda: data),
                digest=_digest(data),
            )
    return _read(data, track=True)


def _read_quick(data: bytes, *, plain: bool | None = None, early: Early | None = None) -> Any:
    """The value of a file that breaks no rule, or ``_UNSURE``: then :func:`_read` says why.

    The quick walk keeps no positions and writes no messages: at the first sign of a problem
    (and at anything rare, such as a tag) it gives up, and the exact walk reads the file again,
    so every problem is found, placed and worded by one walker.
    """
    if len(data) > MAX_BYTES:
        return _UNSURE
    try:
        text = data.decode("utf-8-sig")
        if plain is None:  # the tests choose the form of the walk; a load never does
            plain = _is_plain(data)
        return _quick_walk(_Parser(text), plain=plain, early=early)
    except (UnicodeDecodeError, yaml.YAMLError, _Unsure):
        return _UNSURE


def _is_plain(data: bytes) -> bool:
    """Whether the text of ``data`` (valid UTF-8) can hold no anchor (``&``), alias (``*``) or
    tag (``!``), and no scalar with a control character: none of those four characters, no
    backslash (the escapes of double-quoted text), no control character. Then the quick walk
    need not look for any of them on every event (:func:`_plain_node`).

    On the bytes: no ASCII byte is part of a longer character in UTF-8, and what is left
    once printable ASCII, tabs and line feeds are taken out (nothing, for ASCII text) is read
    for controls. (libyaml refuses a raw control character itself, NEL aside, which it reads
    as a line break; the scan keeps the plain walk right without relying on that.)
    """
    if b"&" in data or b"*" in data or b"!" in data or b"\\" in data:
        return False
    rest = data.translate(None, _PLAIN_ASCII)
    return not rest or _CONTROL.search(rest.decode("utf-8")) is None


#: the bytes :func:`_is_plain` takes out before it looks for control characters
_PLAIN_ASCII: Final = bytes(range(0x20, 0x7F)) + b"\t\n"


def _read(data: bytes, *, track: bool) -> Document:
    doc = Document()
    if len(data) > MAX_BYTES:
        doc.problems.append(((1, 1), (), too_big(len(data))))
        return doc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        doc.problems.append(
            ((line, column), (), f"not valid UTF-8 (byte 0x{data[error.start]:02x})")
        )
        return doc
    try:
        _walk(_Parser(text), doc, track)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = " ".join(part for part in (error.context, error.problem) if part)
        if "nesting depth" in message:  # libyaml 0.2.6 and newer stop deep nesting themselves
            doc.value = None
            doc.problems.append((where, (), _TOO_DEEP))
            return doc
        lines = text.split("\n")
        if where[0] <= len(lines) and "\t" in lines[where[0] - 1][: where[1]]:
            message += " (a tab: indent with spaces, not tabs)"
        doc.value = None
        doc.problems.append((where, (), f"not valid YAML: {message}"))
    except yaml.reader.ReaderError as error:
        index = error.position if isinstance(error.position, int) else 0
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        doc.value = None
        doc.problems.append(((line, column), (), f"not valid YAML: {error.reason}"))
    return doc


class _Frame:
    __slots__ = ("container", "discard", "is_map", "key", "path", "start")

    def __init__(self, container: Any, is_map: bool, path: KeyPath, start: Position) -> None:
        self.start = start
        self.container = container
        self.is_map = is_map
        self.key: str | None = None
        self.path = path
        self.discard: list[str] = []  # stand-in keys of duplicates and complex keys


def _walk(parser: Any, doc: Document, track: bool) -> None:
    stack: list[_Frame] = []
    positions = doc.positions if track else None
    key_positions = doc.key_positions if track else None
    problems = doc.problems
    documents = 0
    nodes = 0
    root: list[Any] = []

    while True:
        if len(problems) >= MAX_FILE_PROBLEMS:  # enough to read: the message stays bounded
            problems.append(((1, 1), (), _TOO_MANY_PROBLEMS))
            doc.value = None
            return
        event = parser.get_event()
        kind = type(event)
        if (
            kind is yaml.ScalarEvent
            or kind is yaml.MappingStartEvent
            or (kind is yaml.SequenceStartEvent)
        ):
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            nodes += 1
            if nodes > MAX_NODES:
                problems.append((where, _here(stack), _TOO_MANY))
                doc.value = None
                return
            if event.anchor is not None:
                problems.append((where, _here(stack), _ANCHOR))
            tag = event.tag
            if kind is yaml.ScalarEvent:
                value = _scalar(event, tag, where, stack, problems)
                _attach(stack, root, value, where, positions, key_positions, problems, True)
                continue
            expected = _MAP if kind is yaml.MappingStartEvent else _SEQ
            if tag is not None and tag != "!" and tag != expected:
                problems.append((where, _here(stack), _bad_tag(tag)))
            path = _attach(stack, root, None, where, positions, key_positions, problems, False)
            if len(stack) >= MAX_DEPTH:
                problems.append((where, path, _TOO_DEEP))
                doc.value = None
                return
            stack.append(
                _Frame(
                    {} if kind is yaml.MappingStartEvent else [],
                    kind is yaml.MappingStartEvent,
                    path,
                    where,
                )
            )
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            for stand_in in frame.discard:
                frame.container.pop(stand_in, None)
            value = frame.container if frame.is_map else tuple(frame.container)
            if frame.is_map and len(value) > MAX_KEYS:
                problems.append(
                    (
                        frame.start,
                        frame.path,
                        f"a mapping of {len(value):,} keys: no record has more than "
                        f"{MAX_KEYS:,} (it was not read further)",
                    )
                )
                value = None
            _store(stack, root, frame.path, value)
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            problems.append((where, _here(stack), _ALIAS))
            _attach(stack, root, None, where, positions, key_positions, problems, True)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                problems.append(
                    ((mark.line + 1, mark.column + 1), (), "more than one YAML document in a file")
                )
                doc.value = root[0] if root else None
                return
        elif kind is yaml.StreamEndEvent:
            doc.value = root[0] if root else None
            return


_TOO_MANY = (
    f"more than {MAX_NODES:,} values in one file; reading stopped (split the data into "
    "several files)"
)
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; reading stopped"
_TOO_MANY_PROBLEMS = (
    f"more than {MAX_FILE_PROBLEMS:,} problems in this file; reading stopped (fix these and "
    "check again)"
)
_ANCHOR = "anchors and aliases are not supported: write the value out in full"
_ALIAS = "aliases are not supported: write the value out in full"


def _bad_tag(tag: str) -> str:
    return f"tag {tag!r} is not allowed: only plain YAML data (no tags) is read"


def _here(stack: list[_Frame]) -> KeyPath:
    if not stack:
        return ()
    frame = stack[-1]
    if frame.is_map:
        return frame.path if frame.key is None else (*frame.path, frame.key)
    return (*frame.path, len(frame.container))


def _scalar(
    event: Any, tag: str | None, where: Position, stack: list[_Frame], problems: list[Any]
) -> Any:
    value: str = event.value
    control = None if value.isprintable() else _CONTROL.search(value)
    if control is not None:
        problems.append((where, _here(stack), _control_message(control.group())))
        return None
    if tag is None:
        if event.style:  # quoted, literal or folded: always text
            return value
        if value in _NULLS:
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        if _INT_RE.fullmatch(value):
            return _int(value, where, stack, problems)
        if _FLOAT_RE.fullmatch(value):
            return float(value)
        return value
    if tag in (_STR, "!"):
        return value
    if tag == _INT and _INT_RE.fullmatch(value):
        return _int(value, where, stack, problems)
    if tag == _FLOAT and (_FLOAT_RE.fullmatch(value) or _INT_RE.fullmatch(value)):
        return float(value)
    if tag == _BOOL and value in ("true", "false"):
        return value == "true"
    if tag == _NULL and value in _NULLS:
        return None
    if tag in (_INT, _FLOAT, _BOOL, _NULL):
        problems.append((where, _here(stack), f"{value!r} is not a valid {tag.rsplit(':', 1)[1]}"))
        return None
    problems.append((where, _here(stack), _bad_tag(tag)))
    return None


#: Longest whole number read: far past any age, count or year, far below Python's own limit.
_MAX_DIGITS: Final = 30


def _int(value: str, where: Position, stack: list[_Frame], problems: list[Any]) -> int | None:
    digits = len(value.lstrip("+-"))
    if digits > _MAX_DIGITS:
        problems.append(
            (where, _here(stack), f"a whole number of {digits:,} digits is too large to be data")
        )
        return None
    return int(value)


def _control_message(found: str) -> str:
    return (
        f"control character U+{ord(found):04X} in text: data holds printable text only "
        "(line breaks and tabs are allowed)"
    )


def _attach(
    stack: list[_Frame],
    root: list[Any],
    value: Any,
    where: Position,
    positions: dict[KeyPath, Position] | None,
    key_positions: dict[KeyPath, Position] | None,
    problems: list[Any],
    scalar: bool,
) -> KeyPath:
    """Place a new node; return its path. Collections are stored when they end."""
    if not stack:
        if positions is not None:
            positions[()] = where
        if scalar:
            root.append(value)
        return ()
    frame = stack[-1]
    if not frame.is_map:
        path = (*frame.path, len(frame.container))
        if positions is not None:
            positions[path] = where
        frame.container.append(value)  # a placeholder for collections, replaced at their end
        return path
    if frame.key is None:  # this node is a key
        if not scalar:
            problems.append((where, frame.path, "keys must be plain text, not collections"))
            frame.key = f"\0complex {where[0]}:{where[1]}"
            frame.discard.append(frame.key)
            return (*frame.path, frame.key)
        key = value if isinstance(value, str) else _key_text(value)
        path = (*frame.path, key)
        if key in frame.container:
            first = key_positions.get(path) if key_positions is not None else None
            also = f" (first at line {first[0]})" if first else ""
            problems.append((where, path, f"duplicate key {key!r}{also}; keys must be unique"))
            key = f"{key}\0{where[0]}:{where[1]}"  # keep the first value, report the second
            frame.discard.append(key)
            path = (*frame.path, key)
        if key_positions is not None:
            key_positions[path] = where
        frame.key = key
        return path
    path = (*frame.path, frame.key)
    if positions is not None:
        positions[path] = where
    frame.container[frame.key] = value
    frame.key = None
    return path


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _store(stack: list[_Frame], root: list[Any], path: KeyPath, value: Any) -> None:
    if not stack:
        root.append(value)
        return
    # the collection's entry (map key or sequence index) was reserved when it started
    stack[-1].container[path[-1]] = value


# The quick walk: the same rules as ``_walk`` for a file that breaks none of them, without
# positions or paths, in a loop per collection with the common cases (plain keys, plain text)
# first. It raises ``_Unsure`` where ``_walk`` would report a problem, and at anything rare
# that it leaves to ``_walk`` (tags, anchors, a document marker after the first).


class _Unsure(Exception):
    """The quick walk stops: the exact walk reads the file again."""


_UNSURE: Final = object()
_MISSING: Final = object()
#: plain scalars that are not text, by their exact spelling (keys are read back as text)
_CONSTANTS: Final[dict[str, Any]] = {
    "": None,
    "~": None,
    "null": None,
    "true": True,
    "false": False,
}
#: a plain scalar can be a number only if it starts with one of these
_NUMBER_START: Final = frozenset("+-0123456789")
#: ... and ends with one of these (so an age such as ``16m`` is text at a glance)
_DIGITS: Final = frozenset("0123456789")
#: the most values a mapping of the most keys holds: its keys, its values and itself
_MAPPING_NODES: Final = 2 * MAX_KEYS + 1
#: the last characters (``""`` for an empty scalar) of a scalar that may not be text: a digit
#: or the end of a constant; any other scalar is text at the cost of one look
_TAILS: Final = _DIGITS | {text[-1:] for text in _CONSTANTS}
#: collections read between two calls of :func:`~independence._collector.settle` in
#: a list of them: what is built so far leaves the collector's passes during a load, before
#: the young generation fills (see :mod:`independence._collector`)
_SETTLE_EVERY: Final = 20


def _quick_walk(parser: Any, *, plain: bool = False, early: Early | None = None) -> Any:
    """The document's value; ``plain`` when the text can hold no anchor, alias, tag or control
    character (see :func:`_is_plain`), so that the walk need not look for them on every
    event, and then ``early`` (see :func:`read_yaml`) is called."""
    get = parser.get_event
    get()  # the stream's start
    event = get()
    if type(event) is yaml.StreamEndEvent:
        return None
    count = [0]  # values read so far, shared by the collections' loops
    event = get()  # after the document's start
    if not plain:
        value = _quick_node(get, event, 0, count)
    elif early is not None and type(event) is yaml.MappingStartEvent:
        value = _plain_mapping(get, 1, count, set(), early)
    else:
        value = _plain_node(get, event, 0, count, set())
    if count[0] > MAX_NODES:  # a document that is one scalar (collections check their own)
        raise _Unsure
    get()  # the document's end
    if type(get()) is not yaml.StreamEndEvent:
        raise _Unsure  # another document
    return value


def _quick_node(get: Any, event: Any, depth: int, count: list[int]) -> Any:
    """Any value: a collection, or a scalar outside a collection's common cases."""
    kind = type(event)
    if kind is yaml.ScalarEvent:
        if event.anchor is not None or event.tag is not None or count[0] >= MAX_NODES:
            raise _Unsure
        count[0] += 1
        return _quick_scalar(event.value, event.style)
    if kind is not yaml.MappingStartEvent and kind is not yaml.SequenceStartEvent:
        raise _Unsure  # an alias
    if event.anchor is not None or event.tag is not None or count[0] >= MAX_NODES:
        raise _Unsure
    if depth >= MAX_DEPTH:
        raise _Unsure
    count[0] += 1
    if kind is yaml.MappingStartEvent:
        return _quick_mapping(get, depth + 1, count)
    return _quick_sequence(get, depth + 1, count)


def _quick_scalar(value: str, style: str | None) -> Any:
    if not value.isprintable() and _CONTROL.search(value):
        raise _Unsure
    if style:
        return value
    constant = _CONSTANTS.get(value, _MISSING)
    if constant is not _MISSING:
        return constant
    if value[0] in _NUMBER_START:
        if _INT_RE.fullmatch(value):
            if len(value.lstrip("+-")) > _MAX_DIGITS:
                raise _Unsure
            return int(value)
        if _FLOAT_RE.fullmatch(value):
            return float(value)
    return value


def _quick_mapping(get: Any, depth: int, count: list[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    scalar = yaml.ScalarEvent
    constants = _CONSTANTS
    number_start = _NUMBER_START
    while True:
        event = get()
        if type(event) is not scalar:
            if type(event) is yaml.MappingEndEvent and len(result) <= MAX_KEYS:
                return result
            raise _Unsure  # a collection or an alias as a key, or too many keys
        if event.anchor is not None or event.tag is not None or count[0] >= MAX_NODES:
            raise _Unsure
        count[0] += 1
        key = event.value
        if not event.style and (key in constants or key[0] in number_start):
            key = _key_text(_quick_scalar(key, ""))
        elif not key.isprintable() and _CONTROL.search(key):
            raise _Unsure
        if key in result:
            raise _Unsure  # a duplicate
        event = get()
        if type(event) is not scalar:
            result[key] = _quick_node(get, event, depth, count)
            continue
        result[key] = _quick_leaf(event, count)


def _quick_leaf(event: Any, count: list[int]) -> Any:
    """A scalar value of the quick walk: counted, read, refused if it needs the exact walk."""
    if event.anchor is not None or event.tag is not None or count[0] >= MAX_NODES:
        raise _Unsure
    count[0] += 1
    value = event.value
    if event.style or not (value in _CONSTANTS or value[0] in _NUMBER_START):
        if not value.isprintable() and _CONTROL.search(value):
            raise _Unsure
        return value
    return _quick_scalar(value, "")


def _quick_sequence(get: Any, depth: int, count: list[int]) -> tuple[Any, ...]:
    result: list[Any] = []
    append = result.append
    scalar = yaml.ScalarEvent
    while True:
        event = get()
        kind = type(event)
        if kind is not scalar:
            if kind is yaml.SequenceEndEvent:
                return tuple(result)
            append(_quick_node(get, event, depth, count))
            if not len(result) % _SETTLE_EVERY:  # a long list of records: see settle()
                settle()
            continue
        append(_quick_leaf(event, count))


# The plain walk: the quick walk of a text that can hold no anchor, alias, tag or control
# character (see :func:`_is_plain`), so none is looked for; its scalars are read inline and
# keys read as plain text before are not looked at again. Otherwise the same rules as the
# functions above; a test compares it with the exact walk on the same inputs.
#
# Values are counted per collection, in a local number, and added to the shared count when
# the collection ends, which checks it against MAX_NODES: the walk then gives up exactly when
# the file holds more values than that. So that a huge file is not read to its end first, each
# loop also gives up once its own values pass what was left when it started (a mapping also
# past MAX_KEYS keys): a bound that can only be reached after the shared count has passed the
# limit by at most one open collection's values per level.


def _plain_node(get: Any, event: Any, depth: int, count: list[int], texts: set[str]) -> Any:
    """A value that is not a scalar of a collection's common case: a collection (which counts
    its own values), or a scalar (counted here)."""
    kind = type(event)
    if kind is yaml.ScalarEvent:
        count[0] += 1
        return _quick_scalar(event.value, event.style)
    if depth >= MAX_DEPTH:
        raise _Unsure
    if kind is yaml.MappingStartEvent:
        return _plain_mapping(get, depth + 1, count, texts)
    if kind is yaml.SequenceStartEvent:
        return _plain_sequence(get, depth + 1, count, texts)
    raise _Unsure  # pragma: no cover - an alias needs a ``*``


def _plain_mapping(
    get: Any, depth: int, count: list[int], texts: set[str], early: Early | None = None
) -> dict[str, Any]:
    """A mapping; ``early`` for the top one only (see :func:`read_yaml`): each list under one
    of its keys then gives its mappings to ``early``."""
    result: dict[str, Any] = {}
    scalar = yaml.ScalarEvent
    mapping = yaml.MappingStartEvent
    sequence = yaml.SequenceStartEvent
    constants = _CONSTANTS
    number_start = _NUMBER_START
    tails = _TAILS
    nodes = 1  # this mapping, its keys and its scalar values
    stop = MAX_NODES - count[0]
    if stop > _MAPPING_NODES:
        stop = _MAPPING_NODES
    while True:
        event = get()
        if type(event) is not scalar:
            if type(event) is yaml.MappingEndEvent and len(result) <= MAX_KEYS:
                count[0] += nodes
                if count[0] > MAX_NODES:
                    raise _Unsure
                return result
            raise _Unsure  # a collection as a key, or too many keys
        nodes += 2  # the key and its value (a collection value counts itself: see below)
        if nodes > stop:
            raise _Unsure  # too many keys (a bound: the end checks them exactly), or values
        key = event.value
        if key not in texts:  # ``texts``: keys that read as themselves, plain or quoted
            if key[-1:] in tails and (key in constants or key[0] in number_start):
                if not event.style:
                    key = _key_text(_quick_scalar(key, ""))
            elif len(texts) < MAX_KEYS:
                texts.add(key)
        if key in result:
            raise _Unsure  # a duplicate
        event = get()
        if type(event) is not scalar:  # a collection (a ``*`` would be needed for an alias)
            nodes -= 1
            if depth >= MAX_DEPTH:
                raise _Unsure
            if type(event) is mapping:
                result[key] = _plain_mapping(get, depth + 1, count, texts)
            elif type(event) is sequence:
                result[key] = _plain_sequence(
                    get, depth + 1, count, texts, None if early is None else (key, early)
                )
            else:  # pragma: no cover - an alias needs a ``*``
                raise _Unsure
            continue
        value = event.value
        if (
            value[-1:] in tails
            and (value in constants or value[0] in number_start)
            and not event.style
        ):
            value = _quick_scalar(value, "")
        result[key] = value


def _plain_sequence(
    get: Any,
    depth: int,
    count: list[int],
    texts: set[str],
    early: tuple[str, Early] | None = None,
) -> tuple[Any, ...]:
    """A list; with ``early`` (a section's key and the function), each of its mappings is
    given to the function as soon as it is read, and what it returns is kept instead."""
    result: list[Any] = []
    append = result.append
    scalar = yaml.ScalarEvent
    mapping = yaml.MappingStartEvent
    sequence = yaml.SequenceStartEvent
    constants = _CONSTANTS
    number_start = _NUMBER_START
    tails = _TAILS
    nodes = 1  # this sequence and its scalar items
    stop = MAX_NODES - count[0]
    while True:
        event = get()
        if type(event) is not scalar:
            if type(event) is yaml.SequenceEndEvent:
                count[0] += nodes
                if count[0] > MAX_NODES:
                    raise _Unsure
                return tuple(result)
            if depth >= MAX_DEPTH:
                raise _Unsure
            if type(event) is mapping:
                if early is None:
                    append(_plain_mapping(get, depth + 1, count, texts))
                else:
                    append(early[1](early[0], _plain_mapping(get, depth + 1, count, texts)))
            elif type(event) is sequence:
                append(_plain_sequence(get, depth + 1, count, texts))
            else:  # pragma: no cover - an alias needs a ``*``
                raise _Unsure
            if not len(result) % _SETTLE_EVERY:  # a long list of records: see settle()
                settle()
            continue
        nodes += 1
        if nodes > stop:
            raise _Unsure
        value = event.value
        if (
            value[-1:] in tails
            and (value in constants or value[0] in number_start)
            and not event.style
        ):
            value = _quick_scalar(value, "")
        append(value)
