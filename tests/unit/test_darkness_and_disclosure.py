"""The check-in model's darkness rule (CheckInPolicy.darkness_at) and sharing on failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

import independence
from independence.escalation import Circumstances
from independence.escalation.engine import timeline
from independence.loading.loader import read_parts
from independence.model import (
    FULL_DISCLOSURE,
    LIMITED_DISCLOSURE,
    CheckInPolicy,
    DarknessBasis,
    DarknessRule,
    LocationSharing,
    Precision,
    SharedData,
    SharingMode,
)
from independence.sun import Place, zone_place

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.fixture(scope="module")
def walk(catalog: independence.Catalog) -> CheckInPolicy:
    return catalog.lookup("walk-to-school", kind="check_in_policies")


def test_the_sun_is_the_default_rule_of_every_default_policy(
    catalog: independence.Catalog,
) -> None:
    assert {policy.darkness for policy in catalog.check_in_policies} == {DarknessRule.SUN}


def test_a_december_afternoon_in_london_is_dark_a_june_one_is_not(walk: CheckInPolicy) -> None:
    # issue #23: due 16:30, 10 minutes' grace; the first step fires at 16:40 or later
    december = walk.darkness_at(datetime(2026, 12, 10, 16, 40, tzinfo=LONDON), "Europe/London")
    june = walk.darkness_at(datetime(2026, 6, 10, 16, 40, tzinfo=LONDON), "Europe/London")
    assert december.dark and not june.dark
    assert december.basis is june.basis is DarknessBasis.SUN_AT_ZONE
    assert december.place == zone_place("Europe/London")
    # the fixed 19:00-07:00 hours said the opposite in December, and still do
    assert not walk.is_after_dark(datetime(2026, 12, 10, 16, 40, tzinfo=LONDON))


def test_sydney_is_the_other_way_round(walk: CheckInPolicy) -> None:
    december = walk.darkness_at(datetime(2026, 12, 10, 17, 45, tzinfo=SYDNEY), "Australia/Sydney")
    june = walk.darkness_at(datetime(2026, 6, 10, 17, 45, tzinfo=SYDNEY), "Australia/Sydney")
    assert june.dark and not december.dark


def test_a_winter_school_walk_follows_civil_dawn(walk: CheckInPolicy) -> None:
    # civil dawn in London on 10 December is about 07:15: at 07:00 it is dark, at 07:30 the
    # sky is in civil twilight (light enough by the civil definition); in Edinburgh, further
    # north and west, civil dawn is about 07:46, so the 07:30 walk there is in the dark
    assert walk.darkness_at(datetime(2026, 12, 10, 7, 0, tzinfo=LONDON), "Europe/London").dark
    assert not walk.darkness_at(datetime(2026, 12, 10, 7, 30, tzinfo=LONDON), "Europe/London").dark
    edinburgh = Place(latitude=55.9533, longitude=-3.1883)
    assert walk.darkness_at(
        datetime(2026, 12, 10, 7, 30, tzinfo=LONDON), "Europe/London", place=edinburgh
    ).dark


def test_the_apps_place_wins_over_the_zone(walk: CheckInPolicy) -> None:
    # 22:30 in London's clock on 21 June: dark in London, never in Reykjavik's white night
    moment = datetime(2026, 6, 21, 22, 30, tzinfo=LONDON)
    reykjavik = Place(latitude=64.15, longitude=-21.94)
    at_place = walk.darkness_at(moment, "Europe/London", place=reykjavik)
    assert not at_place.dark
    assert at_place.basis is DarknessBasis.SUN_AT_PLACE and at_place.place == reykjavik
    assert walk.darkness_at(moment, "Europe/London").dark


def test_the_instants_zone_stands_in_for_a_missing_family_zone(walk: CheckInPolicy) -> None:
    judged = walk.darkness_at(datetime(2026, 12, 10, 16, 40, tzinfo=LONDON))
    assert judged.dark and judged.basis is DarknessBasis.SUN_AT_ZONE


def test_without_a_place_the_policy_hours_decide_and_say_so(walk: CheckInPolicy) -> None:
    # UTC has no reference place: the policy's 19:00-07:00 hours are the fallback
    evening = walk.darkness_at(datetime(2026, 12, 10, 20, 0, tzinfo=UTC), "UTC")
    afternoon = walk.darkness_at(datetime(2026, 12, 10, 16, 40, tzinfo=UTC), "UTC")
    assert evening.dark and not afternoon.dark
    assert evening.basis is afternoon.basis is DarknessBasis.FALLBACK_HOURS
    fixed = timezone(timedelta(hours=2))
    assert walk.darkness_at(datetime(2026, 12, 10, 12, tzinfo=fixed)).basis is (
        DarknessBasis.FALLBACK_HOURS
    )


def test_without_a_place_or_hours_it_is_judged_dark(walk: CheckInPolicy) -> None:
    no_hours = walk.model_copy(update={"dark_hours": None})
    judged = no_hours.darkness_at(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), "UTC")
    assert judged.dark and judged.basis is DarknessBasis.ASSUMED_DARK


def test_a_policy_may_fix_its_own_hours(walk: CheckInPolicy) -> None:
    data = walk.model_dump(mode="json")
    data["darkness"] = "hours"
    hours = CheckInPolicy.model_validate(data)
    moment = datetime(2026, 12, 10, 16, 40, tzinfo=LONDON)
    judged = hours.darkness_at(moment, "Europe/London", place=Place(latitude=51.5, longitude=0))
    assert not judged.dark and judged.basis is DarknessBasis.POLICY_HOURS
    assert hours.darkness_at(moment.replace(hour=19, minute=30)).dark
    del data["dark_hours"]
    with pytest.raises(ValidationError, match="darkness: hours needs dark_hours"):
        CheckInPolicy.model_validate(data)


def test_darkness_needs_an_aware_instant_and_a_known_zone(walk: CheckInPolicy) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        walk.darkness_at(datetime(2026, 12, 10, 16, 40))
    with pytest.raises(ValueError, match="unknown time zone"):
        walk.darkness_at(datetime(2026, 12, 10, 16, 40, tzinfo=UTC), "Mars/Olympus")


def test_the_issue_case_escalates_on_after_dark_timings_in_december_only(
    catalog: independence.Catalog, walk: CheckInPolicy
) -> None:
    """Darkness judged at the deadline picks the after-dark timeline in London's December."""
    escalation = catalog.lookup(walk.escalation, kind="escalation_policies")
    for month, expected in ((12, True), (6, False)):
        due = datetime(2026, month, 10, 16, 30, tzinfo=LONDON)
        judged = walk.darkness_at(due + timedelta(minutes=walk.grace_minutes), "Europe/London")
        assert judged.dark is expected
        plan = timeline(
            walk,
            escalation,
            due,
            Circumstances(after_dark=judged.dark, age=independence.Age(years=7)),
        )
        daylight = timeline(
            walk, escalation, due, Circumstances(after_dark=False, age=independence.Age(years=7))
        )
        last = plan.steps[-1].at
        assert (last < daylight.steps[-1].at) is expected


