"""Translation catalogues of the default data: extract, update, compile, check.

    python scripts/translations.py extract            # data/locales/templates/**/*.pot
    python scripts/translations.py update LOCALE...   # create or update data/locales/LOCALE/**/*.po
    python scripts/translations.py compile            # data/locales/LOCALE.mo for every locale
    python scripts/translations.py check              # exit 1 if a template or .mo is stale
    python scripts/translations.py fill LOCALE FILE.json [FOLDER]  # set msgstr by context
    python scripts/translations.py replay BASE REF  # re-apply REF's translation changes since BASE

One PO file per data file, at the same path under data/locales/LOCALE/ (``responsibilities/
money.yaml`` -> ``data/locales/es/responsibilities/money.po``), so translators can share the
work file by file, and ``messages.po`` for the sentences the library writes itself (reasons,
ages, command-line headings; ``{name}`` placeholders must be kept). Each entry's context names
the record and field (``responsibility:walk-to-school-alone#title``) and its id is the English
text: when the English
changes, ``update`` keeps the old translation as a fuzzy suggestion, and the runtime, which
looks texts up by context and English, falls back to English until it is reviewed.

Needs Babel (a development dependency); the library itself reads the compiled .mo files with the
standard library's gettext.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po, write_po

import independence
from independence.l10n.records import CONTEXT_KINDS, record_texts
from independence.messages import MESSAGES, PLURALS
from independence.model.sections import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LOCALES = DATA / "locales"
TEMPLATES = LOCALES / "templates"


def entries() -> Iterator[tuple[str, str, str, int | None]]:
    """``(data file, context, English, line)`` of every translatable text of the data."""
    catalog = independence.load_catalog(DATA)
    parts = catalog.parts()
    for section in ("info", *SECTIONS):
        for record, origin in parts.section(section).entries:
            for entry in record_texts(CONTEXT_KINDS[section], record):
                file, line, _, _ = origin.locate(entry.path)
                relative = Path(file or DATA).relative_to(DATA).with_suffix("").as_posix()
                yield relative, entry.context, entry.text, line


def region_entries() -> Iterator[tuple[str, str, str, int | None]]:
    """``(regions/CODE, context, English, line)`` of every text a regional pack changes or adds.

    A region's text has the context of the record field it sets and its own English as the id,
    so a translated catalogue with that region finds it; the region's name, what each of its
    crisis lines is for and how each reporting service is reached are more texts.
    """
    from independence.regional import (
        apply_region,
        child_protection_line_context,
        crisis_line_context,
        region_file,
        regions_in,
        reporting_service_context,
    )

    base = {e[1]: e[2] for e in entries()}
    for code in regions_in(DATA):
        file = region_file(DATA, code)
        parts = independence.load_catalog(DATA).parts()
        region, problems = apply_region(parts, file)
        if region is None or problems:
            raise SystemExit(f"{file}: {problems[0] if problems else 'not a region file'}")
        relative = f"regions/{code}"
        yield relative, f"region:{code}#name", region.name, None
        if region.note is not None:
            yield relative, f"region:{code}#note", region.note, None
        for index, line in enumerate(region.crisis_lines):
            yield relative, crisis_line_context(code, index), line.who, None
        for index, service in enumerate(region.reporting_services):
            yield relative, reporting_service_context(code, index), service.how, None
        for index, line in enumerate(region.child_protection_lines):
            yield relative, child_protection_line_context(code, index), line.who, None
        for section, kind in CONTEXT_KINDS.items():
            for record, _ in parts.section(section).entries:
                for entry in record_texts(kind, record):
                    if base.get(entry.context) != entry.text:
                        yield relative, entry.context, entry.text, None


def templates() -> dict[str, PoCatalog]:
    """A fresh template per data file, one per regional pack, and ``messages`` for the library's
    own sentences."""
    found: dict[str, PoCatalog] = {}
    messages = found["messages"] = _new_catalog(None)
    for context, text in MESSAGES.items():
        messages.add(text, "", locations=[("src/independence/messages.py", 0)], context=context)
    for context, forms in PLURALS.items():
        messages.add(
            forms, ("", ""), locations=[("src/independence/messages.py", 0)], context=context
        )
    for relative, context, text, _ in region_entries():
        template = found.get(relative)
        if template is None:
            template = found[relative] = _new_catalog(None)
        template.add(text, "", locations=[(f"data/{relative}.yaml", 0)], context=context)
    for relative, context, text, line in entries():
        template = found.get(relative)
        if template is None:
            template = found[relative] = _new_catalog(None)
        template.add(text, "", locations=[(f"data/{relative}.yaml", line or 0)], context=context)
    return found


def _new_catalog(locale: str | None) -> PoCatalog:
    return PoCatalog(
        locale=locale.replace("-", "_") if locale else None,
        domain="independence",
        project="independence data",
        version=independence.DATA_VERSION,
        copyright_holder="The independence developers",
        msgid_bugs_address="",
        last_translator="The independence translators",
        language_team=f"{locale} (independence translators)" if locale else None,
        fuzzy=False,
    )


def po_bytes(catalog: PoCatalog) -> bytes:
    """``catalog`` as the bytes of a PO file, written the same way on every run."""
    # Babel flags any text with a '%' followed by a letter ("75% or more") as python-format;
    # these texts are data, never %-formatted, and GNU msgfmt -c refuses a translation that
    # does not keep the supposed directives, so the flag is never written
    for message in catalog:
        message.flags.discard("python-format")
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False)
    return _stable(out.getvalue())


def _stable(data: bytes) -> bytes:
    # the creation and revision dates change on every run: keep them out of the files
    lines = [
        line
        for line in data.split(b"\n")
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:'))
    ]
    return b"\n".join(lines)


def extract() -> dict[Path, bytes]:
    return {TEMPLATES / f"{name}.pot": po_bytes(t) for name, t in sorted(templates().items())}


def update(locale: str) -> None:
    for name, template in sorted(templates().items()):
        path = LOCALES / locale / f"{name}.po"
        if path.is_file():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=locale.replace("-", "_"))
            before = {m.context: (m.id, m.string) for m in catalog if m.id and m.string}
            # grammatical forms (``...|child=feminine``) are the locale's own, not the
            # template's: kept, on the neutral entry's English (fuzzy when that changed)
            forms = [m for m in catalog if m.id and m.context and "|" in m.context]
            catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
            catalog.obsolete.clear()  # texts no longer in the data: nothing to keep them for
            english = {m.context: m.id for m in template if m.id}
            for form in forms:
                base = str(form.context).split("|", 1)[0]
                if base not in english:
                    continue  # the text is gone, and its forms with it
                catalog.add(
                    english[base],
                    form.string,
                    locations=form.locations,
                    context=form.context,
                    flags=set(form.flags) | ({"fuzzy"} if english[base] != form.id else set()),
                    previous_id=[str(form.id)] if english[base] != form.id else [],
                )
            # The context names the text, so a changed English keeps its old translation, as a
            # fuzzy suggestion with the old English beside it, however much the English changed
            for message in catalog:
                old = before.get(message.context)
                if message.id and not message.string and old is not None and old[0] != message.id:
                    message.string = old[1]
                    message.flags.add("fuzzy")
                    message.previous_id = [old[0]]
        else:
            catalog = _new_catalog(locale)
            for message in template:
                if message.id:
                    catalog.add(
                        message.id, "", locations=message.locations, context=message.context
                    )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        print(f"wrote {path.relative_to(ROOT)}")


def locales() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if p.is_dir() and p.name != "templates")


def compiled(locale: str) -> bytes:
    """The .mo of ``locale``: every PO file of it in one catalogue, fuzzy entries left out.

    Written here rather than by Babel so that the bytes depend on the translations alone (no
    creation date, no tool version): a test compares them with a fresh compile.
    """
    entries: dict[str, str] = {}
    plural_forms = "nplurals=2; plural=(n != 1);"
    for path in sorted((LOCALES / locale).rglob("*.po")):
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=locale.replace("-", "_"))
        plural_forms = catalog.plural_forms
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            if isinstance(message.id, (list, tuple)):  # plural: the ids and forms, NUL-joined
                if not all(message.string):
                    continue
                id_, text = "\0".join(message.id), "\0".join(message.string)
            else:
                id_, text = str(message.id), str(message.string)
            entries[f"{message.context}\x04{id_}" if message.context else id_] = text
    # the plural rule tells gettext which form a number takes (npgettext)
    entries[""] = (
        f"Project-Id-Version: independence data\nLanguage: {locale}\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {plural_forms}\n"
    )
    return _mo(entries)


def _mo(entries: dict[str, str]) -> bytes:
    """A GNU .mo file of ``entries`` (the layout the standard library's gettext reads)."""
    import struct

    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    start = 7 * 4 + 16 * len(keys)  # header, then the two tables of (length, offset)
    id_table, str_table = [], []
    offset = start
    for data in ids:
        id_table += [len(data), offset]
        offset += len(data) + 1
    for data in strs:
        str_table += [len(data), offset]
        offset += len(data) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return (
        header
        + struct.pack(f"{len(id_table)}i", *id_table)
        + struct.pack(f"{len(str_table)}i", *str_table)
        + b"".join(data + b"\0" for data in ids)
        + b"".join(data + b"\0" for data in strs)
    )


def fill(locale: str, source: Path, under: str = "") -> None:
    """Set the translation of each context named in the JSON object at ``source``.

    ``under`` limits the PO files to those below that folder of the locale (``regions``: a
    regional pack's texts share their contexts with the base data's). A context the files do
    not have, or have twice, is an error (nothing is written); a translation given for a
    context replaces what the PO file had and clears its fuzzy mark. A grammatical form of a
    text the files have (its context and a suffix such as ``|child=feminine``, see
    ``docs/concepts/localisation.md``) is added as a new entry if it is not there yet.
    """
    import json

    wanted: dict[str, str | list[str]] = json.loads(source.read_text("utf-8"))
    files = sorted((LOCALES / locale / under).rglob("*.po"))
    if not under:  # the base data's files; each regional pack is filled on its own
        files = [f for f in files if "regions" not in f.relative_to(LOCALES / locale).parts]
    catalogs = {}
    for path in files:
        with open(path, "rb") as handle:
            catalogs[path] = read_po(handle, locale=locale.replace("-", "_"))
    known = {m.context: (path, m) for path, c in catalogs.items() for m in c if m.id}
    twice = sorted(
        context
        for context in wanted
        if sum(m.context == context for c in catalogs.values() for m in c if m.id) > 1
    )
    if twice:
        raise SystemExit(f"contexts in more than one file (name one folder): {', '.join(twice)}")
    for context in sorted(set(wanted) - set(known)):
        # a grammatical form (``...|child=feminine``) of a known text: a new entry beside it
        base = context.split("|", 1)[0]
        if "|" in context and base in known:
            path, neutral = known[base]
            form = catalogs[path].add(neutral.id, "", locations=neutral.locations, context=context)
            known[context] = (path, form)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise SystemExit(f"unknown contexts (nothing written): {', '.join(unknown[:10])}")
    touched = set()
    for context, text in wanted.items():
        path, message = known[context]
        # a plural entry is given as a list of its forms
        message.string = tuple(text) if isinstance(text, list) else text
        message.flags.discard("fuzzy")
        touched.add(path)
    for path in sorted(touched):
        path.write_bytes(po_bytes(catalogs[path]))
        print(f"wrote {path.relative_to(ROOT)}")


def replay_catalog(base: PoCatalog | None, branch: PoCatalog, current: PoCatalog) -> list[str]:
    """Apply to ``current`` every entry that ``branch`` changed since ``base`` (a translation,
    or a grammatical form): what a merge needs after taking the other side's PO file.

    An entry whose English in ``current`` differs from the English it was translated from is
    applied as fuzzy, with that English as the previous id, for a translator to review; one
    whose context ``current`` no longer has is skipped. Returns what was done, one line each.
    """

    def key(message: Any) -> tuple[Any, Any]:
        return (message.id, message.string)

    before = {m.context: key(m) for m in base if m.id} if base is not None else {}
    here = {m.context: m for m in current if m.id}
    done = []
    for message in branch:
        if not message.id or not message.string or message.fuzzy:
            continue
        if before.get(message.context) == key(message):
            continue  # the branch did not change it
        target = here.get(message.context)
        neutral = here.get(str(message.context).split("|", 1)[0])
        if target is None and neutral is not None and "|" in str(message.context):
            target = current.add(
                neutral.id, "", locations=neutral.locations, context=message.context
            )
            here[message.context] = target
        if target is None:
            done.append(f"skipped (no such text now): {message.context}")
            continue
        target.string = message.string
        if target.id != message.id:
            target.flags.add("fuzzy")
            target.previous_id = [str(message.id)] if isinstance(message.id, str) else []
            done.append(f"fuzzy (the English changed): {message.context}")
        else:
            target.flags.discard("fuzzy")
    return done


def replay(base: str, ref: str) -> None:
    """Re-apply the translation changes of git ref ``ref`` since ``base`` to the PO files on
    disk (for a merge: take the other side's PO files, ``update``, then ``replay``)."""
    import subprocess

    def show(rev: str, path: str) -> PoCatalog | None:
        done = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, check=False
        )
        if done.returncode != 0:
            return None
        return read_po(io.BytesIO(done.stdout), locale=_locale_of(path))

    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", ref, "data/locales"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in sorted(p for p in listed if p.endswith(".po")):
        path = ROOT / name
        branch = show(ref, name)
        if branch is None or not path.is_file():
            continue
        with open(path, "rb") as handle:
            current = read_po(handle, locale=_locale_of(name))
        before = po_bytes(current)
        notes = replay_catalog(show(base, name), branch, current)
        if po_bytes(current) != before:
            path.write_bytes(po_bytes(current))
            print(f"wrote {name}")
        for note in notes:
            print(f"{name}: {note}")


def _locale_of(path: str) -> str:
    """``data/locales/es-MX/...`` -> ``es_MX`` (as Babel names it)."""
    return Path(path).relative_to("data/locales").parts[0].replace("-", "_")


def main(argv: list[str]) -> int:
    command, *rest = argv or ["help"]
    if command == "extract":
        for path, data in extract().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if command == "update":
        for locale in rest or locales():
            update(locale)
        return 0
    if command == "fill" and len(rest) in (2, 3):
        fill(rest[0], Path(rest[1]), *rest[2:])
        return 0
    if command == "replay" and len(rest) == 2:
        replay(rest[0], rest[1])
        return 0
    if command == "compile":
        for locale in locales():
            (LOCALES / f"{locale}.mo").write_bytes(compiled(locale))
            print(f"wrote data/locales/{locale}.mo")
        return 0
    if command == "check":
        stale = [p for p, data in extract().items() if not p.is_file() or p.read_bytes() != data]
        stale += [
            LOCALES / f"{locale}.mo"
            for locale in locales()
            if not (LOCALES / f"{locale}.mo").is_file()
            or (LOCALES / f"{locale}.mo").read_bytes() != compiled(locale)
        ]
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
