"""Recurring check-ins (Schedule) and the one rule for clock changes (independence.clock).

London changes its clocks on 29 March 2026 (01:00 GMT -> 02:00 BST) and 25 October 2026
(02:00 BST -> 01:00 GMT); Sydney on 5 April 2026 (03:00 AEDT -> 02:00 AEST) and 4 October 2026
(02:00 AEST -> 03:00 AEDT).
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

import independence
from independence.clock import local_instant
from independence.errors import CatalogError
from independence.model import SCHOOL_DAYS, Schedule, Weekday

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
ROOT = Path(__file__).resolve().parents[2]


def schedule(**fields: object) -> Schedule:
    base: dict[str, object] = {
        "id": "home-from-school",
        "title": "Home from school",
        "check_in": "walk-to-school",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "at": "15:30",
        "timezone": "Europe/London",
    }
    return Schedule.model_validate({**base, **fields})


def test_every_school_day_at_15_30() -> None:
    school = schedule()
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=LONDON)  # after Friday's
    found = school.next_occurrences(friday, 3)
    assert [moment.date() for moment in found] == [
        date(2026, 3, 9),
        date(2026, 3, 10),
        date(2026, 3, 11),
    ]
    assert all(moment.time() == time(15, 30) and moment.tzinfo == LONDON for moment in found)


def test_occurrences_are_strictly_after_the_instant() -> None:
    school = schedule()
    exactly = datetime(2026, 3, 9, 15, 30, tzinfo=LONDON)
    assert school.next_occurrences(exactly)[0].date() == date(2026, 3, 10)
    assert school.next_occurrences(exactly - timedelta(seconds=1))[0] == exactly


def test_the_local_time_holds_across_both_london_changes() -> None:
    saturdays = schedule(days=["sat"], at="22:00")
    found = saturdays.next_occurrences(datetime(2026, 3, 20, tzinfo=UTC), 3)
    # 21 March GMT, 28 March GMT, 4 April BST: always 22:00 on the clock
    assert [moment.astimezone(UTC).hour for moment in found] == [22, 22, 21]
    assert all(moment.astimezone(LONDON).time() == time(22, 0) for moment in found)
    autumn = saturdays.next_occurrences(datetime(2026, 10, 15, tzinfo=UTC), 3)
    # 17 and 24 October BST (the change is on Sunday the 25th), 31 October GMT
    assert [moment.astimezone(UTC).hour for moment in autumn] == [21, 21, 22]
    assert all(moment.astimezone(LONDON).time() == time(22, 0) for moment in autumn)


def test_a_time_skipped_in_spring_is_moved_forward_by_the_skip() -> None:
    sundays = schedule(days=["sun"], at="01:30")
    found = sundays.next_occurrences(datetime(2026, 3, 28, tzinfo=UTC), 2)
    # 01:30 does not exist on 29 March in London: it comes at 02:30 BST (01:30 UTC)
    assert found[0] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert found[0].astimezone(LONDON).time() == time(2, 30)
    assert found[1].astimezone(LONDON).time() == time(1, 30)  # 5 April, BST


def test_a_time_repeated_in_autumn_happens_once_the_first_time() -> None:
    sundays = schedule(days=["sun"], at="01:30")
    found = sundays.next_occurrences(datetime(2026, 10, 24, tzinfo=UTC), 2)
    # 01:30 happens twice on 25 October: once, at 01:30 BST (00:30 UTC). (Compared in UTC: by
    # PEP 495 a time in the repeated hour never equals a datetime of another zone.)
    assert found[0].astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert found[1].date() == date(2026, 11, 1)
    # and the second 01:30 (GMT) does not bring it back
    later = sundays.next_occurrences(datetime(2026, 10, 25, 0, 45, tzinfo=UTC))
    assert later[0].date() == date(2026, 11, 1)


def test_sydney_across_both_changes() -> None:
    school = schedule(timezone="Australia/Sydney", at="15:30")
    april = school.next_occurrences(datetime(2026, 4, 2, 12, 0, tzinfo=SYDNEY), 3)
    # Thu 2 April: AEDT (+11); Fri 3: AEDT; Mon 6: AEST (+10) after the 5 April change
    assert [moment.utcoffset() for moment in april] == [
        timedelta(hours=11),
        timedelta(hours=11),
        timedelta(hours=10),
    ]
    assert all(moment.time() == time(15, 30) for moment in april)
    october = school.next_occurrences(datetime(2026, 10, 2, 12, 0, tzinfo=SYDNEY), 2)
    assert [moment.utcoffset() for moment in october] == [
        timedelta(hours=10),  # Fri 2 October, AEST
        timedelta(hours=11),  # Mon 5 October, AEDT after the 4 October change
    ]
    skipped = schedule(timezone="Australia/Sydney", days=["sun"], at="02:30")
    spring = skipped.next_occurrences(datetime(2026, 10, 3, tzinfo=SYDNEY))[0]
    assert spring.time() == time(3, 30)  # 02:30 does not exist on 4 October: an hour on
    repeated = skipped.next_occurrences(datetime(2026, 4, 4, tzinfo=SYDNEY), 2)
    assert repeated[0].utcoffset() == timedelta(hours=11)  # the first 02:30, AEDT
    assert repeated[1].date() == date(2026, 4, 12)  # once only


def test_skipped_days_start_and_end() -> None:
    term = schedule(starts="2026-09-01", ends="2026-09-08", skip=["2026-09-03"])
    found = term.next_occurrences(datetime(2026, 8, 1, tzinfo=UTC), 10)
    assert [moment.date() for moment in found] == [
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 9, 4),
        date(2026, 9, 7),
        date(2026, 9, 8),
    ]
    assert term.next_occurrences(datetime(2026, 9, 9, tzinfo=UTC), 5) == ()
    assert term.occurs_on(date(2026, 9, 2)) and not term.occurs_on(date(2026, 9, 3))
    assert not term.occurs_on(date(2026, 9, 5))  # a Saturday


def test_many_skipped_days_never_stop_the_search_early() -> None:
    weekdays = [date(2027, 1, 4) + timedelta(days=n) for n in range(400)]
    holiday = schedule(skip=[day.isoformat() for day in weekdays])
    found = holiday.next_occurrences(datetime(2027, 1, 2, tzinfo=UTC), 2)
    assert [moment.date() for moment in found] == [date(2028, 2, 8), date(2028, 2, 9)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"days": []}, "at least 1"),
        ({"days": ["mon", "mon"]}, "same day twice"),
        ({"days": ["monday"]}, "days"),
        ({"at": "25:00"}, "HH:MM"),
        ({"timezone": "Europe/Atlantis"}, "unknown time zone"),
        ({"starts": "2026-09-02", "ends": "2026-09-01"}, "before starts"),
        ({"starts": 20260901}, "YYYY-MM-DD"),
        ({"starts": "1 September"}, "YYYY-MM-DD"),
        ({"skip": ["2026-09-03", "2026-09-03"]}, "same date twice"),
        ({"skip": ["2026-01-01"] * 1101}, "at most 1100"),
    ],
)
def test_schedules_are_validated(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        schedule(**fields)


def test_next_occurrences_bounds_its_arguments() -> None:
    school = schedule()
    with pytest.raises(ValueError, match="timezone-aware"):
        school.next_occurrences(datetime(2026, 3, 6))
    with pytest.raises(ValueError, match="between 1 and 1000"):
        school.next_occurrences(datetime(2026, 3, 6, tzinfo=UTC), 0)
    with pytest.raises(ValueError, match="between 1 and 1000"):
        school.next_occurrences(datetime(2026, 3, 6, tzinfo=UTC), 10**9)
    assert len(school.next_occurrences(datetime(2026, 3, 6, tzinfo=UTC), 1000)) == 1000


def test_school_days_are_monday_to_friday() -> None:
    assert [day.number for day in SCHOOL_DAYS] == [0, 1, 2, 3, 4]
    assert Weekday.SUN.number == 6


def test_local_instant_is_the_one_rule() -> None:
    assert local_instant(date(2026, 3, 29), time(1, 30), "Europe/London") == datetime(
        2026, 3, 29, 2, 30, tzinfo=LONDON
    )
    autumn = local_instant(date(2026, 10, 25), time(1, 30), LONDON)
    assert autumn.fold == 0 and autumn.utcoffset() == timedelta(hours=1)
    with pytest.raises(ValueError, match="unknown time zone"):
        local_instant(date(2026, 1, 1), time(9, 0), "Nowhere/At_All")
    with pytest.raises(ValueError, match="local"):
        local_instant(date(2026, 1, 1), time(9, 0, tzinfo=UTC), LONDON)


# --- stored as data ---------------------------------------------------------------------------


def data_folder(tmp_path: Path, schedules: str) -> Path:
    """The default data, with ``schedules`` as its ``schedules.yaml``."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("locales", "schemas"))
    (folder / "schedules.yaml").write_text(schedules, "utf-8")
    return folder


