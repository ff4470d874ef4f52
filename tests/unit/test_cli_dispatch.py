"""The command line's one dispatch place: each command names its function by its dotted name,
and :func:`independence.cli.run` imports that module only when the command runs."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from independence.cli import run
from independence.cli.parser import build_parser


def _handlers(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[Any]:
    for action in parser._actions:  # argparse keeps its subparsers here and nowhere public
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                handler = sub.get_default("handler")
                if handler is not None:
                    yield (*words, name), handler
                yield from _handlers(sub, (*words, name))


HANDLERS = dict(_handlers(build_parser()))


def test_every_command_and_progress_action_has_a_handler() -> None:
    commands = {words[0] for words in HANDLERS}
    assert commands >= {"suggest", "show", "bands", "validate", "schema", "export", "escalate"}
    assert {words for words in HANDLERS if words[0] == "progress"} == {
        ("progress", action) for action in ("record", "child", "show", "next", "reviews")
    }


@pytest.mark.parametrize("words", sorted(HANDLERS), ids=" ".join)
def test_each_handler_names_a_function_of_a_cli_module(words: tuple[str, ...]) -> None:
    handler = HANDLERS[words]
    assert isinstance(handler, str)
    module, _, name = handler.rpartition(".")
    assert module.startswith("independence.cli.")
    assert callable(getattr(importlib.import_module(module), name))


def test_run_calls_the_named_function_with_the_arguments() -> None:
    args = argparse.Namespace(seen=[])
    assert run("tests_dispatch_probe.record", args) == 7
    assert args.seen == ["called"]


@pytest.fixture(autouse=True)
def _probe(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tests_dispatch_probe.py").write_text(
        "def record(args):\n    args.seen.append('called')\n    return 7\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))


def test_suggest_with_a_progress_file_runs_from_the_progress_commands() -> None:
    # only then are the progress files' modules imported (an age-only suggest never does)
    parser = build_parser()
    alone = parser.parse_args(["suggest", "--age", "8"])
    assert alone.handler == "independence.cli.queries.run_suggest"
    given = parser.parse_args(["suggest", "--age", "8", "--progress", "child.json"])
    assert given.handler == "independence.cli.progress.run_suggest"
    assert given.progress == "child.json"
