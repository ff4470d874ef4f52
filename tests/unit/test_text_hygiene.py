"""Invisible and misleading text is refused wherever text is accepted; zones are IANA names."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from conftest import MINI
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from independence import Age, CheckInSession, load_catalog
from independence.escalation import Circumstances
from independence.model.base import BIDI_CONTROLS, Text, bidi_problem, is_invisible
from independence.model.check_in import iana_zone

DUE = datetime(2026, 11, 27, 8, 40, tzinfo=UTC)
#: the pattern of :data:`~independence.model.base.Text`, written out: no control character,
#: something that is not white space
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_TEXT_PATTERN = rf"[^{_CONTROLS}]*[^{_CONTROLS}\s][^{_CONTROLS}]*"


@pytest.mark.parametrize(
    "text",
    [
        "\u202eevil",
        "a\u202ab",
        "\u2067open",
        "close\u2069",
        "\u2066a\u202cb\u2069",
        "\u202ba\u2069",
    ],
)
def test_unbalanced_bidi_controls_are_named(text: str) -> None:
    assert bidi_problem(text) is not None


@pytest.mark.parametrize(
    "text", ["plain", "\u2067a\u2069", "\u202ba\u202c", "\u2068\u202ea\u202c\u2069", "a\u200fb"]
)
def test_balanced_bidi_controls_and_marks_pass(text: str) -> None:
    assert bidi_problem(text) is None


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u2060", " \u3164 ", "\u2800", "\u00a0\ufeff"]
)
def test_text_made_only_of_invisible_characters_is_invisible(text: str) -> None:
    assert is_invisible(text)


@pytest.mark.parametrize("text", ["a\u200b", "\u0661", "\u0645\u0631\u062d\u0628\u0627", "\u0301a"])
def test_text_with_something_to_see_is_not(text: str) -> None:
    assert not is_invisible(text)


def test_a_session_destination_with_an_override_is_refused() -> None:
    session = CheckInSession.from_catalog(
        load_catalog(MINI), "short-walk", due=DUE, circumstances=Circumstances(age=Age(years=9))
    )
    with pytest.raises(ValueError, match="left open"):
        session.add(
            "plan-changed",
            datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
            destination="\u202eloohcs",
            by="guardian",
        )
    with pytest.raises(ValueError, match="invisible"):
        session.add(
            "plan-changed",
            datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
            destination="\u200b",
            by="guardian",
        )


@pytest.mark.parametrize(
    "name",
    [
        "localtime",
        "posixrules",
        "Factory",
        "posix/Europe/London",
        "../etc/passwd",
        "/etc/localtime",
    ],
)
def test_only_iana_zone_names_are_accepted(name: str) -> None:
    with pytest.raises(ValueError, match="use an IANA name"):
        iana_zone(name)
    with pytest.raises(ValueError, match="use an IANA name"):
        CheckInSession.from_catalog(
            load_catalog(MINI),
            "short-walk",
            due=DUE,
            circumstances=Circumstances(age=Age(years=9), tz=name),
        )


@pytest.mark.parametrize(
    "name", ["Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5"]
)
def test_iana_zone_names_are_accepted(name: str) -> None:
    assert iana_zone(name).key == name


def test_the_command_lines_tz_refuses_localtime(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import run

    argv = ["escalate", "short-walk", "--data", str(MINI), "--age", "9"]
    status, _, err = run(capsys, *argv, "--due", "2026-11-27T08:40Z", "--tz", "localtime")
    assert status == 2 and "unknown time zone 'localtime'" in err


#: characters that the text rules tell apart: ASCII, spaces, bidirectional controls and marks,
#: blank letters, format characters, combining marks, Arabic letters and control characters
_TRICKY = st.text(
    alphabet=st.sampled_from(
        list("a .!~\t\n\u00a0\u3000\u200b\u200c\u2060\ufeff\u3164\u2800\u0301\u064b\u0627")
        + sorted(BIDI_CONTROLS)
        + ["\x07", "\x85"]
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(_TRICKY)
def test_text_is_accepted_exactly_when_every_rule_holds(text: str) -> None:
    # the validator's quick path (two scans for the common case) against the rules spelt out
    expected = (
        re.fullmatch(_TEXT_PATTERN, text) is not None
        and bidi_problem(text) is None
        and not is_invisible(text)
    )
    try:
        TypeAdapter(Text).validate_python(text)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted == expected, text
