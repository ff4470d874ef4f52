"""The one loader: a YAML file or a data folder in, validated and checked records out.

It reads files into :class:`~independence.records.Parts` and never builds a catalogue: the
front door (:mod:`independence.build`) does, from what this returns."""

from __future__ import annotations

import os
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from independence._collector import settle, settled
from independence.checks import check_parts
from independence.errors import CatalogError, KeyPath, Problem, did_you_mean, format_path
from independence.export import ExportInfo, read_export_section
from independence.loading.overlay import apply_overlay
from independence.loading.problems import MAX_PROBLEMS, placed, problem_at, validation_problems
from independence.loading.reader import Document, Early, read_file
from independence.model.base import LOCALES_FOLDER, SCHEMA_FOLDER
from independence.model.documents import (
    CatalogFile,
    DataFile,
)
from independence.model.perspective import PerspectivePack
from independence.model.sections import FILE_MODELS, FOLDER_MODELS, SECTIONS
from independence.records import Origin, Parts

__all__ = [
    "FILE_KINDS",
    "FOLDER_KINDS",
    "MAX_PROBLEMS",
    "checked_parts",
    "read_parts",
    "read_records",
]

#: Files of a data folder, by name, and the model each must match.
FILE_KINDS: Final[dict[str, type[BaseModel]]] = {"catalog.yaml": CatalogFile, **FILE_MODELS}
#: Sub-folders of a data folder whose ``*.yaml`` files each hold one kind of record.
FOLDER_KINDS: Final[dict[str, type[BaseModel]]] = dict(FOLDER_MODELS)

#: records validated between two calls of :func:`~independence._collector.settle`: few
#: enough that the young generation never fills in between (see :mod:`independence._collector`)
_SETTLE_EVERY: Final = 20

# which Parts section each document key fills
_SECTIONS: Final = {"catalog": "info", **{name: name for name in SECTIONS}}


def checked_parts(
    parts: Parts, problems: list[Problem], overlays: Iterable[str | os.PathLike[str]] = ()
) -> Parts:
    """Lay ``overlays`` over ``parts`` (in place), run every cross-record check and return
    ``parts``; a :class:`~independence.CatalogError` with ``problems`` and every problem found."""
    with settled():  # what is built stays out of the collector's full passes meanwhile
        return _checked_parts(parts, problems, overlays)


def _checked_parts(
    parts: Parts, problems: list[Problem], overlays: Iterable[str | os.PathLike[str]]
) -> Parts:
    seen: dict[tuple[int, int] | str, str] = {}
    for overlay in overlays:
        same = _identity(overlay)
        if same in seen:  # given twice: refused, never applied twice (see docs/concepts)
            problems.append(
                Problem(
                    os.fspath(overlay),
                    None,
                    None,
                    "",
                    f"this overlay was already given (as {seen[same]!r}): each overlay file is "
                    "laid over the data once, so it was not applied again",
                )
            )
            continue
        seen[same] = os.fspath(overlay)
        problems += apply_overlay(parts, overlay)
    findings = check_parts(parts)
    settle()  # the checks' indexes leave the collector's full passes while the catalogue builds
    problems += [finding.problem() for finding in findings[:MAX_PROBLEMS]]
    if len(findings) > MAX_PROBLEMS:
        left = len(findings) - MAX_PROBLEMS
        problems.append(
            Problem(
                parts.root.file,
                None,
                None,
                "",
                f"{left:,} more problem{'s' * (left != 1)} between records not shown: "
                f"fix the first {MAX_PROBLEMS:,} and check again",
            )
        )
    if problems:
        raise CatalogError(problems)
    return parts


def read_parts(path: str | os.PathLike[str]) -> tuple[Parts, list[Problem]]:
    """Read and validate every record under ``path``, without the cross-record checks."""
    with settled():  # each file's records stay out of the collector's full passes meanwhile
        return _read_parts(path)


