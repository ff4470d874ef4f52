"""Build records from JSON-ready data that is known to be valid, without validating it again.

Used for one input only: the packaged snapshot, whose bytes match the digest written when
:func:`~independence.loading.snapshot.compile_snapshot` compiled them from a catalogue that had
passed every check (see :func:`~independence.loading.snapshot.catalog_from_snapshot`). Each
value is turned into what validation would give (nested records, enumeration members, tuples,
dates and times, the shared :class:`~independence.Age` of an age text) from the fields' types
alone; nothing is checked. Data from anywhere else must be validated.

A field of a type this module cannot build raises ``TypeError`` when its record is first
built, and a test builds the whole packaged catalogue both ways and compares them.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import date, time
from functools import partial
from typing import Any, Final

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from independence.age import Age, shared_age

__all__ = ["construct"]

Convert = Callable[[Any], Any]

_IDENTITY: Final = frozenset({str, int, bool, type(None), Any})
_set = object.__setattr__


class _Plan:
    """How to build one model: each field's converter, and whether the fast way applies."""

    __slots__ = ("fields", "model", "names", "plain", "steps")

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.fields = {
            name: (_converter(info.annotation), info)
            for name, info in model.__pydantic_fields__.items()
        }
        self.names = frozenset(self.fields)
        # per field, in the model's order: (name, converter, default), the default being a
        # plain default of an immutable kind (shared, as pydantic's own copy would return it),
        # _REQUIRED, or _FACTORY (made by pydantic's own default handling, as it would be)
        self.steps = tuple(
            (name, convert, _default_of(info)) for name, (convert, info) in self.fields.items()
        )
        # what model_construct does, less its per-call look-ups of aliases; models with
        # aliases, private attributes, extra values or a post-init hook go through it
        self.plain = (
            not model.__pydantic_root_model__
            and not model.__pydantic_post_init__
            and not model.__private_attributes__
            and model.model_config.get("extra") != "allow"
            and all(
                info.alias is None and info.validation_alias is None
                for _, info in self.fields.values()
            )
        )


_SHARED_DEFAULTS: Final = (type(None), str, int, float, tuple, frozenset, enum.Enum)
#: a field with no default, and one whose default pydantic makes (a factory, a mutable value)
_REQUIRED: Final = object()
_FACTORY: Final = object()
_plans: dict[type[BaseModel], _Plan] = {}


def _default_of(info: FieldInfo) -> Any:
    if info.is_required():
        return _REQUIRED
    if info.default_factory is None and isinstance(info.default, _SHARED_DEFAULTS):
        return info.default
    return _FACTORY


def _plan(model: type[BaseModel]) -> _Plan:
    plan = _plans.get(model)
    if plan is None:  # a race builds two equal plans; either serves
        plan = _plans[model] = _Plan(model)
    return plan


def construct(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """``model`` built from ``data`` (a JSON object of valid data), as validation would build it."""
    plan = _plans.get(model) or _plan(model)
    given = set(data)
    if not given <= plan.names:
        raise ValueError(f"{model.__name__} has no field {sorted(given - plan.names)[0]!r}")
    if not plan.plain:
        return model.model_construct(
            **{name: _apply(plan.fields[name][0], value) for name, value in data.items()}
        )
    values: dict[str, Any] = {}
    for name, convert, default in plan.steps:
        if name in given:
            value = data[name]
            values[name] = value if convert is None else convert(value)
        elif default is _FACTORY:
            info = plan.fields[name][1]
            values[name] = info.get_default(call_default_factory=True, validated_data=values)
        elif default is not _REQUIRED:
            values[name] = default
    built = model.__new__(model)
    _set(built, "__dict__", values)
    _set(built, "__pydantic_fields_set__", given)
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


def _converter(annotation: Any) -> Convert | None:
    """How to build a value of ``annotation`` from JSON (``None``: the JSON value as it is)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if annotation in _IDENTITY or origin is typing.Literal:
        return None
    if annotation is float:
        return float
    if annotation is Age:
        return shared_age
    if annotation is date:
        return date.fromisoformat
    if annotation is time:
        return time.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        # each value's member, looked up as validation finds it (calling the class is slower)
        return {member.value: member for member in annotation}.__getitem__
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return partial(construct, annotation)
    args = typing.get_args(annotation)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0])
        return tuple if item is None else _each(tuple, item)
    if origin is frozenset:
        item = _converter(args[0])
        return frozenset if item is None else _each(frozenset, item)
    if origin is dict:
        item = _converter(args[1])
        return dict if item is None else _values(item)
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        if len(present) == 1:
            item = _converter(present[0])
            return None if item is None else _optional(item)
        if all(_converter(arg) is None for arg in present):
            return None
    raise TypeError(f"cannot build a value of {annotation!r} without validating it")


def _apply(convert: Convert | None, value: Any) -> Any:
    return value if convert is None else convert(value)


def _each(kind: Callable[[Any], Any], item: Convert) -> Convert:
    return lambda value: kind(map(item, value))


def _values(item: Convert) -> Convert:
    return lambda value: {k: item(v) for k, v in value.items()}


def _optional(item: Convert) -> Convert:
    return lambda value: None if value is None else item(value)
