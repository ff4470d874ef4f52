"""The shape of each kind of data file: one top-level key per section."""

from __future__ import annotations

from typing import Any, Final

from independence.model import sections
from independence.model.band import AgeBand
from independence.model.base import Record
from independence.model.category import Category
from independence.model.check_in import CheckInPolicy
from independence.model.escalation import EscalationPolicy
from independence.model.perspective import PerspectivePack
from independence.model.responsibility import Responsibility
from independence.model.schedule import Schedule
from independence.model.sections import KIND_NAMES, SECTIONS
from independence.model.source import CatalogInfo, Source

__all__ = [
    "KIND_NAMES",
    "SECTIONS",
    "BandsFile",
    "CatalogFile",
    "CategoriesFile",
    "CheckInsFile",
    "DataFile",
    "EscalationFile",
    "ResponsibilitiesFile",
    "SchedulesFile",
    "Sections",
]


class CatalogFile(Record):
    """``catalog.yaml``: what the data set is, and the sources its records cite."""

    catalog: CatalogInfo
    sources: tuple[Source, ...] = ()


#: The models of the files that hold one section (derived from the registry of sections, and
#: made when first read: see :data:`~independence.model.sections.FILE_MODELS`).
BandsFile: type[Record]
CategoriesFile: type[Record]
CheckInsFile: type[Record]
EscalationFile: type[Record]
ResponsibilitiesFile: type[Record]
SchedulesFile: type[Record]

_FILE_NAMES: Final = {
    "BandsFile": ("FILE_MODELS", "bands.yaml"),
    "CategoriesFile": ("FILE_MODELS", "categories.yaml"),
    "CheckInsFile": ("FILE_MODELS", "check-ins.yaml"),
    "EscalationFile": ("FILE_MODELS", "escalation.yaml"),
    "ResponsibilitiesFile": ("FOLDER_MODELS", "responsibilities"),
    "SchedulesFile": ("FILE_MODELS", "schedules.yaml"),
}


def __getattr__(name: str) -> Any:
    found = _FILE_NAMES.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    table, key = found
    model: type[Record] = getattr(sections, table)[key]
    return model


class Sections(Record):
    """Every section of records, each optional: a one-file catalogue's body, an overlay's
    additions."""

    sources: tuple[Source, ...] = ()
    bands: tuple[AgeBand, ...] = ()
    categories: tuple[Category, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    check_in_policies: tuple[CheckInPolicy, ...] = ()
    escalation_policies: tuple[EscalationPolicy, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    perspectives: tuple[PerspectivePack, ...] = ()


class DataFile(Sections):
    """A whole catalogue in one file: the ``catalog`` section and every other section."""

    catalog: CatalogInfo
