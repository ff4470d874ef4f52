"""Translated catalogues: the same catalogue in every locale, complete, never stale."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

import independence
from independence import Age, Catalog, load_catalog
from independence.cli import main
from independence.l10n.catalogues import read_po_entries, read_translations
from independence.l10n.negotiation import negotiate, normalise_tag
from independence.l10n.records import CONTEXT_KINDS, record_texts
from independence.messages import MESSAGES, Messages, placeholders
from independence.model.sections import SECTIONS

LOCALES = DATA / "locales"
COMPLETE = ("es", "ar")
SHIPPED = ("ar", "en-GB", "en-US", "es")
REPLACED = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "en-us-replacements.json").read_text()
)
#: Words that are the same in every language: names of bodies, programmes and codes.
PROPER = re.compile(
    r"\b(?:CDC|NSPCC|AAP|RLSS|THINK!|Bikeability|Childline|PIN|SIM|GP|SOS|Wi-Fi|"
    r"National Insurance|Personal Independence Payment|UK|US|USA|Quran|Luqman|Sahih|Muslim|"
    r"Ibn|Majah)\b"
)


def texts(catalog: Catalog) -> dict[str, str]:
    """Every translatable text of ``catalog``, by context."""
    found = {}
    for section, kind in CONTEXT_KINDS.items():
        records = (catalog.info,) if section == "info" else getattr(catalog, section)
        for record in records:
            for entry in record_texts(kind, record):
                found[entry.context] = entry.text
    return found


@pytest.fixture(scope="module")
def english() -> Catalog:
    return independence.default_catalog()


# ------------------------------------------------------------------------- the locales


def test_the_shipped_locales_are_listed() -> None:
    assert independence.available_locales() == SHIPPED


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_shipped_locale_loads(locale: str) -> None:
    catalog = independence.default_catalog(locale=locale)
    assert catalog.locale == locale
    assert independence.default_catalog(locale=locale) is catalog  # loaded once


@pytest.mark.parametrize(
    ("tag", "chosen"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("ES_mx", "es"),
        ("ar-EG", "ar"),
        ("en-US", "en-US"),
        ("en", "en-GB"),
        ("en-AU", "en-GB"),
        ("en-GB", "en-GB"),
    ],
)
def test_tags_are_negotiated(tag: str, chosen: str) -> None:
    assert independence.default_catalog(locale=tag).locale == chosen


def test_tags_keep_their_usual_case() -> None:
    assert normalise_tag("sr_latn") == "sr-Latn"
    assert normalise_tag("zh-hant-tw") == "zh-Hant-TW"
    assert negotiate("sr-Latn-RS", {"sr-Latn"}) == "sr-Latn"


@pytest.mark.parametrize("tag", ["fr", "pt-BR", "zz"])
def test_an_unknown_locale_lists_the_available_ones(tag: str) -> None:
    with pytest.raises(ValueError, match="available locales are ar, en-GB, en-US, es"):
        independence.default_catalog(locale=tag)


@pytest.mark.parametrize("tag", ["", "e", "es_", "español", "es-MX-x-private"])
def test_an_ill_formed_tag_is_a_value_error(tag: str) -> None:
    with pytest.raises(ValueError, match="not a language tag"):
        independence.default_catalog(locale=tag)


# ------------------------------------------------------------- the same catalogue


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_a_translated_catalogue_is_the_same_catalogue(english: Catalog, locale: str) -> None:
    translated = independence.default_catalog(locale=locale)
    for section in SECTIONS:
        assert [r.id for r in getattr(translated, section)] == [
            r.id for r in getattr(english, section)
        ]
    for ours, theirs in zip(translated.responsibilities, english.responsibilities, strict=True):
        assert (ours.introduce_at, ours.independent_by, ours.prerequisites, ours.risk) == (
            theirs.introduce_at,
            theirs.independent_by,
            theirs.prerequisites,
            theirs.risk,
        )
    for months in range(216):  # suggestions at every age, age-only and personalised
        age = Age.from_months(months)
        mastered = {r.id for r in english.responsibilities[: months % 40]}
        for done in (None, mastered):
            assert [(s.id, s.kind) for s in translated.suggest(age, mastered=done)] == [
                (s.id, s.kind) for s in english.suggest(age, mastered=done)
            ]


@pytest.mark.parametrize("locale", COMPLETE)
def test_every_text_is_translated(english: Catalog, locale: str) -> None:
    translated = texts(independence.default_catalog(locale=locale))
    same = [
        context
        for context, text in texts(english).items()
        if translated[context] == text and not PROPER.fullmatch(text)
    ]
    assert not same, f"{len(same)} texts left in English, such as {same[:5]}"


@pytest.mark.parametrize("locale", COMPLETE)
def test_no_entry_is_empty_or_fuzzy(locale: str) -> None:
    gaps = [
        f"{path.relative_to(LOCALES)}:{entry.line}"
        for path in sorted((LOCALES / locale).rglob("*.po"))
        for entry in read_po_entries(path)
        if not entry.msgstr or entry.fuzzy
    ]
    assert not gaps


@pytest.mark.parametrize("locale", COMPLETE)
def test_no_english_is_left(locale: str) -> None:
    english_words = re.compile(r"\b(?:the|and|with|your|they|when|what|their|child)\b", re.I)
    left = [
        (context, text)
        for context, text in texts(independence.default_catalog(locale=locale)).items()
        if english_words.search(PROPER.sub("", text))
    ]
    assert not left, left[:5]


def test_arabic_has_no_latin_words_but_proper_names() -> None:
    latin = re.compile(r"[A-Za-z]{2,}")
    left = [
        (context, text)
        for context, text in texts(independence.default_catalog(locale="ar")).items()
        if latin.search(PROPER.sub("", text))
    ]
    assert not left, left[:5]


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_numbers_survive_translation(english: Catalog, locale: str) -> None:
    translated = texts(independence.default_catalog(locale=locale))
    lost = [
        context
        for context, text in texts(english).items()
        if sorted(re.findall(r"\d+", text)) != sorted(re.findall(r"\d+", translated[context]))
    ]
    assert not lost, lost[:5]


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_the_library_sentences_keep_their_placeholders(locale: str) -> None:
    translations = read_translations(DATA, locale)
    for context, english in MESSAGES.items():
        translated = translations.pgettext(context, english)
        assert placeholders(translated) == placeholders(english), context


def test_a_translation_that_loses_a_placeholder_is_not_used() -> None:
    class Broken:
        def pgettext(self, context: str, message: str) -> str:
            return "Ready: {titles}." if context == "reason:ready-alone" else message

    say = Messages(Broken())  # type: ignore[arg-type]
    assert say("reason:ready-alone", window="w") == "Ready now: it needs nothing else first; w."


def test_us_english_has_none_of_the_british_forms() -> None:
    found = []
    for context, text in texts(independence.default_catalog(locale="en-US")).items():
        for british in REPLACED:
            if re.search(rf"(?<![\w-]){re.escape(british)}(?![\w-])", text, re.I):
                found.append((british, context))
    assert not found, found[:10]
    us = independence.default_catalog(locale="en-US")
    assert us.responsibility("hold-hands-at-the-kerb").title == "Hold hands at the curb"


def test_the_reasons_are_in_the_catalogues_language() -> None:
    english = independence.default_catalog().suggest(8)[0].reason
    for locale in COMPLETE:
        reason = independence.default_catalog(locale=locale).suggest(8)[0].reason
        assert reason != english
        assert "most children" not in reason


# ---------------------------------------------------------------- stale and fresh


@pytest.fixture
def data_with_spanish(tmp_path: Path) -> Path:
    folder = shutil.copytree(DATA, tmp_path / "data")
    return folder


def test_a_changed_english_text_shows_in_english_and_is_reported(data_with_spanish: Path) -> None:
    bands = data_with_spanish / "bands.yaml"
    first = load_catalog(data_with_spanish).bands[0]
    bands.write_text(
        bands.read_text("utf-8").replace(first.title, first.title + " and their families", 1)
    )
    translated = load_catalog(data_with_spanish, locale="es")
    assert translated.bands[0].title == first.title + " and their families"  # English, not stale
    assert translated.bands[1].title != load_catalog(data_with_spanish).bands[1].title
    stale = [w for w in translated.warnings if w.path == f"band:{first.id}#title"]
    assert len(stale) == 1
    assert stale[0].file == str(data_with_spanish / "locales" / "es" / "bands.po")
    assert stale[0].line is not None and stale[0].message.startswith("stale")


def test_validate_reports_translations_per_file_with_positions(
    data_with_spanish: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = data_with_spanish / "locales" / "es" / "bands.po"
    lines = po.read_text("utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("msgctxt"))
    lines.insert(at, 'msgctxt "band:nowhere#title"\nmsgid "Gone"\nmsgstr "Ido"\n\n')
    po.write_text("".join(lines), "utf-8")
    assert main(["validate", "--locale", "es", str(data_with_spanish)]) == 0
    out = capsys.readouterr().out
    assert f"{po}:{at + 1}:1: band:nowhere#title: warning: extra: no such text" in out


def test_the_shipped_translations_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    for locale in COMPLETE:
        assert main(["validate", "--locale", locale, str(DATA)]) == 0
        out = capsys.readouterr().out
        assert "warning" not in out, out[:2000]


def test_the_compiled_translations_are_not_stale() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout


def test_po_headers_name_their_language_and_project() -> None:
    for locale in ("es", "ar", "en-US"):
        for path in (LOCALES / locale).rglob("*.po"):
            head = path.read_text("utf-8").split("\n\n", 1)[0]
            assert f'"Language: {locale.replace("-", "_")}\\n"' in head, path
            assert '"Project-Id-Version: independence data ' in head, path
            assert '"Content-Type: text/plain; charset=utf-8\\n"' in head, path


# ----------------------------------------------------------------- command line


@pytest.mark.parametrize("locale", COMPLETE)
def test_suggest_speaks_the_locale(capsys: pytest.CaptureFixture[str], locale: str) -> None:
    assert main(["suggest", "--age", "8", "--limit", "4", "--locale", locale]) == 0
    out = capsys.readouterr().out
    assert "Age 8y" not in out and "suggestions" not in out and "Fits this age" not in out
    catalog = independence.default_catalog(locale=locale)
    for suggestion in catalog.suggest(8, limit=4):
        assert suggestion.responsibility.title in out


def test_arabic_rows_stay_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    from independence.cli.render import width as _width

    assert main(["suggest", "--age", "8", "--limit", "6", "--locale", "ar"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [line for line in out if re.match(r"\u200f?  \u2068?\d+\.", line)]
    titles = [s.responsibility.title for s in independence.default_catalog("ar").suggest(8)[:6]]
    starts = {_width(row[: row.index(title)]) for row, title in zip(rows, titles, strict=True)}
    assert len(rows) == 6 and len(starts) == 1  # every right-to-left title starts in one column


def test_the_environment_chooses_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDEPENDENCE_LOCALE", "es")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("independence")), "show", "walk-to-school-alone"],
        capture_output=True,
        text=True,
        check=True,
    )
    title = independence.default_catalog(locale="es").responsibility("walk-to-school-alone").title
    assert f"título: {title}" in done.stdout


def test_an_unknown_locale_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--age", "8", "--locale", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "available locales are ar, en-GB, en-US, es" in err


def test_the_docs_show_right_to_left_lines_in_their_own_direction() -> None:
    """The Arabic examples in the docs keep each line's own direction (CSS unicode-bidi)."""
    site_config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "stylesheets/bidi.css" in site_config
    css = (ROOT / "docs" / "stylesheets" / "bidi.css").read_text("utf-8")
    assert "unicode-bidi: plaintext" in css
    page = (ROOT / "docs" / "concepts" / "localisation.md").read_text("utf-8")
    assert "$ independence suggest --age 8 --limit 2 --locale ar" in page


