"""Dataclasses made without compiling code, for the classes a cold start makes.

``@dataclass(frozen=True, slots=True)`` writes six methods as source text and compiles each
(Python 3.11), about half a millisecond a class. :func:`frozen_dataclass` is the same
dataclass (``dataclasses.fields``, ``replace``, ``asdict``, ``__match_args__`` and slots work
as before) with its ``__eq__``, ``__hash__``, ``__repr__``, ``__setattr__``, ``__delattr__``
and pickling written once, here, for every class; the class writes its own ``__init__``
(tests/unit/test_dataclasses.py checks that it takes the fields, in order, with their
defaults). :func:`slotted_dataclass` is ``@dataclass(slots=True)``'s mutable one, likewise
(its ``__init__`` takes ``None`` for a field with a ``default_factory``). One difference:
``__dataclass_params__`` describes the dataclass as made (without ``init``, ``repr``, ``eq``
or ``frozen``), since those methods are not generated.
"""

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["frozen_dataclass", "slotted_dataclass"]

T = TypeVar("T")


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving ``names``' values of an object, as a tuple (even of one or none)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    if not names:
        return lambda value: ()
    return attrgetter(*names)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen_dataclass(cls: type[T]) -> type[T]:
    """``cls`` as ``@dataclass(frozen=True, slots=True)`` makes it, ``__init__`` its own."""
    return _made(cls, frozen=True)


@dataclass_transform(field_specifiers=(field,))
def slotted_dataclass(cls: type[T]) -> type[T]:
    """``cls`` as ``@dataclass(slots=True)`` makes it (unhashable), ``__init__`` its own."""
    return _made(cls, frozen=False)


def _made(cls: type[T], *, frozen: bool) -> type[T]:
    made: Any = dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    every = fields(made)
    names = frozenset(f.name for f in every)
    compared = _values(tuple(f.name for f in every if f.compare))
    hashed = _values(tuple(f.name for f in every if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in every if f.repr)
    state = _values(tuple(f.name for f in every))

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    def __getstate__(self: Any) -> list[Any]:
        return list(state(self))

    def __setstate__(self: Any, values: list[Any]) -> None:
        for f, value in zip(every, values, strict=True):
            object.__setattr__(self, f.name, value)

    methods: tuple[Callable[..., Any], ...] = (__eq__, __repr__)
    if frozen:
        methods += (__hash__, __setattr__, __delattr__, __getstate__, __setstate__)
    else:  # mutable and compared by value: unhashable, as @dataclass makes it
        made.__hash__ = None
    for method in methods:
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    result: type[T] = made
    return result
