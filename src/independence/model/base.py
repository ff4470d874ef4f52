"""What every record of the data model shares: frozen, strict, no unknown keys."""

import re
import unicodedata
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = [
    "BIDI_CONTROLS",
    "ID_PATTERN",
    "LOCALES_FOLDER",
    "SCHEMA_FOLDER",
    "Flag",
    "Id",
    "Record",
    "Text",
    "WholeNumber",
    "bidi_problem",
    "is_invisible",
    "plain_text",
]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

#: A stable identifier: lower-case kebab-case, such as ``pack-school-bag``.
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]

#: C0 and C1 control characters (and DEL), which could drive a terminal that shows the text;
#: line feeds and tabs are allowed.
_NO_CONTROL = r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]*"
_VISIBLE = r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\s]"

#: Bidirectional controls that open a run: embeddings and overrides (closed by PDF, U+202C)
#: and isolates (closed by PDI, U+2069).
_OPENS_EMBEDDING: Final = frozenset("\u202a\u202b\u202d\u202e")
_OPENS_ISOLATE: Final = frozenset("\u2066\u2067\u2068")
_PDF: Final = "\u202c"
_PDI: Final = "\u2069"
#: Every bidirectional control (the marks LRM, RLM and ALM included).
BIDI_CONTROLS: Final = frozenset(
    {*_OPENS_EMBEDDING, *_OPENS_ISOLATE, _PDF, _PDI, "\u200e", "\u200f", "\u061c"}
)
_BIDI: Final = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
#: Characters that show nothing although Unicode counts them as letters or symbols.
_BLANKS: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def bidi_problem(text: str) -> str | None:
    """Why the bidirectional controls of ``text`` are unbalanced, or ``None`` if they are not.

    Every embedding or override (U+202A, U+202B, U+202D, U+202E) must be closed by a PDF
    (U+202C), every isolate (U+2066 to U+2068) by a PDI (U+2069), innermost first, within the
    text: an unclosed one would reverse or hide whatever is shown after it.
    """
    if _BIDI.search(text) is None:  # the common case, in one regular-expression scan
        return None
    open_: list[str] = []
    for char in text:
        if char in _OPENS_EMBEDDING:
            open_.append(_PDF)
        elif char in _OPENS_ISOLATE:
            open_.append(_PDI)
        elif char in (_PDF, _PDI):
            if not open_ or open_[-1] != char:
                return f"a bidirectional control U+{ord(char):04X} closes nothing"
            open_.pop()
    if open_:
        return (
            f"{len(open_)} bidirectional control{'s' * (len(open_) != 1)} left open: close "
            "each embedding or override with U+202C and each isolate with U+2069"
        )
    return None


def is_invisible(text: str) -> bool:
    """Whether ``text`` shows nothing: only spaces, format characters (such as U+200B, a
    zero-width space), marks with nothing to sit on, and blank letters (U+3164, U+2800...)."""
    return all(
        char in _BLANKS
        or unicodedata.category(char)[0] in "ZC"
        or unicodedata.category(char) == "Mn"
        for char in text
    )


#: A printable ASCII character other than the space: a text holding one shows something.
_ASCII_VISIBLE: Final = re.compile(r"[!-~]")


def _hygienic(text: str) -> str:
    # Run on every text of every record, after Text's pattern (no control character, something
    # that is not white space): ASCII text, the commonest case, passes in one scan in C, as no
    # bidirectional control is ASCII and the pattern's visible character is then one of
    # ``!`` to ``~``. Otherwise two scans: no bidirectional control at all and a visible ASCII
    # character; anything else takes the full checks.
    if text.isascii():
        return text
    if _BIDI.search(text) is None and _ASCII_VISIBLE.search(text) is not None:
        return text
    why = bidi_problem(text)
    if why is not None:
        raise ValueError(why)
    if is_invisible(text):
        raise ValueError("the text shows nothing: it holds only invisible characters")
    return text


#: A piece of prose: not empty, not only white space, no control characters, bidirectional
#: controls balanced (see :func:`bidi_problem`), something visible (see :func:`is_invisible`).
Text = Annotated[
    str,
    Field(min_length=1, max_length=2000, pattern=rf"^{_NO_CONTROL}{_VISIBLE}{_NO_CONTROL}$"),
    AfterValidator(_hygienic),
]


#: A whole number: ``5``, never ``"5"``, ``5.0`` or ``true``.
WholeNumber = Annotated[int, Field(strict=True)]

#: A boolean: ``true`` or ``false`` only, never ``"yes"``, ``"no"``, ``1`` or ``0``.
Flag = Annotated[bool, Field(strict=True)]


class Record(BaseModel):
    """Base of every data record: immutable, unknown keys refused, no silent coercion.

    Numbers and booleans are strict (:data:`WholeNumber`, :data:`Flag`): ``"5"`` is not a number
    and ``"no"`` is not a boolean. Text stays text, enumerations are read from their values and
    sequences become tuples.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        # Schemas are built on first validation, not at import: a command served from the
        # validated cache never validates, so it never pays for them.
        defer_build=True,
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The model's JSON Schema with plain-text descriptions.

        Docstrings are written for the documentation site (``:class:`~independence.Catalog```,
        double backticks); editors, OpenAPI pages and FastAPI show schema descriptions as they
        are, so the roles become plain words and code becomes quoted text.
        """
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        _plain_descriptions(target)
        for value in target.get("properties", {}).values():
            _plain_descriptions(value)
        return schema


#: A folder of JSON Schemas for editors may sit in a data folder; the loader does not read it.
SCHEMA_FOLDER = "schemas"
#: The translations of a data folder's texts sit in this folder of it (PO files and compiled
#: .mo files); the loader reads them only for a locale, never as data files.
LOCALES_FOLDER = "locales"


_ROLE = re.compile(r":[a-z]+:`~?(?:[\w.]+\.)?([\w]+)(?:\(\))?`")
_CODE = re.compile(r"``([^`]+)``")


def plain_text(text: str) -> str:
    """``text`` with reStructuredText roles and double-backtick code made plain, and its
    doctest examples (``>>>`` lines and their output, up to a blank line) left out."""
    kept: list[str] = []
    in_example = False
    for line in text.split("\n"):
        if line.lstrip().startswith(">>>"):
            in_example = True
        elif not line.strip():
            in_example = False
        if not in_example:
            kept.append(line)
    return _CODE.sub(r"'\1'", _ROLE.sub(r"\1", "\n".join(kept).strip()))


def _plain_descriptions(schema: dict[str, Any]) -> None:
    description = schema.get("description")
    if isinstance(description, str):
        schema["description"] = plain_text(description)
