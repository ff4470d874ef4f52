"""Progress files lose nothing: concurrent writers, symlinks, read-only files, modes, messages."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import MINI, run

from independence import Progress
from independence.progress import read_progress, update_progress, write_progress

#: Generous: only there to turn a hang into a failure, never a measure of speed.
HANG = 600

RECORD = (
    "import sys\n"
    "from independence.cli import main\n"
    "sys.exit(main(['progress', 'record', sys.argv[1], sys.argv[2], 'nearby', "
    "'--on', '2026-03-01', '--data', sys.argv[3]]))\n"
)


def _data_with_items(folder: Path, count: int) -> Path:
    """The mini catalogue with ``count`` more responsibilities: ``item-0``, ``item-1``..."""
    text = MINI.read_text(encoding="utf-8")
    record = (
        "  - id: item-{n}\n    title: T\n    summary: S\n    category: home\n"
        "    introduce_at: 3y\n    independent_by: 5y\n"
        "    support_ladder: [{{stage: together, description: a}}, "
        "{{stage: nearby, description: b}}, {{stage: alone, description: c}}]\n"
        "    done_when: [d]\n    risk: low\n    guiding_questions: [q, r]\n"
        "    trust_framing: t\n    reconnection: r\n    sources: [src]\n"
    )
    records = "".join(record.format(n=n) for n in range(count))
    path = folder / "data.yaml"
    path.write_text(text.replace("responsibilities:\n", "responsibilities:\n" + records, 1))
    return path


@pytest.mark.slow
def test_24_processes_recording_at_once_keep_all_24_records(tmp_path: Path) -> None:
    data = _data_with_items(tmp_path, 24)
    target = tmp_path / "child.json"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", RECORD, str(target), f"item-{n}", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(24)
    ]
    for process in processes:
        _, err = process.communicate(timeout=HANG)
        assert process.returncode == 0, err.decode()
    kept = read_progress(target)
    assert sorted(item.id for item in kept.items) == sorted(f"item-{n}" for n in range(24))


def _record_many(path: str, worker: int, count: int) -> None:
    for k in range(count):
        id = f"w{worker}-{k}"

        def change(progress: Progress, id: str = id) -> Progress:
            return progress.record(id, "nearby", on=date(2026, 1, 1))

        update_progress(path, change)


@pytest.mark.slow
def test_8_processes_through_the_api_keep_all_160_records(tmp_path: Path) -> None:
    target = str(tmp_path / "child.json")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_record_many, args=(target, w, 20)) for w in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=HANG)
        assert worker.exitcode == 0
    assert len(read_progress(target)) == 160


def test_update_progress_starts_from_nothing_and_keeps_what_was_there(tmp_path: Path) -> None:
    target = tmp_path / "child.json"
    day = date(2026, 1, 1)
    update_progress(target, lambda p: p.record("a", "nearby", on=day))
    update_progress(target, lambda p: p.record("b", "alone", on=day + timedelta(days=1)))
    assert read_progress(target).stage("a") is not None
    assert len(read_progress(target)) == 2


def test_a_failed_change_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "child.json"
    write_progress(Progress().record("a", "nearby", on=date(2026, 1, 2)), target)
    before = target.read_bytes()
    with pytest.raises(ValueError, match="record changes in order"):
        update_progress(target, lambda p: p.record("a", "alone", on=date(2026, 1, 1)))
    assert target.read_bytes() == before


def test_writing_through_a_symlink_updates_its_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    write_progress(Progress(), real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    status, _, err = run(
        capsys, "progress", "record", str(link), "tidy", "alone", "--data", str(MINI)
    )
    assert (status, err) == (0, "")
    assert link.is_symlink()
    assert read_progress(real).stage("tidy") is not None


def test_a_read_only_file_is_refused_not_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "child.json"
    write_progress(Progress(), target)
    before = target.read_bytes()
    target.chmod(0o444)
    status, _, err = run(
        capsys, "progress", "record", str(target), "tidy", "alone", "--data", str(MINI)
    )
    assert status == 3  # the output cannot be written
    assert f"{target}" in err and "read-only" in err
    assert target.read_bytes() == before
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_an_existing_file_keeps_its_mode_and_a_new_one_is_0600(tmp_path: Path) -> None:
    shared = tmp_path / "shared.json"
    write_progress(Progress(), shared)
    shared.chmod(0o640)
    write_progress(Progress().record("a", "nearby", on=date(2026, 1, 1)), shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    new = tmp_path / "new.json"
    old = os.umask(0o022)
    try:
        write_progress(Progress(), new)
    finally:
        os.umask(old)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600


def test_a_write_failure_names_the_users_file_never_a_temporary_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "child.json"

    def full(source: str, destination: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", source)

    monkeypatch.setattr(os, "replace", full)
    status, _, err = run(
        capsys, "progress", "record", str(target), "tidy", "alone", "--data", str(MINI)
    )
    assert status == 3
    assert (
        err == f"independence: error: cannot write the output: No space left on device: {target}\n"
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_written_file_is_json_a_reader_can_use(tmp_path: Path) -> None:
    target = tmp_path / "child.json"
    write_progress(Progress().record("a", "nearby", on=date(2026, 1, 1)), target)
    assert json.loads(target.read_text("utf-8"))["items"][0]["id"] == "a"
