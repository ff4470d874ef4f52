"""The command line is even (issue #27): ``--json`` on every command that prints a result, one
clear line naming the option or argument for every mistake, errors on stderr or nowhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

EXAMPLE = "docs/examples/progress/sam.json"

#: Every command that prints a result, with what it needs (``escalate`` has its own tests).
RESULTS = [
    ("suggest", "--age", "8"),
    ("suggest", "--age", "8", "--mastered", "pack-school-bag"),
    ("show", "pack-school-bag"),
    ("bands",),
    ("validate", "tests/fixtures/mini.yaml"),
    ("schema", "progress"),
    ("export",),
    ("graph", "bands"),
    ("graph", "category", "money"),
    ("progress", "show", EXAMPLE),
    ("progress", "next", EXAMPLE, "--on", "2026-09-01"),
    ("progress", "reviews", EXAMPLE, "--on", "2026-09-01"),
]


@pytest.mark.parametrize("command", RESULTS, ids=" ".join)
def test_every_result_printing_command_takes_json(
    capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, *command, "--json")
    assert status == 0, err
    json.loads(out)


def test_progress_record_and_child_print_json_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "sam.json")
    status, out, _ = run(
        capsys,
        "progress",
        "record",
        path,
        "pack-school-bag",
        "nearby",
        "--on",
        "2026-01-01",
        "--json",
    )
    assert status == 0
    assert json.loads(out) == {
        "file": path,
        "id": "pack-school-bag",
        "stage": "nearby",
        "since": "2026-01-01",
        "reviewed": None,
        "history": [],
    }
    status, out, _ = run(capsys, "progress", "child", path, "--born", "2018-01-20", "--json")
    assert status == 0
    document = json.loads(out)
    assert (
        document["birth_date"] == "2018-01-20" and document["items"][0]["id"] == "pack-school-bag"
    )
    # and without --json, one line of text as before
    status, out, _ = run(capsys, "progress", "child", path, "--born", "2018-01-20")
    assert status == 0 and out.startswith(f"{path}: born 2018-01-20")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            ("suggest", "--age", "8", "--mastered", "pay-at-til"),
            "--mastered: unknown responsibility 'pay-at-til' (did you mean "
            "'pay-at-till-with-grown-up'?)",
        ),
        (("suggest", "--age", "8", "--category", "mony"), "--category: unknown category 'mony'"),
        (("suggest", "--age", "8", "--perspective", "islam"), "--perspective: unknown"),
        (("progress", "record", "x.json", "pack-school-bg", "alone"), "ID: unknown responsibility"),
        (("progress", "record", "x.json", "pack-school-bag", "sideways"), "STAGE: unknown stage"),
        (("schema", "bogus"), "KIND: unknown schema 'bogus'"),
    ],
)
def test_a_mistake_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *command)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and expected in err
    assert not (tmp_path / "x.json").exists()


def test_a_folder_or_a_pipe_as_a_progress_file_is_invalid_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "progress", "show", str(tmp_path))
    assert (status, out) == (1, "")
    assert err == (
        f"independence: error: {tmp_path}: <document>: not a regular file (a folder): only data "
        "files are read\n"
    )
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.json"
        os.mkfifo(pipe)  # nobody writes to it: reading must not wait for a writer
        status, out, err = run(capsys, "progress", "show", str(pipe))
        assert (status, out) == (1, "") and "not a regular file" in err


def test_an_oversized_progress_file_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from independence.loading.guard import MAX_INPUT_BYTES

    path = tmp_path / "big.json"
    with open(path, "wb") as out:
        out.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk
    status, _, err = run(capsys, "progress", "show", str(path))
    assert status == 1 and "the limit is 4,194,304 bytes" in err


@pytest.mark.skipif(sys.platform == "win32", reason="closes file descriptor 2 with a shell")
def test_with_stderr_closed_an_error_goes_nowhere() -> None:
    script = (
        f'"{sys.executable}" -m independence suggest --age 8 --mastered pay-at-til 2>&-; '
        'echo "status $?" >&3'
    )
    result = subprocess.run(
        ["sh", "-c", f"exec 3>&1; {script}"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.stdout == "status 2\n"  # the error went to no stream, and not to stdout
