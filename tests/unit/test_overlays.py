"""Overlays: add, override, disable and shift, checked as a whole, with provenance."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import independence
from independence import Catalog, CatalogError, load_catalog, with_overlays
from independence.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "overlays"
BUSY_ROAD = EXAMPLES / "busy-road.yaml"
MUSIC = EXAMPLES / "music-lessons.yaml"
REGION = EXAMPLES / "region-later-travel.yaml"
HIDE = EXAMPLES / "hide-social-media.yaml"


def problems(catalog: Catalog, *overlays: Path) -> list[independence.Problem]:
    with pytest.raises(CatalogError) as caught:
        with_overlays(catalog, *overlays)
    return list(caught.value.problems)


def test_worked_example_busy_road(catalog: Catalog) -> None:
    adapted = with_overlays(catalog, BUSY_ROAD)
    item = adapted.responsibility("walk-to-school-alone")
    assert (str(item.introduce_at), str(item.independent_by)) == ("11y", "13y")
    assert item.safety_note is not None
    assert item.safety_note.startswith("Our route crosses a busy main road")
    before = catalog.responsibility("walk-to-school-alone")
    assert item.support_ladder == before.support_ladder  # fields not given are kept
    assert catalog.responsibility("walk-to-school-alone") is before  # the base is untouched
    assert "walk-to-school-alone" not in [s.id for s in adapted.suggest(10)]


def test_worked_example_new_category(catalog: Catalog) -> None:
    adapted = with_overlays(catalog, MUSIC)
    assert adapted.lookup("music", kind="categories").title == "Music"
    assert [r.id for r in adapted.in_category("music")] == [
        "look-after-an-instrument",
        "practise-an-instrument-daily",
    ]
    assert "practise-an-instrument-daily" in [
        s.id for s in adapted.suggest(8, mastered={"look-after-an-instrument"})
    ]


def test_worked_example_regional_shift(catalog: Catalog) -> None:
    adapted = with_overlays(catalog, REGION)
    for item in catalog.in_category("getting-around"):
        moved = adapted.responsibility(item.id)
        assert moved.introduce_at.total_months == item.introduce_at.total_months + 6
        assert moved.independent_by.total_months == item.independent_by.total_months + 6
    other = catalog.in_category("money")[0]
    assert adapted.responsibility(other.id) == other


def test_worked_example_hiding_items(catalog: Catalog) -> None:
    adapted = with_overlays(catalog, HIDE)
    assert "start-social-media" not in adapted
    assert adapted.get("manage-privacy-settings") is None
    assert [(d.id, d.reason) for d in adapted.disabled] == [
        ("manage-privacy-settings", "Our app does not cover social media."),
        ("start-social-media", "Our app does not cover social media."),
    ]
    assert adapted.responsibility("mind-digital-footprint").prerequisites == (
        "keep-personal-details-private",
    )


def test_overlays_apply_in_order_and_keep_provenance(catalog: Catalog) -> None:
    adapted = load_catalog(independence.build.data_path(), overlays=[BUSY_ROAD, REGION])
    assert str(adapted.responsibility("walk-to-school-alone").introduce_at) == "11y6m"
    history = adapted.provenance("walk-to-school-alone")
    assert [(h.action, Path(h.file or "").name) for h in history] == [
        ("defined", "getting-around.yaml"),
        ("override", "busy-road.yaml"),
        ("shift", "region-later-travel.yaml"),
    ]
    assert history[1].fields == ("introduce_at", "independent_by", "safety_note")
    assert history[1].line == 8
    assert history[2].fields == ("introduce_at", "independent_by")
    assert [h.action for h in catalog.provenance("walk-to-school-alone")] == ["defined"]


def test_disabling_what_others_need_names_them(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: too much}
        disable:
          responsibilities:
            - id: start-social-media
              reason: not for us
        """,
    )
    (problem,) = problems(catalog, overlay)
    assert problem.file == str(overlay)
    assert problem.line == 4
    assert problem.message == (
        "'start-social-media' cannot be disabled: 'manage-privacy-settings' still needs it "
        "(disable or override them too)"
    )


def test_override_problems_point_at_the_overlay(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: mistakes}
        override:
          responsibilities:
            - id: walk-to-school-alone
              introduce_at: 13y
            - id: walk-to-scool-alone
              title: Typo
            - id: pack-school-bag
              colour: blue
        """,
    )
    found = {(p.line, p.path): p.message for p in problems(catalog, overlay)}
    assert found[(4, "override.responsibilities[0].independent_by")] == (
        "independent_by (12y) must be later than introduce_at (13y)"
    )
    assert found[(6, "override.responsibilities[1].id")].startswith(
        "cannot override unknown responsibility 'walk-to-scool-alone' "
        "(did you mean 'walk-to-school-alone'"
    )
    assert found[(9, "override.responsibilities[2].colour")].startswith("unknown key 'colour'")
    assert all(p.file == str(overlay) for p in problems(catalog, overlay))


def test_cross_check_problems_point_at_the_overlay_that_set_the_field(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: bad ref}
        override:
          responsibilities:
            - id: pack-school-bag
              prerequisites: [nothing-here]
        """,
    )
    (problem,) = problems(catalog, overlay)
    assert (problem.file, problem.line) == (str(overlay), 5)
    assert problem.path == "override.responsibilities[0].prerequisites[0]"
    assert problem.message == "unknown prerequisite 'nothing-here'"


