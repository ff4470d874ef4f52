"""Darkness from the sun: civil dawn and dusk at a place and date, and whether it is dark.

The sun's position comes from the NOAA solar equations (the NOAA Global Monitoring Laboratory's
solar calculator, after Jean Meeus, *Astronomical Algorithms*), written out here rather than
taken from a library: they are some forty lines, need no data files and no new dependency, and
NOAA gives them as accurate to within a minute or so for latitudes between 72 degrees north and
south (polar day and night are found beyond that too, with less precise times near their edges).

- :class:`Place` is a latitude and a longitude in degrees (north and east positive).
- :func:`sun_altitude` is the height of the sun's centre above the horizon, in degrees, at an
  instant (geometric: without refraction).
- :func:`is_dark` says whether it is dark at an instant: the sun's centre more than 6 degrees
  below the horizon (:data:`CIVIL_DEPRESSION`), which is after civil dusk and before civil dawn.
- :func:`civil_twilight` gives the civil dawn and dusk of a date, :func:`sunrise_sunset` the
  sunrise and sunset; both as a :class:`SunDay`, with ``None`` times and the ``polar`` field set
  on a day when the sun never crosses the line (polar day or polar night).
- :func:`next_darkness` is the first instant at or after another at which it is dark.
- :func:`zone_place` is the reference place of an IANA time zone, from the tz database's
  ``zone1970.tab`` (a table generated from it ships in the package: see
  ``scripts/generate_zone_places.py``).

A *date* at a place is its solar day: the day whose local solar noon falls on that date at the
place's longitude; its dawn comes before that noon and its dusk after it, so a Reykjavik sunset
after midnight in June belongs to the day before, as in published tables.
"""

import math
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Final
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CIVIL_DEPRESSION",
    "SUNRISE_DEPRESSION",
    "ZONE_PLACES_FILE",
    "Place",
    "Polar",
    "SunDay",
    "civil_twilight",
    "is_dark",
    "next_darkness",
    "solar_day",
    "sun_altitude",
    "sun_events",
    "sunrise_sunset",
    "zone_place",
    "zone_places",
]

#: Civil twilight ends (and darkness begins) when the sun's centre is 6 degrees below the
#: horizon.
CIVIL_DEPRESSION: Final = 6.0
#: Published sunrise and sunset: the sun's upper edge on the horizon, refraction included, which
#: puts its centre 50 arcminutes below it (0.833 degrees).
SUNRISE_DEPRESSION: Final = 0.833
#: The generated table of reference places, one ``zone<TAB>latitude<TAB>longitude`` a line,
#: inside the package.
ZONE_PLACES_FILE: Final = "zone_places.tsv"

_J2000: Final = 2451545.0
_UNIX_EPOCH_JD: Final = 2440587.5
_MINUTES_A_DAY: Final = 1440.0


class Place(BaseModel):
    """A point on the Earth: latitude and longitude in degrees, north and east positive."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    latitude: float = Field(
        ge=-90, le=90, allow_inf_nan=False, description="Degrees north (south negative)."
    )
    longitude: float = Field(
        ge=-180, le=180, allow_inf_nan=False, description="Degrees east (west negative)."
    )


class Polar(StrEnum):
    """A day on which the sun never crosses the line asked about."""

    DAY = "day"
    """The sun stays above it all day (for civil twilight: no darkness at all that day)."""
    NIGHT = "night"
    """The sun stays below it all day (for civil twilight: dark all day)."""


class SunDay(BaseModel):
    """The sun's crossings of one line on one solar day, as aware UTC datetimes.

    ``rise`` (dawn) and ``set`` (dusk) are both set on an ordinary day; on a polar day or night
    both are ``None`` and ``polar`` says which.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    on: date
    place: Place
    depression: float
    noon: datetime
    rise: datetime | None
    set: datetime | None
    polar: Polar | None = None


def _julian_century(instant: datetime) -> float:
    julian_day = instant.timestamp() / 86400.0 + _UNIX_EPOCH_JD
    return (julian_day - _J2000) / 36525.0


