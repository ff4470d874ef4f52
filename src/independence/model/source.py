"""Named public sources that records cite, and the catalogue's own description."""

import datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from independence.model.base import Flag, Id, Record, Text, WholeNumber

__all__ = ["AgeMeaning", "CatalogInfo", "Source", "SourceKind", "Url", "is_bare_homepage"]


def _readable(url: str) -> str:
    # the pattern lets through addresses that Python's own URL parser refuses (a host with
    # one bracket, ``https://example[.org/``, reads as a broken IPv6 address): refused here,
    # at the field, rather than by a check that reads the address later
    try:
        urlsplit(url)
    except ValueError as error:
        raise ValueError(f"not a web address that can be read: {error}") from None
    return url


#: A public web address.
Url = Annotated[
    str,
    Field(pattern=r"^https?://[^\s/]+\.[^\s]+$", max_length=500),
    AfterValidator(_readable),
]


def is_bare_homepage(url: str) -> bool:
    """Whether ``url`` names only a site: ``scheme://host`` with an empty or ``/`` path.

    A fragment does not make it specific (``https://example.org/#top`` is the front page), but
    a query does: some sites name their pages that way (``https://example.org/?p=64056``).
    """
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


class SourceKind(StrEnum):
    """What a source is for: published guidance, or the project's own inspiration."""

    #: A public page by a named body; it can ground ages and advice.
    PUBLISHED = "published"
    #: Ideas only (framings, rituals, guiding questions); it never grounds an age.
    INSPIRATION = "inspiration"


class Source(Record):
    """A named publication or organisation that data records cite by ``id``."""

    # ``url`` is the specific page that was read, never a site's front page; ``via`` names
    # whose copy it is when not the publisher's own site; a page that could not be read keeps
    # its record with ``verified: false`` and a ``verification_note`` (see the concept page).

    id: Id = Field(description="The source's id: stable, and unique among the sources.")
    kind: SourceKind = Field(
        default=SourceKind.PUBLISHED,
        description="`published` guidance, or `inspiration` (ideas only, never an age).",
    )
    title: Text = Field(description="The title of the page, as published.")
    publisher: Text = Field(description="The organisation or author behind it.")
    url: Url | None = Field(
        default=None, description="The specific page that supports the claims citing it."
    )
    via: Text | None = Field(
        default=None,
        description="Whose copy the page at `url` is, when not the publisher's own site.",
    )
    year: WholeNumber | None = Field(
        default=None, ge=1900, le=2100, description="Year of publication, when known."
    )
    checked: datetime.date | None = Field(
        default=None, description='The date the page was last read, such as "2026-11-27".'
    )
    verified: Flag | None = Field(
        default=None,
        description="Whether the page was read and supports the note (`null`: not recorded).",
    )
    verification_note: Text | None = Field(
        default=None, description="Why the page could not be read or checked, when it was not."
    )
    note: Text | None = Field(default=None, description="What the data takes from it.")


class AgeMeaning(Record):
    """What the two ages of a responsibility stand for, and on what evidence."""

    introduce_at: Text = Field(description="What `introduce_at` means.")
    independent_by: Text = Field(description="What `independent_by` means.")
    caveat: Text = Field(description="What the ages are not (for example a screening tool).")
    sources: tuple[Id, ...] = Field(
        default=(), description="Ids of the sources the meaning follows."
    )
    unbacked: tuple[Id, ...] = Field(
        default=(),
        description="Responsibilities whose ages no published page read so far backs directly "
        "(their sources support the topic only): ages to review first.",
    )


class CatalogInfo(Record):
    """What a data set is: its name, its own version and a short description."""

    name: Text = Field(description="The data set's name.")
    data_version: str = Field(
        pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$",
        description="The data's own version (MAJOR.MINOR.PATCH), apart from the package's.",
    )
    description: Text = Field(description="What the data set is, in a sentence or two.")
    language: str = Field(
        default="en",
        pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
        description="Language of the prose (BCP 47, such as ``en`` or ``en-GB``).",
    )
    age_meaning: AgeMeaning | None = Field(
        default=None,
        description="What `introduce_at` and `independent_by` mean in this data set.",
    )
