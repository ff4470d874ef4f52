"""Turning pydantic's validation errors into positioned, readable problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from independence.errors import KeyPath, did_you_mean
from independence.loading.reader import Document, Place

__all__ = ["MAX_PROBLEMS", "validation_problems"]

#: Problems worth reading in one load: past this many, the loader stops checking records and
#: says how many it did not check, so a file of a million broken records costs seconds, not
#: hours. Reading, overlays and the cross-record checks each stop at this budget.
MAX_PROBLEMS = 1000

_YAML11_BOOLS = frozenset(
    {"yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE", "Yes", "No", "On", "Off"}
)


def validation_problems(
    error: ValidationError, model: type[BaseModel], doc: Document, base: KeyPath
) -> Iterator[tuple[Place, KeyPath, str]]:
    """Each error of ``error`` (raised validating ``model`` at ``base`` in ``doc``), placed."""
    for detail in error.errors(include_url=False):
        loc = tuple(part for part in detail["loc"] if not _is_union_tag(part))
        path = (*base, *loc)
        kind = detail["type"]
        if kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            fields = _fields_at(model, loc[:-1])
            yield doc.key_position(path), path, f"unknown key {key!r}{did_you_mean(key, fields)}"
        elif kind == "missing":
            yield doc.position(path[:-1]), path, f"missing required key {path[-1]!r}"
        else:
            yield doc.position(path), path, _message(detail)


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the union member or a function name to the location; it is no data key
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    value = detail.get("input")
    message = detail["msg"]
    if kind in ("value_error", "assertion_error"):
        message = message.split(", ", 1)[1] if ", " in message else message
    elif kind == "bool_type" and isinstance(value, str) and value in _YAML11_BOOLS:
        message = f"{value!r} is text here: write true or false (YAML 1.1 words are not booleans)"
    elif kind in ("int_type", "int_from_float") and isinstance(value, str | float | bool):
        message = f"expected a whole number, not {value!r}"
    elif kind == "string_type":
        message = f"expected text, not {_describe(value)} (quote it if it is meant as text)"
    elif kind == "string_pattern_mismatch" and detail["loc"] and _is_id_field(detail["loc"]):
        message = f"{value!r} is not a valid id: use lower-case words joined by '-'"
    elif kind == "string_pattern_mismatch" and _is_prose_pattern(detail):
        message = "text must hold something besides white space, and no control characters"
    elif kind == "tuple_type":
        message = f"expected a list, not {_describe(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping of keys to values, not {_describe(value)}"
    elif kind == "too_short":
        message = message.replace("Tuple", "list").replace("after validation, ", "")
    return message


def _is_prose_pattern(detail: ErrorDetails) -> bool:
    context = detail.get("ctx") or {}
    return "\\x7f-\\x9f" in str(context.get("pattern", ""))


def _is_id_field(loc: tuple[int | str, ...]) -> bool:
    names = [part for part in loc if isinstance(part, str)]
    last = names[-1] if names else ""
    return last in ("id", "category", "check_in", "escalation", "prerequisites", "sources")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, tuple | list):
        return "a list"
    return repr(value)


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model`` (best effort)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
