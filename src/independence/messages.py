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

from independence._dataclasses import frozen_dataclass

if TYPE_CHECKING:
    import gettext

    from independence.age import Age

__all__ = [
    "ENGLISH",
    "FIELDS",
    "FSI",
    "GENDERS",
    "MESSAGES",
    "PDI",
    "PLURALS",
    "RIGHT_TO_LEFT",
    "SOURCE_LOCALE",
    "Forms",
    "Messages",
    "isolate",
    "placeholders",
    "template_problem",
]

#: C0 and C1 control characters (and DEL); line feeds and tabs are ordinary text.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: The language the data and these sentences are written in.
SOURCE_LOCALE: Final = "en-GB"

#: Every template, by context. The context names what the sentence is for.
MESSAGES: Final[dict[str, str]] = {
    # ages: whole years, or years and months, each counted by "age:n-years" and "age:n-months"
    # (see PLURALS), so a language writes "2 años", "6 meses" or «7 سنوات و6 أشهر»
    "age:years": "{years}",
    "age:years-months": "{years}{months}",
    "age:months": "0y{months}",  # English writes an age under a year as Age does: 0y6m
    "age:range": "{start}-{end}",
    # the six months after whole years, where a language says "and a half" ("7 años y
    # medio", "al año y medio"): put into "age:years-months" and "age:...-n-years-months" as
    # their {months}; not translated (English), the months are counted as any others
    "age:half": "6m",
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
    # a region's helplines for a grown-up worried about abuse, added to the items about it
    "region:child-protection-lines": "If you are worried that a child is being abused or "
    "exploited ({region}), for advice: {lines}.",
    # the command line: bands, escalate, progress, show, validate
    "cli:review-every": "review every {months}",
    "cli:timeline-heading": "Check-in {policy}: due {due}, missed at {deadline} (escalation "
    "{escalation}, conditions: {conditions})",
    "cli:no-conditions": "none",
    "cli:minutes-after": "+{minutes} min",
    "cli:again": "{action} (again {occurrence})",
    "cli:state-at": "At {now}: {state}",
    "cli:not-counted": "Not counted: the check-in at {at} is before this check-in's window, which "
    "opens at {opens}",
    "cli:session-heading": "Session {policy}: due {due}, missed at {deadline}, window from "
    "{started} (escalation {escalation})",
    "cli:fired": "fired: {action} ({target}) [{key}]: {message}",
    "cli:all-clear": "All clear to {target}: {message}",
    "cli:awaiting-answer": "No answer yet from: {who} (send alert-acknowledged when one has seen "
    "the alert)",
    "cli:name-separator": ", ",
    # what `escalate` says of darkness and sharing at --now
    "cli:after-dark-now": "After dark: {darkness} now",
    "cli:after-dark-due": "After dark: {darkness} at the due time, each step judged as it fires",
    "cli:darkness": "{state} ({basis}{where})",
    "cli:dark": "dark",
    "cli:light": "light",
    "cli:at-place": " at {latitude}, {longitude}",
    "cli:shared-now": "May be shared now: {shared}{precision}",
    "cli:shared-precision": " ({precision})",
    "cli:nothing-shared": "nothing",
    # the details of a session event, as `escalate` lists them ("arrived (by child)")
    "event-field:by": "by {value}",
    "event-field:id": "id {value}",
    "event-field:minutes": "minutes {value}",
    "event-field:due": "due {value}",
    "event-field:destination": "destination {value}",
    "event-field:how": "how {value}",
    # why `escalate` says to wake up next (a session's wake_for)
    "wake:due": "due",
    "wake:deadline": "deadline",
    "wake:step": "step",
    "wake:hold-ends": "hold-ends",
    "wake:sharing-resumes": "sharing-resumes",
    "author:child": "child",
    "author:guardian": "guardian",
    "author:trusted-adult": "trusted-adult",
    "author:app": "app",
    "cli:not-sent": "not sent: {action}",
    "cli:wake-up": "Wake up at {at} ({reason})",
    "cli:nothing-to-wake": "Nothing left to wake up for",
    "cli:stood-down-by": "stood down by {who} ({how})",
    "cli:arrived-on-time": "arrived on time",
    "cli:arrived-late": "arrived late",
    "cli:checked-in-at": "checked in at {at}",
    "cli:active-step": "active: step {step} {action}",
    "cli:next-step": "next: {action} at {at}",
    "cli:then": "then: {debrief}",
    "cli:list-separator": "; ",
    "status:waiting": "waiting",
    "status:grace": "grace",
    "status:missed": "missed",
    "status:escalating": "escalating",
    "status:acknowledged": "acknowledged",
    "status:resolved": "resolved",
    "status:stood-down": "stood down",
    "status:emergency": "emergency",
    "event:acknowledged": "acknowledged",
    "event:arrived": "arrived",
    "event:time-added": "time-added",
    "event:plan-changed": "plan-changed",
    "event:location-paused": "location-paused",
    "event:location-resumed": "location-resumed",
    "event:stood-down": "stood-down",
    "event:sos": "sos",
    "event:checked-in": "checked-in",
    "event:alert-acknowledged": "alert-acknowledged",
    "cli:valid": "{path}: valid: {counts} (data version {version}){warnings}",
    "cli:warnings": "; {warnings}",
    # the pictures of `independence graph` (Mermaid: no colon in a translation)
    "graph:bands-title": "Responsibilities by age band",
    "graph:responsibilities": "responsibilities",
    "graph:timeline-title": "{title} (minutes after the missed deadline)",
    "graph:minutes": "{minutes} min",
    "graph:again-at": "again at {minutes}",
    "cli:recorded": "{file}: {id} {what} '{stage}' (since {since})",
    "cli:reviewed-at": "reviewed at",
    "cli:now-at": "now at",
    "cli:child-kept": "{file}: born {born}{due}; age today {age}",
    "cli:child-due": ", due {due}",
    "cli:progress-heading": "{file}: {count} {items} recorded; {child}",
    "cli:item": "item",
    "cli:items": "items",
    "cli:born": "born {born}",
    "cli:no-birth-date": "no birth date kept",
    "cli:nothing-recorded": "nothing recorded yet: 'independence progress record FILE ID STAGE' "
    "adds one",
    "cli:mastered": "mastered",
    "cli:next-stage": "next: {stage}",
    "cli:since": "since {since}",
    "cli:reviews-heading": "{file}: {count} {reviews} due on {on}",
    "cli:review": "review",
    "cli:reviews": "reviews",
    "cli:review-line": "{id}: at '{stage}' since {since}, due {due} (every {every})",
    "cli:next-rung": "next rung, {stage}: {description}",
    "cli:ask": "ask: {question}",
    "cli:yes": "True",
    "cli:no": "False",
}