SCHEDULES = """\
schedules:
  - id: home-from-school
    title: Home from school
    check_in: walk-to-school
    days: [mon, tue, wed, thu, fri]
    at: "15:30"
    timezone: Europe/London
    skip: ["2026-10-26"]
  - id: saturday-night
    title: Saturday nights out
    check_in: social-outing
    days: [sat]
    at: "22:00"
    timezone: Europe/London
"""


def test_schedules_load_from_a_data_folder(tmp_path: Path) -> None:
    catalog = independence.load_catalog(data_folder(tmp_path, SCHEDULES))
    assert [item.id for item in catalog.schedules] == ["home-from-school", "saturday-night"]
    saturday = catalog.lookup("saturday-night", kind="schedules")
    assert catalog.lookup(saturday.check_in, kind="check_in_policies").id == "social-outing"
    with pytest.raises(KeyError, match="saturday-night"):
        catalog.lookup("saturday-nite", kind="schedules")


def test_the_default_catalogue_has_no_schedules(catalog: independence.Catalog) -> None:
    assert catalog.schedules == ()


def test_a_bad_schedule_is_a_positioned_error(tmp_path: Path) -> None:
    broken = SCHEDULES.replace('at: "22:00"', 'at: "24:00"').replace(
        "check_in: walk-to-school", "check_in: walk-to-scool"
    )
    with pytest.raises(CatalogError) as caught:
        independence.load_catalog(data_folder(tmp_path, broken))
    problems = {problem.message: problem for problem in caught.value.problems}
    clock = next(
        p for m, p in problems.items() if "HH:MM" in m or "sexagesimal" in m or "22:00" in m
    )
    assert clock.file is not None and clock.file.endswith("schedules.yaml")
    assert clock.line == 13
    unknown = next(p for m, p in problems.items() if "walk-to-scool" in m)
    assert unknown.line == 4 and unknown.column is not None
    assert "walk-to-school" in str(caught.value)  # the close match is named


