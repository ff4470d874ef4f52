"""Measure independence against the floor its dependencies set, side by side, in one run.

    python -m benchmarks            # full run: sizes 1k, 10k and 100k (takes minutes)
    python -m benchmarks --quick    # small sizes, few repeats: what CI runs so it cannot rot
    python -m benchmarks --profile  # and where a synthetic YAML load spends its time
    python -m benchmarks --only yaml  # only the synthetic YAML loads (issue 28's YAML goals)

Every figure is a ratio of two things measured in the same run on the same machine, so a busy
machine slows both sides. A figure with a goal says whether it is met, or by how much it is
missed. Nothing here asserts a timing; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
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
from typing import Final

import yaml
from pydantic import TypeAdapter

import independence
from benchmarks.hostile import HOSTILE, READERS, write_hostile, write_reader_input
from benchmarks.synthetic import write_catalog
from independence.build import SNAPSHOT
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


def _best_interleaved(actions: dict[str, Callable[[], object]], tries: int) -> dict[str, float]:
    """The best time of each action over ``tries`` rounds, the actions interleaved in each
    round, so that both sides of a comparison get the same tries on the same minutes."""
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(tries):
        for name, action in actions.items():
            start = time.perf_counter()
            result = action()
            best[name] = min(best[name], time.perf_counter() - start)
            del result  # freed after the clock stops: freeing a catalogue is not loading it
    return best


def _bare_parse(folder: Path) -> None:
    for path in sorted(folder.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def _events_only(folder: Path) -> None:
    """libyaml's events and nothing else: the floor of any reader built on PyYAML's C parser."""
    for path in sorted(folder.rglob("*.yaml")):
        for _ in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
            pass


def _megabytes(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*.yaml")) / 1e6


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


def verdict(measured: float, goal: str) -> str:
    """``met``, or by how much ``measured`` misses ``goal`` (``<= 1.5``, ``>= 20``, ``< 1024``).

    The shortfall is a share of the goal: 2.0 against ``<= 1.5`` is missed by 33%, 5 MB/s
    against ``>= 20`` by 75%.
    """
    bound, target = goal.split()[:2]
    limit = float(target.rstrip("x").replace(",", ""))
    if bound in ("<=", "<"):
        met = measured <= limit if bound == "<=" else measured < limit
        short = measured / limit - 1
    else:
        met = measured >= limit if bound == ">=" else measured > limit
        short = 1 - measured / limit
    return "met" if met else f"missed by {short:.0%}"


#: What limits each figure that has a goal, printed on the line under its row whether the goal
#: is met or missed, so that a reader of a missed goal always finds the reason beside it and the
#: report has the same shape on a quiet and on a busy machine (docs/performance.md, "What is
#: left", has the measurements behind each). A row with a goal must name one of these.
WHY: Final = {
    "cold start": "the floor already pays pydantic's first schema (its fields, types and "
    "plugin loader); on top of it come our modules and model classes, the command line's "
    "parser, and reading the packaged snapshot (built behind its digest check, not validated "
    "again, so no schema is built at all)",
    "locale start": "a locale reads its .mo catalogue and translates the records once: about "
    "1.1x on a quiet machine; two processes timed on a busy one can differ by more than that",
    "YAML": "the reader walks libyaml's events itself, so that every value keeps its line and "
    "column, and validates every record; the bare parse does neither",
    "MB/s": "the floor is libyaml's events alone (the C parse and PyYAML's Python event "
    "objects, nothing kept), which the load pays too; on top of them it walks every event into "
    "values (one Python step per event, about 0.4x the events' time for plain text), validates "
    "each record with pydantic as soon as it is read, and builds the checks and indexes, all "
    "in Python; PyYAML's C composer would cost three times the events (--profile shows the "
    "shares; docs/performance.md has them stage by stage)",
    "memory": "every record is kept as validated pydantic models (a field dict and a field "
    "set for each model: the record and its three ladder steps), with its origin; positions "
    "are read again only when a message needs one",
    "growth": "the work per record is the same at every size, each record is validated while "
    "it is fresh, and the collector's passes skip what the load has built (frozen every few "
    "dozen records, undone at the load's end); what is left is a larger heap's slower memory",
    "locale query": "a locale swaps in the translated record for each suggestion: one more "
    "dictionary look-up per item",
    "suggest": "a query walks the age index and builds one Suggestion record per answer",
    "personalised": "a personalised query also walks prerequisites and sorts catch-up items",
    "progress": "a Progress answer is memoised per record object; a fresh object pays the "
    "personalised walk",
    "band_for": "a binary search over the bands' starting months",
    "lookup": "one dictionary look-up in the catalogue's index, and a method call",
    "hostile": "each hostile file must be refused by a reader's cap before it is read whole; "
    "a miss means a cap is missing (a bug), not a slow machine",
    "readers": "the worst file found for this reader within its caps (size, depth, digits, "
    "values, entries): a miss means a cap is missing or too loose, not a slow machine",
    "session events": "a fresh process reads, validates and replays the whole log; the rules "
    "are applied once per event, never by replaying what came before",
    "session add": "the engine's work per event is constant, but add() copies the events "
    "tuple (a few nanoseconds per event already there) and the cyclic collector walks the "
    "growing log; extend() adds a whole log with one copy, as escalate --events does",
}


def row_lines(
    name: str, ours: float, floor: float | None, unit: str, goal: str = "", why: str = ""
) -> list[str]:
    """The lines of one measure: its figures, the goal with its verdict, and the why line.

    A measure with a floor is judged on the ratio ``ours / floor``, one without on its value. A
    goal that starts with a bound (``<=``, ``>=``, ``<``, ``>``) gets a verdict and, on the next
    line, the reason from :data:`WHY` named by ``why``, met or missed; a goal in parentheses is
    context and is not judged.
    """
    judged_goal = goal.startswith(("<", ">"))
    if judged_goal and why not in WHY:
        raise ValueError(f"the goal of {name!r} names no reason in WHY: {why!r}")
    if floor is None:
        value = ours
        figures = f"{ours:>10.3f} {'':>10} {unit:<4} {'':>7}"
    else:
        value = ours / floor
        figures = f"{ours:>10.3f} {floor:>10.3f} {unit:<4} {value:>6.2f}x"
    verdict_text = f"  {verdict(value, goal)}" if judged_goal else ""
    lines = [f"  {name:<44} {figures}  {goal}{verdict_text}".rstrip()]
    if judged_goal:
        lines.append(f"    why: {WHY[why]}")
    return lines


def row(name: str, ours: float, floor: float, unit: str, goal: str, why: str = "") -> None:
    """One measure against its floor: the ratio, and the goal on the ratio with its verdict."""
    print("\n".join(row_lines(name, ours, floor, unit, goal, why)))


def single(name: str, value: float, unit: str, goal: str = "", why: str = "") -> None:
    """One measure without a floor; a goal on its value gets a verdict."""
    print("\n".join(row_lines(name, value, None, unit, goal, why)))


def profile_load(folder: Path, top: int = 15) -> None:
    """The YAML load of ``folder`` under cProfile: its ``top`` functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(independence.load_catalog, folder)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print(f"  profile of one load of {folder.name} (cProfile, top {top} by cumulative time):")
    for line in lines[start:]:
        if line.strip():
            print(f"    {line.rstrip()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one synthetic YAML load and print its top functions",
    )
    parser.add_argument(
        "--only",
        choices=["yaml"],
        help="run only these rows: yaml, the synthetic YAML loads against their floors (issue "
        "28's throughput, memory and growth goals)",
    )
    parser.add_argument(
        "--tries",
        type=int,
        default=None,
        metavar="N",
        help="rounds of the interleaved synthetic loads (best of N; default 3, 2 with --quick)",
    )
    args = parser.parse_args()
    quick = args.quick
    sizes = [100, 300] if quick else [1_000, 10_000, 100_000]
    runs = 3 if quick else 15
    tries = args.tries if args.tries is not None and args.tries > 0 else 2 if quick else 3

    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    print(f"machine: {machine}, Python {platform.python_version()}")
    print(f"independence {independence.__version__}, data {independence.DATA_VERSION}")
    print(f"  {'measure':<44} {'ours':>10} {'floor':>10}     {'ratio':>7}  goal")
    if args.only == "yaml":
        with tempfile.TemporaryDirectory() as scratch:
            _synthetic(Path(scratch), sizes, quick=quick, profile=args.profile, tries=tries)
        print("benchmarks: done")
        return

    with tempfile.TemporaryDirectory() as scratch:
        # Bytecode as an installed package has it (pip compiles it at install time): without
        # this, a PYTHONDONTWRITEBYTECODE environment would compile our modules on every run
        # while the dependencies' bytecode is already there.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["HOME"] = os.path.join(scratch, "home")  # proof by use: nothing needs a home
        floor_cmd = [PYTHON, "-c", "from pydantic import BaseModel; import yaml"]
        cli = [SCRIPT, "suggest", "--age", "8"]
        subprocess.run(cli, stdout=subprocess.DEVNULL, check=True, env=env)  # bytecode
        one_model = [
            PYTHON,
            "-c",
            "from pydantic import BaseModel; import yaml\n"
            "class M(BaseModel):\n    x: int\nM.model_validate_json(b'{\"x\": 1}')",
        ]
        # the three processes interleaved run by run, medians of the same number of runs
        cold = _median_runs({"imports": floor_cmd, "model": one_model, "cli": cli}, runs, env)
        # ours: `independence suggest --age 8`; floor: a fresh process that defines a one-field
        # pydantic model and validates one value
        row(
            "cold start: suggest --age 8 vs one-model process, s",
            cold["cli"],
            cold["model"],
            "s",
            "<= 1.25x",
            why="cold start",
        )
        # ours: the same command; floor: `from pydantic import BaseModel; import yaml`
        row(
            "cold start: suggest --age 8 vs pydantic + yaml imports, s",
            cold["cli"],
            cold["imports"],
            "s",
            "(context: imports only, no schema built)",
        )
        # ours: the one-model process; floor: the imports alone
        row(
            "one-model process vs pydantic + yaml imports, s",
            cold["model"],
            cold["imports"],
            "s",
            "(context: what one validated model costs)",
        )
        localised = _median_runs({"english": cli, "es": [*cli, "--locale", "es"]}, runs, env)
        row(
            "cold start: suggest --age 8 --locale es vs none",
            localised["es"],
            localised["english"],
            "s",
            "<= 1.2x",
            why="locale start",
        )

        data = Path(independence.build.data_path())
        repeats = 3 if quick else 10
        packaged = (Path(independence.__file__).parent / SNAPSHOT).read_bytes()
        root = str(data)
        adapter = TypeAdapter(Snapshot)
        adapter.validate_json(packaged)  # both sides with their schemas built
        built = parts_from_snapshot(packaged, root)
        default_loads = _best_interleaved(
            {
                "snapshot": lambda: independence.Catalog.from_parts(
                    parts_from_snapshot(packaged, root), checked=True
                ),
                "plain": lambda: (
                    adapter.validate_json(packaged),
                    independence.Catalog.from_parts(built, checked=True),
                ),
                "yaml": lambda: independence.load_catalog(data),
                "bare": lambda: _bare_parse(data),
                "validated": lambda: _c_load_validate(data),
            },
            repeats,
        )
        snap = default_loads["snapshot"]
        # ours: the whole default load from the snapshot's bytes (validation, origins, the
        # catalogue's indexes); floor: validate_json of the same bytes plus the same build
        row(
            "default load: snapshot vs validate_json + build, s",
            snap,
            default_loads["plain"],
            "s",
            "(same bytes, same catalogue build)",
        )
        ours = default_loads["yaml"]
        # ours: load_catalog of data/ (YAML); floor: the snapshot load above
        row("default load: YAML path vs snapshot, s", ours, snap, "s", "(why it ships)")
        # ours: load_catalog of data/; floor: CSafeLoader's parse of the same files, no checks
        bare = default_loads["bare"]
        row("default YAML load vs bare C parse, s", ours, bare, "s", "<= 1.5x", why="YAML")
        # ours: load_catalog of data/; floor: CSafeLoader (YAML 1.2 booleans) + model_validate
        # of each file's document, the same records, errors raised
        row(
            "default YAML load vs C load + validate, s",
            ours,
            default_loads["validated"],
            "s",
            "(what users write, done right)",
        )

        catalogs = _synthetic(Path(scratch), sizes, quick=quick, profile=args.profile, tries=tries)

        default = independence.default_catalog()
        age = independence.Age(years=8)
        mastered = {r.id for r in list(default.responsibilities)[::5][:30]}
        number = 2_000 if quick else 20_000
        base_only = _per_call(lambda: default.suggest(age), number)
        spanish = independence.default_catalog(locale="es")
        es_only = _per_call(lambda: spanish.suggest(age), number)
        es_personal = _per_call(lambda: spanish.suggest(age, mastered=mastered), number)
        row(
            "suggest age-only, es vs no locale, us",
            es_only,
            base_only,
            "us",
            "<= 1.2x",
            why="locale query",
        )
        base_personal = _per_call(lambda: default.suggest(age, mastered=mastered), number)
        row(
            "suggest personalised, es vs no locale, us",
            es_personal,
            base_personal,
            "us",
            "<= 1.2x",
            why="locale query",
        )
        band = _per_call(lambda: default.band_for(age), number)
        # one child's progress over the same 30 items: every other one mastered (alone), the
        # rest part-way up their ladders (nearby), so both halves of the answer are exercised
        progress = independence.Progress()
        for position, id in enumerate(sorted(mastered)):
            progress = progress.record(id, "nearby" if position % 2 else "alone", on=DAY)
        items = progress.items
        # both memoised: the same Progress object (its reading kept on it) and the same
        # frozenset of mastered ids (its answer kept on the index per set) on every call
        frozen = frozenset(mastered)
        default.suggest(age, mastered=frozen)
        with_progress = _per_call(lambda: default.suggest(age, progress=progress), number)
        memo_mastered = _per_call(lambda: default.suggest(age, mastered=frozen), number)
        fresh = _per_call(
            lambda: default.suggest(
                age, progress=independence.Progress.model_construct(items=items)
            ),
            number // 4,
        )
        single("suggest age-only, default catalogue, us", base_only, "us", "<= 1 us", "suggest")
        single(
            "suggest personalised (30 mastered), us",
            base_personal,
            "us",
            "<= 25 us",
            "personalised",
        )
        # ours: suggest from the same Progress each call; floor: suggest from the same frozen
        # set of 30 mastered ids each call (both answers memoised)
        row(
            "suggest, 30-item progress vs 30 mastered, us",
            with_progress,
            memo_mastered,
            "us",
            "<= 1.2x",
            why="progress",
        )
        # ours: a new Progress each call (nothing memoised); floor: the memoised mastered call
        row(
            "the same, a new Progress object each call, us",
            fresh,
            memo_mastered,
            "us",
            "(context: a record parsed per request, unmemoised)",
        )
        single("band_for, us", band, "us", "<= 1 us", "band_for")
        some_id = sorted(mastered)[0]
        lookup = _per_call(lambda: default.responsibility(some_id), number)
        single("responsibility(id), us", lookup, "us", "<= 1 us", "lookup")
        big = catalogs[sizes[1] if not quick else sizes[-1]]
        big_mastered = {r.id for r in list(big.responsibilities)[::37][:30]}
        big_only = _per_call(lambda: big.suggest(age), number)
        big_personal = _per_call(lambda: big.suggest(age, mastered=big_mastered), number // 10)
        single(
            f"suggest age-only, {len(big):,} items, us",
            big_only,
            "us",
            "<= 15 us",
            "suggest",
        )
        single(
            f"suggest personalised, {len(big):,} items, us",
            big_personal,
            "us",
            "<= 75 us (3x of 25)",
            "personalised",
        )
        _hostile(Path(scratch) / "hostile", 0.05 if quick else 1.0)
        _readers(Path(scratch) / "readers", 0.05 if quick else 1.0)
        _sessions(Path(scratch), 1_000 if quick else 10_000, runs)
    print("benchmarks: done")


def _synthetic(
    scratch: Path, sizes: list[int], *, quick: bool, profile: bool, tries: int
) -> dict[int, independence.Catalog]:
    """The YAML path on synthetic catalogues of each size (issue 28, item 3): each load against
    libyaml's events alone, a bare C parse and a C load with validation, its peak memory, and
    the growth from the next size to the largest; returns the catalogues, for the query rows."""
    catalogs: dict[int, independence.Catalog] = {}
    folders = {size: write_catalog(scratch / f"syn-{size}", size) for size in sizes}
    throughput = {sizes[-1]} if quick else {10_000, sizes[-1]}  # the goal's sizes
    # every load of every size interleaved with the others and with its floors, the same
    # tries on each side (best of: one run is too noisy), the collector on throughout
    actions: dict[str, Callable[[], object]] = {}
    for size, folder in folders.items():
        actions[f"ours {size}"] = partial(independence.load_catalog, folder)
        actions[f"bare {size}"] = partial(_bare_parse, folder)
        actions[f"validated {size}"] = partial(_c_load_validate, folder)
        if size in throughput:
            actions[f"events {size}"] = partial(_events_only, folder)
    timed = _best_interleaved(actions, tries)
    loads = {size: timed[f"ours {size}"] for size in sizes}
    for size, folder in folders.items():
        ours = loads[size]
        catalogs[size] = independence.load_catalog(folder)
        goal = "<= 1.5x" if size == 10_000 else ""
        # ours: load_catalog of the folder; floor: CSafeLoader's parse of the same files
        bare = timed[f"bare {size}"]
        row(f"load {size:,} items vs bare C parse, s", ours, bare, "s", goal, why="YAML")
        # ours: the same load; floor: CSafeLoader + model_validate of every file, errors
        # raised (no value here that YAML 1.1 and 1.2 read differently)
        validated = timed[f"validated {size}"]
        row(f"load {size:,} items vs C load + validate, s", ours, validated, "s", "(context)")
        if size in throughput:
            # ours: MB/s of the load; floor: MB/s of libyaml's events alone (C parse, PyYAML's
            # event objects, nothing kept), the same bytes; issue 28 asks for half of it
            megabytes = _megabytes(folder)
            rate, floor_rate = megabytes / ours, megabytes / timed[f"events {size}"]
            name = f"load {size:,} items ({megabytes:.1f} MB) vs libyaml's events, MB/s"
            row(name, rate, floor_rate, "MB/s", ">= 0.5x", why="MB/s")
        peak = _peak_memory(folder)
        if size == sizes[-1] and not quick:
            # every record kept as validated models: issue 28 asks for under 600 MiB at 100k
            single(f"peak memory loading {size:,} items, MiB", peak, "MiB", "< 600 MiB", "memory")
        else:
            single(f"peak memory loading {size:,} items, MiB", peak, "MiB")
    small, large = sizes[-2], sizes[-1]
    # ours: the largest load; floor: the next size's load, taken in the same rounds
    growth = loads[large] / loads[small]
    # linear is 10x for 10x the items; 11x (issue 28) leaves a tenth for a shared machine
    goal = f"<= {1.1 * large / small:g}x"
    name = f"load growth {large:,} / {small:,} ({large // small}x the items)"
    single(name, growth, "x", goal, why="growth")
    if profile:
        profile_load(folders[10_000 if 10_000 in folders else large])
    return catalogs


#: A teenager's evening out, with a long window so that thousands of events fit before the
#: due time: pauses and resumes of location sharing, check-ins and destination changes.
SESSION_DUE = "2026-06-12T22:00:00+00:00"
SESSION_START = "2026-06-12T08:00:00+00:00"


def _session_events(count: int) -> list[dict[str, object]]:
    from datetime import datetime, timedelta

    start = datetime.fromisoformat(SESSION_START)
    step = (datetime.fromisoformat(SESSION_DUE) - start) / (count + 1)
    cycle = [
        {"kind": "location-paused", "by": "child"},
        {"kind": "checked-in"},
        {"kind": "location-resumed", "by": "child"},
        {"kind": "plan-changed", "by": "child", "destination": "Sam's house"},
    ]
    events: list[dict[str, object]] = []
    for number in range(count):
        at = start + step * (number + 1) + timedelta(0)
        event: dict[str, object] = {
            **cycle[number % len(cycle)],
            "at": at.isoformat(),
            "id": f"e{number}",
        }
        events.append(event)
    return events


def _sessions(folder: Path, count: int, runs: int) -> None:
    """``escalate --events`` with ``count`` events, and the cost of one more event late in a
    session against early in it (issue 22: adding an event costs the same however many came
    before)."""
    import json
    from datetime import datetime

    events = _session_events(count)
    log = folder / "events.jsonl"
    log.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    command = [SCRIPT, "escalate", "social-outing", "--started", SESSION_START]
    command += ["--due", SESSION_DUE, "--now", SESSION_DUE, "--events", str(log)]
    elapsed = _median_runs({"events": command}, max(1, runs // 3), dict(os.environ))["events"]
    single(f"escalate --events, {count:,} events, s", elapsed, "s", "< 2 s", why="session events")
    catalog = independence.default_catalog()
    session = independence.CheckInSession.from_catalog(
        catalog,
        "social-outing",
        due=datetime.fromisoformat(SESSION_DUE),
        started=datetime.fromisoformat(SESSION_START),
    )
    parsed = [independence.Event.model_validate(e) for e in events]
    tenth = max(1, count // 10)
    start = time.perf_counter()
    for event in parsed[:tenth]:
        session = session.add(event)
    early = (time.perf_counter() - start) / tenth * 1e6
    for event in parsed[tenth:-tenth]:
        session = session.add(event)
    start = time.perf_counter()
    for event in parsed[-tenth:]:
        session = session.add(event)
    late = (time.perf_counter() - start) / tenth * 1e6
    row(
        f"session add, last {tenth:,} vs first {tenth:,} events, us",
        late,
        early,
        "us",
        "<= 1.5x",
        why="session add",
    )


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
            timeout=1800,  # catches a hang only: a full run's worst input takes about 50 s
            check=True,
            cwd=ROOT,
        )
        took, peak, outcome = done.stdout.split(" ", 2)
        outcome = outcome.strip()
        judged = hostile_verdict(float(took), float(peak), outcome)
        print(f"    {name:<40} {float(took):>7.2f} s {float(peak):>7.0f} MiB  {outcome}  {judged}")
        print(f"      why: {WHY['hostile']}")


def hostile_verdict(took: float, peak: float, outcome: str) -> str:
    """``met`` when a hostile input ends in a CatalogError within 30 s and 2048 MiB, else by
    how much the worse of the two bounds is missed (an input that loads misses by 100%)."""
    if not outcome.startswith("CatalogError"):
        return "missed by 100% (no CatalogError)"
    judged = [verdict(took, "<= 30"), verdict(peak, "<= 2048")]
    missed = [j for j in judged if j != "met"]
    return max(missed, key=lambda j: int(j.split()[-1].rstrip("%"))) if missed else "met"


#: Run in a fresh process by :func:`_readers`: one reader on its hostile file, then the time,
#: the peak memory and the outcome (never a traceback: the process must exit 0).
_READER_CODE = """\
import contextlib, io, sys, time
from pathlib import Path
import independence
from independence.cli import main
from independence.l10n.catalogues import read_checked_translations, read_po_entries
reader, path = sys.argv[1], Path(sys.argv[2])
catalog = independence.default_catalog()
start = time.perf_counter()
try:
    if reader == "progress":
        independence.progress.read_progress(path, catalog.index.responsibility_ids)
        outcome = "read"
    elif reader == "events":
        argv = ["escalate", "social-outing", "--age", "15", "--due", "2026-11-27T21:00Z"]
        argv += ["--now", "2026-11-27T22:00Z", "--events", str(path)]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            outcome = f"exit {main(argv)}"
    elif reader == "mo":
        refused = read_checked_translations(path.parent.parent, path.stem)[1]
        outcome = f"{len(refused):,} warnings (entries refused)"
    else:
        outcome = f"{sum(1 for _ in read_po_entries(path)):,} entries read"
except independence.CatalogError as error:
    outcome = f"CatalogError ({len(error.problems)} problems)"
took = time.perf_counter() - start
peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")]
print(f"{took:.2f} {peak[0] / 1024:.0f} {outcome}")
"""


def _readers(folder: Path, scale: float) -> None:
    """Each reader besides the YAML one on its worst hostile file, in a fresh process."""
    print(f"  other readers at scale {scale} (goal: within 30 s and 2048 MiB, no traceback)")
    for name in READERS:
        reader, path = write_reader_input(folder, name, scale)
        done = subprocess.run(
            [PYTHON, "-c", _READER_CODE, reader, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            cwd=ROOT,
        )
        took, peak, outcome = done.stdout.split(" ", 2)
        judged = [verdict(float(took), "<= 30"), verdict(float(peak), "<= 2048")]
        missed = [j for j in judged if j != "met"]
        met = max(missed, key=lambda j: int(j.split()[-1].rstrip("%"))) if missed else "met"
        outcome = outcome.strip()
        print(f"    {name:<40} {float(took):>7.2f} s {float(peak):>7.0f} MiB  {outcome}  {met}")
        print(f"      why: {WHY['readers']}")


class _Yaml12Loader(yaml.CSafeLoader):
    """libyaml's loader with YAML 1.2's booleans: only ``true`` and ``false``.

    YAML 1.1 (PyYAML's default) reads the ``mode: off`` of a check-in policy as ``False``,
    which would fail validation; with this resolver it stays the text ``off``, as our reader
    reads it, so the floor validates the same records and lets every error through.
    """


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _c_load_validate(folder: Path) -> None:
    """What a user might write instead, done right: libyaml loads every file (YAML 1.2
    booleans) and pydantic validates its document; a validation error is raised, not hidden."""
    for path in sorted(folder.rglob("*.yaml")):
        if "schemas" in path.parts or "regions" in path.parts:
            continue
        document = yaml.load(path.read_bytes(), Loader=_Yaml12Loader)
        model = FILE_KINDS.get(path.name) or FOLDER_KINDS[path.parent.name]
        model.model_validate(document)


if __name__ == "__main__":
    main()
