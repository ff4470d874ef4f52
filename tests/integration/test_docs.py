"""Every example in the README and docs/ runs, and prints what the text says it prints."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
from pathlib import Path

import pytest

from independence.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```(?P<lang>pycon|console)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(page: Path, lang: str) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 2, m["body"])
        for m in BLOCK.finditer(text)
        if m["lang"] == lang
    ]


def pages_with(lang: str) -> list[Path]:
    return [page for page in PAGES if blocks(page, lang)]


@pytest.mark.parametrize("page", pages_with("pycon"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_examples(page: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    for line, body in blocks(page, "pycon"):
        test = parser.get_doctest(body, globs, page.name, str(page), line)
        # one namespace per page: a later example may use what an earlier one defined
        runner.run(test, out=lambda text: pytest.fail(text, pytrace=False), clear_globs=False)
        globs.update(test.globs)  # DocTest runs on a copy: carry its names to the next block
    assert runner.tries > 0


def console_examples() -> list[tuple[Path, int, str, str]]:
    found = []
    for page in pages_with("console"):
        for line, body in blocks(page, "console"):
            for chunk in re.split(r"^(?=\$ )", body, flags=re.MULTILINE):
                if chunk.startswith("$ independence "):
                    command, _, output = chunk.partition("\n")
                    found.append((page, line, command[2:], output))
    return found


@pytest.mark.parametrize(
    ("page", "line", "command", "output"),
    console_examples(),
    ids=lambda v: v.relative_to(ROOT).as_posix() if isinstance(v, Path) else None,
)
def test_command_line_examples(page: Path, line: int, command: str, output: str) -> None:
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = main(shlex.split(command)[1:])
    assert status == 0, f"{page.name}:{line}: {command}"
    assert stdout.getvalue() == output, f"{page.name}:{line}: {command} prints something else"
