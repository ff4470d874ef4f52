"""The command line in every language: exports that validate back, and no English left in
what a Spanish or Arabic reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run


@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_an_export_in_every_language_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    status, out, err = run(capsys, "export", "--locale", locale)
    assert status == 0 and err == ""
    exported = tmp_path / f"catalogue-{locale}.json"
    exported.write_text(out, encoding="utf-8")
    status, out, err = run(capsys, "validate", str(exported))
    assert status == 0, out + err
    assert ": valid: " in out
