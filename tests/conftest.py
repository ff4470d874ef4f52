"""Shared fixtures: the default catalogue and a way to write small data sets."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import independence

DATA = Path(independence.data_path())


@pytest.fixture(scope="session")
def catalog() -> independence.Catalog:
    return independence.default_catalog()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` (dedented) to ``tmp_path / name`` and return the path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


pytest_plugins = ["pytester"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/snapshots/ from the current data instead of comparing",
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the validated cache of the test run away from the user's own cache folder."""
    import os

    os.environ["INDEPENDENCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