@pytest.mark.parametrize("locale", COMPLETE)
def test_a_regions_own_texts_are_translated(locale: str) -> None:
    """What a regional pack changes is translated in its own PO file, name included."""
    english = independence.default_catalog(region="AU")
    translated = independence.default_catalog(region="AU", locale=locale)
    title = english.responsibility("start-social-media").title
    assert "16" in title
    assert translated.responsibility("start-social-media").title not in (
        title,
        independence.default_catalog(locale=locale).responsibility("start-social-media").title,
    )
    policy = translated.lookup("standard-check", kind="escalation_policies")
    last = policy.steps[-1].message
    assert "000" in last
    if locale == "ar":  # the region's name is translated too (Spanish spells it the same)
        assert "Australia" not in last and "أستراليا" in last


def test_region_po_files_are_checked_against_the_regions_english(
    data_with_spanish: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    au = data_with_spanish / "regions" / "AU.yaml"
    au.write_text(
        au.read_text("utf-8").replace(
            "title: Start using social media from 16",
            "title: Start using social media from sixteen",
        ),
        "utf-8",
    )
    assert main(["validate", "--locale", "es", str(data_with_spanish)]) == 0
    out = capsys.readouterr().out
    assert "regions/AU.po" in out and "start-social-media#title: warning: stale" in out