# --- sharing on failure ---------------------------------------------------------------------


def sharing(**fields: object) -> LocationSharing:
    return LocationSharing.model_validate({"mode": "on-failure", **fields})


def test_on_failure_shares_nothing_until_a_safety_step_fires() -> None:
    policy = sharing(on_failure=["location", "battery", "signal"])
    start = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    failed = start + timedelta(minutes=25)
    safe = start + timedelta(minutes=50)
    assert policy.shared_at(start).items == ()
    assert policy.shared_at(failed - timedelta(seconds=1), failed_at=failed).items == ()
    at_failure = policy.shared_at(failed, failed_at=failed)
    assert at_failure.items == LIMITED_DISCLOSURE
    assert at_failure.precision is Precision.PRECISE
    assert policy.shared_at(safe, failed_at=failed, safe_at=safe).items == ()
    assert policy.shared_at(safe, failed_at=failed, safe_at=safe).precision is None


def test_the_full_set_adds_the_route() -> None:
    policy = sharing(on_failure=[item.value for item in FULL_DISCLOSURE])
    moment = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    assert SharedData.ROUTE in policy.shared_at(moment, failed_at=moment).items


def test_other_modes_say_what_they_share() -> None:
    moment = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    later = moment + timedelta(hours=1)
    off = LocationSharing(mode=SharingMode.OFF)
    out = LocationSharing(mode=SharingMode.WHILE_OUT, precision=Precision.APPROXIMATE)
    always = LocationSharing(mode=SharingMode.ALWAYS)
    assert off.shared_at(moment, failed_at=moment).items == ()
    assert out.shared_at(moment).items == (SharedData.LOCATION,)
    assert out.shared_at(moment).precision is Precision.APPROXIMATE
    assert out.shared_at(later, safe_at=later).items == ()
    assert always.shared_at(later, safe_at=moment).items == (SharedData.LOCATION,)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "must say what is shared"),
        ({"on_failure": ["battery"]}, "must include location"),
        ({"on_failure": ["location", "location"]}, "names the same item twice"),
        (
            {"on_failure": ["location"], "pausable": True, "paused_by": ["child"]},
            "cannot be pausable",
        ),
        ({"on_failure": ["location", "heart-rate"]}, "on_failure"),
    ],
)
def test_sharing_on_failure_is_validated(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        sharing(**fields)


def test_on_failure_lists_are_only_for_that_mode() -> None:
    with pytest.raises(ValidationError, match="only for mode on-failure"):
        LocationSharing.model_validate({"mode": "while-out", "on_failure": ["location"]})


def test_shared_at_needs_aware_instants() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sharing(on_failure=["location"]).shared_at(datetime(2026, 3, 1, 18, 0))


def test_the_teen_home_alone_shares_on_failure(catalog: independence.Catalog) -> None:
    teen = catalog.lookup("home-alone-teen", kind="check_in_policies").location
    assert teen.mode is SharingMode.ON_FAILURE
    assert teen.on_failure == LIMITED_DISCLOSURE


def test_a_data_file_with_a_bad_on_failure_is_a_positioned_error(tmp_path: Path) -> None:
    root = tmp_path
    data = Path(independence.__file__).parent / "data" / "check-ins.yaml"
    text = data.read_text("utf-8").replace(
        "on_failure: [location, battery, signal]", "on_failure: [battery, signal]"
    )
    broken = root / "check-ins.yaml"
    broken.write_text(text, "utf-8")
    line = next(
        number
        for number, content in enumerate(text.splitlines(), 1)
        if "on_failure: [battery, signal]" in content
    )
    _, problems = read_parts(broken)
    assert problems, "the file should be refused"
    found = [p for p in problems if "must include location" in p.message]
    assert found and found[0].file == str(broken)
    assert found[0].line is not None and abs(found[0].line - line) <= 3


@pytest.mark.parametrize("zone", ["Europe", "x" * 5000])
def test_a_policy_zone_that_is_a_folder_or_too_long_is_refused(
    walk: CheckInPolicy, zone: str
) -> None:
    data = walk.model_dump(mode="json")
    data["timezone"] = zone
    with pytest.raises(ValidationError, match="unknown time zone"):
        CheckInPolicy.model_validate(data)
    with pytest.raises(ValueError, match="unknown time zone"):
        walk.darkness_at(datetime(2026, 1, 1, tzinfo=UTC), zone)
