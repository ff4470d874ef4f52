"""Turning pydantic's validation errors into positioned, readable problems."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from independence.errors import KeyPath, Problem, did_you_mean, format_path
from independence.loading.reader import Document, Place, read_file

__all__ = ["MAX_PROBLEMS", "placed", "problem_at", "read_model", "validation_problems"]

ModelT = TypeVar("ModelT", bound=BaseModel)

#: Problems worth reading in one load: past this many, the loader stops checking records and
#: says how many it did not check, so a file of a million broken records costs seconds, not
#: hours. Reading, overlays and the cross-record checks each stop at this budget.
MAX_PROBLEMS = 1000

_YAML11_BOOLS = frozenset(
    {"yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE", "Yes", "No", "On", "Off"}
)


def placed(shown: str, found: Iterable[tuple[Place, KeyPath, str]]) -> list[Problem]:
    """Each placed message of ``found`` as a problem of the file ``shown``."""
    return [
        Problem(shown, line, column, format_path(where), message)
        for (line, column), where, message in found
    ]


def problem_at(doc: Document, shown: str, path: KeyPath, message: str) -> Problem:
    """A problem of the file ``shown`` about the value at ``path`` in ``doc``, placed there."""
    line, column = doc.position(path)
    return Problem(shown, line, column, format_path(path), message)


def read_model(
    path: str | os.PathLike[str], model: type[ModelT], shape: str
) -> tuple[Document | None, ModelT | None, list[Problem]]:
    """Read the file at ``path`` and validate it as one ``model``: the document, the record
    and the problems (the record is ``None`` when there are any). A file that is not a mapping
    is one problem, ``shape``, which says what the file should be."""
    shown = os.fspath(path)
    doc, why = read_file(path)
    if doc is None:
        return None, None, [Problem(shown, None, None, "", why or "cannot read it")]
    problems = placed(shown, doc.problems)
    if problems:
        return doc, None, problems
    if not isinstance(doc.value, dict):
        return doc, None, [Problem(shown, 1, 1, "", shape)]
    try:
        return doc, model.model_validate(doc.value), []
    except ValidationError as error:
        return doc, None, placed(shown, validation_problems(error, model, doc, ()))


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
