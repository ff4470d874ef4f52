"""The command line in every language: exports that validate back, and no English left in
what a Spanish or Arabic reader sees."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT, run

import independence
from independence.messages import Messages


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_an_export_in_every_language_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    status, out, err = run(capsys, "export", "--locale", locale)
    assert status == 0 and err == ""
    exported = tmp_path / f"catalogue-{locale}.json"
    exported.write_text(out, encoding="utf-8")
    status, out, err = run(capsys, "validate", str(exported))
    assert status == 0, out + err
    assert ": valid: " in out


#: English words of the command line's own headings and states: none may be left in what a
#: Spanish reader sees (ids, such as walk-to-school or call-child, are not words).
ENGLISH_WORDS = re.compile(
    r"\b(?:due|missed|next|since|mastered|review|reviews|every|months?|years?|Age|suggestions?|"
    r"Session|Check-in|escalation|conditions|none|fired|sent|Wake|Nothing|arrived|born|"
    r"recorded|items?|title|summary|support ladder|done when|safety note|waiting|resolved|"
    r"active|step|then|ask|rung|True|False|valid|sources|bands|categories|responsibilities|"
    r"policies|policy|version|remind|call|again|min(?:utes)? after|deadline|warnings?|"
    r"All clear|No answer|yet|by|minutes|destination|how|at|min age|darkness|on failure|"
    r"max pause|paused by|regional numbers|reprompt)\b"
)
#: argparse's own English words and words of the English help.
HELP_WORDS = re.compile(
    r"\b(?:usage|options|positional|arguments|show|help|message|exit|the|of|and|with|"
    r"child|age|catalogue|file|folder|print|default)\b"
)
#: What a help shows as it is in every language: option names, choices and placeholders,
#: a printed format, and the values options take (commands, kinds, stages, events).
HELP_KEPT = re.compile(
    r"(?<![\w-])--?[A-Za-z][\w-]*|\{[^}]*\}|file:line:column: path:(?: warning:)? message|"
    r"\b(?:suggest|show|bands|validate|schema|export|escalate|graph|progress|record|child|"
    r"next|reviews|catalog|catalogue|categories|responsibilities|escalation|schedules|"
    r"perspective|overlay|region|together|alongside|nearby|alone|acknowledged|arrived|sos|"
    r"guardian|app|json|mermaid|warning|by|BY)\b"
)
_HELPS = [
    [], ["suggest"], ["show"], ["bands"], ["validate"], ["schema"], ["export"], ["escalate"],
    ["graph"], ["progress"], ["progress", "record"], ["progress", "next"],
]  # fmt: skip
#: Mermaid's own syntax in `graph` output (keywords and tags, not words for readers).
MERMAID = re.compile(
    r"^\s*(?:xychart-beta|title|x-axis|y-axis|bar|timeline|flowchart LR|classDef)\b|</?\w+/?>",
    re.MULTILINE,
)
#: Ids and option values printed as they are (identifiers, not words).
IDS = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b|'independence [^']*'|«independence [^»]*»")


def _commands(progress: Path) -> list[list[str]]:
    due, now = "2026-09-01T08:40:00+01:00", "2026-09-01T09:10:00+01:00"
    return [
        ["suggest", "--age", "8", "--limit", "3"],
        ["show", "walk-to-school-alone"],
        ["show", "walk-to-school"],
        ["show", "standard-check"],
        # the fields the regional packs, sessions and darkness added
        ["show", "home-alone-teen"],
        ["show", "playing-out"],
        ["show", "get-help-in-a-crisis"],
        ["bands"],
        ["escalate", "walk-to-school", "--age", "10", "--due", due, "--now", now],
        ["escalate", "walk-to-school", "--age", "10", "--due", due, "--now", now,
         "--event", f"arrived@{now}"],
        ["escalate", "walk-to-school", "--age", "10", "--due", due,
         "--now", "2026-09-01T10:30:00+01:00",
         "--event", "acknowledged@2026-09-01T09:01:00+01:00"],
        # a late arrival after steps fired: the all-clear to everyone contacted
        ["escalate", "walk-to-school", "--age", "10", "--due", due,
         "--now", "2026-09-01T10:30:00+01:00",
         "--event", "arrived@2026-09-01T09:30:00+01:00"],
        # an SOS: the grown-ups alerted who have not answered, and the next step to wake for
        ["escalate", "walk-to-school", "--age", "10", "--due", due,
         "--now", "2026-09-01T09:20:00+01:00", "--event", "sos@2026-09-01T09:10:00+01:00"],
        ["progress", "child", str(progress), "--born", "2018-03-01"],
        ["progress", "record", str(progress), "walk-to-school-alone", "nearby",
         "--on", "2026-01-05"],
        ["progress", "record", str(progress), "tie-shoelaces", "alone", "--on", "2025-01-05"],
        ["progress", "show", str(progress)],
        ["progress", "next", str(progress), "--limit", "2", "--on", "2026-09-01"],
        ["progress", "reviews", str(progress), "--on", "2026-12-01"],
        ["graph", "bands"],
        ["graph", "category", "safety"],
        ["graph", "escalation", "standard-check"],
        ["validate", str(DATA)],
    ]  # fmt: skip


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_every_command_speaks_the_locale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    """No English heading, state or label is left in the output of any command."""
    for argv in _commands(tmp_path / "progress.json"):
        status, out, err = run(capsys, *argv, "--locale", locale)
        assert status == 0, (argv, err)
        assert out.strip(), argv
        shown = out.replace("\u2068", "").replace("\u2069", "").replace("\u00a0", " ")
        words = IDS.sub(" ", MERMAID.sub(" ", shown.replace(str(tmp_path), "")))
        left = sorted(set(ENGLISH_WORDS.findall(words)))
        assert not left, (argv, left, out[:2000])
    # and every command's --help (see also tests/integration/test_cli_help.py)
    for argv in _HELPS:
        with pytest.raises(SystemExit):
            run(capsys, *argv, "--help", "--locale", locale)
        out = capsys.readouterr().out
        shown = " ".join(out.replace("\u2068", "").replace("\u2069", "").split())
        words = IDS.sub(" ", HELP_KEPT.sub(" ", shown))
        left = sorted(set(ENGLISH_WORDS.findall(words)) | set(HELP_WORDS.findall(words)))
        assert not left, (argv, left, out[:2000])


def test_the_english_output_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    """Ages stay short in English (7y6m, 0y6m) and the headings as they were."""
    _, out, _ = run(capsys, "bands")
    assert out.splitlines()[0].split() == [
        "baby-and-young-toddler", "0y-2y", "review", "every", "3", "months", "Babies", "and",
        "young", "toddlers",
    ]  # fmt: skip
    _, out, _ = run(capsys, "suggest", "--age", "0y6m", "--limit", "1")
    assert out.startswith("Age 0y6m (")


@pytest.mark.parametrize(
    ("locale", "age", "expected"),
    [
        ("es", "2y", "2 años"),
        ("es", "1y", "1 año"),
        ("es", "0y6m", "6 meses"),
        ("es", "7y6m", "7 años y medio"),
        ("es", "1y6m", "1 año y medio"),
        ("es", "8y7m", "8 años y 7 meses"),
        ("es", "1y1m", "1 año y 1 mes"),
        ("ar", "7y6m", "سن 7 سنوات و6 أشهر"),
        ("ar", "2y", "سن سنتين"),
        ("ar", "1y", "سن سنة واحدة"),
        ("ar", "11y", "سن 11 سنة"),
        ("ar", "1y11m", "سن سنة واحدة و11 شهرًا"),
        ("ar", "0y2m", "سن شهرين"),
    ],
)
def test_ages_are_written_in_words_with_the_languages_plurals(
    locale: str, age: str, expected: str
) -> None:
    say = independence.default_catalog(locale=locale).messages
    assert say.age(independence.Age.parse(age)) == expected


def test_a_spanish_reason_gives_its_ages_in_words() -> None:
    catalog = independence.default_catalog(locale="es")
    reason = catalog.suggest(8, limit=1)[0].reason
    assert "a los 6 años" in reason and "hacia los 8 años y medio" in reason


@pytest.mark.parametrize(
    ("age", "at", "by"),
    [
        ("2y", "a los 2 años", "hacia los 2 años"),
        ("1y", "al año", "hacia el año"),
        ("0y6m", "a los 6 meses", "hacia los 6 meses"),
        ("7y6m", "a los 7 años y medio", "hacia los 7 años y medio"),
        ("1y6m", "al año y medio", "hacia el año y medio"),
        ("1y3m", "al año y 3 meses", "hacia el año y 3 meses"),
        ("0y1m", "al mes", "hacia el mes"),
    ],
)
def test_a_spanish_age_takes_the_preposition_its_number_needs(age: str, at: str, by: str) -> None:
    """The preposition goes with the number: "a los 2 años" but "al año" (npgettext)."""
    say = independence.default_catalog(locale="es").messages
    parsed = independence.Age.parse(age)
    assert (say.at_age(parsed), say.by_age(parsed)) == (at, by)


def test_english_and_an_untranslated_locale_keep_their_own_ages() -> None:
    """English writes the age as Age does (its sentence says "at"); a translation without the
    entries for "at" and "by" writes the age in words and keeps its own preposition."""
    english = independence.default_catalog().messages
    assert english.at_age(independence.Age.parse("0y6m")) == "0y6m"
    assert english.by_age(independence.Age.parse("8y6m")) == "8y6m"

    class Words(gettext.NullTranslations):
        """A translation of the ages in words, with no entries for "at" and "by"."""

        def pgettext(self, context: str, message: str) -> str:
            return {"age:years-months": "{years} et {months}"}.get(context, message)

        def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
            found = {"age:n-years": "{n} ans", "age:n-months": "{n} mois"}
            return found.get(context, msgid1 if n == 1 else msgid2)

    say = Messages(Words(), "fr")
    assert say.at_age(independence.Age.parse("7y6m")) == "7 ans et 6 mois"
    assert say.by_age(independence.Age.parse("8y")) == "8 ans"
    # Arabic keeps «في» and «بحلول» in its sentence: its ages read as they did
    arabic = independence.default_catalog(locale="ar").messages
    age = independence.Age.parse("7y6m")
    assert arabic.at_age(age) == arabic.by_age(age) == arabic.age(age) == "سن 7 سنوات و6 أشهر"


def test_spanish_output_says_ages_as_a_speaker_does(capsys: pytest.CaptureFixture[str]) -> None:
    """Where the English says "at 2y", "at 0y6m" or "at 1y", the Spanish says "a los 2 años",
    "a los 6 meses" or "al año"; no output of suggest, show or bands says "a la edad de"."""
    spanish = {
        "2y": "a los 2 años",
        "0y6m": "a los 6 meses",
        "1y": "al año",
        "2y6m": "a los 2 años y medio",
    }
    seen = set()
    for year in range(1, 18):
        argv = ["suggest", "--age", str(year), "--json"]
        _, english, _ = run(capsys, *argv)
        _, translated, _ = run(capsys, *argv, "--locale", "es")
        pairs = zip(
            json.loads(english)["suggestions"], json.loads(translated)["suggestions"], strict=True
        )
        for one, other in pairs:
            assert one["id"] == other["id"]
            start = re.search(r"with support at (\w+) and", one["reason"])
            assert start is not None, one["reason"]
            if start.group(1) in spanish:
                seen.add(start.group(1))
                assert f"con apoyo {spanish[start.group(1)]} y" in other["reason"], other
    assert seen == set(spanish)  # the ages the catalogue starts items at include these
    outputs = [run(capsys, "suggest", "--age", str(y), "--locale", "es")[1] for y in (1, 8, 15)]
    outputs += [run(capsys, "bands", "--locale", "es")[1]]
    for item in independence.default_catalog().responsibilities[::10]:
        outputs.append(run(capsys, "show", item.id, "--locale", "es")[1])
    for out in outputs:
        assert out.strip()
        assert "a la edad de" not in out and "para la edad de" not in out, out


def test_an_australian_number_stays_one_number_in_arabic() -> None:
    """'131 444' keeps its digit groups together and in order in a right-to-left text: a
    no-break space inside, the whole run isolated."""
    catalog = independence.default_catalog(locale="ar", region="AU")
    messages = [
        step.message
        for policy in catalog.escalation_policies
        for step in policy.steps
        if step.action.value == "call-police-non-emergency"
    ]
    assert messages
    for message in messages:
        assert "\u2068131\u00a0444\u2069" in message and "131 444" not in message


def test_latin_names_in_arabic_texts_are_isolated() -> None:
    catalog = independence.default_catalog(locale="ar")
    isolated = plain = 0
    for item in catalog.responsibilities:
        for text in (item.title, item.summary, item.safety_note or ""):
            for found in re.finditer(r"[A-Za-z]{2,}", text):
                before = text[: found.start()]
                if before.count("\u2068") > before.count("\u2069"):
                    isolated += 1
                else:
                    plain += 1
    assert isolated and not plain


def test_arabic_tables_isolate_each_cell(capsys: pytest.CaptureFixture[str]) -> None:
    """Each cell of an Arabic table is an isolate and each row starts right to left, so the
    columns keep their order in a terminal that runs the bidirectional algorithm."""
    _, out, _ = run(capsys, "bands", "--locale", "ar")
    for line in out.splitlines():
        assert line.startswith("\u200f\u2068") and line.count("\u2068") == 4
        assert line.count("\u2069") == 4
    _, out, _ = run(capsys, "bands", "--locale", "es")
    assert "\u2068" not in out and "\u200f" not in out


@pytest.mark.parametrize(("locale", "word"), [("es", "catálogo"), ("ar", "الكتالوج")])
def test_a_regions_note_is_in_the_catalogues_language(locale: str, word: str) -> None:
    for region in independence.regions():
        note = independence.default_catalog(locale=locale, region=region).region_note
        assert note is not None and word in note, (region, note)
    assert independence.default_catalog().region_note is None
    english = independence.default_catalog(region="GB").region_note
    assert english is not None and english.startswith("No law sets an age")


def test_the_arabic_home_alone_safety_note_says_its_point_plainly() -> None:
    """It read «لا يُسمح أبدًا بأن يسوء البقاء...», which sounds like a ban on staying alone."""
    item = independence.default_catalog(locale="ar").responsibility("stay-home-alone-short-time")
    assert item.safety_note is not None
    assert item.safety_note.startswith("البقاء في البيت بمفرده ليس تجربة يُسمح فيها بأن يسوء شيء")
    assert "الحادية عشرة" in item.safety_note and "دون أي طبخ" in item.safety_note


_LATE = [
    "escalate", "walk-to-school", "--age", "10", "--due", "2026-09-01T08:40:00+01:00",
    "--now", "2026-09-01T10:30:00+01:00", "--event", "arrived@2026-09-01T09:30:00+01:00",
]  # fmt: skip
_SOS = [
    "escalate", "walk-to-school", "--age", "10", "--due", "2026-09-01T08:40:00+01:00",
    "--now", "2026-09-01T09:20:00+01:00", "--event", "sos@2026-09-01T09:10:00+01:00",
]  # fmt: skip


def test_escalate_gives_the_all_clear_and_who_has_not_answered_in_the_locale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The session's all-clear, the grown-ups who have not answered, the event details and
    the reason to wake up: in Spanish, and in English exactly as before."""
    _, out, _ = run(capsys, *_LATE, "--locale", "es")
    assert "Fin de la alerta para guardian: El niño o la niña está a salvo" in out
    assert "llegada (por: niño o niña)" in out
    _, out, _ = run(capsys, *_LATE, "--locale", "es", "--gender", "feminine", "--region", "AU")
    assert "Fin de la alerta para guardian: La niña está a salvo" in out
    assert "para tu hija o para ti: Lifeline 13 11 14 (" in out
    _, out, _ = run(capsys, *_SOS, "--locale", "es")
    assert "Aún sin respuesta de: tutor o tutora, persona adulta de confianza (envía " in out
    assert "(paso siguiente)" in out
    _, out, _ = run(capsys, *_LATE)
    assert "All clear to guardian: The child is safe: you can stop looking. Thank you." in out
    assert "  2026-09-01T09:30:00+01:00  arrived (by child)" in out
    _, out, _ = run(capsys, *_SOS)
    assert "No answer yet from: guardian, trusted-adult (send alert-acknowledged when " in out
    assert out.rstrip().endswith("(step)")


