"""The package's front door: one table of public names, from which the rest is derived."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
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


# The public surface (issue 26, item 5): the everyday names at the top level, the rest in
# their documented modules.

EVERYDAY = {
    "DATA_VERSION",
    "__version__",
    "default_catalog",
    "load_catalog",
    "with_overlays",
    "available_locales",
    "regions",
    "Catalog",
    "Age",
    "Progress",
    "Suggestion",
    "Review",
    "AgeBand",
    "Responsibility",
    "CheckInSession",
    "Circumstances",
    "Event",
    "SessionState",
    "Timeline",
    "CatalogError",
    "InputError",
    "Problem",
    "UnknownIdError",
    "UnknownRegionError",
    "DataWarning",
}


def test_the_top_level_holds_the_everyday_names_and_no_others() -> None:
    assert len(independence.__all__) == len(set(independence.__all__))
    assert set(independence.__all__) == EVERYDAY
    assert set(dir(independence)) == EVERYDAY
    for name in EVERYDAY:
        assert getattr(independence, name) is not None


# The contract apps rely on, as shared/design.md ("Public API") writes it: every name reachable
# at the top level, and every attribute on what it is called on. Kept as the design writes it,
# so that a change here is a change of the contract.
CONTRACT = """
catalog = independence.default_catalog()
catalog = independence.load_catalog("my-data/")
age = independence.Age.parse("7y6m")  # also Age(years=7, months=6), Age.from_birthdate(d, on=today)
age.total_months
catalog.bands                          # band.id, band.contains(age)
catalog.band_for(age)
catalog.suggest(age, mastered=None, categories=None, limit=None)
suggestion.responsibility, suggestion.reason
catalog.responsibility("pack-school-bag")
independence.CatalogError
independence.default_catalog(locale="es", region="GB")
independence.available_locales(), independence.regions()
independence.Age.from_birthdate(born, on=today, due=due_date)
progress = independence.Progress().record("pack-school-bag", "nearby", on=date(2026, 9, 1))
progress.stage("pack-school-bag")
catalog.suggest(age, progress=progress)
catalog.reviews_due(progress, on=today)
catalog.search("bike")
independence.CheckInSession
independence.default_catalog(locale="ar", grammatical_gender="feminine")
session.add("plan-changed", at, by="guardian", due=..., id="evt-17")
state = session.state_at(now)
state.all_clear
state.wake_at
"""

#: What each name of the contract is, where it is not a name of the package.
CALLED_ON = {
    "catalog": "Catalog",
    "age": "Age",
    "band": "AgeBand",
    "suggestion": "Suggestion",
    "progress": "Progress",
    "session": "CheckInSession",
    "state": "SessionState",
}


def _has(owner: Any, name: str) -> bool:
    fields = getattr(owner, "model_fields", {})
    return name in fields or hasattr(owner, name)


def test_every_name_of_the_design_contract_is_reachable() -> None:
    pattern = (
        r"\b(independence|catalog|age|band|suggestion|progress|session|state)\.(\w+)(?:\.(\w+))?"
    )
    seen = 0
    for owner, name, member in re.findall(pattern, CONTRACT):
        if owner == "independence":
            assert name in independence.__all__, f"independence.{name} left the top level"
            if member:
                assert _has(getattr(independence, name), member), f"{name}.{member}"
        else:
            cls = getattr(independence, CALLED_ON[owner])
            assert _has(cls, name), f"{owner}.{name} ({CALLED_ON[owner]})"
        seen += 1
    assert seen >= 25  # the pattern still reads the contract


def test_every_keyword_of_the_design_contract_is_taken() -> None:
    pattern = r"\b(independence|catalog|session|progress)\.(\w+)(?:\.(\w+))?\(([^()]*)\)"
    seen = 0
    for owner, name, member, arguments in re.findall(pattern, CONTRACT):
        target = (
            independence if owner == "independence" else getattr(independence, CALLED_ON[owner])
        )
        function = getattr(getattr(target, name), member) if member else getattr(target, name)
        taken = inspect.signature(function).parameters
        for keyword in re.findall(r"(\w+)=", arguments):
            assert keyword in taken, f"{owner}.{name}{'.' + member if member else ''}({keyword}=)"
            seen += 1
    assert seen >= 12


def _moved_table() -> dict[str, str]:
    """The changelog's table of names that left the top level: old name -> new home."""
    text = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    rows = re.findall(r"^  \| `independence\.(\w+)` \| `([\w.]+)\.(\w+)` \|$", text, re.M)
    table = {}
    for old, home, new in rows:
        assert old == new, f"{old}: the table moves names, it does not rename them"
        table[old] = home
    return table


def test_the_changelog_lists_every_moved_name_with_its_home() -> None:
    table = _moved_table()
    assert table, "no table of moved names in docs/changelog.md"
    moved = {name: home for home, names in independence._MOVED.items() for name in names}
    assert table == moved
    for name, home in table.items():
        assert name not in independence.__all__
        assert name in importlib.import_module(home).__all__, f"{home}.{name}"
        with pytest.raises(AttributeError, match=rf"since 0\.3\.0 it is {home}\.{name}"):
            getattr(independence, name)


def test_a_plain_import_reaches_the_documented_modules() -> None:
    code = (
        "import independence; "
        "print(independence.model.RiskLevel.HIGH.value, independence.escalation.Pause.__name__, "
        "independence.progress.read_progress.__name__)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.split() == ["high", "Pause", "read_progress"]
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        independence.nothing_here  # type: ignore[attr-defined]  # noqa: B018
