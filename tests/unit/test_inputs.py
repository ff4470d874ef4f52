"""Every input that is not YAML data (progress files, event logs) read through one guarded way in.

Each hostile file of the corpus (``fixtures/invalid/progress`` and ``fixtures/invalid/events``)
must give one positioned problem naming the file: exit status 1 on the command line, never a
traceback (exit 70), never a hang or a runaway read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINI, ROOT, run

from independence import CatalogError, InputError, Progress
from independence.loading.guard import (
    MAX_INPUT_BYTES,
    MAX_JSON_DEPTH,
    input_lines,
    parse_json,
    read_json,
)
from independence.progress import read_progress

CORPUS = ROOT / "tests" / "fixtures" / "invalid"

#: corpus file -> (line of the problem or None, a part of its message)
PROGRESS_EXPECT = {
    "deep-nesting.json": (None, "nested more than 40 levels deep"),
    "huge-integer.json": (None, "a whole number of 5,000 digits is too large to be data"),
    "invalid-utf8.json": (2, "not valid UTF-8 (byte 0xff)"),
    "nan.json": (None, "NaN is not a number JSON allows"),
    "far-future-since.json": (None, "9999-12-31 is out of range"),
    "not-json.json": (2, "not valid JSON"),
    "empty.json": (1, "not valid JSON"),
}
EVENTS_EXPECT = {
    "deep-nesting.jsonl": (2, "nested more than 40 levels deep"),
    "huge-integer.jsonl": (1, "a whole number of 5,000 digits is too large to be data"),
    "invalid-utf8.jsonl": (2, "not valid UTF-8 (byte 0xff)"),
    "infinity.jsonl": (2, "Infinity is not a number JSON allows"),
}
SESSION = ["escalate", "short-walk", "--data", str(MINI), "--due", "2026-11-27T08:40Z"]


def test_every_corpus_file_has_its_expectation() -> None:
    assert sorted(p.name for p in (CORPUS / "progress").iterdir()) == sorted(PROGRESS_EXPECT)
    assert sorted(p.name for p in (CORPUS / "events").iterdir()) == sorted(EVENTS_EXPECT)


@pytest.mark.parametrize("name", sorted(PROGRESS_EXPECT))
def test_a_hostile_progress_file_is_one_positioned_problem(name: str) -> None:
    path = CORPUS / "progress" / name
    line, part = PROGRESS_EXPECT[name]
    with pytest.raises(CatalogError) as caught:
        read_progress(path)
    first = caught.value.problems[0]
    assert (first.file, first.line) == (str(path), line)
    assert part in first.message


@pytest.mark.parametrize("name", sorted(PROGRESS_EXPECT))
@pytest.mark.parametrize("action", ["show", "reviews", "record"])
def test_a_hostile_progress_file_is_exit_1_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, action: str
) -> None:
    copy = tmp_path / name
    copy.write_bytes((CORPUS / "progress" / name).read_bytes())
    extra = ["tidy", "alone"] if action == "record" else []
    status, out, err = run(capsys, "progress", action, str(copy), *extra, "--data", str(MINI))
    assert (status, out) == (1, "")
    assert err.startswith(f"independence: error: {copy}") and PROGRESS_EXPECT[name][1] in err
    assert err.count("\n") == 1
    assert copy.read_bytes() == (CORPUS / "progress" / name).read_bytes()


@pytest.mark.parametrize("name", sorted(EVENTS_EXPECT))
def test_a_hostile_event_log_is_exit_1_naming_its_line(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = CORPUS / "events" / name
    line, part = EVENTS_EXPECT[name]
    status, out, err = run(capsys, *SESSION, "--now", "2026-11-27T09:00Z", "--events", str(path))
    assert (status, out) == (1, "")
    assert err.startswith(f"independence: error: {path}:{line}") and part in err
    assert err.count("\n") == 1


def _special_files(tmp_path: Path) -> list[str]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # never written to: reading it would hang
    return [str(fifo), os.devnull if os.path.exists("/dev/zero") is False else "/dev/zero"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    "argv",
    [
        ["progress", "show", "{}"],
        ["progress", "record", "{}", "tidy", "alone"],
        ["progress", "reviews", "{}"],
        ["suggest", "--age", "7", "--progress", "{}"],
        [*SESSION, "--now", "2026-11-27T09:00Z", "--events", "{}"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_pipe_or_a_device_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    for special in _special_files(tmp_path):
        filled = [special if part == "{}" else part for part in argv]
        if "--data" not in filled:
            filled += ["--data", str(MINI)]
        status, out, err = run(capsys, *filled)
        assert (status, out) == (1, ""), err
        assert err.startswith(f"independence: error: {special}") and "not a regular file" in err


def test_a_folder_given_as_a_progress_file_is_an_input_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, "progress", "record", str(tmp_path), "tidy", "alone", "--data", str(MINI)
    )
    assert status == 1  # an input that cannot be read: never "cannot write the output" (3)
    assert "not a regular file (a folder)" in err


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as out:
        out.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError, match="the limit is 4,194,304 bytes"):
        read_json(big)
    with pytest.raises(InputError, match="the limit"), input_lines(big):
        pass


def test_whitespace_up_to_the_cap_is_read_and_past_it_refused(tmp_path: Path) -> None:
    path = tmp_path / "spaces.json"
    path.write_bytes(b"{}" + b" " * (MAX_INPUT_BYTES - 2))
    assert read_json(path) == {}
    path.write_bytes(b"{}" + b" " * (MAX_INPUT_BYTES - 1))
    with pytest.raises(InputError):
        read_json(path)


def test_depth_up_to_the_cap_is_read_and_one_more_refused() -> None:
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, "f") is not None
    with pytest.raises(InputError, match="nested more than 40"):
        parse_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "f")
    with pytest.raises(InputError, match="nested more than 40"):
        parse_json("[" * 100_000 + "]" * 100_000, "f")  # past Python's own recursion limit


def test_thirty_digits_are_read_and_more_refused() -> None:
    assert parse_json("9" * 30, "f") == int("9" * 30)
    with pytest.raises(InputError, match="31 digits"):
        parse_json("-" + "9" * 31, "f")


def test_a_line_separator_inside_a_line_does_not_split_it(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"a": "x\u2028y"}\n{"b": 1}\n', encoding="utf-8")
    with input_lines(path, json_lines=True) as lines:
        assert lines == ['{"a": "x\u2028y"}\n', '{"b": 1}\n']


def test_many_unknown_ids_give_a_bounded_list_of_problems(tmp_path: Path) -> None:
    from independence import load_catalog

    catalog = load_catalog(MINI)
    progress = Progress.model_validate(
        {
            "items": [
                {"id": f"missing-{n}", "stage": "alone", "since": "2026-01-01"} for n in range(3000)
            ]
        }
    )
    path = tmp_path / "many.json"
    path.write_text(progress.model_dump_json(), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_progress(path, catalog.index.responsibility_ids)
    problems = caught.value.problems
    assert len(problems) == 101
    assert "2,900 more unknown ids" in str(caught.value)


def test_a_day_out_of_range_is_refused_when_recorded() -> None:
    from datetime import date

    with pytest.raises(ValueError, match="out of range"):
        Progress().record("tidy", "alone", on=date(9999, 12, 31))


def test_reviews_after_a_far_future_day_are_exit_1_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    path.write_text((CORPUS / "progress" / "far-future-since.json").read_text())
    status, _, err = run(capsys, "progress", "reviews", str(path), "--data", str(MINI))
    assert status == 1 and "Traceback" not in err


def test_time_added_in_superscript_digits_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys, *SESSION, "--now", "2026-11-27T09:00Z", "--event", "time-added@2026-11-27T08:10Z:²"
    )
    assert status == 2 and "time-added needs whole minutes" in err


def test_a_file_of_duplicate_keys_gives_a_bounded_list_of_problems(tmp_path: Path) -> None:
    from independence import load_catalog
    from independence.loading.reader import MAX_FILE_PROBLEMS

    path = tmp_path / "dup.yaml"
    path.write_text(
        "catalog: {name: x, data_version: 1.0.0, description: x}\n"
        "bands: {" + ", ".join(["a: 1"] * 20_000) + "}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    problems = caught.value.problems
    assert len(problems) == MAX_FILE_PROBLEMS + 1
    assert any(
        "more than 1,000 problems in this file; reading stopped" in p.message for p in problems
    )
    assert len(str(caught.value)) < 200_000


def test_records_left_unchecked_are_never_reported_as_unknown(tmp_path: Path) -> None:
    from independence import load_catalog

    text = MINI.read_text(encoding="utf-8")
    broken = "".join(f"  - {{id: broken-{n}}}\n" for n in range(400))  # several problems each
    late = (
        "  - id: late-item\n    title: T\n    summary: S\n    category: home\n"
        "    introduce_at: 1y\n    independent_by: 2y\n"
        "    support_ladder: [{stage: together, description: a}, {stage: alone, description: c}]\n"
        "    done_when: [d]\n    risk: low\n    guiding_questions: [q, r]\n"
        "    trust_framing: t\n    reconnection: r\n    sources: [src]\n"
    )
    text = text.replace("    prerequisites: [tidy]\n", "    prerequisites: [tidy, late-item]\n", 1)
    path = tmp_path / "data.yaml"
    head, tail = text.split("check_in_policies:\n", 1)
    path.write_text(head + broken + late + "check_in_policies:\n" + tail, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    messages = [p.message for p in caught.value.problems]
    assert any("not checked: checking stopped after 1,000 problems" in m for m in messages)
    assert not any("late-item" in m for m in messages), [m for m in messages if "late" in m]


def test_a_log_of_100000_entries_is_read_and_one_more_refused(tmp_path: Path) -> None:
    from independence.loading.guard import MAX_LOG_ENTRIES

    path = tmp_path / "log.jsonl"
    path.write_text("0\n\n" * MAX_LOG_ENTRIES, encoding="utf-8")  # blank lines do not count
    with input_lines(path, json_lines=True) as lines:
        assert len(lines) == 2 * MAX_LOG_ENTRIES
    path.write_text("0\n" * (MAX_LOG_ENTRIES + 1), encoding="utf-8")
    with (
        pytest.raises(InputError, match="more than 100,000 entries"),
        input_lines(path, json_lines=True),
    ):
        pass


@pytest.mark.parametrize(
    "name",
    [
        "progress file: 49,000 unknown ids",
        ".mo: 195,000 refused entries",
        ".po: 130,000 entries",
        "event log: 4 MiB of pauses and resumes",
    ],
)
def test_each_readers_hostile_benchmark_input_ends_as_the_benchmark_says(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """The benchmark's row per reader, at a small scale: the outcome only, never the time."""
    from benchmarks.hostile import write_reader_input
    from independence import default_catalog
    from independence.l10n.catalogues import read_checked_translations, read_po_entries

    reader, path = write_reader_input(tmp_path, name, 0.02)
    if reader == "progress":
        with pytest.raises(CatalogError) as caught:
            read_progress(path, default_catalog().index.responsibility_ids)
        assert len(caught.value.problems) == 101
    elif reader == "mo":
        refused = read_checked_translations(path.parent.parent, "es")[1]
        assert len(refused) == 1001 and all("not used" in w.message for w in refused)
        assert "2,900 more entries not used" in refused[-1].message
    elif reader == "po":
        assert sum(1 for _ in read_po_entries(path)) == 2600
    else:
        argv = ["escalate", "social-outing", "--age", "15", "--due", "2026-11-27T21:00Z"]
        status, _, err = run(capsys, *argv, "--now", "2026-11-27T22:00Z", "--events", str(path))
        assert (status, err) == (0, "")
