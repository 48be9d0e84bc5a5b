"""Reading one cell of an imported file: dates, amounts, channels and text.

A cell holds what a CSV gives (a str) or what a workbook gives (str, int, float,
Decimal, datetime, date, time, bool or None). Each reader returns the value or raises
:class:`BadCell` with a plain message; nothing else escapes (property-tested).

Thousands separators: a comma is read as one only between groups of exactly three
digits with a dot as the decimal point ("1,234.50", "12,345"). Anything else with a
comma ("1,5", "1.234,50", "12,34") is refused: it may be a decimal comma, and guessing
would post a hundred times the amount. Amounts keep the ledger's rule of at most two
decimal places; a leading ¥ or ￥ is allowed.

Pure: stdlib and ledger.core only.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ledger.core import money
from ledger.core.chart import CHANNELS
from ledger.core.errors import InvalidMoney


class BadCell(ValueError):
    """One cell cannot be read; ``code`` names the rule, ``message`` says it plainly."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


_SHOWN = 40  # how much of a bad value a message quotes
_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
_NUMERIC_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME)
_CHINESE_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]" + _TIME)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_TOO_PRECISE = re.compile(r"(?:0|[1-9][0-9]*)\.[0-9]{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")

# Channel names as tills and payment platforms write them (lowercased, NFKC).
CHANNEL_NAMES: dict[str, str] = {
    "cash": "cash", "现金": "cash",
    "wechat": "wechat", "wechat pay": "wechat", "weixin": "wechat", "微信": "wechat", "微信支付": "wechat",
    "alipay": "alipay", "支付宝": "alipay",
    "bank": "bank", "bank transfer": "bank", "银行": "bank", "银行转账": "bank", "转账": "bank",
    "对公转账": "bank",
    "card": "card", "pos": "card", "刷卡": "card", "银行卡": "card", "银联": "card",
    "transfer": "transfer",
}
assert set(CHANNEL_NAMES.values()) <= set(CHANNELS)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


# -- dates -----------------------------------------------------------------------------

def read_date(value: object) -> date:
    """2026-03-05, 2026/3/5, 2026.03.05, 2026年3月5日 (a time after it is ignored), or a date cell."""
    if is_blank(value):
        raise BadCell("required", "a date is required")
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, (bool, int, float, Decimal, time, timedelta)):
        raise BadCell("bad_date", f"a number, not a date: {_shown(value)}; format the column as dates "
                                  "or write 2026-03-05")
    if not isinstance(value, str):
        raise BadCell("bad_date", f"not a date: {_shown(value)}")
    text = unicodedata.normalize("NFKC", value).strip()
    match = _NUMERIC_DATE.fullmatch(text)
    parts = (match.group(1), match.group(3), match.group(4)) if match else None
    if parts is None and (match := _CHINESE_DATE.fullmatch(text)):
        parts = match.group(1, 2, 3)
    if parts is None:
        raise BadCell("bad_date", f"not a date: {_shown(value)}; write 2026-03-05, 2026/03/05 or 2026年3月5日")
    try:
        day = date(*(int(p) for p in parts))
    except ValueError:
        raise BadCell("bad_date", f"no such day: {_shown(value)}") from None
    return _in_range(day)


def _in_range(day: date) -> date:
    if day.year < 1900:
        raise BadCell("bad_date", f"dates before 1900 are not accepted: {day.isoformat()}")
    return day


# -- amounts ---------------------------------------------------------------------------

def read_amount(value: object) -> int:
    """A positive amount in fen, from text ("1,234.50", "¥12.30") or an exact numeric cell."""
    if is_blank(value):
        raise BadCell("required", "an amount is required")
    if isinstance(value, bool) or isinstance(value, (datetime, date, time, timedelta)):
        raise BadCell("bad_amount", f"not an amount: {_shown(value)}")
    if isinstance(value, (int, float, Decimal)):
        fen = _sheet_number(value)
    elif isinstance(value, str):
        fen = _amount_text(value)
    else:
        raise BadCell("bad_amount", f"not an amount: {_shown(value)}")
    if fen <= 0:
        raise BadCell("not_positive", "the amount must be greater than 0 (a refund is a reversal of the income)"
                      if fen < 0 else "the amount must be greater than 0")
    if fen > money.MAX_FEN:
        raise BadCell("bad_amount", "the amount is too large")
    return fen


def _sheet_number(value: int | float | Decimal) -> int:
    if isinstance(value, float) and not math.isfinite(value) or isinstance(value, Decimal) and not value.is_finite():
        raise BadCell("bad_amount", f"not an amount: {_shown(value)}")
    if abs(value) > money.MAX_FEN:
        raise BadCell("bad_amount", "the amount is too large")
    try:
        return money.from_sheet_number(value)
    except InvalidMoney:
        raise BadCell("too_many_decimals", f"more than two decimal places: {_shown(value)}; round the cell "
                                           "to the fen") from None


def _amount_text(value: str) -> int:
    text = unicodedata.normalize("NFKC", value).replace("\u2212", "-").strip()  # NFKC: ￥ -> ¥
    negative = False
    for prefix in ("-", "¥", "-"):  # -12, ¥12, -¥12, ¥-12, ¥ 12
        if text.startswith(prefix):
            negative = negative or prefix == "-"
            text = text[1:].lstrip()
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise BadCell("bad_separator", f"unreadable thousands separator in {_shown(value)}; write 1234.50 "
                                           "or 1,234.50")
        text = text.replace(",", "")
    if _TOO_PRECISE.fullmatch(text):
        raise BadCell("too_many_decimals", f"more than two decimal places: {_shown(value)}")
    try:
        fen = money.parse_amount(text)
    except InvalidMoney:
        raise BadCell("bad_amount", f"not an amount: {_shown(value)}") from None
    return -fen if negative else fen


# -- channels and text -------------------------------------------------------------------

def read_channel(value: object) -> str:
    """cash, wechat, alipay, bank, card or transfer, in English or Chinese (现金, 微信, 支付宝, 银行/转账, 刷卡)."""
    if is_blank(value):
        raise BadCell("required", "a channel is required")
    key = _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip().lower()
    if key not in CHANNEL_NAMES:
        raise BadCell("bad_channel", f"unknown channel {_shown(value)}; use 现金 cash, 微信 wechat, 支付宝 alipay, "
                                     "银行/转账 bank or 刷卡 card")
    return CHANNEL_NAMES[key]


def read_text(value: object, *, max_length: int, required: bool = False, what: str = "a value") -> str | None:
    """Printable text, stripped; a whole-number cell reads as its digits."""
    if is_blank(value):
        if required:
            raise BadCell("required", f"{what} is required")
        return None
    text = _cell_text(value).strip()
    if _CONTROL.search(text):
        raise BadCell("bad_text", "must not contain control characters")
    if len(text) > max_length:
        raise BadCell("too_long", f"at most {max_length} characters")
    return text


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))  # a receipt number Excel stored as a number
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)
