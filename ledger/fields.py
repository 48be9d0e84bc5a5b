"""marshmallow fields of the API edge: money as decimal strings, percentages, months,
keyset cursors, and text that refuses what a database cannot store (PostgreSQL takes no
NUL, no driver encodes a lone surrogate, and nothing a person types needs either).

Every request parameter that is text goes through :class:`Text` (or a fixed list of
choices), every month through :class:`Month` and every page position through
:class:`Cursor`; views that read a query argument by hand use :func:`read_value`.
"""
from __future__ import annotations

import re
from datetime import date

from marshmallow import ValidationError, fields

from ledger.core import money, periods
from ledger.core.errors import LedgerError, ValidationFailed
from ledger.sqltypes import MAX_BIGINT

AMOUNT_PATTERN = r"^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$"
PERCENT_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]{1,4})?$"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (JSON "\ud800") are not characters: no encoder, hash or database takes them.
_SURROGATE = re.compile("[\ud800-\udfff]")


class Money(fields.String):
    """Fen inside, a decimal string with two places outside: 123450 <-> "1234.50"."""

    def __init__(self, *, allow_negative: bool = False, positive: bool = False, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("pattern", AMOUNT_PATTERN)
        kwargs["metadata"].setdefault("example", "1234.50")
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        self.positive = positive

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else money.format_fen(value)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        try:
            fen = money.parse_amount(value, allow_negative=self.allow_negative)
        except LedgerError as exc:
            raise ValidationError(exc.message) from exc
        if self.positive and fen <= 0:
            raise ValidationError("amount must be greater than 0")
        return fen


class Percent(fields.String):
    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("pattern", PERCENT_PATTERN)
        kwargs["metadata"].setdefault("example", "10")
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else money.format_percent(value)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return money.parse_percent(value)
        except LedgerError as exc:
            raise ValidationError(exc.message) from exc


_CURSOR_ID = re.compile(r"0|[1-9][0-9]{0,18}")  # as next_cursor writes it: no leading zeros
_CURSOR_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Text(fields.String):
    """A string of printable text, stripped (unless ``strip=False``), with a length limit."""

    def __init__(self, *, max_length: int = 500, allow_empty: bool = False, strip: bool = True, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("maxLength", max_length)
        super().__init__(**kwargs)
        self.max_length, self.allow_empty, self.strip = max_length, allow_empty, strip

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        text = text.strip() if self.strip else text
        if _CONTROL.search(text):
            raise ValidationError("must not contain control characters")
        if _SURROGATE.search(text):
            raise ValidationError("must be valid Unicode text")
        if not text and not self.allow_empty:
            raise ValidationError("must not be empty")
        if len(text) > self.max_length:
            raise ValidationError(f"at most {self.max_length} characters")
        return text


class Code(Text):
    """A code that names something (an operator, a fund, an account ...), as typed: not
    stripped, so a code with a space is refused where codes are checked, not guessed at."""

    def __init__(self, *, max_length: int = 64, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(max_length=max_length, **kwargs)


class Month(fields.String):
    """ "YYYY-MM" <-> the month's first day, from 1900-01 to 9998-12 (see
    :data:`ledger.core.periods.LAST_MONTH`: the month after it is still a date)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("pattern", r"^[0-9]{4}-(0[1-9]|1[0-2])$")
        kwargs["metadata"].setdefault("example", "2026-09")
        kwargs["metadata"].setdefault("description", "a month from 1900-01 to 9998-12")
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else periods.format_month(value)

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        try:
            return periods.parse_month(value)
        except LedgerError as exc:
            raise ValidationError(exc.message) from exc


class Day(fields.Date):
    """An ISO date between 1900 and 9999 (the range both databases and Excel hold)."""

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if day.year < 1900:
            raise ValidationError("dates before 1900 are not accepted")
        return day


class Timestamp(fields.Field):
    """A UTC datetime written exactly as the hash chain writes it."""

    def _serialize(self, value, attr, obj, **kwargs):
        from ledger.core.chain import format_timestamp
        return None if value is None else format_timestamp(value)


class Cursor(fields.String):
    """A keyset cursor: where the previous page ended, as its ``next_cursor`` said.

    ``dated=False``: an id, "123" <-> 123. ``dated=True``: a date and an id (a list in
    date order), "2026-03-05:123" <-> (date(2026, 3, 5), 123). Ids run from 0 to 2^63-1,
    so nothing a client sends reaches the database as a number it cannot hold."""

    def __init__(self, *, dated: bool = False, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("description", "next_cursor of the previous page")
        kwargs["metadata"].setdefault("example", "2026-03-05:123" if dated else "123")
        super().__init__(**kwargs)
        self.dated = dated

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format_cursor(value)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        position = parse_cursor(text, dated=self.dated)
        if position is None:
            raise ValidationError("not a cursor returned by this API")
        return position


def format_cursor(position: int | tuple[date, int]) -> str:
    if isinstance(position, tuple):
        return f"{position[0].isoformat()}:{position[1]}"
    return str(position)


def parse_cursor(text: str, *, dated: bool) -> int | tuple[date, int] | None:
    """The position a cursor names, or None if it is not one."""
    day, _, number = text.rpartition(":")
    if (bool(day) != dated or not _CURSOR_ID.fullmatch(number) or int(number) > MAX_BIGINT
            or (dated and not _CURSOR_DAY.fullmatch(day))):
        return None
    if not dated:
        return int(number)
    try:
        return date.fromisoformat(day), int(number)
    except ValueError:
        return None


def read_value(field: fields.Field, name: str, value: object):
    """One value (a query argument read by hand, a path segment) read by a field: None
    when it is absent or empty, a 422 naming ``name`` when the field refuses it."""
    if value is None or value == "":
        return None
    try:
        return field.deserialize(value)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, list) else [str(error.messages)]
        raise ValidationFailed(str(messages[0]), {name: [str(m) for m in messages]}) from None
