"""Which texts of a catalogue are translated, and how each is named for translators.

Every prose field of every record (a ``Text`` field, or a list of them, at any depth) is a
translatable text, except those that must stay as published: a source's title, publisher and
notes, and a perspective pack's citations. Each text is named by a *context*: the record's kind
and id, then the path of the field inside the record, for example
``responsibility:walk-to-school-alone#support_ladder[2].description``. The English text itself
is the message id, so a translation made for an older English text no longer matches and is
never shown (see ``docs/concepts/localisation.md``).
"""

from __future__ import annotations

import functools
import gettext
import re
import typing
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, TypeAdapter

from independence.catalog import Presentation
from independence.data_warnings import DataWarning
from independence.messages import (
    GENDERS,
    MESSAGES,
    PLURALS,
    RIGHT_TO_LEFT,
    SOURCE_LOCALE,
    Forms,
    Messages,
    isolate,
    template_problem,
)
from independence.model.base import (
    BIDI_CONTROLS,
    LOCALES_FOLDER,
    Text,
    bidi_problem,
    is_invisible,
)

if TYPE_CHECKING:
    from independence.records import Parts

__all__ = [
    "CONTEXT_KINDS",
    "GENDERS",
    "SOURCE_LOCALE",
    "Forms",
    "PoEntry",
    "TextEntry",
    "base_context",
    "context",
    "entry_problem",
    "is_right_to_left",
    "locales_in",
    "negotiate",
    "normalise_tag",
    "read_checked_translations",
    "read_po_entries",
    "read_translations",
    "record_texts",
    "region_texts",
    "translate_record",
    "translated",
    "translated_by_context",
    "translation_warnings",
]

#: The context prefix of each section's records (``catalog`` for the catalogue's own info).
CONTEXT_KINDS: Final = {
    "info": "catalog",
    "sources": "source",
    "bands": "band",
    "categories": "category",
    "responsibilities": "responsibility",
    "check_in_policies": "check-in-policy",
    "escalation_policies": "escalation-policy",
    "schedules": "schedule",
    "perspectives": "perspective",
}

#: Fields kept as published, never translated: ``(model name, field name)``; ``*`` is every
#: field of the model. A note's references name the pack's citations, so they stay as the
#: citations are written (a translated one would no longer match, and the export would not
#: validate).
_KEPT: Final = frozenset(
    {("Source", "*"), ("PerspectiveReference", "citation"), ("PerspectiveNote", "references")}
)

#: The pattern that only ``Text`` fields carry: how a prose field is recognised.
_TEXT_PATTERN: Final = next(
    item.pattern for item in typing.get_args(Text)[1].metadata if hasattr(item, "pattern")
)


def base_context(context_: str) -> str:
    """The neutral entry's context of a form's context (``...#title|child=feminine`` ->
    ``...#title``)."""
    return context_.split("|", 1)[0]


@dataclass(frozen=True, slots=True)
class TextEntry:
    """One translatable text: its context, the English, and the path of its field."""

    context: str
    text: str
    path: tuple[str | int, ...]


def context(kind: str, id: str, path: tuple[str | int, ...]) -> str:
    """The context of the text at ``path`` in the record ``id`` of context kind ``kind``."""
    return f"{kind}:{id}#{_dotted(path)}"


def record_texts(kind: str, record: BaseModel) -> Iterator[TextEntry]:
    """Every translatable text of ``record``, in field order."""
    id = getattr(record, "id", None) or kind
    for path, text in _texts(record, ()):
        yield TextEntry(context(kind, id, path), text, path)


