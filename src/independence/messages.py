"""The sentences the library writes itself (suggestion reasons, ages, command-line headings).

Each is an English template named by a context, translated like the data's texts (in
``data/locales/<locale>/messages.po``, compiled into the same ``.mo``). Placeholders are
``{name}`` fields: a translation must keep every one of them, and may move them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import gettext

    from independence.age import Age

__all__ = ["ENGLISH", "MESSAGES", "SOURCE_LOCALE", "Messages", "placeholders", "template_problem"]

#: C0 and C1 control characters (and DEL); line feeds and tabs are ordinary text.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: The language the data and these sentences are written in.
SOURCE_LOCALE: Final = "en-GB"

#: Every template, by context. The context names what the sentence is for.
MESSAGES: Final[dict[str, str]] = {
    # ages
    "age:years": "{years}y",
    "age:years-months": "{years}y{months}m",
    "age:range": "{start}-{end}",
    # what reaching independent_by means, by the last rung of the item's ladder
    "rung:together": "do it together with a grown-up",
    "rung:alongside": "do it with a grown-up alongside",
    "rung:nearby": "do it with a grown-up watching nearby",
    "rung:check-in": "do it on their own, with check-ins,",
    "rung:alone": "do it on their own",
    # the stages of the support ladder, as words
    "stage:together": "together",
    "stage:alongside": "alongside",
    "stage:nearby": "nearby",
    "stage:check-in": "check-in",
    "stage:alone": "alone",
    # suggestion kinds, as words
    "kind:now": "now",
    "kind:catch-up": "catch-up",
    "kind:in-progress": "in-progress",
    # reasons
    "reason:window": "most children start it with support at {start} and {rung} by {end}",
    "reason:fits": "Fits this age: {window}.",
    "reason:catch-up": "Catch-up: {window}, and it is not mastered yet; it opens the way to "
    "{titles}.",
    "reason:catch-up-alone": "Catch-up: {window}, and it is not mastered yet; worth practising "
    "now.",
    "reason:ready-builds": "Ready now: builds on {titles}, already mastered; {window}.",
    "reason:ready-builds-inferred": "Ready now: builds on {titles}, already mastered ({notes}); "
    "{window}.",
    "reason:inferred": "{title} counts as mastered because {by}, which builds on it, is",
    "reason:ready-alone": "Ready now: it needs nothing else first; {window}.",
    "reason:worth-checking": "Worth checking: {window}; nothing is recorded for it yet, so see "
    "whether it is already mastered.",
    "reason:in-progress": "In progress: at {stage} on its ladder; next: {next} ({description}).",
    # lists of titles
    "titles:quoted": "'{title}'",
    "titles:more": "{count} more",
    "titles:two": "{first} and {last}",
    "titles:list-separator": ", ",
    # the command line's suggest heading
    "cli:suggest-heading": "Age {age} ({band}, {range}): {count} {suggestions}, {mode}",
    "cli:suggestion": "suggestion",
    "cli:suggestions": "suggestions",
    "cli:mode-age": "from age alone",
    "cli:mode-personal": "personalised",
    "cli:mode-progress": "from the progress in {file}",
    # the all-clear of a check-in session: what to tell each one already contacted. The police
    # are told when a missing child comes home (missingkids.ca, "When your child comes home":
    # "call the police and inform them that your child is home"), quoting the log or reference
    # number given when reporting (www.mmhs.co.uk, "Missing child or young person"), and may
    # still need to see the child to check they are safe and well (Missing People, "What do
    # the police do when a missing person is found", www.missingpeople.org.uk).
    "all-clear:guardian": "The child is safe: you can stop looking. Thank you.",
    "all-clear:other-guardian": "Good news: the child is safe and sound. Nothing more to do; "
    "thank you for helping.",
    "all-clear:trusted-adult": "Good news: the child is safe and sound. Thank you for "
    "helping; there is nothing more you need to do.",
    "all-clear:police-non-emergency": "Call the police back on the same number: say the child "
    "is safe, and give the reference number they gave you. They may still want to see the "
    "child, to check that all is well.",
    "all-clear:emergency-services": "Call the emergency services back: say the child is safe, "
    "and give the reference number they gave you. The police may still want to see the child, "
    "to check that all is well.",
    # a region's numbers, added to escalation steps (see independence.regional)
    "region:emergency-number": "Emergency number ({region}): {number}.",
    "region:non-emergency-number": "Police non-emergency number ({region}): {number}.",
    "region:no-non-emergency-number": "Police non-emergency number ({region}): there is no "
    "single one; use your local police's own line.",
    # a region's crisis lines, added to debriefs and to the items about getting help
    "region:crisis-line": "{name} {number} ({who})",
    "region:crisis-line-separator": "; ",
    "region:crisis-lines": "Crisis lines ({region}), for the child or for you: {lines}.",
    "region:debrief-crisis-lines": "If they seem in distress, or talk about harming "
    "themselves, stay with them and get help: your local emergency number now if they are in "
    "danger, otherwise a crisis line today. {lines}",
    # a region's services for reporting online sexual abuse, added to the items about it
    "region:reporting-service": "{name} ({how})",
    "region:reporting-line": "{name} {number} ({how})",
    "region:reporting-service-separator": "; ",
    "region:reporting-services": "To report online sexual abuse, grooming or sextortion "
    "({region}): {services}.",
}


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of ``template`` (none if its braces do not match)."""
    import string  # only translated catalogues check their templates: kept off the cold start

    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()


