"""Darkness from the sun (independence.sun), checked against published tables.

Each city's times are those its page publishes (read with the project's search tool); the
library must agree within two minutes. Where a page names no year (Reykjavik, Singapore), the
row is checked in 2026: the sun's times move by well under a minute from one year to the next.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from independence.sun import (
    Place,
    Polar,
    civil_twilight,
    is_dark,
    next_darkness,
    solar_day,
    sun_altitude,
    sun_events,
    sunrise_sunset,
    zone_place,
    zone_places,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_zone_places.py"

LONDON_ZONE = ZoneInfo("Europe/London")
SYDNEY_ZONE = ZoneInfo("Australia/Sydney")
REYKJAVIK_ZONE = ZoneInfo("Atlantic/Reykjavik")
SINGAPORE_ZONE = ZoneInfo("Asia/Singapore")

# London, at 51.5074°N, 0.1278°W (the pages give no coordinates; the city centre). Sunsets:
# http://diamondgeezer.blogspot.com/2018/11/nearer-5pm.html ("Yesterday the sun set at 4.31pm,
# and today it's 4.29pm": 3 and 4 November 2018) and
# https://secretldn.com/de/erster-5pm-sonnenuntergang-london/ (7 February 2025, 17.01, from
# Time and Date). Day lengths (sunset minus sunrise, hours and minutes), from the 2024 table of
# http://stjerneskinn.com/dagens-lengde-verden-london.htm. (https://whattime.city/london/sun was
# read too and left out: its times are up to five minutes from every other table.)
LONDON = Place(latitude=51.5074, longitude=-0.1278)
LONDON_SUNSETS = [
    (date(2018, 11, 3), "16:31"),
    (date(2018, 11, 4), "16:29"),
    (date(2025, 2, 7), "17:01"),
]
LONDON_DAY_LENGTHS = [
    (date(2024, 1, 1), 7, 55),
    (date(2024, 1, 15), 8, 20),
    (date(2024, 2, 1), 9, 9),
    (date(2024, 2, 15), 9, 59),
]

# Sydney, at 33.8688°S, 151.2093°E. The Time and Date table of December 2021 reproduced by
# https://hike-australia.com/australians/how-long-are-the-days-in-australia.html (sunrise and
# day length to the second); midwinter sunrise 7:00 and sunset 4.54 pm AEST from
# http://askascientist.nz/a140; day lengths of the 2022 solstices ("about nine hours and 53
# minutes", 21 June; "about 14 hours and 24 minutes", 22 December) from
# https://www.theage.com.au/national/sydney-s-shortest-day-is-here-but-it-s-coldest-is-yet-to-come-20220620-p5av5h.html
SYDNEY = Place(latitude=-33.8688, longitude=151.2093)
SYDNEY_TABLE = [
    (date(2021, 12, 29), "05:45", timedelta(hours=14, minutes=23, seconds=19)),
    (date(2021, 12, 30), "05:46", timedelta(hours=14, minutes=22, seconds=54)),
    (date(2021, 12, 31), "05:46", timedelta(hours=14, minutes=22, seconds=26)),
]
SYDNEY_DAY_LENGTHS = [
    (date(2022, 6, 21), timedelta(hours=9, minutes=53)),
    (date(2022, 12, 22), timedelta(hours=14, minutes=24)),
]

# https://iceland.nordicvisitor.com/travel-guide/information/time-daylight/: "Example of
# sunrise and sunset times", Reykjavík (Iceland keeps GMT all year). The page gives no
# coordinates: the tz database's reference place of Atlantic/Reykjavik is used, so the packaged
# zone table is checked too. On 21 June the sun sets after midnight, on the 22nd.
REYKJAVIK_TABLE = [
    ((1, 1), "11:19", "15:45"),
    ((2, 5), "09:55", "17:30"),
    ((3, 5), "08:21", "18:59"),
    ((4, 2), "06:42", "20:23"),
    ((5, 7), "04:39", "22:12"),
    ((6, 4), "03:15", "23:39"),
    ((6, 21), "02:54", "00:05"),
    ((7, 2), "03:07", "23:55"),
    ((8, 6), "04:50", "22:14"),
    ((9, 3), "06:16", "20:36"),
    ((10, 1), "07:37", "18:57"),
    ((11, 5), "09:24", "16:58"),
    ((12, 3), "10:51", "15:44"),
    ((12, 21), "11:22", "15:30"),
]

# http://www.math.nus.edu.sg/aslaksen/calendar/sunrise.html (H. Aslaksen, National University of
# Singapore): the earliest sunrise 6:46 a.m. on 1 November, the latest 7:17 a.m. on 9 February,
# the earliest sunset 6:50 p.m. on 5 November, the latest 7:21 p.m. on 13 February. No
# coordinates on the page: the reference place of Asia/Singapore.
SINGAPORE_TABLE = [
    ((11, 1), "rise", "06:46"),
    ((2, 9), "rise", "07:17"),
    ((11, 5), "set", "18:50"),
    ((2, 13), "set", "19:21"),
]

TOLERANCE = timedelta(minutes=2)


def _script() -> ModuleType:
    """scripts/generate_zone_places.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location("generate_zone_places", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def local(on: date, clock: str, zone: ZoneInfo) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime(on.year, on.month, on.day, hours, minutes, tzinfo=zone)


def close(computed: datetime | None, published: datetime) -> bool:
    assert computed is not None
    return abs(computed - published) <= TOLERANCE


@pytest.mark.parametrize(("on", "clock"), LONDON_SUNSETS)
def test_london_sunsets_match_the_published_times(on: date, clock: str) -> None:
    assert close(sunrise_sunset(on, LONDON).set, local(on, clock, LONDON_ZONE))


@pytest.mark.parametrize(("on", "hours", "minutes"), LONDON_DAY_LENGTHS)
def test_london_day_lengths_match_the_published_table(on: date, hours: int, minutes: int) -> None:
    day = sunrise_sunset(on, LONDON)
    assert day.rise is not None and day.set is not None
    assert abs((day.set - day.rise) - timedelta(hours=hours, minutes=minutes)) <= TOLERANCE


@pytest.mark.parametrize(("on", "rise", "length"), SYDNEY_TABLE)
def test_sydney_sunrise_and_day_length_match_the_published_table(
    on: date, rise: str, length: timedelta
) -> None:
    day = sunrise_sunset(on, SYDNEY)
    assert day.rise is not None and day.set is not None
    assert close(day.rise, local(on, rise, SYDNEY_ZONE))
    assert abs((day.set - day.rise) - length) <= TOLERANCE


def test_sydney_midwinter_sunrise_and_sunset() -> None:
    on = date(2026, 6, 21)
    day = sunrise_sunset(on, SYDNEY)
    assert close(day.rise, local(on, "07:00", SYDNEY_ZONE))
    assert close(day.set, local(on, "16:54", SYDNEY_ZONE))


@pytest.mark.parametrize(("on", "length"), SYDNEY_DAY_LENGTHS)
def test_sydney_solstice_day_lengths(on: date, length: timedelta) -> None:
    day = sunrise_sunset(on, SYDNEY)
    assert day.rise is not None and day.set is not None
    assert abs((day.set - day.rise) - length) <= TOLERANCE


@pytest.mark.parametrize(("when", "rise", "set_"), REYKJAVIK_TABLE)
def test_reykjavik_sunrise_and_sunset_match_the_published_table(
    when: tuple[int, int], rise: str, set_: str
) -> None:
    place = zone_place("Atlantic/Reykjavik")
    assert place is not None
    on = date(2026, *when)
    day = sunrise_sunset(on, place)
    sets = local(on, set_, REYKJAVIK_ZONE)
    if set_ < rise:  # after midnight: the next calendar day, the same solar day
        sets += timedelta(days=1)
    assert close(day.rise, local(on, rise, REYKJAVIK_ZONE)), day.rise
    assert close(day.set, sets), day.set


@pytest.mark.parametrize(("when", "which", "clock"), SINGAPORE_TABLE)
def test_singapore_extremes_match_the_published_table(
    when: tuple[int, int], which: str, clock: str
) -> None:
    place = zone_place("Asia/Singapore")
    assert place is not None
    on = date(2026, *when)
    day = sunrise_sunset(on, place)
    assert close(day.rise if which == "rise" else day.set, local(on, clock, SINGAPORE_ZONE))


def test_civil_twilight_is_when_the_sun_is_six_degrees_down() -> None:
    day = civil_twilight(date(2026, 12, 10), LONDON)
    assert day.rise is not None and day.set is not None
    assert sun_altitude(day.rise, LONDON) == pytest.approx(-6.0, abs=0.02)
    assert sun_altitude(day.set, LONDON) == pytest.approx(-6.0, abs=0.02)
    sun = sunrise_sunset(date(2026, 12, 10), LONDON)
    assert sun.rise is not None and sun.set is not None
    # dawn before sunrise, dusk after sunset, by the 35 to 45 minutes of a London winter
    assert timedelta(minutes=30) < sun.rise - day.rise < timedelta(minutes=50)
    assert timedelta(minutes=30) < day.set - sun.set < timedelta(minutes=50)


def test_the_issue_cases_a_winter_afternoon_in_london_is_dark_a_june_one_is_not() -> None:
    # issue #23: a 7-year-old due home at 16:30 on 10 December in London is out after dark
    # once the grace is over; in June at that hour it is broad daylight
    assert is_dark(datetime(2026, 12, 10, 16, 45, tzinfo=LONDON_ZONE), LONDON)
    assert not is_dark(datetime(2026, 6, 10, 16, 45, tzinfo=LONDON_ZONE), LONDON)
    # and the 07:30 school walk in a British December is before civil dawn
    assert is_dark(datetime(2026, 12, 10, 7, 0, tzinfo=LONDON_ZONE), LONDON)
    # Sydney the other way round
    assert not is_dark(datetime(2026, 12, 10, 16, 45, tzinfo=SYDNEY_ZONE), SYDNEY)
    assert is_dark(datetime(2026, 6, 10, 17, 45, tzinfo=SYDNEY_ZONE), SYDNEY)


def test_a_june_night_in_reykjavik_never_gets_dark() -> None:
    place = zone_place("Atlantic/Reykjavik")
    assert place is not None
    assert civil_twilight(date(2026, 6, 21), place).polar is Polar.DAY
    for hour in range(24):
        assert not is_dark(datetime(2026, 6, 21, hour, tzinfo=REYKJAVIK_ZONE), place)
    assert is_dark(datetime(2026, 12, 21, 22, 0, tzinfo=REYKJAVIK_ZONE), place)


def test_polar_night_is_dark_all_day_and_polar_day_never() -> None:
    svalbard = Place(latitude=78.22, longitude=15.65)
    winter = civil_twilight(date(2026, 12, 21), svalbard)
    assert winter.polar is Polar.NIGHT and winter.rise is None and winter.set is None
    assert all(is_dark(datetime(2026, 12, 21, hour, tzinfo=UTC), svalbard) for hour in range(24))
    summer = civil_twilight(date(2026, 6, 21), svalbard)
    assert summer.polar is Polar.DAY
    assert not any(is_dark(datetime(2026, 6, 21, hour, tzinfo=UTC), svalbard) for hour in range(24))
    # Tromsø in midwinter: the sun never rises, yet there is civil twilight at noon
    tromso = Place(latitude=69.65, longitude=18.96)
    assert sunrise_sunset(date(2026, 12, 21), tromso).polar is Polar.NIGHT
    assert civil_twilight(date(2026, 12, 21), tromso).polar is None
    # at the South Pole, the seasons the other way round
    pole = Place(latitude=-90, longitude=0)
    assert civil_twilight(date(2026, 12, 21), pole).polar is Polar.DAY
    assert civil_twilight(date(2026, 6, 21), pole).polar is Polar.NIGHT


def test_next_darkness_finds_civil_dusk() -> None:
    noon = datetime(2026, 12, 10, 12, 0, tzinfo=LONDON_ZONE)
    dusk = civil_twilight(date(2026, 12, 10), LONDON).set
    found = next_darkness(noon, LONDON)
    assert found is not None and dusk is not None
    assert abs(found - dusk) < timedelta(seconds=30)
    night = datetime(2026, 12, 10, 22, 0, tzinfo=LONDON_ZONE)
    assert next_darkness(night, LONDON) == night
    svalbard = Place(latitude=78.22, longitude=15.65)
    assert next_darkness(datetime(2026, 6, 21, tzinfo=UTC), svalbard) is None
    with pytest.raises(ValueError, match="within"):
        next_darkness(noon, LONDON, within=timedelta(days=400))


def test_instants_must_be_aware_and_places_on_the_earth() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_dark(datetime(2026, 1, 1, 12), LONDON)
    for latitude, longitude in ((91, 0), (0, 181), (float("nan"), 0), (0, float("inf"))):
        with pytest.raises(ValidationError):
            Place(latitude=latitude, longitude=longitude)
    with pytest.raises(ValueError, match="depression"):
        sun_events(date(2026, 1, 1), LONDON, 45)


def test_solar_day_follows_the_local_mean_time() -> None:
    # 23:30 UTC is already the next day at 151°E, still the same day at 0°
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert solar_day(late, SYDNEY) == date(2026, 3, 2)
    assert solar_day(late, LONDON) == date(2026, 3, 1)


def test_zone_places_come_from_the_tz_database() -> None:
    london = zone_place("Europe/London")
    assert london == Place(latitude=51.5083, longitude=-0.1253)  # zone1970.tab: +513030-0000731
    assert zone_place(LONDON_ZONE) == london
    assert zone_place("US/Pacific") == zone_place("America/Los_Angeles")  # a link
    assert zone_place("Europe/Jersey") != london  # zone.tab's own place for Jersey
    assert zone_place("UTC") is None
    assert zone_place("Etc/GMT+5") is None
    assert zone_place("Not/AZone") is None
    assert zone_place(None) is None
    assert len(zone_places()) > 400


def test_the_zone_table_parses_coordinates_with_and_without_seconds() -> None:
    script = _script()
    assert script.parse_coordinates("+5130-00007") == pytest.approx((51.5, -7 / 60))
    assert script.parse_coordinates("-720041+0023206") == pytest.approx(
        (-(72 + 41 / 3600), 2 + 32 / 60 + 6 / 3600)
    )
    with pytest.raises(ValueError, match="ISO 6709"):
        script.parse_coordinates("+51-000")


def _system_tz() -> Path | None:
    folder = Path("/usr/share/zoneinfo")
    needed = ("zone1970.tab", "zone.tab", "tzdata.zi")
    return folder if all((folder / name).is_file() for name in needed) else None


@pytest.mark.skipif(_system_tz() is None, reason="no tz database in /usr/share/zoneinfo")
def test_the_packaged_zone_table_is_not_stale() -> None:
    """The packaged table against the tz data of this machine (the system's, or ``tzdata``).

    Generated from the newest tz data found here, the table must be what is packaged: a newer
    release fails this test until the table is regenerated; an older one only has to list no
    zone the table lacks.
    """
    script = _script()
    packaged = script.TABLE.read_text("utf-8")
    packaged_version = packaged.split("from tz data ", 1)[1].split(":", 1)[0]
    for folder in script.find_sources():
        found = script.version(folder)
        newer = (int(found[:4]), found[4:]) > (int(packaged_version[:4]), packaged_version[4:])
        assert not newer, (
            f"{folder} has tz data {found}, newer than the table's {packaged_version}: "
            "run python scripts/generate_zone_places.py"
        )
        if found == packaged_version:
            assert script.render(folder) == packaged
        else:
            names = {line.split("\t")[0] for line in script.render(folder).splitlines()[3:]}
            assert names <= set(zone_places()), sorted(names - set(zone_places()))[:5]
    checked = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
