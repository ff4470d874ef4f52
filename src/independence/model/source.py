"""Named public sources that records cite, and the catalogue's own description."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from independence.model._base import Id, Record, Text, WholeNumber

__all__ = ["CatalogInfo", "Source", "Url"]

#: A public web address.
Url = Annotated[str, Field(pattern=r"^https?://[^\s/]+\.[^\s]+$", max_length=500)]


class Source(Record):
    """A named publication or organisation that data records cite by ``id``."""

    id: Id
    title: Text = Field(description="The publication's title.")
    publisher: Text = Field(description="The organisation or author behind it.")
    url: Url | None = Field(default=None, description="Where to read it, when it is public.")
    year: WholeNumber | None = Field(
        default=None, ge=1900, le=2100, description="Year of publication, when known."
    )
    note: Text | None = Field(default=None, description="What the data takes from it.")


class CatalogInfo(Record):
    """What a data set is: its name, its own version and a short description."""

    name: Text
    data_version: str = Field(
        pattern=r"^\d+\.\d+\.\d+$",
        description="The data's own version (MAJOR.MINOR.PATCH), apart from the package's.",
    )
    description: Text
    language: str = Field(
        default="en",
        pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
        description="Language of the prose (BCP 47, such as ``en`` or ``en-GB``).",
    )
