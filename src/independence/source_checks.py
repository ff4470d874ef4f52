"""Checks on sources and on what cites them: pages, verification, published grounds for ages.

Every rule here yields a positioned :class:`~independence.checks.Finding`:

- a source URL is a specific page, never a bare homepage (``scheme://host`` or ``.../``);
- a source marked ``verified: false`` says why in ``verification_note``;
- a source marked ``verified: true`` says when it was read (``checked``) and, if published,
  where (``url``);
- every responsibility cites at least one source that is not ``kind: inspiration``: the
  project's inspiration can suggest ideas, never ground an age;
- the sources and responsibilities named by the catalogue's ``age_meaning`` exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from independence.errors import did_you_mean
from independence.model.source import Source, SourceKind, is_bare_homepage
from independence.records import Finding

if TYPE_CHECKING:
    from independence.records import Origin, Parts

__all__ = ["check_sources"]


def check_sources(parts: Parts, ids: dict[str, dict[str, tuple[Any, Origin]]]) -> Iterator[Finding]:
    """Every problem with the sources of ``parts`` and with what cites them."""
    for source, origin in parts.sources.entries:
        if source.url is not None and is_bare_homepage(source.url):
            yield Finding(
                origin,
                ("url",),
                f"source {source.id!r} points at a bare homepage ({source.url}): cite the "
                "specific page that supports the claims citing it",
            )
        if source.verified is False and source.verification_note is None:
            yield Finding(
                origin,
                ("verified",),
                f"source {source.id!r} is not verified: add a verification_note saying why "
                "its page could not be read or checked",
            )
        if source.verified:
            missing = [name for name in _proof_fields(source) if getattr(source, name) is None]
            if missing:
                yield Finding(
                    origin,
                    ("verified",),
                    f"source {source.id!r} is marked verified but has no "
                    f"{' or '.join(missing)}: say where and when its page was read",
                )

    known: dict[str, tuple[Any, Origin]] = ids["sources"]
    broken = parts.broken_ids.get("sources", set())
    inspiration = SourceKind.INSPIRATION
    for item, origin in parts.responsibilities.entries:
        for source_id in item.sources:
            found = known.get(source_id)
            # an unknown or broken source is reported on its own: then this does not guess
            if found is None or found[0].kind is not inspiration:
                break
        else:  # every source known, and each one only inspiration
            cited = [known[source_id][0] for source_id in item.sources]
            yield Finding(
                origin,
                ("sources",),
                f"{item.id!r} cites only inspiration sources "
                f"({', '.join(source.id for source in cited)}): add a published source that "
                "supports its ages",
                key=True,
            )

    items = ids["responsibilities"]
    broken_items = parts.broken_ids.get("responsibilities", set())
    disabled = {d.id for d in parts.disabled if d.section == "responsibilities"}
    for info, origin in parts.info.entries:
        if info.age_meaning is None:
            continue
        for index, source_id in enumerate(info.age_meaning.sources):
            if source_id not in known and source_id not in broken:
                yield Finding(
                    origin,
                    ("age_meaning", "sources", index),
                    f"unknown source {source_id!r}{did_you_mean(source_id, known)}",
                )
        for index, item_id in enumerate(info.age_meaning.unbacked):
            if item_id not in items and item_id not in broken_items | disabled:
                yield Finding(
                    origin,
                    ("age_meaning", "unbacked", index),
                    f"unknown responsibility {item_id!r}{did_you_mean(item_id, items)}",
                )


def _proof_fields(source: Source) -> tuple[str, ...]:
    if source.kind is SourceKind.PUBLISHED:
        return ("url", "checked")
    return ("checked",)
