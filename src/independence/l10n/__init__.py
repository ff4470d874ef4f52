"""Localisation, split by job: :mod:`~independence.l10n.negotiation` (which translation a
language tag gets), :mod:`~independence.l10n.catalogues` (reading the compiled ``.mo`` files
and the translators' PO files, checked), :mod:`~independence.l10n.records` (which texts of the
records are translated, and translating them) and :mod:`~independence.l10n.coverage` (the
warnings: what a locale's PO files lack).

:func:`translated` is the front door's translation step (see :mod:`independence.build`):
records and a presentation in, the same records in another language and the presentation
that speaks it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from independence.catalog import Presentation
from independence.data_warnings import DataWarning
from independence.l10n.catalogues import read_checked_translations, read_translations
from independence.l10n.coverage import translation_warnings
from independence.l10n.negotiation import locales_in, negotiate
from independence.l10n.records import english_texts, translate_parts
from independence.messages import RIGHT_TO_LEFT, SOURCE_LOCALE, Forms, Messages
from independence.model.base import LOCALES_FOLDER

if TYPE_CHECKING:
    from independence.records import Parts

__all__ = ["english_texts", "locales_in", "negotiate", "read_translations", "translated"]


def translated(
    parts: Parts,
    folder: Path,
    locale: str,
    forms: Forms = Forms(),  # noqa: B008 - frozen, so one shared default is safe
    presentation: Presentation | None = None,
    *,
    region_texts: Callable[[Parts, Path], Mapping[tuple[str, str], str]],
) -> tuple[Parts, Presentation]:
    """``parts`` with their texts in ``locale`` (negotiated from the locales of ``folder``),
    and the presentation that speaks it, in the grammatical ``forms`` chosen.

    The records keep their ids, order and ages, and their origins (so problems and provenance
    still name the YAML); the catalogue's own sentences (reasons) are translated too, and its
    warnings include what ``locale``'s PO files lack (see
    :func:`~independence.l10n.coverage.translation_warnings`, worked out when first asked
    for). The data's own language gives ``parts`` unchanged. ``parts`` is copied;
    ``presentation`` (English, no region, when ``None``) keeps its region. ``region_texts``
    gives what each regional pack of ``folder`` changes in the English texts (the warnings
    check the regions' PO files against it; :func:`independence.regional.region_texts`).
    """
    spoken = presentation or Presentation()
    chosen = negotiate(locale, locales_in(folder))
    if chosen == SOURCE_LOCALE:
        return parts, spoken
    english = parts.copy()
    translations, refused = read_checked_translations(folder, chosen)
    right_to_left = chosen.split("-")[0] in RIGHT_TO_LEFT  # as the sentences are isolated
    parts = translate_parts(parts, translations, forms, right_to_left)

    def warnings() -> tuple[DataWarning, ...]:
        found = translation_warnings(english, folder, chosen, region_texts(english, folder))
        if any(True for _ in (folder / LOCALES_FOLDER / chosen).rglob("*.po")):
            return found  # the PO files' warnings place each refused entry at its line
        return tuple(sorted((*found, *refused), key=DataWarning.sort_key))

    return parts, replace(
        spoken,
        locale=chosen,
        messages=Messages(translations, chosen, forms),
        locale_warnings=warnings,
    )
