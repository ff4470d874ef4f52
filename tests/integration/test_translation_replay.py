"""`scripts/translations.py replay`: a branch's translation changes re-applied after a merge
took the other side's PO files (the English each was made for decides fuzzy or not)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "translations.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _po(*entries: tuple[str, str, str]) -> PoCatalog:
    catalog = PoCatalog(locale="es")
    for context, english, text in entries:
        catalog.add(english, text, context=context)
    return catalog


def _get(catalog: PoCatalog, english: str, context: str) -> Message:
    found = catalog.get(english, context=context)
    assert found is not None, context
    return found


def test_a_branchs_changes_are_replayed_and_the_rest_left_alone() -> None:
    replay = _script().replay_catalog
    base = _po(("a#title", "Walk", "Caminar"), ("b#title", "Run", "Correr"))
    branch = _po(
        ("a#title", "Walk", "Caminar"),  # unchanged: main's own translation stays
        ("b#title", "Run", "Correr rápido"),  # changed by the branch
        ("b#title|child=feminine", "Run", "Correr sola"),  # a new form
        ("gone#title", "Gone", "Ido"),  # a text main no longer has
    )
    current = _po(("a#title", "Walk", "Caminar (main)"), ("b#title", "Run", "Correr"))
    notes = replay(base, branch, current)
    assert _get(current, "Walk", "a#title").string == "Caminar (main)"
    assert _get(current, "Run", "b#title").string == "Correr rápido"
    form = _get(current, "Run", "b#title|child=feminine")
    assert form.string == "Correr sola" and not form.fuzzy
    assert notes == ["skipped (no such text now): gone#title"]


def test_a_translation_of_english_that_changed_since_is_only_a_suggestion() -> None:
    replay = _script().replay_catalog
    branch = _po(("a#title", "Walk alone", "Caminar sola"))
    current = _po(("a#title", "Walk alone to school", ""))
    notes = replay(None, branch, current)
    message = _get(current, "Walk alone to school", "a#title")
    assert message.string == "Caminar sola" and message.fuzzy
    assert message.previous_id == ["Walk alone"]
    assert notes == ["fuzzy (the English changed): a#title"]
