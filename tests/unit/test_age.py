from __future__ import annotations

import operator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from independence import Age
from independence.age import MAX_MONTHS


def test_years_and_months() -> None:
    age = Age(years=7, months=6)
    assert age.total_months == 90
    assert str(age) == "7y6m"
    assert str(Age(years=8)) == "8y"


@pytest.mark.parametrize(
    ("text", "months"),
    [("7y6m", 90), ("7y", 84), ("90m", 90), ("7", 84), (" 0 ", 0), ("0m", 0), ("17y11m", 215)],
)
def test_parse(text: str, months: int) -> None:
    assert Age.parse(text).total_months == months


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("18", "out of range"),
        ("18y", "out of range"),
        ("216m", "out of range"),
        ("7y12m", "months after the years must be 0 to 11"),
        ("seven", "cannot read"),
        ("", "cannot read"),
        ("-1", "cannot read"),
        ("7.5", "cannot read"),
        ("7m6y", "cannot read"),
    ],
)
def test_parse_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Age.parse(text)


def test_parse_needs_text() -> None:
    with pytest.raises(TypeError):
        Age.parse(7)  # type: ignore[arg-type]


@pytest.mark.parametrize(("years", "months"), [(18, 0), (-1, 0), (7, 12), (7, -1)])
def test_out_of_range_construction_is_a_value_error(years: int, months: int) -> None:
    with pytest.raises(ValueError, match=r"less than or equal|greater than or equal"):
        Age(years=years, months=months)


def test_no_silent_coercion() -> None:
    with pytest.raises(ValidationError):
        Age(years="7")  # type: ignore[arg-type]


def test_immutable_ordered_hashable() -> None:
    young, old = Age(years=3), Age.parse("3y1m")
    assert young < old <= old and old > young >= young
    assert {young, Age(years=3)} == {young}
    with pytest.raises(ValidationError):
        young.years = 4  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, MAX_MONTHS - 1), st.integers(0, MAX_MONTHS - 1))
def test_ages_order_as_their_months(first: int, second: int) -> None:
    # each comparison is written out (none derived from another, nor from pydantic's ``==``)
    a, b = Age.from_months(first), Age.parse(f"{second}m")
    assert (a < b, a <= b, a > b, a >= b) == (
        first < second,
        first <= second,
        first > second,
        first >= second,
    )
    assert (a == b) == (first == second)
    assert sorted([b, a]) == sorted([a, b])


def test_ages_do_not_order_against_numbers() -> None:
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(TypeError):
            compare(Age(years=3), 3)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(2018, 3, 15), date(2025, 9, 15), "7y6m"),
        (date(2018, 3, 15), date(2025, 9, 14), "7y5m"),
        (date(2020, 1, 31), date(2020, 2, 29), "1m"),  # last day of a shorter month completes it
        (date(2020, 1, 31), date(2020, 2, 28), "0m"),
        (date(2024, 5, 1), date(2024, 5, 1), "0m"),
    ],
)
def test_from_birthdate(birth: date, on: date, expected: str) -> None:
    assert Age.from_birthdate(birth, on=on) == Age.parse(expected)


def test_future_birthdate_is_refused() -> None:
    with pytest.raises(ValueError, match="after"):
        Age.from_birthdate(date(2030, 1, 1), on=date(2029, 12, 31))


def test_eighteen_is_refused() -> None:
    with pytest.raises(ValueError, match="18 or older"):
        Age.from_birthdate(date(2000, 1, 1), on=date(2018, 1, 1))


@given(st.integers(min_value=0, max_value=MAX_MONTHS - 1))
def test_text_round_trip(months: int) -> None:
    age = Age.from_months(months)
    assert age.total_months == months
    assert Age.parse(str(age)) == age


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 6000))
def test_birthdate_months_never_exceed_calendar(birth: date, days: int) -> None:
    on = date.fromordinal(birth.toordinal() + days)
    try:
        age = Age.from_birthdate(birth, on=on)
    except ValueError:
        assert days > 17 * 365
        return
    assert 0 <= age.total_months <= days / 28
    assert age.total_months >= days / 31.1 - 1


# ------------------------------------------------------------------ corrected age (prematurity)

BORN = date(2025, 1, 10)
DUE = date(2025, 3, 10)  # two months early


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 2, 10), "0m"),  # before the due date: 0, never negative
        (date(2025, 3, 10), "0m"),
        (date(2026, 1, 10), "10m"),  # 12 months by the calendar, 10 corrected
        (date(2027, 1, 9), "1y9m"),  # 23 months by the calendar: still corrected
        (date(2027, 1, 10), "2y"),  # 24 months: chronological from here on
        (date(2030, 6, 1), "5y4m"),
    ],
)
def test_corrected_age_until_24_months(on: date, expected: str) -> None:
    assert Age.from_birthdate(BORN, on=on, due=DUE) == Age.parse(expected)


def test_born_on_or_after_the_due_date_is_not_corrected() -> None:
    on = date(2026, 1, 10)
    chronological = Age.from_birthdate(BORN, on=on)
    assert Age.from_birthdate(BORN, on=on, due=BORN) == chronological
    assert Age.from_birthdate(BORN, on=on, due=date(2024, 12, 30)) == chronological


def test_a_due_date_far_after_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="more than 20 weeks after the birth"):
        Age.from_birthdate(BORN, on=date(2026, 1, 1), due=date(2025, 7, 1))
    with pytest.raises(TypeError, match=r"due must be a datetime\.date"):
        Age.from_birthdate(BORN, on=date(2026, 1, 1), due="2025-03-10")  # type: ignore[arg-type]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(0, 140),
    st.integers(0, 3000),
)
def test_corrected_age_is_never_more_than_chronological(birth: date, early: int, days: int) -> None:
    on = date.fromordinal(birth.toordinal() + days)
    due = date.fromordinal(birth.toordinal() + early)
    corrected = Age.from_birthdate(birth, on=on, due=due)
    chronological = Age.from_birthdate(birth, on=on)
    assert corrected <= chronological
    if chronological.total_months >= 24:
        assert corrected == chronological
    else:
        assert chronological.total_months - corrected.total_months <= early // 28 + 1


def test_ages_read_from_data_are_shared_and_the_sharing_is_bounded() -> None:
    from pydantic import TypeAdapter

    from independence.age import _SHARED, AgeText

    adapter = TypeAdapter(AgeText)
    first, again = adapter.validate_python("7y6m"), adapter.validate_python("7y6m")
    assert first is again and first == Age(years=7, months=6)
    # every text that is not a valid age is refused and never kept, however many there are
    before = set(_SHARED)
    for text in [f"{n}y{n}m" for n in range(18, 600)] + ["7y06m", " 7y", "7y6m\n", "x"]:
        with pytest.raises(ValidationError):
            adapter.validate_python(text)
    assert set(_SHARED) == before
    # and every valid text (216 ages, in years-and-months and in months) fits in 432 entries
    for months in range(MAX_MONTHS):
        age = Age.from_months(months)
        assert adapter.validate_python(str(age)) == age
        assert adapter.validate_python(f"{months}m") == age
    assert len(_SHARED) <= 2 * MAX_MONTHS
