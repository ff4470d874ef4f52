"""Translation catalogues are data: read guarded, each entry checked, a bad one never shown."""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.mofile import write_mo
from conftest import DATA, run

import independence
from independence import InputError, load_catalog
from independence.l10n.catalogues import CheckedTranslations, entry_problem, mo_entries
from independence.l10n.negotiation import is_right_to_left
from independence.messages import MESSAGES

ESC_HEADING = (
    "\x1b]8;;http://evil\x07Edad\x1b[2J {age} ({band}, {range}): {count} {suggestions}, {mode}"
)


@pytest.fixture
def app_data(tmp_path: Path) -> Path:
    """A copy of the shipped data whose Spanish is only a compiled catalogue (no PO files)."""
    folder = Path(shutil.copytree(DATA, tmp_path / "data"))
    shutil.rmtree(folder / "locales" / "es")
    return folder


def _write_mo(path: Path, entries: dict[str, tuple[str, str]]) -> None:
    """A compiled catalogue of ``{context: (English, translation)}``."""
    catalog = PoCatalog(locale="es")
    for context, (english, translated) in entries.items():
        catalog.add(english, translated, context=context)
    with open(path, "wb") as out:
        write_mo(out, catalog)


def _hostile_entries(folder: Path) -> dict[str, tuple[str, str]]:
    english = load_catalog(folder)
    first, second, third = english.responsibilities[:3]
    return {
        "cli:suggest-heading": (MESSAGES["cli:suggest-heading"], ESC_HEADING),
        "reason:fits": (MESSAGES["reason:fits"], "Encaja: {window:>30000000}."),
        "reason:ready-alone": (MESSAGES["reason:ready-alone"], "Listo: {window:d}."),
        "reason:catch-up-alone": (MESSAGES["reason:catch-up-alone"], "Ponerse al día: {window!x}"),
        "reason:worth-checking": (MESSAGES["reason:worth-checking"], "Comprobar { {window}"),
        "reason:window": (MESSAGES["reason:window"], "{start.__class__} {rung} {end}"),
        f"responsibility:{first.id}#title": (first.title, "Malo \u202eoculto"),
        f"responsibility:{second.id}#title": (second.title, "\u2067Aislado\u2069"),
        f"responsibility:{third.id}#title": (third.title, "\u200b\u200b"),
    }


def test_each_bad_entry_is_left_out_with_a_warning_and_the_english_kept(app_data: Path) -> None:
    entries = _hostile_entries(app_data)
    _write_mo(app_data / "locales" / "es.mo", entries)
    english = load_catalog(app_data)
    spanish = load_catalog(app_data, locale="es")
    for item in english.responsibilities[:3]:
        assert spanish.responsibility(item.id).title == item.title
    refused = {w.path: w for w in spanish.warnings if w.message.startswith("not used")}
    assert set(refused) == set(entries)
    assert all(w.file == str(app_data / "locales" / "es.mo") for w in refused.values())
    reason = spanish.suggest(8)[0].reason
    assert reason == english.suggest(8)[0].reason  # every template refused: English sentences


def test_the_command_line_writes_no_control_and_no_runaway_width(
    capsys: pytest.CaptureFixture[str], app_data: Path
) -> None:
    _write_mo(app_data / "locales" / "es.mo", _hostile_entries(app_data))
    argv = ["suggest", "--age", "8", "--limit", "3", "--data", str(app_data), "--locale", "es"]
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert not any(("\x00" <= c < " " and c not in "\n\t") or "\x7f" <= c <= "\x9f" for c in out)
    assert len(out) < 10_000  # three suggestions, not 90 MB of padding


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00" * 3, b"garbage that is not a catalogue" * 10, b"\xde\x12\x04\x95" + b"\xff" * 40],
)
def test_an_empty_or_damaged_mo_is_one_problem_naming_it(
    capsys: pytest.CaptureFixture[str], app_data: Path, content: bytes
) -> None:
    mo = app_data / "locales" / "es.mo"
    mo.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_catalog(app_data, locale="es")
    assert caught.value.problems[0].file == str(mo)
    assert "not a compiled translation catalogue" in caught.value.problems[0].message
    status, out, err = run(
        capsys, "suggest", "--age", "8", "--data", str(app_data), "--locale", "es"
    )
    assert (status, out) == (1, "")
    assert err.startswith(f"independence: error: {mo}") and err.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_as_a_mo_is_refused_before_reading(app_data: Path) -> None:
    mo = app_data / "locales" / "es.mo"
    mo.unlink()
    os.mkfifo(mo)
    with pytest.raises(InputError, match="not a regular file"):
        load_catalog(app_data, locale="es")


def test_a_mo_in_another_charset_is_refused(app_data: Path) -> None:
    mo = app_data / "locales" / "es.mo"
    catalog = PoCatalog(locale="es", charset="latin-1")
    catalog.add("Hello", "Hola", context="catalog:catalog#name")
    with open(mo, "wb") as out:
        write_mo(out, catalog)
    with pytest.raises(InputError, match="only UTF-8 is read"):
        load_catalog(app_data, locale="es")


def test_bad_entries_in_a_po_file_are_warnings_at_their_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(DATA, tmp_path / "data"))
    po = folder / "locales" / "es" / "messages.po"
    text = po.read_text("utf-8")
    start = text.index('msgctxt "reason:fits"')
    msgstr = text.index("msgstr", start)
    end = text.index("\n\n", msgstr)
    po.write_text(text[:msgstr] + 'msgstr "Encaja: {window:>300}."' + text[end:], "utf-8")
    line = text[:start].count("\n") + 1
    status, out, _ = run(capsys, "validate", "--locale", "es", str(folder))
    assert status == 0
    assert f"{po}:{line}:1: reason:fits: warning: not used, English shown: the placeholder" in out


