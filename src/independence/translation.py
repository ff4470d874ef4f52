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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, TypeAdapter

from independence.messages import SOURCE_LOCALE
from independence.model._base import LOCALES_FOLDER, Text

__all__ = [
    "CONTEXT_KINDS",
    "SOURCE_LOCALE",
    "TextEntry",
    "context",
    "locales_in",
    "negotiate",
    "normalise_tag",
    "read_translations",
    "record_texts",
    "translate_record",
    "translated_by_context",
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
    "perspectives": "perspective",
}

#: Fields kept as published, never translated: ``(model name, field name)``; ``*`` is every
#: field of the model.
_KEPT: Final = frozenset({("Source", "*"), ("PerspectiveReference", "citation")})

#: The pattern that only ``Text`` fields carry: how a prose field is recognised.
_TEXT_PATTERN: Final = next(
    item.pattern for item in typing.get_args(Text)[1].metadata if hasattr(item, "pattern")
)


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
    model = type(record)
    if (model.__name__, "*") in _KEPT:
        return
    for name, field in model.model_fields.items():
        if (model.__name__, name) in _KEPT:
            continue
        value = getattr(record, name)
        if value is None:
            continue
        if _is_text(field.annotation, field.metadata):
            if isinstance(value, str):
                yield (*base, name), value
            else:
                for index, item in enumerate(value):
                    yield (*base, name, index), item
        elif isinstance(value, BaseModel):
            yield from _texts(value, (*base, name))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for index, item in enumerate(value):
                yield from _texts(item, (*base, name, index))


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


def read_translations(folder: Path, locale: str) -> gettext.GNUTranslations:
    """The compiled translations of ``locale`` in the data folder ``folder``."""
    with open(folder / LOCALES_FOLDER / f"{locale}.mo", "rb") as handle:
        return gettext.GNUTranslations(handle)


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
    kind: str, record: BaseModel, translations: gettext.GNUTranslations
) -> BaseModel:
    """``record`` with every translatable text replaced by its translation, where there is one.

    A text is looked up by its context *and* its English: a translation made for another
    English text (a stale one) is not found, so the English is kept. A translation that is not
    valid text (empty, control characters) is not used either.
    """
    changes: list[tuple[tuple[str | int, ...], str]] = []
    for entry in record_texts(kind, record):
        found = translations.pgettext(entry.context, entry.text)
        if found != entry.text and _is_valid_text(found):
            changes.append((entry.path, found))
    if not changes:
        return record
    data = record.model_dump(mode="python", round_trip=True)
    for path, text in changes:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        if isinstance(target, tuple):  # pragma: no cover - model_dump gives lists
            raise TypeError("unexpected tuple in a dumped record")
        target[path[-1]] = text
    return type(record).model_validate(data)


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
