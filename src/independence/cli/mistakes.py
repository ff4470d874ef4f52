"""A command-line mistake in the language asked for: the one line ``independence: error: ...``
that goes to stderr, argparse's own words among it.

The English line is what the code raises, unchanged (argparse's messages, our
:class:`~independence.errors.UsageError` texts, the library's ``ValueError`` texts). Each is
the English of a ``usage:`` or ``argparse:`` sentence of :data:`~independence.messages.MESSAGES`;
:func:`localise` reads the line back into its sentence and its values and says it again in the
chosen language, values (a quoted value, an option name, a list of choices) as they are. A line
that is no known sentence is shown as it is: never an error, never a lost message.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from independence.messages import FSI, MESSAGES, PDI, Messages

__all__ = ["MISTAKES", "localise"]

#: argparse's words of the help, not of a mistake.
_HELP_WORDS: Final = frozenset(
    {
        "argparse:usage",
        "argparse:positional-arguments",
        "argparse:options",
        "argparse:help",
        "argparse:version",
    }
)
#: The sentences a mistake is made of, in the order a line is tried: the first that matches it
#: whole is the one. The wrappers (argparse's "argument X:", an option's name or a quoted
#: value before a message) are the last of :data:`MESSAGES`'s mistakes, so they are tried
#: last, and the message they wrap is read again.
MISTAKES: Final = (
    "cli:cannot-write",
    *(
        context
        for context in MESSAGES
        if context.startswith(("usage:", "argparse:"))
        and context not in {"usage:see-help", "usage:close", "usage:or", *_HELP_WORDS}
    ),
)

#: What a placeholder may hold when a line is read back; anything else is one value, as short
#: as it can be.
_SHAPES: Final = {
    "option": r"(?:--[a-z][a-z-]*|[A-Z][A-Z_]*|\$[A-Z_]+)",
    "argument": r"[^:]+?",
    "prog": r"independence(?: [a-z]+)*",
    "message": r".+",
    "path": r".+",
    "kind": "(?:"
    + "|".join(
        re.escape(context.removeprefix("kind:"))
        for context in sorted(MESSAGES, key=len, reverse=True)
        if context.startswith("kind:")
    )
    + ")",
    "id": r"(?:'[^']*'|\"[^\"]*\")",
    "value": r"(?:'[^']*'|\"[^\"]*\"|[^ :'\"]+)",
    "close": r"(?: \(did you mean .+\?\))?",
    "command": r"'graph [a-z]+'",
    "event": r"[a-z][a-z-]*",
    # an event as the check-in engine names it: "event N (KIND at TIME by WHO)"
    "number": r"[0-9]+",
    "what": r"[a-z][a-z-]*",
    "by": r"[a-z][a-z-]*",
    **dict.fromkeys(
        ("at", "opens", "sos", "missed", "since", "started", "searched", "now", "last"),
        r"[0-9][0-9T:.+-]*Z?",
    ),
    **dict.fromkeys(("left", "cap"), r"[0-9]+"),
    "ids": r"'[^']*'(?:, '[^']*')*",
    "roles": r"[a-z][a-z-]*(?: or [a-z][a-z-]*)*",
}


@functools.cache
def _pattern(context: str) -> re.Pattern[str]:
    """The English of ``context`` as a pattern: each placeholder a group (a repeated one must
    hold the same text again)."""
    english = MESSAGES[context].replace("{{", "\0").replace("}}", "\1")
    regex, seen = "", set()
    for part in re.split(r"(\{\w+\})", english):
        if re.fullmatch(r"\{\w+\}", part):
            name = part[1:-1]
            if name in seen:
                regex += f"(?P={name})"
            else:
                seen.add(name)
                regex += f"(?P<{name}>{_SHAPES.get(name, r'.+?')})"
        else:
            regex += re.escape(part.replace("\0", "{").replace("\1", "}"))
    return re.compile(regex, re.DOTALL)


def localise(line: str, say: Messages, depth: int = 0) -> str:
    """``line`` (an English mistake) said by ``say``; as it is when it is no known sentence."""
    if depth > 4:  # a wrapper wraps a wrapper at most a few times: never more
        return line
    found = _pattern("usage:see-help").fullmatch(line)
    if found is not None:
        inner = localise(found["message"], say, depth + 1)
        prog = f"{FSI}{found['prog']}{PDI}" if say.right_to_left else found["prog"]
        return say("usage:see-help", message=inner, prog=prog)
    for context in MISTAKES:
        found = _pattern(context).fullmatch(line)
        if found is None:
            continue
        values: dict[str, object] = {}
        for name, value in found.groupdict().items():
            if name == "message":
                values[name] = localise(value, say, depth + 1)
            elif name == "close":
                values[name] = _close(value, say)
            elif name == "kind":
                values[name] = say(f"kind:{value}")
            elif name == "roles":  # "child or guardian": the names as they are, "or" said
                names = value.split(" or ")
                if say.right_to_left:
                    names = [f"{FSI}{role}{PDI}" for role in names]
                values[name] = say("usage:or").join(names)
            elif say.right_to_left and not value.isdigit():
                # the value whole, as written ('--age', not --⁨age⁩); a number shows as it is
                values[name] = f"{FSI}{value}{PDI}"
            else:
                values[name] = value
        return say(context, **values)
    return line


def _close(text: str, say: Messages) -> str:
    """`` (did you mean 'a' or 'b'?)`` in the language, or nothing."""
    if not text:
        return text
    names = text.removeprefix(" (did you mean ").removesuffix("?)").split(" or ")
    if say.right_to_left:
        names = [f"{FSI}{name}{PDI}" for name in names]
    return say("usage:close", names=say("usage:or").join(names))
