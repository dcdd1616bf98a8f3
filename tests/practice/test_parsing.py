"""Numbers, times and dates are read strictly: only what a person means, never what int() allows."""

from datetime import date

import pytest

from lms.practice.parsing import ParseError, clock_minutes, iso_date, whole_number

NOT_NUMBERS = [
    "1_0",
    "８",
    "١٢",
    "NaN",
    "nan",
    "inf",
    "-1",
    "+1",
    "1.5",
    "1e2",
    "",
    " ",
    "0x10",
    "²",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_whole_numbers_are_ascii_digits_only(text):
    with pytest.raises(ParseError):
        whole_number(text, maximum=100)


def test_whole_number_limits_and_surrounding_spaces():
    assert whole_number(" 12 ", maximum=24) == 12
    assert whole_number("0", maximum=24) == 0
    with pytest.raises(ParseError, match="largest"):
        whole_number("25", maximum=24)


@pytest.mark.parametrize(
    "text", ["9:5", "０９:００", "٠٩:٣٠", "25:00", "24:15", "12:60", "1_2:00", "noon"]
)
def test_clock_times_are_strict(text):
    with pytest.raises(ParseError):
        clock_minutes(text)


def test_clock_times():
    assert clock_minutes("09:30") == 570
    assert clock_minutes("9:30") == 570
    assert clock_minutes("24:00") == 1440


@pytest.mark.parametrize(
    "text", ["２０２６-11-02", "2026-1-2", "2026-02-30", "02.11.2026", "2026_11_02"]
)
def test_dates_are_iso_with_ascii_digits(text):
    with pytest.raises(ParseError):
        iso_date(text)


def test_iso_date():
    assert iso_date("2026-11-02") == date(2026, 11, 2)
