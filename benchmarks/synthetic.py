"""Deterministic synthetic catalogues of any size, valid, with prerequisite chains and policies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import independence

CATEGORIES = 20
CHAIN = 10  # items per prerequisite chain


def _item(k: int) -> str:
    chain, step = divmod(k, CHAIN)
    category = f"cat-{chain % CATEGORIES:02d}"
    start = step * 16 + chain % 7  # months, rising along the chain
    end = start + 24 + chain % 12
    moderate = k % 7 == 3
    away = k % 11 == 5
    lines = [
        f"  - id: item-{k:06d}",
        f"    title: Synthetic responsibility {k}",
        "    summary: A generated record for measuring load and query times.",
        f"    category: {category}",
        f"    introduce_at: {start}m",
        f"    independent_by: {end}m",
    ]
    if step:
        lines.append(f"    prerequisites: [item-{k - 1:06d}]")
    lines += [
        "    support_ladder:",
        "      - {stage: together, description: Do it together.}",
        "      - {stage: nearby, description: The grown-up stays close by.}",
        "      - {stage: alone, description: On their own.}",
        "    done_when: [Done without help five times in a row.]",
        f"    risk: {'moderate' if moderate else 'low'}",
    ]
    if moderate:
        lines.append("    safety_note: Practise together until it is safe.")
    if away:
        lines += ["    away_from_home: true", "    check_in: short-walk-known-place"]
    lines += [
        "    guiding_questions: [What is your plan?, Who would you ask for help?]",
        "    trust_framing: I trust you with this; I am right here.",
        "    reconnection: Talk about how it went.",
        "    sources: [aap-chores-by-age]",
    ]
    return "\n".join(lines) + "\n"


def write_catalog(folder: Path, size: int) -> Path:
    """Write a valid catalogue of ``size`` responsibilities into ``folder``; return it."""
    if folder.exists():
        shutil.rmtree(folder)
    data = Path(independence.build.data_path())
    folder.mkdir(parents=True)
    for name in ("bands.yaml", "check-ins.yaml", "escalation.yaml"):
        shutil.copy(data / name, folder / name)
    # The shipped catalog section names shipped items whose ages are unbacked; these generated
    # items are not them, so that list is left out (the sources are kept).
    catalog = re.sub(
        r"\n    # Items whose ages.*?\n    unbacked:\n(?:      - [a-z0-9-]+\n)+",
        "\n",
        (data / "catalog.yaml").read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    assert "unbacked:" not in catalog
    (folder / "catalog.yaml").write_text(catalog, encoding="utf-8")
    categories = ["categories:"] + [
        f"  - {{id: cat-{c:02d}, title: Category {c}, description: Generated.}}"
        for c in range(CATEGORIES)
    ]
    (folder / "categories.yaml").write_text("\n".join(categories) + "\n", encoding="utf-8")
    by_category: dict[str, list[str]] = {}
    for k in range(size):
        by_category.setdefault(f"cat-{(k // CHAIN) % CATEGORIES:02d}", []).append(_item(k))
    (folder / "responsibilities").mkdir()
    for category, items in by_category.items():
        text = "responsibilities:\n" + "".join(items)
        (folder / "responsibilities" / f"{category}.yaml").write_text(text, encoding="utf-8")
    return folder