#: Sentences that change with a number, by context: the English singular and plural. A
#: translation gives as many forms as its language's ``Plural-Forms`` (read with
#: ``npgettext``). English writes ages short ("7y6m"), as it always has.
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "age:n-years": ("{n}y", "{n}y"),
    "age:n-months": ("{n}m", "{n}m"),
    # an age after the sentence's "at" or "by" ("start it at {start}", "alone by {end}"): the
    # preposition goes with the number in many languages ("al año", "a los 2 años"), so a
    # translation writes it here, counted by the years (by the months under a year), and leaves
    # it out of the sentence; {months} is "age:n-months". English writes the age alone, as
    # Age does, and keeps "at" and "by" in its sentences; a translation without these entries
    # writes the age in words ("age:years" ...) and its sentences keep their own preposition.
    "age:at-n-years": ("{n}y", "{n}y"),
    "age:at-n-years-months": ("{n}y{months}", "{n}y{months}"),
    "age:at-n-months": ("0y{n}m", "0y{n}m"),
    "age:by-n-years": ("{n}y", "{n}y"),
    "age:by-n-years-months": ("{n}y{months}", "{n}y{months}"),
    "age:by-n-months": ("0y{n}m", "0y{n}m"),
    # a range whose two ends are whole years ("de 0 a 2 años"), counted by its end: {start} is
    # the first number alone. English (and a translation without it) writes "age:range"
    "age:range-years": ("{start}y-{n}y", "{start}y-{n}y"),
    "cli:n-months": ("{n} month", "{n} months"),
    "cli:n-warnings": ("{n} warning", "{n} warnings"),
    # what `independence validate` counts, by section
    "count:sources": ("{n} source", "{n} sources"),
    "count:bands": ("{n} band", "{n} bands"),
    "count:categories": ("{n} category", "{n} categories"),
    "count:responsibilities": ("{n} responsibility", "{n} responsibilities"),
    "count:check_in_policies": ("{n} check-in policy", "{n} check-in policies"),
    "count:escalation_policies": ("{n} escalation policy", "{n} escalation policies"),
}

#: What ``independence show`` calls each field of a record (the field's name, in words).
FIELDS: Final = (
    "id", "title", "summary", "category", "introduce_at", "independent_by", "prerequisites",
    "support_ladder", "stage", "description", "done_when", "risk", "away_from_home",
    "natural_consequences", "safety_note", "adaptations", "guiding_questions", "trust_framing",
    "reconnection", "check_in", "sources", "review_interval_months", "triggers", "kind", "when",
    "times", "every_minutes", "channels", "grace_minutes", "window_minutes",
    "acknowledge_hold_minutes", "max_added_minutes", "location", "mode", "precision",
    "pausable", "contexts", "escalation", "dark_hours", "start", "end", "timezone",
    "privacy_note", "urgency", "rationale", "steps", "after_minutes", "action", "target",
    "message", "repeat", "follow_up", "skip_actions", "delay_percent", "conditions",
    "resolution", "debrief", "perspectives", "pack", "text", "references", "at", "min_age",
    "darkness", "on_failure", "max_pause_minutes", "paused_by", "regional_numbers", "reprompt",
)  # fmt: skip
for _field in FIELDS:
    MESSAGES[f"field:{_field}"] = _field.replace("_", " ")
for _risk in ("low", "moderate", "high"):
    MESSAGES[f"risk:{_risk}"] = _risk
#: A check-in's channels and the data its phone shares when a check-in fails (`show`).
for _channel in ("text", "call", "app", "arrival-alert", "in-person"):
    MESSAGES[f"channel:{_channel}"] = _channel
for _shared in ("location", "battery", "signal", "route"):
    MESSAGES[f"shared:{_shared}"] = _shared
#: How `escalate` says darkness was judged (a DarknessBasis) and the conditions that shortened
#: the delays (a ConditionKind); English shows the values as they are.
for _basis in ("sun-at-place", "sun-at-zone", "policy-hours", "fallback-hours", "assumed-dark"):
    MESSAGES[f"darkness:{_basis}"] = _basis
