"""MkDocs hook: show each Mermaid diagram as its pre-rendered SVG, so the site works offline.

The Markdown keeps its ```` ```mermaid ```` fences (GitHub and other renderers draw them), and
``scripts/render_diagrams.py`` renders each fence once, with the Mermaid CLI, to
``docs/diagrams/<key>.svg``, where the key is the first 16 hex digits of the SHA-256 of the
fence's text (see :func:`diagram_key`). On the site this hook replaces every fence, including the
ones that ``pymdownx.snippets`` brings in from other files, by an ``<img>`` of that SVG: no
script, no network. It does so through a ``pymdownx.superfences`` custom fence that it adds to
the configuration itself, so the formatter sees each fence after the snippets are expanded.

A fence whose SVG is missing fails the build (a ``PluginError`` naming the page and the command
to run), so a diagram that was changed without being rendered again cannot ship.

``scripts/render_diagrams.py`` and the tests import this file for :func:`diagram_key`,
:func:`fences` and :data:`DIAGRAMS`, so the three agree on which file belongs to which fence.
"""

from __future__ import annotations

import hashlib
import html
import re
import textwrap
from pathlib import Path
from typing import Any

__all__ = [
    "DIAGRAMS",
    "MIN_SCALE",
    "RENDER_COMMAND",
    "diagram_key",
    "diagram_title",
    "fences",
    "normalise",
    "on_config",
    "on_page_content",
    "on_page_markdown",
]

#: The folder, relative to ``docs/``, that holds the rendered diagrams.
DIAGRAMS = "diagrams"
#: The least a diagram is shrunk to fit the column (its text stays readable); wider ones scroll.
MIN_SCALE = 0.7
#: What to run when a diagram has no SVG yet.
RENDER_COMMAND = "python scripts/render_diagrams.py"

# a fence of three or more backticks (or tildes) whose info string starts with "mermaid",
# closed by the same run at the same indentation
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=mark)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$", re.MULTILINE)
# what names a diagram, in order of preference: the accessibility title, the diagram's title
_ACC_TITLE = re.compile(r"^[ \t]*accTitle[ \t]*:[ \t]*(?P<text>.+?)[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"^[ \t]*title[ \t]+(?P<text>.+?)[ \t]*$", re.MULTILINE)
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="(?P<w>[\d.]+)"[^>]*?\bheight="(?P<h>[\d.]+)"')


def normalise(source: str) -> str:
    """The diagram text as it is hashed: dedented, without trailing spaces or outer blank lines."""
    lines = [line.rstrip() for line in textwrap.dedent(source).splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def diagram_key(source: str) -> str:
    """The name of the diagram's SVG (without ``.svg``): 16 hex digits of its text's SHA-256."""
    return hashlib.sha256(normalise(source).encode("utf-8")).hexdigest()[:16]


def fences(markdown: str) -> list[str]:
    """The text of every Mermaid fence in a Markdown file, in order."""
    return [match["body"] for match in _FENCE.finditer(markdown)]


def diagram_title(source: str) -> str | None:
    """What the diagram calls itself (``accTitle:``, else ``title``), or None."""
    for pattern in (_ACC_TITLE, _TITLE):
        match = pattern.search(source)
        if match:
            return match["text"].strip().strip("\"'") or None
    return None


class _Build:
    """What the hook knows about the page being rendered (a plain class: the module is loaded
    from its path, outside ``sys.modules``, where dataclasses cannot resolve annotations)."""

    def __init__(self) -> None:
        self.docs_dir = Path("docs")
        self.page_url = ""
        self.headings: dict[str, str] = {}  # key -> the heading above the fence on this page
        self.missing: list[str] = []  # keys on this page with no SVG


_build = _Build()


def _relative(target: str, page_url: str) -> str:
    from mkdocs.utils import get_relative_url

    return get_relative_url(target, page_url)


def _format(
    source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any
) -> str:
    """The superfences formatter: the fence's SVG as an image that links to itself."""
    key = diagram_key(source)
    svg = _build.docs_dir / DIAGRAMS / f"{key}.svg"
    if not svg.is_file():
        _build.missing.append(key)
        return f'<p class="diagram-missing">missing diagram {key}</p>'
    title = diagram_title(source)
    heading = _build.headings.get(key)
    alt = title or (f"Diagram: {heading}" if heading else "Diagram")
    size = _SIZE.search(svg.read_text(encoding="utf-8")[:2000])
    dimensions = ""
    if size:
        # its own size, shrunk to the column but never below MIN_SCALE: a wide diagram scrolls
        width, height = (round(float(size[name])) for name in ("w", "h"))
        smallest = round(width * MIN_SCALE)
        dimensions = (
            f' width="{width}" height="{height}"'
            f' style="width: max({smallest}px, min(100%, {width}px))"'
        )
    src = html.escape(_relative(f"{DIAGRAMS}/{key}.svg", _build.page_url))
    return (
        f'<div class="{class_name}"><a href="{src}" title="Open the diagram at full size">'
        f'<img src="{src}" alt="{html.escape(alt)}"{dimensions} loading="lazy"></a></div>'
    )


def on_config(config: Any, **kwargs: Any) -> Any:
    """Draw ```` ```mermaid ```` fences with :func:`_format` (and nothing else draws them)."""
    from mkdocs.exceptions import PluginError

    if "pymdownx.superfences" not in config["markdown_extensions"]:
        raise PluginError("docs/hooks/diagrams.py needs pymdownx.superfences in mkdocs.yml")
    _build.docs_dir = Path(config["docs_dir"])
    options = config["mdx_configs"].setdefault("pymdownx.superfences", {})
    custom = [fence for fence in options.get("custom_fences", []) if fence["name"] != "mermaid"]
    custom.append({"name": "mermaid", "class": "diagram", "format": _format})
    options["custom_fences"] = custom
    return config


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Note the page (for relative links and errors) and the heading above each of its fences."""
    _build.page_url = page.url
    _build.missing = []
    _build.headings = {}
    for match in _FENCE.finditer(markdown):
        above = list(_HEADING.finditer(markdown, 0, match.start()))
        if above:
            _build.headings.setdefault(diagram_key(match["body"]), above[-1]["text"])
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Fail the build when a diagram on this page has not been rendered."""
    if _build.missing:
        from mkdocs.exceptions import PluginError

        keys = ", ".join(f"{DIAGRAMS}/{key}.svg" for key in _build.missing)
        raise PluginError(
            f"docs/{page.file.src_uri}: {len(_build.missing)} Mermaid diagram(s) not rendered "
            f"(no docs/{keys}); run `{RENDER_COMMAND}` and commit docs/{DIAGRAMS}/"
        )
    return html
