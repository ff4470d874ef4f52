"""The prose of the default data: no word broken across a folded line."""

from __future__ import annotations

import re

import independence
from independence.l10n.records import CONTEXT_KINDS, record_texts
from independence.model.sections import SECTIONS


def test_no_word_is_split_by_a_folded_line() -> None:
    """A folded YAML line that ends in a hyphen joins as "auto- injectors": write the word
    whole on one line."""
    catalog = independence.default_catalog()
    broken = [
        f"{entry.context}: {entry.text[max(0, m.start() - 20) : m.end() + 20]!r}"
        for section in SECTIONS
        for record in getattr(catalog, section)
        for entry in record_texts(CONTEXT_KINDS[section], record)
        for m in re.finditer(r"[A-Za-z]- [a-z]", entry.text)
        if not re.search(r"\b(?:and|or|to)\b", entry.text[m.end() - 1 : m.end() + 4])
    ]
    assert not broken
