"""The one loader: a YAML file or a data folder in, a validated :class:`Catalog` out."""

from __future__ import annotations

import os
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from independence.errors import CatalogError, Problem
from independence.loading.checks import Finding, Origin, Parts, check_parts
from independence.loading.problems import did_you_mean, format_path, validation_problems
from independence.loading.reader import Document, Path, read_yaml
from independence.model._base import SCHEMA_FOLDER
from independence.model.documents import (
    BandsFile,
    CatalogFile,
    CategoriesFile,
    CheckInsFile,
    DataFile,
    EscalationFile,
    ResponsibilitiesFile,
)
from independence.model.perspective import PerspectivePack

if typing.TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "FILE_KINDS",
    "FOLDER_KINDS",
    "build_catalog",
    "place",
    "read_parts",
    "read_records",
]

#: Files of a data folder, by name, and the model each must match.
FILE_KINDS: Final[dict[str, type[BaseModel]]] = {
    "catalog.yaml": CatalogFile,
    "bands.yaml": BandsFile,
    "categories.yaml": CategoriesFile,
    "check-ins.yaml": CheckInsFile,
    "escalation.yaml": EscalationFile,
}
#: Sub-folders of a data folder whose ``*.yaml`` files each hold one kind of record.
FOLDER_KINDS: Final[dict[str, type[BaseModel]]] = {
    "responsibilities": ResponsibilitiesFile,
    "perspectives": PerspectivePack,
}

# which Parts section each document key fills
_SECTIONS: Final = {
    "catalog": "info",
    "sources": "sources",
    "bands": "bands",
    "categories": "categories",
    "responsibilities": "responsibilities",
    "check_in_policies": "check_in_policies",
    "escalation_policies": "escalation_policies",
    "perspectives": "perspectives",
}


def build_catalog(
    parts: Parts, problems: list[Problem], overlays: Iterable[str | os.PathLike[str]] = ()
) -> Catalog:
    """Lay ``overlays`` over ``parts``, run every cross-record check, build the catalogue."""
    from independence.catalog import Catalog
    from independence.loading.overlay import apply_overlay

    for overlay in overlays:
        problems += apply_overlay(parts, overlay)
    problems += [place(finding) for finding in check_parts(parts)]
    if problems:
        raise CatalogError(problems)
    return Catalog._from_parts(parts)


def read_parts(path: str | os.PathLike[str]) -> tuple[Parts, list[Problem]]:
    """Read and validate every record under ``path``, without the cross-record checks."""
    root = FsPath(path)
    shown = os.fspath(path)
    parts = Parts(root=Origin(shown, ()))
    problems: list[Problem] = []
    if root.is_dir():
        for file, kind, category, problem in _discover(root, shown):
            if problem is not None:
                problems.append(problem)
            elif kind is not None:
                problems += _read_file(file, _display(shown, root, file), kind, category, parts)
    elif root.exists():
        problems += _read_file(root, shown, DataFile, None, parts)
    else:
        raise FileNotFoundError(f"no catalogue at {shown!r}: give a YAML file or a data folder")
    return parts, problems


def _display(shown: str, root: FsPath, file: FsPath) -> str:
    return os.path.join(shown, *file.relative_to(root).parts)


def _discover(
    root: FsPath, shown: str
) -> Iterator[tuple[FsPath, type[BaseModel] | None, str | None, Problem | None]]:
    """Each file of a data folder with its kind, or a problem for a file that does not belong."""
    expected = ", ".join([*FILE_KINDS, *(f"{name}/<name>.yaml" for name in FOLDER_KINDS)])
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and not (FsPath(directory) == root and name == SCHEMA_FOLDER)
        )
        here = FsPath(directory)
        relative = here.relative_to(root).parts
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = here / name
            display = _display(shown, root, file)
            if not name.endswith(".yaml"):
                hint = " (rename it to .yaml)" if name.endswith(".yml") else ""
                yield (
                    file,
                    None,
                    None,
                    Problem(
                        display,
                        None,
                        None,
                        "",
                        f"not a YAML data file{hint}: a data folder holds only {expected}",
                    ),
                )
            elif not relative and name in FILE_KINDS:
                yield file, FILE_KINDS[name], None, None
            elif len(relative) == 1 and relative[0] in FOLDER_KINDS:
                yield file, FOLDER_KINDS[relative[0]], name.removesuffix(".yaml"), None
            else:
                yield (
                    file,
                    None,
                    None,
                    Problem(
                        display,
                        None,
                        None,
                        "",
                        f"unexpected data file{did_you_mean(name, FILE_KINDS)}: "
                        f"a data folder holds only {expected}",
                    ),
                )


def _read_file(
    file: FsPath, shown: str, kind: type[BaseModel], category: str | None, parts: Parts
) -> list[Problem]:
    doc = read_yaml(file.read_bytes(), source=file.read_bytes)
    problems = [
        Problem(shown, line, column, format_path(path), message)
        for (line, column), path, message in doc.problems
    ]
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
                line, column = doc.position(("perspective", "id"))
                problems.append(
                    Problem(
                        shown,
                        line,
                        column,
                        "perspective.id",
                        f"pack {pack.id!r} in perspectives/{category}.yaml: the file name must "
                        "be the pack's id",
                    )
                )
        return problems
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
    if key == "catalog":
        problems = read_records(doc, shown, model, (key,), (value,), section, parts, single=True)
    elif isinstance(value, tuple):
        problems = read_records(doc, shown, model, (key,), value, section, parts)
    else:
        line, column = doc.position((key,))
        what = "a mapping" if isinstance(value, dict) else repr(value)
        return [Problem(shown, line, column, key, f"expected a list of records, not {what}")]
    if category is not None:
        problems += _check_category(doc, shown, category, parts.section(section).entries)
    return problems


def read_records(
    doc: Document,
    shown: str,
    model: type[BaseModel],
    base: Path,
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
    items = (
        ((base, values[0]),)
        if single
        else tuple(((*base, index), item) for index, item in enumerate(values))
    )
    for path, raw in items:
        try:
            record = model.model_validate(raw)
        except ValidationError as error:
            problems += [
                Problem(shown, line, column, format_path(where), message)
                for (line, column), where, message in validation_problems(error, model, doc, path)
            ]
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            parts.broken_ids.setdefault(section, set()).add(
                raw_id if isinstance(raw_id, str) else ""
            )
            continue
        entries.append((record, Origin(shown, path, doc)))
    return problems


def _check_category(
    doc: Document, shown: str, category: str, entries: list[tuple[Any, Origin]]
) -> list[Problem]:
    """Records in ``responsibilities/<category>.yaml`` must be of that category."""
    problems = []
    for record, origin in entries:
        found = getattr(record, "category", category)
        if origin.file == shown and found != category:
            line, column = doc.position((*origin.path, "category"))
            problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    format_path((*origin.path, "category")),
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


def place(finding: Finding) -> Problem:
    """The problem of a cross-record finding, in the file and line that caused it."""
    file, line, column, path = finding.origin.locate(finding.subpath, key=finding.key)
    return Problem(file, line, column, path, finding.message)
