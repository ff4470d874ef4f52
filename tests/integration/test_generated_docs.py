"""The documentation site: generated pages are up to date, and the site builds with --strict."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import independence

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GENERATOR = ROOT / "scripts" / "generate_docs.py"
RUN = "run `python scripts/generate_docs.py`"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_docs", GENERATOR)
    assert spec is not None and spec.loader is not None, f"cannot import {GENERATOR}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    rendered: dict[Path, str] = load_generator().render()
    return rendered


def test_generated_pages_are_up_to_date(pages: dict[Path, str]) -> None:
    stale = [
        path.as_posix()
        for path, text in pages.items()
        if not (DOCS / path).is_file() or (DOCS / path).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date: {', '.join(f'docs/{p}' for p in stale)}; {RUN}"


def test_no_stray_pages_among_the_generated_ones(pages: dict[Path, str]) -> None:
    generated = {DOCS / path for path in pages}
    stray = sorted(
        path.relative_to(DOCS).as_posix()
        for path in (DOCS / "pictures").glob("*.md")
        if path not in generated
    )
    assert not stray, f"docs/pictures/ holds pages the generator no longer writes: {stray}; {RUN}"


def test_generation_is_deterministic(pages: dict[Path, str]) -> None:
    assert load_generator().render() == pages


def test_every_generated_page_says_how_it_was_made(pages: dict[Path, str]) -> None:
    for path, text in pages.items():
        assert text.startswith("<!-- Generated from "), path
        assert "`python scripts/generate_docs.py`" in text.splitlines()[0], path


def test_the_api_reference_covers_the_public_api() -> None:
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: independence\.(\w+)$", text, flags=re.MULTILINE))
    public = {name for name in independence.__all__ if not name.startswith("__")}
    assert not public - documented, f"add to docs/reference/api.md: {sorted(public - documented)}"
    assert not documented - public, f"not public: {sorted(documented - public)}"


@pytest.mark.slow
def test_the_site_builds_with_strict_checks(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,  # catches a hang only, never a slow machine
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}{result.stdout}"
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "reference" / "api" / "index.html").is_file()

    # it works offline: nothing loads a script from elsewhere, and no element asks the theme
    # for Mermaid (which it would fetch from a CDN); every diagram is an SVG of the site's own
    pages = {page: page.read_text(encoding="utf-8") for page in tmp_path.rglob("*.html")}
    remote = {
        f"{page.relative_to(tmp_path)}: {src}"
        for page, html in pages.items()
        for src in re.findall(r'<script\b[^>]*\bsrc="((?:https?:)?//[^"]*)"', html)
    }
    assert not remote, f"scripts from the network: {sorted(remote)}"
    assert not [page for page, html in pages.items() if re.search(r'class="[^"]*\bmermaid', html)]
    images = [
        (page, src)
        for page, html in pages.items()
        for src in re.findall(r'<div class="diagram"><a [^>]*><img src="([^"]+\.svg)"', html)
    ]
    assert len(images) >= 30, "the diagrams of architecture, concepts and pictures pages"
    assert all((page.parent / src).resolve().is_file() for page, src in images)