def _sun(century: float) -> tuple[float, float]:
    """The sun's declination (degrees) and the equation of time (minutes), NOAA's equations."""
    t = century
    mean_longitude = (280.46646 + t * (36000.76983 + t * 0.0003032)) % 360.0
    mean_anomaly = 357.52911 + t * (35999.05029 - 0.0001537 * t)
    eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    m = math.radians(mean_anomaly)
    centre = (
        math.sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + math.sin(2 * m) * (0.019993 - 0.000101 * t)
        + math.sin(3 * m) * 0.000289
    )
    omega = math.radians(125.04 - 1934.136 * t)
    apparent_longitude = mean_longitude + centre - 0.00569 - 0.00478 * math.sin(omega)
    mean_obliquity = (
        23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0
    )
    obliquity = math.radians(mean_obliquity + 0.00256 * math.cos(omega))
    declination = math.degrees(
        math.asin(math.sin(obliquity) * math.sin(math.radians(apparent_longitude)))
    )
    y = math.tan(obliquity / 2.0) ** 2
    l0 = math.radians(mean_longitude)
    equation_of_time = 4.0 * math.degrees(
        y * math.sin(2 * l0)
        - 2 * eccentricity * math.sin(m)
        + 4 * eccentricity * y * math.sin(m) * math.cos(2 * l0)
        - 0.5 * y * y * math.sin(4 * l0)
        - 1.25 * eccentricity * eccentricity * math.sin(2 * m)
    )
    return declination, equation_of_time


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("the instant must be timezone-aware")
    return instant.astimezone(UTC)


def sun_altitude(instant: datetime, place: Place) -> float:
    """The height of the sun's centre above the horizon at ``place``, in degrees (geometric)."""
    moment = _aware(instant)
    declination, equation_of_time = _sun(_julian_century(moment))
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = (moment - midnight).total_seconds() / 60.0
    true_solar = (minutes + equation_of_time + 4.0 * place.longitude) % _MINUTES_A_DAY
    hour_angle = math.radians(true_solar / 4.0 - 180.0)
    lat = math.radians(place.latitude)
    dec = math.radians(declination)
    cos_zenith = math.sin(lat) * math.sin(dec) + math.cos(lat) * math.cos(dec) * math.cos(
        hour_angle
    )
    return 90.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos_zenith))))


def is_dark(instant: datetime, place: Place) -> bool:
    """Whether it is dark at ``place`` at the aware ``instant``: after civil dusk, before dawn.

    Dark means the sun's centre is more than :data:`CIVIL_DEPRESSION` (6) degrees below the
    horizon, the line at which civil twilight ends; on a polar night it is dark all day, on a
    polar (civil) day never.
    """
    return sun_altitude(instant, place) < -CIVIL_DEPRESSION


def _noon(on: date, place: Place) -> datetime:
    """Local solar noon of ``on`` at ``place``, in UTC (two rounds of NOAA's noon equation)."""
    start = datetime(on.year, on.month, on.day, tzinfo=UTC)
    minutes = 720.0 - 4.0 * place.longitude
    for _ in range(2):
        _, equation_of_time = _sun(_julian_century(start + timedelta(minutes=minutes)))
        minutes = 720.0 - 4.0 * place.longitude - equation_of_time
    return start + timedelta(minutes=minutes)


def _hour_angle(century: float, place: Place, depression: float) -> float | None:
    """The hour angle (degrees) of the crossing; +inf or -inf when there is none that day."""
    declination, _ = _sun(century)
    lat = math.radians(place.latitude)
    dec = math.radians(declination)
    cos_lat_dec = math.cos(lat) * math.cos(dec)
    if cos_lat_dec < 1e-12:  # at a pole: the sun's height does not change over the day
        return math.inf if place.latitude * declination > 0 else -math.inf
    ratio = math.cos(math.radians(90.0 + depression)) / cos_lat_dec - math.tan(lat) * math.tan(dec)
    if ratio <= -1.0:
        return math.inf  # always above the line
    if ratio >= 1.0:
        return -math.inf  # always below it
    return math.degrees(math.acos(ratio))


def _crossing(noon: datetime, place: Place, depression: float, sign: int) -> datetime | None:
    """The crossing before (``sign=-1``) or after (``+1``) ``noon``; ``None`` if there is none."""
    moment = noon
    for _ in range(4):
        angle = _hour_angle(_julian_century(moment), place, depression)
        if angle is None or math.isinf(angle):
            return None
        following = noon + timedelta(minutes=sign * 4.0 * angle)
        if abs((following - moment).total_seconds()) < 0.5:
            return following
        moment = following
    return moment


