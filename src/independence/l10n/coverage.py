"""Translation warnings: what a locale's PO files lack for the English records (missing,
stale, extra or refused texts), each placed at its PO file and line, and the texts of the
regional packs, given by the caller)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from independence.data_warnings import DataWarning
from independence.l10n.catalogues import MAX_LISTED, entry_problem, read_po_entries
from independence.l10n.records import base_context, english_texts
from independence.messages import MESSAGES, PLURALS, SOURCE_LOCALE
from independence.model.base import LOCALES_FOLDER

if TYPE_CHECKING:
    from independence.records import Parts

__all__ = ["translation_warnings"]


def translation_warnings(
    parts: Parts, folder: Path, locale: str, regional: Mapping[tuple[str, str], str]
) -> tuple[DataWarning, ...]:
    """What ``locale``'s PO files in ``folder`` lack for the English records ``parts`` (a
    catalogue's are ``catalog.parts()``), as warnings.

    *missing*: a text with no translation (or only a fuzzy one); *stale*: a translation made
    for an English text that has changed since (it is not shown); *extra*: a context the data
    no longer has. Read from the PO files (the translators' sources), with their lines.
    ``regional`` is what each regional pack changes in the English texts, by region code and
    context (:func:`independence.regional.region_texts`): a region's PO file holds those.
    """
    wanted = english_texts(parts)
    for context_, template in MESSAGES.items():
        wanted[context_] = template
    for context_, (singular, _) in PLURALS.items():
        wanted[context_] = singular
    found: list[DataWarning] = []
    seen: set[str] = set()
    base = folder / LOCALES_FOLDER / locale
    # a variant of the data's own language (en-US) leaves an entry empty where it says the same
    variant = locale.split("-")[0] == SOURCE_LOCALE.split("-")[0]
    for path in sorted(base.rglob("*.po")):
        shown = str(path)
        region = path.stem if path.parent.name == "regions" else None
        for po in read_po_entries(path):
            base_ = base_context(po.context)  # a form is checked against its neutral entry
            seen.add(po.context)
            text = regional.get((region, base_)) if region is not None else wanted.get(base_)
            if text is None:
                found.append(DataWarning(shown, po.line, 1, po.context, "extra: no such text"))
            elif po.msgid != text:
                found.append(
                    DataWarning(
                        shown,
                        po.line,
                        1,
                        po.context,
                        "stale: translated from an older English text, which is shown instead "
                        "until the translation is updated",
                    )
                )
            elif po.fuzzy or (not po.msgstr and not variant):
                found.append(DataWarning(shown, po.line, 1, po.context, "missing: not translated"))
            elif po.msgstr:
                why = entry_problem(po.context, po.msgid, po.msgstr, locale)
                if why is not None:
                    found.append(
                        DataWarning(
                            shown, po.line, 1, po.context, f"not used, English shown: {why}"
                        )
                    )
    for context_ in sorted(set(wanted) - seen):
        found.append(
            DataWarning(str(base), None, None, context_, "missing: no entry in the PO files")
        )
    listed = sorted(found, key=DataWarning.sort_key)
    if len(listed) > MAX_LISTED:  # a hostile or very stale PO set: bounded all the same
        left = len(listed) - MAX_LISTED
        listed = listed[:MAX_LISTED]
        listed.append(
            DataWarning(
                str(base),
                None,
                None,
                "",
                f"{left:,} more translation warnings (not listed: only the first "
                f"{MAX_LISTED:,} are)",
            )
        )
    return tuple(listed)