for _condition in ("after-dark", "high-risk", "young-child", "vulnerable-child"):
    MESSAGES[f"condition:{_condition}"] = _condition
#: The values `show` prints of a check-in and an escalation policy, in words: a trigger's
#: kind, when location is shared and how precisely, the contexts, the darkness rule, the
#: urgency (English shows the values as they are).
for _prefix, _values in (
    ("trigger", ("departure", "arrival", "plan-change", "fixed-time", "interval", "sos")),
    ("sharing", ("off", "while-out", "always", "on-failure")),
    ("precision", ("precise", "approximate")),
    ("context", ("travel", "school", "social", "errand", "late-night", "home-alone")),
    ("darkness-rule", ("sun", "hours")),
    ("urgency", ("low", "moderate", "high", "critical")),
):
    for _value in _values:
        MESSAGES[f"{_prefix}:{_value}"] = _value
#: The escalation actions and targets, in words (`independence graph escalation`).
for _action in (
    "remind-child",
    "call-child",
    "tell-other-guardian",
    "contact-trusted-adult",
    "go-to-last-known-place",
    "call-police-non-emergency",
    "call-emergency-services",
):
    MESSAGES[f"action:{_action}"] = _action.replace("-", " ")
for _target in (
    "child",
    "guardian",
    "other-guardian",
    "trusted-adult",
    "police-non-emergency",
    "emergency-services",
):
    MESSAGES[f"target:{_target}"] = _target.replace("-", " ")

