"""Reading data: strict YAML with positions, validation, cross-record checks, overlays.

Only :func:`load_catalog` and :func:`with_overlays` live here; they import the loading machinery
when called, so importing the package (and loading the default catalogue from its compiled
snapshot) costs no YAML machinery.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["load_catalog", "with_overlays"]


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
    from independence.messages import Forms

    forms = Forms(grammatical_gender, addressee_gender)  # a ValueError names the choices
    overlays = tuple(overlays)
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"no catalogue at {os.fspath(path)!r}: give a YAML file or a data folder"
        )
    if region is not None:
        from pathlib import Path

        from independence.regional import regional_catalog, with_numbers
        from independence.translation import localised

        english, found = regional_catalog(path, region, overlays)
        folder = Path(path) if os.path.isdir(path) else Path(path).parent
        translated = english if locale is None else localised(english, folder, locale, forms)
        return with_numbers(translated, found)
    from independence.loading.loader import build_catalog, read_parts

    parts, problems = read_parts(path)
    catalog = build_catalog(parts, problems, overlays)
    if locale is None:
        return catalog
    from pathlib import Path

    from independence.translation import localised

    folder = Path(path) if os.path.isdir(path) else Path(path).parent
    return localised(catalog, folder, locale, forms)


def with_overlays(catalog: Catalog, *overlays: str | os.PathLike[str]) -> Catalog:
    """A new catalogue: ``catalog`` with the overlay files laid over it, in order.

    The result is checked as a whole, like :func:`load_catalog` with ``overlays``, and speaks
    ``catalog``'s locale; ``catalog`` is not changed and its own files are not read again (the
    records and their origins are in memory).
    """
    from independence.loading.loader import build_catalog

    built = build_catalog(catalog.parts(), [], overlays)
    from independence.catalog import Catalog

    return Catalog.from_parts(built.parts(), catalog.presentation, checked=True)
