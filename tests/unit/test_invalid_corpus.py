"""A corpus of broken files, each with the problem it must produce (OpenFisca-style).

Every file in ``fixtures/invalid/`` starts with ``# expect: line N: part | part``: loading it
must raise ``CatalogError`` with a problem in that file, on that line (``no line`` for problems
about the document as a whole), whose ``path: message`` holds every part.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from independence import CatalogError, load_catalog

CORPUS = sorted((Path(__file__).parents[1] / "fixtures" / "invalid").glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (?:line (?P<line>\d+)|no line): (?P<parts>.+)$", re.MULTILINE)


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_broken_file_gives_its_message(path: Path) -> None:
    header = EXPECT.search(path.read_bytes())
    assert header is not None, f"{path.name} has no '# expect:' line"
    line = int(header["line"]) if header["line"] else None
    parts = [part.strip() for part in header["parts"].decode().split(" | ")]
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    problems = caught.value.problems
    matching = [
        problem
        for problem in problems
        if problem.file == str(path)
        and problem.line == line
        and all(part in f"{problem.path}: {problem.message}" for part in parts)
    ]
    assert matching, "\n".join(map(str, problems))