def sun_events(on: date, place: Place, depression: float) -> SunDay:
    """When the sun's centre crosses ``depression`` degrees below the horizon on solar day ``on``.

    ``depression`` is 6 for civil twilight (:func:`civil_twilight`), 0.833 for sunrise and
    sunset (:func:`sunrise_sunset`); it must be between -10 and 20.
    """
    if not -10.0 <= depression <= 20.0:
        raise ValueError(f"depression must be between -10 and 20 degrees, not {depression}")
    noon = _noon(on, place)
    angle = _hour_angle(_julian_century(noon), place, depression)
    if angle is not None and math.isinf(angle):
        polar = Polar.DAY if angle > 0 else Polar.NIGHT
        return SunDay(
            on=on, place=place, depression=depression, noon=noon, rise=None, set=None, polar=polar
        )
    rise = _crossing(noon, place, depression, -1)
    dusk = _crossing(noon, place, depression, +1)
    if rise is None or dusk is None:  # on the edge of a polar day: judge by the noon sun
        above = sun_altitude(noon, place) > -depression
        polar = Polar.DAY if above else Polar.NIGHT
        return SunDay(
            on=on, place=place, depression=depression, noon=noon, rise=None, set=None, polar=polar
        )
    return SunDay(on=on, place=place, depression=depression, noon=noon, rise=rise, set=dusk)


def civil_twilight(on: date, place: Place) -> SunDay:
    """Civil dawn (``rise``) and civil dusk (``set``) at ``place`` on solar day ``on``, in UTC."""
    return sun_events(on, place, CIVIL_DEPRESSION)


def sunrise_sunset(on: date, place: Place) -> SunDay:
    """Sunrise (``rise``) and sunset (``set``) at ``place`` on solar day ``on``, in UTC."""
    return sun_events(on, place, SUNRISE_DEPRESSION)


def solar_day(instant: datetime, place: Place) -> date:
    """The solar day at ``place`` that ``instant`` falls in: the date of the local mean time.

    Local mean time runs ``longitude / 15`` hours ahead of UTC, so the solar day of a date
    spans roughly twelve hours either side of its noon.
    """
    moment = _aware(instant)
    return (moment + timedelta(minutes=4.0 * place.longitude)).date()


#: How far ahead :func:`next_darkness` looks by default.
_LOOK_AHEAD: Final = timedelta(days=2)
_STEP: Final = timedelta(minutes=10)


def next_darkness(
    after: datetime, place: Place, within: timedelta = _LOOK_AHEAD
) -> datetime | None:
    """The first instant at or after ``after`` at which it is dark at ``place``.

    ``after`` itself when it is dark then; ``None`` when it does not get dark within
    ``within`` (at most 31 days; two by default), such as on a polar day. The instant is found
    to the second.
    """
    moment = _aware(after)
    if within < timedelta(0) or within > timedelta(days=31):
        raise ValueError("within must be between 0 and 31 days")
    if is_dark(moment, place):
        return moment
    end = moment + within
    light = moment
    while light < end:
        probe = min(light + _STEP, end)
        if is_dark(probe, place):
            dark = probe
            while (dark - light) > timedelta(seconds=1):
                middle = light + (dark - light) / 2
                if is_dark(middle, place):
                    dark = middle
                else:
                    light = middle
            return dark
        light = probe
    return None


@cache
def zone_places() -> dict[str, Place]:
    """Every IANA zone with reference coordinates, from the packaged table (read once)."""
    text = resources.files("independence").joinpath(ZONE_PLACES_FILE).read_text("utf-8")
    places: dict[str, Place] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, latitude, longitude = line.split("\t")
        places[name] = Place(latitude=float(latitude), longitude=float(longitude))
    return places


def zone_place(zone: str | tzinfo | None) -> Place | None:
    """The reference place of an IANA zone (``"Europe/London"`` or its ``ZoneInfo``).

    The coordinates are those the tz database gives the zone's principal location in
    ``zone1970.tab`` (and, for the zones it lists apart, ``zone.tab``); an alias (such as
    ``"US/Pacific"``) has its target's. ``None`` for a zone with no place, such as ``"UTC"``,
    ``"Etc/GMT+5"``, a fixed offset, or ``None``.
    """
    if zone is None:
        return None
    name = zone.key if isinstance(zone, ZoneInfo) else zone
    if not isinstance(name, str):
        return None
    return zone_places().get(name)
