"""MkDocs hook: show the reST roles of the library's docstrings as code, linked when possible.

The docstrings are written for both Python's ``help()`` and this site, so they use Sphinx roles
such as ``:meth:`parse``` and ``:class:`~independence.model.Category```. Markdown leaves the role's
name in front of the code (``:meth:<code>parse</code>``); this hook turns each into a link to the
object's entry in the API reference (through mkdocs-autorefs, as an optional reference: when the
object has no entry, as for private modules, it stays plain code), and turns the ``::`` that
introduces a reST literal block into a single colon.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(
    r":(?:meth|func|class|data|attr|mod|exc|obj|const):<code>(?P<tilde>~?)(?P<name>[\w.]+)</code>"
)
# the headings mkdocstrings gives API entries (id and kind of object), in page order
_HEADING = re.compile(
    r'<h[1-6] id="(?P<id>independence(?:\.\w+)*)" class="doc doc-heading">\s*'
    r'<code class="doc-symbol doc-symbol-heading doc-symbol-(?P<kind>\w+)">'
)


def _replace(html: str) -> str:
    headings = [(m.start(), m["id"], m["kind"]) for m in _HEADING.finditer(html)]
    ids = set(re.findall(r'id="(independence[\w.]*)"', html))

    def link(match: re.Match[str]) -> str:
        name = match["name"]
        shown = name.rsplit(".", 1)[-1] if match["tilde"] else name
        identifier = name
        if not name.startswith("independence"):  # relative to the entry it is written in
            here = next((h for h in reversed(headings) if h[0] < match.start()), None)
            owner = here[1] if here is not None else "independence"
            if here is not None and here[2] not in ("class", "module"):
                owner = owner.rsplit(".", 1)[0]  # a method or attribute: look in its class
            # the closest enclosing object that has such a member on this page, else the package
            scopes = [owner.rsplit(".", depth)[0] for depth in range(owner.count(".") + 1)]
            found = [f"{scope}.{name}" for scope in scopes if f"{scope}.{name}" in ids]
            found += sorted(id for id in ids if id.endswith(f".{name}"))  # a module's page
            identifier = found[0] if found else f"independence.{name}"
        return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'

    html = _ROLE.sub(link, html)
    return html.replace("::</p>", ":</p>")


def on_page_content(html: str, **kwargs: Any) -> str:
    """Rewrite the roles on API reference pages (pages with mkdocstrings entries)."""
    if 'class="doc doc-' not in html:
        return html
    return _replace(html)
