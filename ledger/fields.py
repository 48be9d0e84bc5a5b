"""marshmallow fields of the API edge: money as decimal strings, percentages, months,
and text that refuses control characters (PostgreSQL cannot store NUL, and nothing
a person types needs them)."""
from __future__ import annotations

import re
from datetime import date

from marshmallow import ValidationError, fields

from ledger.core import money, periods
from ledger.core.errors import LedgerError

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


class Text(fields.String):
    """A string of printable text, stripped, with a length limit."""

    def __init__(self, *, max_length: int = 500, allow_empty: bool = False, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("maxLength", max_length)
        super().__init__(**kwargs)
        self.max_length, self.allow_empty = max_length, allow_empty

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if _CONTROL.search(text):
            raise ValidationError("must not contain control characters")
        if _SURROGATE.search(text):
            raise ValidationError("must be valid Unicode text")
        if not text and not self.allow_empty:
            raise ValidationError("must not be empty")
        if len(text) > self.max_length:
            raise ValidationError(f"at most {self.max_length} characters")
        return text


class Month(fields.String):
    """ "YYYY-MM" <-> the month's first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("pattern", r"^[0-9]{4}-(0[1-9]|1[0-2])$")
        kwargs["metadata"].setdefault("example", "2026-09")
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
