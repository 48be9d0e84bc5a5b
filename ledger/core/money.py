"""Money: parse, format and round. The only module that rounds.

Amounts are integer fen (1 yuan = 100 fen). Text crosses the edges as decimal
strings with at most two places ("1234.50"); percentages as decimal strings with at
most four places. Rounding is ROUND_HALF_UP (四舍五入) to the fen and happens only
through :func:`round_half_up`, called at named points (shares, remuneration, reports).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ledger.core.errors import InvalidMoney, InvalidPercent

FEN_PER_YUAN = 100
# Largest amount accepted anywhere: 10^13 fen (100 billion yuan). Keeps every sum of a
# district's ledger far inside BIGINT and exact when an auditor's spreadsheet reads it.
MAX_FEN = 10**13

_AMOUNT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?")
_PERCENT = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]{1,4})?")
_HUNDRED = Decimal(100)
_MAX_WHOLE_DIGITS = len(str(MAX_FEN // FEN_PER_YUAN))


def parse_amount(text: object, *, allow_negative: bool = False) -> int:
    """Parse a decimal string like "1234.50" into fen.

    Refuses floats and ints (JSON numbers), exponents, NaN, thousands separators,
    more than two decimal places, the empty string and out-of-range values.
    """
    if not isinstance(text, str):
        raise InvalidMoney("amount must be a decimal string such as \"1234.50\"")
    if not _AMOUNT.fullmatch(text):
        raise InvalidMoney(_amount_problem(text))
    if text.startswith("-") and not allow_negative:
        raise InvalidMoney("amount must not be negative")
    whole, _, frac = text.lstrip("-").partition(".")
    # Checked on the digits first: int() refuses strings of thousands of digits.
    if len(whole) > _MAX_WHOLE_DIGITS:
        raise InvalidMoney("amount is too large")
    fen = int(whole) * FEN_PER_YUAN + int(frac.ljust(2, "0") or 0)
    if fen > MAX_FEN:
        raise InvalidMoney("amount is too large")
    return -fen if text.startswith("-") else fen


_CURRENCY_SIGNS = ("¥", "￥", "元", "CNY", "RMB")
_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}([,， _][0-9]{3})+(\.[0-9]{1,2})?")


def _amount_problem(text: str) -> str:
    """Why ``text`` is not an amount, as precisely as can be said: a currency sign or
    thousands separators (groups of exactly three digits) are named, with the amount as it
    should be written; a comma that is not a thousands separator ("1,5") is not guessed at."""
    shown = text[:40]
    unsigned = text.strip()
    for sign in _CURRENCY_SIGNS:
        unsigned = unsigned.replace(sign, "")
    unsigned = unsigned.strip()
    signed = any(sign in text for sign in _CURRENCY_SIGNS)
    grouped = _GROUPED.fullmatch(unsigned) is not None
    bare = re.sub(r"[,， _]", "", unsigned) if grouped else unsigned
    if (signed or grouped) and _AMOUNT.fullmatch(bare):
        what = ("a currency sign or thousands separators" if signed and grouped
                else "a currency sign" if signed else "thousands separators")
        return f"write an amount without {what}: {bare[:40]!r}, not {shown!r}"
    if bare != text and _AMOUNT.fullmatch(bare):
        return f"write an amount without spaces: {bare[:40]!r}, not {shown!r}"
    return f"not an amount with at most two decimal places: {shown!r}"


def format_fen(fen: int) -> str:
    """Format fen as a decimal string with exactly two places: 12345 -> "123.45"."""
    sign = "-" if fen < 0 else ""
    whole, frac = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{frac:02d}"


def format_fen_grouped(fen: int) -> str:
    """For people to read: thousands separated, two places: 123456789 -> "1,234,567.89"."""
    text = format_fen(fen)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}.{frac}"


def fen_to_decimal(fen: int) -> Decimal:
    """Fen as a Decimal number of yuan (exact): for spreadsheets and arithmetic display."""
    return Decimal(fen).scaleb(-2)


def decimal_to_fen(value: Decimal) -> int:
    """An exact Decimal of yuan with at most two places, as fen. Refuses anything inexact
    or out of range."""
    if not value.is_finite():
        raise InvalidMoney(f"not a number: {value}")
    scaled = value.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise InvalidMoney(f"more than two decimal places: {value}")
    if abs(scaled) > MAX_FEN:
        raise InvalidMoney("amount is too large")
    return int(scaled)


def from_sheet_number(value: object) -> int:
    """An amount read back from a spreadsheet cell (int, float or Decimal) as fen.

    openpyxl writes Decimal amounts as the shortest decimal text; reading gives a float
    whose str() is that same text, so the conversion through str is exact.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InvalidMoney(f"not a number: {value!r}")
    try:
        return decimal_to_fen(Decimal(str(value)))
    except InvalidOperation as exc:
        raise InvalidMoney(f"not a number: {value!r}") from exc


def parse_percent(text: object) -> Decimal:
    """Parse a percentage string with up to four places, 0 < p <= 100."""
    if not isinstance(text, str) or not _PERCENT.fullmatch(text):
        raise InvalidPercent("percent must be a decimal string with at most four decimal places")
    value = Decimal(text)
    if not Decimal(0) < value <= _HUNDRED:
        raise InvalidPercent("percent must be greater than 0 and at most 100")
    return value


def format_percent(value: Decimal) -> str:
    """A percentage as the shortest exact decimal string: Decimal("8.50") -> "8.5"."""
    text = format(value.normalize(), "f")
    return text


def round_half_up(yuan_times_100: Decimal) -> int:
    """Round an exact amount expressed in fen (a Decimal, possibly fractional) to whole fen."""
    return int(yuan_times_100.to_integral_value(rounding=ROUND_HALF_UP))


def percent_of(fen: int | Decimal, percent: Decimal) -> Decimal:
    """The exact (unrounded) share of ``fen`` at ``percent``, in fen."""
    return Decimal(fen) * percent / _HUNDRED
