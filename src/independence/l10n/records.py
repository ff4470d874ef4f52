"""Record translation: which texts of the records are translated, how each is named for
translators, and the records with their texts in another language.

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
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, TypeAdapter, ValidationError

from independence.messages import Forms, isolate
from independence.model.base import Text

if TYPE_CHECKING:
    from independence.records import Parts

__all__ = [
    "CONTEXT_KINDS",
    "TextEntry",
    "base_context",
    "context",
    "english_texts",
    "record_texts",
    "translate_parts",
    "translate_record",
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
    try:
        _text_adapter().validate_python(text)
    except ValidationError:
        return False
    return True


@functools.cache
def _text_adapter() -> TypeAdapter[str]:
    return TypeAdapter(Text)


def english_texts(parts: Parts) -> dict[str, str]:
    """``{context: English}`` of every translatable text of ``parts``."""
    found: dict[str, str] = {}
    for section, kind in CONTEXT_KINDS.items():
        for record, _ in parts.section(section).entries:
            for entry in record_texts(kind, record):
                found[entry.context] = entry.text
    return found


def translate_parts(
    parts: Parts,
    translations: gettext.NullTranslations,
    forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    right_to_left: bool = False,
) -> Parts:
    """A copy of ``parts`` with every record translated (:func:`translate_record`); the
    origins are kept, so problems and provenance still name the YAML."""
    parts = parts.copy()
    for section, kind in CONTEXT_KINDS.items():
        entries = parts.section(section).entries
        entries[:] = [
            (translate_record(kind, record, translations, forms, right_to_left), origin)
            for record, origin in entries
        ]
    return parts
