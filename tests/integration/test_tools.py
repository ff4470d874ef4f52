"""Tools for data authors and app test suites: validate, schema, export, the pytest plugin."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, run

import independence
from independence.cli import main
from independence.export import export_document
from independence.testing import assert_valid_catalog

FIXTURES = Path(__file__).parents[1] / "fixtures"
BROKEN = FIXTURES / "invalid" / "unknown-prerequisite.yaml"


def test_validate_success_is_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", str(MINI))
    assert status == 0
    assert err == ""
    assert out == (
        f"{MINI}: valid: 1 source, 2 bands, 2 categories, 4 responsibilities, "
        "1 check-in policy, 1 escalation policy (data version 1.0.0)\n"
    )


def test_validate_prints_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = sorted((FIXTURES / "invalid").glob("*.yaml"))[:5]
    status, out, err = run(capsys, "validate", *map(str, corpus))
    assert status == 1
    lines = out.splitlines()
    assert len(lines) >= 5
    for path in corpus:
        assert any(line.startswith(f"{path}:") for line in lines), path
    assert err.endswith("problems found\n")


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", str(MINI), str(BROKEN), "--json")
    assert status == 1
    report = json.loads(out)
    assert report["valid"] is False
    good, bad = report["catalogs"]
    assert good["valid"] is True
    assert good["counts"]["responsibilities"] == 4
    assert bad["valid"] is False
    (problem,) = bad["problems"]
    assert problem["file"] == str(BROKEN)
    assert problem["path"] == "responsibilities[1].prerequisites[0]"
    assert "did you mean 'tidy'" in problem["message"]
    assert isinstance(problem["line"], int)


def test_validate_missing_path_is_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "validate", str(tmp_path / "nope"))
    assert status == 2
    assert err.count("\n") == 1


def test_schema_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "schema", "bands")
    assert status == 0
    assert json.loads(out)["properties"]["bands"]["type"] == "array"
    status, out, _ = run(capsys, "schema", "--output", str(tmp_path))
    assert status == 0
    assert len(out.splitlines()) == 13  # one per kind: region, schedules and export included
    assert (tmp_path / "responsibilities.schema.json").is_file()
    status, _, err = run(capsys, "schema", "band")
    assert status == 2
    assert "unknown schema 'band'" in err
    status, _, err = run(capsys, "schema")
    assert status == 2
    assert "KIND: name one" in err


def test_export_command_loads_again(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "export", "--format", "json")
    assert status == 0
    path = tmp_path / "all.json"
    path.write_text(out, encoding="utf-8")
    assert independence.load_catalog(path) == independence.default_catalog()


def test_assert_valid_catalog() -> None:
    assert assert_valid_catalog(MINI).info.name == "mini"
    with pytest.raises(AssertionError) as caught:
        assert_valid_catalog(BROKEN)
    message = str(caught.value)
    assert message.startswith(f"{BROKEN}: 1 problem\n{BROKEN}:")
    assert "unknown prerequisite 'tidyy'" in message


def test_plugin_is_registered_and_idle_by_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_plugin_turns_data_files_into_items(pytester: pytest.Pytester) -> None:
    data = pytester.path / "data"
    shutil.copytree(independence.build.data_path(), data)
    shutil.copy(MINI, pytester.path / "extra.yaml")
    shutil.copy(BROKEN, pytester.path / "broken.yaml")
    pytester.makeini(
        "[pytest]\nindependence_data =\n    data/**/*.yaml\n    extra.yaml\n    broken.yaml\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    files = len(list(data.rglob("*.yaml")))
    result.assert_outcomes(passed=files + 1, failed=1)
    result.stdout.fnmatch_lines(
        ["*broken.yaml:*: responsibilities[[]1[]].prerequisites[[]0[]]: unknown prerequisite*"]
    )


def test_plugin_reports_a_file_of_a_folder_with_its_position(pytester: pytest.Pytester) -> None:
    data = pytester.path / "data"
    shutil.copytree(independence.build.data_path(), data)
    bands = data / "bands.yaml"
    bands.write_text(bands.read_text("utf-8").replace("to_month: 24", "to_month: 20"), "utf-8")
    (data / "notes.txt").write_text("not data\n", "utf-8")
    pytester.makeini("[pytest]\nindependence_data = data/**/*.yaml\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=len(list(data.rglob("*.yaml"))) - 2, failed=2)
    result.stdout.fnmatch_lines(["*data/bands.yaml:*: bands[[]1[]].from_month: gap before band*"])
    result.stdout.fnmatch_lines(["*notes.txt: <document>: not a YAML data file*"])


def test_plugin_defers_heavy_imports() -> None:
    code = (
        "import sys, independence.testing; "
        "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_export_is_the_document_as_indented_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The bytes apps diff between versions: what json.dumps(indent=2) gives, UTF-8 kept."""
    import json

    assert main(["export"]) == 0
    out = capsys.readouterr().out
    document = export_document(independence.default_catalog())
    assert out == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.slow
def test_plugin_fails_a_broken_regional_pack_and_a_garbage_mo(pytester: pytest.Pytester) -> None:
    data = pytester.path / "data"
    shutil.copytree(independence.build.data_path(), data)
    gb = data / "regions" / "GB.yaml"
    gb.write_text(
        gb.read_text("utf-8").replace("  code: GB\n", "  code: GB\n  tilte: x\n"), "utf-8"
    )
    (data / "locales" / "es.mo").write_bytes(b"garbage, not a catalogue")
    pytester.makeini("[pytest]\nindependence_data = data/**/*.yaml\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=len(list(data.rglob("*.yaml"))) - 2, failed=2)
    result.stdout.fnmatch_lines(["*data/regions/GB.yaml:6:*region.tilte*"])
    result.stdout.fnmatch_lines(["*data/locales/es.mo: <document>: not a compiled translation*"])


def test_assert_valid_catalog_checks_regions_translations_and_overlays(tmp_path: Path) -> None:
    from independence.testing import assert_valid_catalog, catalog_problems

    data = Path(shutil.copytree(independence.build.data_path(), tmp_path / "data"))
    assert catalog_problems(data) == ()
    (data / "locales" / "ar.mo").write_bytes(b"")
    with pytest.raises(AssertionError, match=r"locales/ar\.mo: <document>: not a compiled"):
        assert_valid_catalog(data)
    (data / "locales" / "ar.mo").unlink()
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "overlay: {name: ours}\ndisable:\n  responsibilities: [{id: nope, reason: r}]\n"
    )
    with pytest.raises(AssertionError, match=r"overlay\.yaml:\d+:\d+: .*nope"):
        assert_valid_catalog(data, [overlay])


def test_plugin_names_items_from_the_project_root(pytester: pytest.Pytester) -> None:
    for name in ("family", "school"):
        shutil.copytree(independence.build.data_path(), pytester.path / "apps" / name / "data")
    pytester.makeini("[pytest]\nindependence_data = apps/*/data/check-ins.yaml\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["*::apps/family/data/check-ins.yaml", "*::apps/school/data/check-ins.yaml"]
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)
