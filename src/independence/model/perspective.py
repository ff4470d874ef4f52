"""Perspective packs: optional guidance text laid over bands and responsibilities."""

from pydantic import Field

from independence.model.base import Id, Record, Text

__all__ = ["PerspectiveInfo", "PerspectiveNote", "PerspectivePack", "PerspectiveReference"]


class PerspectiveInfo(Record):
    """What a pack is: its id (the name apps choose it by), title and a short description."""

    id: Id = Field(description="The pack's id: stable, and the name of its file.")
    title: Text = Field(description="The pack's name, shown to people.")
    description: Text = Field(description="What the pack offers, and for whom.")


class PerspectiveReference(Record):
    """A text the pack draws on, cited as its tradition cites it (no long quotations)."""

    citation: Text = Field(
        description="For example ``Surah Luqman 31:14`` or a book and its author."
    )
    note: Text = Field(description="What the pack takes from it, in the pack's own words.")


class PerspectiveNote(Record):
    """Guidance for one band or one responsibility (by ``id``), from this perspective."""

    id: Id = Field(description="The id of the band or responsibility the note is about.")
    text: Text = Field(description="The pack's guidance for it.")
    references: tuple[Text, ...] = Field(
        default=(), description="Citations (from the pack's references) this note leans on."
    )


class PerspectivePack(Record):
    """One perspective pack, as written in ``perspectives/<id>.yaml``.

    Packs are never shown by default: an app chooses them by id.
    """

    perspective: PerspectiveInfo = Field(
        description="What the pack is: its id, name and description."
    )
    references: tuple[PerspectiveReference, ...] = Field(
        default=(), description="The texts the pack cites, each with what it takes from it."
    )
    general: tuple[Text, ...] = Field(
        default=(), max_length=20, description="Guidance that applies throughout, shown once."
    )
    bands: tuple[PerspectiveNote, ...] = Field(
        default=(), description="Guidance for age bands, by band id."
    )
    responsibilities: tuple[PerspectiveNote, ...] = Field(
        default=(), description="Guidance for responsibilities, by responsibility id."
    )

    @property
    def id(self) -> str:
        """The pack's id, the name apps choose it by."""
        return self.perspective.id
