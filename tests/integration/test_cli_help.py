"""``--help`` in the language asked for: every command's help in Spanish and Arabic, English
exactly as before, and never an error for a language the help does not have."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, run

import independence
from independence.cli import main
from independence.cli.options import HelpTexts
from independence.cli.parser import (
    asks_for_help,
    build_parser,
    command_of,
    help_locale,
    help_texts,
)
from independence.l10n.catalogues import read_translations
from independence.messages import MESSAGES, Messages

#: Every parser that has a help of its own: the command line, each command, each action.
HELPS = [
    [], ["suggest"], ["show"], ["bands"], ["validate"], ["schema"], ["export"], ["escalate"],
    ["graph"], ["progress"], ["progress", "record"], ["progress", "child"],
    ["progress", "show"], ["progress", "next"], ["progress", "reviews"],
]  # fmt: skip
#: The English help, as main printed it before the help was translated (written by main's
#: code at 80 columns); the command line's own help has gained --locale since.
GOLDEN = ROOT / "tests" / "fixtures" / "help"

#: English words of the help, argparse's own among them: none may be left in a translation.
ENGLISH_WORDS = re.compile(
    r"\b(?:usage|options|positional|arguments|show this|help message|exit|program's|the|and|"
    r"with|of|for|file|folder|catalogue|child|child's|age|print|default|every|only|when|"
    r"instead|repeat|more|check|write|steps?|due|today|date|birth|stage|item|items)\b",
    re.IGNORECASE,
)
#: The metavars that are words: Spanish translates them (Arabic keeps the Latin ones, as the
#: usage line is written left to right).
METAVARS = re.compile(
    r"\b(?:DIR|FILE|PATH|TAG|CODE|NAME|AGE|DATE|STAGE|MINUTES|DEGREES|ZONE|KIND|BY|TIME)\b"
)
#: What a help shows as it is, whatever its language: option names, choices, placeholders,
#: ids, quoted commands and the values an option takes (a kind, a stage, an event).
KEPT = [
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),
    re.compile(r"\{[^}]*\}"),
    re.compile(r"«[^»]*»|'independence [^']*'"),
    re.compile(r"file:line:column: path:(?: warning:)? message"),  # a format, as printed
    re.compile(r"\b[a-z0-9]+(?:[-/][a-z0-9]+)+\b"),
    re.compile(
        r"\b(?:suggest|show|bands|validate|schema|export|escalate|graph|progress|record|child|"
        r"next|reviews|catalog|catalogue|categories|responsibilities|escalation|schedules|"
        r"perspective|overlay|region|together|alongside|nearby|alone|acknowledged|arrived|sos|"
        r"guardian|app|json|mermaid|warning|ID|ISO|N|C)\b"
    ),
]


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _words(text: str) -> str:
    text = " ".join(text.replace("\u2068", "").replace("\u2069", "").split())
    for kept in KEPT:
        text = kept.sub(" ", text)
    return text


@pytest.fixture(autouse=True)
def _width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("INDEPENDENCE_LOCALE", raising=False)


@pytest.mark.parametrize("words", HELPS, ids=lambda words: " ".join(words) or "independence")
def test_the_english_help_is_as_it_was(
    capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    expected = (GOLDEN / f"{'-'.join(words) or 'independence'}.txt").read_text("utf-8")
    assert _help(capsys, *words, "--help") == expected
    # English asked for by name, or a language the help does not have: the same English
    for locale in ("en-GB", "en", "xx", "zz-Latn-ZZ", "!!"):
        assert _help(capsys, *words, "--help", "--locale", locale) == expected, locale


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("words", HELPS, ids=lambda words: " ".join(words) or "independence")
def test_every_help_speaks_the_locale(
    capsys: pytest.CaptureFixture[str], words: list[str], locale: str
) -> None:
    shown = _help(capsys, *words, "--help", "--locale", locale)
    prose = _words(shown)
    # (a metavar such as FILE, in capitals, is not prose: see METAVARS)
    left = sorted({w.lower() for w in ENGLISH_WORDS.findall(prose) if not w.isupper()})
    if locale == "es":
        left += METAVARS.findall(prose)
    assert not left, (left, shown)
    if locale == "ar":
        assert re.search("[\u0600-\u06ff]{3}", shown)
        assert shown.startswith("الاستخدام: independence")
        # each isolate on one line: argparse wraps at spaces, and an isolate holds none
        for line in shown.splitlines():
            assert line.count("\u2068") == line.count("\u2069"), line


def test_the_spanish_help_reads_as_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _help(capsys, "suggest", "--help", "--locale", "es")
    assert shown.startswith("uso: independence suggest [-h] [--data RUTA] [--overlay FICHERO]")
    assert "opciones:\n  -h, --help            muestra esta ayuda y termina\n" in shown
    assert "  --age EDAD            la edad del niño o la niña: 8, 7y6m o 90m\n" in shown
    shown = _help(capsys, "progress", "record", "-h", "--locale", "es")
    assert "argumentos posicionales:\n  FICHERO" in shown and "\n  ETAPA " in shown


@pytest.mark.parametrize(
    "argv",
    [
        ["--locale", "es", "suggest", "--help"],  # before the command
        ["suggest", "--help", "--locale=es"],
        ["suggest", "--locale", "es-MX", "-h"],  # negotiated as the data commands do
        ["suggest", "--loc", "es", "--he"],  # abbreviated, as argparse takes them
    ],
)
def test_the_locale_is_found_anywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert _help(capsys, *argv).startswith("uso: independence suggest")


def test_the_locale_comes_from_the_environment_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDEPENDENCE_LOCALE", "ar")
    assert _help(capsys, "--help").startswith("الاستخدام: ")
    # the option wins over the environment
    assert _help(capsys, "--help", "--locale", "es").startswith("uso: ")


def test_a_locale_before_the_command_serves_the_command_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "--locale", "es", "bands")
    assert status == 0 and "revisar cada" in out
    status, out, _ = run(capsys, "--locale", "es", "bands", "--locale", "en-GB")
    assert status == 0 and "review every" in out  # the command's own --locale wins


def test_reading_the_argv() -> None:
    assert command_of(["--locale", "es", "suggest"]) == "suggest"
    assert command_of(["--locale=es", "show", "x"]) == "show"
    assert command_of(["-h"]) is None
    assert asks_for_help(["suggest", "-h"]) and asks_for_help(["--hel"])
    assert not asks_for_help(["suggest", "--", "-h"]) and not asks_for_help(["suggest"])
    assert help_locale(["x", "--locale", "ar", "--help"]) == "ar"
    assert help_locale(["x", "--locale"]) is None


def test_the_arabic_help_isolates_every_latin_run() -> None:
    """An option name, a value or a code in an Arabic help text is an isolate, so the
    bidirectional algorithm shows it as written (``--lat/--lon``, ``7y6m``, ``-90``)."""
    translations = read_translations(Path(independence.build.data_path()), "ar")
    checked = 0
    for context, english in MESSAGES.items():
        if not context.startswith(("help:", "argparse:")):
            continue
        text = translations.pgettext(context, english)
        assert text != english, context
        text = re.sub(r"\{\w+\}", "", text)  # a placeholder: its value is isolated when shown
        for found in re.finditer(r"[-A-Za-z0-9$]*[A-Za-z$-][-A-Za-z0-9$]*", text):
            before = text[: found.start()]
            assert before.count("\u2068") > before.count("\u2069"), (context, found.group())
            checked += 1
    assert checked > 100


def test_a_broken_translation_never_breaks_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse formats ``%`` in an option's help and reads brackets in a metavar: a
    translation with either is shown safely (the ``%`` as written, the metavar in English)."""

    class Odd:
        def pgettext(self, context: str, message: str) -> str:
            if context.startswith("metavar:"):
                return "A B[" if context == "metavar:AGE" else f"X{message}"
            return "100% %(prog)s %s" if context.startswith("help:") else message

    parser = build_parser("suggest", say=HelpTexts(Messages(Odd(), "es")))  # type: ignore[arg-type]
    with pytest.raises(SystemExit):
        parser.parse_args(["suggest", "--help"])
    shown = capsys.readouterr().out
    assert "--age AGE " in shown and "--data XPATH" in shown
    assert "100% %(prog)s %s" in shown


