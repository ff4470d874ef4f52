"""The compiled snapshot: a validated catalogue as JSON, read back with or without validation.

The default data ships twice in the package: as the YAML that people read and edit, and as
``default_catalog.json``, compiled from that YAML by ``scripts/compile_default.py`` (a build
step, outside the package; a test fails when the two disagree). The script also writes the
snapshot's SHA-256 into ``independence._snapshot_digest``. While the bytes match it,
:func:`snapshot_parts` builds the records from the JSON without validating them again
(:mod:`independence.loading.construct`: no schema is built, which is most of a cold start's
cost beyond pydantic's own); any other bytes, a changed file among them, are validated with
pydantic's JSON validation (:func:`parts_from_snapshot`). Either way there is no YAML parsing
and no code from disk, and each record keeps where it was defined so that
:meth:`~independence.Catalog.provenance` and overlays still name the YAML file and line.

The snapshot holds data only: records, and each record's file (relative to the data folder),
line and column. Nothing in it is executed or deserialised as code.
"""

import hashlib
import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from pydantic import Field

from independence._collector import settle
from independence._lazy import lazy_module
from independence.loading.construct import construct
from independence.model.base import Record, WholeNumber
from independence.model.sections import SECTIONS, section_kind
from independence.model.source import CatalogInfo
from independence.records import Origin, Parts

if TYPE_CHECKING:
    from independence.model import documents

__all__ = [
    "FORMAT",
    "Snapshot",
    "constructed_parts",
    "digest_of",
    "parts_from_snapshot",
    "snapshot_parts",
]

#: The snapshot's own format version; a snapshot of another format is refused.
FORMAT: Final = 1

#: ``[file, line, column, path]`` of one record: the file relative to the data folder, and the
#: record's path inside that file's document.
Place = tuple[str, WholeNumber, WholeNumber, tuple[str | WholeNumber, ...]]


class Snapshot(Record):
    """A compiled catalogue: its records, in the one-file layout, and where each was defined."""

    format: WholeNumber = Field(ge=FORMAT, le=FORMAT)
    catalogue: "documents.DataFile"
    #: per section (``info`` for the ``catalog`` section), one place per record, in order
    origins: dict[str, tuple[Place, ...]]


if not TYPE_CHECKING:  # the file models: only this validated path needs them, and named only
    # after the class, so that making it imports nothing (pydantic resolves `catalogue` on the
    # first validation): the packaged snapshot, constructed, never does (cold start)
    documents = lazy_module("independence.model.documents")


def parts_from_snapshot(data: bytes, root: str) -> Parts:
    """The records of a snapshot, validated, with their origins under the data folder ``root``.

    A snapshot that does not validate raises pydantic's ``ValidationError``: it is part of the
    package, so that is a broken installation, not a data problem.
    """
    snapshot = Snapshot.model_validate_json(data)
    body = snapshot.catalogue
    return _parts(
        {"info": (body.catalog,), **{name: getattr(body, name) for name in SECTIONS}},
        snapshot.origins,
        root,
    )


def constructed_parts(data: bytes, root: str) -> Parts:
    """The records of a snapshot built *without* validation: only for the packaged snapshot
    whose bytes match the digest written when it was compiled (:func:`snapshot_parts`
    checks that). The same records as :func:`parts_from_snapshot`, about twice as fast."""
    # decoded first: json.loads decodes bytes with the "surrogatepass" handler, which takes
    # about a millisecond more for these 720 KB (compiled by json.dumps: valid UTF-8)
    document = json.loads(data.decode("utf-8"))
    settle()  # inside a load (settled): the document leaves the collector's full passes
    if document.get("format") != FORMAT:
        raise ValueError(f"snapshot: format {document.get('format')!r}, not {FORMAT}")
    origins = {
        name: tuple((file, line, column, tuple(path)) for file, line, column, path in places)
        for name, places in document["origins"].items()
    }
    body: dict[str, Any] = document["catalogue"]
    unknown = body.keys() - {"catalog", *SECTIONS}
    if unknown:
        raise ValueError(f"snapshot: no section {sorted(unknown)[0]!r}")
    sections: dict[str, tuple[Any, ...]] = {"info": (construct(CatalogInfo, body["catalog"]),)}
    for name in SECTIONS:
        model = section_kind(name).model
        sections[name] = tuple([construct(model, record) for record in body.get(name, ())])
        settle()
    return _parts(sections, origins, root)


def digest_of(data: bytes) -> str:
    """The SHA-256 of a snapshot's bytes, in hex: what the build writes beside the package's
    snapshot (``independence._snapshot_digest``) and what :func:`snapshot_parts`
    compares."""
    return hashlib.sha256(data).hexdigest()


def snapshot_parts(data: bytes, root: str, digest: str | None = None) -> Parts:
    """The records of a snapshot's bytes, their origins under the data folder ``root``.

    Built without validating again only when ``digest`` is given and is the SHA-256 of
    ``data`` (the package's own snapshot, compiled from validated data); any other bytes, a
    changed file among them, are validated (:func:`parts_from_snapshot`). A snapshot was
    compiled from a catalogue that passed every check: the front door builds its catalogue
    without running them again.
    """
    if digest is not None and digest_of(data) == digest:
        return constructed_parts(data, root)
    return parts_from_snapshot(data, root)


def _parts(
    sections: Mapping[str, tuple[Any, ...]],
    origins: dict[str, tuple[tuple[str, int, int, Any], ...]],
    root: str,
) -> Parts:
    """``sections`` (``info`` for the ``catalog`` section, then every section in order) as
    parts, each record with its origin under ``root``."""
    parts = Parts(root=Origin(root, ()))
    # each file's path, joined once: a file holds many records
    paths: dict[str, str] = {}
    for name, records in sections.items():
        places = origins.get(name, ())
        if len(places) != len(records):
            raise ValueError(f"snapshot: {len(places)} origins for {len(records)} {name}")
        parts.section(name).entries = [
            (
                record,
                Origin(
                    paths.get(file) or paths.setdefault(file, os.path.join(root, *file.split("/"))),
                    path,
                    at=(line, column),
                ),
            )
            for record, (file, line, column, path) in zip(records, places, strict=True)
        ]
        settle()
    return parts
