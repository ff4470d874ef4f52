"""Locale negotiation: which translation a language tag gets, and its writing direction."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Final

from independence.messages import SOURCE_LOCALE
from independence.model.base import LOCALES_FOLDER

__all__ = ["is_right_to_left", "locales_in", "negotiate", "normalise_tag"]


_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?$")


def normalise_tag(tag: str) -> str:
    """A BCP 47 language tag in its usual case: ``es-mx`` -> ``es-MX``, ``sr_latn`` -> ``sr-Latn``.

    Only language, script and region subtags are read; anything else is a ``ValueError``.
    """
    if not isinstance(tag, str):
        raise TypeError(f"a locale is a language tag such as 'es' or 'en-US', not {tag!r}")
    if not _TAG.fullmatch(tag.strip()):
        raise ValueError(
            f"{tag!r} is not a language tag: write a BCP 47 tag such as 'es', 'es-MX' or 'ar'"
        )
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(out)


def negotiate(tag: str, available: Collection[str]) -> str:
    """The locale to use for ``tag``: itself, else each shorter tag (``es-MX`` -> ``es``).

    ``available`` holds the translated locales. The data's own language (:data:`SOURCE_LOCALE`,
    and any tag of its language, such as ``en`` or ``en-AU``, that has no translation of its
    own) is always available. Anything else is a ``ValueError`` naming what is available.
    """
    wanted = normalise_tag(tag)
    parts = wanted.split("-")
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end])
        if candidate in available:
            return candidate
    if parts[0] == SOURCE_LOCALE.split("-")[0]:
        return SOURCE_LOCALE
    known = ", ".join(sorted({*available, SOURCE_LOCALE}))
    raise ValueError(f"no translation for {tag!r}: available locales are {known}")


def locales_in(folder: Path) -> tuple[str, ...]:
    """The locales compiled in the ``locales`` folder of a data folder (its ``*.mo`` files)."""
    found = folder / LOCALES_FOLDER
    if not found.is_dir():
        return ()
    return tuple(sorted(path.stem for path in found.glob("*.mo")))


#: Languages written right to left: only their translations may hold bidirectional controls.
_RTL_LANGUAGES: Final = frozenset(
    {"ar", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_RTL_SCRIPTS: Final = frozenset({"Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"})


def is_right_to_left(locale: str) -> bool:
    """Whether ``locale`` (a language tag) is written right to left: ``ar``, ``he``, ``fa``..."""
    parts = locale.replace("_", "-").split("-")
    return parts[0].lower() in _RTL_LANGUAGES or any(
        part.title() in _RTL_SCRIPTS for part in parts[1:] if len(part) == 4
    )
