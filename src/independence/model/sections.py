"""The registry of record kinds: one entry a section, from which the rest of the package reads.

Each :class:`SectionKind` says what a section is called (in files, on the catalogue, in
messages), the model of one record, where its records sit in a data folder and which overlay
operations reach it. The data-folder layout (:data:`FILE_MODELS`, :data:`FOLDER_MODELS`), the
per-file models and their JSON Schemas, the overlay's record models, the order of the
cross-record checks and the command line's counts are derived from :data:`REGISTRY`; the typed
declarations that cannot be derived without losing their types (the :class:`~independence.Catalog`
fields, :class:`~independence.records.Parts`, the overlay's per-section models and the
catalogue's index) are checked against it by ``tests/unit/test_sections.py``, which names what
to add. See ``docs/architecture.md``, "Adding a record kind".
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from pydantic import create_model

from independence._dataclasses import frozen_dataclass
from independence.model.band import AgeBand
from independence.model.base import Record
from independence.model.category import Category
from independence.model.check_in import CheckInPolicy
from independence.model.escalation import EscalationPolicy
from independence.model.perspective import PerspectivePack
from independence.model.responsibility import Responsibility
from independence.model.schedule import Schedule
from independence.model.source import Source

__all__ = [
    "FILE_MODELS",
    "FOLDER_MODELS",
    "KIND_NAMES",
    "REGISTRY",
    "SECTIONS",
    "RecordKind",
    "SectionKind",
    "section_kind",
]


@frozen_dataclass
class SectionKind:
    """One section of records."""

    #: the key in data files, the :class:`~independence.Catalog` field and the
    #: :class:`~independence.records.Parts` section: ``check_in_policies``
    name: str
    #: the model of one record
    model: type[Record]
    #: one record, in messages: ``check-in policy``
    kind: str
    #: where its records sit in a data folder: ``file`` (one file, ``path``, holding a list
    #: under the section's key), ``folder`` (every ``path/<name>.yaml`` holds such a list),
    #: ``folder-of-records`` (every ``path/<name>.yaml`` is one record), or ``catalog`` (a list
    #: in ``catalog.yaml``, beside the ``catalog`` section)
    layout: Literal["file", "folder", "folder-of-records", "catalog"]
    #: the file or folder of the layout (``None`` for ``catalog``)
    path: str | None
    #: the name of the model of its file (and the title of that file's JSON Schema)
    file_model: str | None
    #: the file's JSON Schema (``independence schema NAME``)
    schema: str | None
    #: one sentence on the file, for the model's docstring
    about: str
    #: whether an overlay's ``override`` may patch its records
    overridable: bool = True
    #: the label of its count in ``independence validate``; ``None`` leaves it out
    count_label: str | None = None

    def __init__(
        self,
        name: str,
        model: type[Record],
        kind: str,
        layout: Literal["file", "folder", "folder-of-records", "catalog"],
        path: str | None,
        file_model: str | None,
        schema: str | None,
        about: str,
        overridable: bool = True,
        count_label: str | None = None,
    ) -> None:
        for field, value in (
            ("name", name),
            ("model", model),
            ("kind", kind),
            ("layout", layout),
            ("path", path),
            ("file_model", file_model),
            ("schema", schema),
            ("about", about),
            ("overridable", overridable),
            ("count_label", count_label),
        ):
            object.__setattr__(self, field, value)


#: Every section, in the order the cross-record checks take them.
REGISTRY: tuple[SectionKind, ...] = (
    SectionKind(
        "sources", Source, "source", "catalog", None, None, None,
        "The sources the records cite.", count_label="source",
    ),
    SectionKind(
        "bands", AgeBand, "age band", "file", "bands.yaml", "BandsFile", "bands",
        "``bands.yaml``: the age bands, in order.", count_label="band",
    ),
    SectionKind(
        "categories", Category, "category", "file", "categories.yaml", "CategoriesFile",
        "categories", "``categories.yaml``: the categories, in display order.",
        count_label="category",
    ),
    SectionKind(
        "responsibilities", Responsibility, "responsibility", "folder", "responsibilities",
        "ResponsibilitiesFile", "responsibilities",
        "``responsibilities/<category>.yaml``: the responsibilities of one category.",
        count_label="responsibility",
    ),
    SectionKind(
        "check_in_policies", CheckInPolicy, "check-in policy", "file", "check-ins.yaml",
        "CheckInsFile", "check-ins", "``check-ins.yaml``: the check-in policies.",
        count_label="check-in policy",
    ),
    SectionKind(
        "escalation_policies", EscalationPolicy, "escalation policy", "file",
        "escalation.yaml", "EscalationFile", "escalation",
        "``escalation.yaml``: the escalation policies.", count_label="escalation policy",
    ),
    SectionKind(
        "schedules", Schedule, "schedule", "file", "schedules.yaml", "SchedulesFile",
        "schedules", "``schedules.yaml``: recurring check-ins, each under a check-in policy.",
    ),
    SectionKind(
        "perspectives", PerspectivePack, "perspective pack", "folder-of-records",
        "perspectives", None, "perspective",
        "``perspectives/<pack>.yaml``: one perspective pack.", overridable=False,
    ),
)  # fmt: skip

#: The name of a record kind (a section), as :meth:`Catalog.lookup
#: <independence.Catalog.lookup>` and :meth:`~independence.Catalog.get` take it; the same names
#: as :data:`SECTIONS` (``tests/unit/test_sections.py`` checks).
RecordKind = Literal[
    "sources",
    "bands",
    "categories",
    "responsibilities",
    "check_in_policies",
    "escalation_policies",
    "schedules",
    "perspectives",
]

#: The section names, in registry order.
SECTIONS: tuple[str, ...] = tuple(entry.name for entry in REGISTRY)

#: What one record of each section is called in messages.
KIND_NAMES: dict[str, str] = {entry.name: entry.kind for entry in REGISTRY}


def section_kind(name: str) -> SectionKind:
    """The registry entry of section ``name`` (a ``KeyError`` for an unknown one)."""
    for entry in REGISTRY:
        if entry.name == name:
            return entry
    raise KeyError(name)


def _file_model(entry: SectionKind) -> type[Record]:
    """The model of a file holding one section's list, such as ``BandsFile``."""
    assert entry.file_model is not None
    records: Any = tuple  # a type built at run time: tuple[entry.model, ...]
    fields: dict[str, Any] = {entry.name: (records[entry.model, ...], ...)}
    model: type[Record] = create_model(
        entry.file_model, __base__=Record, __module__=__name__, __doc__=entry.about, **fields
    )
    return model


#: Files of a data folder by name, and the model each must match (``catalog.yaml`` is added
#: by :mod:`independence.model.documents`, which owns its model).
FILE_MODELS: dict[str, type[Record]]

#: Sub-folders of a data folder whose ``*.yaml`` files each hold one kind of record.
FOLDER_MODELS: dict[str, type[Record]]

# The two tables above are made when first read (the loader and the schemas read them; a
# command served from the packaged snapshot never does): once, behind a lock, so that every
# reader gets the same model classes.
_lock = threading.Lock()


def __getattr__(name: str) -> Any:
    if name not in ("FILE_MODELS", "FOLDER_MODELS"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    made = globals()
    with _lock:
        if "FOLDER_MODELS" not in made:
            made["FILE_MODELS"] = {
                entry.path: _file_model(entry)
                for entry in REGISTRY
                if entry.layout == "file" and entry.path is not None
            }
            made["FOLDER_MODELS"] = {
                entry.path: (_file_model(entry) if entry.layout == "folder" else entry.model)
                for entry in REGISTRY
                if entry.layout in ("folder", "folder-of-records") and entry.path is not None
            }
    return made[name]
