"""The lazy modules (:mod:`independence._lazy`): a heavy module loads when first used, and the
command line's cold start and the pytest plugin load none of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from independence._lazy import lazy_module


def test_a_lazy_module_is_imported_when_a_name_is_first_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "heavy_for_the_test.py").write_text("VALUE = object()\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "heavy_for_the_test", raising=False)
    heavy = lazy_module("heavy_for_the_test")
    assert "heavy_for_the_test" not in sys.modules
    value = heavy.VALUE
    assert "heavy_for_the_test" in sys.modules
    assert value is sys.modules["heavy_for_the_test"].VALUE  # the module's own objects
    assert heavy.VALUE is value
    with pytest.raises(AttributeError):
        heavy.MISSING  # noqa: B018 - the read is the test


def test_a_lazy_module_that_does_not_exist_fails_when_used() -> None:
    missing = lazy_module("independence.no_such_module")
    with pytest.raises(ModuleNotFoundError):
        missing.anything  # noqa: B018 - the read is the test


#: What the command line's cold start (``suggest --age 8``) must not load: the YAML reader, the
#: translations (gettext itself is argparse's), the regional packs, the check-in engine, the
#: personalised queries and progress files, the warnings' checks, the per-file models (which
#: only the loader, the schemas and a snapshot that is validated need).
HEAVY = (
    "yaml",
    "independence.l10n",
    "independence.loading.loader",
    "independence.model.documents",
    "independence.regional",
    "independence.escalation",
    "independence.planning",
    "independence.progress",
    "independence.data_warnings",
)

LOADED = (
    "import sys\n"
    "from independence.cli import main\n"
    "status = main(sys.argv[1:])\n"
    f"heavy = {HEAVY!r}\n"
    "inner = tuple(h + '.' for h in heavy)\n"
    "found = [m for m in sys.modules if m in heavy or m.startswith(inner)]\n"
    "print(sorted(found), file=sys.stderr)\n"
)


def test_suggests_cold_start_loads_no_heavy_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, "suggest", "--age", "8"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_plugin_loads_only_itself() -> None:
    # pytest loads independence.testing in every test run of an app that installs the package
    code = (
        "import sys, independence.testing; "
        "print(sorted(m for m in sys.modules if m.startswith('independence')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == str(
        ["independence", "independence._lazy", "independence._version", "independence.testing"]
    )
