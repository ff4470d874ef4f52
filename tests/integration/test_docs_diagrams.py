"""The docs' diagrams show with no network: every Mermaid fence has its pre-rendered SVG.

``scripts/render_diagrams.py`` renders each fence to ``docs/diagrams/<key>.svg`` (it needs Node
and Chromium); ``docs/hooks/diagrams.py`` puts that SVG in the page and fails the build when it
is missing. These tests need neither Node nor a browser: they check that the committed SVGs
match the committed fences, and that the hook shows them as images and refuses a stale one.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import markdown  # type: ignore[import-untyped]  # no stubs; only its one function is used
import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
RUN = "run `python scripts/render_diagrams.py` (see docs/architecture.md) and commit docs/diagrams/"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = load(DOCS / "hooks" / "diagrams.py", "docs_hooks_diagrams")
renderer = load(ROOT / "scripts" / "render_diagrams.py", "render_diagrams")


def all_fences() -> list[tuple[str, str]]:
    """(page, fence text) for every Mermaid fence under docs/."""
    return [
        (page.relative_to(ROOT).as_posix(), source)
        for page in sorted(DOCS.rglob("*.md"))
        for source in hook.fences(page.read_text(encoding="utf-8"))
    ]


def test_the_docs_have_diagrams() -> None:
    pages = {page for page, _ in all_fences()}
    # the hand-written architecture page, the generated pictures and session pictures
    assert "docs/architecture.md" in pages
    assert "docs/pictures/categories.md" in pages
    assert "docs/examples/sessions/sos.md" in pages


def test_every_diagram_is_rendered() -> None:
    missing = sorted(
        {
            f"{page}: docs/diagrams/{hook.diagram_key(source)}.svg"
            for page, source in all_fences()
            if not (DOCS / hook.DIAGRAMS / f"{hook.diagram_key(source)}.svg").is_file()
        }
    )
    assert not missing, f"diagrams changed but not rendered: {missing}; {RUN}"


def test_no_rendered_diagram_is_orphaned() -> None:
    used = {hook.diagram_key(source) for _, source in all_fences()}
    orphans = [path.name for path in renderer.orphans(used)]
    assert not orphans, f"docs/diagrams/ holds SVGs no fence draws: {orphans}; {RUN}"


def test_each_svg_is_a_drawing_with_its_own_id_and_size() -> None:
    for key in {hook.diagram_key(source) for _, source in all_fences()}:
        path = DOCS / hook.DIAGRAMS / f"{key}.svg"
        if not path.is_file():
            continue  # test_every_diagram_is_rendered says so
        svg = path.read_text(encoding="utf-8")
        root = re.match(r"<svg\b[^>]*>", svg)
        assert root is not None, f"{key}.svg does not start with <svg>"
        assert f'id="diagram-{key}"' in root[0], f"{key}.svg: the id is not unique to it"
        assert re.search(r'\bwidth="[\d.]+"', root[0]), f"{key}.svg has no width of its own"
        assert re.search(r'\bheight="[\d.]+"', root[0]), f"{key}.svg has no height of its own"
        assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/", ""), (
            f"{key}.svg loads something"
        )


def test_a_changed_fence_needs_a_new_rendering() -> None:
    source = next(s for p, s in all_fences() if p == "docs/architecture.md")
    changed = source.replace("-->", "-.->", 1)
    assert changed != source
    assert hook.diagram_key(changed) != hook.diagram_key(source)
    assert not (DOCS / hook.DIAGRAMS / f"{hook.diagram_key(changed)}.svg").exists()


def test_indentation_and_trailing_spaces_do_not_change_a_diagram() -> None:
    source = "flowchart LR\n    a --> b\n"
    indented = "\n    flowchart LR   \n        a --> b\n\n"
    assert hook.diagram_key(indented) == hook.diagram_key(source)
    assert hook.fences(f"> text\n\n  ```mermaid\n{indented}  ```\n") != []


def test_fences_are_found_whatever_their_marker() -> None:
    text = (
        "# Page\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n"
        "~~~~mermaid\ntimeline\n  title T\n~~~~\n\n```python\nprint(1)\n```\n"
    )
    assert hook.fences(text) == ["flowchart LR\n  a --> b\n", "timeline\n  title T\n"]


# ----------------------------------------------------------------------------- the hook


def render_page(text: str, url: str, tmp_docs: Path | None = None) -> str:
    """Markdown as the site renders it, with the hook's fence and the page at ``url``."""
    config: dict[str, Any] = {
        "markdown_extensions": ["pymdownx.superfences"],
        "mdx_configs": {},
        "docs_dir": str(tmp_docs or DOCS),
    }
    hook.on_config(config)
    page = SimpleNamespace(url=url, file=SimpleNamespace(src_uri="some/page.md"))
    text = hook.on_page_markdown(text, page=page)
    html: str = markdown.markdown(
        text, extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )
    result: str = hook.on_page_content(html, page=page)
    return result


def test_the_hook_shows_the_rendered_svg_with_a_name() -> None:
    source = next(s for p, s in all_fences() if p == "docs/pictures/bands.md")
    key = hook.diagram_key(source)
    html = render_page(f"# Bands\n\n```mermaid\n{source}```\n", "pictures/bands/")
    image = re.search(r"<img [^>]*>", html)
    assert image is not None, html
    assert f'src="../../diagrams/{key}.svg"' in image[0]
    assert 'alt="Responsibilities by age band"' in image[0]  # the diagram's own title
    assert "mermaid" not in html  # nothing for a Mermaid script to pick up
    assert "<code" not in html  # no raw diagram text


def test_an_untitled_diagram_is_named_by_its_heading() -> None:
    source = next(s for p, s in all_fences() if p == "docs/architecture.md")
    html = render_page(f"## The layers\n\n```mermaid\n{source}```\n", "architecture/")
    assert 'alt="Diagram: The layers"' in html
    assert f'src="../diagrams/{hook.diagram_key(source)}.svg"' in html


def test_a_diagram_without_its_svg_fails_the_build(tmp_path: Path) -> None:
    (tmp_path / hook.DIAGRAMS).mkdir()
    with pytest.raises(PluginError) as raised:
        render_page("```mermaid\nflowchart LR\n  new --> diagram\n```\n", "x/", tmp_path)
    message = str(raised.value)
    assert "docs/some/page.md" in message
    assert "python scripts/render_diagrams.py" in message
    assert hook.diagram_key("flowchart LR\n  new --> diagram\n") in message


def test_the_site_loads_no_mermaid_script() -> None:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    settings = [line for line in lines if not line.lstrip().startswith("#")]
    assert "  - docs/hooks/diagrams.py" in settings
    # no Mermaid fence of superfences' own, no Mermaid script: the hook draws the fences
    assert not [line for line in settings if "mermaid" in line.lower()]


# ------------------------------------------------------------------------ the render script


def test_the_render_script_check_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert renderer.main(["--check"]) == 0, capsys.readouterr()
    assert "all rendered" in capsys.readouterr().out


def test_the_render_script_gives_a_diagram_its_drawn_size() -> None:
    svg = '<svg id="d" width="100%" style="max-width: 700px; background-color: white;" '
    svg += 'viewBox="0 0 700 500"><g/></svg>'
    fixed = renderer._fixed_size(svg)
    assert fixed.startswith('<svg id="d" width="700" height="500" style="background-color: white;"')
    assert fixed.endswith("<g/></svg>")