#: The command line's help (``independence ... --help``): every description, option help and
#: metavar of the parser (see :mod:`independence.cli.parser`), and argparse's own words. A
#: context names the command and the option (``help:suggest#--age``), ``#help`` the command's
#: line in the list of commands and ``#description`` its paragraph; ``help:catalogue``,
#: ``help:query``, ``help:perspectives`` and ``help:selection`` are the options several
#: commands share; ``metavar:`` the placeholder an option's value is shown as. Option names
#: (``--age``) are never translated. Braces are doubled: these are templates too.
MESSAGES.update(
    {
        # argparse's own words (its gettext domain, given through our catalogue instead)
        "argparse:usage": "usage: ",
        "argparse:positional-arguments": "positional arguments",
        "argparse:options": "options",
        "argparse:help": "show this help message and exit",
        "argparse:version": "show program's version number and exit",
        # the command line itself
        "help:independence#description": "Age-appropriate independence for children: "
        "suggestions, responsibilities, age bands. Guidance, not a screening tool: every child "
        "differs.",
        "help:independence#commands": "commands",
        "help:independence#--locale": "the language of this help and of the command's "
        "output, as the command's own --locale (default: $INDEPENDENCE_LOCALE)",
        # the options several commands share
        "help:catalogue#--data": "a catalogue file or folder instead of the default data",
        "help:catalogue#--overlay": "lay an overlay file over the catalogue (repeat for more, "
        "applied in order)",
        "help:catalogue#--locale": "the language of the texts, a BCP 47 tag such as es, es-MX, "
        "ar or en-US (default: $INDEPENDENCE_LOCALE, else the data's own, en-GB)",
        "help:catalogue#--region": "apply a regional pack (GB, US or AU): its laws and ages, "
        "and its emergency number, crisis lines and services for reporting online abuse in "
        "escalation steps, debriefs and the items about getting help; without one, texts say "
        "'your local emergency number', 'a crisis line' and 'the national reporting service'",
        "help:catalogue#--gender": "the child's grammatical gender in languages that mark it, "
        "such as es and ar (default: $INDEPENDENCE_GENDER, else each translation's neutral "
        "wording)",
        "help:catalogue#--addressee": "the grammatical gender of the grown-up the texts speak "
        "to, in languages that mark it, such as ar (default: $INDEPENDENCE_ADDRESSEE, else the "
        "neutral wording)",
        "help:query#--json": "print JSON for programs",
        "help:perspectives#--perspective": "add guidance from a perspective pack (repeat for more)",
        "help:selection#--category": "only this category (repeat for more)",
        "help:selection#--limit": "at most N",
        "help:age": "the child's age: 8, 7y6m or 90m",
        # suggest
        "help:suggest#help": "next steps for a child of a given age",
        "help:suggest#description": "Next steps for a child of a given age, best first, each "
        "with a reason.",
        "help:suggest#--mastered": "ids the child has mastered: personalise the suggestions",
        "help:suggest#--progress": "a child's progress file: in-progress items first (see "
        "'independence progress')",
        # show
        "help:show#help": "everything about one responsibility",
        "help:show#description": "Everything about one responsibility (or check-in or "
        "escalation policy).",
        "help:show#id": "a responsibility, check-in policy or escalation policy id",
        # bands
        "help:bands#help": "the age bands",
        "help:bands#description": "The age bands, youngest first.",
        # validate
        "help:validate#help": "check catalogue files or folders and report every problem",
        "help:validate#description": "Check catalogues (files or folders). Every problem is "
        "printed as file:line:column: path: message; exit 1 if there is any. Warnings (valid "
        "data that is probably a mistake) are printed as file:line:column: path: warning: "
        "message and do not change the exit status.",
        "help:validate#paths": "a catalogue file or folder",
        "help:validate#--overlay": "check these overlays laid over each PATH (repeat for more, "
        "applied in order)",
        "help:validate#--json": "print JSON for CI tools",
        "help:validate#--locale": "also check the translations into TAG: missing, stale and "
        "extra texts are warnings placed in the PO files",
        # schema
        "help:schema#help": "JSON Schemas of the data files, for editors",
        "help:schema#description": "Print the JSON Schema (draft-07) of one kind of data file, "
        "or write them all.",
        "help:schema#kind": "catalog, {files}, overlay, region (a regional pack), catalogue (a "
        "whole catalogue in one file), progress (a child's progress file) or export (what "
        "'independence export' writes)",
        "help:schema#--output": "write every schema into DIR",
        "help:schema#--json": "the same for one kind (a schema is JSON); with --output, the "
        "paths as a JSON list",
        # export
        "help:export#help": "the whole catalogue as one JSON document",
        "help:export#description": "The whole catalogue as one JSON document, for apps not "
        "written in Python. It has the shape of a one-file catalogue, so it loads again as one.",
        "help:export#--format": "only json for now",
        "help:export#--json": "the same: the export is always JSON",
        # escalate
        "help:escalate#help": "what happens, and when, if a check-in is missed",
        "help:escalate#description": "The escalation timeline of a check-in policy for a due "
        "time, and, with --now, where things stand. With --event or --events, a check-in "
        "session instead: the events in order, the state at --now and when to wake up next. "
        "Times are ISO 8601 with a UTC offset, from 1900 up to (not including) 3000. Without "
        "--region the steps say 'your local emergency number'; with --region GB, US or AU they "
        "give that region's numbers, and the debrief its crisis lines.",
        "help:escalate#policy": "a check-in policy id",
        "help:escalate#--due": "when the check-in is due (ISO 8601)",
        "help:escalate#--now": "the moment to report the state at (ISO 8601)",
        "help:escalate#--checked-in": "check-ins received",
        "help:escalate#--event": "run a check-in session with this event (repeat for more, in "
        "order); KIND is acknowledged, arrived, checked-in, time-added:MINUTES, "
        "plan-changed:DUE[:DESTINATION] or plan-changed:DESTINATION, location-paused, "
        "location-resumed, stood-down:HOW, sos or alert-acknowledged; BY is who it comes from "
        "(child, guardian, trusted-adult or app; the child when left out, where allowed); ID "
        "is the app's event id (a repeat with the same id is taken once)",
        "help:escalate#--events": "run a check-in session with the events of a JSON Lines file "
        "(one event object a line, in order; before any --event)",
        "help:escalate#--session-id": "the session's id, the first part of each firing's key "
        "(default: generated)",
        "help:escalate#--timer": "a session due MINUTES after --started, instead of --due",
        "help:escalate#--started": "when the session started: the departure, from which "
        "interval messages count (ISO 8601; default: the policy's window before --due)",
        "help:escalate#--after-dark": "treat every step as after dark (default: each step "
        "judged as it fires, by the sun at --lat/--lon or at the zone's reference place, or by "
        "the policy's own hours)",
        "help:escalate#--not-after-dark": "treat it as daylight",
        "help:escalate#--age": "the child's age (young-child conditions); a session needs it "
        "unless the check-in policy is for teenagers only",
        "help:escalate#--tz": "the family's IANA time zone (such as Europe/London): after dark "
        "from the sun at its reference place when no --lat/--lon is given (a UTC offset alone "
        "has no place: the policy's hours are used then)",
        "help:escalate#--lat": "the child's latitude (-90 to 90, north positive; with --lon): "
        "after dark is judged from the sun there (default: at the reference place of the due "
        "time's zone)",
        "help:escalate#--lon": "the child's longitude (-180 to 180, east positive; with --lat)",
        "help:escalate#--risk": "the item's risk",
        "help:escalate#--vulnerable": "the family marks the child as needing the faster path "
        "(vulnerable-child conditions)",
        # graph
        "help:graph#help": "diagrams of the data (Mermaid)",
        "help:graph#description": "Print a diagram of the data as Mermaid text: a category's "
        "progression, the responsibilities across the age bands, or an escalation policy's "
        "timeline.",
        "help:graph#id": "the category or escalation policy id",
        "help:graph#--format": "only mermaid",
        "help:graph#--json": 'print JSON for programs: {{"subject", "id", "format": '
        '"mermaid", "diagram"}}',
        # progress
        "help:progress#help": "keep a child's progress in a JSON file: record, show, next, reviews",
        "help:progress#description": "Keep one child's progress in a JSON file (created by the "
        "first 'record'): where they stand on each support ladder, what to work on next and "
        "which reviews are due. Dates are YYYY-MM-DD.",
        "help:progress#actions": "actions",
        "help:progress#file": "the progress file (JSON)",
        "help:progress record#help": "record the stage a child has reached on one item",
        "help:progress record#description": "Record that the child reached STAGE on the "
        "responsibility ID (creating FILE if needed). Recording the stage the item is already "
        "at marks a review.",
        "help:progress record#id": "a responsibility id",
        "help:progress record#stage": "together, alongside, nearby, check-in or alone",
        "help:progress record#--on": "the day it happened (default: today)",
        "help:progress child#help": "keep the child's birth date (and due date) in the file",
        "help:progress child#description": "Keep the child's birth date, and the due date for a "
        "child born early, so 'next' and 'reviews' can work out the age (corrected for "
        "prematurity to 24 months).",
        "help:progress child#--born": "the birth date",
        "help:progress child#--due": "the due date, for a child born early",
        "help:progress show#help": "where the child stands on each item",
        "help:progress show#description": "Every item recorded: the stage, since when, and the "
        "next rung.",
        "help:progress next#help": "what to work on next, in-progress items first",
        "help:progress next#description": "Suggestions from the child's progress, as 'suggest "
        "--progress FILE'. The age is --age, or else worked out from the birth date in the "
        "file on --on (today).",
        "help:progress next#--on": "the day to work out the age on",
        "help:progress reviews#help": "which items are due for a review",
        "help:progress reviews#description": "Items in progress whose review has come due by "
        "--on (today), oldest first, each with the next rung and the guiding questions to talk "
        "over.",
        "help:progress reviews#--on": "the day to check (default: today)",
    }
)
#: The command line's mistakes (one line on stderr, exit 2): argparse's own messages as
#: ``argparse:`` (Python 3.11's words, read back from its English by
#: :mod:`independence.cli.mistakes`) and ours as ``usage:``. Values (an option's name, a
#: quoted value, a list of choices) are shown as they are; ``{message}`` is another of these
#: sentences, already translated.
MESSAGES.update(
    {
        "cli:error": "independence: error: {message}",
        "cli:cannot-write": "cannot write the output: {error}",
        "usage:see-help": "{message} (see '{prog} --help')",
        "argparse:required": "the following arguments are required: {arguments}",
        "argparse:invalid-choice": "invalid choice: {value} (choose from {choices})",
        "argparse:unrecognized": "unrecognized arguments: {arguments}",
        "argparse:expected-one": "expected one argument",
        "argparse:expected-at-most-one": "expected at most one argument",
        "argparse:expected-at-least-one": "expected at least one argument",
        "argparse:not-allowed-with": "not allowed with argument {argument}",
        "argparse:ambiguous": "ambiguous option: {given} could match {matches}",
        "argparse:one-of-required": "one of the arguments {arguments} is required",
        "argparse:invalid-value": "invalid {type} value: {value}",
        "argparse:ignored-explicit": "ignored explicit argument {value}",
        "usage:not-a-count": "expected a whole number of 0 or more, not {value}",
        "usage:unknown-id": "unknown {kind} {id}{close}",
        "usage:unknown-id-available": "unknown {kind} {id}{close}; available: {available}",
        "usage:close": " (did you mean {names}?)",
        "usage:or": " or ",
        "usage:unknown-region": "unknown region {region}: known regions are {known}",
        "usage:no-translation": "no translation for {tag}: available locales are {known}",
        "usage:age-unreadable": "cannot read {value} as an age: write years and months as "
        "'7y6m', '7y' or '90m'",
        "usage:age-out-of-range": "{value} is out of range: ages run from 0y to 17y11m (under "
        "18 years)",
        "usage:age-months": "{value}: months after the years must be 0 to 11",
        "usage:birth-after": "birth date {born} is after {on}",
        "usage:due-too-late": "due date {due} is more than 20 weeks after the birth ({born}): "
        "check the dates",
        "usage:due-too-early": "due date {due} is more than 4 weeks before the birth ({born}): "
        "check the dates",
        "usage:not-one-of": "{value} is not one of {choices}",
        "usage:unknown-schema": "unknown schema {schema}: choose one of {choices}",
        "usage:kind-and-output": "give a kind or --output DIR, not both",
        "usage:name-a-kind": "name one ({choices}) or use --output DIR",
        "usage:not-iso": "{value} is not an ISO 8601 date and time",
        "usage:no-offset": "{value} has no UTC offset; write it like 2026-03-09T08:30+00:00",
        "usage:time-out-of-range": "{value} is out of range: give a time from {earliest} up to "
        "(not including) {latest}",
        "usage:due-required": "--due is required (or --timer with --started, for a session)",
        "usage:started-for-sessions": "--started is for sessions: add --event, --events or --timer",
        "usage:checked-in-needs-now": "--checked-in needs --now (the moment to report the state "
        "at)",
        "usage:event-syntax": "{value} is not KIND[/BY][#ID]@TIME[:ARG] (such as "
        "arrived@2026-03-09T08:31+00:00 or plan-changed/guardian#e7@2026-03-09T08:40+00:00:"
        "2026-03-09T09:00+00:00)",
        "usage:unknown-event-kind": "unknown kind {value} (one of {choices})",
        "usage:unknown-author": "unknown author {value} (one of {choices})",
        "usage:two-authors": "two authors in {value}",
        "usage:takes-no-arg": "{event} takes no ':ARG' ({value})",
        "usage:needs-minutes": "{event} needs ':MINUTES' ({value})",
        "usage:needs-plan": "{event} needs ':DUE[:DESTINATION] or DESTINATION' ({value})",
        "usage:needs-how": "{event} needs ':HOW (with /guardian or /trusted-adult), or WHO:HOW' "
        "({value})",
        "usage:whole-minutes": "time-added needs whole minutes, not {value}",
        "usage:stood-down-needs": "stood-down needs '/WHO' and ':HOW', not {value}",
        "usage:not-a-zone": "{value} is not an IANA time zone (such as Europe/London)",
        "usage:unknown-zone": "unknown time zone {value} (use an IANA name such as Europe/London)",
        "usage:not-degrees": "{value} is not a number of degrees (such as 51.5)",
        "usage:degrees-range": "{value} is out of range: give -{limit} to {limit} degrees",
        "usage:lat-lon": "give --lat and --lon together (the child's place), or neither",
        "usage:checked-in-session": "--checked-in is for timelines; in a session use --event "
        "arrived@TIME",
        "usage:due-or-timer": "give --due or --timer (with --started), not both or neither",
        "usage:timer-needs-started": "--timer needs --started (when the timer was set)",
        "usage:session-needs-now": "a session needs --now (the moment to report the state at)",
        "usage:timer-range": "--timer must be 1 to 1440 minutes, not {value}",
        "usage:fixed-time-zone": "a fixed-time check-in needs the family's zone: give --tz "
        "(such as Europe/London)",
        "usage:started-alone": "give --due or --timer (with --started); --started alone only "
        "for a policy with a fixed-time check-in",
        "usage:graph-no-id": "{command} takes no id",
        "usage:graph-needs-id": "{command} needs an id",
        "usage:unknown-stage": "unknown stage {value}: one of {choices}",
        "usage:not-a-date": "{value} is not a date; write it as YYYY-MM-DD",
        "usage:no-such-file": "No such file or directory: {path}",
        "usage:no-catalogue": "no catalogue at {path}: give a YAML file or a data folder",
        "usage:give-age": "give --age, or keep a birth date with 'independence progress child "
        "FILE --born DATE'",
        # the check-in engine's refusals of a session given on the command line (its English
        # exactly as the engine raises it: "event N (KIND at TIME by WHO)" names the event)
        "usage:policy-too-young": "check-in policy {id} is for children from {min_age}, not "
        "{age}: use one made for them",
        "usage:policy-too-young-such-as": "check-in policy {id} is for children from {min_age}, "
        "not {age}: use one made for them, such as {ids}",
        "usage:starts-after-due": "the session starts at {started}, after its due time {due}",
        "usage:event-before-window": "event {number} ({what} at {at} by {by}) is before the "
        "session's window opens at {opens}: it belongs to another check-in",
        "usage:event-out-of-order": "event {number} ({what} at {at} by {by}) is out of order: it "
        "comes before the event before it",
        "usage:event-after-end": "event {number} ({what} at {at} by {by}): the session has "
        "already ended (only an SOS reopens it)",
        "usage:event-after-sos": "event {number} ({what} at {at} by {by}): the child raised the "
        "alarm at {sos}; only a grown-up's stand-down ends it now",
        "usage:event-early-acknowledged": "event {number} ({what} at {at} by {by}): nothing to "
        "acknowledge before the due time {due}",
        "usage:event-late-time-added": "event {number} ({what} at {at} by {by}): the check-in "
        "was missed at {missed}; time can only be added before the deadline (the child "
        "acknowledges instead; a grown-up may change the plan)",
        "usage:event-late-plan-changed": "event {number} ({what} at {at} by {by}): the check-in "
        "was missed at {missed}; after the deadline only a grown-up (guardian or trusted-adult) "
        "may change the plan",
        "usage:event-due-before-change": "event {number} ({what} at {at} by {by}): the new due "
        "time {due} is before the change",
        "usage:event-no-alert": "event {number} ({what} at {at} by {by}): no alert has gone out "
        "yet, there is nothing to acknowledge",
        "usage:event-already-paused": "event {number} ({what} at {at} by {by}): sharing is "
        "already paused (since {since})",
        "usage:event-not-paused": "event {number} ({what} at {at} by {by}): location sharing is "
        "not paused",
        "usage:event-id-used": "event id {id} is already used by event {number} ({what} at {at})",
        "usage:event-needs-by": "a {what} event needs 'by' (who it comes from: {roles})",
        "usage:event-not-pausable": "event {number} ({what} at {at} by {by}): location sharing "
        "in check-in policy {id} is not pausable: nobody may pause it",
        "usage:event-search-began": "event {number} ({what} at {at} by {by}): the search began "
        "at {searched}: sharing stays on until the session ends",
        "usage:event-minutes-left": "event {number} ({what} at {at} by {by}): only {left} more "
        "minutes may be added to the due time (check-in policy {id} allows {cap} in all, by "
        "added time and plan changes together)",
        "usage:event-minute-left": "event {number} ({what} at {at} by {by}): only 1 more minute "
        "may be added to the due time (check-in policy {id} allows {cap} in all, by added time "
        "and plan changes together)",
        "usage:event-wrong-author": "a {what} event comes from the {roles}, not the {by}",
        "usage:now-before-last-event": "now ({now}) is before the last event ({last})",
        "usage:policy-needs-age": "check-in policy {id} is for children under {under} too: give "
        "the child's age (age= or born=), so that a young child gets the young-child conditions "
        "and never a teenager's timings (on the command line: --age)",
        "usage:check-in-after-now": "check-in {number} at {at} is after now ({now})",
        # the wrappers, read last: an option before a message, argparse's "argument X:", a
        # quoted value before a message
        "argparse:argument": "argument {argument}: {message}",
        "usage:option": "{option}: {message}",
        "usage:quoted": "{value}: {message}",
    }
)
#: What a mistake calls each kind of record ("unknown responsibility 'x'").
for _kind in (
    "source", "age band", "category", "responsibility", "check-in policy", "escalation policy",
    "schedule", "perspective pack",
):  # fmt: skip
    MESSAGES[f"kind:{_kind}"] = _kind
