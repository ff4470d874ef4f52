"""The loader: strict YAML, every problem at once, each with file, line, column and path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, walks_agree

import independence
from independence import CatalogError, load_catalog
from independence.loading import reader
from independence.loading.reader import MAX_DEPTH, read_yaml


def mutate(old: str, new: str) -> str:
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in mini.yaml"
    return text.replace(old, new)


def problems_of(path: Path) -> list[independence.Problem]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    return list(caught.value.problems)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_mini_loads() -> None:
    catalog = load_catalog(MINI)
    assert [r.id for r in catalog.responsibilities] == [
        "tidy",
        "make-bed",
        "walk-route",
        "bus-alone",
    ]
    assert catalog.info.data_version == "1.0.0"


def test_problem_carries_file_line_column_path(write: Callable[[str, str], Path]) -> None:
    text = mutate("    risk: low\n    natural", "    risk: lowish\n    natural")
    path = write("cat.yaml", text)
    (problem,) = problems_of(path)
    assert problem.file == str(path)
    assert problem.line == line_of(text, "lowish")
    assert problem.column == 11
    assert problem.path == "responsibilities[0].risk"
    assert "'low', 'moderate' or 'high'" in problem.message
    assert str(problem) == f"{path}:{problem.line}:11: responsibilities[0].risk: {problem.message}"


def test_all_problems_at_once(write: Callable[[str, str], Path]) -> None:
    text = (
        mutate("title: Tidy toys", "titel: Tidy toys")
        .replace("grace_minutes: 5", "grace_minutes: '5'")
        .replace("prerequisites: [walk-route]", "prerequisites: [walk-rout]")
    )
    problems = problems_of(write("cat.yaml", text))
    messages = [p.message for p in problems]
    assert any("unknown key 'titel' (did you mean 'title'?)" in m for m in messages)
    assert any(m == "missing required key 'title'" for m in messages)
    assert any("expected a whole number, not '5'" in m for m in messages)
    assert any(
        "unknown prerequisite 'walk-rout' (did you mean 'walk-route'?)" in m for m in messages
    )
    assert len(problems) == 4
    assert problems == sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "away_from_home: true\n    safety_note: Cross",
            "away_from_home: yes\n    safety_note: Cross",
            "yes",
            "'yes' is text here: write true or false",
        ),
        ("grace_minutes: 5", "grace_minutes: 010", "010", "expected a whole number, not '010'"),
        ("grace_minutes: 5", "grace_minutes: 1:30", "1:30", "expected a whole number, not '1:30'"),
        ("grace_minutes: 5", "grace_minutes: 5.0", "5.0", "whole number"),
        ("introduce_at: 2y\n", "introduce_at: 2\n", "introduce_at: 2\n", "write an age as text"),
        (
            "description: Jobs at home.",
            "description: !!python/object:os.system x",
            "!!python",
            "is not allowed",
        ),
        ("title: Home\n", "title: &h Home\n", "&h", "anchors and aliases are not supported"),
    ],
)
def test_yaml_surprises_are_refused(
    write: Callable[[str, str], Path], old: str, new: str, needle: str, message: str
) -> None:
    text = mutate(old, new)
    problems = problems_of(write("cat.yaml", text))
    assert any(message in p.message for p in problems), problems
    assert any(p.line == line_of(text, needle) for p in problems)


def test_duplicate_keys_name_both_lines(write: Callable[[str, str], Path]) -> None:
    text = mutate("    title: Make the bed\n", "    title: Make the bed\n    title: Again\n")
    (problem,) = problems_of(write("cat.yaml", text))
    first = line_of(text, "title: Make the bed")
    assert problem.line == first + 1
    assert f"duplicate key 'title' (first at line {first})" in problem.message


def test_unquoted_date_stays_text(write: Callable[[str, str], Path]) -> None:
    catalog = load_catalog(write("cat.yaml", mutate("title: Home\n", "title: 2024-01-01\n")))
    assert catalog.lookup("home", kind="categories").title == "2024-01-01"


def test_cross_reference_problems(write: Callable[[str, str], Path]) -> None:
    text = (
        mutate("escalation: nudge", "escalation: nudg")
        .replace(
            "check_in: short-walk\n    sources: [src]\n  - id: bus", "sources: [src]\n  - id: bus"
        )
        .replace("introduce_at: 11y", "introduce_at: 5y")
        .replace("category: home\n    introduce_at: 4y", "category: hom\n    introduce_at: 4y")
    )
    messages = [p.message for p in problems_of(write("cat.yaml", text))]
    assert "unknown escalation policy 'nudg' (did you mean 'nudge'?)" in messages
    assert "'walk-route' happens away from home but has no check_in policy" in messages
    assert (
        "prerequisite 'walk-route' is introduced at 6y, after 'bus-alone' itself (5y)" in messages
    )
    assert "unknown category 'hom' (did you mean 'home'?)" in messages


def test_cycles_are_printed(write: Callable[[str, str], Path]) -> None:
    text = mutate(
        "introduce_at: 2y\n    independent_by: 4y\n",
        "introduce_at: 2y\n    independent_by: 4y\n    prerequisites: [make-bed]\n",
    )
    text = text.replace("introduce_at: 4y", "introduce_at: 2y")
    messages = [p.message for p in problems_of(write("cat.yaml", text))]
    assert "prerequisites form a cycle: tidy -> make-bed -> tidy" in messages


def test_band_gaps_and_overlaps(write: Callable[[str, str], Path]) -> None:
    gap = problems_of(write("gap.yaml", mutate("from_month: 96", "from_month: 100")))
    assert [p.message for p in gap] == [
        "gap before band 'older': months 96 to 100 belong to no band"
    ]
    overlap = problems_of(write("overlap.yaml", mutate("from_month: 96", "from_month: 90")))
    assert [p.message for p in overlap] == [
        "band 'older' overlaps the band before it: months 90 to 96 are in both"
    ]
    short = problems_of(write("short.yaml", mutate("to_month: 216", "to_month: 200")))
    assert [p.message for p in short] == [
        "bands end at month 200: months 200 to 216 belong to no band"
    ]


def test_duplicate_ids(write: Callable[[str, str], Path]) -> None:
    text = mutate("  - id: bus-alone\n", "  - id: tidy\n")
    path = write("cat.yaml", text)
    (problem,) = problems_of(path)
    assert (
        problem.message
        == f"duplicate id 'tidy': already defined at {path}:{line_of(text, 'id: tidy')}"
    )
    assert problem.line == line_of(text, "  - id: tidy\n    title: Take")
    assert problem.path == "responsibilities[3].id"


def test_folder_layout(tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    write("data/catalog.yaml", "catalog: {name: x, data_version: '1.0.0', description: y}\n")
    write("data/notes.txt", "hello\n")
    write("data/extra.yaml", "bands: []\n")
    write("data/bands.yml", "bands: []\n")
    problems = problems_of(tmp_path / "data")
    text = "\n".join(map(str, problems))
    assert "notes.txt: <document>: not a YAML data file" in text
    assert "extra.yaml: <document>: unexpected data file" in text
    assert "bands.yml: <document>: not a YAML data file (rename it to .yaml)" in text
    assert "no age bands" in text


def test_category_file_must_hold_its_category(tmp_path: Path) -> None:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(independence.build.data_path(), target)
    moved = target / "responsibilities" / "getting-around.yaml"
    (target / "responsibilities" / "elsewhere.yaml").write_text(moved.read_text("utf-8"), "utf-8")
    moved.unlink()
    problems = problems_of(target)
    assert problems
    assert all(
        "move it to responsibilities/getting-around.yaml" in p.message or "unknown" in p.message
        for p in problems
    )


def test_missing_path_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_catalog(tmp_path / "nothing")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a: \xff\n", "not valid UTF-8"),
        (b"a:\n\t- 1\n", "indent with spaces, not tabs"),
        (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
        (b"[" * 100_000, f"nested more than {MAX_DEPTH} levels deep"),
        (b"- " * 100_000 + b"x", f"nested more than {MAX_DEPTH} levels deep"),
        (
            b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
            "aliases are not supported",
        ),
    ],
)
def test_reader_refuses(data: bytes, message: str) -> None:
    doc = read_yaml(data)
    assert any(message in problem for _, _, problem in doc.problems)


def test_top_level_must_be_a_mapping(write: Callable[[str, str], Path]) -> None:
    (problem,) = problems_of(write("cat.yaml", "- a\n- b\n"))
    assert problem.message == "expected a mapping of sections, not a list"
    assert (problem.line, problem.column) == (1, 1)


FIXTURES = Path(__file__).parents[1] / "fixtures"
#: Clean files the quick walk reads itself: the edges of the scalar and key rules.
QUICK_CASES = [
    b"",
    b"---\n",
    b"a: 1\n...\n",
    b"[a, 'b', 1, -2, +3, 1.5, -0.5e3, 1e3, 010, 0x1F, 1:30, true, True, no, ~, null, '']",
    b"[2024-01-01, .5, 1., -.inf, .nan, 0o7, 1_000, +-1, 'x']",
    b"- 1\n- -1.25\n- '1'\n- false\n- ~\n-\n- [x, 'y']\n",
    b"{1: a, '2': b, true: c, 1.50: d, ~: e, '': f, \"1.25\": g}\n",
    b"a:\nb: ''\nc: ~\nd: -x\ne: +x\nf: '-'\n",
    b"a: 'tab\there'\nb: |\n  line\n  line\nc: >\n  folded\n",
    b"a: [" + b"1, " * 1000 + b"1]\n",
    b"a: " + b"9" * 30 + b"\n",
    b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
    b"{" + b", ".join(b"k%d: 1" % k for k in range(1000)) + b"}",
]
#: Files the quick walk must read exactly as the exact walk does, or leave to it: the shipped
#: data (clean), the broken-file corpus, and small cases at the edges of the rules.
WALK_CASES = [
    *QUICK_CASES,
    *(path.read_bytes() for path in sorted(Path(independence.build.data_path()).rglob("*.yaml"))),
    *(path.read_bytes() for path in sorted(FIXTURES.rglob("*.yaml"))),
    b"{1: a, '1': b}\n",
    b"{~: a, null: b}\n",
    b"{true: a, 'true': b}\n",
    b"a: !!str 1\nb: !!int '2'\nc: ! 3\n",
    b"- !!map {a: 1}\n- !!seq [1]\n",
    b"a: &x 1\n",
    b"? [a]\n: 1\n",
    b"a: " + b"9" * 31 + b"\n",
    b'a: "bell \\a"\n',
    b'"key \\a": 1\n',
    b'- "item \\a"\n',
    b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
    b"{" + b", ".join(b"k%d: 1" % k for k in range(1001)) + b"}",
    b"{" + b", ".join(b"k%d: []" % k for k in range(1001)) + b"}",  # keys of collections
    b"a: {" + b", ".join(b"k%d: [1]" % k for k in range(1001)) + b"}",
    b"a: 1\n---\nb: 2\n",
    # the plain walk's keys read before, as text or not, plain or quoted, and what it leaves
    b"- {x: 1, '~': 2, ~: 3}\n- {'x': 4, x: 5}\n",
    b"- {'1.50': a, 1.50: b, 1.5: c}\n",
    b"- {'true': a}\n- {true: b, 'true': c}\n",
    b"a: 1\r\nb: 'two'\r\n",
    b'a: "tab \\t, and a quote \\""\n',
    b"a: Tom & Jerry\nb: 2 * 3\nc: Well done!\n",
]


@pytest.mark.parametrize("data", WALK_CASES, ids=range(len(WALK_CASES)))
def test_quick_walk_reads_as_the_exact_walk(data: bytes) -> None:
    """A file read without positions is read as the positioned walk reads it, or left to it.

    The quick walk writes no message: where the exact walk finds a problem, the quick one must
    give up, so that every problem is worded and placed by the one walker the corpus checks.
    """
    walks_agree(data)


def test_clean_files_take_the_quick_walk() -> None:
    shipped = sorted(Path(independence.build.data_path()).rglob("*.yaml"))
    for data in [*QUICK_CASES, *(path.read_bytes() for path in shipped)]:
        assert reader._read_quick(data) is not reader._UNSURE, data[:80]
    doc = read_yaml(MINI.read_bytes())
    assert not doc.tracked and not doc.problems
    # positions are read again, on demand, by the exact walk
    line = line_of(MINI.read_text(encoding="utf-8"), "title: Make the bed")
    assert doc.position(("responsibilities", 1, "title")) == (line, 12)


@pytest.mark.parametrize("values", [9, 10, 11])
def test_quick_walk_stops_at_the_value_limit(monkeypatch: pytest.MonkeyPatch, values: int) -> None:
    monkeypatch.setattr(reader, "MAX_NODES", 10)
    data = b"a: [" + b", ".join([b"1"] * (values - 3)) + b"]\n"  # and the mapping, a key, a list
    exact = reader._read(data, track=True)
    quick = reader._read_quick(data)
    if values > 10:
        assert exact.problems and quick is reader._UNSURE
    else:
        assert not exact.problems and quick == exact.value


def test_records_keep_their_places_but_not_the_raw_yaml() -> None:
    """A file's raw tree would otherwise live as long as the catalogue, through the origins."""
    from independence.loading.loader import read_parts

    parts, problems = read_parts(MINI)
    assert not problems
    record, origin = parts.responsibilities.entries[1]
    assert record.title == "Make the bed"
    assert isinstance(origin.doc, reader.Document) and origin.doc.value is None
    line = line_of(MINI.read_text(encoding="utf-8"), "title: Make the bed")
    assert origin.place(("title",)) == (line, 12)
