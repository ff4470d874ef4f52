"""Reading a command-line mistake back into its sentence (independence.cli.mistakes)."""

from __future__ import annotations

import pytest

import independence
from independence.cli.mistakes import MISTAKES, localise
from independence.messages import MESSAGES, Messages

#: A value of each shape a placeholder takes, as the code writes it into a mistake.
_SAMPLES = {
    "option": "--age",
    "value": "'banana'",
    "kind": "check-in policy",
    "id": "'walk-to-scool'",
    "close": " (did you mean 'walk-to-school' or 'walk-home'?)",
    "command": "'graph bands'",
    "event": "time-added",
    "prog": "independence suggest",
    "message": "expected one argument",
    "path": "p.json",
    "limit": "90",
    # the check-in engine's refusals: an event named "event N (KIND at TIME by WHO)"
    "number": "2",
    "what": "arrived",
    "by": "child",
    **dict.fromkeys(
        ("at", "opens", "sos", "missed", "since", "started", "searched", "now", "last"),
        "2026-09-01T08:45:00+01:00",
    ),
    "left": "0",
    "cap": "60",
    "under": "12y",
    "min_age": "13y",
    "age": "8y",
    "ids": "'home-alone-short', 'walk-to-school'",
    "roles": "child or guardian",
}


class _Named(Messages):
    """Says each sentence as its context, to see which one a line was read as."""

    def __call__(self, context: str, /, **values: object) -> str:
        inner = f"<{values['message']}>" if "message" in values else ""
        return f"[{context}{inner}]"


@pytest.mark.parametrize("context", MISTAKES)
def test_every_mistake_reads_back_as_its_own_sentence(context: str) -> None:
    """The English of each sentence, with values of the shapes the code gives, is read back as
    that sentence and no other (an earlier, looser one would take its values apart)."""
    english = MESSAGES[context].format_map(_Default(_SAMPLES))
    expected = "[argparse:argument<[argparse:expected-one]>]"
    if context not in _WRAPPERS:
        expected = f"[{context}]"
        # and after an option's name, as the command line writes most of them
        wrapped = f"[usage:option<{expected}>]"
        assert localise(f"--event: {english}", _Named()) == wrapped
    elif context != "argparse:argument":
        expected = f"[{context}<[argparse:expected-one]>]"
    assert localise(english, _Named()) == expected


_WRAPPERS = {"argparse:argument", "usage:option", "usage:quoted"}


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "x y"


def test_a_line_that_is_no_sentence_is_shown_as_it_is() -> None:
    say = independence.default_catalog(locale="es").messages
    line = "something went wrong: 'x'\u2028and more"
    assert localise(line, say) == line


def test_a_wrapped_mistake_is_said_whole_in_the_language() -> None:
    say = independence.default_catalog(locale="es").messages
    line = "argument --age: expected one argument (see 'independence suggest --help')"
    assert localise(line, say) == "argumento --age: falta un valor (consulta «independence " \
        "suggest --help»)"  # fmt: skip


@pytest.mark.parametrize(("locale", "joined"), [("es", "child o guardian"), ("ar", " أو ")])
def test_a_list_of_roles_is_joined_in_the_language(locale: str, joined: str) -> None:
    """Who it comes from ("child or guardian"): the roles as they are, the "or" translated."""
    say = independence.default_catalog(locale=locale).messages
    english = "a location-paused event needs 'by' (who it comes from: child or guardian)"
    said = localise(english, say)
    assert joined in said and " or " not in said
    assert said.count("child") == 1 and said.count("guardian") == 1
