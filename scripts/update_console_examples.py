"""Rewrite the output of every ``$ independence ...`` console example in the docs and README.

    python scripts/update_console_examples.py

tests/integration/test_docs.py runs each example and fails when its output differs; after an
intended change of output, this script writes what the commands print now. Review the diff.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

from independence.cli import main

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```console\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def rewrite(body: str) -> str:
    chunks = re.split(r"^(?=\$ )", body, flags=re.MULTILINE)
    out = []
    for chunk in chunks:
        if chunk.startswith("$ independence "):
            command, _, _ = chunk.partition("\n")
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                main(shlex.split(command[2:])[1:])
            out.append(command + "\n" + printed.getvalue())
        else:
            out.append(chunk)
    return "".join(out)


def main_() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        text = page.read_text("utf-8")
        new = BLOCK.sub(lambda m: "```console\n" + rewrite(m["body"]) + "```", text)
        if new != text:
            page.write_text(new, "utf-8")
            print(f"wrote {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main_()
