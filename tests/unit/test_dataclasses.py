"""The frozen dataclasses made without compiling code (independence._dataclasses) behave as
``@dataclass(frozen=True, slots=True)`` does: the same equality, hash, repr, immutability,
``replace``, pickling and copying; and each class's own ``__init__`` takes its fields."""

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from independence._dataclasses import frozen_dataclass, slotted_dataclass
from independence.catalog import Presentation
from independence.messages import Forms
from independence.model.sections import SectionKind
from independence.records import Change, DisabledRecord, Finding, Origin, Parts, Section


@dataclasses.dataclass(frozen=True, slots=True)
class Compiled:
    name: str
    count: int = 0
    hidden: Any = dataclasses.field(default=None, compare=False, repr=False)
    extra: tuple[int, ...] = ()


@frozen_dataclass
class Quick:
    name: str
    count: int = 0
    hidden: Any = dataclasses.field(default=None, compare=False, repr=False)
    extra: tuple[int, ...] = ()

    def __init__(self, name: str, count: int = 0, hidden: Any = None, extra: tuple[int, ...] = ()):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "hidden", hidden)
        object.__setattr__(self, "extra", extra)


values = st.tuples(
    st.text(max_size=5),
    st.integers(-3, 3),
    st.none() | st.integers(0, 2),
    st.tuples() | st.tuples(st.integers(0, 2)),
)


def _both(value: tuple[str, int, Any, tuple[int, ...]]) -> tuple[Compiled, Quick]:
    return Compiled(*value), Quick(*value)


@settings(max_examples=150, deadline=None)
@given(values, values)
def test_equality_and_hash_are_a_compiled_dataclasses(
    one: tuple[str, int, Any, tuple[int, ...]], two: tuple[str, int, Any, tuple[int, ...]]
) -> None:
    (compiled, quick), (compiled_2, quick_2) = _both(one), _both(two)
    assert (quick == quick_2) == (compiled == compiled_2)
    assert (quick != quick_2) == (compiled != compiled_2)
    if quick == quick_2:
        assert hash(quick) == hash(quick_2)
    assert repr(quick) == repr(compiled).replace("Compiled(", "Quick(", 1)


@settings(max_examples=50, deadline=None)
@given(values)
def test_copies_replace_and_pickles_are_equal_and_frozen(
    value: tuple[str, int, Any, tuple[int, ...]],
) -> None:
    compiled, quick = _both(value)
    for made in (copy.copy(quick), copy.deepcopy(quick), pickle.loads(pickle.dumps(quick))):
        assert made == quick and type(made) is Quick
        assert made.hidden == quick.hidden
    assert dataclasses.replace(quick, count=9) == Quick(value[0], 9, None, value[3])
    assert dataclasses.asdict(quick) == dataclasses.asdict(compiled)
    assert dataclasses.astuple(quick) == dataclasses.astuple(compiled)


def test_immutability_and_shape_are_a_compiled_dataclasses() -> None:
    compiled, quick = _both(("a", 1, None, ()))
    for target in (compiled, quick):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'count'"):
            target.count = 2  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'count'"):
            del target.count
    with pytest.raises(dataclasses.FrozenInstanceError):  # (3.11's own raises a TypeError)
        quick.other = 2  # type: ignore[attr-defined]
    assert not hasattr(quick, "__dict__")
    assert vars(Quick)["__slots__"] == vars(Compiled)["__slots__"]
    assert Quick.__match_args__ == Compiled.__match_args__
    assert [(f.name, f.compare, f.repr) for f in dataclasses.fields(Quick)] == [
        (f.name, f.compare, f.repr) for f in dataclasses.fields(Compiled)
    ]
    assert quick.__eq__(object()) is NotImplemented
    assert quick != Quick("a", 1, None, (1,)) and quick == Quick("a", 1, "other", ())
    match quick:
        case Quick(name, count):
            assert (name, count) == ("a", 1)
    assert dataclasses.is_dataclass(Quick)


@pytest.mark.parametrize(
    "cls",
    [Origin, Change, DisabledRecord, Finding, Forms, Presentation, SectionKind, Section, Parts],
)
def test_each_classs_own_init_takes_its_fields_in_order_with_their_defaults(cls: type) -> None:
    # what @dataclass would have written: a field added without its parameter fails here (a
    # field made by a default_factory takes None for "a new one")
    parameters = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default, p.kind) for p in parameters] == [
        (
            f.name,
            None
            if f.default_factory is not dataclasses.MISSING
            else inspect.Parameter.empty
            if f.default is dataclasses.MISSING
            else f.default,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        )
        for f in dataclasses.fields(cls)
    ]


def test_an_origin_and_a_finding_compare_and_show_as_before() -> None:
    origin = Origin("a.yaml", ("responsibilities", 0), None, (), (3, 1))
    assert repr(origin) == (
        "Origin(file='a.yaml', path=('responsibilities', 0), changes=(), at=(3, 1))"
    )
    same = Origin("a.yaml", ("responsibilities", 0), doc=object(), at=(3, 1))  # type: ignore[arg-type]
    assert origin == same and hash(origin) == hash(same)  # the document is not compared
    assert origin != Origin("a.yaml", ("responsibilities", 1), at=(3, 1))
    finding = Finding(origin, ("id",), "bad", hint=("x", ["y"]))
    assert finding == Finding(origin, ("id",), "bad")  # nor is the hint
    assert repr(finding) == f"Finding(origin={origin!r}, subpath=('id',), message='bad', key=False)"
    with pytest.raises(ValueError, match="grammatical_gender must be one of"):
        Forms(child="neuter")  # Forms' own check still runs


@dataclasses.dataclass(slots=True)
class CompiledMutable:
    name: str
    items: list[int] = dataclasses.field(default_factory=list)
    hidden: Any = dataclasses.field(default=None, compare=False, repr=False)


@slotted_dataclass
class QuickMutable:
    name: str
    items: list[int] = dataclasses.field(default_factory=list)
    hidden: Any = dataclasses.field(default=None, compare=False, repr=False)

    def __init__(self, name: str, items: list[int] | None = None, hidden: Any = None) -> None:
        self.name = name
        self.items = [] if items is None else items
        self.hidden = hidden


def test_a_slotted_mutable_dataclass_is_a_compiled_ones() -> None:
    compiled, quick = CompiledMutable("a"), QuickMutable("a")
    assert repr(quick) == repr(compiled).replace("CompiledMutable(", "QuickMutable(", 1)
    assert quick == QuickMutable("a", [], hidden=1) and quick != QuickMutable("a", [1])
    assert QuickMutable("a").items is not quick.items  # a new list each
    for target in (compiled, quick):
        target.items.append(1)
        target.name = "b"
        with pytest.raises(TypeError, match="unhashable"):
            hash(target)
        with pytest.raises(AttributeError):
            target.other = 1  # type: ignore[union-attr]
    assert repr(quick) == repr(compiled).replace("CompiledMutable(", "QuickMutable(", 1)
    assert copy.deepcopy(quick) == quick and pickle.loads(pickle.dumps(quick)) == quick
    assert dataclasses.replace(quick, name="c") == QuickMutable("c", [1])
    assert vars(QuickMutable)["__slots__"] == vars(CompiledMutable)["__slots__"]
    parts = Parts()
    assert parts.info == Section() and parts.info is not Parts().info
    assert parts.root == Origin(None, ()) and parts == Parts()
