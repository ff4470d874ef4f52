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

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel

from independence.model._base import Text

__all__ = ["CONTEXT_KINDS", "TextEntry", "context", "record_texts"]

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
