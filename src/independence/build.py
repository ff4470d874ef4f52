"""The front door: every catalogue is built here, by one pipeline.

:func:`load_catalog`, :func:`with_overlays` and :func:`default_catalog` differ only in where
their records come from (YAML files, a catalogue's own records, the compiled snapshot); then
each goes through :func:`build_catalog`, the one pipeline:

1. the regional pack, when one is asked for (:func:`independence.regional.apply_region`);
2. the overlay files, in order, and the checks between records
   (:func:`independence.loading.loader.checked_parts`); a problem anywhere is one
   :class:`~independence.CatalogError` naming every file and line;
3. the translation and its grammatical forms, when a locale is asked for
   (:func:`independence.l10n.translated`);
4. the region's numbers, as sentences in the catalogue's language
   (:func:`independence.regional.with_numbers`);
5. the catalogue, with its :class:`~independence.catalog.Presentation` (locale, sentences,
   region) given once: :meth:`Catalog.from_parts <independence.Catalog.from_parts>`.

:mod:`independence.loading` below only reads files into records; nothing there builds a
catalogue. The YAML machinery, the regional packs and the translations are imported when a
call needs them, so that the default catalogue's cold start (a compiled snapshot, English)
pays for none of them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from independence._collector import settled
from independence._lazy import lazy_module
from independence._snapshot_digest import DIGEST
from independence.catalog import Catalog, Presentation
from independence.errors import Problem
from independence.loading.guard import MAX_BYTES, read_input
from independence.loading.snapshot import snapshot_parts
from independence.messages import SOURCE_LOCALE, Forms, Messages
from independence.records import Parts

if TYPE_CHECKING:
    import independence.l10n as l10n
    import independence.loading.loader as loader
    import independence.regional as regional
else:  # start-up time: the default catalogue's cold start (the compiled snapshot, in English,
    # no region) needs none of these, imported when a call first needs them
    l10n = lazy_module("independence.l10n")  # the translations (gettext)
    loader = lazy_module("independence.loading.loader")  # the YAML reader and the checks
    regional = lazy_module("independence.regional")  # the regional packs (YAML too)

__all__ = [
    "SNAPSHOT",
    "available_locales",
    "build_catalog",
    "data_path",
    "default_catalog",
    "default_messages",
    "load_catalog",
    "regions",
    "with_overlays",
]

#: The compiled snapshot of the default data, beside the package's modules (see
#: :mod:`independence.loading.snapshot`).
SNAPSHOT = "default_catalog.json"

_HERE = Path(__file__).parent
_lock = threading.RLock()  # a translated catalogue is made from the English one
_cached: dict[tuple[str, str, Forms], Catalog] = {}  # by region, locale (negotiated), forms


def build_catalog(
    parts: Parts,
    problems: Iterable[Problem] = (),
    *,
    overlays: Iterable[str | os.PathLike[str]] = (),
    region: Path | None = None,
    folder: Path | None = None,
    locale: str | None = None,
    forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    presentation: Presentation | None = None,
    checked: bool = False,
) -> Catalog:
    """The one pipeline: ``parts`` (and the ``problems`` found reading them) in, a catalogue
    out. See the module's documentation for its steps.

    ``region`` is a region file (``regions/<CODE>.yaml``); ``folder`` the data folder whose
    ``locales/`` hold the translations of ``locale`` (negotiated: ``es-MX`` -> ``es``);
    ``forms`` the grammatical forms. ``presentation`` is where to start from (the locale of a
    catalogue laid over, for :func:`with_overlays`); ``checked`` says the records have passed
    the checks already (the compiled snapshot, a catalogue's own records), so that with no
    region and no overlay they are not run again. ``parts`` is changed in place.
    """
    overlays = tuple(overlays)
    found = list(problems)
    pack = None
    if region is not None:
        pack, from_region = regional.apply_region(parts, region)
        found += from_region
    if found or overlays or region is not None or not checked:
        parts = loader.checked_parts(parts, found, overlays)
    spoken = presentation or Presentation()
    if locale is not None:
        if folder is None:
            raise ValueError("a locale needs the data folder that holds its translations")
        parts, spoken = l10n.translated(
            parts, folder, locale, forms, spoken, region_texts=_region_texts
        )
    if pack is not None:
        parts, spoken = regional.with_numbers(parts, pack, spoken)
    return Catalog.from_parts(parts, spoken, checked=True)


def load_catalog(
    path: str | os.PathLike[str],
    overlays: Iterable[str | os.PathLike[str]] = (),
    *,
    locale: str | None = None,
    region: str | None = None,
    grammatical_gender: str | None = None,
    addressee_gender: str | None = None,
) -> Catalog:
    """Load, validate and index the catalogue at ``path``: one YAML file or a data folder.

    A single file may hold every section (``catalog``, ``sources``, ``bands``, ``categories``,
    ``responsibilities``, ``check_in_policies``, ``escalation_policies``, ``perspectives``). A
    folder is laid out by name: ``catalog.yaml``, ``bands.yaml``, ``categories.yaml``,
    ``check-ins.yaml``, ``escalation.yaml``, ``responsibilities/<category>.yaml`` and
    ``perspectives/<pack>.yaml``. Linked files and folders are followed; a link loop, a file
    that cannot be read, a FIFO or device, and a file over the size limit are problems.

    ``overlays`` are overlay files laid over the catalogue in order (see
    :mod:`independence.loading.overlay`); the result is checked as a whole, and a problem caused
    by an overlay names the overlay's file and line.

    Raises :class:`~independence.CatalogError` with every problem found (up to
    :data:`~independence.loading.loader.MAX_PROBLEMS`, then a count of what was not checked),
    each with its file, line, column and path, and ``FileNotFoundError`` if ``path`` (or an
    overlay) does not exist. Each file is read once; nothing is written anywhere.

    ``locale`` (a BCP 47 tag such as ``es`` or ``es-MX``) gives the catalogue with its texts
    translated, from the compiled translations in the data folder's ``locales/`` folder (for a
    one-file catalogue, the ``locales/`` folder beside it); see
    :func:`independence.available_locales` and ``docs/concepts/localisation.md``. An unknown
    locale is a ``ValueError`` naming the available ones.

    ``region`` applies the data folder's ``regions/<region>.yaml`` (see
    :mod:`independence.regional`); an unknown one is a ``ValueError`` naming those known.

    ``grammatical_gender`` and ``addressee_gender`` (``"feminine"`` or ``"masculine"``) choose
    the grammatical forms of a translation, as for :func:`independence.default_catalog`.
    """
    forms = Forms(grammatical_gender, addressee_gender)  # a ValueError names the choices
    overlays = tuple(overlays)
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"no catalogue at {os.fspath(path)!r}: give a YAML file or a data folder"
        )
    folder = Path(path) if os.path.isdir(path) else Path(path).parent
    file = None
    if region is not None:
        # an unknown region is refused before any reading
        file = regional.region_file(folder, region)
    with settled():  # what a load builds stays out of the collector's full passes meanwhile
        parts, problems = loader.read_parts(path)
        return build_catalog(
            parts,
            problems,
            overlays=overlays,
            region=file,
            folder=folder,
            locale=locale,
            forms=forms,
        )


def with_overlays(catalog: Catalog, *overlays: str | os.PathLike[str]) -> Catalog:
    """A new catalogue: ``catalog`` with the overlay files laid over it, in order.

    The result is checked as a whole, like :func:`load_catalog` with ``overlays``, and speaks
    ``catalog``'s locale and keeps its region; ``catalog`` is not changed and its own files are
    not read again (the records and their origins are in memory). The overlays are laid over
    ``catalog``'s own records: over a translated catalogue, an overlay's texts stay as written.
    """
    return build_catalog(
        catalog.parts(), overlays=overlays, presentation=catalog.presentation, checked=True
    )


def data_path() -> Path:
    """The folder of the packaged default data (inside the installed package)."""
    # The package's own folder, not importlib.resources: that would import zipfile, tempfile
    # and shutil on every cold start, for zipped installs that the data cannot serve anyway.
    folder = _HERE / "data"
    if not folder.is_dir():  # pragma: no cover - only for zipped installs
        raise RuntimeError("independence must be installed as files, not from a zip archive")
    return folder


def default_catalog(
    locale: str | None = None,
    region: str | None = None,
    *,
    grammatical_gender: str | None = None,
    addressee_gender: str | None = None,
) -> Catalog:
    """The packaged default catalogue: loaded on first use, then the same object every time.

    It is read from the package's compiled snapshot of ``data/`` (validated JSON, checked
    against the YAML by the test suite), not parsed from YAML, and nothing is written to disk.
    Thread-safe; the catalogue is immutable, so it can be shared freely.

    ``locale`` (a BCP 47 tag: ``es``, ``es-MX``, ``ar``, ``en-US``) gives it with every text
    translated; the same ids, order, ages and suggestions. Tags are negotiated (``es-MX`` ->
    ``es``); :func:`available_locales` lists what ships, and anything else is a
    ``ValueError`` naming them. ``catalog.locale`` says which was used.

    ``region`` (``"GB"``, ``"US"``, ``"AU"``: see :func:`independence.regions`) lays that
    regional pack over the English data, then translates; see :mod:`independence.regional`.

    ``grammatical_gender`` (``"feminine"`` or ``"masculine"``) is the child's gender in the
    texts of a language that marks it (Spanish, Arabic); ``addressee_gender`` is the gender of
    the grown-up the texts speak to (Arabic marks it). ``None``, the default, is each
    translation's neutral wording. English is the same whatever they are. See
    ``docs/concepts/localisation.md``.
    """
    forms = Forms(grammatical_gender, addressee_gender)  # a ValueError names the choices
    folder = data_path()
    file = None
    if region is not None:
        file = regional.region_file(folder, region)
    key = (
        "" if file is None else file.stem,
        "" if locale is None else _negotiated(locale),
        forms,
    )
    found = _cached.get(key)
    if found is None:
        with _lock:
            found = _cached.get(key)
            if found is None:
                found = _cached[key] = _built(key, file, folder, forms)
    return found


def _built(key: tuple[str, str, Forms], file: Path | None, folder: Path, forms: Forms) -> Catalog:
    """The default catalogue for ``key`` (region, negotiated locale, forms), from the English
    one (compiled snapshot, read once)."""
    _, locale, _ = key
    if file is None and not locale:
        data = read_input(_HERE / SNAPSHOT, limit=MAX_BYTES)  # the one guarded way in
        # compiled from validated, checked data by the build: built without validating it
        # again while its bytes are the ones compiled (a changed file is validated)
        with settled():  # a load too: what it builds stays out of the collector's passes
            return build_catalog(snapshot_parts(data, str(folder), DIGEST), checked=True)
    if file is None and locale == SOURCE_LOCALE:
        return default_catalog()
    return build_catalog(
        default_catalog().parts(),
        region=file,
        folder=folder,
        locale=locale or None,
        forms=forms,
        checked=True,
    )


def regions() -> tuple[str, ...]:
    """The regions the default catalogue ships (``AU``, ``GB``, ``US``, ...)."""
    return regional.regions_in(data_path())


def available_locales() -> tuple[str, ...]:
    """The locales the default catalogue ships in, the data's own ``en-GB`` among them."""
    return tuple(sorted({SOURCE_LOCALE, *l10n.locales_in(data_path())}))


def default_messages(locale: str) -> Messages | None:
    """The package's own sentences (reasons, the command line's help) in the translation the
    default data ships for ``locale`` (negotiated: ``es-MX`` is ``es``), without building a
    catalogue; ``None`` for the data's own language. A tag that does not parse is a
    ``ValueError``; a damaged compiled catalogue, an :class:`~independence.InputError`."""
    chosen = _negotiated(locale)
    if chosen == SOURCE_LOCALE:
        return None
    return Messages(l10n.read_translations(data_path(), chosen), chosen)


def _negotiated(locale: str) -> str:
    return l10n.negotiate(locale, l10n.locales_in(data_path()))


def _region_texts(parts: Parts, folder: Path) -> dict[tuple[str, str], str]:
    """What each regional pack of ``folder`` changes in the English texts of ``parts``: what
    the regions' PO files translate (for the translation's warnings)."""
    return regional.region_texts(parts, folder, l10n.english_texts)