def template_problem(english: str, translated: str) -> str | None:
    """Why ``translated`` cannot stand for the template ``english``, or ``None``.

    A translation may move the ``{name}`` fields of its English and repeat them, but must keep
    every one, add none (no ``{0}``, no ``{name.attribute}`` or ``{name[key]}``), and give
    none a format spec (``{window:>30000000}``) or conversion (``{window!r}``) that the
    English does not give it; its braces must match (a lone brace is written ``{{``).
    """
    import string

    control = _CONTROL.search(translated)
    if control is not None:
        return f"control character U+{ord(control.group()):04X} in a template"
    try:
        source = {
            name: (spec or "", conversion)
            for _, name, spec, conversion in string.Formatter().parse(english)
            if name is not None
        }
        fields = [
            (name, spec or "", conversion)
            for _, name, spec, conversion in string.Formatter().parse(translated)
            if name is not None
        ]
    except ValueError as error:
        return f"not a valid template: {error}"
    for name, spec, conversion in fields:
        if name not in source:
            return f"the placeholder {{{name}}} is not in the English"
        if (spec, conversion) != source[name]:
            return f"the placeholder {{{name}}} has a format spec or conversion the English lacks"
    missing = sorted(set(source) - {name for name, _, _ in fields})
    if missing:
        return "placeholders missing: " + ", ".join(f"{{{name}}}" for name in missing)
    return None


@functools.lru_cache(maxsize=512)
def _usable(english: str, template: str) -> bool:
    return template_problem(english, template) is None


class Messages:
    """The library's own sentences in one locale (English without translations)."""

    def __init__(self, translations: gettext.NullTranslations | None = None) -> None:
        self._translations = translations  # None: English, as written

    def __call__(self, context: str, /, **values: object) -> str:
        english = MESSAGES[context]
        template = self.text(context, english)
        if template != english and not _usable(english, template):
            template = english  # a translation that breaks its template is not used
        return template.format(**values)

    def text(self, context: str, english: str) -> str:
        """A data text (such as a region's name) in this locale: its translation, or the English."""
        if self._translations is None:
            return english
        found = self._translations.pgettext(context, english)
        return english if _CONTROL.search(found) else found  # never a control into the output

    def age(self, age: Age) -> str:
        """``age`` as text: ``7y6m`` in English."""
        return self.months(age.total_months)

    def months(self, months: int) -> str:
        """An age given in months (18 years, the end of the last band, included) as text."""
        years, rest = divmod(months, 12)
        if rest == 0:
            return self("age:years", years=years)
        return self("age:years-months", years=years, months=rest)

    def window(self, start: Age, end: Age) -> str:
        """An age window such as ``6y-8y6m``."""
        return self("age:range", start=self.age(start), end=self.age(end))

    def titles(self, titles: Sequence[str]) -> str:
        """Up to three quoted titles joined as a list, then how many more."""
        names = [self("titles:quoted", title=title) for title in titles[:3]]
        more = len(titles) - len(names)
        if more:
            names.append(self("titles:more", count=more))
        if len(names) == 1:
            return names[0]
        head = self("titles:list-separator").join(names[:-1])
        return self("titles:two", first=head, last=names[-1])


#: The English sentences.
ENGLISH: Final = Messages()
