"""Properties of the practice parsers (Hypothesis): any text gives a value or ParseError and
nothing else, what is accepted is what a simple ASCII oracle accepts, and the clock formatter
round-trips."""

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.practice.parsing import (
    ParseError,
    clock_minutes,
    format_clock,
    format_duration,
    iso_date,
    whole_number,
)

SETTINGS = settings(max_examples=150, deadline=None)
# Arbitrary text, with the look-alike digits int() reads, NUL and surrogates mixed in.
ODD = st.sampled_from(["²", "١", "٣", "８", "_", "\x00", "\ud800", " ", ":", "-", "+", "."])
TEXT = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(st.sampled_from("0123456789"), ODD), max_size=12).map("".join),
)


@SETTINGS
@given(TEXT, st.integers(min_value=0, max_value=10_000))
def test_whole_number_agrees_with_an_ascii_oracle(text, maximum):
    stripped = text.strip()
    expected = (
        int(stripped)
        if re.fullmatch(r"[0-9]{1,12}", stripped) and int(stripped) <= maximum
        else None
    )
    try:
        assert whole_number(text, maximum=maximum) == expected
    except ParseError:
        assert expected is None


@SETTINGS
@given(TEXT)
def test_clock_minutes_agrees_with_an_ascii_oracle(text):
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text.strip())
    expected = None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and (hours < 24 or (hours, minutes) == (24, 0)):
            expected = hours * 60 + minutes
    try:
        assert clock_minutes(text) == expected
    except ParseError:
        assert expected is None


@SETTINGS
@given(st.integers(min_value=0, max_value=24 * 60))
def test_clock_format_round_trips(minutes):
    assert clock_minutes(format_clock(minutes)) == minutes


@SETTINGS
@given(st.integers(min_value=0, max_value=24 * 60))
def test_a_duration_is_written_as_hours_and_minutes(minutes):
    hours, mins = format_duration(minutes).split(":")
    assert int(hours) * 60 + int(mins) == minutes and len(mins) == 2


@SETTINGS
@given(TEXT)
def test_iso_date_gives_a_date_or_parse_error(text):
    try:
        day = iso_date(text)
    except ParseError:
        assert not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()) or _impossible(text)
    else:
        assert day.isoformat() == text.strip()


def _impossible(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return True
    return False


@SETTINGS
@given(st.dates(min_value=date(1000, 1, 1)))
def test_iso_date_round_trips(day):
    assert iso_date(f"  {day.isoformat()} ") == day
