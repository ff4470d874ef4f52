"""Hostile inputs: files written to cost as much time or memory as the loader lets them.

Each must end in a ``CatalogError`` (never hang, never a traceback) within 30 s and 2 GiB on a
2-core machine. ``python -m benchmarks`` times them at full size; the test suite loads them at
a small ``scale`` and checks only the outcome, never the time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import write_catalog

__all__ = ["HOSTILE", "READERS", "write_hostile", "write_mo", "write_reader_input"]

MIB = 1024 * 1024
HEAD = "catalog: {name: x, data_version: 1.0.0, description: x}\n"


def _fill(path: Path, head: str, unit: str, size: int, tail: str = "") -> None:
    """``head``, then ``unit`` repeated up to ``size`` bytes, then ``tail``."""
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        out.write(unit * count)
        out.write(tail)


def empty_records(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "empty-records.yaml"
    _fill(path, HEAD + "responsibilities: [", "{}, ", int(16 * MIB * scale) - 64, "{}]\n")
    return path, []


def zeros(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "zeros.yaml"
    _fill(path, HEAD + "responsibilities: [", "0,", int(16 * MIB * scale) - 64, "0]\n")
    return path, []


def unknown_keys(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "unknown-keys.yaml"
    count = int(1_300_000 * scale)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD + "responsibilities: [{id: x, ")
        out.write(", ".join(f"{_base36(k)}: 0" for k in range(count)))
        out.write("}]\n")
    return path, []


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return "k" + digits


def many_problems(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    """Records under the value limit, each with several problems."""
    path = folder / "many-problems.yaml"
    _fill(path, HEAD + "responsibilities:\n", "  - {id: x}\n", int(MIB * scale))
    return path, []


def _catalogue_with(folder: Path, name: str, records: list[str]) -> Path:
    """The mini catalogue of the test suite with ``records`` appended as responsibilities."""
    mini = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini.yaml"
    path = folder / name
    text = mini.read_text("utf-8")
    path.write_text(
        text.replace("responsibilities:\n", "responsibilities:\n" + "".join(records), 1)
    )
    return path


def _record(id: str, prerequisites: str) -> str:
    return (
        f"  - id: {id}\n    title: T\n    summary: S\n    category: home\n"
        "    introduce_at: 3y\n    independent_by: 5y\n"
        f"    prerequisites: {prerequisites}\n"
        "    support_ladder: [{stage: together, description: a}, {stage: nearby, description: b},"
        " {stage: alone, description: c}]\n"
        "    done_when: [d]\n    risk: low\n    guiding_questions: [q, r]\n"
        "    trust_framing: t\n    reconnection: r\n    sources: [src]\n"
    )


def many_prerequisites(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    count = int(80_000 * scale)
    listed = "[" + ", ".join(f"p-{k}" for k in range(count)) + ", p-0]"
    return _catalogue_with(folder, "many-prerequisites.yaml", [_record("many", listed)]), []


def unknown_references(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    count = int(4_000 * scale)
    records = [_record(f"item-{k}", f"[missing-{k}]") for k in range(count)]
    return _catalogue_with(folder, "unknown-references.yaml", records), []


def disable_many(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    count = int(20_000 * scale)
    data = write_catalog(folder / "disable-many", count)
    overlay = folder / "disable-many.overlay.yaml"
    with open(overlay, "w", encoding="utf-8") as out:
        out.write("overlay: {name: everything}\ndisable:\n  responsibilities:\n")
        out.writelines(f"    - {{id: item-{k:06d}, reason: r}}\n" for k in range(count))
        out.writelines(f"    - {{id: nothing-{k:06d}, reason: r}}\n" for k in range(count))
    return data, [overlay]


def huge_integer(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "huge-integer.yaml"
    path.write_text(HEAD.replace("1.0.0", "1.0.0") + "bands: [" + "9" * 5000 + "]\n", "utf-8")
    return path, []


def sparse(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "sparse.yaml"
    with open(path, "wb") as out:
        out.truncate(int(3 * 1024 * MIB * max(scale, 0.001)) + 16 * MIB)
    return path, []


def device(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "zero.yaml"
    os.symlink("/dev/zero", path)
    return path, []


def fifo(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path, []


def link_loop(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    data = folder / "loop"
    (data / "responsibilities").mkdir(parents=True)
    os.symlink("..", data / "responsibilities" / "again")
    (data / "catalog.yaml").write_text(HEAD, "utf-8")
    return data, []


def duplicate_keys(folder: Path, scale: float) -> tuple[Path, list[Path]]:
    path = folder / "duplicate-keys.yaml"
    _fill(path, HEAD + "bands: {", "a: 1, ", int(3 * MIB * scale), "a: 1}\n")
    return path, []


#: Every hostile input, by name: a function writing it under a folder at a scale (1.0 is the
#: size the trust issue reported) and returning ``(path, overlays)``.
HOSTILE: dict[str, Callable[[Path, float], tuple[Path, list[Path]]]] = {
    "16 MiB of empty records": empty_records,
    "16 MiB of zeros": zeros,
    "1.3 million unknown keys": unknown_keys,
    "1 MiB of records with problems": many_problems,
    "80,000 prerequisites on one record": many_prerequisites,
    "4,000 unknown prerequisites": unknown_references,
    "overlay disabling 20,000 records": disable_many,
    "a 5,000-digit number": huge_integer,
    "a 3 GB sparse file": sparse,
    "a link to /dev/zero": device,
    "a named pipe": fifo,
    "a folder linking to itself": link_loop,
    "500,000 duplicate keys": duplicate_keys,
}


def write_hostile(folder: Path, name: str, scale: float) -> tuple[Path, list[Path]]:
    """Write the hostile input ``name`` under ``folder`` (created) at ``scale``."""
    target = folder / name.replace(" ", "-").replace(",", "").replace("/", "")
    target.mkdir(parents=True, exist_ok=True)
    return HOSTILE[name](target, scale)


# ------------------------------------------------------------------ the other readers


def _progress_unknown_ids(folder: Path, scale: float) -> Path:
    """A progress file just under the value cap, every id unknown to the catalogue."""
    path = folder / "progress.json"
    count = int(49_000 * scale)
    items = ",\n".join(
        f'{{"id": "unknown-{k}", "stage": "nearby", "since": "2026-01-01"}}' for k in range(count)
    )
    path.write_text(f'{{"format": 1, "items": [\n{items}\n]}}\n', "utf-8")
    return path


def _event_log(folder: Path, scale: float) -> Path:
    """An event log filling the 4 MiB cap, each event pausing or resuming location sharing:
    every event is valid, so the whole session is replayed."""
    path = folder / "events.jsonl"
    count = max(2, int(57_000 * scale))
    kinds = ("location-paused", "location-resumed")
    path.write_text(
        "".join(
            f'{{"kind": "{kinds[k % 2]}", "at": "2026-11-27T19:30:00Z", "by": "child"}}\n'
            for k in range(count)
        ),
        "utf-8",
    )
    return path


def write_mo(path: Path, entries: list[tuple[str, str]]) -> None:
    """A compiled GNU catalogue (little-endian, UTF-8) of ``(msgid, msgstr)`` pairs; a context
    is written into the msgid as gettext does (``context\\x04msgid``)."""
    import struct

    pairs = sorted([("", "Content-Type: text/plain; charset=UTF-8\n"), *entries])
    ids = [key.encode("utf-8") for key, _ in pairs]
    strs = [value.encode("utf-8") for _, value in pairs]
    start = 28 + 16 * len(pairs)
    offsets = []
    chunks = []
    size = 0
    for data in (*ids, *strs):
        offsets.append((len(data), start + size))
        chunks.append(data + b"\0")
        size += len(data) + 1
    blob = b"".join(chunks)
    header = struct.pack("<7I", 0x950412DE, 0, len(pairs), 28, 28 + 8 * len(pairs), 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.write_bytes(header + table + blob)


def _mo_bad_entries(folder: Path, scale: float) -> Path:
    """A compiled catalogue near the 16 MiB cap, every entry breaking a rule (so each is
    checked, refused and reported)."""
    path = folder / "locales" / "es.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    count = int(195_000 * scale)
    write_mo(
        path,
        [
            (f"responsibility:item-{k}#title\x04Title {k}", f"T\u00edtulo\u202e {k} \x1b[2J")
            for k in range(count)
        ],
    )
    return path


def _po_entries(folder: Path, scale: float) -> Path:
    """A PO file near the 16 MiB cap: entries of continued strings."""
    path = folder / "es.po"
    entry = (
        'msgctxt "responsibility:item-{k}#summary"\nmsgid ""\n"A summary "\n"in two lines"\n'
        'msgstr ""\n"Un resumen "\n"en dos l\u00edneas"\n\n'
    )
    count = int(130_000 * scale)
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(entry.format(k=k) for k in range(count))
    return path


#: One hostile file per reader besides the YAML reader (whose inputs are :data:`HOSTILE`), the
#: worst found for it: ``name -> (reader, writer)``. The reader is ``progress`` (read against
#: the default catalogue), ``events`` (a session of the command line), ``mo`` or ``po``.
READERS: dict[str, tuple[str, Callable[[Path, float], Path]]] = {
    "progress file: 49,000 unknown ids": ("progress", _progress_unknown_ids),
    "event log: 4 MiB of pauses and resumes": ("events", _event_log),
    ".mo: 195,000 refused entries": ("mo", _mo_bad_entries),
    ".po: 130,000 entries": ("po", _po_entries),
}


def write_reader_input(folder: Path, name: str, scale: float) -> tuple[str, Path]:
    """Write the hostile input of :data:`READERS` ``name`` under ``folder``: its reader, path."""
    target = folder / name.replace(" ", "-").replace(",", "").replace(":", "").replace(".", "")
    target.mkdir(parents=True, exist_ok=True)
    reader, writer = READERS[name]
    return reader, writer(target, scale)