def _read_parts(path: str | os.PathLike[str]) -> tuple[Parts, list[Problem]]:
    root = Path(path)
    shown = os.fspath(path)
    parts = Parts(root=Origin(shown, ()))
    problems: list[Problem] = []
    if root.is_dir():
        for file, kind, category, problem in _discover(root, shown):
            if problem is not None:
                problems.append(problem)
            elif kind is not None:
                problems += _read_file(file, _display(shown, root, file), kind, category, parts)
    elif root.exists() or root.is_symlink():
        problems += _read_file(root, shown, DataFile, None, parts)
    else:
        raise FileNotFoundError(f"no catalogue at {shown!r}: give a YAML file or a data folder")
    return parts, problems


def _display(shown: str, root: Path, file: Path) -> str:
    return os.path.join(shown, *file.relative_to(root).parts)


def _discover(
    root: Path, shown: str
) -> Iterator[tuple[Path, type[BaseModel] | None, str | None, Problem | None]]:
    """Each file of a data folder with its kind, or a problem for a file that does not belong."""
    expected = ", ".join([*FILE_KINDS, *(f"{name}/<name>.yaml" for name in FOLDER_KINDS)])
    unreadable: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    # Linked folders are followed (a data folder may be assembled from links); a folder seen
    # before (a link loop, or the same folder linked twice) is reported, never walked again.
    for directory, folders, files in os.walk(root, onerror=unreadable.append, followlinks=True):
        here = Path(directory)
        try:
            info = os.stat(here)
        except OSError as error:  # pragma: no cover - os.walk has just listed it
            unreadable.append(error)
            folders[:] = []
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            folders[:] = []
            yield (
                here,
                None,
                None,
                Problem(
                    _display(shown, root, here),
                    None,
                    None,
                    "",
                    "a link to a folder that is already read (a loop, or the same folder twice): "
                    "it was not read again",
                ),
            )
            continue
        seen.add(identity)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and not (here == root and name in (SCHEMA_FOLDER, LOCALES_FOLDER, "regions"))
        )
        for name in [name for name in folders if name.endswith((".yaml", ".yml"))]:
            folders.remove(name)  # a folder with a data file's name: reported, not walked
            folder = here / name
            yield _stray(
                folder,
                _display(shown, root, folder),
                "a folder named like a data file (it was not read)",
                expected,
            )
        relative = here.relative_to(root).parts
        for failure in unreadable:
            yield _unreadable(shown, root, failure)
        unreadable.clear()
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = here / name
            display = _display(shown, root, file)
            if not name.endswith(".yaml"):
                hint = " (rename it to .yaml)" if name.endswith(".yml") else ""
                yield _stray(file, display, f"not a YAML data file{hint}", expected)
            elif not relative and name in FILE_KINDS:
                yield file, FILE_KINDS[name], None, None
            elif len(relative) == 1 and relative[0] in FOLDER_KINDS:
                yield file, FOLDER_KINDS[relative[0]], name.removesuffix(".yaml"), None
            else:
                yield _stray(
                    file, display, f"unexpected data file{did_you_mean(name, FILE_KINDS)}", expected
                )
    for failure in unreadable:
        yield _unreadable(shown, root, failure)


def _stray(file: Path, display: str, what: str, expected: str) -> tuple[Path, None, None, Problem]:
    """A file that has no place in a data folder, as the folder walk reports it."""
    message = f"{what}: a data folder holds only {expected}"
    return file, None, None, Problem(display, None, None, "", message)


def _unreadable(shown: str, root: Path, error: OSError) -> tuple[Path, None, None, Problem]:
    where = Path(error.filename) if error.filename else root
    try:
        display = _display(shown, root, where)
    except ValueError:  # pragma: no cover - os.walk reports paths below the root
        display = os.fspath(where)
    reason = error.strerror or str(error)
    return where, None, None, Problem(display, None, None, "", f"cannot read this folder: {reason}")


