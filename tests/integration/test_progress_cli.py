"""``independence progress`` and ``suggest --progress``: a child's progress kept in a file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import MINI, run

import independence
from independence import Progress
from independence.progress import read_progress, write_progress


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return tmp_path / "sam.json"


def test_record_creates_then_updates_the_file(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    status, out, err = run(
        capsys,
        "progress",
        "record",
        str(sam),
        "walk-route",
        "nearby",
        "--on",
        "2026-03-01",
        "--data",
        str(MINI),
    )
    assert (status, err) == (0, "")
    assert out == f"{sam}: walk-route now at 'nearby' (since 2026-03-01)\n"
    run(
        capsys,
        "progress",
        "record",
        str(sam),
        "tidy",
        "alone",
        "--on",
        "2026-03-02",
        "--data",
        str(MINI),
    )
    status, out, _ = run(
        capsys,
        "progress",
        "record",
        str(sam),
        "walk-route",
        "nearby",
        "--on",
        "2026-05-01",
        "--data",
        str(MINI),
    )
    assert out == f"{sam}: walk-route reviewed at 'nearby' (since 2026-03-01)\n"
    expected = (
        Progress()
        .record("walk-route", "nearby", on=date(2026, 3, 1))
        .record("tidy", "alone", on=date(2026, 3, 2))
        .record("walk-route", "nearby", on=date(2026, 5, 1))
    )
    assert read_progress(sam) == expected


def test_show(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    write_progress(
        Progress(birth_date=date(2019, 4, 2))
        .record("walk-route", "nearby", on=date(2026, 3, 1))
        .record("tidy", "alone", on=date(2026, 3, 2)),
        sam,
    )
    status, out, _ = run(capsys, "progress", "show", str(sam), "--data", str(MINI))
    assert status == 0
    assert out.splitlines() == [
        f"{sam}: 2 items recorded; born 2019-04-02",
        "  tidy        alone   since 2026-03-02  mastered",
        "  walk-route  nearby  since 2026-03-01  next: check-in",
    ]
    status, out, _ = run(capsys, "progress", "show", str(sam), "--data", str(MINI), "--json")
    assert Progress.model_validate(json.loads(out)) == read_progress(sam)


def test_next_and_suggest_progress_agree_with_the_library(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    progress = Progress(birth_date=date(2019, 4, 2)).record(
        "walk-route", "nearby", on=date(2026, 3, 1)
    )
    write_progress(progress, sam)
    catalog = independence.load_catalog(str(MINI))
    expected = [s.model_dump(mode="json") for s in catalog.suggest(7, progress=progress)]
    status, out, _ = run(
        capsys, "progress", "next", str(sam), "--on", "2026-05-01", "--data", str(MINI), "--json"
    )
    assert status == 0
    document = json.loads(out)
    assert document["age"] == "7y" and document["progress"] == str(sam)
    assert document["suggestions"] == expected
    assert document["suggestions"][0]["kind"] == "in-progress"
    status, out, _ = run(
        capsys, "suggest", "--age", "7", "--progress", str(sam), "--data", str(MINI), "--json"
    )
    assert json.loads(out)["suggestions"] == expected
    # what the issue promises: model_dump() itself (enums are text) equals what --json prints
    assert json.loads(out)["suggestions"] == [
        s.model_dump() for s in catalog.suggest(7, progress=progress)
    ]
    status, out, _ = run(
        capsys, "suggest", "--age", "7", "--progress", str(sam), "--data", str(MINI)
    )
    assert out.splitlines()[0].endswith(f"from the progress in {sam}")
    assert out.splitlines()[1].split()[:3] == ["1.", "walk-route", "in-progress"]


def test_next_needs_an_age(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    write_progress(Progress(), sam)
    status, _, err = run(capsys, "progress", "next", str(sam), "--data", str(MINI))
    assert status == 2
    assert "give --age, or keep a birth date" in err and len(err.splitlines()) == 1


def test_reviews(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    write_progress(Progress().record("walk-route", "nearby", on=date(2026, 1, 31)), sam)
    status, out, _ = run(
        capsys, "progress", "reviews", str(sam), "--on", "2026-07-30", "--data", str(MINI)
    )
    assert (status, out) == (0, f"{sam}: 0 reviews due on 2026-07-30\n")
    status, out, _ = run(
        capsys, "progress", "reviews", str(sam), "--on", "2026-08-01", "--data", str(MINI)
    )
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == f"{sam}: 1 review due on 2026-08-01"
    assert lines[1] == "  walk-route: at 'nearby' since 2026-01-31, due 2026-07-31 (every 6 months)"
    assert lines[2] == "    next rung, check-in: With a check-in."
    _, out, _ = run(
        capsys, "progress", "reviews", str(sam), "--on", "2026-08-01", "--data", str(MINI), "--json"
    )
    assert json.loads(out)["reviews"][0]["id"] == "walk-route"


def test_child(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    status, out, _ = run(
        capsys,
        "progress",
        "child",
        str(sam),
        "--born",
        "2025-01-10",
        "--due",
        "2025-03-10",
        "--data",
        str(MINI),
    )
    assert status == 0 and out.startswith(f"{sam}: born 2025-01-10, due 2025-03-10; age today")
    assert read_progress(sam) == Progress(birth_date=date(2025, 1, 10), due_date=date(2025, 3, 10))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", ":1:2: <document>: not valid JSON"),
        (
            '{"items": [{"id": "tidy", "stage": "done", "since": "2026-01-01"}]}',
            ": items[0].stage: Input should be",
        ),
        (
            '{"items": [{"id": "tidyy", "stage": "alone", "since": "2026-01-01"}]}',
            ": items[0].id: unknown responsibility 'tidyy'",
        ),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["progress", "record", "{}", "tidy", "alone"],
        ["progress", "child", "{}", "--born", "2020-01-01"],
        ["progress", "show", "{}"],
        ["progress", "next", "{}", "--age", "7"],
        ["progress", "reviews", "{}"],
        ["suggest", "--age", "7", "--progress", "{}"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_bad_file_is_exit_1_and_stays_as_it_was(
    capsys: pytest.CaptureFixture[str], sam: Path, text: str, message: str, command: list[str]
) -> None:
    sam.write_text(text, encoding="utf-8")
    argv = [str(sam) if part == "{}" else part for part in command]
    status, out, err = run(capsys, *argv, "--data", str(MINI))
    assert status == 1 and out == ""
    assert err.startswith(f"independence: error: {sam}{message}")
    assert len(err.splitlines()) == 1
    assert sam.read_text(encoding="utf-8") == text  # never overwritten on error
    # no temporary file left behind; the writers' lock file may stay beside the file
    assert {p.name for p in sam.parent.iterdir()} <= {"sam.json", "sam.json.lock"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["progress", "record", "{}", "tidyy", "alone"], "did you mean 'tidy'"),
        (["progress", "record", "{}", "tidy", "done"], "unknown stage 'done'"),
        (["progress", "record", "{}", "tidy", "alone", "--on", "1/2/2026"], "--on: '1/2/2026'"),
        (["progress", "show", "{}"], "No such file"),
        (["progress", "child", "{}", "--born", "2099-01-01"], "is after"),
        (["progress"], "required: action"),
        (["suggest", "--age", "7", "--progress", "{}", "--mastered", "tidy"], "not allowed"),
    ],
)
def test_usage_mistakes_are_exit_2(
    capsys: pytest.CaptureFixture[str], sam: Path, argv: list[str], message: str
) -> None:
    argv = [str(sam) if part == "{}" else part for part in argv]
    status, out, err = run(capsys, *argv, *(["--data", str(MINI)] if len(argv) > 2 else []))
    assert status == 2 and out == ""
    assert message in err and len(err.splitlines()) == 1
    assert not sam.exists()


def test_recording_out_of_order_is_exit_2_and_keeps_the_file(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    write_progress(Progress().record("tidy", "nearby", on=date(2026, 3, 1)), sam)
    before = sam.read_bytes()
    status, _, err = run(
        capsys,
        "progress",
        "record",
        str(sam),
        "tidy",
        "alone",
        "--on",
        "2026-01-01",
        "--data",
        str(MINI),
    )
    assert status == 2 and "record changes in order" in err
    assert sam.read_bytes() == before


def test_a_new_child_can_be_said_to_have_nothing_mastered(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    write_progress(Progress(), sam)
    status, out, _ = run(capsys, "progress", "show", str(sam))
    assert status == 0
    assert out.splitlines() == [
        f"{sam}: 0 items recorded; no birth date kept",
        "  nothing recorded yet: 'independence progress record FILE ID STAGE' adds one",
    ]
    status, out, _ = run(capsys, "suggest", "--age", "8", "--progress", str(sam), "--json")
    found = [s["id"] for s in json.loads(out)["suggestions"]]
    catalog = independence.default_catalog()
    assert found == [s.id for s in catalog.suggest(8, mastered=set())]
    closed = [s.independent_by for s in catalog.suggest(8, mastered=set()) if s.kind == "catch-up"]
    assert catalog.responsibility(found[-1]).independent_by == min(closed)  # longest ago: last


def test_next_uses_the_corrected_age_from_the_file(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    write_progress(Progress(birth_date=date(2025, 1, 10), due_date=date(2025, 3, 10)), sam)
    status, out, _ = run(capsys, "progress", "next", str(sam), "--on", "2026-01-10", "--json")
    assert status == 0 and json.loads(out)["age"] == "0y10m"  # 12 months by the calendar


@pytest.mark.parametrize(
    "command",
    [
        ["suggest"],
        ["escalate", "walk-to-school", "--due", "2026-03-09T08:30Z"],
        ["progress", "next", "{}"],
    ],
    ids=lambda c: c[0],
)
def test_every_age_option_names_itself_when_the_age_is_unreadable(
    capsys: pytest.CaptureFixture[str], sam: Path, command: list[str]
) -> None:
    write_progress(Progress(), sam)
    argv = [str(sam) if part == "{}" else part for part in command]
    status, out, err = run(capsys, *argv, "--age", "seven")
    assert (status, out) == (2, "")
    assert err.startswith("independence: error: --age: cannot read 'seven' as an age")
    assert len(err.splitlines()) == 1


def test_a_due_date_long_before_the_birth_is_refused(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    status, out, err = run(
        capsys, "progress", "child", str(sam), "--born", "2024-06-01", "--due", "2023-06-01"
    )
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "more than 4 weeks before the birth" in err