@pytest.mark.parametrize(
    ("locale", "text", "why"),
    [
        ("es", "a\x1bb", "control character U+001B"),
        ("es", "a\x85b", "control character U+0085"),
        ("ar", "\u202e\u0645\u0631\u062d\u0628\u0627", "left open"),
        ("es", "\u2067hola\u2069", "right-to-left locales only"),
        ("es", "\u3164", "only invisible characters"),
    ],
)
def test_entry_rules(locale: str, text: str, why: str) -> None:
    found = entry_problem("responsibility:x#title", "Hello", text, locale)
    assert found is not None and why in found


def test_balanced_bidi_controls_are_fine_in_a_right_to_left_locale() -> None:
    assert (
        entry_problem(
            "responsibility:x#title", "Hello", "\u2067\u0645\u0631\u062d\u0628\u0627\u2069 A", "ar"
        )
        is None
    )
    assert is_right_to_left("ar") and is_right_to_left("he-IL") and is_right_to_left("ku-Arab")
    assert not is_right_to_left("es") and not is_right_to_left("en-US")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_every_shipped_po_passes_msgfmt_check() -> None:
    failures = []
    for po in sorted((DATA / "locales").rglob("*.po")):
        done = subprocess.run(
            ["msgfmt", "-c", "--check-format", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
            timeout=600,  # only to catch a hang
        )
        if done.returncode != 0:
            failures.append(done.stderr)
    assert not failures, "\n".join(failures)


LOCALE_CORPUS = Path(__file__).parents[1] / "fixtures" / "invalid" / "locales"
#: corpus .mo -> a part of its one problem (or, for bad entries, how many are refused)
MO_EXPECT: dict[str, str | int] = {
    "empty.mo": "not a compiled translation catalogue (empty)",
    "garbage.mo": "not a compiled translation catalogue",
    "truncated.mo": "not a compiled translation catalogue",
    "latin1.mo": "written in latin1: only UTF-8 is read",
    "bad-entries.mo": 6,
}


def test_every_mo_of_the_corpus_has_its_expectation() -> None:
    assert sorted(p.name for p in LOCALE_CORPUS.iterdir()) == sorted(MO_EXPECT)


@pytest.mark.parametrize("name", sorted(MO_EXPECT))
def test_a_hostile_mo_is_one_problem_or_its_entries_are_refused(tmp_path: Path, name: str) -> None:
    from independence.l10n.catalogues import read_checked_translations

    (tmp_path / "locales").mkdir()
    mo = tmp_path / "locales" / "es.mo"
    shutil.copy(LOCALE_CORPUS / name, mo)
    expected = MO_EXPECT[name]
    if isinstance(expected, int):
        translations, refused = read_checked_translations(tmp_path, "es")
        assert len(refused) == expected
        assert translations.pgettext("responsibility:tidy#title", "Tidy toys") == "Tidy toys"
        return
    with pytest.raises(InputError) as caught:
        read_checked_translations(tmp_path, "es")
    (problem,) = caught.value.problems
    assert problem.file == str(mo) and expected in problem.message


def test_the_warnings_of_a_locales_po_files_are_bounded(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(DATA, tmp_path / "data"))
    extra = folder / "locales" / "es" / "extra.po"
    extra.write_text(
        "".join(
            f'msgctxt "band:gone-{k}#title"\nmsgid "Gone"\nmsgstr "Ido"\n\n' for k in range(1500)
        ),
        encoding="utf-8",
    )
    warnings = load_catalog(folder, locale="es").warnings
    assert len(warnings) <= 1001 + 50  # the locale's list, and the data's own few
    assert any("more translation warnings (not listed" in w.message for w in warnings)


def test_the_library_sentences_never_carry_a_control_whatever_the_catalogue() -> None:
    from independence.messages import Messages

    class Hostile:
        def pgettext(self, context: str, message: str) -> str:
            return "\x1b[2J" + message

    say = Messages(Hostile())  # type: ignore[arg-type]
    assert say("reason:fits", window="6y-8y") == "Fits this age: 6y-8y."
    assert say.text("region:GB#name", "Great Britain") == "Great Britain"


def test_a_compiled_catalogues_entries_are_read_as_gettext_reads_them() -> None:
    # the oracle: gettext's own lookup of every entry the library's reader lists
    for locale in ("es", "ar", "en-US"):
        data = (DATA / "locales" / f"{locale}.mo").read_bytes()
        gnu = gettext.GNUTranslations(io.BytesIO(data))
        entries = mo_entries(data)
        assert len(entries) > 100
        for key, translated in entries.items():
            if "\x04" in key:
                context_, english = key.split("\x04", 1)
                assert gnu.pgettext(context_, english) == translated
            else:
                assert gnu.gettext(key) == translated


def test_a_refused_entry_shows_its_english_and_the_rest_are_kept() -> None:
    inner = gettext.NullTranslations()
    checked = CheckedTranslations(inner, frozenset({("c", "Hello")}))
    assert checked.pgettext("c", "Hello") == "Hello"
    assert checked.pgettext("d", "Hello") == inner.pgettext("d", "Hello")


def test_gettext_is_read_through_its_public_api_only() -> None:
    package = Path(independence.__file__).parent
    private = re.compile(r"""\._catalog\b|["']_catalog["']""")  # GNUTranslations' own table
    readers = [p.name for p in package.rglob("*.py") if private.search(p.read_text("utf-8"))]
    assert readers == []
