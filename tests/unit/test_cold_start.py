"""What the command line's cold start leaves out or defers (issue 28), and that each deferred
thing still works, the same, when first touched. No timing is asserted: what is imported and
what is built are facts, not speeds."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from independence.cli.render import width


def _columns(text: str) -> int:
    """The columns of ``text`` by the rule itself, one character at a time."""
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_cells_width_is_the_rules_whatever_its_characters(text: str) -> None:
    assert width(text) == _columns(text)


def test_the_quick_width_of_plain_text_and_the_full_one_of_the_rest() -> None:
    assert width("pack-own-lunch") == 14
    assert width("") == 0
    assert width("\u2068جدول\u2069") == 4  # the isolates take no column
    assert width("e\u0301") == 1  # a combining accent takes none
    assert width("漢字") == 4  # wide characters two
    assert width("a\tb") == 3  # a control character: the rule's one column
