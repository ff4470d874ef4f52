"""Measure independence against the floor its dependencies set, side by side, in one run.

    python -m benchmarks            # full run: sizes 1k, 10k and 100k (takes minutes)
    python -m benchmarks --quick    # small sizes, few repeats: what CI runs so it cannot rot

Every figure is a ratio of two things measured in the same run on the same machine, so a busy
machine slows both sides. Nothing here asserts a timing; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

import independence
from benchmarks.hostile import HOSTILE, write_hostile
from benchmarks.synthetic import write_catalog
from independence._default import SNAPSHOT
from independence.loading.loader import FILE_KINDS, FOLDER_KINDS
from independence.loading.snapshot import Snapshot, parts_from_snapshot

ROOT = Path(__file__).resolve().parent.parent

PYTHON = sys.executable
DAY = date(2026, 3, 1)
SCRIPT = str(Path(sys.executable).with_name("independence"))


def _median_runs(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, float]:
    """Median wall time of each command, the commands interleaved run by run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _best(action: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _bare_parse(folder: Path) -> None:
    for path in sorted(folder.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def _per_call(action: Callable[[], object], number: int) -> float:
    """Median over 5 batches of the time per call, in microseconds."""
    batches = timeit.repeat(action, number=number, repeat=5)
    return statistics.median(batches) / number * 1e6


def _peak_memory(folder: Path) -> float:
    """Peak resident memory (MiB) of a fresh process loading ``folder``, minus its imports.

    Read from VmHWM in /proc (reset by exec); getrusage's ru_maxrss would carry this process's
    own peak over into the child on Linux.
    """
    code = (
        "import sys, independence, independence.catalog, independence.loading.loader\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1])\n"
        "before = peak()\n"
        "independence.load_catalog(sys.argv[1])\n"
        "print(before, peak())\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", code, str(folder)], capture_output=True, text=True, check=True
    ).stdout.split()
    return (int(out[1]) - int(out[0])) / 1024


def row(name: str, ours: float, floor: float, unit: str, goal: str) -> None:
    print(f"  {name:<44} {ours:>10.3f} {floor:>10.3f} {unit:<3} {ours / floor:>6.2f}x  {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats")
    args = parser.parse_args()
    quick = args.quick
    sizes = [100, 300] if quick else [1_000, 10_000, 100_000]
    runs = 3 if quick else 15

    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    print(f"machine: {machine}, Python {platform.python_version()}")
    print(f"independence {independence.__version__}, data {independence.DATA_VERSION}")
    print(f"  {'measure':<44} {'ours':>10} {'floor':>10}     {'ratio':>7}  goal")

    with tempfile.TemporaryDirectory() as scratch:
        # Bytecode as an installed package has it (pip compiles it at install time): without
        # this, a PYTHONDONTWRITEBYTECODE environment would compile our modules on every run
        # while the dependencies' bytecode is already there.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["HOME"] = os.path.join(scratch, "home")  # proof by use: nothing needs a home
        floor_cmd = [PYTHON, "-c", "from pydantic import BaseModel; import yaml"]
        cli = [SCRIPT, "suggest", "--age", "8"]
        subprocess.run(cli, stdout=subprocess.DEVNULL, check=True, env=env)  # bytecode
        cold = _median_runs({"floor": floor_cmd, "cli": cli}, runs, env)
        row("cold start: suggest --age 8, s", cold["cli"], cold["floor"], "s", "<= 1.3x")
        one_model = [
            PYTHON,
            "-c",
            "from pydantic import BaseModel; import yaml\n"
            "class M(BaseModel):\n    x: int\nM.model_validate_json(b'{\"x\": 1}')",
        ]
        defined = _median_runs({"floor": one_model, "cli": cli}, runs, env)
        row(
            "cold start vs a process validating one model, s",
            defined["cli"],
            defined["floor"],
            "s",
            "(context: any validation builds a schema)",
        )
        localised = _median_runs({"english": cli, "es": [*cli, "--locale", "es"]}, runs, env)
        row(
            "cold start: suggest --age 8 --locale es vs none",
            localised["es"],
            localised["english"],
            "s",
            "<= 1.2x",
        )

        data = Path(independence.data_path())
        repeats = 3 if quick else 10
        packaged = (Path(independence.__file__).parent / SNAPSHOT).read_bytes()
        adapter = TypeAdapter(Snapshot)
        adapter.validate_json(packaged)  # both sides with their schemas built
        snap = _best(lambda: parts_from_snapshot(packaged, str(data)), repeats)
        plain = _best(lambda: adapter.validate_json(packaged), repeats)
        row("default load: snapshot vs validate_json, s", snap, plain, "s", "(same bytes)")
        ours = _best(lambda: independence.load_catalog(data), repeats)
        row("default load: YAML path vs snapshot, s", ours, snap, "s", "(why it ships)")
        bare = _best(lambda: _bare_parse(data), repeats)
        row("default YAML load vs bare C parse, s", ours, bare, "s", "<= 1.5x")
        naive = _best(lambda: _safe_load_validate(data), repeats)
        row("default YAML load vs safe_load + validate, s", ours, naive, "s", "(what users write)")

        loads: dict[int, float] = {}
        catalogs: dict[int, independence.Catalog] = {}
        for size in sizes:
            folder = write_catalog(Path(scratch) / f"syn-{size}", size)
            tries = 2 if size >= 100_000 or quick else 3  # best of: one run is too noisy
            ours = _best(partial(independence.load_catalog, folder), tries)
            bare = _best(partial(_bare_parse, folder), 1 if size >= 100_000 else tries)
            loads[size] = ours
            catalogs[size] = independence.load_catalog(folder)
            goal = "<= 1.5x" if size == 10_000 else ""
            row(f"load {size:,} items vs bare C parse, s", ours, bare, "s", goal)
            print(
                f"  {'peak memory loading ' + format(size, ',') + ' items, MiB':<44} "
                f"{_peak_memory(folder):>10.1f}"
                f"{'  goal < 1024 at 100k' if size == 100_000 else ''}"
            )
        small, large = sizes[-2], sizes[-1]
        print(
            f"  load growth {large:,} / {small:,}: {loads[large] / loads[small]:.1f}x for "
            f"{large // small}x the items (goal: linear, <= 12x for 10x)"
        )

        default = independence.default_catalog()
        age = independence.Age(years=8)
        mastered = {r.id for r in list(default.responsibilities)[::5][:30]}
        number = 2_000 if quick else 20_000
        base_only = _per_call(lambda: default.suggest(age), number)
        spanish = independence.default_catalog(locale="es")
        es_only = _per_call(lambda: spanish.suggest(age), number)
        es_personal = _per_call(lambda: spanish.suggest(age, mastered=mastered), number)
        row("suggest age-only, es vs no locale, us", es_only, base_only, "us", "<= 1.2x")
        base_personal = _per_call(lambda: default.suggest(age, mastered=mastered), number)
        row(
            "suggest personalised, es vs no locale, us", es_personal, base_personal, "us", "<= 1.2x"
        )
        band = _per_call(lambda: default.band_for(age), number)
        # one child's progress over the same 30 items: every other one mastered (alone), the
        # rest part-way up their ladders (nearby), so both halves of the answer are exercised
        progress = independence.Progress()
        for position, id in enumerate(sorted(mastered)):
            progress = progress.record(id, "nearby" if position % 2 else "alone", on=DAY)
        items = progress.items
        with_progress = _per_call(lambda: default.suggest(age, progress=progress), number)
        fresh = _per_call(
            lambda: default.suggest(
                age, progress=independence.Progress.model_construct(items=items)
            ),
            number // 4,
        )
        print(f"  suggest age-only, default catalogue: {base_only:.2f} us (goal <= 5)")
        print(f"  suggest personalised (30 mastered), default: {base_personal:.2f} us (goal <= 25)")
        row(
            "suggest, 30-item progress vs 30 mastered, us",
            with_progress,
            base_personal,
            "us",
            "<= 1.2x",
        )
        row(
            "the same, a new Progress object each call, us",
            fresh,
            base_personal,
            "us",
            "(context: a record parsed per request)",
        )
        print(f"  band_for: {band:.2f} us (goal <= 1)")
        big = catalogs[sizes[1] if not quick else sizes[-1]]
        big_mastered = {r.id for r in list(big.responsibilities)[::37][:30]}
        big_only = _per_call(lambda: big.suggest(age), number)
        big_personal = _per_call(lambda: big.suggest(age, mastered=big_mastered), number // 10)
        print(f"  suggest age-only, {len(big):,} items: {big_only:.2f} us (goal <= 15, 3x of 5)")
        print(
            f"  suggest personalised, {len(big):,} items: {big_personal:.2f} us "
            "(goal <= 75, 3x of 25)"
        )
        _hostile(Path(scratch) / "hostile", 0.05 if quick else 1.0)
    print("benchmarks: done")


def _hostile(folder: Path, scale: float) -> None:
    """Each hostile input in a fresh process: wall time and peak memory to its CatalogError."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import independence\n"
        "path, overlays = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    independence.load_catalog(path, overlays)\n"
        "    outcome = 'loaded'\n"
        "except independence.CatalogError as error:\n"
        "    outcome = f'CatalogError ({len(error.problems)} problems)'\n"
        "took = time.perf_counter() - start\n"
        "peak = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print(f'{took:.2f} {peak[0] / 1024:.0f} {outcome}')\n"
    )
    print(f"  hostile inputs at scale {scale} (goal: CatalogError within 30 s and 2048 MiB)")
    for name in HOSTILE:
        path, overlays = write_hostile(folder, name, scale)
        done = subprocess.run(
            [PYTHON, "-c", code, str(path), *map(str, overlays)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            cwd=ROOT,
        )
        took, peak, outcome = done.stdout.split(" ", 2)
        print(f"    {name:<40} {float(took):>7.2f} s {float(peak):>7.0f} MiB  {outcome.strip()}")


def _safe_load_validate(folder: Path) -> None:
    """What a user might write instead: safe_load every file and validate its records.

    It is not even right: YAML 1.1 reads the ``mode: off`` of a check-in policy as ``False``,
    which fails validation (the error is ignored here, so that the time is comparable).
    """
    for path in sorted(folder.rglob("*.yaml")):
        if "schemas" in path.parts or "regions" in path.parts:
            continue
        document = yaml.safe_load(path.read_bytes())
        model = FILE_KINDS.get(path.name) or FOLDER_KINDS[path.parent.name]
        with contextlib.suppress(ValidationError):
            model.model_validate(document)


if __name__ == "__main__":
    main()
