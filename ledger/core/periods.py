"""Calendar arithmetic for accounting months and settlement periods.

A month is identified by its first day (a ``date``) and written "YYYY-MM".
Settlement periods of agreements are written "2026-09" (month), "2026-Q3" (quarter)
or "2026" (year).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ledger.core.errors import AfterToday, InvalidPeriod, ValidationFailed

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIOD_KINDS = (MONTH, QUARTER, YEAR)

# The months a request may name: from January 1900 (as dates) to December 9998, the last
# month whose next month is still a date (a statement or a close looks one month ahead).
FIRST_MONTH, LAST_MONTH = date(1900, 1, 1), date(9998, 12, 1)

_MONTH_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_QUARTER_RE = re.compile(r"([0-9]{4})-Q([1-4])")
_YEAR_RE = re.compile(r"([0-9]{4})")


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_end(first: date) -> date:
    if first.month == 12:  # no next month after December 9999
        return date(first.year, 12, 31)
    return next_month(first) - timedelta(days=1)


def parse_month(text: object) -> date:
    """ "2026-09" -> date(2026, 9, 1)."""
    match = _MONTH_RE.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise InvalidPeriod(f"not a month in the form YYYY-MM: {str(text)[:20]!r}")
    if not FIRST_MONTH.year <= int(match.group(1)) <= LAST_MONTH.year:  # (year 0 is not even a date)
        raise InvalidPeriod(f"a month from {format_month(FIRST_MONTH)} to {format_month(LAST_MONTH)}: {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_month(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def months_between(first: date, last: date) -> list[date]:
    """Every month start from ``first``'s month to ``last``'s month, inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = next_month(current)
    return months


def period_key(day: date, kind: str) -> str:
    """The settlement period containing ``day``: "2026-09", "2026-Q3" or "2026"."""
    if kind == MONTH:
        return format_month(day)
    if kind == QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if kind == YEAR:
        return f"{day.year:04d}"
    raise InvalidPeriod(f"unknown period kind {kind!r}")


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day (inclusive) of a period key of any kind."""
    kind, year, number = _parse_period(key)
    if kind == MONTH:
        first = date(year, number, 1)
        return first, month_end(first)
    if kind == QUARTER:
        return date(year, 3 * number - 2, 1), month_end(date(year, 3 * number, 1))
    return date(year, 1, 1), date(year, 12, 31)


def period_kind(key: str) -> str:
    return _parse_period(key)[0]


def _parse_period(key: object) -> tuple[str, int, int]:
    """(kind, year, month or quarter number) of a period key, from 1900 on like months."""
    text = key if isinstance(key, str) else ""
    for kind, pattern in ((MONTH, _MONTH_RE), (QUARTER, _QUARTER_RE), (YEAR, _YEAR_RE)):
        match = pattern.fullmatch(text)
        if match and int(match.group(1)) >= 1900:
            return kind, int(match.group(1)), int(match.group(2)) if kind != YEAR else 0
    raise InvalidPeriod(f"not a period (YYYY, YYYY-Qn or YYYY-MM): {str(key)[:20]!r}")


def ensure_not_future(day: date, today: date, field: str = "occurred_on") -> None:
    """Money that has happened is dated today at the latest (the community's local date):
    every journal entry passes this (``post_entry``)."""
    if day > today:
        raise AfterToday(f"{day.isoformat()} is after today ({today.isoformat()})", {field: ["after today"]})


def ensure_after_period(day: date, key: str, field: str = "occurred_on") -> None:
    """A declaration of a period's profit is dated after the period has ended."""
    _first, last = period_bounds(key)
    if day <= last:
        raise ValidationFailed.on(field, f"a declaration for {key} must be dated after the period ends ({last.isoformat()})")