def test_add_existing_and_bad_shift(catalog: Catalog, write: Callable[[str, str], Path]) -> None:
    overlay = write(
        "o.yaml",
        """
        overlay: {name: clashes}
        add:
          categories:
            - {id: money, title: Money again, description: Twice.}
        shift:
          - {category: monee, months: 3, reason: typo}
          - {ids: [plan-a-trip-across-town], months: 36, reason: too far}
        """,
    )
    messages = [p.message for p in problems(catalog, overlay)]
    assert "'money' already exists: use 'override' to change it" in messages
    assert "unknown category 'monee' (did you mean 'money'?)" in messages
    assert any("out of range" in m and "plan-a-trip-across-town" in m for m in messages)


def test_overlay_file_shape_is_strict(catalog: Catalog, write: Callable[[str, str], Path]) -> None:
    overlay = write("o.yaml", "overlay: {name: x}\nremove: []\n")
    (problem,) = problems(catalog, overlay)
    assert (problem.line, problem.message) == (2, "unknown key 'remove'")
    with pytest.raises(FileNotFoundError):
        with_overlays(catalog, EXAMPLES / "missing.yaml")


def test_command_line_overlays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "walk-to-school-alone", "--overlay", str(BUSY_ROAD), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["introduce_at"] == "11y"
    status = main(
        ["suggest", "--age", "8", "--overlay", str(MUSIC), "--category", "music", "--json"]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in out["suggestions"]] == ["practise-an-instrument-daily"]
    assert main(["validate", str(independence.build.data_path()), "--overlay", str(HIDE)]) == 0
    capsys.readouterr()


def test_validate_reports_overlay_problems(
    capsys: pytest.CaptureFixture[str], write: Callable[[str, str], Path]
) -> None:
    overlay = write(
        "o.yaml", "overlay: {name: x}\ndisable:\n  categories:\n    - {id: money, reason: no}\n"
    )
    assert main(["validate", str(independence.build.data_path()), "--overlay", str(overlay)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{overlay}:4:7: disable.categories[0]: 'money' cannot be disabled: ")


def test_a_problem_points_at_the_line_and_column_of_the_value(
    catalog: Catalog, tmp_path: Path
) -> None:
    text = (
        "overlay: {name: placed}\n"
        "override:\n"
        "  responsibilities:\n"
        "    - id:   walk-to-scool-alone\n"
        "shift:\n"
        "  - {ids: [tidy-toys,   no-such-item], months: 1, reason: later}\n"
    )
    overlay = tmp_path / "placed.yaml"
    overlay.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = {p.path: (p.line, p.column) for p in problems(catalog, overlay)}
    assert found["override.responsibilities[0].id"] == (4, lines[3].index("walk-to-scool") + 1)
    assert found["shift[0].ids[1]"] == (6, lines[5].index("no-such-item") + 1)


@pytest.mark.parametrize("text", ["- a list\n", "just text\n", "42\n"])
def test_an_overlay_that_is_not_a_mapping_says_what_it_should_be(
    catalog: Catalog, tmp_path: Path, text: str
) -> None:
    overlay = tmp_path / "flat.yaml"
    overlay.write_text(text, encoding="utf-8")
    (problem,) = problems(catalog, overlay)
    assert (problem.file, problem.line, problem.column) == (str(overlay), 1, 1)
    assert problem.message == "an overlay is a mapping with an 'overlay' section"


def test_two_shifts_of_one_item_in_one_file_are_refused(
    catalog: Catalog, write: Callable[[str, str], Path]
) -> None:
    item = catalog.responsibility("plan-a-trip-across-town")
    overlay = write(
        "twice.yaml",
        f"""
        overlay: {{name: twice}}
        shift:
          - {{ids: [{item.id}], months: 6, reason: later}}
          - {{ids: [{item.id}], months: 6, reason: later again}}
          - {{category: {item.category}, months: 1, reason: the whole category}}
        """,
    )
    found = problems(catalog, overlay)
    again = [p for p in found if "already shifted by shift[0]" in p.message]
    assert len(again) == 2 and {p.line for p in again} == {4, 5}
    assert all(p.path in ("shift[1]", "shift[2]") for p in again)


def test_the_same_overlay_given_twice_is_refused_not_applied_twice(
    catalog: Catalog, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    item = catalog.responsibility("ask-for-help-with-words-or-signs")
    overlay = write(
        "later.yaml",
        f"overlay: {{name: later}}\nshift:\n  - {{ids: [{item.id}], months: 1, reason: r}}\n",
    )
    link = tmp_path / "link.yaml"
    link.symlink_to(overlay)
    for second in (overlay, link):
        found = problems(catalog, overlay, second)
        assert [p.file for p in found] == [str(second)]
        assert "this overlay was already given" in found[0].message
    once = with_overlays(catalog, overlay)
    assert once.responsibility(item.id).introduce_at.total_months == (
        item.introduce_at.total_months + 1
    )


def test_a_folder_named_like_a_data_file_is_reported(tmp_path: Path) -> None:
    import shutil

    data = Path(shutil.copytree(independence.build.data_path(), tmp_path / "data"))
    (data / "responsibilities" / "d.yaml").mkdir()
    with pytest.raises(CatalogError) as caught:
        load_catalog(data)
    (found,) = caught.value.problems
    assert found.file == str(data / "responsibilities" / "d.yaml")
    assert "a folder named like a data file" in found.message
