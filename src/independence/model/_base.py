"""What every record of the data model shares: frozen, strict, no unknown keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ID_PATTERN",
    "KIND_NAMES",
    "SCHEMA_FOLDER",
    "SECTIONS",
    "Flag",
    "Id",
    "Record",
    "Text",
    "WholeNumber",
]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

#: A stable identifier: lower-case kebab-case, such as ``pack-school-bag``.
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]

#: C0 and C1 control characters (and DEL), which could drive a terminal that shows the text;
#: line feeds and tabs are allowed.
_NO_CONTROL = r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]*"
_VISIBLE = r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\s]"

#: A piece of prose: not empty, not only white space, no control characters.
Text = Annotated[
    str,
    Field(min_length=1, max_length=2000, pattern=rf"^{_NO_CONTROL}{_VISIBLE}{_NO_CONTROL}$"),
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


#: The sections of records that have ids, in the order the checks take them.
SECTIONS = (
    "sources",
    "bands",
    "categories",
    "responsibilities",
    "check_in_policies",
    "escalation_policies",
    "perspectives",
)

#: What one record of each section is called in messages.
KIND_NAMES = {
    "sources": "source",
    "bands": "age band",
    "categories": "category",
    "responsibilities": "responsibility",
    "check_in_policies": "check-in policy",
    "escalation_policies": "escalation policy",
    "perspectives": "perspective pack",
}

#: A folder of JSON Schemas for editors may sit in a data folder; the loader does not read it.
SCHEMA_FOLDER = "schemas"