def test_the_arabic_all_clear_speaks_to_the_reader_and_of_the_child_chosen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, *_LATE, "--locale", "ar")
    assert "الطفل بأمان: يمكنك التوقف عن البحث" in out
    assert "اتصل بخدمات الطوارئ مجددًا: قل إن الطفل بأمان" in out
    _, out, _ = run(capsys, *_LATE, "--locale", "ar", "--gender", "feminine")
    assert "الطفلة بأمان: يمكنك التوقف عن البحث" in out
    _, out, _ = run(capsys, *_LATE, "--locale", "ar", "--addressee", "feminine")
    assert "اتصلي بخدمات الطوارئ مجددًا: قولي إن الطفل بأمان" in out
    _, out, _ = run(
        capsys, *_LATE, "--locale", "ar", "--gender", "feminine", "--addressee", "feminine"
    )
    assert "الطفلة بأمان: يمكنكِ التوقف عن البحث" in out
    _, out, _ = run(capsys, *_SOS, "--locale", "ar")
    assert "(أرسل alert-acknowledged" in out
    _, out, _ = run(capsys, *_SOS, "--locale", "ar", "--addressee", "feminine")
    assert "(أرسلي alert-acknowledged" in out


def test_the_arabic_crisis_lines_speak_to_the_reader_and_of_the_child_chosen() -> None:
    def debrief(**forms: str) -> str:
        catalog = independence.default_catalog(locale="ar", region="AU", **forms)
        return catalog.lookup("standard-check", kind="escalation_policies").resolution.debrief

    assert "فابقَ معه واطلب المساعدة" in debrief() and "للطفل أو لك:" in debrief()
    girl = debrief(grammatical_gender="feminine")
    assert "فابقَ معها واطلب المساعدة" in girl and "للطفلة أو لك:" in girl
    woman = debrief(addressee_gender="feminine")
    assert "فابقي معه واطلبي المساعدة" in woman and "للطفل أو لكِ:" in woman
    both = debrief(grammatical_gender="feminine", addressee_gender="feminine")
    assert "فابقي معها واطلبي المساعدة" in both and "\u206813\u00a011\u00a014\u2069" in both


