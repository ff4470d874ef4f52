"""The package's front door: one table of public names, from which the rest is derived."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from typing import Any

import pytest
from conftest import ROOT

import independence


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "generate_init", ROOT / "scripts" / "generate_init.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate_init = _load_generator()


def test_the_generated_imports_and_all_match_the_table() -> None:
    source = generate_init.INIT.read_text(encoding="utf-8")
    assert generate_init.rewrite(source) == source, "run python scripts/generate_init.py"


def test_a_name_added_to_the_table_alone_makes_the_block_stale() -> None:
    source = generate_init.INIT.read_text(encoding="utf-8")
    changed = source.replace('"independence.age": ("Age",)', '"independence.age": ("Age", "x")')
    assert changed != source
    assert generate_init.rewrite(changed) != changed
    assert '"x",' in generate_init.rewrite(changed)


@pytest.mark.parametrize("name", sorted(independence._PUBLIC), ids=str)
def test_each_module_gives_the_names_the_table_says(name: str) -> None:
    module = importlib.import_module(name)
    for public in independence._PUBLIC[name]:
        assert getattr(independence, public) is getattr(module, public)
        assert public in independence.__all__


def test_importing_the_package_imports_none_of_the_table() -> None:
    # the point of the lazy lookup: `import independence` stays cheap
    code = (
        "import sys, independence; "
        "print(sorted(m for m in sys.modules if m.startswith('independence')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "['independence', 'independence._version']"
