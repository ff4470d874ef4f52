"""The command line: output for people and programs, and exit status 0, 1 or 2."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, run

import independence
from independence.cli import main
from independence.cli.parser import build_parser
from independence.errors import UsageError


def test_suggest_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "suggest", "--age", "6y6m", "--data", str(MINI))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Age 6y6m (Young, 0y-8y): 2 suggestions, from age alone"
    assert lines[1].split() == ["1.", "make-bed", "now", "Home", "4y-7y", "Make", "the", "bed"]
    assert lines[2].strip().startswith("Fits this age:")
    assert lines[1].index("now") == lines[3].index("now")  # aligned columns


def test_suggest_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "suggest", "--age", "10", "--mastered", "tidy", "--data", str(MINI), "--json"
    )
    assert status == 0
    document = json.loads(out)
    expected = independence.load_catalog(str(MINI)).suggest(10, mastered={"tidy"})
    assert [s["id"] for s in document["suggestions"]] == [s.id for s in expected]
    assert [s["reason"] for s in document["suggestions"]] == [s.reason for s in expected]
    assert document["age"] == "10y" and document["months"] == 120 and document["band"] == "older"
    assert document["suggestions"][0]["kind"] == "catch-up"


def test_suggest_category_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "suggest",
        "--age",
        "8",
        "--mastered",
        "tidy",
        "--category",
        "out",
        "--data",
        str(MINI),
        "--json",
    )
    assert [s["id"] for s in json.loads(out)["suggestions"]] == ["walk-route"]
    _, out, _ = run(
        capsys,
        "suggest",
        "--age",
        "8",
        "--mastered",
        "tidy",
        "--limit",
        "1",
        "--data",
        str(MINI),
        "--json",
    )
    assert [s["id"] for s in json.loads(out)["suggestions"]] == ["walk-route"]


def test_show_and_bands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "make-bed", "--data", str(MINI), "--json")
    assert status == 0
    assert json.loads(out) == independence.load_catalog(str(MINI)).responsibility(
        "make-bed"
    ).model_dump(mode="json", exclude_none=True)
    status, out, _ = run(capsys, "show", "short-walk", "--data", str(MINI))
    assert status == 0 and "escalation: nudge" in out
    status, out, _ = run(capsys, "bands", "--data", str(MINI))
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == ["young", "older"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["suggest", "--age", "18"], "--age: '18' is out of range"),
        (["suggest", "--age", "seven"], "--age: cannot read 'seven' as an age"),
        (["suggest"], "the following arguments are required: --age"),
        (["suggest", "--age", "8", "--limit", "x"], "argument --limit"),
        (["suggest", "--age", "8", "--mastered", "tidyy"], "did you mean 'tidy'"),
        (["suggest", "--age", "8", "--category", "hom"], "unknown category 'hom'"),
        (["show", "tidyy"], "unknown responsibility 'tidyy' (did you mean 'tidy'?)"),
        (["frobnicate"], "invalid choice"),
        ([], "the following arguments are required: command"),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(
        capsys,
        *argv,
        *(["--data", str(MINI)] if argv[:1] in (["suggest"], ["show"]) and len(argv) > 1 else []),
    )
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("independence: error: ")
    assert message in err


def test_missing_data_is_a_usage_mistake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "bands", "--data", str(tmp_path / "none"))
    assert status == 2 and "no catalogue at" in err and err.count("\n") == 1


def test_invalid_data_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        Path(str(MINI))
        .read_text("utf-8")
        .replace("risk: low\n    natural", "risk: lo\n    natural"),
        "utf-8",
    )
    status, out, err = run(capsys, "suggest", "--age", "8", "--data", str(bad))
    assert status == 1 and out == ""
    assert err.count("\n") == 1
    assert f"invalid data (1 problem); first: {bad}:" in err
    assert "responsibilities[0].risk" in err


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "independence", "suggest", "--age", "99"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_version_names_the_package_and_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        f"independence {independence.__version__} (data {independence.DATA_VERSION})"
    )


@pytest.mark.parametrize("bug", [KeyError("index"), ValueError("bad state"), TypeError("oops")])
def test_a_bug_is_a_traceback_with_a_request_to_report_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bug: Exception
) -> None:
    # an internal KeyError or ValueError must not pass for a usage mistake (exit 2)
    def broken(*args: object, **kwargs: object) -> None:
        raise bug

    monkeypatch.setattr(independence.Catalog, "band_for", broken)
    status, out, err = run(capsys, "suggest", "--age", "8", "--data", str(MINI))
    assert status == 70 and out == ""
    assert "Traceback (most recent call last)" in err
    assert f"{type(bug).__name__}: " in err
    assert err.splitlines()[-1].startswith("independence: error: this is a bug in independence")
    assert "please report it" in err


def test_an_unknown_id_is_still_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "make-bd", "--data", str(MINI))
    assert (status, out) == (2, "")
    expected = "unknown responsibility 'make-bd' (did you mean 'make-bed'?)"
    assert err == f"independence: error: {expected}\n"


COMMANDS = ("suggest", "show", "bands", "validate", "schema", "export", "escalate", "graph")


def _help_of(parser: object, *words: str) -> str:
    assert isinstance(parser, build_parser().__class__)
    with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:
        parser.parse_args([*words, "--help"])
    return out.getvalue()


@pytest.mark.parametrize("command", [*COMMANDS, "progress", "unknown"])
def test_a_parser_built_for_one_command_reads_the_same(command: str) -> None:
    # only the command that runs is built in full: its help, the list of commands and the
    # message for an unknown one must read as with every parser built
    full, one = build_parser(), build_parser(command)
    assert _help_of(one) == _help_of(full)
    if command in COMMANDS:
        assert _help_of(one, command) == _help_of(full, command)
    elif command == "progress":
        assert _help_of(one, "progress", "show") == _help_of(full, "progress", "show")
    else:
        with pytest.raises(UsageError) as lazy:
            one.parse_args([command])
        with pytest.raises(UsageError) as eager:
            full.parse_args([command])
        assert str(lazy.value) == str(eager.value)


def test_suggest_parses_the_same_with_only_its_parser() -> None:
    words = ["suggest", "--age", "8", "--mastered", "tidy-room", "--limit", "3"]
    lazy, eager = build_parser("suggest").parse_args(words), build_parser().parse_args(words)
    assert vars(lazy) == vars(eager)