@pytest.mark.parametrize("region", ["GB", "AU"])
def test_the_arabic_reporting_service_speaks_to_the_reader_chosen(region: str) -> None:
    """ "Report online at ..." is an imperative to the reader: to a woman when asked."""

    def note(**forms: str) -> str:
        catalog = independence.default_catalog(locale="ar", region=region, **forms)
        return catalog.responsibility("say-no-to-requests-for-images").safety_note or ""

    assert "أبلِغ " in note() and "أبلِغي" not in note()
    assert "أبلِغي " in note(addressee_gender="feminine")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("es", ["edad de inicio: 10 años", "edad de autonomía: 12 años"]),
        ("ar", ["البدء: سن 10 سنوات", "الاستقلال: سن 12 سنة"]),
        (None, ["introduce at: 10y", "independent by: 12y"]),
    ],
)
def test_show_gives_a_records_ages_in_words(
    capsys: pytest.CaptureFixture[str], locale: str | None, expected: list[str]
) -> None:
    argv = ["show", "walk-to-school-alone"] + (["--locale", locale] if locale else [])
    _, out, _ = run(capsys, *argv)
    shown = out.replace("\u2068", "").replace("\u2069", "").replace("\u200f", "")
    for line in expected:
        assert line in shown


#: A mistake on every command (a missing or unknown argument, a bad value, options that do not
#: go together), as the command line is given it: each must be said in the language asked for.
#: The English of each, as main printed it before mistakes were translated, is in
#: tests/fixtures/usage-errors.json (keyed by the words joined with spaces).
_DUE = "2026-09-01T08:40+01:00"
_NOW = "2026-09-01T09:00+01:00"
_SESSION = ["escalate", "walk-to-school", "--age", "10", "--due", _DUE, "--now", _NOW]
MISTAKES = [
    [], ["nonsense"], ["suggest"], ["suggest", "--age"], ["suggest", "--age", "8", "--bogus"],
    ["suggest", "--age", "8", "--limit", "x"], ["suggest", "--age", "8", "--gender", "neuter"],
    ["suggest", "--age", "8", "--mastered", "a", "--progress", "p.json"],
    ["suggest", "--age", "8", "--l", "2"], ["suggest", "--age", "banana"],
    ["suggest", "--age", "30"], ["suggest", "--age", "8", "--region", "ZZ"],
    ["show"], ["show", "walk-to-scool"], ["bands", "extra"], ["validate"],
    ["validate", "missing-folder"],
    ["schema", "nonsense"], ["schema", "catalog", "--output", "x"],
    ["export", "--format", "xml"], ["escalate"], ["escalate", "walk-to-school"],
    ["escalate", "walk-to-school", "--due", "tomorrow"],
    ["escalate", "walk-to-school", "--due", "2026-09-01T08:40"],
    ["escalate", "walk-to-school", "--due", _DUE, "--started", "2026-09-01T08:00+01:00"],
    ["escalate", "walk-to-school", "--due", _DUE, "--checked-in", "2026-09-01T08:30+01:00"],
    ["escalate", "walk-to-school", "--due", _DUE, "--tz", "Mars/Olympus"],
    ["escalate", "walk-to-school", "--due", _DUE, "--lat", "north"],
    ["escalate", "walk-to-school", "--due", _DUE, "--lat", "95", "--lon", "0"],
    ["escalate", "walk-to-school", "--due", _DUE, "--lat", "51"],
    ["escalate", "walk-to-school", "--due", _DUE, "--after-dark", "--not-after-dark"],
    ["escalate", "walk-to-school", "--due", _DUE, "--risk", "extreme"],
    ["escalate", "walk-to-school", "--age", "10", "--due", _DUE, "--event", "arrived"],
    [*_SESSION, "--event", "flew@2026-09-01T08:50+01:00"],
    [*_SESSION, "--event", "time-added@2026-09-01T08:50+01:00"],
    [*_SESSION, "--event", "time-added@2026-09-01T08:50+01:00:ten"],
    [*_SESSION, "--event", "arrived/robot@2026-09-01T08:50+01:00"],
    [*_SESSION, "--event", "arrived@2026-09-01T08:50+01:00:x"],
    ["escalate", "walk-to-school", "--age", "10", "--timer", "30", "--now", _DUE],
    ["escalate", "walk-to-school", "--age", "10", "--due", _DUE, "--event", f"arrived@{_DUE}"],
    ["graph"], ["graph", "pie"], ["graph", "bands", "x"], ["graph", "category"], ["progress"],
    ["progress", "record", "p.json", "walk-to-school-alone"],
    ["progress", "record", "p.json", "walk-to-school-alone", "flying"],
    ["progress", "record", "p.json", "walk-to-school-alone", "alone", "--on", "yesterday"],
    ["progress", "child", "p.json", "--born", "2031-13-01"],
    ["progress", "show", "missing.json"], ["suggest", "--age", "8", "--mastered", "nope"],
    # the check-in engine's refusals of the session the command line gives it
    ["escalate", "babysitting", "--age", "8", "--due", _DUE, "--now", _NOW, "--event",
     "arrived@2026-09-01T08:50+01:00"],
    [*_SESSION, "--started", "2026-09-01T08:50+01:00", "--event", "arrived@2026-09-01T08:55+01:00"],
    [*_SESSION, "--started", "2026-09-01T08:00+01:00", "--event", "arrived@2026-09-01T07:00+01:00"],
    [*_SESSION, "--event", "arrived@2026-09-01T08:50+01:00", "--event",
     "arrived@2026-09-01T08:45+01:00"],
    [*_SESSION, "--event", "arrived@2026-09-01T08:50+01:00", "--event",
     "checked-in@2026-09-01T08:55+01:00"],
    [*_SESSION, "--event", "sos@2026-09-01T08:30+01:00", "--event",
     "arrived@2026-09-01T08:45+01:00"],
    [*_SESSION, "--event", "acknowledged@2026-09-01T08:30+01:00"],
    [*_SESSION, "--event", "time-added@2026-09-01T08:58+01:00:10"],
    [*_SESSION, "--event", "plan-changed/child@2026-09-01T08:58+01:00:2026-09-01T09:30+01:00"],
    [*_SESSION, "--event", "plan-changed/guardian@2026-09-01T08:30+01:00:2026-09-01T08:20+01:00"],
    [*_SESSION, "--event", "alert-acknowledged/guardian@2026-09-01T08:30+01:00"],
    [*_SESSION, "--event", "arrived#a@2026-09-01T08:30+01:00", "--event",
     "checked-in#a@2026-09-01T08:31+01:00"],
    [*_SESSION, "--event", "plan-changed@2026-09-01T08:58+01:00:2026-09-01T09:30+01:00"],
    ["escalate", "social-outing", "--age", "15", "--due", _DUE, "--now", _NOW, "--event",
     "location-paused/child@2026-09-01T08:30+01:00", "--event",
     "location-paused/child@2026-09-01T08:31+01:00"],
    ["escalate", "social-outing", "--age", "15", "--due", _DUE, "--now", _NOW, "--event",
     "location-resumed/child@2026-09-01T08:30+01:00"],
    [*_SESSION, "--event", "location-paused/child@2026-09-01T08:30+01:00"],
    ["escalate", "social-outing", "--age", "15", "--due", _DUE, "--now", _NOW, "--event",
     "location-paused/child@2026-09-01T09:30+01:00"],
    ["escalate", "social-outing", "--age", "15", "--due", _DUE, "--now", _NOW, "--event",
     "arrived@2026-09-01T09:30+01:00"],
    [*_SESSION, "--event", "time-added@2026-09-01T08:30+01:00:30", "--event",
     "time-added@2026-09-01T08:31+01:00:30", "--event", "time-added@2026-09-01T08:32+01:00:30"],
    [*_SESSION, "--event", "time-added@2026-09-01T08:30+01:00:30", "--event",
     "time-added@2026-09-01T08:31+01:00:29", "--event", "time-added@2026-09-01T08:32+01:00:30"],
    [*_SESSION, "--event", "alert-acknowledged/child@2026-09-01T08:30+01:00"],
    ["escalate", "walk-to-school", "--due", _DUE, "--now", _NOW, "--event",
     "arrived@2026-09-01T08:30+01:00"],
    ["escalate", "walk-to-school", "--due", _DUE, "--now", _NOW, "--checked-in",
     "2026-09-01T09:30+01:00"],
]  # fmt: skip
#: The English words of every mistake (argparse's and ours): none may be left in Spanish.
MISTAKE_WORDS = re.compile(
    r"\b(?:the|following|arguments?|are|required|invalid|choice|choose|from|unrecognized|"
    r"expected|one|not|allowed|with|ambiguous|option|could|match|cannot|read|as|an|age|"
    r"write|years|and|months|is|out|of|range|unknown|region|known|regions|did|you|mean|or|"
    r"give|together|neither|needs|takes|id|see|help|date|time|zone|such|degrees|number|"
    r"whole|minutes|kind|author|session|timer|must|sessions|add|problems?|first|run|data|"
    r"them|all|more|stage|responsibility|schema|both|use|has|offset|like|moment|report|"
    r"state|at|when|was|set|place|child's|for|timelines|in|event|before|window|opens|belongs|"
    r"another|order|comes|already|ended|only|reopens|raised|alarm|ends|now|nothing|due|"
    r"acknowledge|missed|can|be|added|deadline|instead|may|change|after|new|alert|gone|yet|"
    r"there|sharing|paused|since|location|used|by|who|children|made|starts|its|policy|"
    r"pausable|nobody|pause|search|began|stays|on|until|ends?|minutes?|allows|changes|"
    r"last|under|too|young|gets|conditions|never|teenager's|timings|line|comes)\b"
)
#: What a mistake shows as it is: the values given or offered (quoted, or a list of choices),
#: option names, argparse's names of arguments, and the example it gives.
MISTAKE_KEPT = re.compile(
    r"'[^']*'|«[^»]*»|(?<![\w-])--?[A-Za-z][\w-]*|\b[a-z0-9]+(?:[-/@:#.+][a-zA-Z0-9:+]+)+\b|"
    r"\b(?:command|subject|action|id|PATH|STAGE|CHECKIN_POLICY_ID|KIND|ARG|AU|GB|US|ISO|UTC|"
    r"IANA|together|alongside|nearby|check-in|alone|child|guardian|app|acknowledged|arrived|"
    r"sos|independence|error|catalog|catalogue|bands|categories|responsibilities|escalation|"
    r"schedules|perspective|overlay|region|progress|export|extra|[0-9]+y(?:[0-9]+m)?)\b"
)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_every_commands_mistakes_speak_the_locale(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    locale: str,
) -> None:
    """A mistake on any command is one line on stderr, exit 2, in the language asked for
    (by --locale anywhere, as for --help): no English word is left in Spanish, and Arabic
    shows Arabic; the values given stay as they were written."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INDEPENDENCE_LOCALE", raising=False)
    for argv in MISTAKES:
        status, out, err = run(capsys, "--locale", locale, *argv)
        assert status == 2 and out == "", (argv, status, err)
        assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, argv
        shown = err.replace("\u2068", "").replace("\u2069", "")
        left = sorted(set(MISTAKE_WORDS.findall(MISTAKE_KEPT.sub(" ", shown))))
        assert not left, (argv, left, err)
        if locale == "ar":
            assert re.search("[\u0600-\u06ff]", err), (argv, err)


def test_the_english_mistakes_are_unchanged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Byte for byte as main said them before they were translated (the fixture)."""
    golden = json.loads((ROOT / "tests" / "fixtures" / "usage-errors.json").read_text("utf-8"))
    assert len(golden) == len(MISTAKES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INDEPENDENCE_LOCALE", raising=False)
    for argv in MISTAKES:
        status, out, err = run(capsys, *argv)
        assert [status, err] == golden[" ".join(argv)], argv
        # English asked for: the same English
        assert run(capsys, "--locale", "en-GB", *argv)[2] == err, argv
        # a language with no translation: still a usage mistake, one line, in English
        status, out, err = run(capsys, "--locale", "xx", *argv)
        assert status == 2 and out == "" and err.count("\n") == 1, (argv, err)
        assert err.startswith("independence: error: ") and "Traceback" not in err, argv


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_a_data_error_keeps_its_place_and_its_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    """The wrapper's fixed words are translated; file:line:column and the data are not."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalog:\n  bogus_key: 1\n", encoding="utf-8")
    status, out, err = run(capsys, "bands", "--data", str(broken), "--locale", locale)
    english = run(capsys, "bands", "--data", str(broken))[2]
    assert status == 1 and out == "" and err.count("\n") == 1
    first = english.split("; first: ", 1)[1].split("; run 'independence validate'")[0]
    # the problem as it is (isolated in Arabic): its place and the data quoted
    assert first in err.replace("\u2068", "").replace("\u2069", "")
    assert "invalid data" not in err and "run 'independence validate'" not in err


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize(
    "where",
    [[], ["--tz", "Europe/London"], ["--lat", "51.5", "--lon", "-0.1"]],
    ids=["policy-hours", "zone", "place"],
)
def test_escalate_says_how_darkness_was_judged_in_the_locale(
    capsys: pytest.CaptureFixture[str], locale: str, where: list[str]
) -> None:
    """The rule that decided darkness and the conditions met are words of the language, not
    the English values (fallback-hours, sun-at-zone, after-dark, young-child)."""
    from independence.model.check_in import DarknessBasis
    from independence.model.escalation import ConditionKind

    due, now = "2026-12-01T20:40:00+00:00", "2026-12-01T21:10:00+00:00"
    argv = ["escalate", "walk-to-school", "--age", "10", "--due", due, "--now", now, *where]
    status, out, err = run(capsys, *argv, "--locale", locale)
    assert status == 0, err
    english = run(capsys, *argv)[1]
    shown = out.replace("\u2068", "").replace("\u2069", "")
    words = [*DarknessBasis, ConditionKind.AFTER_DARK, ConditionKind.YOUNG_CHILD]
    assert any(word.value in english for word in DarknessBasis)  # English names its rule
    assert "after-dark, young-child" in english
    assert [word.value for word in words if word.value in shown] == []


#: What marks an Arabic sentence as speaking of the child as a boy: "your child" (طفلك), "the
#: child" (الطفل), "on his own" (بمفرده), "beside him" (بجانبه), "himself" (نفسه).
_A_BOY = re.compile(r"طفلك|الطفل\b|بمفرده\b|بجانبه\b|نفسه\b")


def test_every_arabic_sentence_that_names_the_child_has_a_girls_form() -> None:
    """Each of the library's own sentences that speaks of the child (a stage, a reason, an
    escalation action) reads differently with --gender feminine; the help and the mistakes,
    said without a chosen form, are left out."""
    from independence.build import data_path
    from independence.l10n.catalogues import read_translations
    from independence.messages import MESSAGES, Forms

    translations = read_translations(data_path(), "ar")
    neutral = Messages(translations, "ar")
    girl = Messages(translations, "ar", Forms(child="feminine"))
    missing = [
        context
        for context, english in MESSAGES.items()
        if not context.startswith(("help:", "metavar:", "usage:", "argparse:"))
        and _A_BOY.search(neutral.text(context, english))
        and girl.text(context, english) == neutral.text(context, english)
    ]
    assert missing == []


def test_the_arabic_stage_labels_speak_of_a_girl(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    progress = str(tmp_path / "progress.json")
    run(capsys, "progress", "record", progress, "walk-to-school-alone", "alongside")
    run(capsys, "progress", "record", progress, "tie-shoelaces", "alone")
    _, girl, _ = run(capsys, "progress", "show", progress, "--locale", "ar", "--gender", "feminine")
    _, neutral, _ = run(capsys, "progress", "show", progress, "--locale", "ar")
    assert "بجانبها" in girl and "بمفردها" in girl and not _A_BOY.search(girl)
    assert "بجانبه" in neutral and "بمفرده" in neutral


@pytest.mark.parametrize(
    ("locale", "start", "end", "expected"),
    [
        ("es", 0, 24, "de 0 a 2 años"),
        ("es", 0, 12, "de 0 a 1 año"),
        ("es", 108, 144, "de 9 a 12 años"),
        ("es", 18, 36, "de 1 año y medio a 3 años"),  # not both whole years: each in full
        ("es", 6, 12, "de 6 meses a 1 año"),
        ("en-GB", 0, 24, "0y-2y"),
        ("ar", 24, 48, "من سن 2 إلى 4 سنوات"),
        ("en-US", 18, 48, "1y6m-4y"),  # no entry: the general form
    ],
)
def test_a_range_of_whole_years_names_its_unit_once(
    locale: str, start: int, end: int, expected: str
) -> None:
    say = independence.default_catalog(locale=locale).messages
    assert say.month_range(start, end).replace("\u2068", "").replace("\u2069", "") == expected


def test_spanish_bands_read_de_0_a_2_anos(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "bands", "--locale", "es")
    assert "de 0 a 2 años" in out.splitlines()[0]


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_show_says_a_policys_values_in_words(
    capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    """A check-in's trigger kinds, sharing mode, precision, contexts and darkness rule, and an
    escalation policy's urgency, are words of the language (English prints the values)."""
    from independence.model.check_in import Context, DarknessRule, Precision, SharingMode
    from independence.model.check_in import TriggerKind as Trigger
    from independence.model.escalation import Urgency

    kinds = (Trigger, SharingMode, Precision, Context, DarknessRule, Urgency)
    english = {value.value for kind in kinds for value in kind}
    for policy in ("walk-to-school", "standard-check", "home-alone-teen"):
        _, shown, _ = run(capsys, "show", policy)
        values = {re.split(r": |- ", line.strip(), maxsplit=1)[-1] for line in shown.splitlines()}
        assert values & english  # the English shows some of them
        status, out, _ = run(capsys, "show", policy, "--locale", locale)
        assert status == 0
        plain = out.replace("\u2068", "").replace("\u2069", "").replace("\u200f", "")
        values = {re.split(r": |- ", line.strip(), maxsplit=1)[-1] for line in plain.splitlines()}
        assert values & english == set(), policy
