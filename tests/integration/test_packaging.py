"""The built wheel, installed in a fresh virtual environment and run outside the source tree."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import independence

pytestmark = pytest.mark.slow  # see [tool.pytest.ini_options] markers

ROOT = Path(__file__).resolve().parents[2]
DEPENDENCIES = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "typing_extensions",
    "annotated_types",
    "typing_inspection",
)


def shipped_data() -> set[str]:
    data = ROOT / "data"
    return {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "pyproject.toml").is_file():  # pragma: no cover - tests run from a checkout
        pytest.fail("the wheel test needs the source checkout")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = dist.glob("independence-*.whl")
    return found


def test_wheel_holds_every_data_file_and_the_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = {
        n.removeprefix("independence/data/") for n in names if n.startswith("independence/data/")
    }
    assert packaged == shipped_data()
    assert "independence/py.typed" in names
    assert "independence/default_catalog.json" in names
    license_file = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
    assert "MIT License" in zipfile.ZipFile(wheel).read(license_file).decode()
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    header = zipfile.ZipFile(wheel).read(metadata).decode()
    for classifier in ("3.11", "3.12", "3.13", "Development Status", "Topic"):
        assert any(
            line.startswith("Classifier: ") and classifier in line for line in header.splitlines()
        )
    # the README is the package's page on an index: a relative link there leads nowhere
    targets = re.findall(r"\]\(([^)]*)\)|\bhref=\"([^\"]*)\"", header)
    assert [t for pair in targets for t in pair if t and not t.startswith("https://")] == []
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "independence = independence.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )


def test_wheel_runs_in_a_fresh_venv_outside_the_tree(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    # The runtime dependencies come from this environment (no network needed): a .pth file
    # adds the folders that hold them, and only them, to the fresh environment's path.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folders = set()
    for name in DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        folders.add(str(Path(spec.origin).parent.parent))
    Path(purelib, "dependencies.pth").write_text("\n".join(sorted(folders)) + "\n", "utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(bin_dir / "independence"), "suggest", "--age", "8"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Age 8y (")
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import independence as i; c = i.default_catalog(); print(i.__file__); "
            "print(len(c.responsibilities)); print(c.suggest(8)[:1])",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, count, first = probe.stdout.splitlines()
    assert Path(location).is_relative_to(env_dir)
    assert int(count) == len(independence.default_catalog().responsibilities)
    assert first.startswith("[Suggestion(id=")


def test_editable_or_installed_data_is_the_source_data() -> None:
    folder = independence.build.data_path()
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert found == shipped_data()
    assert sysconfig.get_paths()["purelib"]  # the environment is a real installation


def test_the_wheel_has_the_version_written_in_the_package(wheel: Path) -> None:
    # one version source: pyproject.toml reads src/independence/_version.py
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    assert f"\nVersion: {independence.__version__}\n" in text
    assert wheel.name.startswith(f"independence-{independence.__version__}-")
