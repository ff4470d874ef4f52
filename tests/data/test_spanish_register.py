"""Spanish speaks to the parent with tú: an ustedes imperative only where parent and child are
both meant (and the sentence says so), never beside tú in one sentence. Checked over every
Spanish text, its grammatical forms included."""

from __future__ import annotations

import pytest
from conftest import DATA
from spanish_register import register_problems, ustedes_imperatives

from independence.l10n.catalogues import read_po_entries


def _spanish() -> list[tuple[str, str]]:
    return [
        (entry.context, entry.msgstr)
        for path in sorted((DATA / "locales" / "es").rglob("*.po"))
        for entry in read_po_entries(path)
        if entry.msgstr
    ]


def test_every_spanish_text_keeps_one_register() -> None:
    problems = [
        f"{context}: {problem}"
        for context, text in _spanish()
        for problem in register_problems(text)
    ]
    assert not problems, "\n".join(problems[:20]) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("Practiquen antes juntos los cruces y acuerden que te lo contará.", True),
        ("Celebren juntos lo que encontraron y deja que lo lleve a la caja.", True),
        ("Acuerden la cantidad y escríbanla.", True),
        ("Hablen de ello más tarde.", True),
        ("Celebren juntos lo que encontraron. Deja que lo lleve a la caja.", False),
        ("Deja que sus dedos hagan el resto.", False),
        ("Pregúntale cómo le fue, mostrándole el mapa.", False),
        ("Dile «mi turno, tu turno» y espera.", False),
    ],
)
def test_the_register_check_tells_mixed_from_joint(text: str, broken: bool) -> None:
    assert bool(register_problems(text)) is broken


def test_the_check_sees_ustedes_imperatives_not_subjunctives() -> None:
    assert ustedes_imperatives("Acuerden juntos la hora y hagan la llamada") == [
        "Acuerden",
        "hagan",
    ]
    assert ustedes_imperatives("para que lo vayan a buscar cuando sigan jugando") == []
