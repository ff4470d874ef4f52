"""Regional packs: each shipped region loads, moves ages as its sources say, and numbers its
emergency steps; an unknown region is a clear error; regions combine with locales."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import independence
from independence import Catalog
from independence.cli import main
from independence.model import Action

DATA = Path(independence.build.data_path())
REGIONS = ("AU", "GB", "US")
CALLS = (Action.CALL_EMERGENCY_SERVICES, Action.CALL_POLICE_NON_EMERGENCY)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def ages(catalog: Catalog, id: str) -> tuple[str, str]:
    item = catalog.responsibility(id)
    return str(item.introduce_at), str(item.independent_by)


def call_messages(catalog: Catalog, action: Action) -> list[str]:
    return [
        step.message
        for policy in catalog.escalation_policies
        for step in policy.steps
        if step.action == action
    ]


def region_section(code: str) -> dict[str, Any]:
    """The ``region`` section of a shipped pack, as written (its note is not translated)."""
    pack = yaml.safe_load((DATA / "regions" / f"{code}.yaml").read_text("utf-8"))
    section: dict[str, Any] = pack["region"]
    return section


def regional_name(code: str) -> str:
    return {"GB": "Great Britain", "AU": "Australia", "US": "United States"}[code]


def test_the_shipped_regions_are_listed() -> None:
    assert set(REGIONS) <= set(independence.regions())
    assert independence.regions() == tuple(sorted(independence.regions()))


@pytest.mark.parametrize("code", REGIONS)
def test_each_region_loads_and_says_which(code: str) -> None:
    catalog = independence.default_catalog(region=code)
    assert catalog.region == code
    assert catalog.locale == "en-GB"
    assert independence.default_catalog(region=code) is catalog  # built once
    assert independence.default_catalog().region is None


def test_gb_starts_babysitting_at_the_nspcc_age_of_16(catalog: Catalog) -> None:
    gb = independence.default_catalog(region="GB")
    assert ages(catalog, "babysit-younger-siblings-for-an-evening") == ("14y", "16y")
    assert ages(gb, "babysit-younger-siblings-for-an-evening") == ("16y", "17y")
    assert (
        "south-tyneside-babysitting"
        in gb.responsibility("babysit-younger-siblings-for-an-evening").sources
    )


def test_us_does_not_put_an_11_year_old_in_charge_of_siblings(catalog: Catalog) -> None:
    # the Red Cross course opens at 11, an age to start learning, not to be left in charge
    us = independence.default_catalog(region="US")
    for id in ("babysit-younger-siblings-for-an-evening", "look-after-a-younger-sibling-briefly"):
        assert ages(us, id) == ages(catalog, id)
    assert ages(us, "look-after-a-younger-sibling-briefly")[0] == "13y"
    assert ages(us, "babysit-younger-siblings-for-an-evening")[0] == "14y"


def test_us_home_alone_names_the_illinois_law_and_keeps_the_ages(catalog: Catalog) -> None:
    us = independence.default_catalog(region="US")
    item = us.responsibility("stay-home-alone-short-time")
    assert "Illinois" in (item.safety_note or "") and "14" in (item.safety_note or "")
    assert "st-louis-public-radio-illinois-home-alone" in item.sources
    assert ages(us, "stay-home-alone-short-time") == ages(catalog, "stay-home-alone-short-time")
    default_note = catalog.responsibility("stay-home-alone-short-time").safety_note or ""
    assert "Illinois" not in default_note


def test_us_social_media_stays_at_the_coppa_age_of_13() -> None:
    us = independence.default_catalog(region="US")
    assert ages(us, "start-social-media")[0] == "13y"
    assert "ftc-coppa" in us.responsibility("start-social-media").sources


def test_au_moves_social_media_to_the_2025_minimum_age_of_16(catalog: Catalog) -> None:
    au = independence.default_catalog(region="AU")
    assert ages(catalog, "start-social-media")[0] == "13y"
    assert ages(au, "start-social-media") == ("16y", "17y")
    assert "16" in au.responsibility("start-social-media").title
    # the items built on an account move with it, so no prerequisite comes later than its item
    assert ages(au, "manage-privacy-settings")[0] == "16y"
    assert ages(au, "mind-digital-footprint")[0] == "16y"
    for id in ("start-social-media", "manage-privacy-settings", "mind-digital-footprint"):
        assert "esafety-social-media-minimum-age-2025" in au.responsibility(id).sources
    at_14 = {s.id for s in au.suggest(14)}
    assert "start-social-media" not in at_14
    assert "start-social-media" in {s.id for s in catalog.suggest(14)}


def test_learning_to_drive_gives_each_regions_licence_ages(catalog: Catalog) -> None:
    default = catalog.responsibility("learn-to-drive")
    gb = independence.default_catalog(region="GB").responsibility("learn-to-drive")
    us = independence.default_catalog(region="US").responsibility("learn-to-drive")
    au = independence.default_catalog(region="AU").responsibility("learn-to-drive")
    # Great Britain: a provisional licence from 15 years 9 months, a car from 17; the window
    # runs to the end of childhood, since most do not drive alone by 18 (see test_corrections)
    assert "15 years 9 months" in gb.summary and "from 17" in gb.summary
    assert "gov-uk-learning-to-drive" in gb.sources
    assert ages(independence.default_catalog(region="GB"), "learn-to-drive") == ("15y", "17y11m")
    # United States: permits from 14 to 16 by state; ages kept
    assert "14" in us.summary and "16" in us.summary and "state" in us.summary
    assert "trafficsafetystore-permit-ages-by-state-2025" in us.sources
    assert ages(independence.default_catalog(region="US"), "learn-to-drive") == ("15y", "17y5m")
    # Australia: learner at 16 (ACT 15y9m), alone at 17 or 18 in Victoria: ends by 17y11m
    assert "15 years 9 months in the ACT" in au.summary and "18 in Victoria" in au.summary
    assert ages(independence.default_catalog(region="AU"), "learn-to-drive") == ("15y", "17y11m")
    assert "driver-knowledge-test-licences-by-jurisdiction" in au.sources
    # without a region the item keeps its general text and ages
    assert (str(default.introduce_at), str(default.independent_by)) == ("15y", "17y5m")
    assert "15 years 9 months" not in default.summary


def test_part_time_work_follows_each_regions_working_age(catalog: Catalog) -> None:
    gb = independence.default_catalog(region="GB")
    us = independence.default_catalog(region="US")
    au = independence.default_catalog(region="AU")
    assert ages(catalog, "earn-money-part-time") == ("14y", "17y")
    # Great Britain: light part-time work from 13 with the council's permit
    assert ages(gb, "earn-money-part-time") == ("13y", "17y")
    assert "from 13" in gb.responsibility("earn-money-part-time").summary
    assert "nottingham-child-employment" in gb.responsibility("earn-money-part-time").sources
    # United States: the federal minimum of 14 is the catalogue's age; the hours are named
    assert ages(us, "earn-money-part-time") == ("14y", "17y")
    summary = us.responsibility("earn-money-part-time").summary
    assert "from 14" in summary and "18 in a school week" in summary
    # Australia: set by each state, so the ages are kept and the note says so
    assert ages(au, "earn-money-part-time") == ages(catalog, "earn-money-part-time")
    assert "South Australia sets none" in region_section("AU")["note"]


def test_the_region_notes_name_what_differs_and_cite_it() -> None:
    gb, us, au = (region_section(code) for code in ("GB", "US", "AU"))
    # public transport: what the bodies read say, and that the ages are kept
    assert "Zip" in gb["note"] and "tfl-visitor-travelling-with-children" in gb["sources"]
    assert "V/Line" in au["note"] and "ptv-children-on-public-transport" in au["sources"]
    assert "of 8 ride alone" in us["note"]
    assert "pasco-county-unaccompanied-children" in us["sources"]
    # Queensland's law on leaving a child under 12
    assert "Queensland" in au["note"] and "under 12" in au["note"]
    assert "clarity-law-qld-child-under-12-unattended-2023" in au["sources"]
    # driving and work
    assert "15 years 9 months" in gb["note"] and "from 13" in gb["note"]
    assert "from 14" in us["note"] and "dol-youth-labor-age-requirements" in us["sources"]
    catalog_sources = {s.id for s in independence.default_catalog().sources}
    for section in (gb, us, au):
        assert set(section["sources"]) <= catalog_sources


@pytest.mark.parametrize("code", REGIONS)
@pytest.mark.parametrize("locale", ["es", "ar", "en-US"])
def test_every_text_a_region_changes_is_translated(code: str, locale: str) -> None:
    english = independence.default_catalog(region=code)
    translated = independence.default_catalog(region=code, locale=locale)
    pack = yaml.safe_load((DATA / "regions" / f"{code}.yaml").read_text("utf-8"))
    changed = [
        (patch["id"], field)
        for patch in pack["override"]["responsibilities"]
        for field, value in patch.items()
        if isinstance(value, str)
        and field != "id"
        and not field.endswith("_at")
        and not field.endswith("_by")
    ]
    assert changed
    for id, field in changed:
        text = getattr(english.responsibility(id), field)
        other = getattr(translated.responsibility(id), field)
        if locale == "en-US":  # the same meaning in American spelling: no British forms left
            assert "licence" not in other and "holiday" not in other, (id, field)
        else:
            assert other != text, (code, locale, id, field)


@pytest.mark.parametrize(
    ("code", "id"),
    [
        ("GB", "babysit-younger-siblings-for-an-evening"),
        ("US", "stay-home-alone-short-time"),
        ("AU", "start-social-media"),
        ("GB", "learn-to-drive"),
        ("GB", "earn-money-part-time"),
        ("US", "learn-to-drive"),
        ("US", "earn-money-part-time"),
        ("AU", "learn-to-drive"),
    ],
)
def test_provenance_names_the_region_file(code: str, id: str) -> None:
    history = independence.default_catalog(region=code).provenance(id)
    assert history[0].action == "defined"
    last = history[-1]
    assert last.action == "override"
    assert Path(last.file or "").as_posix().endswith(f"regions/{code}.yaml")
    assert last.line is not None


@pytest.mark.parametrize(
    ("code", "emergency", "non_emergency"),
    [("GB", "999", "101"), ("AU", "000", "131 444"), ("US", "911", None)],
)
def test_the_numbers_are_in_the_call_steps_with_a_region(
    catalog: Catalog, code: str, emergency: str, non_emergency: str | None
) -> None:
    regional = independence.default_catalog(region=code)
    messages = call_messages(regional, Action.CALL_EMERGENCY_SERVICES)
    assert messages and all(f"): {emergency}." in m for m in messages)
    others = call_messages(regional, Action.CALL_POLICE_NON_EMERGENCY)
    assert others
    for message in others:
        # the step says to call the emergency number instead in danger: it carries both
        assert message.endswith(f"): {emergency}.")
        if non_emergency is None:
            assert "there is no single one" in message
        else:
            assert (
                f"Police non-emergency number ({regional_name(code)}): {non_emergency}." in message
            )
    # other steps are untouched, and without a region no number is added
    assert call_messages(catalog, Action.CALL_EMERGENCY_SERVICES) == [
        m.rsplit(" Emergency number (", 1)[0] for m in messages
    ]
    for plain in [*call_messages(catalog, Action.CALL_EMERGENCY_SERVICES)]:
        assert "your local emergency number" in plain
        assert not any(number in plain for number in ("999", "911", "000", "101", "131 444"))


def test_the_timeline_carries_the_number() -> None:
    from datetime import UTC, datetime

    gb = independence.default_catalog(region="GB")
    policy = next(
        p
        for p in gb.check_in_policies
        if gb.lookup(p.escalation, kind="escalation_policies").steps[-1].action
        == Action.CALL_EMERGENCY_SERVICES
    )
    timeline = gb.timeline(policy.id, datetime(2026, 6, 1, 15, 0, tzinfo=UTC))
    assert "999" in timeline.steps[-1].message


def test_an_unknown_region_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown region 'XX': known regions are AU, GB, US"):
        independence.default_catalog(region="XX")
    with pytest.raises(independence.UnknownRegionError, match="AU, GB, US"):
        independence.load_catalog(DATA, region="UK")
    # codes are ISO 3166-1 alpha-2, matched in any case
    assert independence.default_catalog(region="gb").region == "GB"


def test_the_command_line_refuses_an_unknown_region(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "suggest", "--age", "14", "--region", "XX")
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert "--region: unknown region 'XX': known regions are AU, GB, US" in err


@pytest.mark.parametrize("command", [["suggest", "--age", "16"], ["show", "start-social-media"]])
def test_every_query_command_takes_region(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    status, out, _ = run(capsys, *command, "--region", "AU", "--json")
    assert status == 0
    assert "16y" in out
    _, plain, _ = run(capsys, *command, "--json")
    assert plain != out


def test_escalate_prints_the_regional_number(capsys: pytest.CaptureFixture[str]) -> None:
    policy = next(
        p.id
        for p in independence.default_catalog().check_in_policies
        if p.escalation == "standard-check"
    )
    argv = ["escalate", policy, "--due", "2026-06-01T15:00+01:00"]
    status, out, err = run(capsys, *argv, "--region", "AU")
    assert status == 0, err
    assert "Emergency number (Australia): 000." in out
    _, plain, _ = run(capsys, *argv)
    assert "Emergency number (" not in plain


def test_region_and_locale_together() -> None:
    english = independence.default_catalog(region="GB")
    spanish = independence.default_catalog(region="GB", locale="es")
    arabic = independence.default_catalog(region="GB", locale="ar")
    for translated in (spanish, arabic):
        assert translated.region == "GB"
        assert ages(translated, "babysit-younger-siblings-for-an-evening") == ("16y", "17y")
    assert spanish.locale == "es" and arabic.locale == "ar"
    spanish_calls = call_messages(spanish, Action.CALL_EMERGENCY_SERVICES)
    assert all(m.endswith("Número de emergencias (Gran Bretaña): 999.") for m in spanish_calls)
    arabic_calls = call_messages(arabic, Action.CALL_EMERGENCY_SERVICES)
    assert all(m.endswith("رقم الطوارئ (بريطانيا العظمى): 999.") for m in arabic_calls)
    # the record texts are translated as usual: the same step differs from the English one
    assert spanish_calls != call_messages(english, Action.CALL_EMERGENCY_SERVICES)


def test_load_catalog_applies_a_region_of_a_data_folder() -> None:
    catalog = independence.load_catalog(DATA, region="AU", locale="es")
    assert catalog.region == "AU" and catalog.locale == "es"
    assert ages(catalog, "start-social-media")[0] == "16y"
    assert independence.load_catalog(DATA).region is None


def test_the_region_survives_overlays(tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text("overlay: {name: nothing}\n", encoding="utf-8")
    gb = independence.default_catalog(region="GB")
    assert independence.with_overlays(gb, overlay).region == "GB"


def test_every_region_validates_with_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    from independence.regional import region_problems

    assert region_problems(DATA) == ()
    status, out, err = run(capsys, "validate", str(DATA))
    assert status == 0, out + err


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("locales"))
    return target


def test_validate_reports_a_broken_region_with_its_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = _copy_data(tmp_path)
    broken = data / "regions" / "GB.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "id: babysit-younger-siblings-for-an-evening", "id: babysit-siblings"
        ),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "validate", str(data))
    assert status == 1
    assert f"{broken}:" in out
    assert "cannot override unknown responsibility 'babysit-siblings'" in out


def test_a_region_file_must_be_named_by_its_code(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "regions" / "GB.yaml").rename(data / "regions" / "UK.yaml")
    with pytest.raises(independence.CatalogError, match="the file name must be the code"):
        independence.load_catalog(data, region="UK")


def test_a_region_needs_its_numbers(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "AU.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace('  emergency_number: "000"\n', ""),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError, match="emergency_number"):
        independence.load_catalog(data, region="AU")


def test_a_region_source_must_exist(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "US.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "sources: [kidshealth-how-to-use-911,", "sources: [no-such-source,"
        ),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError, match="unknown source 'no-such-source'"):
        independence.load_catalog(data, region="US")


def test_assert_valid_catalog_checks_the_regions(tmp_path: Path) -> None:
    from independence.testing import assert_valid_catalog

    assert assert_valid_catalog(DATA).region is None
    data = _copy_data(tmp_path)
    file = data / "regions" / "GB.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("introduce_at: 16y", "introduce_at: 19y"),
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match=r"regions/GB\.yaml:\d+"):
        assert_valid_catalog(data)