def _read_file(
    file: Path, shown: str, kind: type[BaseModel], category: str | None, parts: Parts
) -> list[Problem]:
    doc, why = read_file(file, early=_early(kind))
    if doc is None:
        parts.incomplete = True
        return [Problem(shown, None, None, "", why or "cannot read it")]
    try:
        return _read_document(doc, shown, kind, category, parts)
    finally:
        # The records' origins keep the document (for positions) as long as the catalogue
        # lives; its raw value is not needed once the records are validated.
        doc.value = None
        settle()


def _early(kind: type[BaseModel]) -> Early | None:
    """What validates the records of ``kind``'s sections while the reader reads them (see
    :func:`~independence.loading.reader.read_yaml`): a record that passes is kept as its
    model, one that does not is left raw for :func:`read_records` to validate again and place
    its problems, and after the first of those in a file every record is left raw, so that a
    file of broken records is validated once, within the loader's budget of problems."""
    if kind is PerspectivePack:  # one record per file, read whole
        return None
    models = _SECTION_MODELS.get(kind)
    if models is None:
        models = _SECTION_MODELS[kind] = {
            key: args[0]
            for key, info in kind.model_fields.items()
            if key != "catalog"
            and typing.get_origin(info.annotation) is tuple
            and (args := typing.get_args(info.annotation))
            and isinstance(args[0], type)
            and issubclass(args[0], BaseModel)
        }
    if not models:
        return None
    failed = False

    def early(key: str, raw: Any) -> Any:
        nonlocal failed
        model = models.get(key)
        if model is None or failed:
            return raw
        try:
            return model.model_validate(raw)
        except ValidationError:
            failed = True
            return raw

    return early


#: per file model, the record model of each of its sections that is a list of records
_SECTION_MODELS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {}


def _read_document(
    doc: Document, shown: str, kind: type[BaseModel], category: str | None, parts: Parts
) -> list[Problem]:
    problems = placed(shown, doc.problems)
    value = doc.value
    if not isinstance(value, dict):
        parts.incomplete = True
    if value is None:
        if not problems:
            problems.append(Problem(shown, None, None, "", "file is empty"))
        return problems
    if not isinstance(value, dict):
        line, column = doc.position(())
        what = "a list" if isinstance(value, tuple) else f"a single value ({value!r})"
        problems.append(
            Problem(shown, line, column, "", f"expected a mapping of sections, not {what}")
        )
        return problems
    if kind is PerspectivePack:  # one record per file
        problems += read_records(doc, shown, kind, (), (value,), "perspectives", parts, single=True)
        entries = parts.perspectives.entries
        if category is not None and entries and entries[-1][1].file == shown:
            pack = entries[-1][0]
            if pack.id != category:
                problems.append(
                    problem_at(
                        doc,
                        shown,
                        ("perspective", "id"),
                        f"pack {pack.id!r} in perspectives/{category}.yaml: the file name must "
                        "be the pack's id",
                    )
                )
        return problems
    if kind is DataFile and "export" in value:  # an export: a one-file catalogue and more
        problems += _read_export(doc, shown, value)
        value = {key: item for key, item in value.items() if key != "export"}
    fields = kind.model_fields
    for key in fields.keys() - value.keys():
        if fields[key].is_required():
            line, column = doc.position(())
            problems.append(Problem(shown, line, column, "", f"missing required section {key!r}"))
            parts.broken_ids.setdefault(_SECTIONS[key], set())
    for key, section_value in value.items():
        if key not in fields:
            line, column = doc.key_position((key,))
            problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    key,
                    f"unknown section {key!r}{did_you_mean(key, fields)}; this file may hold "
                    + ", ".join(repr(name) for name in fields),
                )
            )
            continue
        problems += _read_section(doc, shown, kind, key, section_value, category, parts)
    return problems


def _read_export(doc: Document, shown: str, value: dict[str, Any]) -> list[Problem]:
    """Check the ``export`` section of an export and the months beside its ages; leave
    ``value`` a one-file catalogue (the months dropped)."""
    problems: list[Problem] = []
    try:
        ExportInfo.model_validate(value["export"])
    except ValidationError as error:
        problems += placed(shown, validation_problems(error, ExportInfo, doc, ("export",)))
    for path, message in read_export_section(value):
        problems.append(problem_at(doc, shown, path, message))
    return problems


