"""Reading translation catalogues: the compiled ``.mo`` files (checked, entry by entry) and the
translators' PO files, both through the guarded readers of :mod:`independence.loading.guard`.

Lookups go through gettext's public API only (``pgettext``, ``npgettext``); the entries of a
compiled catalogue are read from its bytes here, so that each can be checked, and an entry that
breaks a rule is left out by :class:`CheckedTranslations` (its English is shown).
"""

from __future__ import annotations

import gettext
import io
import json
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from independence.data_warnings import DataWarning
from independence.errors import InputError, Problem
from independence.l10n.negotiation import is_right_to_left
from independence.loading.guard import CATALOGUE_BYTES, read_input, read_input_text
from independence.messages import MESSAGES, template_problem
from independence.model.base import BIDI_CONTROLS, LOCALES_FOLDER, bidi_problem, is_invisible

__all__ = [
    "MAX_LISTED",
    "CheckedTranslations",
    "PoEntry",
    "entry_problem",
    "mo_entries",
    "read_checked_translations",
    "read_po_entries",
    "read_translations",
]

#: Most refused entries of one compiled catalogue listed as warnings, and most warnings of one
#: locale's PO files; the rest are counted.
MAX_LISTED: Final = 1000
#: C0 and C1 control characters (and DEL); line feeds and tabs are ordinary text.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def entry_problem(context_: str, english: str, translated: str, locale: str) -> str | None:
    """Why the translation ``translated`` of ``english`` (named ``context_``) into ``locale`` is
    not used, or ``None`` if it is fine.

    A translation holds no control characters (line feeds and tabs aside); its bidirectional
    controls are balanced (see :func:`~independence.model.base.bidi_problem`) and appear only in
    right-to-left locales; it shows something; and a template of the library's own sentences
    keeps its placeholders exactly (see :func:`~independence.messages.template_problem`).
    """
    control = _CONTROL.search(translated)
    if control is not None:
        return f"control character U+{ord(control.group()):04X}: translations hold printable text"
    why = bidi_problem(translated)
    if why is not None:
        return why
    if not is_right_to_left(locale) and not BIDI_CONTROLS.isdisjoint(translated):  # one C scan
        return f"bidirectional controls belong in right-to-left locales only, not in {locale!r}"
    if translated and is_invisible(translated):
        return "the translation shows nothing: it holds only invisible characters"
    if context_ in MESSAGES:
        return template_problem(english, translated)
    return None


def read_translations(folder: Path, locale: str) -> gettext.NullTranslations:
    """The compiled translations of ``locale`` in the data folder ``folder``, checked.

    The ``.mo`` file is read through :mod:`independence.loading.guard` (a regular file of at
    most 16 MiB); one that is empty, damaged or not UTF-8 is an
    :class:`~independence.errors.InputError` naming it. Entries that break a rule of
    :func:`entry_problem` are left out, so their English is shown
    (:func:`read_checked_translations` says which).
    """
    return read_checked_translations(folder, locale)[0]