PLURALS.update(
    {
        "cli:invalid-data": (
            "invalid data ({n} problem); first: {first}; run 'independence validate' on the "
            "data to see them all",
            "invalid data ({n} problems); first: {first}; run 'independence validate' on the "
            "data to see them all",
        ),
        "cli:more-problems": (" (and {n} more problem)", " (and {n} more problems)"),
    }
)

#: The placeholders the help shows an option's value as (``--age AGE``), translated like the
#: help that names them ("at most N").
for _metavar in (
    "AGE", "C", "CHECKIN_POLICY_ID", "CODE", "DATE", "DEGREES", "DIR", "DUE", "FILE", "ID",
    "ISO", "KIND[/BY][#ID]@TIME[:ARG]", "MINUTES", "N", "NAME", "NOW", "PATH", "STAGE",
    "STARTED", "TAG", "ZONE", "id", "kind",
):  # fmt: skip
    MESSAGES[f"metavar:{_metavar}"] = _metavar.replace("{", "{{").replace("}", "}}")


#: The languages written right to left (their primary subtags).
RIGHT_TO_LEFT: Final = frozenset({"ar", "fa", "he", "ur"})

#: First strong isolate and pop directional isolate: a run between them is laid out on its own,
#: in its own direction, and does not reorder what is around it.
FSI: Final = "\u2068"
PDI: Final = "\u2069"