def _texts(record: BaseModel, base: tuple[str | int, ...]) -> Iterator[tuple[Any, str]]:
    for name, shape in _plan(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if shape == "text":
            yield (*base, name), value
        elif shape == "texts":
            for index, item in enumerate(value):
                yield (*base, name, index), item
        elif shape == "model":
            yield from _texts(value, (*base, name))
        else:
            for index, item in enumerate(value):
                yield from _texts(item, (*base, name, index))


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Which fields of ``model`` hold texts, or records that may: ``(name, shape)`` pairs,
    shape one of ``text``, ``texts``, ``model``, ``models``. Worked out once per model."""
    if (model.__name__, "*") in _KEPT:
        return ()
    plan = []
    for name, field in model.model_fields.items():
        if (model.__name__, name) in _KEPT:
            continue
        if _is_text(field.annotation, field.metadata):
            plan.append((name, "texts" if typing.get_origin(field.annotation) is tuple else "text"))
            continue
        inner = _record_type(field.annotation)
        if inner is not None and _plan(inner[0]):
            plan.append((name, inner[1]))
    return tuple(plan)


def _record_type(annotation: Any) -> tuple[type[BaseModel], str] | None:
    """The record model a field holds (alone, optional, or in a tuple), and its shape."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, "model"
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, "models" if origin is tuple else "model"
    return None


def _is_text(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a field holds ``Text`` or a tuple of ``Text`` (its constraints tell)."""
    if annotation is str and _same(metadata):
        return True
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated:
            inner = typing.get_args(arg)
            if inner[0] is str and _same(list(inner[1:])):
                return True
        elif arg is str and _same(metadata):
            return True
    return False


def _same(metadata: list[Any]) -> bool:
    for item in metadata:
        if getattr(item, "pattern", None) == _TEXT_PATTERN:
            return True
        if any(
            getattr(inner, "pattern", None) == _TEXT_PATTERN
            for inner in getattr(item, "metadata", ())
        ):
            return True
    return False


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# ------------------------------------------------------------------------------ locales


_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?$")


def normalise_tag(tag: str) -> str:
    """A BCP 47 language tag in its usual case: ``es-mx`` -> ``es-MX``, ``sr_latn`` -> ``sr-Latn``.

    Only language, script and region subtags are read; anything else is a ``ValueError``.
    """
    if not isinstance(tag, str):
        raise TypeError(f"a locale is a language tag such as 'es' or 'en-US', not {tag!r}")
    if not _TAG.fullmatch(tag.strip()):
        raise ValueError(
            f"{tag!r} is not a language tag: write a BCP 47 tag such as 'es', 'es-MX' or 'ar'"
        )
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(out)


def negotiate(tag: str, available: Collection[str]) -> str:
    """The locale to use for ``tag``: itself, else each shorter tag (``es-MX`` -> ``es``).

    ``available`` holds the translated locales. The data's own language (:data:`SOURCE_LOCALE`,
    and any tag of its language, such as ``en`` or ``en-AU``, that has no translation of its
    own) is always available. Anything else is a ``ValueError`` naming what is available.
    """
    wanted = normalise_tag(tag)
    parts = wanted.split("-")
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end])
        if candidate in available:
            return candidate
    if parts[0] == SOURCE_LOCALE.split("-")[0]:
        return SOURCE_LOCALE
    known = ", ".join(sorted({*available, SOURCE_LOCALE}))
    raise ValueError(f"no translation for {tag!r}: available locales are {known}")


def locales_in(folder: Path) -> tuple[str, ...]:
    """The locales compiled in the ``locales`` folder of a data folder (its ``*.mo`` files)."""
    found = folder / LOCALES_FOLDER
    if not found.is_dir():
        return ()
    return tuple(sorted(path.stem for path in found.glob("*.mo")))


#: Languages written right to left: only their translations may hold bidirectional controls.
_RTL_LANGUAGES: Final = frozenset(
    {"ar", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_RTL_SCRIPTS: Final = frozenset({"Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"})
#: Most refused entries of one compiled catalogue listed as warnings, and most warnings of one
#: locale's PO files; the rest are counted.
_MAX_REFUSED_LISTED: Final = 1000
#: C0 and C1 control characters (and DEL); line feeds and tabs are ordinary text.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_right_to_left(locale: str) -> bool:
    """Whether ``locale`` (a language tag) is written right to left: ``ar``, ``he``, ``fa``..."""
    parts = locale.replace("_", "-").split("-")
    return parts[0].lower() in _RTL_LANGUAGES or any(
        part.title() in _RTL_SCRIPTS for part in parts[1:] if len(part) == 4
    )


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
    if not is_right_to_left(locale) and any(char in BIDI_CONTROLS for char in translated):
        return f"bidirectional controls belong in right-to-left locales only, not in {locale!r}"
    if translated and is_invisible(translated):
        return "the translation shows nothing: it holds only invisible characters"
    if context_ in MESSAGES:
        return template_problem(english, translated)
    return None


def read_translations(folder: Path, locale: str) -> gettext.GNUTranslations:
    """The compiled translations of ``locale`` in the data folder ``folder``, checked.

    The ``.mo`` file is read through :mod:`independence.loading.guard` (a regular file of at
    most 16 MiB); one that is empty, damaged or not UTF-8 is an
    :class:`~independence.errors.InputError` naming it. Entries that break a rule of
    :func:`entry_problem` are left out, so their English is shown
    (:func:`read_checked_translations` says which).
    """
    return read_checked_translations(folder, locale)[0]


def read_checked_translations(
    folder: Path, locale: str
) -> tuple[gettext.GNUTranslations, tuple[DataWarning, ...]]:
    """:func:`read_translations`, and a warning for each entry left out (English kept)."""
    import io
    import struct

    from independence.errors import InputError, Problem
    from independence.loading.guard import CATALOGUE_BYTES, read_input

    path = folder / LOCALES_FOLDER / f"{locale}.mo"
    name = str(path)
    data = read_input(path, limit=CATALOGUE_BYTES)
    try:
        translations = gettext.GNUTranslations(io.BytesIO(data))
    except (OSError, struct.error, UnicodeError, ValueError, LookupError, OverflowError) as error:
        reason = "empty" if not data else (getattr(error, "strerror", None) or str(error))
        raise InputError(
            [Problem(name, None, None, "", f"not a compiled translation catalogue ({reason})")]
        ) from None
    charset = (translations.charset() or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8", "ascii", "us-ascii"):
        raise InputError(
            [Problem(name, None, None, "", f"written in {charset}: only UTF-8 is read")]
        )
    catalog: dict[Any, Any] = getattr(translations, "_catalog", {})
    warnings = []
    refused = 0
    for key in list(catalog):
        if not isinstance(key, str) or "\x04" not in key:
            continue  # the header, or an entry without a context: never looked up
        context_, english = key.split("\x04", 1)
        translated = catalog[key]
        why = (
            entry_problem(context_, english, translated, locale)
            if isinstance(translated, str)
            else "not text"
        )
        if why is not None:
            del catalog[key]
            refused += 1
            if refused <= _MAX_REFUSED_LISTED:
                warnings.append(
                    DataWarning(name, None, None, context_, f"not used, English shown: {why}")
                )
    if refused > _MAX_REFUSED_LISTED:
        left = refused - _MAX_REFUSED_LISTED
        warnings.append(
            DataWarning(
                name,
                None,
                None,
                "",
                f"{left:,} more entries not used, English shown (not listed: only the first "
                f"{_MAX_REFUSED_LISTED:,} are)",
            )
        )
    return translations, tuple(warnings)


def translated_by_context(translations: gettext.GNUTranslations) -> dict[str, str]:
    """``{context: English it was translated from}`` of every entry of a compiled catalogue."""
    catalog: dict[Any, str] = getattr(translations, "_catalog", {})
    found = {}
    for key in catalog:
        if isinstance(key, str) and "\x04" in key:
            context_, english = key.split("\x04", 1)
            found[context_] = english
    return found


def translate_record(
    kind: str,
    record: BaseModel,
    translations: gettext.NullTranslations,
    forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    right_to_left: bool = False,
) -> BaseModel:
    """``record`` with every translatable text replaced by its translation, where there is one.

    A text is looked up by its context *and* its English: a translation made for another
    English text (a stale one) is not found, so the English is kept. A translation that is not
    valid text (empty, control characters) is not used either. ``forms`` chooses the
    grammatical forms (see :class:`Forms`); with ``right_to_left``, numbers and Latin runs of
    each translation are isolated (see :func:`independence.messages.isolate`). Records are
    copied, never changed, and only where a text changes.
    """
    id = getattr(record, "id", None) or kind
    return _translated(
        record, f"{kind}:{id}#", "", _Lookup(translations, forms.suffixes(), right_to_left)
    )


@dataclass(frozen=True, slots=True)
class _Lookup:
    translations: gettext.NullTranslations
    suffixes: tuple[str, ...]
    right_to_left: bool


def _translated(record: BaseModel, prefix: str, path: str, translations: _Lookup) -> BaseModel:
    update: dict[str, Any] = {}
    for name, shape in _plan(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        here = f"{path}.{name}" if path else name
        if shape == "text":
            found = _lookup(translations, prefix + here, value)
            if found is not value:
                update[name] = found
        elif shape == "texts":
            items = tuple(
                _lookup(translations, f"{prefix}{here}[{index}]", item)
                for index, item in enumerate(value)
            )
            if items != value:
                update[name] = items
        elif shape == "model":
            inner = _translated(value, prefix, here, translations)
            if inner is not value:
                update[name] = inner
        else:
            records = tuple(
                _translated(item, prefix, f"{here}[{index}]", translations)
                for index, item in enumerate(value)
            )
            if any(new is not old for new, old in zip(records, value, strict=True)):
                update[name] = records
    return record.model_copy(update=update) if update else record


def _lookup(lookup: _Lookup, context_: str, english: str) -> str:
    for suffix in lookup.suffixes:
        found = lookup.translations.pgettext(context_ + suffix, english)
        if found != english and _is_valid_text(found):
            return isolate(found) if lookup.right_to_left else found
    return english


def _is_valid_text(text: str) -> bool:
    from pydantic import ValidationError

    try:
        _text_adapter().validate_python(text)
    except ValidationError:
        return False
    return True


@functools.cache
def _text_adapter() -> TypeAdapter[str]:
    return TypeAdapter(Text)


# ------------------------------------------------------------------------------ catalogues


def translated(
    parts: Parts,
    folder: Path,
    locale: str,
    forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    presentation: Presentation | None = None,
) -> tuple[Parts, Presentation]:
    """``parts`` with their texts in ``locale`` (negotiated from the locales of ``folder``),
    and the presentation that speaks it, in the grammatical ``forms`` chosen.

    The records keep their ids, order and ages, and their origins (so problems and provenance
    still name the YAML); the catalogue's own sentences (reasons) are translated too, and its
    warnings include what ``locale``'s PO files lack (see :func:`translation_warnings`, worked
    out when first asked for). The data's own language gives ``parts`` unchanged. ``parts`` is
    copied; ``presentation`` (English, no region, when ``None``) keeps its region.
    """
    spoken = presentation or Presentation()
    chosen = negotiate(locale, locales_in(folder))
    if chosen == SOURCE_LOCALE:
        return parts, spoken
    english = parts.copy()
    translations, refused = read_checked_translations(folder, chosen)
    right_to_left = chosen.split("-")[0] in RIGHT_TO_LEFT
    parts = parts.copy()
    for section, kind in CONTEXT_KINDS.items():
        entries = parts.section(section).entries
        entries[:] = [
            (translate_record(kind, record, translations, forms, right_to_left), origin)
            for record, origin in entries
        ]

    def warnings() -> tuple[DataWarning, ...]:
        found = translation_warnings(english, folder, chosen)
        if any(True for _ in (folder / LOCALES_FOLDER / chosen).rglob("*.po")):
            return found  # the PO files' warnings place each refused entry at its line
        return tuple(sorted((*found, *refused), key=DataWarning.sort_key))

    return parts, replace(
        spoken,
        locale=chosen,
        messages=Messages(translations, chosen, forms),
        locale_warnings=warnings,
    )


def _english_texts(parts: Parts) -> dict[str, str]:
    """``{context: English}`` of every translatable text of ``parts``."""
    found: dict[str, str] = {}
    for section, kind in CONTEXT_KINDS.items():
        for record, _ in parts.section(section).entries:
            for entry in record_texts(kind, record):
                found[entry.context] = entry.text
    return found


def translation_warnings(parts: Parts, folder: Path, locale: str) -> tuple[DataWarning, ...]:
    """What ``locale``'s PO files in ``folder`` lack for the English records ``parts`` (a
    catalogue's are ``catalog.parts()``), as warnings.

    *missing*: a text with no translation (or only a fuzzy one); *stale*: a translation made
    for an English text that has changed since (it is not shown); *extra*: a context the data
    no longer has. Read from the PO files (the translators' sources), with their lines.
    """
    wanted = _english_texts(parts)
    for context_, template in MESSAGES.items():
        wanted[context_] = template
    for context_, (singular, _) in PLURALS.items():
        wanted[context_] = singular
    regional = region_texts(parts, folder)  # a region's PO file holds the region's English
    found: list[DataWarning] = []
    seen: set[str] = set()
    base = folder / LOCALES_FOLDER / locale
    # a variant of the data's own language (en-US) leaves an entry empty where it says the same
    variant = locale.split("-")[0] == SOURCE_LOCALE.split("-")[0]
    for path in sorted(base.rglob("*.po")):
        shown = str(path)
        region = path.stem if path.parent.name == "regions" else None
        for po in read_po_entries(path):
            base_ = base_context(po.context)  # a form is checked against its neutral entry
            seen.add(po.context)
            text = regional.get((region, base_)) if region is not None else wanted.get(base_)
            if text is None:
                found.append(DataWarning(shown, po.line, 1, po.context, "extra: no such text"))
            elif po.msgid != text:
                found.append(
                    DataWarning(
                        shown,
                        po.line,
                        1,
                        po.context,
                        "stale: translated from an older English text, which is shown instead "
                        "until the translation is updated",
                    )
                )
            elif po.fuzzy or (not po.msgstr and not variant):
                found.append(DataWarning(shown, po.line, 1, po.context, "missing: not translated"))
            elif po.msgstr:
                why = entry_problem(po.context, po.msgid, po.msgstr, locale)
                if why is not None:
                    found.append(
                        DataWarning(
                            shown, po.line, 1, po.context, f"not used, English shown: {why}"
                        )
                    )
    for context_ in sorted(set(wanted) - seen):
        found.append(
            DataWarning(str(base), None, None, context_, "missing: no entry in the PO files")
        )
    listed = sorted(found, key=DataWarning.sort_key)
    if len(listed) > _MAX_REFUSED_LISTED:  # a hostile or very stale PO set: bounded all the same
        left = len(listed) - _MAX_REFUSED_LISTED
        listed = listed[:_MAX_REFUSED_LISTED]
        listed.append(
            DataWarning(
                str(base),
                None,
                None,
                "",
                f"{left:,} more translation warnings (not listed: only the first "
                f"{_MAX_REFUSED_LISTED:,} are)",
            )
        )
    return tuple(listed)


def region_texts(parts: Parts, folder: Path) -> dict[tuple[str, str], str]:
    """``{(region code, context): English}`` of what each regional pack of ``folder`` changes
    in the texts of the English records ``parts``, each region's name, what each of its crisis
    lines is for and how each reporting service is reached (what its PO file translates).

    Each pack's operations are laid over a copy of ``parts`` and its texts compared: no
    catalogue is built and nothing is checked (the packs' problems are
    :func:`~independence.regional.region_problems`'s)."""
    # only the warnings need the regional packs (and the YAML reader): not every translation
    from independence.regional import (
        apply_region,
        child_protection_line_context,
        crisis_line_context,
        region_file,
        regions_in,
        reporting_service_context,
    )

    base = _english_texts(parts)
    found: dict[tuple[str, str], str] = {}
    for code in regions_in(folder):
        laid = parts.copy()
        region, _ = apply_region(laid, region_file(folder, code))
        if region is None:
            continue  # a region file that does not read: reported by region_problems
        found[(code, f"region:{code}#name")] = region.name
        if region.note is not None:
            found[(code, f"region:{code}#note")] = region.note
        for index, line in enumerate(region.crisis_lines):
            found[(code, crisis_line_context(code, index))] = line.who
        for index, service in enumerate(region.reporting_services):
            found[(code, reporting_service_context(code, index))] = service.how
        for index, line in enumerate(region.child_protection_lines):
            found[(code, child_protection_line_context(code, index))] = line.who
        for context, text in _english_texts(laid).items():
            if base.get(context) != text:
                found[(code, context)] = text
    return found


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
    import io
    import json

    from independence.errors import InputError, Problem
    from independence.loading.guard import CATALOGUE_BYTES, read_input_text

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
