"""Render the picture of Arabic command-line tables in docs/screenshots/arabic-tables.png.

    python scripts/render_rtl_screenshot.py

Runs the real commands (``bands`` and ``suggest`` with ``--locale ar``), puts their output in a
page that lays each line out by the Unicode bidirectional algorithm (CSS ``unicode-bidi:
plaintext``, as a bidi-aware terminal does), and has headless Chromium take the picture. Needs
``chromium`` on the PATH (``apt-get install chromium``).
"""

from __future__ import annotations

import contextlib
import html
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from independence.cli import main

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "screenshots" / "arabic-tables.png"
COMMANDS = (
    ["bands", "--locale", "ar"],
    ["suggest", "--age", "8", "--limit", "3", "--locale", "ar"],
)


def output(argv: list[str]) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(argv)
    return printed.getvalue()


def page() -> str:
    blocks = []
    for argv in COMMANDS:
        lines = "".join(
            f'<div class="line">{html.escape(line) or "&nbsp;"}</div>'
            for line in output(argv).splitlines()
        )
        command = html.escape("$ independence " + " ".join(argv))
        blocks.append(f'<div class="command">{command}</div>{lines}')
    return (
        "<!doctype html><meta charset='utf-8'><style>"
        "body{background:#1e1e1e;color:#e8e8e8;margin:16px;font:15px/1.5 'DejaVu Sans Mono',"
        "monospace}.line{white-space:pre;unicode-bidi:plaintext}"
        ".command{color:#8fd18f;white-space:pre;direction:ltr;margin-top:12px}"
        "</style>" + "".join(blocks)
    )


def render() -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not on the PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "tables.html"
        source.write_text(page(), "utf-8")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={PICTURE}",
                "--window-size=1500,420",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {PICTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    render()
    sys.exit(0)