#: Digits separated by one space ("131 444", "0800 1111"), or a run of Latin text (a name, an
#: id, a time such as 2026-09-01T08:50:00+01:00): what a right-to-left paragraph may reorder.
_WORD: Final = r"[A-Za-z0-9/~][A-Za-z0-9.,:;/_~'\u2019+&()\-]*"
_LATIN_RUN: Final = rf"{_WORD}(?:[ \u00a0]{_WORD})*"
_SPLIT_NUMBER: Final = r"(?<=\d) (?=\d)"


@functools.cache
def _right_to_left_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns above, compiled when a right-to-left text first needs them (never on
    an English cold start); a race compiles them twice, and either serves."""
    return re.compile(_SPLIT_NUMBER), re.compile(_LATIN_RUN)


def isolate(text: str) -> str:
    """``text`` made safe to show in a right-to-left paragraph: a space inside a number becomes
    a no-break space (so "131 444" stays one number, in its order), and each run of Latin
    letters and digits that holds a letter, a space or punctuation (a name, an id, a time) is
    wrapped in a first-strong isolate (FSI ... PDI). A bare number is left as it is: the
    bidirectional algorithm already shows it as written. Text already isolated is unchanged."""
    if FSI in text:
        return text
    split_number, latin_run = _right_to_left_patterns()
    text = split_number.sub("\u00a0", text)

    def wrap(found: re.Match[str]) -> str:
        run = found.group()
        if run.isdigit():
            return run
        core = run.rstrip(".,:;)")
        return f"{FSI}{core}{PDI}{run[len(core) :]}"

    return latin_run.sub(wrap, text)


#: The grammatical genders a translation may write a text in (see :class:`Forms`).
GENDERS: Final = ("feminine", "masculine")


@frozen_dataclass
class Forms:
    """Which grammatical forms a translated text takes: the child's gender and the gender of
    the grown-up it speaks to (the *addressee*). ``None`` is the translation's neutral entry.

    A translator writes a form as its own PO entry, with the neutral entry's context and English
    and a suffix: ``|child=feminine``, ``|addressee=feminine`` or both,
    ``|child=feminine|addressee=feminine``. A text is looked up in the most specific form first,
    then in each less specific one, then in the neutral entry; English has no forms.
    """

    child: str | None = None
    addressee: str | None = None

    def __init__(self, child: str | None = None, addressee: str | None = None) -> None:
        object.__setattr__(self, "child", child)
        object.__setattr__(self, "addressee", addressee)
        self.__post_init__()

    def __post_init__(self) -> None:
        for name, value in (
            ("grammatical_gender", self.child),
            ("addressee_gender", self.addressee),
        ):
            if value is not None and value not in GENDERS:
                raise ValueError(
                    f"{name} must be one of {', '.join(repr(g) for g in GENDERS)}, not {value!r}"
                )

    def suffixes(self) -> tuple[str, ...]:
        """The context suffixes to try, most specific first (the neutral entry, ``""``, last)."""
        child = f"|child={self.child}" if self.child else None
        addressee = f"|addressee={self.addressee}" if self.addressee else None
        found = []
        if child and addressee:
            found.append(child + addressee)
        found += [suffix for suffix in (child, addressee) if suffix]
        return (*found, "")


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of ``template`` (none if its braces do not match)."""
    # only translated catalogues check their templates: kept off the cold start
    import string  # noqa: PLC0415 - start-up time

    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()


