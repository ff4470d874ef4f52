"""The shape of each kind of data file: one top-level key per section."""

from __future__ import annotations

from independence.model.band import AgeBand
from independence.model.base import KIND_NAMES, SECTIONS, Record
from independence.model.category import Category
from independence.model.check_in import CheckInPolicy
from independence.model.escalation import EscalationPolicy
from independence.model.perspective import PerspectivePack
from independence.model.responsibility import Responsibility
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
    "Sections",
]


class CatalogFile(Record):
    """``catalog.yaml``: what the data set is, and the sources its records cite."""

    catalog: CatalogInfo
    sources: tuple[Source, ...] = ()


class BandsFile(Record):
    """``bands.yaml``: the age bands, in order."""

    bands: tuple[AgeBand, ...]


class CategoriesFile(Record):
    """``categories.yaml``: the categories, in display order."""

    categories: tuple[Category, ...]


class ResponsibilitiesFile(Record):
    """``responsibilities/<category>.yaml``: the responsibilities of one category."""

    responsibilities: tuple[Responsibility, ...]


class CheckInsFile(Record):
    """``check-ins.yaml``: the check-in policies."""

    check_in_policies: tuple[CheckInPolicy, ...]


class EscalationFile(Record):
    """``escalation.yaml``: the escalation policies."""

    escalation_policies: tuple[EscalationPolicy, ...]


class Sections(Record):
    """Every section of records, each optional: a one-file catalogue's body, an overlay's
    additions."""

    sources: tuple[Source, ...] = ()
    bands: tuple[AgeBand, ...] = ()
    categories: tuple[Category, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    check_in_policies: tuple[CheckInPolicy, ...] = ()
    escalation_policies: tuple[EscalationPolicy, ...] = ()
    perspectives: tuple[PerspectivePack, ...] = ()


class DataFile(Sections):
    """A whole catalogue in one file: the ``catalog`` section and every other section."""

    catalog: CatalogInfo
