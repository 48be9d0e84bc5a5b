"""Accounting months and settlement periods."""
import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from ledger.core.errors import InvalidPeriod
from ledger.core.periods import (
    MONTH, QUARTER, YEAR, format_month, month_end, month_start, months_between, next_month, parse_month,
    period_bounds, period_key, period_kind, previous_month,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))


@pytest.mark.parametrize("first, end", [
    (date(2026, 1, 1), date(2026, 1, 31)),
    (date(2024, 2, 1), date(2024, 2, 29)),  # leap year
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(1900, 2, 1), date(1900, 2, 28)),  # not a leap year
    (date(2000, 2, 1), date(2000, 2, 29)),
    (date(2026, 4, 1), date(2026, 4, 30)),
    (date(2026, 12, 1), date(2026, 12, 31)),
    (date(9999, 12, 1), date(9999, 12, 31)),  # the last month a date can hold
])
def test_month_end(first, end):
    assert month_end(first) == end


@pytest.mark.parametrize("first, following", [
    (date(2026, 1, 1), date(2026, 2, 1)),
    (date(2026, 11, 1), date(2026, 12, 1)),
    (date(2026, 12, 1), date(2027, 1, 1)),
])
def test_next_and_previous_month(first, following):
    assert next_month(first) == following
    assert previous_month(following) == first


@given(days)
def test_a_day_lies_in_its_month(day):
    first = month_start(day)
    assert first.day == 1 and first <= day <= month_end(first)
    assert month_end(first).day == calendar.monthrange(day.year, day.month)[1]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 11, 30)))
def test_the_day_after_a_month_ends_starts_the_next(day):
    first = month_start(day)
    assert month_end(first) + timedelta(days=1) == next_month(first)
    assert previous_month(next_month(first)) == first


@pytest.mark.parametrize("text, first", [("2026-09", date(2026, 9, 1)), ("1900-01", date(1900, 1, 1)),
                                         ("9998-12", date(9998, 12, 1))])
def test_parse_and_format_month(text, first):
    assert parse_month(text) == first
    assert format_month(first) == text


@pytest.mark.parametrize("value", [
    "2026-13", "2026-00", "2026-9", "26-09", "2026/09", "2026-09-01", " 2026-09", "1899-12", "9999-12", "0000-01", "", "２０２６-09",
    202609, None,
])
def test_parse_month_refuses(value):
    with pytest.raises(InvalidPeriod):
        parse_month(value)


def test_months_between_is_inclusive():
    assert months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert months_between(date(2026, 3, 31), date(2026, 3, 1)) == [date(2026, 3, 1)]
    assert months_between(date(2026, 3, 2), date(2026, 2, 1)) == []


@pytest.mark.parametrize("day, kind, key", [
    (date(2026, 9, 30), MONTH, "2026-09"),
    (date(2026, 1, 1), QUARTER, "2026-Q1"),
    (date(2026, 3, 31), QUARTER, "2026-Q1"),
    (date(2026, 4, 1), QUARTER, "2026-Q2"),
    (date(2026, 9, 30), QUARTER, "2026-Q3"),
    (date(2026, 12, 31), QUARTER, "2026-Q4"),
    (date(2026, 7, 4), YEAR, "2026"),
])
def test_period_key(day, kind, key):
    assert period_key(day, kind) == key


def test_period_key_refuses_unknown_kinds():
    with pytest.raises(InvalidPeriod):
        period_key(date(2026, 1, 1), "week")


@pytest.mark.parametrize("key, kind, first, last", [
    ("2026-02", MONTH, date(2026, 2, 1), date(2026, 2, 28)),
    ("2026-Q1", QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-Q2", QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
    ("2026-Q3", QUARTER, date(2026, 7, 1), date(2026, 9, 30)),
    ("2026-Q4", QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
    ("2026", YEAR, date(2026, 1, 1), date(2026, 12, 31)),
    ("9999-Q4", QUARTER, date(9999, 10, 1), date(9999, 12, 31)),
])
def test_period_bounds_and_kind(key, kind, first, last):
    assert period_bounds(key) == (first, last)
    assert period_kind(key) == kind


@given(days, st.sampled_from([MONTH, QUARTER, YEAR]))
def test_a_day_lies_in_its_period(day, kind):
    key = period_key(day, kind)
    first, last = period_bounds(key)
    assert first <= day <= last
    assert period_kind(key) == kind


@pytest.mark.parametrize("key", ["2026-Q0", "2026-Q5", "2026-13", "26", "2026-q3", "2026-", "", "0000", "0000-Q1",
                                 "0000-01", "1899", None])
def test_period_bounds_refuses(key):
    with pytest.raises(InvalidPeriod):
        period_bounds(key)
    with pytest.raises(InvalidPeriod):
        period_kind(key)