def _read_section(
    doc: Document,
    shown: str,
    kind: type[BaseModel],
    key: str,
    value: Any,
    category: str | None,
    parts: Parts,
) -> list[Problem]:
    model = _item_model(kind.model_fields[key].annotation)
    section = _SECTIONS[key]
    start = len(parts.section(section).entries)  # the records of this file come after these
    if key == "catalog":
        problems = read_records(doc, shown, model, (key,), (value,), section, parts, single=True)
    elif isinstance(value, tuple):
        problems = read_records(doc, shown, model, (key,), value, section, parts)
    else:
        line, column = doc.position((key,))
        what = "a mapping" if isinstance(value, dict) else repr(value)
        return [Problem(shown, line, column, key, f"expected a list of records, not {what}")]
    if category is not None:
        problems += _check_category(doc, shown, category, parts.section(section).entries[start:])
    return problems


def read_records(
    doc: Document,
    shown: str,
    model: type[BaseModel],
    base: KeyPath,
    values: tuple[Any, ...],
    section: str,
    parts: Parts,
    *,
    single: bool = False,
) -> list[Problem]:
    """Validate each raw record of ``values`` (at ``base`` in ``doc``) into ``section``.

    With ``single``, ``values`` holds one record that sits at ``base`` itself.
    """
    entries = parts.section(section).entries
    problems: list[Problem] = []
    items = (values[0],) if single else values
    validate = model.model_validate
    for done, raw in enumerate(items):
        path = base if single else (*base, done)
        if parts.problem_count >= MAX_PROBLEMS:
            line, column = doc.position(base)
            left = len(items) - done
            problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    format_path(base),
                    f"{left:,} more record{'s' * (left != 1)} not checked: checking stopped "
                    f"after {MAX_PROBLEMS:,} problems",
                )
            )
            # what was not checked may well exist: never report a reference to it as unknown
            unchecked = parts.broken_ids.setdefault(section, set())
            for rest in items[done:]:
                if isinstance(rest, dict):
                    rest_id = rest.get("id")
                else:  # a record the reader's early validation kept (see _early)
                    rest_id = getattr(rest, "id", None) if isinstance(rest, model) else None
                unchecked.add(rest_id if isinstance(rest_id, str) else "")
            break
        try:
            # a model was validated while it was read (see _early): YAML gives no models
            record = raw if type(raw) is model else validate(raw)
        except ValidationError as error:
            found = placed(shown, validation_problems(error, model, doc, path))
            parts.problem_count += len(found)
            problems += found
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            parts.broken_ids.setdefault(section, set()).add(
                raw_id if isinstance(raw_id, str) else ""
            )
            continue
        entries.append((record, Origin(shown, path, doc)))
        if done % _SETTLE_EVERY == _SETTLE_EVERY - 1:
            settle()  # the records so far leave the collector's full passes (see settled)
    return problems


def _check_category(
    doc: Document, shown: str, category: str, entries: list[tuple[Any, Origin]]
) -> list[Problem]:
    """Records in ``responsibilities/<category>.yaml`` must be of that category."""
    problems = []
    for record, origin in entries:
        found = getattr(record, "category", category)
        if origin.file == shown and found != category:
            problems.append(
                problem_at(
                    doc,
                    shown,
                    (*origin.path, "category"),
                    f"category {found!r} in the file of category {category!r}: move it to "
                    f"responsibilities/{found}.yaml",
                )
            )
    return problems


def _item_model(annotation: Any) -> type[BaseModel]:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise TypeError(f"no record model in {annotation!r}")  # pragma: no cover - a coding error


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | str:
    """What makes two overlay paths the same file: its device and inode (links, ``..`` and
    hard links alike), or its resolved path when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (info.st_dev, info.st_ino)
