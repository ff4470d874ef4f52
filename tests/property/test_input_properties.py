"""Properties of the guarded way in: any text is a value or one InputError, never anything else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from independence import InputError
from independence.loading.guard import MAX_JSON_DEPTH, parse_json
from independence.messages import template_problem
from independence.model.base import bidi_problem

SETTINGS = settings(max_examples=150, deadline=None)

#: JSON values within every cap: short numbers, any text, shallow nesting.
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**29), max_value=10**29)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(VALUES)
def test_a_value_within_the_caps_reads_back_as_itself(value: Any) -> None:
    assert parse_json(json.dumps(value), "f") == value


@SETTINGS
@given(st.text(alphabet=st.sampled_from('[]{}",:0123456789.-eE ntrufalsNIiy\\x'), max_size=200))
def test_any_text_is_a_value_or_one_input_error(text: str) -> None:
    caught: InputError | None = None
    try:
        parse_json(text, "f")
    except InputError as error:
        caught = error
    if caught is not None:
        assert len(caught.problems) == 1 and caught.problems[0].file == "f"


@SETTINGS
@given(st.integers(min_value=MAX_JSON_DEPTH + 1, max_value=5000))
def test_nesting_past_the_cap_is_refused_at_any_depth(depth: int) -> None:
    with pytest.raises(InputError, match="nested more than"):
        parse_json("[" * depth + "]" * depth, "f")


@SETTINGS
@given(
    st.text(
        alphabet=st.sampled_from("ab\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
        max_size=30,
    )
)
def test_balance_is_kept_by_joining_and_broken_by_an_open_control(text: str) -> None:
    if bidi_problem(text) is None:
        assert bidi_problem(text + text) is None
        assert bidi_problem("\u2067" + text + "\u2069") is None
        assert bidi_problem(text + "\u202e") is not None
        assert bidi_problem("\u2069" + text) is not None


@SETTINGS
@given(st.text(alphabet=st.sampled_from("{}!:>0123dxrsaw window"), max_size=40))
def test_a_template_that_passes_formats_without_error(template: str) -> None:
    english = "Fits this age: {window}."
    if template_problem(english, template) is None:
        assert len(template.format(window="6y-8y")) <= len(template) + 10