def template_problem(
    english: str, translated: str, optional: frozenset[str] = frozenset()
) -> str | None:
    """Why ``translated`` cannot stand for the template ``english``, or ``None``.

    A translation may move the ``{name}`` fields of its English and repeat them, but must keep
    every one, add none (no ``{0}``, no ``{name.attribute}`` or ``{name[key]}``), and give
    none a format spec (``{window:>30000000}``) or conversion (``{window!r}``) that the
    English does not give it; its braces must match (a lone brace is written ``{{``).
    """
    import string  # noqa: PLC0415 - start-up time, as above

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
    missing = sorted(set(source) - {name for name, _, _ in fields} - optional)
    if missing:
        return "placeholders missing: " + ", ".join(f"{{{name}}}" for name in missing)
    return None


@functools.lru_cache(maxsize=512)
def _usable(english: str, template: str, optional: frozenset[str] = frozenset()) -> bool:
    return template_problem(english, template, optional) is None


class Messages:
    """The library's own sentences in one locale (English without translations)."""

    def __init__(
        self,
        translations: gettext.NullTranslations | None = None,
        locale: str | None = None,
        forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    ) -> None:
        self._translations = translations  # None: English, as written
        #: The context suffixes of the grammatical forms chosen (see :class:`Forms`): a
        #: sentence that speaks of the child or to the reader is looked up in that form first.
        self._suffixes = forms.suffixes()
        #: Whether the language runs right to left: every value put into a sentence is then
        #: isolated (see :func:`isolate`), so a number or a Latin name shows as written.
        self.right_to_left = (locale or "").split("-")[0] in RIGHT_TO_LEFT

    def __call__(self, context: str, /, **values: object) -> str:
        english = MESSAGES[context]
        template = self.text(context, english)
        return self._format(template, english, values)

    def plural(self, context: str, count: int, /, **values: object) -> str:
        """The sentence ``context`` for ``count`` (in the form the language uses for it);
        ``{n}`` is ``count``."""
        singular, plural = PLURALS[context]
        english = singular if count == 1 else plural
        template = english
        if self._translations is not None:
            template = self._translations.npgettext(context, singular, plural, count)
        # a form may leave the number out ("سنتين", two years): {n} alone may be dropped
        return self._format(template, english, {"n": count, **values}, optional={"n"})

    def _format(
        self,
        template: str,
        english: str,
        values: dict[str, object],
        optional: frozenset[str] | set[str] = frozenset(),
    ) -> str:
        if template != english and not _usable(english, template, frozenset(optional)):
            template = english  # a translation that breaks its template is not used
        if self.right_to_left:
            values = {name: isolate(str(value)) for name, value in values.items()}
        return template.format(**values)

    def text(self, context: str, english: str) -> str:
        """A data text (such as a region's name) in this locale: its translation, or the English."""
        if self._translations is None:
            return english
        for suffix in self._suffixes[:-1]:  # a grammatical form, most specific first
            found = self._translations.pgettext(context + suffix, english)
            if found != english:
                return english if _CONTROL.search(found) else found
        found = self._translations.pgettext(context, english)
        return english if _CONTROL.search(found) else found  # never a control into the output

    def age(self, age: Age) -> str:
        """``age`` as text: ``7y6m`` in English."""
        return self.months(age.total_months)

    def months(self, months: int) -> str:
        """An age given in months (18 years, the end of the last band, included) as text:
        ``7y6m`` in English, ``7 años y 6 meses`` in Spanish."""
        years, rest = divmod(months, 12)
        if rest == 0:
            return self("age:years", years=self.plural("age:n-years", years))
        if years == 0:
            return self("age:months", months=self.plural("age:n-months", rest))
        return self(
            "age:years-months",
            years=self.plural("age:n-years", years),
            months=self._after_years(rest),
        )

    def _after_years(self, months: int) -> str:
        """The months after whole years: "and a half" for six where the language says it so
        (``age:half`` translated), else counted ("6 meses")."""
        if months == 6 and self._translations is not None:
            half = self.text("age:half", MESSAGES["age:half"])
            if half != MESSAGES["age:half"]:
                return half
        return self.plural("age:n-months", months)

    def at_age(self, age: Age) -> str:
        """``age`` as the sentence "start it at ..." takes it: ``7y6m`` in English (the sentence
        says "at"), ``a los 7 años y 6 meses`` or ``al año`` in Spanish."""
        return self._placed("at", age.total_months)

    def by_age(self, age: Age) -> str:
        """``age`` as the sentence "do it alone by ..." takes it: ``8y6m`` in English,
        ``hacia los 8 años y 6 meses`` in Spanish."""
        return self._placed("by", age.total_months)

    def _placed(self, where: str, months: int) -> str:
        # counted by the years, or by the months under a year: the number the preposition
        # agrees with ("al año y 6 meses", "a los 6 meses")
        years, rest = divmod(months, 12)
        values: dict[str, object] = {}
        if rest == 0:
            context, count = f"age:{where}-n-years", years
        elif years == 0:
            context, count = f"age:{where}-n-months", rest
        else:
            context, count = f"age:{where}-n-years-months", years
            values["months"] = self._after_years(rest)
        if self._translations is None:
            return self.months(months)
        singular, plural = PLURALS[context]
        template = self._translations.npgettext(context, singular, plural, count)
        english = singular if count == 1 else plural
        if template in (singular, plural) or not _usable(english, template, frozenset({"n"})):
            # not translated (or unusable): the age in words, and the translation's sentence
            # keeps its own preposition
            return self.months(months)
        return self.plural(context, count, **values)

    def window(self, start: Age, end: Age) -> str:
        """An age window such as ``6y-8y6m``."""
        return self.month_range(start.total_months, end.total_months)

    def month_range(self, start: int, end: int) -> str:
        """Ages from ``start`` to ``end`` months as text: ``0y-2y`` in English, ``de 0 a 2
        años`` in Spanish (one unit for two whole years, where the translation has
        ``age:range-years``), ``de 1 año y 6 meses a 3 años`` otherwise."""
        if self._translations is not None and start % 12 == 0 and end % 12 == 0:
            singular, plural = PLURALS["age:range-years"]
            years = end // 12
            template = self._translations.npgettext("age:range-years", singular, plural, years)
            english = singular if years == 1 else plural
            usable = _usable(english, template, frozenset({"n"}))
            if template not in (singular, plural) and usable:  # else the general form
                return self.plural("age:range-years", years, start=start // 12)
        return self("age:range", start=self.months(start), end=self.months(end))

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