def test_english_help_reads_no_translation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold start: a command that does not ask for help in another language reads no
    translation for the help (the data commands read theirs when they need it)."""
    import independence.cli.parser as parser

    def refuse(locale: str | None) -> None:
        raise AssertionError("the help's translations were read")

    monkeypatch.setattr(parser, "help_texts", refuse)
    monkeypatch.setenv("INDEPENDENCE_LOCALE", "es")
    status, out, _ = run(capsys, "suggest", "--age", "8", "--data", str(MINI), "--locale", "en")
    assert status == 0 and out
    code = (
        "import sys; from independence.cli import main\n"
        "try:\n    main(['suggest', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('independence.l10n.catalogues' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "COLUMNS": "80"},
    )
    assert done.stderr.strip() == "False" and done.stdout.startswith("usage: ")


@pytest.mark.parametrize("words", HELPS[1:], ids=" ".join)
def test_a_translated_parser_built_for_one_command_reads_the_same(
    capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    """Only the command that runs is built in full, in every language (issue #28)."""
    say = help_texts("es")
    assert say is not None

    def shown(parser: object, *argv: str) -> str:
        assert isinstance(parser, type(build_parser()))
        with pytest.raises(SystemExit):
            parser.parse_args([*argv, "--help"])
        return capsys.readouterr().out

    one, full = build_parser(words[0], say=say), build_parser(say=say)
    assert shown(one, *words) == shown(full, *words)
    assert shown(one) == shown(full)
    assert shown(one).startswith("uso: independence")
