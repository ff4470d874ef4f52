"""A module that is imported when one of its names is first used: the package's way to keep a
heavy module (the YAML reader, the check-in engine, the translations) off the start-up of code
that may never need it.

Write the real import under ``if TYPE_CHECKING:`` (so that type checkers see the module) and
the lazy one in its ``else:``, with a comment saying why it is deferred::

    if TYPE_CHECKING:
        from independence import escalation
    else:  # the engine: off `suggest`'s start-up
        escalation = lazy_module("independence.escalation")

``tests/unit/test_layers.py`` counts each call as an import inside a function (the package
allows few).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["lazy_module"]


class _LazyModule:
    """Stands for the module ``name`` until a name is read from it, then imports it."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:  # the import system's own lock makes a race harmless
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """The module ``name`` (a full dotted name), imported when a name is first read from it."""
    return _LazyModule(name)
