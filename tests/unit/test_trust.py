"""The trust findings: each reproduction from the outside review, and what it must give now."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINI, ROOT
from pydantic import BaseModel, ValidationError

import independence
from independence import CatalogError, load_catalog, with_overlays
from independence._snapshot_digest import DIGEST
from independence.build import SNAPSHOT, build_catalog
from independence.loading import reader, snapshot
from independence.loading.reader import MAX_DEPTH
from independence.model.escalation import DEFAULT_REPROMPT, EscalationPolicy, Repeat
from independence.model.sections import SECTIONS

SRC = ROOT / "src" / "independence"
CLI = str(Path(sys.executable).with_name("independence"))


def problems_of(path: Path, overlays: tuple[Path, ...] = ()) -> tuple[independence.Problem, ...]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, overlays)
    return caught.value.problems


# 1. the same positioned message whichever libyaml is installed


@pytest.mark.parametrize(
    "text", ["catalog: " + "[" * 2000, "catalog:\n" + "".join("  " * k + "- \n" for k in range(60))]
)
def test_deep_nesting_is_our_positioned_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, "utf-8")
    (problem,) = problems_of(path)
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep; reading stopped"
    assert problem.file == str(path)
    assert problem.line is not None


# 2 and 3. no code from disk, nothing written, nothing stale


def test_the_package_deserialises_no_code() -> None:
    words = ("pickle", "marshal", "shelve")
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in SRC.rglob("*.py")
        for word in words
        if word in path.read_text("utf-8")
    ]
    assert not found


def test_a_default_run_writes_nothing_to_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "INDEPENDENCE_"))}
    env["HOME"] = str(home)
    done = subprocess.run(
        [CLI, "suggest", "--age", "8"], env=env, capture_output=True, text=True, check=True
    )
    assert "Age 8y" in done.stdout
    assert list(home.rglob("*")) == []


def test_the_default_catalogue_is_read_without_parsing_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the default catalogue parsed YAML")

    monkeypatch.setattr(reader, "read_yaml", refuse)
    monkeypatch.setattr(reader, "_walk", refuse)
    monkeypatch.setattr(reader, "_quick_walk", refuse)
    catalog = _load()
    assert len(catalog.responsibilities) == len(independence.default_catalog().responsibilities)


def test_the_snapshot_is_the_yaml_compiled() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_default.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_snapshot_and_yaml_give_equal_catalogues() -> None:
    from_yaml = load_catalog(DATA)
    from_snapshot = _load()
    assert from_snapshot == from_yaml
    some = from_yaml.responsibilities[7].id
    assert from_snapshot.provenance(some) == from_yaml.provenance(some)


def test_each_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = shutil.copytree(DATA, tmp_path / "data")
    reads: list[str] = []
    original = reader.read_data_file

    def counting(path: str | os.PathLike[str]) -> tuple[bytes | None, str | None]:
        reads.append(os.fspath(path))
        return original(path)

    monkeypatch.setattr(reader, "read_data_file", counting)
    load_catalog(data)
    assert sorted(reads) == sorted(set(reads))
    # regional packs are read only when a region is asked for (independence.regional)
    skipped = ("schemas", "regions")
    assert len(reads) == len([p for p in data.rglob("*.yaml") if not set(skipped) & set(p.parts)])


def test_provenance_and_overlays_never_read_the_disk_again(tmp_path: Path) -> None:
    data = shutil.copytree(DATA, tmp_path / "data")
    catalog = load_catalog(data)
    title = catalog.responsibility("walk-to-school-alone").title
    before = catalog.provenance("walk-to-school-alone")
    shutil.rmtree(data)  # whatever is on disk now cannot change the catalogue
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "overlay: {name: later}\nshift: [{ids: [walk-to-school-alone], months: 6, reason: r}]\n"
    )
    later = with_overlays(catalog, overlay)
    assert later.responsibility("walk-to-school-alone").title == title
    assert catalog.provenance("walk-to-school-alone") == before
    assert [e.action for e in later.provenance("walk-to-school-alone")] == ["defined", "shift"]


def test_an_edited_file_is_never_positioned_from_its_new_bytes(tmp_path: Path) -> None:
    data = shutil.copytree(DATA, tmp_path / "data")
    catalog = load_catalog(data)
    bands = data / "bands.yaml"
    bands.write_text("\n" * 50 + bands.read_text("utf-8"), "utf-8")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "overlay: {name: x}\nshift: [{ids: [put-toys-away], months: -200, reason: r}]\n"
    )
    with pytest.raises(CatalogError):
        with_overlays(catalog, overlay)
    # a base record's position read from changed bytes would be 50 lines off: none is given
    entry = catalog.provenance(catalog.bands[0].id, "bands")[0]
    assert entry.line is None or entry.line < 50


# 4 and 6. bounded cost on hostile input, every one a positioned CatalogError


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("16 MiB of empty records", "values in one file; reading stopped"),
        ("16 MiB of zeros", "values in one file; reading stopped"),
        ("1.3 million unknown keys", "keys: no record has more than"),
        ("1 MiB of records with problems", "more records not checked"),
        ("80,000 prerequisites on one record", "more than once"),
        ("4,000 unknown prerequisites", "more problems between records not shown"),
        ("overlay disabling 20,000 records", "cannot disable unknown responsibility"),
        ("a 5,000-digit number", "a whole number of 5,000 digits is too large"),
        ("a 3 GB sparse file", "the limit is 16,777,216 bytes"),
        ("a link to /dev/zero", "not a regular file (a device)"),
        ("a named pipe", "not a regular file (a named pipe)"),
        ("a folder linking to itself", "a link to a folder that is already read"),
        ("500,000 duplicate keys", "more than 1,000 problems in this file; reading stopped"),
    ],
)
def test_hostile_input_ends_in_a_catalog_error(tmp_path: Path, name: str, expected: str) -> None:
    from benchmarks.hostile import write_hostile

    # small scales keep the suite fast; the cap-hitting inputs need enough values to hit them
    scale = {"16 MiB of empty records": 0.3, "16 MiB of zeros": 0.15}.get(name, 0.3)
    if name == "1.3 million unknown keys":
        scale = 0.01
    if name == "4,000 unknown prerequisites":
        scale = 0.3
    if name == "500,000 duplicate keys":
        scale = 0.01  # 5,000 duplicates: past the reader's problem cap
    path, overlays = write_hostile(tmp_path, name, scale)
    problems = problems_of(path, tuple(overlays))
    assert any(expected in problem.message for problem in problems), problems[:3]
    assert len(problems) <= 1000 + 20
    assert all(problem.file is not None for problem in problems)


@pytest.mark.parametrize(
    "text",
    [
        'catalog: {name: "\\e]0;pwned\\a\\e[2J", data_version: 1.0.0, description: d}\n',
        'catalog: {name: "a\\0b", data_version: 1.0.0, description: d}\n',
        'catalog: {name: "a\\x85b", data_version: 1.0.0, description: d}\n',
    ],
)
def test_escaped_control_characters_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cat.yaml"
    path.write_text(text, "utf-8")
    problems = problems_of(path)
    control = [p for p in problems if "control character" in p.message]
    assert control
    assert (control[0].line, control[0].column) == (1, 17)


def test_records_built_in_python_refuse_control_characters() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        independence.model.Category(id="a", title="x\x1b[2J", description="d")
    assert independence.model.Category(id="a", title="two\nlines\tand a tab", description="d")


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_an_unreadable_file_is_a_problem_and_the_others_are_still_checked(
    tmp_path: Path, kind: str
) -> None:
    data = shutil.copytree(DATA, tmp_path / "data")
    broken = data / "responsibilities" / "zz-broken.yaml"
    os.symlink(broken if kind == "loop" else tmp_path / "nowhere.yaml", broken)
    bands = data / "bands.yaml"
    bands.write_text(bands.read_text("utf-8").replace("to_month: 24", "to_month: 20"), "utf-8")
    problems = problems_of(data)
    assert any(p.file == str(broken) and "cannot read it" in p.message for p in problems)
    assert any(p.file == str(bands) and "gap before band" in p.message for p in problems)


# 5. nothing silently dropped


def test_a_linked_responsibilities_folder_is_read(tmp_path: Path) -> None:
    data = shutil.copytree(DATA, tmp_path / "data")
    shutil.move(data / "responsibilities", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", data / "responsibilities")
    assert len(load_catalog(data).responsibilities) == len(load_catalog(DATA).responsibilities)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("shift: [{ids: [tidy, tidy], months: 6, reason: r}]\n", "shift[0].ids[1]"),
        (
            "disable:\n  responsibilities:\n"
            "    [{id: make-bed, reason: r}, {id: make-bed, reason: r}]\n",
            "disable.responsibilities[1].id",
        ),
        (
            "override:\n  responsibilities: [{id: tidy, title: A}, {id: tidy, title: B}]\n",
            "override.responsibilities[1].id",
        ),
    ],
)
def test_an_overlay_gives_each_id_once(tmp_path: Path, body: str, where: str) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text("overlay: {name: twice}\n" + body, "utf-8")
    problems = problems_of(MINI, (overlay,))
    (problem,) = [p for p in problems if "listed twice" in p.message]
    assert (problem.file, problem.path) == (str(overlay), where)
    assert problem.line is not None and problem.line >= 2


def test_disabling_a_band_points_at_the_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text("overlay: {name: x}\ndisable:\n  bands: [{id: young, reason: r}]\n")
    problems = problems_of(MINI, (overlay,))
    (gap,) = [p for p in problems if "no band" in p.message]
    assert gap.file == str(overlay)
    assert gap.line == 3
    assert "disabling band 'young' leaves months 0 to" in gap.message


def test_a_note_for_an_id_only_a_disabled_source_had_is_refused(tmp_path: Path) -> None:
    catalog = load_catalog(DATA)
    source = catalog.sources[-1].id
    assert source not in {item.id for item in catalog.responsibilities}
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "overlay: {name: x}\n"
        f"disable:\n  sources: [{{id: {source}, reason: r}}]\n"
        "add:\n  perspectives:\n"
        "    - perspective: {id: extra, title: Extra, description: d}\n"
        "      general: [g]\n"
        f"      responsibilities: [{{id: {source}, text: t}}]\n",
        "utf-8",
    )
    problems = problems_of(DATA, (overlay,))
    assert any(f"unknown responsibility {source!r}" in p.message for p in problems), problems


def test_the_plugin_reports_problems_of_files_its_globs_miss(pytester: pytest.Pytester) -> None:
    data = pytester.path / "data"
    shutil.copytree(DATA, data)
    bands = data / "bands.yaml"
    bands.write_text(bands.read_text("utf-8").replace("to_month: 24", "to_month: 20"), "utf-8")
    pytester.makeini("[pytest]\nindependence_data = data/responsibilities/*.yaml\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(
        passed=len(list((data / "responsibilities").glob("*.yaml"))) - 1, failed=1
    )
    result.stdout.fnmatch_lines(["*data/bands.yaml:*: bands[[]1[]].from_month: gap before band*"])


# 7. no tracebacks: closed or full output


@pytest.mark.parametrize("command", ["export", "schema", "bands", "suggest --age 8 --json"])
def test_a_closed_stdout_fails_with_one_line(command: str) -> None:
    done = subprocess.run(["bash", "-c", f"'{CLI}' {command} >&-"], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1
    assert "standard output is closed" in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        "export",
        "bands",
        "show put-toys-away",
        "suggest --age 8 --limit 1",
        "--help",
        "suggest --help",
    ],
)
def test_a_full_stdout_is_an_output_failure_not_usage(command: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [CLI, *command.split()], stdout=full, stderr=subprocess.PIPE, text=True, env=env
        )
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "independence: error: cannot write the output: No space left on device"
    ]


def test_help_in_another_language_to_a_full_stdout_is_an_output_failure() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [CLI, "--locale", "es", "suggest", "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "independence: error: no se puede escribir la salida: No space left on device"
    ]


# 8. no process-wide switches


def test_loading_leaves_the_garbage_collector_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a load may keep what it builds out of full passes while it runs (gc.freeze, issue 28),
    # but never switches the collector off and leaves nothing frozen (tests/unit/test_collector)
    switched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("disable"))
    monkeypatch.setattr(gc, "set_threshold", lambda *_: switched.append("set_threshold"))
    before = gc.get_freeze_count()
    load_catalog(DATA)
    _load()
    assert switched == []
    assert gc.isenabled() and gc.get_freeze_count() == before


# the packaged snapshot is built without validation only behind its digest (issue 28)


def _packaged() -> bytes:
    return (SRC / SNAPSHOT).read_bytes()


def _load() -> independence.Catalog:
    """The default catalogue as the front door builds it from the packaged snapshot."""
    parts = snapshot.snapshot_parts(_packaged(), str(independence.build.data_path()), DIGEST)
    return build_catalog(parts, checked=True)


def _same_records(built: object, validated: object, where: str) -> None:
    """Equal, and of the same types all the way down, with the same fields given."""
    assert type(built) is type(validated), where
    if isinstance(built, BaseModel):
        assert isinstance(validated, BaseModel)
        assert built.model_fields_set == validated.model_fields_set, where
        assert built.__pydantic_private__ == validated.__pydantic_private__, where
        assert list(built.__dict__) == list(validated.__dict__), where  # repr's order too
        for name, value in built.__dict__.items():
            _same_records(value, validated.__dict__[name], f"{where}.{name}")
    elif isinstance(built, tuple | list):
        assert isinstance(validated, tuple | list) and len(built) == len(validated), where
        for number, (one, other) in enumerate(zip(built, validated, strict=True)):
            _same_records(one, other, f"{where}[{number}]")
    elif isinstance(built, dict):
        assert isinstance(validated, dict) and built.keys() == validated.keys(), where
        for key, value in built.items():
            _same_records(value, validated[key], f"{where}/{key}")
    else:
        assert built == validated, where


def test_the_constructed_snapshot_is_the_validated_one() -> None:
    data, root = _packaged(), str(DATA)
    built, validated = (
        snapshot.constructed_parts(data, root),
        snapshot.parts_from_snapshot(data, root),
    )
    for name in ("info", *SECTIONS):
        ours, theirs = built.section(name).entries, validated.section(name).entries
        assert len(ours) == len(theirs), name
        for number, ((record, origin), (other, other_origin)) in enumerate(
            zip(ours, theirs, strict=True)
        ):
            _same_records(record, other, f"{name}[{number}]")
            assert origin == other_origin and origin.place() == other_origin.place()
    assert independence.Catalog.from_parts(built, checked=True) == independence.Catalog.from_parts(
        validated, checked=True
    )


def test_the_digest_is_the_packaged_snapshots() -> None:
    assert snapshot.digest_of(_packaged()) == DIGEST, (
        "stale digest: run python scripts/compile_default.py"
    )


def test_the_packaged_snapshot_is_not_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes, root: str) -> object:
        raise AssertionError("the packaged snapshot was validated again")

    monkeypatch.setattr(snapshot, "parts_from_snapshot", refuse)
    catalog = independence.Catalog.from_parts(
        snapshot.snapshot_parts(_packaged(), str(DATA), DIGEST), checked=True
    )
    assert catalog == independence.default_catalog()


def test_changed_snapshot_bytes_are_validated() -> None:
    packaged = _packaged()
    # still JSON, still the same shape, but a title that shows nothing
    changed = re.sub(rb'"title": "[^"]+"', b'"title": ""', packaged, count=1)
    assert changed != packaged
    snapshot.constructed_parts(changed, str(DATA))  # construction alone would not notice
    with pytest.raises(ValidationError):
        snapshot.snapshot_parts(changed, str(DATA), DIGEST)


def test_a_wrong_digest_means_validation_not_refusal() -> None:
    # the bytes are good, the digest is not theirs: read through pydantic, the same catalogue
    catalog = independence.Catalog.from_parts(
        snapshot.snapshot_parts(_packaged(), str(DATA), "0" * 64), checked=True
    )
    assert catalog == independence.default_catalog()


def test_the_default_reprompt_is_what_validation_gives() -> None:
    built = EscalationPolicy.model_fields["reprompt"].get_default(call_default_factory=True)
    validated = Repeat.model_validate(DEFAULT_REPROMPT)
    assert built == validated and built.model_fields_set == validated.model_fields_set


def test_suggest_builds_no_validator() -> None:
    # the clean path of the command line constructs the packaged snapshot: no schema is
    # built, so pydantic's plugin loader (importlib.metadata, an entry-point scan) never runs
    code = (
        "import contextlib, io, sys\n"
        "from independence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['suggest', '--age', '8']) == 0\n"
        "print('pydantic.plugin._loader' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