def test_a_date_out_of_the_calendar_is_refused_with_its_position(tmp_path: Path) -> None:
    broken = SCHEDULES.replace('skip: ["2026-10-26"]', 'skip: ["2026-02-30"]')
    with pytest.raises(CatalogError) as caught:
        independence.load_catalog(data_folder(tmp_path, broken))
    problem = caught.value.problems[0]
    assert problem.file is not None and problem.file.endswith("schedules.yaml")
    assert problem.line == 8


@pytest.mark.parametrize(
    "zone", ["Europe", "x" * 5000, "Europe/London/..", "/etc/passwd", "a\x00b"]
)
def test_a_hostile_zone_name_is_a_validation_error_not_a_crash(zone: str) -> None:
    with pytest.raises(ValidationError):
        schedule(timezone=zone)
    with pytest.raises(ValueError, match="unknown time zone"):
        local_instant(date(2026, 1, 1), time(9, 0), zone)


def test_a_folder_for_a_zone_is_a_positioned_error(tmp_path: Path) -> None:
    broken = SCHEDULES.replace("timezone: Europe/London\n    skip", "timezone: Europe\n    skip")
    with pytest.raises(CatalogError) as caught:
        independence.load_catalog(data_folder(tmp_path, broken))
    problem = caught.value.problems[0]
    assert "unknown time zone 'Europe'" in problem.message
    assert problem.line == 7
