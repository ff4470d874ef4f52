"""Render the documentation's Mermaid diagrams to SVG, so the site needs no network to show them.

Every ```` ```mermaid ```` fence in ``docs/**/*.md`` gets ``docs/diagrams/<key>.svg``, where the
key is 16 hex digits of the SHA-256 of the fence's text (``docs/hooks/diagrams.py`` computes it
the same way when it puts the SVG in the page). The script renders only the fences that have no
SVG yet and deletes the SVGs that no fence uses any more, so after changing a diagram (or
``scripts/generate_docs.py`` rewriting one) it takes seconds. Commit ``docs/diagrams/`` with the
Markdown.

It needs Node and Chromium, for development only (CI needs neither: it only checks that every
fence has its SVG)::

    apt-get install -y chromium nodejs npm        # Debian; or any Chromium and Node 18.19+
    (cd scripts/diagrams && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)
    python scripts/render_diagrams.py

The Mermaid CLI (``@mermaid-js/mermaid-cli``, pinned in ``scripts/diagrams/package.json``) runs
Chromium through puppeteer with ``scripts/diagrams/puppeteer.json`` (``/usr/bin/chromium``, or
the browser ``PUPPETEER_EXECUTABLE_PATH`` names) and the Mermaid settings of
``scripts/diagrams/mermaid.json``.

Options: ``--check`` renders nothing and exits 1 when a fence has no SVG or an SVG no fence
(it needs neither Node nor Chromium); ``--force`` renders every diagram again (after upgrading
the Mermaid CLI); ``--jobs N`` renders N at a time (default 2).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

__all__ = ["TOOLS", "Diagram", "available", "diagrams", "main", "orphans", "render"]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOOK = DOCS / "hooks" / "diagrams.py"
#: The npm project that pins the Mermaid CLI, and its settings for puppeteer and Mermaid.
TOOLS = ROOT / "scripts" / "diagrams"
MMDC = TOOLS / "node_modules" / ".bin" / "mmdc"
INSTALL = "cd scripts/diagrams && PUPPETEER_SKIP_DOWNLOAD=1 npm ci"


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks_diagrams", HOOK)
    assert spec is not None and spec.loader is not None, f"cannot import {HOOK}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()
OUT = DOCS / hook.DIAGRAMS


class Diagram:
    """One diagram: its text, its key and the pages whose fences draw it."""

    def __init__(self, source: str, key: str) -> None:
        self.source = source
        self.key = key
        self.pages: list[str] = []

    @property
    def svg(self) -> Path:
        return OUT / f"{self.key}.svg"


def diagrams(docs: Path = DOCS) -> dict[str, Diagram]:
    """Every diagram drawn in ``docs/**/*.md``, by key, in the order the pages are sorted."""
    found: dict[str, Diagram] = {}
    for page in sorted(docs.rglob("*.md")):
        for source in hook.fences(page.read_text(encoding="utf-8")):
            key = hook.diagram_key(source)
            diagram = found.setdefault(key, Diagram(hook.normalise(source), key))
            diagram.pages.append(page.relative_to(ROOT).as_posix())
    return found


def orphans(keys: Iterable[str], out: Path = OUT) -> list[Path]:
    """The SVGs in ``docs/diagrams/`` that no fence uses."""
    wanted = {f"{key}.svg" for key in keys}
    return sorted(path for path in out.glob("*.svg") if path.name not in wanted)


def _chromium() -> str:
    config = json.loads((TOOLS / "puppeteer.json").read_text(encoding="utf-8"))
    return os.environ.get("PUPPETEER_EXECUTABLE_PATH") or str(config["executablePath"])


def available() -> str | None:
    """None when the renderer can run here, else what is missing and how to install it."""
    if not MMDC.is_file():
        return f"the Mermaid CLI is not installed: run `{INSTALL}`"
    chromium = _chromium()
    if not (Path(chromium).is_file() or shutil.which(chromium)):
        return (
            f"no browser at {chromium}: `apt-get install -y chromium`, or set "
            "PUPPETEER_EXECUTABLE_PATH to a Chromium or Chrome"
        )
    return None


_ROOT_SVG = re.compile(r"<svg\b[^>]*>")


def _fixed_size(svg: str) -> str:
    """Give the root ``<svg>`` its drawn size: some diagram kinds say ``width="100%"``.

    An ``<img>`` of an SVG without a width of its own would stretch to the column; with the
    viewBox's size it shows at its natural size and shrinks to fit (``max-width: 100%``).
    """
    match = _ROOT_SVG.search(svg)
    if match is None:
        raise ValueError("the Mermaid CLI wrote no <svg> element")
    tag = match[0]
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ (?P<w>[\d.]+) (?P<h>[\d.]+)"', tag)
    if box is None or 'width="100%"' not in tag:
        return svg
    fixed = tag.replace('width="100%"', f'width="{box["w"]}" height="{box["h"]}"', 1)
    fixed = re.sub(r"max-width:\s*[\d.]+px;\s*", "", fixed)
    return svg[: match.start()] + fixed + svg[match.end() :]


def _render_one(diagram: Diagram, work: Path, puppeteer: Path) -> str | None:
    """Render one diagram into ``docs/diagrams/``; None, or what went wrong."""
    source = work / f"{diagram.key}.mmd"
    target = work / f"{diagram.key}.svg"
    source.write_text(diagram.source, encoding="utf-8")
    command = [
        str(MMDC),
        "--quiet",
        "--puppeteerConfigFile",
        str(puppeteer),
        "--configFile",
        str(TOOLS / "mermaid.json"),
        "--backgroundColor",
        "white",
        "--svgId",
        f"diagram-{diagram.key}",
        "--input",
        str(source),
        "--output",
        str(target),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=180, check=False, cwd=TOOLS
    )
    if result.returncode != 0 or not target.is_file():
        return (result.stderr or result.stdout).strip() or f"mmdc exited {result.returncode}"
    try:
        svg = _fixed_size(target.read_text(encoding="utf-8"))
    except ValueError as error:
        return str(error)
    partial = OUT / f".{diagram.key}.svg.partial"
    partial.write_text(svg, encoding="utf-8")
    partial.replace(diagram.svg)
    return None


def render(todo: list[Diagram], jobs: int = 2) -> list[tuple[Diagram, str]]:
    """Render each diagram of ``todo``; the ones that failed, with why."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="diagrams-") as tmp:
        work = Path(tmp)
        config = json.loads((TOOLS / "puppeteer.json").read_text(encoding="utf-8"))
        config["executablePath"] = _chromium()
        puppeteer = work / "puppeteer.json"
        puppeteer.write_text(json.dumps(config), encoding="utf-8")
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(lambda d: _render_one(d, work, puppeteer), todo))
    return [(diagram, error) for diagram, error in zip(todo, results, strict=True) if error]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="render nothing; exit 1 if stale")
    parser.add_argument("--force", action="store_true", help="render every diagram again")
    parser.add_argument("--jobs", type=int, default=2, help="diagrams rendered at a time")
    args = parser.parse_args(argv)

    found = diagrams()
    stale = orphans(found)
    todo = [d for d in found.values() if args.force or not d.svg.is_file()]
    if args.check:
        for diagram in todo:
            print(f"not rendered: {diagram.svg.relative_to(ROOT)} ({', '.join(diagram.pages)})")
        for path in stale:
            print(f"used by no fence: {path.relative_to(ROOT)}")
        if todo or stale:
            print(f"run `python {Path(__file__).relative_to(ROOT)}`", file=sys.stderr)
            return 1
        print(f"{len(found)} diagrams, all rendered")
        return 0

    failed: list[tuple[Diagram, str]] = []
    if todo:
        missing = available()
        if missing is not None:
            print(f"cannot render {len(todo)} diagram(s): {missing}", file=sys.stderr)
            return 2
        started = time.monotonic()
        failed = render(todo, args.jobs)
        done = len(todo) - len(failed)
        print(f"rendered {done} diagram(s) in {time.monotonic() - started:.0f}s")
    for path in stale:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)} (used by no fence)")
    for diagram, error in failed:
        print(f"failed: {', '.join(diagram.pages)}: {diagram.key}:\n{error}", file=sys.stderr)
    if not todo and not stale:
        print(f"{len(found)} diagrams, all rendered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
