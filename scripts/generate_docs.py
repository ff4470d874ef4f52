"""Write the generated pages of the documentation site.

- ``docs/reference/data-format.md``: every kind of data file and every record type, with each
  field's type, whether it is required (or its default) and its description, taken from the
  JSON Schemas that :mod:`independence.schema` builds from the models;
- ``docs/pictures/*.md``: the pictures of the default catalogue as Mermaid diagrams (each
  category's progression, the responsibilities across the age bands, each escalation policy's
  timeline), drawn by :mod:`independence.graph`.

Run ``python scripts/generate_docs.py`` after changing the models or the default data (it then
runs ``scripts/render_diagrams.py`` for the diagrams that changed, when Node and Chromium are
there, and otherwise warns that they still need rendering);
``tests/integration/test_generated_docs.py`` fails while a committed page differs from what
this script writes. The output depends only on the library and its data: the same input gives
the same bytes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COMMAND = "python scripts/generate_docs.py"
#: The folder whose every page this script writes (and nothing else lives there).
PICTURES = Path("pictures")

# Where each kind of data file lives, in the order the page shows them.
FILE_PLACES: dict[str, str] = {
    "catalog": "`catalog.yaml` in a data folder",
    "bands": "`bands.yaml` in a data folder",
    "categories": "`categories.yaml` in a data folder",
    "responsibilities": "`responsibilities/<category>.yaml` in a data folder, one per category",
    "check-ins": "`check-ins.yaml` in a data folder",
    "escalation": "`escalation.yaml` in a data folder",
    "schedules": "`schedules.yaml` in a data folder: a family's recurring check-ins "
    "(none in the default data)",
    "perspective": "`perspectives/<pack>.yaml` in a data folder, one file per pack",
    "overlay": "any file, laid over a catalogue with `--overlay` or `independence.with_overlays()`",
    "region": "`regions/<CODE>.yaml` in a data folder, one file per regional pack",
    "catalogue": "one file holding a whole catalogue (`independence export` writes one, with more)",
    "progress": "one child's progress, JSON, kept by an app or `independence progress` "
    "(not part of a catalogue)",
    "export": "what `independence export` writes: a one-file catalogue with an `export` section, "
    "every field written and each age also in whole months (every field required)",
}


def header(source: str) -> str:
    """The first line of every generated page: what made it, and how to make it again."""
    return (
        f"<!-- Generated from {source} by `{COMMAND}`. Do not edit: change the source and run "
        "the command again. -->\n\n"
    )


# ------------------------------------------------------------------------------ data format


# Descriptions for the fields that the models leave undescribed because the name says it all.
GENERIC: dict[str, str] = {
    "id": "Its id: stable, and unique among records of its kind.",
    "title": "A short name, shown to people.",
    "name": "A short name, shown to people.",
    "summary": "What it is, in a sentence or two.",
    "description": "What it is, in a sentence or two.",
    "reason": "Why, in plain words; kept with the catalogue for people to read.",
}
# The same for fields whose meaning depends on the record type.
SPECIFIC: dict[tuple[str, str], str] = {
    ("Repeat", "times"): "How many more times the step is done after the first.",
    ("Repeat", "every_minutes"): "Minutes between one time and the next.",
    ("PerspectiveNote", "id"): "The band or responsibility the note is for.",
    ("PerspectiveNote", "text"): "The guidance, in the pack's own words.",
    ("PerspectiveInfo", "id"): "The name apps choose the pack by.",
    ("Patch", "id"): "The id of the record to change.",
    ("DisableEntry", "id"): "The id of the record to take out.",
    ("Shift", "ids"): "The responsibilities to move (give these or a `category`).",
    ("Shift", "category"): "Move every responsibility of this category instead.",
    ("Shift", "months"): "How far to move both ages: positive is later, negative earlier.",
}
# Overlay sections hold one list per section of the catalogue.
SECTION_LISTS: dict[str, str] = {
    "Additions": "New {}, written exactly as in the data files.",
    "Overrides": "Changes to existing {}: an id and the fields to change.",
    "DisableSections": "{} to take out, each with its id and a reason.",
}
SECTION_NAMES: dict[str, str] = {
    "sources": "sources",
    "bands": "age bands",
    "categories": "categories",
    "responsibilities": "responsibilities",
    "check_in_policies": "check-in policies",
    "escalation_policies": "escalation policies",
    "perspectives": "perspective packs",
}


def _prose(text: str) -> str:
    """A docstring-style description as Markdown: reST roles and double backticks as code."""
    text = re.sub(r":\w+:`~?(?:[\w]+\.)*?([\w]+)`", r"`\1`", text)
    text = text.replace("``", "`").replace("`None`", "`null`")
    return " ".join(text.split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _anchor(name: str) -> str:
    return name.lower()


def _link(name: str) -> str:
    return f"[`{name}`](#{_anchor(name)})"


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    held = schema.get("allOf")
    if ref is None and isinstance(held, list) and len(held) == 1:  # a $ref with a description
        ref = held[0].get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _range(schema: dict[str, Any]) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + 1
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - 1
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f", at least {low}"
    if high is not None:
        return f", at most {high}"
    return ""


def _string_type(schema: dict[str, Any]) -> str:
    from independence.age import AGE_PATTERN
    from independence.model.base import ID_PATTERN

    pattern = schema.get("pattern")
    if schema.get("format") == "date":
        return "date (`YYYY-MM-DD`)"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if pattern == ID_PATTERN:
        return "id"
    if pattern == AGE_PATTERN:
        return "age (`7y6m`, `7y` or `90m`)"
    if pattern == r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$":
        return 'clock time (`"21:30"`, quoted)'
    if pattern == r"^[0-9]+\.[0-9]+\.[0-9]+$":
        return "version (`MAJOR.MINOR.PATCH` in ASCII digits, quoted)"
    if pattern is not None and pattern.startswith("^https?://"):
        return "web address (`https://...`)"
    if schema.get("format") == "date":
        return 'date (`"2026-11-27"`, quoted)'
    if pattern is not None and pattern != r"\S":
        return f"text matching `{pattern}`"
    return "text"


def type_of(schema: dict[str, Any]) -> str:
    """A field's type in words, with links to record types."""
    name = _ref_name(schema)
    if name is not None:
        return _link(name)
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        nullable = len(options) < len(schema["anyOf"])
        shown = " or ".join(type_of(option) for option in options)
        return f"{shown} or `null`" if nullable else shown
    kind = schema.get("type")
    if kind == "string":
        return _string_type(schema)
    if kind == "integer":
        return f"whole number{_range(schema)}"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "array":
        items = _plural(type_of(schema.get("items", {})))
        low, high = schema.get("minItems"), schema.get("maxItems")
        size = ""
        if low and high:
            size = f" ({low} to {high})"
        elif low:
            size = f" (at least {low})"
        elif high:
            size = f" (at most {high})"
        return f"list{size} of {items}"
    if kind == "object" and schema.get("additionalProperties") is not False:
        return "mapping"
    return f"`{json.dumps(schema, sort_keys=True)}`"


