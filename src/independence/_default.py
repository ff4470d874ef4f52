"""The packaged default catalogue: its compiled snapshot, read once, shared by every caller."""

from __future__ import annotations

import threading
from pathlib import Path

from independence.catalog import Catalog
from independence.messages import Forms

__all__ = ["SNAPSHOT", "available_locales", "data_path", "default_catalog", "regions"]

#: The compiled snapshot of the default data, beside this module (see
#: :mod:`independence.loading.snapshot`).
SNAPSHOT = "default_catalog.json"

_HERE = Path(__file__).parent
_lock = threading.RLock()  # a translated catalogue is made from the English one
_cached: dict[tuple[str, Forms], Catalog] = {}  # by locale, as negotiated, and forms


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
    if region is not None:
        return _regional(region, locale, forms)
    key = ("" if locale is None else _negotiated(locale), forms)
    found = _cached.get(key)
    if found is None:
        with _lock:
            found = _cached.get(key)
            if found is None:
                found = _cached[key] = _load() if not key[0] else _translated(key[0], forms)
    return found


def regions() -> tuple[str, ...]:
    """The regions the default catalogue ships (``AU``, ``GB``, ``US``, ...)."""
    from independence.regional import regions_in

    return regions_in(data_path())


_regional_cache: dict[tuple[str, str, Forms], Catalog] = {}


def _regional(region: str, locale: str | None, forms: Forms) -> Catalog:
    """The default catalogue with ``region`` applied, in ``locale``: built once, then shared."""
    from independence.regional import build_region, region_file, with_numbers

    folder = data_path()
    file = region_file(folder, region)
    key = (region.upper(), "" if locale is None else _negotiated(locale), forms)
    found = _regional_cache.get(key)
    if found is None:
        with _lock:
            found = _regional_cache.get(key)
            if found is None:
                catalog, info = build_region(default_catalog().parts(), [], file, ())
                if key[1]:
                    from independence.translation import localised

                    catalog = localised(catalog, folder, key[1], forms)
                found = _regional_cache[key] = with_numbers(catalog, info)
    return found


def available_locales() -> tuple[str, ...]:
    """The locales the default catalogue ships in, the data's own ``en-GB`` among them."""
    from independence.messages import SOURCE_LOCALE
    from independence.translation import locales_in

    return tuple(sorted({SOURCE_LOCALE, *locales_in(data_path())}))


def _negotiated(locale: str) -> str:
    from independence.translation import locales_in, negotiate

    return negotiate(locale, locales_in(data_path()))


def _translated(locale: str, forms: Forms) -> Catalog:
    from independence.messages import SOURCE_LOCALE
    from independence.translation import translate_catalog

    english = default_catalog()
    if locale == SOURCE_LOCALE:
        return english
    return translate_catalog(english, data_path(), locale, forms)


def _load() -> Catalog:
    from independence._snapshot_digest import DIGEST
    from independence.loading.guard import MAX_BYTES, read_input
    from independence.loading.snapshot import catalog_from_snapshot

    data = read_input(_HERE / SNAPSHOT, limit=MAX_BYTES)  # the one guarded way in
    # compiled from validated data by the build: built without validating it again while its
    # bytes are the ones compiled (a changed file is validated like any other data)
    return catalog_from_snapshot(data, str(data_path()), DIGEST)
