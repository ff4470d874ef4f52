"""The compiled snapshot: a validated catalogue as JSON, read back through pydantic's validation.

The default data ships twice in the package: as the YAML that people read and edit, and as
``default_catalog.json``, compiled from that YAML by :func:`compile_snapshot` (see
``scripts/compile_default.py``; a test fails when the two disagree). Reading the snapshot
validates every record with pydantic's JSON validation (no YAML parsing, no code from disk),
which is several times faster than the YAML path, and keeps where each record was defined so
that :meth:`~independence.Catalog.provenance` and overlays still name the YAML file and line.

The snapshot holds data only: records, and each record's file (relative to the data folder),
line and column. Nothing in it is executed or deserialised as code.
"""

from __future__ import annotations

import json
import os
from typing import Any, Final

from pydantic import Field

from independence.catalog import Catalog
from independence.model.base import Record, WholeNumber
from independence.model.documents import DataFile
from independence.model.sections import SECTIONS
from independence.records import Origin, Parts

__all__ = ["FORMAT", "Snapshot", "catalog_from_parts", "compile_snapshot", "parts_from_snapshot"]

#: The snapshot's own format version; a snapshot of another format is refused.
FORMAT: Final = 1

#: ``[file, line, column, path]`` of one record: the file relative to the data folder, and the
#: record's path inside that file's document.
Place = tuple[str, WholeNumber, WholeNumber, tuple[str | WholeNumber, ...]]


class Snapshot(Record):
    """A compiled catalogue: its records, in the one-file layout, and where each was defined."""

    format: WholeNumber = Field(ge=FORMAT, le=FORMAT)
    catalogue: DataFile
    #: per section (``info`` for the ``catalog`` section), one place per record, in order
    origins: dict[str, tuple[Place, ...]]


def compile_snapshot(path: str | os.PathLike[str]) -> bytes:
    """The snapshot of the data folder at ``path`` (validated first: a ``CatalogError`` if not).

    The output is stable: the same data gives the same bytes.
    """
    from independence.loading import load_catalog

    catalog = load_catalog(path)
    parts = catalog._as_parts()
    root = os.fspath(path)
    origins: dict[str, list[list[Any]]] = {}
    for name in ("info", *SECTIONS):
        places = origins.setdefault(name, [])
        for _, origin in parts.section(name).entries:
            line, column = origin.place()
            file = os.path.relpath(origin.file or root, root).replace(os.sep, "/")
            places.append([file, line or 1, column or 1, list(origin.path)])
    document = {
        "format": FORMAT,
        "catalogue": catalog.to_document(),
        "origins": origins,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parts_from_snapshot(data: bytes, root: str) -> Parts:
    """The records of a snapshot, validated, with their origins under the data folder ``root``.

    A snapshot that does not validate raises pydantic's ``ValidationError``: it is part of the
    package, so that is a broken installation, not a data problem.
    """
    snapshot = Snapshot.model_validate_json(data)
    body = snapshot.catalogue
    parts = Parts(root=Origin(root, ()))
    sections: dict[str, tuple[Any, ...]] = {
        "info": (body.catalog,),
        **{name: getattr(body, name) for name in SECTIONS},
    }
    for name, records in sections.items():
        places = snapshot.origins.get(name, ())
        if len(places) != len(records):
            raise ValueError(f"snapshot: {len(places)} origins for {len(records)} {name}")
        parts.section(name).entries = [
            (
                record,
                Origin(os.path.join(root, *file.split("/")), path, at=(line, column)),
            )
            for record, (file, line, column, path) in zip(records, places, strict=True)
        ]
    return parts


def catalog_from_parts(parts: Parts) -> Catalog:
    """The catalogue of a snapshot's records: indexes built, no checks run again (the
    snapshot was compiled from a catalogue that passed them)."""
    return Catalog._from_parts(parts)