def _plural(shown: str) -> str:
    for word in ("id", "text", "whole number"):
        if shown == word or shown.startswith(f"{word} "):
            return word + "s" + shown[len(word) :]
    return shown


def _default(value: Any) -> str:
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if value == [] or value == {}:
        return "empty"
    if isinstance(value, dict) and all(item in ([], {}) for item in value.values()):
        return "empty"
    return f"`{value}`"


def _described(record: str, name: str, field: dict[str, Any], definitions: dict[str, Any]) -> str:
    """The field's description; else that of the record type it holds; else a generic one."""
    if field.get("description"):
        return _prose(field["description"])
    if (record, name) in SPECIFIC:
        return SPECIFIC[record, name]
    if record in SECTION_LISTS and name in SECTION_NAMES:
        text = SECTION_LISTS[record].format(SECTION_NAMES[name])
        return text[0].upper() + text[1:]
    for option in (field, field.get("items", {}), *field.get("anyOf", ())):
        if option.get("description"):
            return _prose(option["description"])
        held = _ref_name(option)
        if held is not None and definitions.get(held, {}).get("description"):
            return _prose(definitions[held]["description"])
    return GENERIC.get(name, "")


def field_rows(record: str, schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """The table of a record type's fields (or a file's top-level keys)."""
    required = set(schema.get("required", ()))
    rows = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
    for name, field in schema.get("properties", {}).items():
        if name in required:
            need = "required"
        elif "default" in field:
            need = f"no (default {_default(field['default'])})"
        else:
            need = "no"
        description = _described(record, name, field, definitions)
        rows.append(f"| `{name}` | {_cell(type_of(field))} | {need} | {_cell(description)} |")
    return rows


def _references(schema: Any) -> Iterator[str]:
    """Names of the definitions ``schema`` refers to, in the order they appear."""
    if isinstance(schema, dict):
        name = _ref_name(schema)
        if name is not None:
            yield name
        for key, value in schema.items():
            if key != "definitions":
                yield from _references(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _references(value)


def _reachable(schema: dict[str, Any]) -> list[str]:
    """Every definition a file's schema uses, depth first, in the order they come up."""
    definitions = schema.get("definitions", {})
    order: list[str] = []

    def visit(node: Any) -> None:
        for name in _references(node):
            if name not in order:
                order.append(name)
                visit(definitions[name])

    visit({key: value for key, value in schema.items() if key != "definitions"})
    return order


def data_format_page() -> str:
    """``docs/reference/data-format.md``."""
    from independence.schema import SCHEMA_KINDS, json_schema

    missing = set(SCHEMA_KINDS) - set(FILE_PLACES)
    if missing:
        raise SystemExit(f"say where files of these kinds live in FILE_PLACES: {sorted(missing)}")
    schemas = {kind: json_schema(kind) for kind in SCHEMA_KINDS}
    records: dict[str, dict[str, Any]] = {}
    for kind, schema in schemas.items():
        for name in _reachable(schema):
            found = schema["definitions"][name]
            if kind == "export" and name in records:
                continue  # the same record as written: every field required (said in its place)
            if name in records and records[name] != found:
                raise SystemExit(f"two schemas define {name} differently")
            records.setdefault(name, found)

    out = [
        header("the JSON Schemas of `independence.schema`"),
        "# Data format\n\n",
        "A catalogue is a folder of YAML files (or one file holding every section). This page "
        "lists each kind of file and each record type in them, with every field: its type, "
        "whether it is required (or what it is when left out) and what it means. It is "
        "generated from the same JSON Schemas that `independence schema KIND` prints, so it "
        "always matches what the loader accepts.\n\n",
        "A few rules hold everywhere:\n\n",
        "- **Strict keys.** A key the record does not have is an error, with the closest known "
        "key suggested; so is a key given twice.\n",
        '- **Strict values.** Whole numbers are written as numbers (`5`, never `"5"` or '
        "`5.0`), flags as `true` or `false` (never `yes`, `no`, `on` or `off`), versions and "
        'clock times in quotes (`"0.1.0"`, `"21:30"`). Anchors, aliases and tags are refused.\n',
        "- **Ids** are lower-case words joined by `-` (`pack-school-bag`), at most 80 "
        "characters, and never change once published: apps store them.\n",
        "- **Ages** are text: years and months (`7y6m`), whole years (`7y`) or months alone "
        "(`18m`), from `0y` to `17y11m`.\n",
        "- **Text** is never empty; use a folded block (`>-`) for long text.\n\n",
        "The schemas check the shape of one file. The loader then checks the catalogue as a "
        "whole: that every id referred to exists, that the age bands cover birth to 18 with no "
        "gap, that prerequisites form no cycle and come no later than what needs them, and "
        "more. Every problem is reported with its file, line and column (see the "
        "[tutorial for data authors](../tutorials/data-author.md)).\n\n",
        "## Files\n\n",
        "| Schema | Where | Top-level keys |\n",
        "| --- | --- | --- |\n",
    ]
    for kind, schema in schemas.items():
        keys = ", ".join(f"`{key}`" for key in schema.get("properties", {}))
        out.append(f"| [`{kind}`](#file-{kind}) | {_cell(FILE_PLACES[kind])} | {keys} |\n")
    out.append(
        "\nThe first line of a data file may name its schema for editor completion, such as "
        "`# yaml-language-server: $schema=../schemas/responsibilities.schema.json`; write "
        "them all with `independence schema --output DIR`.\n"
    )
    for kind, schema in schemas.items():
        out.append(f"\n### `{kind}` {{#file-{kind}}}\n\n")
        out.append(f"{_prose(schema.get('description', ''))}\n\n")
        out.extend(row + "\n" for row in field_rows(kind, schema, schema.get("definitions", {})))
        used = list(dict.fromkeys(_references(schema.get("properties", {}))))
        out.append(f"\nRecord types: {', '.join(_link(name) for name in used)}.\n")
    out.append("\n## Record types\n")
    for name, schema in records.items():
        out.append(f"\n### `{name}` {{#{_anchor(name)}}}\n\n")
        description = _prose(schema.get("description", ""))
        if "enum" in schema:
            values = ", ".join(f"`{value}`" for value in schema["enum"])
            out.append(f"{description} One of: {values}.\n")
            continue
        if schema.get("additionalProperties") is not False:
            description += " Besides `id`, any field of the record it changes may be given."
        out.append(f"{description}\n\n")
        out.extend(row + "\n" for row in field_rows(name, schema, records))
    return "".join(out)


# ------------------------------------------------------------------------------ pictures


def _mermaid(text: str) -> str:
    return f"```mermaid\n{text}```\n"


def pictures_pages() -> dict[Path, str]:
    """``docs/pictures/*.md``: the diagrams of the default catalogue."""
    import independence
    from independence import graph

    catalog = independence.default_catalog()
    source = "the default catalogue"
    version = f"data version {catalog.data_version}"
    pages: dict[Path, str] = {}

    pages[PICTURES / "index.md"] = (
        header(source) + "# About the pictures\n\n"
        f"Diagrams of the default catalogue ({version}), drawn from the data itself, so they "
        "change when the data does:\n\n"
        "- [Responsibilities across the bands](bands.md): how many responsibilities each age "
        "band offers.\n"
        "- [Progressions by category](categories.md): each category as a chain of steps, every "
        "step building on the ones before it.\n"
        "- [Escalation timelines](escalation.md): what happens, and when, once a check-in is "
        "missed.\n\n"
        "Print any of them yourself with `independence graph`; it takes `--data` and "
        "`--overlay`, so you can draw your own catalogue too:\n\n"
        "```sh\n"
        "independence graph category getting-around\n"
        "independence graph bands\n"
        "independence graph escalation standard-check\n"
        "```\n\n"
        "The output is [Mermaid](https://mermaid.js.org/) text, which many Markdown renderers "
        "draw as a diagram. The ages on each step are when most children start with support "
        "and when most do it on their own: guidance, never a test.\n"
    )

    bands = "\n".join(
        f"| {band.label} | {band.title} | {len(catalog.responsibilities_in(band))} |"
        for band in catalog.bands
    )
    spanning = sum(
        1
        for item in catalog.responsibilities
        if sum(1 for band in catalog.bands if item in catalog.responsibilities_in(band)) > 1
    )
    pages[PICTURES / "bands.md"] = (
        header(source) + "# Responsibilities across the bands\n\n"
        "How many responsibilities each age band offers. An item counts in every band its "
        "window (from `introduce_at` to `independent_by`) meets, so the bars add up to more "
        f"than the {len(catalog.responsibilities)} responsibilities: {spanning} of them span "
        "more than one band.\n\n"
        + _mermaid(graph.bands_chart(catalog))
        + "\n| Band | Title | Responsibilities |\n| --- | --- | --- |\n"
        f"{bands}\n\nPrinted by `independence graph bands`.\n"
    )

    parts = [
        header(source) + "# Progressions by category\n\n"
        "Each category is a progression: arrows run from a step to the steps that build on it, "
        "and each box shows when most children start with support and when most do it on "
        "their own. Steps from another category that a step needs are drawn with a dashed "
        "outline. Printed by `independence graph category ID`.\n"
    ]
    for category in catalog.categories:
        count = len(catalog.in_category(category.id))
        parts.append(
            f"\n## {category.title}\n\n{category.description} "
            f"{count} responsibilit{'y' if count == 1 else 'ies'}; "
            f"`independence graph category {category.id}`.\n\n"
            + _mermaid(graph.category_flow(catalog, category.id))
        )
    pages[PICTURES / "categories.md"] = "".join(parts)

    parts = [
        header(source) + "# Escalation timelines\n\n"
        "What each escalation policy does once a check-in is missed, in minutes after the "
        "deadline (the due time plus the check-in policy's grace period), before any "
        "condition shortens the delays. See [escalation](../concepts/escalation.md) for the "
        "rules. Printed by `independence graph escalation ID`.\n"
    ]
    for policy in catalog.escalation_policies:
        used_by = [p.title for p in catalog.check_in_policies if p.escalation == policy.id]
        used = "; used by " + ", ".join(used_by) if used_by else ""
        parts.append(
            f"\n## {policy.title}\n\n{_prose(policy.summary)}\n\n"
            f"Urgency: {policy.urgency.value}{used}. "
            f"`independence graph escalation {policy.id}`.\n\n"
            + _mermaid(graph.escalation_timeline(policy))
        )
    pages[PICTURES / "escalation.md"] = "".join(parts)
    return pages


# ------------------------------------------------------------------------------ sessions

#: Where the session pictures go: fragments that docs/concepts/sessions.md includes.
SESSIONS = Path("examples/sessions")


def session_pictures() -> dict[Path, str]:
    """``docs/examples/sessions/*.md``: one session picture per event kind, from the engine."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    import independence
    from independence import CheckInSession, Circumstances, graph

    catalog = independence.default_catalog()
    london = ZoneInfo("Europe/London")
    due = datetime(2026, 11, 27, 8, 30, tzinfo=london)
    evening = datetime(2026, 11, 27, 21, 0, tzinfo=london)

    def minutes(start: datetime, count: int) -> datetime:
        return start + timedelta(minutes=count)

    twelve = independence.Age.parse("12y")  # not a young child: the policy's own delays
    walk = CheckInSession.from_catalog(
        catalog, "walk-to-school", due=due, circumstances=Circumstances(age=twelve)
    )
    teen = CheckInSession.from_catalog(
        catalog, "social-outing", due=evening, circumstances=Circumstances(after_dark=False)
    )
    scenarios: dict[str, tuple[CheckInSession, datetime]] = {
        "missed": (walk, minutes(due, 60)),
        "acknowledged": (walk.add("acknowledged", minutes(due, 8)), minutes(due, 45)),
        "arrived": (walk.add("arrived", minutes(due, 22)), minutes(due, 60)),
        "time-added": (walk.add("time-added", minutes(due, -5), minutes=20), minutes(due, 50)),
        "plan-changed": (
            walk.add(
                "plan-changed",
                minutes(due, 5),
                by="guardian",
                due=minutes(due, 60),
                destination="Sam's house",
            ),
            minutes(due, 80),
        ),
        "location-paused": (
            teen.add("location-paused", minutes(evening, 15), by="child"),
            minutes(evening, 55),
        ),
        "location-resumed": (
            teen.add("location-paused", minutes(evening, 15), by="child").add(
                "location-resumed", minutes(evening, 35), by="child"
            ),
            minutes(evening, 55),
        ),
        "stood-down": (
            walk.add("stood-down", minutes(due, 35), by="guardian", how="the school rang"),
            minutes(due, 60),
        ),
        "sos": (walk.add("sos", minutes(due, -20)), minutes(due, 60)),
    }
    source = "the default catalogue and the session engine"
    return {
        SESSIONS / f"{kind}.md": header(source) + _mermaid(graph.session_timeline(*scenario))
        for kind, scenario in scenarios.items()
    }


# ------------------------------------------------------------------------------ entry point


def render() -> dict[Path, str]:
    """Every generated page, by path relative to ``docs/``, as the text to commit."""
    pages = {Path("reference/data-format.md"): data_format_page()}
    pages.update(pictures_pages())
    pages.update(session_pictures())
    return pages


def main() -> int:
    pages = render()
    for path, text in pages.items():
        target = DOCS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote docs/{path.as_posix()}")
    for stale in sorted((DOCS / PICTURES).glob("*.md")):
        if stale.relative_to(DOCS) not in pages:
            stale.unlink()
            print(f"removed docs/{stale.relative_to(DOCS).as_posix()}")
    return render_diagrams()


def render_diagrams() -> int:
    """Render the diagrams the pages now draw, when the Mermaid CLI is here; else say how.

    The site shows each Mermaid fence as its SVG from ``docs/diagrams/``, and its build fails
    while one is missing. Rendering needs Node and Chromium (``scripts/render_diagrams.py``);
    without them this only warns, and the diagrams are rendered on a machine that has them.
    """
    import importlib.util

    path = ROOT / "scripts" / "render_diagrams.py"
    spec = importlib.util.spec_from_file_location("render_diagrams", path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    renderer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(renderer)
    missing = renderer.available()
    if missing is None:
        status: int = renderer.main([])
        return status
    if renderer.main(["--check"]) != 0:
        print(
            f"warning: some diagrams are not rendered yet and the docs will not build until "
            f"they are ({missing}); then run `python scripts/render_diagrams.py` and commit "
            "docs/diagrams/",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