class CheckedTranslations(gettext.NullTranslations):
    """A compiled catalogue with the entries that break a rule left out: looking one of those
    up gives its English. Only gettext's public methods are used."""

    def __init__(
        self, translations: gettext.NullTranslations, refused: frozenset[tuple[str, str]]
    ) -> None:
        super().__init__()
        self._inner = translations
        self._refused = refused

    def gettext(self, message: str) -> str:
        return self._inner.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._inner.ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        if (context, message) in self._refused:
            return message
        return self._inner.pgettext(context, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._inner.npgettext(context, msgid1, msgid2, n)

    def charset(self) -> str | None:
        return self._inner.charset()

    def info(self) -> dict[str, str]:
        return self._inner.info()


def mo_entries(data: bytes) -> dict[str, str]:
    """``{msgid: msgstr}`` of the singular entries of a compiled catalogue's bytes, decoded as
    UTF-8 (a context is written ``context\x04msgid``; the last of two equal ids wins, as in
    gettext). Plural entries and the header are left out. A ``ValueError`` for bytes that are
    not a compiled catalogue: every offset is checked against the length."""
    if len(data) < 20:
        raise ValueError("too short for a compiled catalogue")
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if order is None:
        raise ValueError("bad magic number")
    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    size = len(data)
    if originals + 8 * count > size or translations + 8 * count > size:
        raise ValueError("its tables run past the end")

    def string(table: int, index: int) -> bytes:
        length, offset = struct.unpack(
            order + "2I", data[table + 8 * index : table + 8 * index + 8]
        )
        if offset + length > size:
            raise ValueError("a string runs past the end")
        return data[offset : offset + length]

    found: dict[str, str] = {}
    for index in range(count):
        msgid = string(originals, index)
        if not msgid or b"\x00" in msgid:
            continue  # the header, or a plural entry
        found[msgid.decode("utf-8")] = string(translations, index).decode("utf-8")
    return found


def read_checked_translations(
    folder: Path, locale: str
) -> tuple[gettext.NullTranslations, tuple[DataWarning, ...]]:
    """:func:`read_translations`, and a warning for each entry left out (English kept)."""
    path = folder / LOCALES_FOLDER / f"{locale}.mo"
    name = str(path)
    data = read_input(path, limit=CATALOGUE_BYTES)
    try:
        translations = gettext.GNUTranslations(io.BytesIO(data))
        charset = (translations.charset() or "utf-8").lower().replace("_", "-")
        entries = mo_entries(data) if charset in ("utf-8", "utf8", "ascii", "us-ascii") else {}
    except (OSError, struct.error, UnicodeError, ValueError, LookupError, OverflowError) as error:
        reason = "empty" if not data else (getattr(error, "strerror", None) or str(error))
        raise InputError(
            [Problem(name, None, None, "", f"not a compiled translation catalogue ({reason})")]
        ) from None
    if charset not in ("utf-8", "utf8", "ascii", "us-ascii"):
        raise InputError(
            [Problem(name, None, None, "", f"written in {charset}: only UTF-8 is read")]
        )
    warnings = []
    refused: set[tuple[str, str]] = set()
    for key, translated in entries.items():
        if "\x04" not in key:
            continue  # an entry without a context: never looked up
        context_, english = key.split("\x04", 1)
        why = entry_problem(context_, english, translated, locale)
        if why is not None:
            refused.add((context_, english))
            if len(refused) <= MAX_LISTED:
                warnings.append(
                    DataWarning(name, None, None, context_, f"not used, English shown: {why}")
                )
    if len(refused) > MAX_LISTED:
        left = len(refused) - MAX_LISTED
        warnings.append(
            DataWarning(
                name,
                None,
                None,
                "",
                f"{left:,} more entries not used, English shown (not listed: only the first "
                f"{MAX_LISTED:,} are)",
            )
        )
    if not refused:
        return translations, tuple(warnings)
    return CheckedTranslations(translations, frozenset(refused)), tuple(warnings)


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One entry of a PO file: what :func:`read_po_entries` needs of it."""

    context: str
    msgid: str
    msgstr: str
    fuzzy: bool
    line: int


def read_po_entries(path: Path) -> Iterator[PoEntry]:
    """The entries with a context of the PO file at ``path`` (a small reader for what Babel and
    gettext tools write: ``#,`` flags, ``msgctxt``, ``msgid``, ``msgstr``, continued strings).

    The file is read through :mod:`independence.loading.guard` (a regular file of at most
    16 MiB, strict UTF-8); a string that cannot be read is an
    :class:`~independence.errors.InputError` at its line."""

    def string(text: str, number: int) -> str:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                [Problem(str(path), number, None, "", f"not a PO string: {error.msg}")]
            ) from None
        if not isinstance(value, str):
            raise InputError([Problem(str(path), number, None, "", "not a PO string")])
        return value

    fields: dict[str, str] = {}
    fuzzy = False
    line = 0
    current: str | None = None
    lines = io.StringIO(read_input_text(path, limit=CATALOGUE_BYTES)).readlines()
    for number, raw in enumerate([*lines, "\n"], 1):
        text = raw.strip()
        if not text:
            if "msgctxt" in fields and "msgid" in fields:
                # a plural entry (msgstr[0], msgstr[1], ...) is translated when every form is
                forms = [value for key, value in fields.items() if key.startswith("msgstr[")]
                msgstr = fields.get("msgstr", forms[0] if forms and all(forms) else "")
                yield PoEntry(fields["msgctxt"], fields["msgid"], msgstr, fuzzy, line)
            fields, fuzzy, current = {}, False, None
        elif text.startswith("#,"):
            fuzzy = "fuzzy" in text
        elif text.startswith("#"):
            continue
        elif text.startswith('"') and current is not None:
            fields[current] += string(text, number)
        else:
            keyword, _, value = text.partition(" ")
            current = keyword
            if keyword == "msgctxt":
                line = number
            fields[keyword] = string(value, number) if value.startswith('"') else ""
